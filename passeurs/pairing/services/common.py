"""What every pairing service shares: permission checks, optimistic locking, audit events."""

import contextlib
import contextvars

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from passeurs.core.exceptions import ConflictError
from passeurs.pairing.models import PairEvent


class TransitionError(ValidationError):
    """A move the workflow does not have (HTTP 422), with the targets it does have."""

    def __init__(self, message, *, allowed: list[str]):
        super().__init__(message, code="transition")
        self.allowed = allowed


def check(decision) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


def bump_version(instance, version: int, **values) -> None:
    """Conditional write: only if nobody changed the row since `version` was read."""
    extra = {"updated_at": timezone.now()} if hasattr(instance, "updated_at") else {}
    updated = (
        type(instance)
        .objects.filter(pk=instance.pk, version=version)
        .update(version=F("version") + 1, **values, **extra)
    )
    if not updated:
        raise ConflictError()
    instance.refresh_from_db()


_NOTIFICATIONS_PAUSED = contextvars.ContextVar("pairing_notifications_paused", default=False)


@contextlib.contextmanager
def notifications_paused():
    """Record events without e-mailing anyone: for loading past history (the demo data)."""
    token = _NOTIFICATIONS_PAUSED.set(True)
    try:
        yield
    finally:
        _NOTIFICATIONS_PAUSED.reset(token)


# Events someone should hear about by e-mail (tasks.recipients_of says who).
NOTIFIED = frozenset({"pair_publish", "pair_transition", "candidacy_decide"})


def event(*, edition, actor, kind, pair=None, candidacy=None, source="", target="", comment=""):
    """Record the audit event; the people concerned are e-mailed once the write commits."""
    created = PairEvent.objects.create(
        edition=edition,
        pair=pair,
        candidacy=candidacy,
        actor=actor,
        kind=kind,
        from_state=source,
        to_state=target,
        comment=comment[:5000],
    )
    if kind in NOTIFIED and not _NOTIFICATIONS_PAUSED.get():
        from passeurs.pairing.tasks import notify_pair_event

        transaction.on_commit(lambda: notify_pair_event.enqueue(event_id=created.pk))
    return created
