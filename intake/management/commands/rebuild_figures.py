"""Recount the figures per desk and month from the visits, trajects and referrals: after an
import, a restore, or anything else that wrote them without the intake services.
    python manage.py rebuild_figures
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from intake import figures


class Command(BaseCommand):
    help = "Rebuild the figures per desk and month from the visits, trajects and referrals."

    def handle(self, *args, **options):
        began = time.perf_counter()
        with transaction.atomic():
            written = figures.rebuild()
        self.stdout.write(
            f"{written['months']} desk-months, {written['categories']} category rows, "
            f"{written['trajects']} traject months and {written['referrals']} referral rows "
            f"rebuilt in {time.perf_counter() - began:.1f} s."
        )
