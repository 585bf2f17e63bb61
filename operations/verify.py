"""After a restore: is every published letter byte for byte what was published, and are the
figures kept per desk and month what the visits, trajects and referrals say?

- A letter: the SHA-256 over its frozen PDF bytes equals the SHA-256 stored when it was
  published (which is also the one the council received).
- Its open data: the CSV and JSON files say what the letter prints, every count a cell of
  the letter that the series audit of later letters reads.
- The figures: they are recounted from the raw records (`intake.figures.rebuild`, as
  `manage.py rebuild_figures` does) inside a transaction that is rolled back, and compared with
  the maintained rows per desk and month; rows that count nothing are left out on both sides.
"""

import hashlib
from collections import defaultdict

from django.db import models, transaction

from intake import figures
from intake.models import Desk, ReferralMonth, TrajectMonth, VisitMonth, VisitMonthCategory
from public.opendata import open_data_problems, published_letters

# The only names this module takes from reports (public: the model).
from reports.models import CouncilReport

FIGURE_MODELS = (VisitMonth, VisitMonthCategory, TrajectMonth, ReferralMonth)


def letters_differing():
    """The published letters whose PDF no longer has the published SHA-256, and the count of
    published letters checked."""
    differing = []
    checked = 0
    published = CouncilReport.objects.filter(status=CouncilReport.Status.PUBLISHED)
    for report in published.select_related("municipality").iterator(chunk_size=50):
        checked += 1
        data = bytes(report.pdf) if report.pdf is not None else b""
        if hashlib.sha256(data).hexdigest() != report.sha256:
            differing.append(report)
    return differing, checked


def open_data_differing():
    """What the open-data files of the published letters say beyond what the letters print
    (public.opendata.open_data_problems), one line per figure; empty when they agree."""
    return [problem for report in published_letters() for problem in open_data_problems(report)]


def _figure_rows():
    """{(desk id, month): {model label: sorted rows}}, rows that count nothing left out."""
    rows = defaultdict(dict)
    for model in FIGURE_MODELS:
        counts = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.IntegerField) and not f.primary_key and not f.is_relation
        ]
        keys = [
            f.attname
            for f in model._meta.concrete_fields
            if not f.primary_key and f.attname not in counts
        ]
        per_month = defaultdict(list)
        for row in model.objects.values_list(*keys, *counts):
            if any(row[len(keys) :]):
                per_month[(row[keys.index("desk_id")], row[keys.index("month")])].append(
                    tuple(str(v) for v in row)
                )
        for desk_month, month_rows in per_month.items():
            rows[desk_month][model._meta.label] = sorted(month_rows)
    return rows


def figures_differing():
    """The desk-months whose maintained figures differ from the raw ones, as (desk name,
    month) sorted, and the number of desk-months compared."""
    with transaction.atomic():
        maintained = _figure_rows()
        figures.rebuild()
        raw = _figure_rows()
        transaction.set_rollback(True)
    differing = sorted(
        key for key in maintained.keys() | raw.keys() if maintained.get(key) != raw.get(key)
    )
    names = dict(Desk.objects.filter(pk__in={d for d, _m in differing}).values_list("pk", "name"))
    named = [(names.get(desk, f"desk {desk}"), month) for desk, month in differing]
    return named, len(maintained.keys() | raw.keys())
