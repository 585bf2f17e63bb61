"""The error summary's lines: every message once, each linked to the field it is about."""

from django import template

register = template.Library()


@register.simple_tag
def error_items(form):
    """`(anchor, text)` per message: a field's messages link to that field; a message about the
    form as a whole links to its first field, where correcting starts."""
    fields = [field for field in form if field.errors]
    visible = form.visible_fields()
    first = f"#{visible[0].auto_id}" if visible and visible[0].auto_id else ""
    items = [(first, str(error)) for error in form.non_field_errors()]
    for field in fields:
        for error in field.errors:
            items.append((f"#{field.auto_id}", f"{field.label}: {error}"))
    return items
