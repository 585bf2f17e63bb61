"""The national benchmark: the dashboard, exports, flow map, letters and visit saves at scale.

Generates (with COPY, in minutes) visits over municipalities and years, with referrals,
trajects, sessions and feedback, runs ANALYZE, then prints for 1 / 10 / all municipalities ×
1 / all years the page median (of --repeat, through the Django test client as a logged-in
policy user, alternating with the SQL), the same figures by hand-written SQL GROUP BY, their
ratio and the queries per page; export, flow map and publish times; then a mixed load against
real gunicorn pools started with the shipped gunicorn.conf.py, modelled on the browser:
counsellors save a visit and load the form the redirect points to, policy officers load a
dashboard, read it and load the next, following the waiting page's refresh with its ticket.
Visit POST, form GET and dashboards are printed apart (p50, p95, max, 503s) with the load
average, for the report lane without a queue and with it in the same run (--lanes), and the
dashboards' fair share: ceil(officers / REPORT_CONCURRENCY) × the p95 time a dashboard holds its
slot in that run (Server-Timing), which first come, first served keeps a dashboard within.

PostgreSQL only. Meant for a database of its own (the generated data stays with --reuse):
    DATABASE_URL=postgres://…/rl_bench python manage.py benchmark_dashboard \
        --visits 1000000 --municipalities 342 --years 10 --reuse
A small version for CI: --visits 20000 --municipalities 12 --years 2 --repeat 2 --load-seconds 5
"""

import datetime
import html
import io
import multiprocessing
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.constants import AgeBand, Channel, FoundVia, Outcome, TrajectStatus, WhoCame
from intake.models import Desk, LifeEvent, Visit
from referrals.constants import Question
from referrals.models import Municipality, Organisation
from relatieloket.roles import Role
from relatieloket.testing import pass_second_factor

PREFIX = "Benchmarkloket "
LAST_YEAR = 2025
PORT = int(os.environ.get("BENCHMARK_PORT", "8102"))


class Rollback(Exception):
    pass


def percentile(values, share):
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, round(share * (len(values) - 1)))]


def _copy(cursor, table, columns, rows):
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row))
        buffer.write("\n")
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def _next_id(cursor, table):
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
    return cursor.fetchone()[0]


def _reset_sequence(cursor, table):
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
    )


def _crowd(url, paths, clients, seconds, sender):
    """Anonymous clients loading `paths` in turn as fast as they are served, for `seconds`;
    sends back the times of the answers and the count of other answers."""
    stop = time.perf_counter() + seconds
    lock = threading.Lock()
    times, errors = [], {}

    def client(turn):
        while time.perf_counter() < stop:
            path = paths[turn % len(paths)]
            turn += 1
            request = urllib.request.Request(url + path, headers={"Host": "127.0.0.1"})
            began = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=60) as answer:
                    answer.read()
                    status = answer.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = "no answer"
            took = time.perf_counter() - began
            with lock:
                if status == 200:
                    times.append(took)
                else:
                    label = f"anonymous {status}"
                    errors[label] = errors.get(label, 0) + 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sender.send((times, errors))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _no_redirect():
    return urllib.request.build_opener(_NoRedirect)


class Command(BaseCommand):
    help = "National benchmark: dashboards, exports, flow map, publish and visit saves."

    def add_arguments(self, parser):
        parser.add_argument("--visits", type=int, default=1_000_000)
        parser.add_argument("--municipalities", type=int, default=342)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="keep the generated data (and use it again when it is already there)",
        )
        parser.add_argument("--load-seconds", type=int, default=30)
        parser.add_argument("--savers", type=int, default=20)
        parser.add_argument("--dashboards", type=int, default=5)
        parser.add_argument(
            "--think",
            default="2-6",
            help="seconds a counsellor takes between two saves, as a range (default 2-6: 20 "
            "counsellors then save about 5 visits a second, some 50 times the national peak)",
        )
        parser.add_argument(
            "--stress-think",
            default="0.2-0.6",
            help="the same for a second, stress run (about 40 saves a second); '' skips it",
        )
        parser.add_argument(
            "--read",
            default="2-8",
            help="seconds a policy officer reads a dashboard before loading the next (default "
            "2-8, as people do)",
        )
        parser.add_argument(
            "--stress-read", default="0", help="the same for the stress run (0: reload at once)"
        )
        parser.add_argument(
            "--lanes",
            default="before,after",
            help="the report lanes to load, in one run: 'before' (REPORT_QUEUE=False, the lane "
            "that polls for a slot) and 'after' (the queue)",
        )
        parser.add_argument(
            "--base",
            default="",
            help="a checkout of the code to compare with (e.g. `git archive` of an earlier "
            "commit): the lane 'base' (in --lanes) serves the same load from it, in the same run",
        )
        parser.add_argument(
            "--public-clients",
            type=int,
            default=16,
            help="anonymous clients loading public pages (and then a static file) while the "
            "counsellors save, in each lane; 0 skips these runs",
        )
        parser.add_argument(
            "--data-only",
            action="store_true",
            help="only generate the data and keep it (as --reuse) for later runs; no measuring",
        )
        parser.add_argument("--skip-load", action="store_true", help="no gunicorn load test")
        parser.add_argument("--load-only", action="store_true", help="only the gunicorn load test")
        parser.add_argument(
            "--one-pool",
            action="store_true",
            help="serve the dashboards from the portal's own pool (no separate report pool)",
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The national benchmark runs on PostgreSQL (set DATABASE_URL).")
        self.options = options
        if options["data_only"]:
            options["reuse"] = True
        if options["reuse"]:
            self._run()
            return
        try:
            with transaction.atomic():
                self._run()
                raise Rollback
        except Rollback:
            self.stdout.write("Benchmark data rolled back.")

    # --- data -----------------------------------------------------------------------------

    def _run(self):
        o = self.options
        count = Visit.objects.filter(desk__name__startswith=PREFIX).count()
        if o["reuse"] and count >= o["visits"] * 0.99:
            self.stdout.write(f"Reusing {count:,} benchmark visits.")
            self._network_serves_its_municipality()
        else:
            if count:
                raise CommandError(
                    f"{count:,} benchmark visits of another size exist: use a fresh database."
                )
            self._generate(o["visits"], o["municipalities"], o["years"])
        if o["data_only"]:
            return
        self._users()
        try:
            self._measure()
        finally:
            self._forget_saves()

    def _forget_saves(self):
        """The visits the benchmark saved go again, so that every run measures the same data
        (and a desk-month of the benchmark's counsellor does not grow by a thousand a run)."""
        from intake import figures

        saved = Visit.objects.filter(created_by=self.counsellor)
        months = {figures.month_of(visit) for visit in saved.only("desk", "date")}
        with transaction.atomic():
            saved.delete()
            figures.refresh(months)
        if not connection.in_atomic_block:  # kept data: no dead rows left for the next run
            with connection.cursor() as cursor:
                cursor.execute(
                    "VACUUM ANALYZE intake_visit, intake_visitmonth, intake_visitmonthcategory"
                )

    def _network_serves_its_municipality(self):
        """Each desk's network organisation serves its own municipality, as a municipal desk's
        runner does: a desk's referral choices are its own network, not every other desk's.
        (Data generated before this was added gets the links on --reuse.)"""
        through = Organisation.municipalities.through
        missing = Organisation.objects.filter(
            name__startswith=PREFIX, name__endswith=" (netwerk)", municipalities__isnull=True
        )
        by_code = dict(Municipality.objects.values_list("cbs_code", "pk"))
        links = [
            through(organisation_id=pk, municipality_id=by_code[name[len(PREFIX) :].split()[0]])
            for pk, name in missing.values_list("pk", "name")
        ]
        through.objects.bulk_create(links)
        if links:
            from intake import vocabularies
            from relatieloket.caching import data_changed

            data_changed()  # a bulk insert sends no signal
            vocabularies.changed()

    def _generate(self, n_visits, n_municipalities, years):
        began = time.perf_counter()
        self.stdout.write(
            f"Generating {n_visits:,} visits over {n_municipalities} municipalities and "
            f"{years} years …"
        )
        municipalities = list(Municipality.objects.order_by("pk"))
        new = [
            Municipality(name=f"Benchmarkgemeente {i:03d}", cbs_code=f"GM{9000 + i:04d}")
            for i in range(max(0, n_municipalities - len(municipalities)))
        ]
        Municipality.objects.bulk_create(new)
        municipalities = list(Municipality.objects.order_by("pk"))[:n_municipalities]
        nodes = Organisation.objects.bulk_create(
            [
                Organisation(name=f"{PREFIX}{m.cbs_code} (netwerk)", kind="relatieloket")
                for m in municipalities
            ]
        )
        self._network_serves_its_municipality()
        desks = Desk.objects.bulk_create(
            [
                Desk(
                    name=f"{PREFIX}{m.cbs_code}",
                    municipality=m,
                    organisation=node,
                    tariff_per_traject=1000,
                )
                for m, node in zip(municipalities, nodes, strict=True)
            ]
        )
        partners = list(
            Organisation.objects.exclude(name__startswith=PREFIX).values_list("pk", flat=True)
        )
        events = list(LifeEvent.objects.filter(desk=None).values_list("pk", flat=True))
        rng = random.Random(12)
        first = datetime.date(LAST_YEAR - years + 1, 1, 1)
        days = (datetime.date(LAST_YEAR, 12, 31) - first).days + 1
        channels, whos, ages = Channel.values, WhoCame.values, AgeBand.values
        found_vias = ["", *FoundVia.values]  # "" = not asked or no answer
        questions = Question.values
        now = "2026-01-01 00:00:00+00"
        cursor = connection.cursor()
        ids = {
            t: _next_id(cursor, t)
            for t in (
                "intake_visit",
                "referrals_referral",
                "intake_traject",
                "intake_feedbackinvitation",
                "intake_feedback",
            )
        }
        visit_cols = [
            "id",
            "date",
            "channel",
            "who_came",
            "women",
            "men",
            "other_gender",
            "age_band",
            "children",
            "question",
            "advice_social_emotional",
            "advice_financial",
            "advice_legal",
            "advice_parenting",
            "track",
            "outcome",
            "safety_concern",
            "duration_minutes",
            "notes",
            "created_at",
            "updated_at",
            "desk_id",
            "referred_by_id",
            "found_via",
        ]
        chunk = 100_000
        made = {"referrals": 0, "trajects": 0, "sessions": 0, "feedback": 0}
        for offset in range(0, n_visits, chunk):
            visits, referrals, visit_refs, trajects, traject_refs = [], [], [], [], []
            sessions, invitations, feedback, life = [], [], [], []
            for i in range(offset, min(n_visits, offset + chunk)):
                desk = desks[i % len(desks)]
                vid = ids["intake_visit"]
                ids["intake_visit"] += 1
                day = first + datetime.timedelta(days=rng.randrange(days))
                who = rng.choice(whos)
                couple = who != WhoCame.ONE_PARTNER  # two persons (the plausibility CHECK)
                women = 1 if couple or rng.random() < 0.65 else 0
                men = 1 if couple or not women else 0
                roll = rng.random()
                if roll < 0.05:
                    outcome, track = Outcome.TRAJECT_STARTED, "B"
                elif roll < 0.25:
                    outcome, track = Outcome.REFERRED_ON, "A"
                elif roll < 0.9:
                    outcome, track = Outcome.HELPED, "A"
                else:
                    outcome, track = Outcome.NO_FOLLOW_UP, "A"
                visits.append(
                    (
                        vid,
                        day,
                        rng.choice(channels),
                        who,
                        women,
                        men,
                        0,
                        rng.choice(ages),
                        rng.randrange(4),
                        rng.choice(questions),
                        "t" if rng.random() < 0.5 else "f",
                        "t" if rng.random() < 0.2 else "f",
                        "t" if rng.random() < 0.2 else "f",
                        "t" if rng.random() < 0.3 else "f",
                        track,
                        outcome,
                        "t" if rng.random() < 0.03 else "f",
                        rng.choice((30, 45, 60)),
                        "",
                        now,
                        now,
                        desk.pk,
                        rng.choice(partners) if rng.random() < 0.4 else None,
                        rng.choice(found_vias),
                    )
                )
                if events and rng.random() < 0.3:
                    life.append((vid, rng.choice(events)))
                if outcome == Outcome.REFERRED_ON:
                    rid = ids["referrals_referral"]
                    ids["referrals_referral"] += 1
                    referrals.append(
                        (
                            rid,
                            day,
                            "t" if rng.random() < 0.4 else "f",
                            "",
                            now,
                            desk.organisation_id,
                            desk.municipality_id,
                            rng.choice(partners),
                        )
                    )
                    visit_refs.append((vid, rid))
                if outcome == Outcome.TRAJECT_STARTED:
                    tid = ids["intake_traject"]
                    ids["intake_traject"] += 1
                    closed = day + datetime.timedelta(days=90)
                    status = rng.choices(TrajectStatus.values, weights=[1, 6, 2, 1])[0]
                    if closed.year > LAST_YEAR:
                        status = TrajectStatus.RUNNING
                    running = status == TrajectStatus.RUNNING
                    trajects.append(
                        (
                            tid,
                            f"BM{tid:010d}",
                            day,
                            status,
                            None if running else closed,
                            "" if running else Outcome.HELPED,
                            now,
                            desk.pk,
                            vid,
                        )
                    )
                    for number in range(1, rng.choice((3, 4, 5)) + 1):
                        sessions.append(
                            (
                                number,
                                day + datetime.timedelta(days=14 * number),
                                90,
                                "beide_partners",
                                "",
                                now,
                                tid,
                            )
                        )
                    if status == TrajectStatus.REFERRED_ON:
                        rid = ids["referrals_referral"]
                        ids["referrals_referral"] += 1
                        referrals.append(
                            (
                                rid,
                                closed,
                                "t",
                                "",
                                now,
                                desk.organisation_id,
                                desk.municipality_id,
                                rng.choice(partners),
                            )
                        )
                        traject_refs.append((tid, rid))
                if rng.random() < 0.05:
                    iid = ids["intake_feedbackinvitation"]
                    ids["intake_feedbackinvitation"] += 1
                    stamp = f"{day + datetime.timedelta(days=rng.randrange(7))} 12:00:00+00"
                    invitations.append((iid, secrets.token_urlsafe(24), now, stamp, desk.pk, vid))
                    feedback.append(
                        (
                            rng.choice(("ja", "ja", "deels", "nee")),
                            rng.randint(5, 10),
                            "t" if rng.random() < 0.8 else "f",
                            "",
                            stamp,
                            desk.pk,
                            iid,
                        )
                    )
            _copy(cursor, "intake_visit", visit_cols, visits)
            _copy(cursor, "intake_visit_life_events", ("visit_id", "lifeevent_id"), life)
            _copy(
                cursor,
                "referrals_referral",
                [
                    "id",
                    "date",
                    "warm_handover",
                    "question",
                    "created_at",
                    "from_organisation_id",
                    "municipality_id",
                    "to_organisation_id",
                ],
                referrals,
            )
            _copy(cursor, "intake_visit_referrals", ("visit_id", "referral_id"), visit_refs)
            _copy(
                cursor,
                "intake_traject",
                [
                    "id",
                    "code",
                    "started_on",
                    "status",
                    "closed_on",
                    "closing_outcome",
                    "created_at",
                    "desk_id",
                    "visit_id",
                ],
                trajects,
            )
            _copy(
                cursor,
                "intake_session",
                ["number", "date", "minutes", "attendance", "notes", "created_at", "traject_id"],
                sessions,
            )
            _copy(cursor, "intake_traject_referrals", ("traject_id", "referral_id"), traject_refs)
            _copy(
                cursor,
                "intake_feedbackinvitation",
                ["id", "token", "created_at", "used_at", "desk_id", "visit_id"],
                invitations,
            )
            _copy(
                cursor,
                "intake_feedback",
                [
                    "got_answer",
                    "rating",
                    "would_recommend",
                    "comment",
                    "submitted_at",
                    "desk_id",
                    "invitation_id",
                ],
                feedback,
            )
            made["referrals"] += len(referrals)
            made["trajects"] += len(trajects)
            made["sessions"] += len(sessions)
            made["feedback"] += len(feedback)
            done = min(n_visits, offset + chunk)
            bar = "#" * round(30 * done / n_visits)
            self.stdout.write(
                f"\r  [{bar:<30}] {done:>9,} visits {time.perf_counter() - began:6.0f} s",
                ending="",
            )
            self.stdout.flush()
        self.stdout.write("")
        for table in (
            "intake_visit",
            "referrals_referral",
            "intake_traject",
            "intake_session",
            "intake_feedbackinvitation",
            "intake_feedback",
            "intake_visit_referrals",
            "intake_traject_referrals",
            "intake_visit_life_events",
        ):
            _reset_sequence(cursor, table)
        self.stdout.write(
            f"  {made['referrals']:,} referrals, {made['trajects']:,} trajects, "
            f"{made['sessions']:,} sessions, {made['feedback']:,} feedback"
        )
        self._after_load(cursor)
        self.stdout.write(f"  generated in {time.perf_counter() - began:.0f} s")

    def _after_load(self, cursor):
        """What an import or restore must do too: summaries rebuilt, statistics fresh."""
        from django.core.management import get_commands

        if "rebuild_figures" in get_commands():
            began = time.perf_counter()
            call_command("rebuild_figures", stdout=io.StringIO())
            self.stdout.write(f"  rebuild_figures {time.perf_counter() - began:.1f} s")
        began = time.perf_counter()
        cursor.execute("ANALYZE")
        self.stdout.write(f"  ANALYZE {time.perf_counter() - began:.1f} s")

    def _users(self):
        User = get_user_model()
        municipalities = list(
            Municipality.objects.filter(desks__name__startswith=PREFIX).order_by("pk").distinct()
        )
        policy = Group.objects.get(name=Role.POLICY)
        self.scopes = {}
        for size in sorted({1, min(10, len(municipalities)), len(municipalities)}):
            user, _ = User.objects.get_or_create(username=f"benchmark-beleid-{size}")
            user.groups.add(policy)
            user.municipalities.set(municipalities[:size])
            self.scopes[size] = user
        self.counsellor, _ = User.objects.get_or_create(username="benchmark-hulpverlener")
        self.counsellor.groups.add(Group.objects.get(name=Role.COUNSELLOR))
        # One desk per counsellor, as at the desks (the first desk also for the saves alone).
        self.desks = list(
            Desk.objects.filter(name__startswith=PREFIX).order_by("pk")[: self.options["savers"]]
        )
        self.desk = self.desks[0]
        self.counsellor.desks.add(*self.desks)
        self.municipalities = municipalities

    def _client(self, user):
        hosts = [h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")]
        client = Client(HTTP_HOST=hosts[0] if hosts else "localhost")
        client.force_login(user)
        pass_second_factor(client, user)
        return client

    # --- measurements ---------------------------------------------------------------------

    def _measure(self):
        o = self.options
        if o["load_only"]:
            self._load()
            return
        repeat = o["repeat"]
        years = o["years"]
        year_end = datetime.date(LAST_YEAR, 12, 31)
        periods = [
            ("1 year", datetime.date(LAST_YEAR, 1, 1), year_end),
            (f"{years} years", datetime.date(LAST_YEAR - years + 1, 1, 1), year_end),
        ]
        if years == 1:
            periods = periods[:1]
        self.stdout.write("")
        self.stdout.write(
            f"{'scope':<18} {'period':<9} {'page ms':>8} {'SQL ms':>7} {'ratio':>6} {'queries':>7}"
        )
        from reports.management.benchmark_sql import plain_sql_figures

        for size, user in self.scopes.items():
            client = self._client(user)
            desk_ids = list(
                Desk.objects.filter(municipality__in=user.municipalities.all()).values_list(
                    "pk", flat=True
                )
            )
            for label, start, end in periods:
                params = {"start": start.isoformat(), "end": end.isoformat()}
                pages, sqls = [], []
                for _ in range(repeat):
                    with CaptureQueriesContext(connection) as queries:
                        began = time.perf_counter()
                        response = client.get(reverse("reports:start"), params)
                        pages.append(time.perf_counter() - began)
                    if response.status_code != 200:
                        raise CommandError(f"The dashboard answered {response.status_code}.")
                    began = time.perf_counter()
                    plain_sql_figures(connection, desk_ids, start, end)
                    sqls.append(time.perf_counter() - began)
                page, sql = statistics.median(pages) * 1000, statistics.median(sqls) * 1000
                scope = f"{size} municipalit{'y' if size == 1 else 'ies'}"
                self.stdout.write(
                    f"{scope:<18} {label:<9} {page:>8.0f} {sql:>7.0f} {page / sql:>5.1f}× "
                    f"{len(queries.captured_queries):>7}"
                )
        self._other_pages(periods)
        self._publish(periods[-1])
        self._saves_alone()
        if not o["skip_load"]:
            self._load()

    def _timed_get(self, client, name, params, repeat):
        times = []
        size = 0
        for _ in range(repeat):
            began = time.perf_counter()
            response = client.get(reverse(name), params)
            times.append(time.perf_counter() - began)
            if response.status_code != 200:
                raise CommandError(f"{name} answered {response.status_code}.")
            size = len(response.content)
        return statistics.median(times) * 1000, size

    def _other_pages(self, periods):
        repeat = self.options["repeat"]
        self.stdout.write("")
        everyone = self.scopes[max(self.scopes)]
        one = self.scopes[1]
        for label, start, end in periods:
            params = {"start": start.isoformat(), "end": end.isoformat()}
            for size, user in ((1, one), (max(self.scopes), everyone)):
                client = self._client(user)
                ms, _ = self._timed_get(
                    client,
                    "reports:export",
                    {**params, "tabel": "doorverwezen-naar", "formaat": "csv"},
                    repeat,
                )
                self.stdout.write(f"export CSV, {size} municip., {label:<9} {ms:>8.0f} ms")
            client = self._client(everyone)
            ms, size = self._timed_get(client, "referrals:flow_map", params, repeat)
            self.stdout.write(
                f"flow map, all {len(self.municipalities)}, {label:<9} {ms:>8.0f} ms "
                f"({size / 1e6:.2f} MB)"
            )

    def _publish(self, period):
        import weasyprint  # noqa: F401  (imported once per process)

        from reports import services
        from reports.constants import BlockKind, QuestionGrouping

        label, start, end = period
        blocks = [
            {"heading": "information", "kind": kind}
            for kind in BlockKind.values
            if kind != BlockKind.INDICATOR
        ]
        blocks[1]["grouping"] = QuestionGrouping.RELATIONSHIP_OR_DIVORCE
        try:
            with transaction.atomic():
                report = services.report_create(
                    municipality=self.desk.municipality,
                    title=f"Benchmark {label}",
                    period_start=start,
                    period_end=end,
                    blocks=blocks,
                )
                with CaptureQueriesContext(connection) as queries:
                    began = time.perf_counter()
                    services.report_publish(report=report, user=None)
                    took = time.perf_counter() - began
                self.stdout.write(
                    f"publish letter, 1 municip., {label:<9} {took * 1000:>8.0f} ms "
                    f"({len(queries.captured_queries)} queries)"
                )
                raise Rollback
        except Rollback:
            pass

    def _visit_post_data(self, rng, desk=None):
        return {
            "desk": str((desk or self.desk).pk),
            "date": datetime.date(LAST_YEAR, 12, rng.randint(1, 28)).isoformat(),
            "channel": Channel.WALK_IN,
            "who_came": WhoCame.ONE_PARTNER,
            "women": "1",
            "men": "0",
            "other_gender": "0",
            "age_band": AgeBand.UNKNOWN,
            "question": rng.choice(Question.values),
            "track": "A",
            "outcome": Outcome.HELPED,
            "notes": "",
        }

    def _saves_alone(self):
        """Visit saves through the test client (one process, nothing else running)."""
        client = self._client(self.counsellor)
        rng = random.Random(5)
        times = []
        for _ in range(max(20, 10 * self.options["repeat"])):
            began = time.perf_counter()
            response = client.post(reverse("intake:visit_create"), self._visit_post_data(rng))
            times.append(time.perf_counter() - began)
            if response.status_code != 302:
                raise CommandError(f"A visit POST answered {response.status_code}.")
        self.stdout.write("")
        self.stdout.write(
            f"visit POST alone (test client): p50 {percentile(times, 0.5) * 1000:.0f} ms, "
            f"p95 {percentile(times, 0.95) * 1000:.0f} ms"
        )

    # --- mixed load against a real gunicorn -----------------------------------------------

    def _session_cookie(self, user):
        from django.test.utils import override_settings

        with override_settings(SECRET_KEY=self.server_key):  # the server signs with its key
            client = self._client(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    def _load(self):
        o = self.options
        # The load test runs in committed data: gunicorn cannot see this transaction.
        if not o["reuse"]:
            self.stdout.write("(mixed load needs --reuse: gunicorn cannot see rolled-back data)")
            return
        base = Path(settings.BASE_DIR)
        self.server_key = secrets.token_urlsafe(50)
        env = {
            **os.environ,
            "DEBUG": "False",
            "SECRET_KEY": self.server_key,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "False",
            "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
        }
        # DEBUG=False serves hashed static files: collect them as the server's settings do.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=base,
            env=env,
            check=True,
        )
        lanes = {
            "before": ("lane without a queue (REPORT_QUEUE=False)", "False", base),
            "after": ("first-come-first-served queue (REPORT_QUEUE=True)", "True", base),
            "base": (f"the code in {o['base']} (queue on)", "True", Path(o["base"] or base)),
        }
        results = []
        for key in o["lanes"].split(","):
            label, queue, tree = lanes[key.strip()]
            if tree != base:
                subprocess.run(
                    [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
                    cwd=tree,
                    env=env,
                    check=True,
                )
            shipped, runs = self._load_lane({**env, "REPORT_QUEUE": queue}, tree)
            results.append((label, runs))
        self.stdout.write("")
        self.stdout.write(f"gunicorn: {shipped}; load generator on the same machine")
        self.stdout.write(
            f"{o['savers']} counsellors (a save, then the form its redirect loads), "
            f"{o['dashboards']} policy officers (a dashboard, read, the next; a waiting page is "
            "followed as a browser does: its refresh, with its ticket)"
        )
        for label, runs in results:
            self.stdout.write(f"-- {label}")
            self._report_runs(runs)

    def _load_lane(self, env, base):
        """Start the pools of the code in `base` with this environment, run alone / mixed /
        with a public crowd / stress, stop them."""
        o = self.options
        config = base / "gunicorn.conf.py"
        command = [str(Path(sys.executable).parent / "gunicorn"), "relatieloket.wsgi"]
        pools = [("web", PORT)]
        if config.exists():
            command += ["--config", str(config)]
            shipped = "gunicorn.conf.py"
            if not o["one_pool"]:
                # The proxy of README, Deploying sends the report pages to the report pool;
                # here the dashboards' clients go to its port directly.
                pools.append(("reports", PORT + 1))
                shipped += f", the dashboards from the report pool (port {PORT + 1})"
                if o["public_clients"]:
                    pools.append(("public", PORT + 2))
                    shipped += f", the anonymous clients from the public pool (port {PORT + 2})"
        else:
            command += ["--workers", "3"]
            shipped = "--workers 3 (sync, as the README had it)"
        servers = []
        for pool, port in pools:
            log = open(f"/tmp/benchmark-gunicorn-{port}.log", "w")  # noqa: SIM115
            servers.append(
                subprocess.Popen(
                    [*command, "--bind", f"127.0.0.1:{port}"],
                    cwd=base,
                    env={**env, "GUNICORN_POOL": pool},
                    stdout=log,
                    stderr=log,
                )
            )
        ports = dict(pools)
        self.report_url = f"http://127.0.0.1:{ports.get('reports', PORT)}"
        self.public_url = f"http://127.0.0.1:{ports.get('public', PORT)}"
        runs = []
        try:
            for server, (_pool, port) in zip(servers, pools, strict=True):
                self._wait_for(server, port)
            savers = [self._session_cookie(self.counsellor) for _ in range(o["savers"])]
            viewers = [self._session_cookie(self.scopes[size]) for size in self.scopes]
            self._mixed(savers, viewers[:1], seconds=3, n=1)  # warm up: connections open
            short = max(5, o["load_seconds"] // 3)
            runs.append(("saves alone", self._mixed(savers[:1], [], seconds=short)))
            # The fair share's unit: a dashboard with no other report asking.
            runs.append(("dashboards alone", self._mixed([], viewers, seconds=short, n=1)))
            for name, think, read in (
                ("mixed", o["think"], o["read"]),
                ("stress", o["stress_think"], o["stress_read"]),
            ):
                if think:
                    load = self._mixed(
                        savers,
                        viewers,
                        seconds=o["load_seconds"],
                        n=o["dashboards"],
                        think=self._think(think),
                        read=self._think(read),
                    )
                    runs.append((f"{name} (save every {think} s, read {read} s)", load))
                if name == "mixed" and o["public_clients"]:
                    runs += self._crowd_runs(savers, think)
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(timeout=30)
        return shipped, runs

    def _crowd_runs(self, savers, think):
        """The counsellors at human pace while anonymous clients load the public pages of a
        municipality (the overview, its page, its desk's page, in turn), then a static file."""
        from public.views import desk_url, municipality_url

        clients = self.options["public_clients"]
        pages = ["/hulp/", municipality_url(self.desk.municipality), desk_url(self.desk)]
        static = settings.STATIC_URL + "css/portal.css"
        seconds = max(10, self.options["load_seconds"] // 2)
        return [
            (
                f"{what} ({clients} anonymous clients)",
                self._mixed(
                    savers, [], seconds=seconds, think=self._think(think), crowd=(urls, clients)
                ),
            )
            for what, urls in (("public pages", pages), ("static file", [static]))
        ]

    @staticmethod
    def _figures(times):
        if not times:
            return f"{'–':>21}"
        return (
            f"{percentile(times, 0.5) * 1000:>6.0f} {percentile(times, 0.95) * 1000:>6.0f} "
            f"{max(times) * 1000:>7.0f}"
        )

    def _report_runs(self, runs):
        """p50 / p95 / max (ms) and 503s of the visit POST, the form GET after it and the
        dashboards, with the load average; and the dashboards' fair share."""
        self.stdout.write(
            f"{'run':<40} {'what':<12} {'n':>5} {'p50':>6} {'p95':>6} {'max':>7} {'503':>4} "
            f"{'waits':>5} {'load':>5}"
        )
        slots = max(1, int(getattr(settings, "REPORT_CONCURRENCY", 1)))
        officers = self.options["dashboards"]
        shares = []
        for name, result in runs:
            for what in ("visit POST", "form GET", "dashboard"):
                key = {"visit POST": "posts", "form GET": "forms", "dashboard": "dashboards"}[what]
                times = result[key]
                if not times and not result["busy"][key]:
                    continue
                waits = result["waits"] if key == "dashboards" else ""
                self.stdout.write(
                    f"{name:<40} {what:<12} {len(times):>5} {self._figures(times)} "
                    f"{result['busy'][key]:>4} {waits:>5} {result['load']:>5.2f}"
                )
            if result.get("crowd"):
                times = result["crowd"]
                self.stdout.write(
                    f"{name:<40} {'anonymous':<12} {len(times):>5} {self._figures(times)} "
                    f"{'':>4} {'':>5} {result['load']:>5.2f}  "
                    f"{len(times) / result['seconds']:.0f} req/s"
                )
            if result["errors"]:
                self.stdout.write(f"{'':<40} other answers: {result['errors']}")
            if result["service"] and name != "dashboards alone":
                # First come, first served: a dashboard waits for at most one turn of every
                # other officer, so it takes at most ceil(officers / slots) times the time a
                # dashboard holds its slot in the same run (what the load leaves the reports).
                turns = -(-officers // slots)
                unit = percentile(result["service"], 0.95)
                dashboards = percentile(result["dashboards"], 0.95)
                shares.append(
                    f"dashboards' fair share, {name}: ceil({officers} officers / {slots} "
                    f"slot{'s' if slots > 1 else ''}) × p95 in the slot {unit * 1000:.0f} ms "
                    f"= {turns * unit * 1000:.0f} ms; dashboard p95 {dashboards * 1000:.0f} ms "
                    f"({dashboards / (turns * unit):.2f} of it)"
                )
        for line in shares:
            self.stdout.write(line)

    def _wait_for(self, server, port):
        for _ in range(100):
            if server.poll() is not None:
                raise CommandError(f"gunicorn stopped, see /tmp/benchmark-gunicorn-{port}.log")
            try:
                _no_redirect().open(f"http://127.0.0.1:{port}/inloggen/", timeout=2)
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.2)
        raise CommandError("gunicorn did not start.")

    @staticmethod
    def _think(text):
        low, _, high = text.partition("-")
        return float(low), float(high or low)

    def _mixed(
        self, savers, viewers, *, seconds, n=0, think=(0.2, 0.6), read=(0, 0), crowd=((), 0)
    ):
        """Counsellors save and load the form the redirect points to; officers load dashboards
        (following the waiting page as a browser does) and read them; `crowd` (urls, clients):
        anonymous clients load those pages in turn as fast as they are served (`_crowd`). Times in
        seconds; a dashboard's time runs from its first request to the page with the figures."""
        stop = time.perf_counter() + seconds
        result = {
            "seconds": seconds,
            "crowd": [],
            "posts": [],
            "forms": [],
            "dashboards": [],
            "busy": {"posts": 0, "forms": 0, "dashboards": 0},
            "waits": 0,
            "service": [],
            "errors": {},
        }
        lock = threading.Lock()
        url = f"http://127.0.0.1:{PORT}"
        refresh = re.compile(r'http-equiv="refresh" content="(\d+);url=([^"]+)"')
        dashboard_params = [
            {
                "start": f"{LAST_YEAR - self.options['years'] + 1}-01-01",
                "end": f"{LAST_YEAR}-12-31",
            },
            {"start": f"{LAST_YEAR}-01-01", "end": f"{LAST_YEAR}-12-31"},
        ]

        def request(cookie, path, data=None, base=url):
            token = secrets.token_hex(16)
            headers = {
                "Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}; "
                f"{settings.CSRF_COOKIE_NAME}={token}",
                "Host": "127.0.0.1",
            }
            body = None
            if data is not None:
                body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            req = urllib.request.Request(base + path, data=body, headers=headers)
            began = time.perf_counter()
            content = b""
            try:
                answer = _no_redirect().open(req, timeout=120)
                status, location = answer.status, answer.headers.get("Location", "")
                content = answer.read()
                timing = answer.headers.get("Server-Timing", "")
            except urllib.error.HTTPError as error:
                status, location = error.code, error.headers.get("Location", "")
                timing = ""
            took = time.perf_counter() - began
            if status == 200 and timing.startswith("report;dur="):
                with lock:  # the time the report held its slot: the fair share's unit
                    result["service"].append(float(timing.removeprefix("report;dur=")) / 1000)
            return status, location, content, took

        def count(kind, status, took, expected):
            with lock:
                if status == expected:
                    result[kind].append(took)
                elif status == 503:
                    result["busy"][kind] += 1
                else:
                    label = f"{kind} {status}"
                    result["errors"][label] = result["errors"].get(label, 0) + 1

        def saver(cookie, seed):
            rng = random.Random(seed)
            time.sleep(rng.uniform(0, think[1]))  # counsellors do not all press save at once
            while time.perf_counter() < stop:
                status, location, _content, took = request(
                    cookie,
                    reverse("intake:visit_create"),
                    self._visit_post_data(rng, self.desks[seed % len(self.desks)]),
                )
                saved = status == 302 and "/contacten/nieuw/" in location
                count("posts", 302 if saved else status, took, 302)
                if saved:  # the browser follows the redirect: the form, for the next visit
                    path = urllib.parse.urlsplit(location)
                    status, _location, _content, took = request(cookie, f"{path.path}?{path.query}")
                    count("forms", status, took, 200)
                time.sleep(rng.uniform(*think))  # a counsellor is not a loop

        def viewer(cookies, seed):
            rng = random.Random(seed)
            turn = 0
            while time.perf_counter() < stop:
                cookie = cookies[turn % len(cookies)]
                turn += 1
                query = urllib.parse.urlencode(rng.choice(dashboard_params))
                path = f"{reverse('reports:start')}?{query}"
                began = time.perf_counter()
                while True:
                    status, _location, content, _took = request(cookie, path, base=self.report_url)
                    found = status == 202 and refresh.search(content.decode())
                    if not found:
                        break
                    with lock:
                        result["waits"] += 1
                    time.sleep(int(found.group(1)))  # the browser waits, then refreshes
                    path = html.unescape(found.group(2))
                count("dashboards", status, time.perf_counter() - began, 200)
                time.sleep(rng.uniform(*read))  # the officer reads it

        threads = [
            threading.Thread(target=saver, args=(cookie, i)) for i, cookie in enumerate(savers)
        ]
        if crowd[1]:
            # In a process of its own, so that its threads do not take the interpreter from
            # the counsellors' clients (their times would include the crowd's turns).
            receiver, sender = multiprocessing.Pipe(duplex=False)
            crowd_process = multiprocessing.get_context("fork").Process(
                target=_crowd,
                args=(self.public_url, *crowd, stop - time.perf_counter(), sender),
            )
            crowd_process.start()
        if n == 1:  # one officer asking for every scope in turn, as the officers do together
            officers = [[viewers[i % len(viewers)] for i in range(self.options["dashboards"])]]
        else:
            officers = [[viewers[i % len(viewers)]] for i in range(n)]
        threads += [
            threading.Thread(target=viewer, args=(cookies, 100 + i))
            for i, cookies in enumerate(officers if viewers else [])
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if crowd[1]:
            result["crowd"], errors = receiver.recv()
            crowd_process.join()
            for label, number in errors.items():
                result["errors"][label] = result["errors"].get(label, 0) + number
        result["load"] = os.getloadavg()[0]
        return result
