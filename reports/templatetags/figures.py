"""Template filters that format the dashboard's numbers in Dutch notation, once, at the edge:
`{{ value|percent }}`, `{{ value|signed_percent }}`, `{{ value|euro }}`, `{{ value|decimal }}`.
None (no value) reads "–"."""

from django import template

from ..formatting import format_euro, format_number, format_percent, format_signed_percent

register = template.Library()


@register.filter
def percent(fraction):
    return format_percent(fraction)


@register.filter
def signed_percent(fraction):
    return format_signed_percent(fraction)


@register.filter
def euro(amount):
    return format_euro(amount)


@register.filter
def decimal(value, places=1):
    return format_number(value, int(places))
