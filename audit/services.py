"""Writes of the audit trail: one function, called by the services of every app and by the
admin (`audit.admin.AuditedAdmin`), inside the transaction of the change it records, so an
entry exists exactly when the change does."""

from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType

from .constants import Action
from .models import AuditEntry


def _field_names(model):
    return {
        field.name for field in model._meta.get_fields() if field.concrete or field.many_to_many
    }


def record(*, actor, action, obj, fields=()) -> AuditEntry:
    """Record that `actor` did `action` to `obj`, changing `fields` (names, never values).

    `actor` is a user, or None for the system (demo data, a management command); an anonymous
    visitor (the feedback form) is recorded as None too. `action` must be one of `Action`,
    `fields` names of the model's fields: anything else is a programming error, so no value
    can slip into an entry disguised as a field name. A deleted object is recorded before it
    is deleted, in the same transaction.
    """
    action = Action(action)
    model = type(obj)
    names = sorted(set(fields))
    unknown = set(names) - _field_names(model)
    if unknown:
        raise ValueError(f"not fields of {model._meta.label}: {sorted(unknown)}")
    if obj.pk is None:
        raise ValueError("record the object while it has its primary key")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        actor_username=actor.get_username() if actor is not None else "",
        action=action,
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        object_id=str(obj.pk),
        fields=names,
    )


def snapshot(obj, *, many_to_many=()):
    """The values of an object's fields, to find out after a change which ones changed.

    Kept in memory only: `changed_fields` turns two snapshots into names.
    """
    values = {
        field.name: field.value_from_object(obj)
        for field in obj._meta.concrete_fields
        # A time stamp the database keeps (updated_at) is no change anyone made.
        if not (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
    }
    if obj.pk is not None:
        for name in many_to_many:
            values[name] = set(getattr(obj, name).values_list("pk", flat=True))
    return values


def changed_fields(before, obj, *, many_to_many=()):
    """The names of the fields whose value differs from the snapshot `before`."""
    after = snapshot(obj, many_to_many=many_to_many)
    return sorted(name for name, value in after.items() if before.get(name) != value)


def record_change(*, actor, obj, before, many_to_many=(), action=Action.UPDATE):
    """Record an update with the fields that changed since `before`; nothing if none did."""
    fields = changed_fields(before, obj, many_to_many=many_to_many)
    if fields:
        return record(actor=actor, action=action, obj=obj, fields=fields)
    return None


def record_create(*, actor, obj, many_to_many=()):
    """Record a new object with the fields that were filled in (not left empty)."""
    fields = [
        name
        for name, value in snapshot(obj, many_to_many=many_to_many).items()
        if value not in (None, "", set()) and name != obj._meta.pk.name
    ]
    return record(actor=actor, action=Action.CREATE, obj=obj, fields=fields)


_READ = object()  # `audited(before=...)` left out: the stored copy is read from the database


@contextmanager
def audited(obj, *, actor, before=_READ, many_to_many=()):
    """Record the save of `obj` that the block does, once the block ends without an error.

    `before` is the object as it is stored: left out, it is read again from the database (by
    primary key; nothing for an object without one); give it when the caller has read or
    locked it already (or None: nothing is stored yet). Its values are noted when the block
    starts. Nothing stored: `obj` is recorded as created, with the fields filled in; else as
    updated, with the fields that changed (no entry when none did). `many_to_many` names the
    relations that count as fields (set them inside the block).

        with audited(location, actor=user):
            location.full_clean()
            location.save()
    """
    if before is _READ:
        before = type(obj)._default_manager.get(pk=obj.pk) if obj.pk is not None else None
    values = None if before is None else snapshot(before, many_to_many=many_to_many)
    yield
    if values is None:
        record_create(actor=actor, obj=obj, many_to_many=many_to_many)
    else:
        record_change(actor=actor, obj=obj, before=values, many_to_many=many_to_many)


__all__ = [
    "Action",
    "audited",
    "changed_fields",
    "record",
    "record_change",
    "record_create",
    "snapshot",
]
