"""Links from the staff screens to a desk's public page, flyer and calendar."""

from django import template
from django.urls import reverse

from public.selectors import slug_of

register = template.Library()


@register.simple_tag
def public_desk_links(desk):
    """{"page", "flyer_pdf", "flyer_png", "calendar"}: the public addresses of a desk."""
    args = [slug_of(desk.municipality.name), slug_of(desk.name)]
    return {
        "page": reverse("public:desk", args=args),
        "flyer_pdf": reverse("public:desk_flyer_pdf", args=args),
        "flyer_png": reverse("public:desk_flyer_png", args=args),
        "calendar": reverse("public:desk_calendar", args=args),
    }
