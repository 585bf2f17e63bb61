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
            # 27 for the figures, the queue's statements and the evaluation section's 5.
            assert 20 <= int(queries) <= 35, line
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
    public = _config(monkeypatch, GUNICORN_POOL="public")
    assert (public.bind, public.nice, public.workers) == ("0.0.0.0:8002", 10, web.workers)
    monkeypatch.setattr(public.os, "nice", niced.append)
    public.post_fork(None, None)
    assert niced == [10, 10]  # a crowd on the public pages gives way to the saves


def test_the_crowd_runs_print_the_saves_beside_the_anonymous_requests_per_second():
    from operations.management.commands.benchmark_dashboard import Command

    command = Command(stdout=io.StringIO())
    command.options = {"dashboards": 5}
    busy = {"posts": 0, "forms": 0, "dashboards": 0}
    command._report_runs(
        [
            (
                f"{what} (16 anonymous clients)",
                {
                    "posts": [0.04, 0.05],
                    "forms": [0.02],
                    "dashboards": [],
                    "busy": busy,
                    "waits": 0,
                    "service": [],
                    "errors": {},
                    "load": 2.0,
                    "crowd": [0.01] * rate * 10,
                    "seconds": 10,
                },
            )
            for what, rate in (("public pages", 300), ("static file", 500))
        ]
    )
    rows = [line.split() for line in command.stdout.getvalue().splitlines()[1:]]
    assert rows[0][-6:] == ["2", "40", "50", "50", "0", "2.00"]  # the saves, with the crowd
    assert rows[2][:6] == ["public", "pages", "(16", "anonymous", "clients)", "anonymous"]
    assert rows[2][-3:] == ["2.00", "300", "req/s"]
    assert rows[5][-3:] == ["2.00", "500", "req/s"]


def test_the_load_table_gives_each_page_its_figures_and_the_dashboards_fair_share(settings):
    """Form GET, visit POST and dashboards each with p50, p95, max, 503s and the load average;
    the fair share is ceil(officers / slots) times the p95 a dashboard held its slot in that run."""
    from operations.management.commands.benchmark_dashboard import Command

    settings.REPORT_CONCURRENCY = 2
    command = Command(stdout=io.StringIO())
    command.options = {"dashboards": 5}

    def run(posts=(), forms=(), dashboards=(), busy=0, waits=0, service=()):
        return {
            "posts": list(posts),
            "forms": list(forms),
            "dashboards": list(dashboards),
            "busy": {"posts": 0, "forms": 0, "dashboards": busy},
            "waits": waits,
            "service": list(service),
            "errors": {},
            "load": 1.5,
        }

    command._report_runs(
        [
            ("saves alone", run(posts=[0.01, 0.02, 0.03], forms=[0.02, 0.04])),
            ("dashboards alone", run(dashboards=[0.05], service=[0.04])),
            (
                "mixed",
                run(
                    posts=[0.05],
                    forms=[0.06],
                    dashboards=[0.3, 0.5],
                    busy=1,
                    waits=4,
                    service=[0.1] * 19 + [0.2],
                ),
            ),
        ]
    )
    lines = command.stdout.getvalue().splitlines()
    assert lines[0].split() == ["run", "what", "n", "p50", "p95", "max", "503", "waits", "load"]
    assert lines[1].split() == [
        "saves",
        "alone",
        "visit",
        "POST",
        "3",
        "20",
        "30",
        "30",
        "0",
        "1.50",
    ]
    assert lines[2].split() == [
        *("saves", "alone", "form", "GET"),
        *("2", "20", "40", "40", "0", "1.50"),
    ]
    mixed = next(line for line in lines if line.startswith("mixed") and "dashboard" in line)
    assert mixed.split() == ["mixed", "dashboard", "2", "300", "500", "500", "1", "4", "1.50"]
    # p95 of 20 times in the slot is the 19th: 100 ms; 5 officers over 2 slots: 3 turns.
    assert lines[-1] == (
        "dashboards' fair share, mixed: ceil(5 officers / 2 slots) × p95 in the slot 100 ms "
        "= 300 ms; dashboard p95 500 ms (1.67 of it)"
    )
