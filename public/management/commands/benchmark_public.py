"""Public pages and the visit form at national scale.

    DATABASE_URL=postgres://... python manage.py benchmark_public --municipalities 342

Makes sure there are that many municipalities, each with a desk, a location and a walk-in
hour (committed: gunicorn must see them; names "Benchmarkgemeente NNN"), then

- times the visit form GET in this process (p50, p95, size, queries) for a counsellor of a
  desk;
- starts gunicorn (gunicorn.conf.py, one pool) on --port twice, with the public page cache off
  (PUBLIC_PAGE_CACHE=False: rendered per request, `no-store`, as before) and on, and has
  --clients anonymous clients load /hulp/, a municipality page, a desk page and a static file
  for --seconds each: requests per second and p95, all from the same run.
"""

import datetime
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.models import Desk, Location, WeeklyHour
from referrals.models import Municipality
from relatieloket.roles import Role
from relatieloket.testing import pass_second_factor

PREFIX = "Benchmarkgemeente"


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


class Command(BaseCommand):
    help = "Requests/s of the public pages against a static file, and the visit form GET."

    def add_arguments(self, parser):
        parser.add_argument("--municipalities", type=int, default=342)
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--clients", type=int, default=16)
        parser.add_argument("--seconds", type=float, default=5)
        parser.add_argument("--form-repeat", type=int, default=50)
        parser.add_argument("--skip-load", action="store_true", help="only the visit form")

    def handle(self, *args, **options):
        self.o = options
        desk = self._data(options["municipalities"])
        self._form(desk)
        if not options["skip_load"]:
            self._load(desk)

    def _data(self, n):
        existing = Municipality.objects.count()
        missing = max(0, n - existing)
        Municipality.objects.bulk_create(
            Municipality(name=f"{PREFIX} {i:03d}", cbs_code=f"GM8{i:03d}") for i in range(missing)
        )
        for municipality in Municipality.objects.filter(desks__isnull=True):
            desk = Desk.objects.create(
                name=f"Relatieloket {municipality.name}",
                municipality=municipality,
                opened_on=datetime.date(2020, 1, 1),
            )
            location = Location.objects.create(desk=desk, name="Wijkcentrum", address="Plein 1")
            WeeklyHour.objects.create(
                location=location, weekday=5, start=datetime.time(10), end=datetime.time(12)
            )
        total = Municipality.objects.count()
        self.stdout.write(f"{total} municipalities, {Desk.objects.count()} desks")
        return Desk.objects.select_related("municipality").order_by("pk").first()

    def _form(self, desk):
        user, _ = get_user_model().objects.get_or_create(username="benchmark-public-counsellor")
        user.groups.add(Group.objects.get_or_create(name=Role.COUNSELLOR.value)[0])
        desk.staff.add(user)
        hosts = [h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")]
        client = Client(HTTP_HOST=hosts[0] if hosts else "localhost")
        client.force_login(user)
        pass_second_factor(client, user)
        url = reverse("intake:visit_create")
        response = client.get(url)  # the first: per-process choices are built
        assert response.status_code == 200, response.status_code
        times = []
        for _ in range(self.o["form_repeat"]):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        self.stdout.write(
            f"visit form GET ({desk.municipality.name}): p50 {statistics.median(times):.1f} ms, "
            f"p95 {percentile(times, 0.95):.1f} ms, {len(response.content):,} bytes, "
            f"{len(queries)} queries (in process, {len(times)} requests)"
        )

    def _load(self, desk):
        from public.views import desk_url, municipality_url

        base = Path(settings.BASE_DIR)
        env = {
            **os.environ,
            "DEBUG": "False",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "False",
            "GUNICORN_POOL": "web",
        }
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=base,
            env=env,
            check=True,
        )
        urls = {
            "/hulp/": "/hulp/",
            "municipality page": municipality_url(desk.municipality),
            "desk page": desk_url(desk),
            "static file": self._static_url(),
        }
        results = {}
        for label, flag in (("cache off (before)", "False"), ("cache on (after)", "True")):
            results[label] = self._serve({**env, "PUBLIC_PAGE_CACHE": flag}, urls)
        self.stdout.write(
            f"{self.o['clients']} anonymous clients, {self.o['seconds']:.0f} s per page, "
            "gunicorn.conf.py (one pool), load generator on the same machine"
        )
        for label, rows in results.items():
            self.stdout.write(f"-- {label}")
            for name, (rate, p95, size, errors) in rows.items():
                self.stdout.write(
                    f"   {name:<18} {rate:>7.0f} req/s  p95 {p95:>6.0f} ms  "
                    f"{size:>7,} bytes  errors {errors}"
                )

    def _static_url(self):
        # WhiteNoise serves the collected file under its own name as well as the hashed one.
        return settings.STATIC_URL + "css/portal.css"

    def _serve(self, env, urls):
        port = self.o["port"]
        base = Path(settings.BASE_DIR)
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "relatieloket.wsgi",
            "--config",
            str(base / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
        ]
        log = open(f"/tmp/benchmark-public-{port}.log", "w")  # noqa: SIM115
        server = subprocess.Popen(command, cwd=base, env=env, stdout=log, stderr=log)
        try:
            root = f"http://127.0.0.1:{port}"
            self._wait_for(root + "/hulp/")
            return {name: self._hammer(root + url) for name, url in urls.items()}
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()

    def _wait_for(self, url):
        for _ in range(300):
            try:
                urllib.request.urlopen(url, timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer {url}")

    def _hammer(self, url):
        # Warm: the first request renders and stores the page.
        size = len(urllib.request.urlopen(url, timeout=10).read())
        stop = time.monotonic() + self.o["seconds"]
        lock = threading.Lock()
        times, errors = [], [0]

        def client():
            while time.monotonic() < stop:
                start = time.perf_counter()
                try:
                    urllib.request.urlopen(url, timeout=30).read()
                except OSError:
                    with lock:
                        errors[0] += 1
                    continue
                with lock:
                    times.append((time.perf_counter() - start) * 1000)

        began = time.monotonic()
        with ThreadPoolExecutor(self.o["clients"]) as pool:
            for _ in range(self.o["clients"]):
                pool.submit(client)
        elapsed = time.monotonic() - began
        return len(times) / elapsed, percentile(times, 0.95), size, errors[0]
