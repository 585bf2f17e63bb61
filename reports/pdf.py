"""PDF of a council report, rendered by WeasyPrint from the same HTML as the web page.

The PDF is tagged for accessibility (PDF/UA-1: a structure tree, /MarkInfo, the document
language nl from the HTML and the title shown in the window): Dutch public bodies must publish
accessible documents (Besluit digitale toegankelijkheid overheid).
"""

import hashlib

from django.template.loader import render_to_string


def render_report_html(*, report, snapshot, for_pdf=False, draft=False) -> str:
    """The body of the raadsinformatiebrief, shared by the web page, the preview and the PDF."""
    from django.utils import timezone

    from .letter.printed import letter
    from .sentences import format_date, period_text

    when = timezone.localdate(report.published_at) if report.published_at else timezone.localdate()
    return render_to_string(
        "reports/council/_letter.html",
        {
            "report": report,
            "snapshot": letter(snapshot),
            "for_pdf": for_pdf,
            "draft": draft,
            "letter_date": format_date(when),
            "period": period_text(report.period_start, report.period_end),
            "answer_date": format_date(report.answer_date) if report.answer_date else "",
        },
    )


def render_pdf(*, report, snapshot) -> bytes:
    from weasyprint import HTML

    document = render_to_string(
        "reports/council/pdf.html",
        {
            "body": render_report_html(report=report, snapshot=snapshot, for_pdf=True),
            "report": report,
        },
    )
    return HTML(string=document).write_pdf(pdf_variant="pdf/ua-1")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
