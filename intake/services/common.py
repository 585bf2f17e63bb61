"""What every intake write shares: validate, then save."""

KEEP = object()  # an update argument left out: the field keeps its value


def validated_save(instance, *, exclude=None):
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance
