"""Reads of the network: scoped to what a user may see."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from relatieloket.roles import Role, user_roles

from .constants import OrganisationKind
from .models import Municipality, Organisation, PartnerReturn, Referral


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


def referral_organisations(*, municipality, exclude=None, inbound=False):
    """Active organisations a desk in `municipality` may refer to, or (`inbound`) be referred by.

    Where the council's policy is not to refer to commercial parties (Nijkerk), those are left
    out of the referral choices; a commercial party that sent someone to the desk is still a
    fact to record. Organisations that serve no municipality in particular are always offered.
    """
    qs = Organisation.objects.filter(is_active=True)
    if municipality is not None:
        qs = qs.filter(Q(municipalities=municipality) | Q(municipalities__isnull=True)).distinct()
        if not municipality.refers_to_commercial and not inbound:
            qs = qs.filter(is_commercial=False)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("name")


def municipalities_in_scope_or_404(*, user, municipality_id):
    return get_object_or_404(municipalities_for_user(user=user), pk=municipality_id)


def directory(*, query="", kind="", municipality=None):
    """The sociale kaart: active organisations, searchable by name and description."""
    qs = Organisation.objects.filter(is_active=True).prefetch_related("municipalities")
    if query:
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(description__icontains=query)
            | Q(cost_to_resident__icontains=query)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if municipality is not None:
        qs = qs.filter(Q(municipalities=municipality) | Q(municipalities__isnull=True)).distinct()
    return qs.order_by("name")


def partner_returns_for_user(*, user, organisation=None, year=None):
    """Returns policy staff see (their municipalities) and partners enter (own organisations).

    Optionally only one organisation's, or those whose period touches `year`.
    """
    qs = PartnerReturn.objects.select_related("organisation", "municipality")
    if Role.POLICY in user_roles(user):
        qs = qs.filter(
            Q(municipality__in=municipalities_for_user(user=user))
            | Q(organisation__in=user.organisations.all())
        ).distinct()
    else:
        qs = qs.filter(organisation__in=user.organisations.all())
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if year is not None:
        qs = qs.filter(period_start__year__lte=year, period_end__year__gte=year)
    return qs


def returnable_organisations(*, user):
    """Organisations a user may enter returns for."""
    if Role.POLICY in user_roles(user):
        return Organisation.objects.filter(
            Q(municipalities__in=municipalities_for_user(user=user)) | Q(members=user)
        ).distinct()
    return user.organisations.all()


DESK_KINDS = ("relatieloket", "adviespunt_sko")


def flow_matrix(*, municipalities, start, end):
    """Referral counts from × to for a period (inclusive), in one GROUP BY query.

    Returns rows {from_id, from_name, from_kind, to_id, to_name, to_kind, count, warm}.
    """
    rows = (
        Referral.objects.filter(municipality__in=municipalities, date__gte=start, date__lte=end)
        .values(
            "from_organisation",
            "from_organisation__name",
            "from_organisation__kind",
            "to_organisation",
            "to_organisation__name",
            "to_organisation__kind",
        )
        .annotate(count=Count("pk"), warm=Count("pk", filter=Q(warm_handover=True)))
        .order_by("-count", "from_organisation__name", "to_organisation__name")
    )
    return [
        {
            "from_id": r["from_organisation"],
            "from_name": r["from_organisation__name"],
            "from_kind": r["from_organisation__kind"],
            "to_id": r["to_organisation"],
            "to_name": r["to_organisation__name"],
            "to_kind": r["to_organisation__kind"],
            "count": r["count"],
            "warm": r["warm"],
        }
        for r in rows
    ]


def organisations_without_flow(*, municipalities, start, end):
    """Active organisations serving the municipalities with no referral in or out in the period."""
    in_period = Referral.objects.filter(
        municipality__in=municipalities, date__gte=start, date__lte=end
    )
    return (
        Organisation.objects.filter(is_active=True, municipalities__in=municipalities)
        .exclude(pk__in=in_period.values("from_organisation"))
        .exclude(pk__in=in_period.values("to_organisation"))
        .distinct()
        .order_by("name")
    )


def partner_returns_in_period(*, municipalities, start, end):
    return (
        PartnerReturn.objects.filter(
            municipality__in=municipalities, period_start__lte=end, period_end__gte=start
        )
        .select_related("organisation", "municipality")
        .order_by("organisation__name", "period_start")
    )


def public_contact_details(*, municipality=None):
    """The public e-mail addresses, phone numbers and websites of active organisations.

    Council letters may quote them: `intake.identity.validate_anonymous_text(text,
    allowed=public_contact_details(municipality=…))` lets exactly these through. With a
    municipality, the organisations serving it (or no municipality in particular).
    """
    qs = Organisation.objects.filter(is_active=True)
    if municipality is not None:
        qs = qs.filter(Q(municipalities=municipality) | Q(municipalities__isnull=True))
    rows = qs.values_list("public_email", "public_phone", "website").distinct()
    return sorted({value for row in rows for value in row if value})
