from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from relatieloket.caching import cached_page
from relatieloket.public_pages import public_page

from . import selectors


def _links(request, path):
    """The page's address in each language, for the language switch."""
    return {"nl": path, "en": f"{path}?lang=en"}


def _lang_suffix(request):
    return "?lang=en" if request.page_lang == "en" else ""


def _page_links(request, paginator, page):
    """The overview's pages, each named by its first and last municipality (A–Z order)."""
    if paginator.num_pages <= 1:
        return []
    names = list(selectors.public_desks().values_list("municipality__name", flat=True))
    size = paginator.per_page
    links = []
    for number in paginator.page_range:
        first, last = names[(number - 1) * size], names[min(number * size, len(names)) - 1]
        query = f"?page={number}" + ("&lang=en" if request.page_lang == "en" else "")
        links.append(
            {
                "number": number,
                "url": query,
                "label": f"{first} – {last}",
                "current": number == page.number,
            }
        )
    return links


@public_page
@cached_page
def overview(request):
    """Every desk on the instance, with its municipality, opening date and published visitors,
    a page of PUBLIC_OVERVIEW_PAGE_SIZE desks at a time in alphabetical order."""
    from .opendata import published_visitors

    paginator = Paginator(
        selectors.public_desks(), settings.PUBLIC_OVERVIEW_PAGE_SIZE, allow_empty_first_page=True
    )
    page = paginator.get_page(request.GET.get("page"))
    desks = list(page.object_list)
    visitors = published_visitors()
    rows = [
        {
            "desk": desk,
            "url": desk_url(desk) + _lang_suffix(request),
            "municipality_url": municipality_url(desk.municipality) + _lang_suffix(request),
            "published": visitors.get(desk.municipality_id),
        }
        for desk in desks
    ]
    context = {
        "rows": rows,
        "page": page,
        "pages": _page_links(request, paginator, page),
        "links": _links(request, reverse("public:overview")),
        "lang_suffix": _lang_suffix(request),
    }
    return render(request, "public/overview.html", context), ()


@public_page
@cached_page
def municipality(request, slug):
    """ "Waar kan ik terecht?" for one municipality: its desks and the other help."""
    municipality = selectors.municipality_by_slug(slug)
    today = timezone.localdate()
    desks = list(selectors.public_desks(municipality=municipality))
    context = {
        "municipality": municipality,
        "desks": [
            {
                "desk": desk,
                "url": desk_url(desk) + _lang_suffix(request),
                "schedule": selectors.desk_schedule(desk, today=today),
                "contact": selectors.desk_contact(desk),
            }
            for desk in desks
        ],
        "open_desks": [desk for desk in desks if not selectors.desk_is_closed(desk, today=today)],
        "other_help": selectors.other_help(municipality=municipality, exclude_desks=desks),
        "therapy_from": selectors.therapy_from(),
        "links": _links(request, municipality_url(municipality)),
        "lang_suffix": _lang_suffix(request),
    }
    return render(request, "public/municipality.html", context), municipality.frame_ancestors


@public_page
@cached_page
def desk(request, slug, desk_slug):
    """One desk: where to go, when, how to make an appointment, and what else there is."""
    desk = selectors.desk_by_slugs(slug, desk_slug)
    today = timezone.localdate()
    context = {
        "municipality": desk.municipality,
        "desk": desk,
        "schedule": selectors.desk_schedule(desk, today=today, count=4),
        "contact": selectors.desk_contact(desk),
        "closed": selectors.desk_is_closed(desk, today=today),
        "other_help": selectors.other_help(municipality=desk.municipality, exclude_desks=[desk]),
        "therapy_from": selectors.therapy_from(),
        "municipality_url": municipality_url(desk.municipality) + _lang_suffix(request),
        "calendar_url": reverse("public:desk_calendar", args=[slug, desk_slug]),
        "flyer_pdf_url": reverse("public:desk_flyer_pdf", args=[slug, desk_slug])
        + _lang_suffix(request),
        "flyer_png_url": reverse("public:desk_flyer_png", args=[slug, desk_slug])
        + _lang_suffix(request),
        "links": _links(request, desk_url(desk)),
        "lang_suffix": _lang_suffix(request),
    }
    return render(request, "public/desk.html", context), desk.municipality.frame_ancestors


def _desk_file(request, slug, desk_slug, build, *, content_type, filename, open_only=False):
    """A file made from one desk's public data (feed, flyer), linking to its page.

    A closed desk hands out no flyer (`open_only`): nothing to come to.
    """
    desk = selectors.desk_by_slugs(slug, desk_slug)
    if open_only and selectors.desk_is_closed(desk, today=timezone.localdate()):
        raise Http404
    body = build(desk=desk, page_url=request.build_absolute_uri(desk_url(desk)))
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response, ()


@public_page
@cached_page
def desk_calendar(request, slug, desk_slug):
    """The desk's walk-in hours as an iCalendar feed (weekly or every two weeks)."""
    from .calendar import desk_calendar

    return _desk_file(
        request,
        slug,
        desk_slug,
        desk_calendar,
        content_type="text/calendar; charset=utf-8",
        filename=f"{desk_slug}.ics",
    )


@public_page
def desk_flyer_pdf(request, slug, desk_slug):
    from .flyer import flyer_pdf

    return _desk_file(
        request,
        slug,
        desk_slug,
        flyer_pdf,
        content_type="application/pdf",
        filename=f"flyer-{desk_slug}.pdf",
        open_only=True,
    )


@public_page
def desk_flyer_png(request, slug, desk_slug):
    from .flyer import flyer_png

    return _desk_file(
        request,
        slug,
        desk_slug,
        flyer_png,
        content_type="image/png",
        filename=f"flyer-{desk_slug}.png",
        open_only=True,
    )


def municipality_url(municipality):
    return reverse("public:municipality", args=[selectors.slug_of(municipality.name)])


def desk_url(desk):
    return reverse(
        "public:desk",
        args=[selectors.slug_of(desk.municipality.name), selectors.slug_of(desk.name)],
    )
