"""The national benchmark runs in a small version (what CI can afford), prints its table with
the queries per page, and leaves no data behind; the shipped gunicorn configuration gives the
reports a pool of their own at a lower CPU priority."""

import importlib.util
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from intake.models import Visit

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark loads with COPY")
def test_a_small_benchmark_prints_every_scope_and_rolls_its_data_back():
    before = Visit.objects.count()
    out = io.StringIO()
    call_command(
        "benchmark_dashboard",
        visits=3000,
        municipalities=3,
        years=2,
        repeat=1,
        skip_load=True,
        stdout=out,
    )
    text = out.getvalue()
    for scope in ("1 municipality", "3 municipalities"):
        for period in ("1 year", "2 years"):
            line = next(row for row in text.splitlines() if row.startswith(f"{scope:<18} {period}"))
            page, sql, ratio, queries = line.split()[-4:]
            assert float(page) > 0 and float(sql) > 0 and ratio.endswith("×")
            assert 20 <= int(queries) <= 30, line
    assert "publish letter" in text and "visit POST alone (test client)" in text
    assert "rolled back" in text
    assert Visit.objects.count() == before


def _config(monkeypatch, **environ):
    for name in ("GUNICORN_POOL", "GUNICORN_WORKERS", "GUNICORN_NICE", "REPORT_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    path = Path(settings.BASE_DIR) / "gunicorn.conf.py"
    spec = importlib.util.spec_from_file_location("gunicorn_conf", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_report_pool_runs_apart_and_gives_way(monkeypatch):
    web = _config(monkeypatch)
    assert (web.worker_class, web.bind, web.nice) == ("gthread", "0.0.0.0:8000", 0)
    assert web.workers >= 2
    reports = _config(monkeypatch, GUNICORN_POOL="reports", REPORT_CONCURRENCY="2")
    assert (reports.bind, reports.workers, reports.nice) == ("0.0.0.0:8001", 2, 10)
    niced = []
    monkeypatch.setattr(reports.os, "nice", niced.append)
    reports.post_fork(None, None)
    assert niced == [10]
    monkeypatch.setattr(web.os, "nice", niced.append)
    web.post_fork(None, None)
    assert niced == [10]  # the portal's own pool keeps its priority
