"""Sample URL parameters for the access matrix (relatieloket/tests/test_access.py)."""

import datetime
import hashlib

from django.utils import timezone

from reports.models import CouncilReport


def make_council_report(municipality, *, published=False, **fields):
    """A council report; `published=True` stores a frozen stand-in without rendering a PDF."""
    values = {
        "title": "Voortgang Relatieloket",
        "period_start": datetime.date(2024, 1, 1),
        "period_end": datetime.date(2024, 6, 30),
        "blocks": [{"heading": "information", "kind": "visits_summary"}],
        **fields,
    }
    if published:
        pdf = b"%PDF-1.7 stand-in"
        values.update(
            status=CouncilReport.Status.PUBLISHED,
            snapshot={"sections": []},
            html="<p>Gepubliceerd</p>",
            pdf=pdf,
            sha256=hashlib.sha256(pdf).hexdigest(),
            published_at=timezone.now(),
        )
    return CouncilReport.objects.create(municipality=municipality, **values)


def _draft(world):
    return {"pk": make_council_report(world["municipality"]).pk}


def _published(world):
    return {"pk": make_council_report(world["municipality"], published=True).pk}


URL_KWARGS = {
    "reports:council_plan": lambda world: {"municipality": world["municipality"].pk},
    "reports:published_detail": _published,
    "reports:published_pdf": _published,
    "reports:council_correct": _published,
    "reports:council_publish": _draft,
    "reports:council_edit": _draft,
    "reports:council_preview": _draft,
    "reports:council_delete": _draft,
    "reports:council_block_add": _draft,
    "reports:council_block_change": lambda world: {**_draft(world), "index": 0},
}
