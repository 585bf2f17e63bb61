"""The choice lists of a desk's forms (visit, session, referral), built once per process for
each version of the data they come from, and the markup of a form that is shown empty.

Measured at national scale (1,000,000 visits, 342 municipalities, PostgreSQL, cProfile): the
visit form took 118 ms (p50), 5 ms of it SQL; five sixths went to rendering some 440 radio and
select options through templates (9,000 template nodes) and building some 370 model instances
for its choice lists. The lists are now plain (value, label) pairs kept per process, and an
empty form's markup is rendered once per desk, language and initial values: the form's CPU
time per request went from 37 to 12 ms (p50, same data, same run).

The version is one entry in the shared cache, renewed by any change to what the lists show
(desks, locations, life events, session themes, organisations, municipalities): the
database cache lives in the same database, so every process sees a new version exactly when
the new data is committed.
"""

import re
import uuid
from functools import cached_property

from django.core.cache import cache
from django.db.models import Q
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

VERSION_KEY = "intake:vocabulary-version"
VOCABULARY_MODELS = (
    "intake.Desk",
    "intake.Location",
    "intake.LifeEvent",
    "intake.SessionTheme",
    "referrals.Municipality",
    "referrals.Organisation",
)
# At most this many municipalities are offered as choices on the visit form: the desk's own
# and its region; any other is typed (with the names as suggestions).
NEAR_MUNICIPALITIES_MAX = 20
# Per-process stores are emptied when they grow past this (a version or a day goes by); a
# form's markup is some 30 KB, so at most a few MB of them.
STORE_MAX = 1000
MARKUP_MAX = 100

_lists = {}  # (desk pk, version, name) -> [(value, label), ...]
_markup = {}  # (form, desk pk, version, language, values) -> the form's markup


def version():
    """The current version of the desk forms' choice data (one cache read)."""
    return cache.get_or_set(VERSION_KEY, lambda: uuid.uuid4().hex, timeout=None)


def changed(**kwargs):
    """Give the choice data a new version; also a signal receiver (see `connect`)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def connect():
    """Renew the version on every save or delete of what the lists show, and on the links
    between desks, organisations and municipalities (the region, the referral choices)."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for label in VOCABULARY_MODELS:
        model = apps.get_model(label)
        post_save.connect(changed, sender=model, dispatch_uid=f"vocabulary-{label}-save")
        post_delete.connect(changed, sender=model, dispatch_uid=f"vocabulary-{label}-del")
    desk = apps.get_model("intake.Desk")
    organisation = apps.get_model("referrals.Organisation")
    for through in (desk.organisations.through, organisation.municipalities.through):
        m2m_changed.connect(changed, sender=through, dispatch_uid=f"vocabulary-{through}")


def _store(store, key, value):
    if len(store) >= STORE_MAX:
        store.clear()
    store[key] = value
    return value


def _pairs(queryset):
    return list(queryset.values_list("pk", "name"))


def _offered(model, desk):
    return _pairs(model.objects.filter(Q(desk__isnull=True) | Q(desk=desk), is_active=True))


def _locations(desk):
    from .models import Location

    return _pairs(Location.objects.filter(desk=desk, is_active=True).order_by("name"))


def _life_events(desk):
    from .models import LifeEvent

    return _offered(LifeEvent, desk)


def _themes(desk):
    from .models import SessionTheme

    return _offered(SessionTheme, desk)


def _referred_by(desk):
    from referrals.selectors import referral_organisations

    return _pairs(
        referral_organisations(
            municipality=desk.municipality, exclude=desk.organisation, inbound=True
        )
    )


def _referred_to(desk):
    from referrals.selectors import referral_organisations

    return _pairs(referral_organisations(municipality=desk.municipality, exclude=desk.organisation))


def _near_municipalities(desk):
    from .selectors import municipalities_for_entry

    return _pairs(
        municipalities_for_entry(desk=desk).filter(nearness__lt=2)[:NEAR_MUNICIPALITIES_MAX]
    )


def _municipality_names(desk):
    from referrals.models import Municipality

    return tuple(Municipality.objects.order_by("name").values_list("name", flat=True))


# The lists a desk's forms show, as (value, label): each built when first asked for.
LISTS = {
    "locations": _locations,
    "life_events": _life_events,
    "themes": _themes,
    "referred_by": _referred_by,
    "referred_to": _referred_to,
    "near_municipalities": _near_municipalities,
    "municipality_names": _municipality_names,
}


class DeskChoices:
    """The choice lists of one desk's forms: looked up (one cache read for the version) only
    when a form is shown or its markup is looked for, never when a valid form is saved."""

    def __init__(self, desk):
        self.desk = desk

    @cached_property
    def version(self):
        return version()

    def __getitem__(self, name):
        key = (self.desk.pk, self.version, name)
        found = _lists.get(key)
        if found is None:
            found = _store(_lists, key, LISTS[name](self.desk))
        return found


def desk_choices(desk):
    """The choice lists of `desk`, one per desk instance: a page with several of its forms
    (the traject page: session, closing, referral) reads the version once."""
    choices = desk.__dict__.get("_form_choices")
    if choices is None:
        choices = desk.__dict__["_form_choices"] = DeskChoices(desk)
    return choices


_TEXTAREA = re.compile(r"(<textarea\b.*?</textarea>)", re.S)
_INDENT = re.compile(r"[ \t]*\n\s*")


def compact(html):
    """The markup without the templates' indentation (a tenth of a form), a textarea's text
    as it was."""
    parts = _TEXTAREA.split(html)
    return mark_safe(
        "".join(part if i % 2 else _INDENT.sub("\n", part) for i, part in enumerate(parts))
    )


def markup(form, render, scope=None):
    """The markup of an unbound `form`, rendered once per process for the same form, `scope`
    (the desk's choices, or None for forms with fixed choices), language and initial values;
    `render()` renders it. A bound form (one with errors to show) and a form changing a saved
    record are rendered each time (they are seldom shown twice alike)."""
    instance = getattr(form, "instance", None)
    if form.is_bound or getattr(instance, "pk", None) is not None:
        return render()
    values = tuple((name, str(form[name].value())) for name in form.fields)
    key = (
        type(form).__qualname__,
        form.prefix,
        form.auto_id,
        None if scope is None else (scope.desk.pk, scope.version),
        get_language(),
        values,
    )
    html = _markup.get(key)
    if html is None:
        if len(_markup) >= MARKUP_MAX:
            _markup.clear()
        html = _markup[key] = render()
    return html
