"""Reads of the network: scoped to what a user may see."""

from django.db.models import Count

from .constants import OrganisationKind
from .models import Municipality, Organisation


def municipalities_for_user(*, user):
    """The municipalities in a user's scope (policy staff, council members)."""
    if not user.is_authenticated:
        return Municipality.objects.none()
    return user.municipalities.all()


def organisation_counts_by_kind(*, municipalities):
    """Active organisations per kind serving any of `municipalities`, in one query."""
    rows = (
        Organisation.objects.filter(is_active=True, municipalities__in=municipalities)
        .values("kind")
        .annotate(count=Count("pk", distinct=True))
        .order_by("-count", "kind")
    )
    return [{**row, "label": OrganisationKind(row["kind"]).label} for row in rows]
