"""Print the exact evaluation figures of one municipality and period as one JSON object."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from evaluation.selectors import evaluation_figures
from referrals.models import Municipality


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = (
        "Evaluation figures (exact, not for publication) of the trajects that started from "
        "--start up to and including --end in the municipality, as one JSON object."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="Name, e.g. Dordrecht")
        parser.add_argument("--start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--end", required=True, help="YYYY-MM-DD (inclusive)")

    def handle(self, *args, municipality, start, end, **options):
        start, end = _date(start), _date(end)
        if end < start:
            raise CommandError("--end is before --start")
        found = Municipality.objects.filter(name__iexact=municipality.strip()).first()
        if found is None:
            raise CommandError(f"no municipality named {municipality!r}")
        figures = evaluation_figures(municipalities=[found], start=start, end=end)
        self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
