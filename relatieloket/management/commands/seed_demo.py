from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from relatieloket import demo
from relatieloket.layers import layer_of

DEFAULT_PASSWORD = "relatieloket-demo"


class Command(BaseCommand):
    help = (
        "Load demo data: one user per role with a known password, and the desks and locations "
        "of the seed documents. Idempotent: running it again resets the demo users' passwords "
        "and adds nothing twice. Refuses to run with DEBUG=False unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD, help="Password for every demo user."
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG=False (never in production)."
        )

    def handle(self, *args, password, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates users with a known password; it refuses to run with "
                "DEBUG=False. Use --force only on a test machine."
            )
        with transaction.atomic():
            users = demo.seed(password=password, stdout=self.stdout)
            # Bottom-up by layer: an app's demo finds the data of the apps it builds on.
            configs = sorted(apps.get_app_configs(), key=lambda c: -(layer_of(c.name) or 0))
            for config in configs:
                if config.name == "relatieloket":
                    continue
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                self.stdout.write(f"Demo data: {config.verbose_name} …")
                module.seed(password=password, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Demo logins:"))
        for username, role in users:
            self.stdout.write(f"  {username:<18} {password:<20} ({role})")
        secret = demo.demo_totp_secret()
        self.stdout.write(
            "Second factor (every demo user, only with DEBUG=True): after the password the portal\n"
            "asks for a six-digit code. Either add this key to an authenticator app once:\n"
            f"  {secret}\n"
            f"  otpauth://totp/Relatieloket:demo?secret={secret}&issuer=Relatieloket&digits=6\n"
            "or print the current code in a second terminal:\n"
            "  make demo-code      (or: DEBUG=True .venv/bin/python manage.py demo_code)"
        )
