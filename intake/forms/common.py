"""Shared pieces of the intake forms: choices built once per process, the datalist input."""

from crispy_forms.utils import render_crispy_form
from django import forms
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .. import vocabularies


def _desk_q(desk):
    return Q(desk__isnull=True) | Q(desk=desk)


GENDER_FIELDS = ("women", "men", "other_gender")


class ShownOnce:
    """A form whose markup, shown empty, is rendered once per process for the same choices,
    language and initial values (`intake.vocabularies.markup`); templates show `form.markup`.
    """

    desk_choices = None  # the desk's choice lists (vocabularies.DeskChoices), if it has them

    def markup(self):
        # The page's <form> carries the CSRF token (a stored markup must not hold one).
        self.helper.disable_csrf = True
        return vocabularies.markup(
            self, lambda: vocabularies.compact(render_crispy_form(self)), self.desk_choices
        )


def _choices_once(form_class, **choices):
    """Choices that are the same for every desk, set once per process on the class's fields
    (each form copies them) instead of in every form's __init__; `None` drops the empty one."""
    for name, fixed in choices.items():
        field = form_class.base_fields[name]
        field.choices = fixed if fixed is not None else [c for c in field.choices if c[0] != ""]


_datalists = {}  # per process: the names -> their <datalist> markup, escaped once


class DatalistInput(forms.TextInput):
    """A text field with suggestions (a `<datalist>`, no script needed); `names` (a callable,
    set by the form) gives them, and their markup is built once per process."""

    def names(self):
        return ()

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id', name)}-names"
        self.attrs["list"] = list_id
        names = self.names()
        html = _datalists.get((list_id, names))
        if html is None:
            options = "".join(f'<option value="{escape(n)}">' for n in names)
            html = f'<datalist id="{list_id}">{options}</datalist>'
            if len(_datalists) > 100:
                _datalists.clear()
            _datalists[(list_id, names)] = html
        return mark_safe(super().render(name, value, attrs, renderer) + html)


# One partner is one person: the choice says which count it is, so the counts need no
# typing (a walk-in of one partner in four actions, as a couple's).
