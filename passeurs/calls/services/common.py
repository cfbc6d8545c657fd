"""What every calls service shares: the audit log."""

from passeurs.calls.models import CallLog


def log(*, call, actor, kind, application=None, source="", target="", comment=""):
    """Record one line of the call's audit trail (actor None: the platform itself)."""
    return CallLog.objects.create(
        call=call,
        application=application,
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        from_state=source,
        to_state=target,
        comment=comment[:5000],
    )
