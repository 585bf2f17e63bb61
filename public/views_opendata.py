import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from relatieloket.caching import cached_page
from relatieloket.public_pages import public_page

from . import opendata


@public_page
@cached_page
def catalogue(request):
    """The DCAT-AP catalogue (JSON-LD) a national portal harvests."""
    data = opendata.catalogue(absolute=request.build_absolute_uri)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/ld+json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response, ()


@public_page
@cached_page
def figures_page(request):
    """The published figures for people: per letter its municipality, period and files."""
    letters = [
        {
            "report": report,
            "csv": reverse("open_data:letter_csv", args=[report.pk]),
            "json": reverse("open_data:letter_json", args=[report.pk]),
        }
        for report in opendata.published_letters()
    ]
    path = reverse("open_data:figures")
    context = {
        "letters": letters,
        "catalogue_url": reverse("open_data:catalogue"),
        "links": {"nl": path, "en": f"{path}?lang=en"},
        "lang_suffix": "?lang=en" if request.page_lang == "en" else "",
    }
    return render(request, "public/open_data.html", context), ()


def _letter(pk):
    report = opendata.published_letter_or_none(pk)
    if report is None:  # a draft, a withdrawn number or none at all: the same answer
        raise Http404
    return report


def _file(body, content_type, name):
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public_page
@cached_page
def letter_csv(request, pk):
    report = _letter(pk)
    return _file(opendata.as_csv(report), "text/csv; charset=utf-8", f"brief-{pk}.csv"), ()


@public_page
@cached_page
def letter_json(request, pk):
    report = _letter(pk)
    body = opendata.as_json(report)
    return _file(body, "application/json; charset=utf-8", f"brief-{pk}.json"), ()
