"""Remove personal data past its retention period; run nightly (CronJob in deploy/kubernetes).

python manage.py apply_retention            # remove, and record the counts in the audit trail
python manage.py apply_retention --dry-run  # print what would be removed, change nothing
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from operations import retention


class Command(BaseCommand):
    help = "Remove login records, sessions, feedback links, audit entries and traject codes "
    help += "past their retention period (settings RETENTION_*_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be removed; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        try:
            if dry_run:
                counts = retention.pending()
            else:
                counts = {
                    c.field: getattr(run, c.field)
                    for run in [retention.apply_retention()]
                    for c in retention.CATEGORIES
                }
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        verb = "would remove" if dry_run else "removed"
        # The operator's log speaks one language: the labels in English, as the rest.
        with translation.override("en"):
            self._report(counts, verb)
        if not dry_run:
            self.stdout.write("Counts recorded in the audit trail.")

    def _report(self, counts, verb):
        for category in retention.CATEGORIES:
            period = (
                f"older than {getattr(settings, category.setting)} {category.unit} "
                f"({category.setting})"
                if category.setting
                else "past their expiry"
            )
            count = counts[category.field]
            what = f"{count}" if count else "nothing"
            self.stdout.write(f"{category.label}: {verb} {what} ({period})")
