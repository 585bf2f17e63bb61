"""Measure the protection of a whole council letter: time and integer programmes (MILP calls).

Builds synthetic letters like the portal's: --tables tables of --rows rows each (counts with
many small ones), half of them breakdowns of the visits (one shared total, stated elsewhere so
fixed), an identity between two tables (outcome "doorverwezen" = the referrals' total), and
--priors earlier letters of the same municipality for nested periods (each protected first,
with its own earlier letters, and read back as frozen figures), with every difference between
this letter's and an earlier letter's figures as a latent count. Nothing touches the database.

    python manage.py benchmark_disclosure --tables 12 --rows 20 --priors 2 --repeat 5

"Before" is the protection the letters had: each table on its own with protect_rows.
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError

from reports import disclosure


class _Counter:
    """Counts the calls of disclosure's MILP solver, old and new code alike."""

    def __init__(self):
        self.calls = 0
        self.solver = disclosure.solver.milp

    def __enter__(self):
        def counted(*args, **kwargs):
            self.calls += 1
            return self.solver(*args, **kwargs)

        disclosure.solver.milp = counted
        return self

    def __exit__(self, *exc):
        disclosure.solver.milp = self.solver


def _segments(rng, tables, rows, periods):
    """counts[t][r][s]: the count of row r of table t in period segment s."""
    weights = [0, 1, 2, 3, 4, 5, 6, 8, 12, 20]
    chance = [10, 14, 12, 10, 8, 8, 10, 10, 10, 8]
    return [
        [[rng.choices(weights, chance)[0] for _s in range(periods)] for _r in range(rows)]
        for _t in range(tables)
    ]


def _letter(counts, upto, earlier, threshold):
    """The letter for segments [0, upto) with the earlier letters' published figures."""
    pub = disclosure.LinkedPublication(threshold=threshold)
    tables = len(counts)
    visits_tables = range(0, tables, 2)

    def value(t, r, end):
        return sum(counts[t][r][:end])

    def key(t, r, end):
        return ("cell", t, r, end)

    def total_key(t, end):
        return ("visits", end) if t in visits_tables else ("total", t, end)

    visits = {}
    for t in range(tables):
        rows = len(counts[t])
        for r in range(rows):
            pub.count(key(t, r, upto), value(t, r, upto), label=f"rij {r + 1}")
        total = sum(value(t, r, upto) for r in range(rows))
        if t in visits_tables:
            visits.setdefault(upto, total)
            # The breakdowns of the visits share one total; a rest row makes them add up.
            rest = visits[upto] - total
            pub.count(("rest", t, upto), max(rest, 0), label="overig")
            row_keys = [key(t, r, upto) for r in range(rows)] + [("rest", t, upto)]
            total = visits[upto]
            if rest < 0:
                raise CommandError("internal: a breakdown exceeds the visits")
        else:
            row_keys = [key(t, r, upto) for r in range(rows)]
        pub.count(total_key(t, upto), total, fixed=t in visits_tables)
        pub.table(f"tabel {t + 1}", rows=row_keys, total=total_key(t, upto))
    if tables > 1:
        # Outcome "doorverwezen" (row 1 of table 1) = the referrals' total (table 2).
        pub.relation({key(0, 0, upto): 1, total_key(1, upto): -1})
    for end, published in earlier:
        for k, label in published.items():
            pub.prior(k, label, total=k[0] in ("visits", "total"))
        # The reader knows the earlier letter's tables add up too.
        for t in range(tables):
            row_keys = [key(t, r, end) for r in range(len(counts[t]))]
            if t in visits_tables:
                row_keys.append(("rest", t, end))
            pub.relation({**dict.fromkeys(row_keys, 1), total_key(t, end): -1})
        if tables > 1:
            pub.relation({key(0, 0, end): 1, total_key(1, end): -1})
        for t in range(tables):
            for r in range(len(counts[t])):
                diff = ("diff", t, r, end, upto)
                pub.count(diff, value(t, r, upto) - value(t, r, end), shown=False)
                pub.relation({key(t, r, upto): 1, key(t, r, end): -1, diff: -1})
    return pub


def _visits_breakdown(counts, tables):
    """Keep every breakdown of the visits within the visits (table 0 defines them), and row 1
    of table 1 equal to the total of table 2 (the identity)."""
    if tables > 1:
        for s in range(len(counts[0][0])):
            counts[0][0][s] = sum(row[s] for row in counts[1])
    base = [sum(col) for col in zip(*counts[0], strict=True)]
    for t in range(2, tables, 2):
        for s, limit in enumerate(base):
            column = [counts[t][r][s] for r in range(len(counts[t]))]
            while sum(column) > limit:
                r = max(range(len(column)), key=lambda i: column[i])
                column[r] -= 1
            for r, v in enumerate(column):
                counts[t][r][s] = v


class Command(BaseCommand):
    help = "Time the protection of a whole letter (linked tables and earlier letters)."

    def add_arguments(self, parser):
        parser.add_argument("--tables", type=int, default=12)
        parser.add_argument("--rows", type=int, default=20)
        parser.add_argument("--priors", type=int, default=2, help="earlier letters linked")
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--threshold", type=int, default=5)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, tables, rows, priors, repeat, threshold, seed, **options):
        if tables < 1 or rows < 1 or priors < 0 or repeat < 1:
            raise CommandError("Sizes must be positive (priors may be 0).")
        rng = random.Random(seed)
        periods = priors + 1
        counts = _segments(rng, tables, rows, periods)
        _visits_breakdown(counts, tables)
        earlier = []
        for end in range(1, periods):
            start = time.perf_counter()
            result = disclosure.protect_publication(_letter(counts, end, earlier, threshold))
            self.stdout.write(
                f"earlier letter {end}: {time.perf_counter() - start:.3f} s, "
                f"{result.milp_calls} MILP calls, exposed {len(result.exposed)}"
            )
            earlier.append((end, result.published))
        pub = _letter(counts, periods, earlier, threshold)
        shown = sum(1 for cell in pub.cells.values() if cell.shown)
        latent = len(pub.cells) - shown
        small = sum(1 for cell in pub.cells.values() if disclosure.is_small(cell.value, threshold))
        self.stdout.write(
            f"letter: {tables} tables x {rows} rows, {shown} shown cells, {latent} latent, "
            f"{sum(len(v) for v in pub.priors.values())} earlier figures, {small} small counts"
        )
        times, cpu, calls = [], [], 0
        for _ in range(repeat):
            pub = _letter(counts, periods, earlier, threshold)
            start, start_cpu = time.perf_counter(), time.process_time()
            result = disclosure.protect_publication(pub)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            calls = result.milp_calls
        hidden = sum(1 for v in result.published.values() if isinstance(v, str))
        # CPU time too: on a shared machine the wall clock also counts other work.
        self.stdout.write(
            f"after (linked): median {statistics.median(times):.3f} s, "
            f"min {min(times):.3f} s, cpu {statistics.median(cpu):.3f} s, "
            f"{calls} MILP calls, {hidden} cells hidden, "
            f"{len(result.exposed)} exposed, {len(result.outdated)} outdated"
        )
        # Before: each table protected on its own (what the letters did), without the links.
        before, before_cpu = [], []
        for _ in range(repeat):
            with _Counter() as counter:
                start, start_cpu = time.perf_counter(), time.process_time()
                hidden_before = 0
                for t in range(tables):
                    table_rows = [{"count": sum(counts[t][r])} for r in range(rows)]
                    protected, _total = disclosure.protect_rows(table_rows, threshold)
                    hidden_before += sum(
                        1 for row in protected if isinstance(row["published"], str)
                    )
                before.append(time.perf_counter() - start)
                before_cpu.append(time.process_time() - start_cpu)
        self.stdout.write(
            f"before (table by table, no links): median {statistics.median(before):.3f} s, "
            f"cpu {statistics.median(before_cpu):.3f} s, "
            f"{counter.calls} MILP calls, {hidden_before} cells hidden"
        )
