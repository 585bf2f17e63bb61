"""Reads of the network: scoped to what a user may see."""

from django.db.models import Count, Q

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


def referral_organisations(*, municipality, exclude=None):
    """Active organisations a desk in `municipality` may refer to or be referred by.

    Where the council's policy is not to refer to commercial parties (Nijkerk), those are
    left out. Organisations that serve no municipality in particular are always offered.
    """
    qs = Organisation.objects.filter(is_active=True)
    if municipality is not None:
        qs = qs.filter(Q(municipalities=municipality) | Q(municipalities__isnull=True)).distinct()
        if not municipality.refers_to_commercial:
            qs = qs.filter(is_commercial=False)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("name")
