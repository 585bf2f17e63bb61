"""Production settings: fail fast without secrets, and pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def _run(args, **env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _production_env():
    env = {}
    for line in (BASE_DIR / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    # Filled in as an operator would: a random secret; the database need not exist for the
    # checks, so SQLite.
    env["SECRET_KEY"] = secrets.token_urlsafe(64)
    env["DATABASE_URL"] = "sqlite:///:memory:"
    return env


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = _run(["check"], DEBUG="False", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_refuses_to_start_without_allowed_hosts_when_debug_is_off():
    result = _run(["check"], DEBUG="False", SECRET_KEY="x" * 30 + "abcdefghijklmnopqrstuvwxyz")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


@pytest.mark.parametrize("key", ["a" * 60, "django-insecure-" + secrets.token_urlsafe(50)])
def test_refuses_a_secret_key_that_django_calls_insecure(key):
    result = _run(["check"], DEBUG="False", ALLOWED_HOSTS="example.org", SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_refuses_the_placeholder_secret_key_of_the_example():
    env = _production_env()
    env.pop("SECRET_KEY")
    example = dict(
        line.partition("=")[::2]
        for line in (BASE_DIR / ".env.example").read_text().splitlines()
        if line.startswith("SECRET_KEY=")
    )
    result = _run(["check"], **env, SECRET_KEY=example["SECRET_KEY"])
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_with_the_production_variables_reports_nothing():
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], **_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_defaults_start_on_sqlite():
    result = _run(["check"], DEBUG="True")
    assert result.returncode == 0, result.stderr


def test_every_apps_tests_run_with_make_test():
    """`make test` runs pytest's testpaths: an app whose tests are not listed there would
    pass CI without ever running them."""
    import configparser
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    config = configparser.ConfigParser()
    config.read(root / "pytest.ini")
    listed = set(config["pytest"]["testpaths"].split())
    with_tests = {
        path.parent.parent.name
        for path in root.glob("*/tests/__init__.py")
        if not path.parent.parent.name.startswith(".")
    }
    assert with_tests <= listed, sorted(with_tests - listed)
