"""`AuditedAdmin`, the mixin that records what is added, changed and deleted through the admin.

The trail itself is shown in /beheer/ by `relatieloket.admin`, which knows the roles (read-only,
for the functional admin)."""

from django.contrib import admin

from . import services
from .constants import Action


class AuditedAdmin(admin.ModelAdmin):
    """Records every add, change and delete of the admin in the audit trail.

    An admin whose writes go through a service that records them itself (intake, referrals)
    overrides `save_model`, `delete_model` or `save_formset` and calls the service with
    `actor=request.user` instead of these; everything else is recorded here, with the fields
    the admin form changed.
    """

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Many-to-many fields are saved after this, but the form already knows they changed.
        services.record(
            actor=request.user,
            action=Action.UPDATE if change else Action.CREATE,
            obj=obj,
            fields=[name for name in form.changed_data if name in _model_fields(obj)],
        )

    def delete_model(self, request, obj):
        services.record(actor=request.user, action=Action.DELETE, obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        """The bulk "delete selected" action: one entry per object, each through delete_model."""
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        deleted = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
        for obj in deleted:
            services.record(actor=request.user, action=Action.DELETE, obj=obj)
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            services.record(
                actor=request.user,
                action=Action.CREATE,
                obj=obj,
                fields=_form_fields(formset, obj),
            )
        for obj, fields in formset.changed_objects:
            services.record(
                actor=request.user,
                action=Action.UPDATE,
                obj=obj,
                fields=[name for name in fields if name in _model_fields(obj)],
            )


def _model_fields(obj):
    return {f.name for f in obj._meta.get_fields() if f.concrete or f.many_to_many}


def _form_fields(formset, obj):
    form = next((f for f in formset.forms if f.instance is obj), None)
    names = form.changed_data if form is not None else []
    return [name for name in names if name in _model_fields(obj)]
