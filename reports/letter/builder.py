"""The letter being composed: the cells, relations, tables and statements its blocks declare,
turned into one linked publication."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from relatieloket.numbers import round_half_up

from .. import disclosure
from .keys import atoms_of, is_period_key, key_dates, measure_of, period_key
from .preview import describe

# A total is banded at most this many thresholds wide (5, 10, 20, 40 with T = 5).
BAND_LIMIT = 8

# --- the letter being composed -----------------------------------------------------------------


@dataclass(eq=False)
class Statement:
    """A percentage or average a block states: the reader knows it, rounded half up."""

    kind: str  # "share" | "ratio"
    part: tuple
    whole: tuple
    value: Decimal
    places: int
    block: int | None


@dataclass
class Table:
    """A table as the letter prints it: rows of a label and one key per column."""

    caption: str
    columns: list
    rows: list
    total: tuple | None = None
    over_time: bool = False  # rows are parts of the period (months, quarters, …)
    allowed: list = field(default_factory=list)  # the candidates grain_table chose from


class Letter:
    """Collects the cells, relations, tables and statements of one letter's blocks."""

    def __init__(self, *, report, data, threshold, earlier, plan=None):
        self.report = report
        self.plan = plan  # the municipality's publication plan (plan.Plan) or None
        self.data = data
        self.threshold = threshold
        self.start, self.end = report.period_start, report.period_end
        self.earlier = earlier
        self.values = {}
        self.shown = set()
        self.fixed = set()
        self.labels = {}
        self.owners = {}
        self.atom_owners = {}  # atom -> blocks that state a count of it
        self.relations = []
        self.tables = {}  # engine tables: name -> (rows, total)
        self.totals = set()
        self.statements = []
        self.small_known = []  # keys the reader knows to be 1..T-1 (merged categories)
        self.earlier_cells = []
        self.earlier_relations = []  # the tables and identities of earlier letters
        self.earlier_statements = []  # their percentages and averages
        self.identities = []
        self.notes = {}
        self.block = None
        self.kinds = {spec.get("kind") for spec in report.blocks}
        self.said = set()
        self.bands = {}  # key -> Band: a total stated as a band (see protect)

    # declaring

    def key(self, measure, start=None, end=None):
        return period_key(measure, start or self.start, end or self.end)

    def count(self, measure, *, start=None, end=None, shown=True, fixed=False, label=None):
        """Declare a count of the data over a range (default: the period); returns its key."""
        key = self.key(measure, start, end)
        first, last = key_dates(key)
        value = self.data.value(measure, first, last)
        return self.cell(key, value, shown=shown, fixed=fixed, label=label)

    def cell(self, key, value, *, shown=True, fixed=False, label=None):
        if key in self.values and self.values[key] != value:
            raise ValueError(f"{key!r} is declared twice with different values.")
        self.values[key] = int(value)
        if shown:
            self.shown.add(key)
        if fixed:
            self.fixed.add(key)
        if label and key not in self.labels:
            self.labels[key] = label
        if self.block is not None:
            self.owners.setdefault(key, set()).add(self.block)
            if is_period_key(key):
                for atom in atoms_of(key[1]):
                    self.atom_owners.setdefault(atom, set()).add(self.block)
        return key

    def relation(self, coefficients):
        self.relations.append(dict(coefficients))

    def engine_table(self, name, rows, total):
        """Rows that add up to a total, named for the reasons the preview shows."""
        rows = [row for row in rows if row != total]
        if not rows:
            return None  # one row for the whole period: it is the total
        base, n = name, 2
        while name in self.tables:
            name, n = f"{base} ({n})", n + 1
        self.tables[name] = (list(rows), total)
        self.totals.add(total)
        return name

    def table(self, caption, columns, rows, total):
        """A one-column table of counts: printed, and declared to the engine."""
        self.engine_table(caption, [keys[0] for _label, keys in rows], total)
        return Table(caption, columns, rows, total)

    def share(self, part, whole):
        """State part / whole as a whole percentage; None when the whole is 0 or a count is
        small (a percentage of a small count says the count)."""
        p, w = self.values[part], self.values[whole]
        if not w or self.small(p) or self.small(w):
            return None
        statement = Statement(
            "share", part, whole, round_half_up(Decimal(100) * p / w), 0, self.block
        )
        self.statements.append(statement)
        return statement

    def ratio(self, numerator, denominator, *, places=1):
        """State numerator / denominator (an average) with `places` decimals."""
        n, d = self.values[numerator], self.values[denominator]
        if not d or self.small(d):
            return None
        statement = Statement(
            "ratio",
            numerator,
            denominator,
            round_half_up(Decimal(n) / d, places),
            places,
            self.block,
        )
        self.statements.append(statement)
        return statement

    def small(self, value):
        return disclosure.is_small(value, self.threshold)

    def note(self, text):
        self.notes.setdefault(self.block, []).append(text)

    def once(self, what):
        """True the first time; for what a letter says once only."""
        if what in self.said:
            return False
        self.said.add(what)
        return True

    def heading_text(self, spec):
        return (getattr(self.report, spec.get("heading", ""), "") or "").strip().lower()

    # a table at the grain that says the most

    def grain_table(self, candidates, *, captions, columns, total):
        """Declare the candidate grain whose protection hides the fewest cells, finest first.

        Rows are {"label", "count"} and either "measure" (a count over the period) or
        "start"/"end" (a count of `total`'s measure over a part of the period); a merged rest
        row ("merged": [labels]) is the sum of the rows it holds.
        """
        allowed = self._plan_grains(candidates)
        index = allowed[
            disclosure.choose_grain([candidates[i] for i in allowed], self.threshold)
            if len(allowed) > 1
            else 0
        ]
        first = {row["label"]: row for row in candidates[0]}
        rows = []
        for row in candidates[index]:
            if "merged" in row:
                parts = [first[label]["measure"] for label in row["merged"]]
                key = self.count(
                    measure_of(a for m in parts for a in atoms_of(m)), label=row["label"]
                )
                # Which categories were merged tells a reader each held 1..T-1 (zeros stay
                # apart): the engine is told so, as if an earlier letter had read "< T".
                for label, measure in zip(row["merged"], parts, strict=True):
                    part = self.count(measure, shown=False, label=label)
                    if self.small(self.values[part]):
                        self.small_known.append(part)
            elif "measure" in row:
                key = self.count(row["measure"], label=row["label"])
            else:
                key = self.count(total[1], start=row["start"], end=row["end"], label=row["label"])
            rows.append((row["label"], [key]))
        caption = captions[index] if isinstance(captions, list | tuple) else captions
        table = self.table(caption, columns, rows, total)
        table.over_time = any("start" in row for row in candidates[index])
        table.allowed = allowed
        return table, index, candidates[index]

    def _plan_grains(self, candidates):
        """The indices of the candidates a table over time may take: with a publication plan
        those whose rows keep to it (plan periods or their unions), so that the letters of
        the plan add no difference to one another; all when none does or there is no plan."""
        every = list(range(len(candidates)))
        if self.plan is None or not all("start" in row for row in candidates[0]):
            return every
        aligned = [i for i in every if self.plan.aligned(candidates[i], self.start, self.end)]
        if not aligned or aligned == every:
            return every
        if 0 not in aligned:
            self.note(
                _(
                    "Only the periods of the publication plan (%(plan)s) and their unions are "
                    "considered, not finer ones, so that the letters of the plan add up and give "
                    "no difference away."
                )
                % {"plan": self.plan.describe()}
            )
        return aligned

    # protecting

    def protect(self):
        """Protect the letter as one publication. When a small count stays exact, leave out the
        percentages and averages of the blocks involved (then of every block) and try again.
        When that is not enough (a stated total minus an earlier letter's gives a small count
        away), state the totals that may not be hidden as bands ("40 à 45"), as narrow as is
        safe, and start again with every statement. Returns (result, the statements left out).

        Each whole protection takes long on a letter linked with many earlier ones, so a step
        that cannot help is skipped after a quick test (disclosure.pinned_anyway): leaving out
        statements when the count stays exact without any of them, a band width at which it
        stays exact whatever is hidden. The outcome is the one of trying every step.
        """
        first = disclosure.protect_publication(self.publication())
        if not first.exposed:
            return first, set()
        exposed = first.exposed
        if self.INCREMENTAL and self._pinned(exposed, first):
            tried = None  # leaving out statements cannot help: bands first
        else:
            tried = self._protect_statements(first)
            if not tried[0].exposed:
                return tried
        fixed = [
            key for key in self.values if key in self.fixed and not self.small(self.values[key])
        ]
        width = self.threshold
        while fixed and width <= BAND_LIMIT * self.threshold:
            self.bands = {key: disclosure.band_around(self.values[key], width) for key in fixed}
            width *= 2
            if self.INCREMENTAL and self._pinned(exposed, first):
                continue
            banded, banded_dropped = self._protect_statements()
            if not banded.exposed:
                return banded, banded_dropped
            exposed = banded.exposed
        self.bands = {}
        return tried or self._protect_statements(first)

    # Off: every step is tried in full (benchmark_letter --compare measures both).
    INCREMENTAL = True

    def _pinned(self, keys, result):
        """Whether a key of `keys` stays exact without any statement, whatever is hidden."""
        pub = self.publication(set(self.statements))
        return bool(disclosure.pinned_anyway(pub, keys, result.dropped, first=True))

    def _protect_statements(self, result=None):
        """Protect, leaving out statements until no small count stays exact or none are left;
        `result`: the protection with every statement, when it is known."""
        dropped = set()
        while True:
            if result is None:
                result = disclosure.protect_publication(self.publication(dropped))
            if not result.exposed:
                return result, dropped
            blocks = {b for key in result.exposed for b in self.owners.get(key, ())}
            more = {s for s in self.statements if s.block in blocks} - dropped
            if not more:
                more = set(self.statements) - dropped
            if not more:
                return result, dropped
            dropped |= more
            result = None

    def publication(self, dropped=frozenset()):
        pub = disclosure.LinkedPublication(threshold=self.threshold)
        for key, value in self.values.items():
            pub.count(
                key,
                value,
                shown=key in self.shown,
                fixed=key in self.fixed,
                label=self.labels.get(key) or (None if key in self.shown else describe(self, key)),
                band=self.bands.get(key),
            )
        for key in self.small_known:
            pub.prior(key, disclosure.small_label(self.threshold))
        for key, label, total in self.earlier_cells:
            pub.prior(key, label, total=total)
        # A key only named by an earlier letter's relations (the rest of a partner return):
        # the reader knows it exists, nothing about its value.
        known = self.values.keys() | {key for key, _label, _total in self.earlier_cells}
        named = {key for relation in self.earlier_relations for key in relation}
        named |= {key for s in self.earlier_statements for key in s[1:3]}
        for key in sorted(named - known, key=repr):
            pub.prior(key, disclosure.WITHHELD)
        for relation in [*self.relations, *self.earlier_relations]:
            pub.relation(relation)
        for kind, part, whole, value, places in self.earlier_statements:
            if kind == "share":
                pub.share(part, whole, value, places=places)
            else:
                pub.ratio(part, whole, value, places=places)
        for name, (rows, total) in self.tables.items():
            pub.table(name, rows=rows, total=total)
        for s in self.statements:
            if s in dropped:
                continue
            if s.kind == "share":
                pub.share(s.part, s.whole, s.value, places=s.places)
            else:
                pub.ratio(s.part, s.whole, s.value, places=s.places)
        return pub
