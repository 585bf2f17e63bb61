"""Published letters' frozen figures as open data (CSV, JSON) and a DCAT-AP catalogue.

Everything is read from the frozen publication (`CouncilReport.snapshot`, `sha256`,
`published_at`): never live data, so a file stays byte-identical whatever happens later, and
every figure in it went through `reports.disclosure` when the letter was published.
"""

import csv
import io
import json

from django.urls import reverse
from django.utils import timezone

from reports.exports import is_formula_like
from reports.models import CouncilReport

LICENCE = "http://creativecommons.org/publicdomain/zero/1.0/"
KEY_FIGURES = {"visits": "Bezoeken", "persons": "Inwoners", "children": "Betrokken kinderen"}


def published_letters():
    return (
        CouncilReport.objects.filter(status=CouncilReport.Status.PUBLISHED)
        .select_related("municipality")
        .order_by("municipality__name", "period_start", "version", "pk")
    )


def published_letter_or_none(pk):
    return published_letters().filter(pk=pk).first()


def metadata(report):
    """What a harvester needs to know of one file; the letter's SHA-256 ties it to the PDF."""
    return {
        "title": report.title,
        "version": report.version,
        "municipality": report.municipality.name,
        "cbs_code": report.municipality.cbs_code,
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        "published_on": timezone.localdate(report.published_at).isoformat(),
        "letter_sha256": report.sha256,
        "licence": LICENCE,
        "small_count_threshold": report.snapshot.get("threshold"),
    }


def figure_rows(snapshot):
    """The letter's figures in the order it prints them: key figures, then every table cell.

    Each row is (section, table, row, column, value); the value is the text the letter shows
    ("12", "< 5", "–"), so a hidden count stays hidden.
    """
    rows = [
        ("kerncijfers", "", KEY_FIGURES[name], "", value)
        for name, value in (snapshot.get("figures") or {}).items()
        if name in KEY_FIGURES
    ]
    for section in snapshot.get("sections", []):
        for block in section.get("blocks", []):
            table = block.get("table")
            if not table:
                continue
            columns = table.get("columns") or []
            for row in table.get("rows", []):
                label, values = row[0], row[1:]
                for index, value in enumerate(values):
                    column = columns[index + 1] if index + 1 < len(columns) else ""
                    rows.append((section["key"], table.get("caption", ""), label, column, value))
    return rows


def as_json(report) -> bytes:
    data = {
        **metadata(report),
        "figures": [
            dict(zip(("section", "table", "row", "column", "value"), row, strict=True))
            for row in figure_rows(report.snapshot)
        ],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


CSV_COLUMNS = [
    "gemeente",
    "cbs_code",
    "periode_start",
    "periode_eind",
    "publicatiedatum",
    "sha256_brief",
    "licentie",
    "onderdeel",
    "tabel",
    "rij",
    "kolom",
    "waarde",
]


def as_csv(report) -> bytes:
    meta = metadata(report)
    fixed = [
        meta["municipality"],
        meta["cbs_code"],
        meta["period_start"],
        meta["period_end"],
        meta["published_on"],
        meta["letter_sha256"],
        meta["licence"],
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in figure_rows(report.snapshot):
        cells = [*fixed, *(str(cell) for cell in row)]
        writer.writerow(["'" + cell if is_formula_like(cell) else cell for cell in cells])
    return buffer.getvalue().encode()


def published_visitors():
    """Per municipality the visitors (inwoners) of its latest published letter, as printed."""
    latest = {}
    for report in published_letters():
        figures = (report.snapshot or {}).get("figures") or {}
        value = figures.get("persons") or figures.get("visits")
        if value is None:
            continue
        current = latest.get(report.municipality_id)
        if current is None or (report.period_end, report.published_at) > current["key"]:
            from reports.sentences import period_text

            latest[report.municipality_id] = {
                "key": (report.period_end, report.published_at),
                "visitors": value,
                "period": period_text(report.period_start, report.period_end),
            }
    return latest


CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}


def _date(value):
    return {"@value": value, "@type": "xsd:date"}


def catalogue(*, absolute):
    """DCAT-AP: one dcat:Dataset per published letter, with a CSV and a JSON distribution."""
    datasets = []
    for report in published_letters():
        meta = metadata(report)
        distributions = []
        for fmt, media in (("CSV", "text/csv"), ("JSON", "application/json")):
            url = absolute(reverse(f"open_data:letter_{fmt.lower()}", args=[report.pk]))
            distributions.append(
                {
                    "@id": url,
                    "@type": "dcat:Distribution",
                    "dct:title": f"{report.title} ({fmt})",
                    "dcat:accessURL": {"@id": url},
                    "dcat:downloadURL": {"@id": url},
                    "dcat:mediaType": media,
                    "dct:format": fmt,
                    "dct:license": {"@id": LICENCE},
                }
            )
        datasets.append(
            {
                "@id": absolute(reverse("open_data:catalogue")) + f"#brief-{report.pk}",
                "@type": "dcat:Dataset",
                "dct:title": f"{report.title} – {meta['municipality']}",
                "dct:description": (
                    f"Gepubliceerde cijfers van de raadsinformatiebrief aan de gemeenteraad van "
                    f"{meta['municipality']} ({meta['cbs_code']}), versie {meta['version']}. "
                    f"SHA-256 van de brief: {meta['letter_sha256']}."
                ),
                "dct:identifier": f"{meta['cbs_code']}-{report.series}-v{report.version}",
                "dct:issued": _date(meta["published_on"]),
                "dct:language": {
                    "@id": "http://publications.europa.eu/resource/authority/language/NLD"
                },
                "dct:spatial": meta["cbs_code"],
                "dct:temporal": {
                    "@type": "dct:PeriodOfTime",
                    "dcat:startDate": _date(meta["period_start"]),
                    "dcat:endDate": _date(meta["period_end"]),
                },
                "dct:license": {"@id": LICENCE},
                "dct:publisher": {
                    "@type": "foaf:Agent",
                    "foaf:name": f"Gemeente {meta['municipality']}",
                },
                "dcat:keyword": ["relatieloket", "relatieproblemen", "scheiding"],
                "dcat:distribution": distributions,
            }
        )
    return {
        "@context": CONTEXT,
        "@id": absolute(reverse("open_data:catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": "Relatieloketten – gepubliceerde cijfers",
        "dct:description": (
            "Cijfers uit gepubliceerde raadsinformatiebrieven, beschermd tegen kleine aantallen."
        ),
        "dct:license": {"@id": LICENCE},
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": "Relatieloket portal"},
        "dcat:dataset": datasets,
    }
