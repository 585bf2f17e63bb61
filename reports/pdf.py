"""PDF of a council report, rendered by WeasyPrint from the same HTML as the web page."""

import hashlib

from django.template.loader import render_to_string


# WeasyPrint and fontTools log WARNINGs for every unsupported CSS property of the shared
# stylesheet and every font they subset, on each publish; only errors belong in the log.
def render_report_html(*, report, snapshot, for_pdf=False, draft=False) -> str:
    """The body of the raadsinformatiebrief, shared by the web page, the preview and the PDF."""
    from django.utils import timezone

    from .sentences import format_date, period_text

    when = timezone.localdate(report.published_at) if report.published_at else timezone.localdate()
    return render_to_string(
        "reports/council/_letter.html",
        {
            "report": report,
            "snapshot": snapshot,
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
    return HTML(string=document).write_pdf()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
