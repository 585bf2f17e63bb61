"""A one-page flyer per desk, PDF and PNG, regenerated from the data each time.

The same HTML as the page's facts (hours, address, contact) plus a QR code to the page, so a
printed flyer never goes stale in a way the page does not.
"""

import hashlib
import io

import segno
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from . import selectors


def flyer_html(*, desk, page_url) -> str:
    today = timezone.localdate()
    qr = segno.make(page_url, error="m")
    return render_to_string(
        "public/flyer.html",
        {
            "desk": desk,
            "page_url": page_url,
            "qr_svg": qr.svg_data_uri(scale=6, border=2),
            "schedule": selectors.desk_schedule(desk, today=today, count=3),
            "contact": selectors.desk_contact(desk),
            "closed": selectors.desk_is_closed(desk, today=today),
        },
    )


# Anyone may ask for a flyer, and rendering one takes about a second: the file is kept per
# version of its HTML, so new data gives a new flyer at once and repeated requests cost little.
CACHE_SECONDS = 24 * 60 * 60


def _cached(kind, html, build):
    key = f"public-flyer-{kind}-{hashlib.sha256(html.encode()).hexdigest()}"
    content = cache.get(key)
    if content is None:
        content = build(html)
        cache.set(key, content, CACHE_SECONDS)
    return content


def _pdf(html) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def _png(html, scale=2) -> bytes:
    """The flyer's PDF page as an image (150 dpi at this scale), for social media."""
    import pypdfium2

    document = pypdfium2.PdfDocument(_cached("pdf", html, _pdf))
    try:
        image = document[0].render(scale=scale).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def flyer_pdf(*, desk, page_url) -> bytes:
    return _cached("pdf", flyer_html(desk=desk, page_url=page_url), _pdf)


def flyer_png(*, desk, page_url) -> bytes:
    return _cached("png", flyer_html(desk=desk, page_url=page_url), _png)
