"""Measure the dashboard on growing numbers of visits: time and queries per request.

Runs inside a transaction that is rolled back, so the database is left as it was.
    python manage.py benchmark_dashboard --sizes 1000 10000 100000
"""

import datetime
import random
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.constants import Channel, Outcome, WhoCame
from intake.models import Desk, Visit
from referrals.constants import Question
from referrals.models import Municipality
from relatieloket.roles import Role


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the dashboard page and its CSV export for growing numbers of visits."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", nargs="+", type=int, default=[1_000, 10_000, 100_000])
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, sizes, repeat, **options):
        try:
            with transaction.atomic():
                self._run(sorted(sizes), repeat)
                raise Rollback
        except Rollback:
            self.stdout.write("Benchmark data rolled back.")

    def _run(self, sizes, repeat):
        municipality = Municipality.objects.get(cbs_code="GM0531")
        desk = Desk.objects.create(
            name="Benchmarkloket", municipality=municipality, tariff_per_traject=1000
        )
        user = get_user_model().objects.create_user("benchmark-beleid", password=None)
        user.groups.add(Group.objects.get(name=Role.POLICY))
        user.municipalities.add(municipality)
        hosts = [h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")]
        client = Client(HTTP_HOST=hosts[0] if hosts else "localhost")
        client.force_login(user)
        rng = random.Random(1)
        choices = {
            "channel": [c for c, _ in Channel.choices],
            "who_came": [c for c, _ in WhoCame.choices],
            "question": [c for c, _ in Question.choices],
            "outcome": [c for c, _ in Outcome.choices],
        }
        params = {"start": "2024-01-01", "end": "2024-12-31", "municipality": municipality.pk}
        self.stdout.write(
            f"{'visits':>9} {'page median ms':>15} {'export median ms':>17} {'queries':>8}"
        )
        created = 0
        for size in sizes:
            Visit.objects.bulk_create(
                (
                    Visit(
                        desk=desk,
                        date=datetime.date(2023, 1, 1)
                        + datetime.timedelta(days=rng.randrange(730)),
                        women=1,
                        men=rng.randrange(2),
                        children=rng.randrange(4),
                        **{field: rng.choice(values) for field, values in choices.items()},
                    )
                    for _ in range(size - created)
                ),
                batch_size=5_000,
            )
            created = size
            page_times, export_times = [], []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    began = time.perf_counter()
                    response = client.get(reverse("reports:start"), params)
                    page_times.append(time.perf_counter() - began)
                query_count = len(queries.captured_queries)
                if response.status_code != 200:
                    raise CommandError(f"The dashboard answered {response.status_code}.")
                began = time.perf_counter()
                client.get(
                    reverse("reports:export"), {**params, "tabel": "vragen", "formaat": "csv"}
                )
                export_times.append(time.perf_counter() - began)
            page_ms = statistics.median(page_times) * 1000
            export_ms = statistics.median(export_times) * 1000
            self.stdout.write(f"{size:>9,} {page_ms:>15.0f} {export_ms:>17.0f} {query_count:>8}")
