"""Sample URL parameters for the access matrix (relatieloket/tests/test_access.py)."""

from intake.tests.factories import TrajectFactory


def _traject(world):
    return {"pk": TrajectFactory(desk=world["desk"]).pk}


URL_KWARGS = {
    "evaluation:traject_scores": _traject,
    "evaluation:traject_card": _traject,
}
