"""Time the anonymity check on growing texts of letters, digits and mixed prose.

    python manage.py benchmark_identity --sizes 1000 10000 100000 --repeat 5

The default sizes are 1 KB, 10 KB, the longest free text a form accepts and 100 KB (the size
that took the old, backtracking check 46 s of "A" and 97 s of "1"). The check is linear in the
length of the text, so the time per KB stays flat as the text grows.
"""

import statistics
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from intake.constants import FREE_TEXT_MAX_LENGTH
from intake.identity import validate_anonymous_text

# Each text is the unit repeated to the size: the worst cases of the old check (one long run
# of a character class), digits with separators (the number groups) and ordinary notes.
TEXTS = {
    "letters": "A",
    "digits": "1",
    "digits with separators": "1 ",
    "phone-like pairs": "06,12 ",
    "iban-like words": "NL91 ",
    "mixed prose": (
        "Beide partners aanwezig op 12-03-2025, 3 kinderen (6, 9 en 12 jaar); kosten € 800, "
        "gesprek van 10.00 tot 11.30 uur. Doorverwezen naar POH Jeugd, warme overdracht. "
    ),
}


class Command(BaseCommand):
    help = "Time the anonymity check (intake.identity) on letters, digits and mixed text."

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes",
            nargs="+",
            type=int,
            default=[1_000, 10_000, FREE_TEXT_MAX_LENGTH, 100_000],
            help="Text lengths in characters.",
        )
        parser.add_argument("--repeat", type=int, default=3, help="Runs per text; the median.")

    def handle(self, *args, sizes, repeat, **options):
        self.stdout.write(f"{'text':<24}{'length':>10}{'median ms':>12}{'max ms':>10}  result")
        for name, unit in TEXTS.items():
            for size in sorted(set(sizes)):
                text = (unit * (size // len(unit) + 1))[:size]
                timings, refused = [], False
                for _run in range(max(repeat, 1)):
                    start = time.perf_counter()
                    try:
                        validate_anonymous_text(text)
                    except ValidationError:
                        refused = True
                    timings.append((time.perf_counter() - start) * 1000)
                self.stdout.write(
                    f"{name:<24}{size:>10,}{statistics.median(timings):>12.1f}"
                    f"{max(timings):>10.1f}  {'refused' if refused else 'passes'}"
                )
