"""Published letters' frozen figures as open data (CSV, JSON) and a DCAT-AP catalogue.

Everything is read from the frozen publication (`CouncilReport.snapshot`, `sha256`,
`published_at`): never live data, so a file stays byte-identical whatever happens later, and
every figure in it went through `reports.disclosure` when the letter was published.
"""

import csv
import io
import json
import re

from django.urls import reverse
from django.utils import timezone

from relatieloket.spreadsheet import is_formula_like
from reports.formatting import format_cell
from reports.letter.snapshot import (
    STATUSES,
    earlier_facts,
    parse_cell,
    printed_figures,
    published_figures,
    value_status,
)
from reports.models import CouncilReport

LICENCE = "http://creativecommons.org/publicdomain/zero/1.0/"


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

    Each row is a record (see `reports.letter.snapshot.published_figures`): Dutch labels beside
    stable codes for section, table, row and column; the value a number or None with its status
    ("A" shown, "I" a band such as "< 5", "C" hidden, "N" not published, "M" no value), so a
    hidden count stays hidden; and the text as the letter prints it.
    """
    return published_figures(snapshot)


def as_json(report) -> bytes:
    data = {
        **metadata(report),
        "statuses": STATUSES,
        "figures": figure_rows(report.snapshot),
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


# The columns of the CSV, each with its description (also in the DCAT catalogue).
COLUMNS = {
    "gemeente": ("string", "Naam van de gemeente"),
    "cbs_code": ("string", "CBS-gemeentecode, bijvoorbeeld GM0531"),
    "periode_start": ("date", "Eerste dag van de periode van de brief"),
    "periode_eind": ("date", "Laatste dag van de periode van de brief"),
    "publicatiedatum": ("date", "Datum waarop de brief is gepubliceerd"),
    "sha256_brief": ("string", "SHA-256 van de PDF van de brief"),
    "licentie": ("anyURI", "Licentie van de cijfers"),
    "onderdeel": ("string", "Onderdeel van de brief (de vraag boven de alinea)"),
    "onderdeel_code": ("string", "Vaste code van het onderdeel, bijvoorbeeld informatie"),
    "tabel": ("string", "Titel van de tabel zoals in de brief"),
    "tabel_code": ("string", "Vaste code van de tabel (het soort cijferblok)"),
    "rij": ("string", "Rij zoals in de brief"),
    "rij_code": ("string", "Vaste code van de rij (een telling of een periode)"),
    "kolom": ("string", "Kolom zoals in de brief"),
    "kolom_code": ("string", "Vaste code van de kolom"),
    "waarde": (
        "decimal",
        "Het aantal (bij het effect van de trajecten ook een gemiddelde, grens of "
        "effectgrootte); leeg als het niet is gepubliceerd (zie status)",
    ),
    "status": (
        "string",
        "A normaal, I band (klein aantal), C verborgen, N niet gepubliceerd, M geen waarde",
    ),
    "ondergrens": ("integer", "Bij status I: het kleinst mogelijke aantal"),
    "bovengrens": ("integer", "Bij status I: het grootst mogelijke aantal"),
    "zoals_gedrukt": ("string", "De cel zoals de brief hem drukt, bijvoorbeeld 1.234 of < 5"),
}
CSV_COLUMNS = list(COLUMNS)


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
        band = row["band"] or {}
        cells = [
            *fixed,
            *(
                row[name]
                for name in (
                    "onderdeel",
                    "onderdeel_code",
                    "tabel",
                    "tabel_code",
                    "rij",
                    "rij_code",
                    "kolom",
                    "kolom_code",
                )
            ),
            "" if row["waarde"] is None else str(row["waarde"]),
            row["status"],
            str(band.get("low", "")),
            str(band.get("high", "")),
            row["zoals_gedrukt"],
        ]
        writer.writerow(["'" + cell if is_formula_like(cell) else cell for cell in cells])
    return buffer.getvalue().encode()


def published_visitors():
    """Per municipality the visitors (inwoners) of its latest published letter, as printed."""
    latest = {}
    for report in published_letters():
        figures = printed_figures(report.snapshot)
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
    "csvw": "http://www.w3.org/ns/csvw#",
}


def _table_schema():
    """The CSV's columns in CSV on the Web (csvw) terms: name, datatype and description."""
    return {
        "@type": "csvw:Schema",
        "csvw:column": [
            {
                "@type": "csvw:Column",
                "csvw:name": name,
                "csvw:datatype": {"@id": f"xsd:{datatype}"},
                "dct:description": description,
            }
            for name, (datatype, description) in COLUMNS.items()
        ],
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
                    # The columns of the CSV; the JSON's "figures" have the same fields.
                    "csvw:tableSchema": _table_schema(),
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


# --- the series check: the files say what the letters print, which the series audit reads ----

_PRINTED_DECIMAL = re.compile(r"-?\d{1,3}(\.\d{3})*(,\d+)?")


def _printed_value(printed, threshold):
    """(number or None, status, band) that the letter's printed cell says; the decimals of the
    effect block ("4,2", "-0,35") as numbers."""
    if isinstance(printed, str) and "," in printed and _PRINTED_DECIMAL.fullmatch(printed):
        return float(printed.replace(".", "").replace(",", ".")), "A", None
    return value_status(parse_cell(printed), threshold)


def _csv_text(cell):
    """A CSV cell as written: a formula-like text carries a leading apostrophe."""
    return cell[1:] if cell.startswith("'") and is_formula_like(cell[1:]) else cell


def open_data_problems(report):
    """What the open-data files of a published letter say beyond the letter: [] when the JSON
    and the CSV carry the same figures, each number, band and status is what the printed cell
    says, and every count is a cell of the letter's snapshot (the cells that later letters and
    the series audit read). So the files pass the series audit whenever the letters do."""
    threshold = report.snapshot.get("threshold")
    data = json.loads(as_json(report))
    records = data["figures"]
    rows = list(csv.DictReader(io.StringIO(as_csv(report).decode())))
    where = f"#{report.pk} {report.title!r} v{report.version}"
    if len(rows) != len(records):
        return [f"{where}: the CSV has {len(rows)} figures, the JSON {len(records)}."]
    cells, _relations, _statements = earlier_facts(report.snapshot)
    printed_cells = {format_cell(label) for _key, label, _total in cells}
    problems = []
    for record, row in zip(records, rows, strict=True):
        name = f"{where} {record['tabel_code']}/{record['rij_code']}/{record['kolom_code']}"
        printed = record["zoals_gedrukt"]
        band = record["band"] or {}
        as_csv_row = (
            "" if record["waarde"] is None else str(record["waarde"]),
            record["status"],
            str(band.get("low", "")),
            str(band.get("high", "")),
            printed,
        )
        csv_row = tuple(
            _csv_text(row[c])
            for c in ("waarde", "status", "ondergrens", "bovengrens", "zoals_gedrukt")
        )
        if csv_row != as_csv_row:
            problems.append(f"{name}: the CSV says {csv_row}, the JSON {as_csv_row}.")
        said = (record["waarde"], record["status"], record["band"])
        if said != _printed_value(printed, threshold):
            problems.append(f"{name}: {said} is not what the letter prints ({printed!r}).")
        counted = isinstance(record["waarde"], int) or record["status"] == "I"
        if counted and record["tabel_code"] != "effect" and printed not in printed_cells:
            problems.append(f"{name}: {printed!r} is no published cell of the letter.")
    return problems


def series_open_data_problems(municipality):
    """open_data_problems of every published letter of a municipality, in the order published."""
    problems = []
    for report in published_letters().filter(municipality=municipality):
        problems += open_data_problems(report)
    return problems
