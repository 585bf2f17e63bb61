import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from relatieloket import demo


class Command(BaseCommand):
    help = (
        "Print the current second-factor code of the demo users (the code an authenticator "
        "app with the demo key shows now). Refuses to run with DEBUG=False: the demo key "
        "counts only on a development portal."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "demo_code refuses to run with DEBUG=False: the demo key is not accepted there."
            )
        now = time.time()
        seconds_left = 30 - int(now) % 30
        self.stdout.write(demo.demo_totp_code(at=now))
        self.stderr.write(f"(valid for {seconds_left} more seconds, then the next code)")
