from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from relatieloket.forms import add_service_errors
from relatieloket.lanes import report_lane
from relatieloket.roles import DESK_ROLES, Role, allow
from relatieloket.views import confirm_delete

from . import flowmap, selectors, services
from .formatting import whole_percentage
from .forms import DirectoryFilterForm, PartnerReturnForm, PeriodFilterForm, ReturnFilterForm
from .models import Municipality, Organisation


@allow(*DESK_ROLES, Role.POLICY)
def directory(request):
    """The sociale kaart: organisations residents can be referred to."""
    form = DirectoryFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    municipality = data.get("municipality")
    organisations = selectors.directory(
        query=data.get("q", ""), kind=data.get("kind", ""), municipality=municipality
    )
    page = Paginator(organisations, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/directory.html",
        {
            "form": form,
            "page": page,
            "municipality": municipality,
            # Partner users (members of an organisation) reach their returns from here; the
            # navigation entry is for policy staff only.
            "partner_returns": selectors.returnable_organisations(user=request.user).exists(),
        },
    )


@allow(*DESK_ROLES, Role.POLICY)
def organisation_detail(request, pk):
    organisation = get_object_or_404(
        Organisation.objects.prefetch_related("municipalities"), pk=pk, is_active=True
    )
    return render(request, "referrals/organisation_detail.html", {"organisation": organisation})


DIAGRAM_FLOWS = 40
FLOWS_PER_PAGE = 50


@allow(Role.POLICY)
@report_lane
def flow_map(request):
    """Flows from referrers through the desks to where residents went next."""
    scope = selectors.municipalities_for_user(user=request.user)
    form = PeriodFilterForm(request.GET or None, municipalities=scope)
    context = {"form": form}
    if form.is_valid():
        chosen = form.cleaned_data["municipality"]
        municipalities = scope.filter(pk=chosen.pk) if chosen else scope
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        rows = selectors.flow_matrix(municipalities=municipalities, start=start, end=end)
        for row in rows:
            row["warm_share"] = whole_percentage(row["warm"], row["count"])
        if request.GET.get("formaat") == "csv":
            return _flow_csv(rows, start=start, end=end)
        total = sum(r["count"] for r in rows)
        warm = sum(r["warm"] for r in rows)
        # What a person can read: the diagram draws the largest flows, the table goes by pages
        # (342 municipalities gave thousands of flows: 4 MB of HTML, seconds to draw).
        page = Paginator(rows, FLOWS_PER_PAGE).get_page(request.GET.get("pagina"))
        query = request.GET.copy()
        query.pop("pagina", None)
        context.update(
            rows=rows,
            page=page,
            page_query=query.urlencode(),
            total=total,
            warm_share=whole_percentage(warm, total),
            diagram=flowmap.layout(rows[:DIAGRAM_FLOWS]),
            diagram_flows=min(len(rows), DIAGRAM_FLOWS),
            orphans=selectors.organisations_without_flow(
                municipalities=municipalities, start=start, end=end
            ),
            returns=selectors.partner_returns_in_period(
                municipalities=municipalities, start=start, end=end
            ),
            start=start,
            end=end,
        )
    return render(request, "referrals/flow_map.html", context)


def _flow_csv(rows, *, start, end):
    """Every flow of the period (not only the diagram's or the page's), as the table shows it,
    for a spreadsheet: ";" and a BOM, formula-like names as text."""
    from django.http import HttpResponse

    from reports.dashboard.exports import as_csv

    columns = [_("From"), _("To"), _("Number"), _("Warm handover (%)")]
    lines = [
        [row["from_name"], row["to_name"], str(row["count"]), str(row["warm_share"])]
        for row in rows
    ]
    response = HttpResponse(as_csv([], columns, lines, None), content_type="text/csv")
    name = f"verwijsstromen-{start:%Y%m%d}-{end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _return_form(request, instance=None):
    return PartnerReturnForm(
        request.POST or None,
        instance=instance,
        organisations=selectors.returnable_organisations(user=request.user),
        municipalities=Municipality.objects.filter(
            Q(pk__in=selectors.municipalities_for_user(user=request.user))
            | Q(organisations__members=request.user)
        ).distinct(),
    )


@allow(Role.POLICY, *DESK_ROLES)
def return_list(request):
    form = ReturnFilterForm(
        request.GET or None,
        organisations=selectors.returnable_organisations(user=request.user),
    )
    data = form.cleaned_data if form.is_valid() else {}
    returns = selectors.partner_returns_for_user(
        user=request.user, organisation=data.get("organisation"), year=data.get("year")
    )
    page = Paginator(returns, 25).get_page(request.GET.get("page"))
    return render(request, "referrals/return_list.html", {"page": page, "form": form})


@allow(Role.POLICY, *DESK_ROLES)
def return_edit(request, pk=None):
    instance = (
        get_object_or_404(selectors.partner_returns_for_user(user=request.user), pk=pk)
        if pk
        else None
    )
    form = _return_form(request, instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_return_save(actor=request.user, partner_return=form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Partner return saved."))
            return redirect("referrals:return_list")
    return render(request, "referrals/return_form.html", {"form": form, "object": instance})


@allow(Role.POLICY, *DESK_ROLES)
def return_delete(request, pk):
    partner_return = get_object_or_404(selectors.partner_returns_for_user(user=request.user), pk=pk)
    return confirm_delete(
        request,
        obj=partner_return,
        delete=lambda: services.partner_return_delete(
            actor=request.user, partner_return=partner_return
        ),
        message=_("Partner return deleted."),
        success_url=reverse("referrals:return_list"),
        cancel_url=reverse("referrals:return_list"),
    )
