"""Sample URL arguments of the public pages for the access matrix (relatieloket/tests)."""

from reports.tests.access_kwargs import make_council_report


def _desk(world):
    return {"slug": "dordrecht", "desk_slug": "testloket"}


def _letter(world):
    return {"pk": make_council_report(world["municipality"], published=True).pk}


URL_KWARGS = {
    "public:municipality": lambda world: {"slug": "dordrecht"},
    "public:desk": _desk,
    "public:desk_calendar": _desk,
    "public:desk_flyer_pdf": _desk,
    "public:desk_flyer_png": _desk,
    "open_data:letter_csv": _letter,
    "open_data:letter_json": _letter,
}
