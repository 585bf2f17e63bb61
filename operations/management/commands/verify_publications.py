"""Check after a restore (or any time) that the published letters and the figures are intact:

    python manage.py verify_publications

Exits with status 1, naming each letter and each desk-month that differs (README, Deploying:
backup and restore).
"""

from django.core.management.base import BaseCommand, CommandError

from operations import verify


class Command(BaseCommand):
    help = "Verify every published letter's SHA-256 and open data, and that the maintained "
    help += "figures equal the ones recounted from the visits, trajects and referrals."

    def handle(self, *args, **options):
        letters, checked = verify.letters_differing()
        for report in letters:
            self.stderr.write(
                f"Letter differs: #{report.pk} {report.municipality.name}, "
                f"{report.title!r} version {report.version} "
                f"(published {report.published_at:%Y-%m-%d}): SHA-256 of the PDF does not match."
            )
        open_data = verify.open_data_differing()
        for problem in open_data:
            self.stderr.write(f"Open data differs: {problem}")
        months, compared = verify.figures_differing()
        for desk, month in months:
            self.stderr.write(f"Figures differ: {desk}, {month:%Y-%m}.")
        if letters or months or open_data:
            raise CommandError(
                f"{len(letters)} of {checked} published letters and {len(months)} of "
                f"{compared} desk-months differ; {len(open_data)} open-data figures say "
                "more than their letter."
            )
        self.stdout.write(
            f"{checked} published letters match their SHA-256 and their open data says what "
            f"they print; the figures of {compared} desk-months equal the recounted ones."
        )
