"""Measure publishing a council letter with every block over a long period: time and queries.

Demo-like data (about 9 visits a month, 10 trajects a year with their sessions, referrals,
feedback and partner returns) for a municipality of its own, inside a transaction that is
rolled back, so the database is left as it was.
    python manage.py benchmark_letter --years 10 --earlier
    python manage.py benchmark_letter --years 10 --series    (quarters, then the year, each year)
    python manage.py benchmark_letter --years 10 --series --interim   (and Jan–Nov before it)
    python manage.py benchmark_letter --series --interim --visits-per-month 3 --compare
        (a very small desk; each letter composed with the band search trying every step in
        full, then with the quick tests that skip a step that cannot help: same letter, times)
"""

import datetime
import random
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext

from intake import services as intake_services
from intake.constants import Channel, Outcome, TrajectStatus, WhoCame
from intake.models import Desk, Location, Visit, WeeklyHour
from referrals.constants import Question
from referrals.models import Municipality, Organisation, PartnerReturn, Referral
from relatieloket.months import month_end, next_month
from reports import services
from reports.constants import BlockKind, QuestionGrouping
from reports.letter import letter_snapshot
from reports.letter.builder import Letter


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time publishing a council letter with every block over a period of some years."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=10, help="length of the letter's period")
        parser.add_argument("--visits-per-month", type=int, default=9)
        parser.add_argument(
            "--earlier",
            action="store_true",
            help="first publish one letter per year, so the long letter links to all of them",
        )

        parser.add_argument(
            "--series",
            action="store_true",
            help="publish a series instead: per year its four quarters, then the year",
        )
        parser.add_argument(
            "--interim",
            action="store_true",
            help="with --series: also a Jan–Nov letter before each year's letter",
        )

        parser.add_argument(
            "--compare",
            action="store_true",
            help="compose each letter twice, the band search in full and incremental, and "
            "print both times (the two letters must be the same)",
        )

    def handle(self, *args, years, visits_per_month, earlier, **options):
        self.verbosity = options["verbosity"]
        self.compare = options["compare"]
        self.series = options["series"]
        self.interim = options["interim"]
        try:
            with transaction.atomic():
                self._run(years, visits_per_month, earlier)
                raise Rollback
        except Rollback:
            self.stdout.write("Benchmark data rolled back.")

    def _run(self, years, per_month, earlier):
        import weasyprint  # noqa: F401  (imported once per process: not part of a publish)

        start = datetime.date(2015, 1, 1)
        end = datetime.date(2015 + years - 1, 12, 31)
        municipality = Municipality.objects.create(name="Benchmarkstad", cbs_code="GM9999")
        node = Organisation.objects.create(name="Benchmarkloket (netwerk)", kind="relatieloket")
        desk = Desk.objects.create(
            name="Benchmarkloket",
            municipality=municipality,
            organisation=node,
            tariff_per_traject=1000,
        )
        location = Location.objects.create(desk=desk, name="Brouwersdijk")
        WeeklyHour.objects.create(
            location=location, weekday=5, start=datetime.time(10), end=datetime.time(12)
        )
        self.stdout.write(f"Creating {years} years of data ({per_month} visits a month) …")
        rng = random.Random(9)
        visits = []
        day = start
        while day <= end:
            for _ in range(round(per_month * rng.uniform(0.6, 1.4))):
                couple = rng.random() < 0.3
                visits.append(
                    Visit(
                        desk=desk,
                        date=day + datetime.timedelta(days=rng.randrange(28)),
                        channel=Channel.WALK_IN,
                        who_came=WhoCame.BOTH_PARTNERS if couple else WhoCame.ONE_PARTNER,
                        women=1 if couple or rng.random() < 0.7 else 0,
                        men=1 if couple else 0,
                        other_gender=0,
                        children=rng.randrange(4),
                        question=rng.choice(list(Question)),
                        outcome=rng.choices(list(Outcome), weights=[7, 0, 2, 1])[0],
                    )
                )
            day = next_month(day)
        for visit in visits:
            if visit.women + visit.men == 0:
                visit.men = 1
        Visit.objects.bulk_create(visits)
        created = list(Visit.objects.filter(desk=desk).order_by("date"))
        others = list(Organisation.objects.exclude(pk=node.pk)[:8])
        for visit in created:
            if visit.outcome == Outcome.REFERRED_ON:
                referral = Referral.objects.create(
                    from_organisation=node,
                    to_organisation=rng.choice(others),
                    municipality=municipality,
                    date=visit.date,
                )
                visit.referrals.add(referral)
        by_year = {}
        for visit in created:
            by_year.setdefault(visit.date.year, []).append(visit)
        for year_visits in by_year.values():
            for visit in rng.sample(year_visits, min(10, len(year_visits))):
                traject = intake_services.traject_start(visit=visit)
                for n in range(rng.choice([3, 4, 5])):
                    intake_services.session_create(
                        traject=traject, date=visit.date + datetime.timedelta(days=14 * (n + 1))
                    )
                intake_services.traject_close(
                    traject=traject,
                    status=TrajectStatus.COMPLETED,
                    closing_outcome=Outcome.HELPED,
                    closed_on=visit.date + datetime.timedelta(days=90),
                )
        poh = Organisation.objects.create(name="Benchmark POH", kind="poh_ggz_jeugd")
        for year in range(start.year, end.year + 1):
            persons = rng.randint(3, 20)
            helped = rng.randint(0, persons)
            PartnerReturn.objects.create(
                organisation=poh,
                municipality=municipality,
                period_start=datetime.date(year, 1, 1),
                period_end=datetime.date(year, 12, 31),
                persons=persons,
                helped=helped,
                referred_on=persons - helped,
            )
        self.stdout.write(f"  {len(created)} visits")

        blocks = [
            {"heading": "information", "kind": kind}
            for kind in BlockKind.values
            if kind != BlockKind.INDICATOR
        ]
        blocks[1]["grouping"] = QuestionGrouping.RELATIONSHIP_OR_DIVORCE
        if self.series:
            self._series(municipality, start, end, blocks)
            return
        if earlier:
            self.stdout.write(self._header())
            for year in range(start.year, end.year + 1):
                self._publish(
                    municipality,
                    datetime.date(year, 1, 1),
                    datetime.date(year, 12, 31),
                    blocks,
                    f"year {year}",
                    verbosity=min(self.verbosity, 1),
                )
        else:
            self.stdout.write(self._header())
        self._publish(municipality, start, end, blocks, f"{years} years")

    def _series(self, municipality, start, end, blocks):
        """Per year: its quarters, (Jan–Nov,) then the year; each letter linked with those
        before it. Prints each letter's times and the slowest and mean publish."""
        self.stdout.write(self._header())
        self.times, self.refused, self.full_times, self.quick_times = [], 0, [], []
        self.left_out = []
        for year in range(start.year, end.year + 1):
            periods = [
                (
                    datetime.date(year, m, 1),
                    month_end(datetime.date(year, m, 1), 3),
                    f"{year} Q{(m + 2) // 3}",
                )
                for m in (1, 4, 7, 10)
            ]
            if self.interim:
                periods.append(
                    (
                        datetime.date(year, 1, 1),
                        month_end(datetime.date(year, 1, 1), 11),
                        f"{year} jan-nov",
                    )
                )
            periods.append((datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"{year}"))
            for first, last, name in periods:
                try:
                    with transaction.atomic():
                        self._publish(municipality, first, last, blocks, name)
                except ValidationError as refused:
                    self.refused += 1
                    self.stdout.write(f"{name:<24} refused: {len(refused.messages)} problems")
        self.stdout.write(f"{self.refused} letters refused")
        # A block with nothing safe left is left out of its letter (the letter says so).
        self.stdout.write(f"{len(self.left_out)} letters published with a block left out")
        self.stdout.write(
            f"{len(self.times)} letters: publish max {max(self.times):.2f} s, "
            f"mean {sum(self.times) / len(self.times):.2f} s"
        )
        if self.compare:
            for name, times in (("full", self.full_times), ("incremental", self.quick_times)):
                self.stdout.write(
                    f"compose, band search {name}: max {max(times):.2f} s, "
                    f"mean {sum(times) / len(times):.2f} s"
                )

    def _header(self):
        columns = f"{'letter':<24} {'compose s':>10} {'publish s':>10} {'queries':>8}"
        if self.compare:
            columns += f" {'full s':>8} {'quick s':>8}"
        return columns

    def _publish(self, municipality, start, end, blocks, name, verbosity=None):
        verbosity = self.verbosity if verbosity is None else verbosity
        report = services.report_create(
            municipality=municipality,
            title=f"Benchmark {name}",
            period_start=start,
            period_end=end,
            blocks=blocks,
        )
        began = time.perf_counter()
        if verbosity > 2:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.runcall(letter_snapshot, report=report)
            stats = pstats.Stats(profile, stream=self.stdout).sort_stats("cumulative")
            stats.print_stats(30)
            left_out = {}
        else:
            left_out = letter_snapshot(report=report).left_out
        composed = time.perf_counter() - began
        compared = ""
        if self.compare:
            times = []
            snapshots = []
            for incremental in (False, True):
                Letter.INCREMENTAL = incremental
                began = time.perf_counter()
                snapshots.append(letter_snapshot(report=report).snapshot)
                times.append(time.perf_counter() - began)
            if snapshots[0] != snapshots[1]:
                raise CommandError(f"{name}: the incremental band search gives another letter.")
            getattr(self, "full_times", []).append(times[0])
            getattr(self, "quick_times", []).append(times[1])
            compared = f" {times[0]:>8.2f} {times[1]:>8.2f}"
        reset_queries()  # a long series fills the query log, and the count would read 0
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            report = services.report_publish(report=report, user=None)
            published = time.perf_counter() - began
        getattr(self, "times", []).append(published)
        self.stdout.write(
            f"{name:<24} {composed:>10.2f} {published:>10.2f} {len(queries.captured_queries):>8}"
            + compared
            + (
                "  left out: " + ", ".join(report.blocks[i]["kind"] for i in sorted(left_out))
                if left_out
                else ""
            )
        )
        if left_out and hasattr(self, "left_out"):
            self.left_out.append(name)
        if verbosity > 1:
            from reports.pdf import render_pdf, render_report_html

            began = time.perf_counter()
            render_report_html(report=report, snapshot=report.snapshot)
            html = time.perf_counter() - began
            began = time.perf_counter()
            render_pdf(report=report, snapshot=report.snapshot)
            pdf = time.perf_counter() - began
            self.stdout.write(f"{'':<24} html {html:.2f} s, pdf {pdf:.2f} s")
            for block in report.snapshot["sections"][1]["blocks"]:
                if block["table"]:
                    self.stdout.write(
                        f"  {block['table']['caption']}: {len(block['table']['values'])}"
                    )
