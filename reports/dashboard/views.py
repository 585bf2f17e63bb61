from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from relatieloket.lanes import report_lane
from relatieloket.roles import Role, allow

from .. import selectors
from ..disclosure import DEFAULT_THRESHOLD
from . import charts, exports
from .forms import DashboardFilterForm


def _selection(request):
    """The validated filter of a dashboard request, scoped to the user's municipalities (policy
    staff) or desks (coordinators)."""
    scope, desks_allowed = selectors.dashboard_scope(user=request.user)
    form = DashboardFilterForm(request.GET, municipalities=scope, desks=desks_allowed)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    municipalities = scope.filter(pk=data["municipality"].pk) if data["municipality"] else scope
    desks = selectors.desks_in_scope(
        desks=desks_allowed, municipalities=municipalities, desk=data["desk"]
    )
    # Several municipalities in one table: the strictest (highest) threshold protects them all.
    threshold = max((m.small_count_threshold for m in municipalities), default=DEFAULT_THRESHOLD)
    code = data["municipality"].cbs_code if data["municipality"] else "alle"
    return form, {
        "municipalities": municipalities,
        "desks": desks,
        "start": data["start"],
        "end": data["end"],
        "threshold": threshold,
        "code": code,
        "desk": data["desk"],
        "scope": ", ".join(m.name for m in municipalities),
    }


@allow(Role.POLICY, Role.COORDINATOR)
@report_lane
def start(request):
    """The dashboard of policy staff (their municipalities) and coordinators (their desks): exact
    figures on screen, not for publication."""
    form, selection = _selection(request)
    context = {"form": form}
    if selection:
        figures = selectors.dashboard_figures(
            municipalities=selection["municipalities"],
            desks=selection["desks"],
            start=selection["start"],
            end=selection["end"],
        )
        tables = [
            {"key": key, "title": title, "rows": figures[family]}
            for key, (title, family) in exports.ONE_WAY_TABLES.items()
        ]
        context.update(
            figures=figures,
            tables=tables,
            # One empty state: no charts with odd axes, no tables of zeros.
            is_empty=not (
                figures["visits"]["count"]
                or figures["trajects"]["started"]
                or figures["activities"]
            ),
            has_tariff=figures["costs"]["has_tariff"],
            selection=selection,
            query=request.GET.urlencode(),
            monthly_chart=charts.monthly_chart(
                figures["monthly"],
                title=_("Visits per month, with the same months a year earlier"),
            ),
            questions_chart=charts.bar_chart(figures["questions"], title=_("Visits by question")),
        )
    return render(request, "reports/dashboard.html", context)


@allow(Role.POLICY, Role.COORDINATOR)
@report_lane
def export(request):
    """One dashboard table as CSV or XLSX; `publicatie=1` applies small-count protection."""
    table = request.GET.get("tabel", "vragen")
    fmt = request.GET.get("formaat", "csv")
    if table not in exports.TABLES or fmt not in ("csv", "xlsx"):
        raise Http404
    form, selection = _selection(request)
    if not selection:  # a period out of range or junk: the form's errors, never a file
        return render(request, "reports/dashboard.html", {"form": form}, status=400)
    # Exports are Dutch documents (headers, labels, month names), whatever the screen language.
    with translation.override("nl"):
        return _export_response(request, table, fmt, selection)


def _export_response(request, table, fmt, selection):
    publication = request.GET.get("publicatie") == "1"
    figures = selectors.dashboard_figures(
        municipalities=selection["municipalities"],
        desks=selection["desks"],
        start=selection["start"],
        end=selection["end"],
    )
    columns, rows, total = exports.table_rows(
        figures, table, threshold=selection["threshold"], publication=publication
    )
    header = exports.header_lines(
        table=table,
        scope=selection["scope"],
        desk=selection["desk"],
        start=selection["start"],
        end=selection["end"],
        publication=publication,
        threshold=selection["threshold"],
    )
    build = exports.as_xlsx if fmt == "xlsx" else exports.as_csv
    content_type = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if fmt == "xlsx"
        else "text/csv; charset=utf-8"
    )
    response = HttpResponse(build(header, columns, rows, total), content_type=content_type)
    name = exports.filename(
        table,
        code=selection["code"],
        desk=selection["desk"],
        start=selection["start"],
        end=selection["end"],
        extension=fmt,
        publication=publication,
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
