"""Optimistic locking: a write lands only if nobody changed the row since it was read."""

from django.db.models import F
from django.utils import timezone

from passeurs.core.exceptions import ConflictError


def save_versioned(instance, version: int, **values) -> None:
    """Write `values` (and bump `version`) only if the row still has `version`.

    QuerySet.update() skips auto_now, so updated_at is set here for models that have one.
    Raises ConflictError for the loser of a race; the instance is reloaded after a win.
    """
    if any(field.name == "updated_at" for field in type(instance)._meta.concrete_fields):
        values["updated_at"] = timezone.now()
    updated = (
        type(instance)
        .objects.filter(pk=instance.pk, version=version)
        .update(version=F("version") + 1, **values)
    )
    if not updated:
        raise ConflictError()
    instance.refresh_from_db()
