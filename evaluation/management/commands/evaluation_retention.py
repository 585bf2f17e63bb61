"""Cut the link from scores and follow-up answers to the traject once the follow-up period
after closing has passed (EVALUATION_FOLLOW_UP_MONTHS); run it daily (cron, a timer)."""

from django.core.management.base import BaseCommand

from evaluation.services import retention_apply


class Command(BaseCommand):
    help = "Cut evaluations loose from their traject after the follow-up period; only figures stay."

    def handle(self, *args, **options):
        count = retention_apply()
        self.stdout.write(f"{count} evaluation(s) cut loose from their traject.")
