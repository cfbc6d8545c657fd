"""Errors the services raise; views and the API turn them into pages or HTTP codes."""

from django.core.exceptions import PermissionDenied, ValidationError  # noqa: F401
from django.utils.translation import gettext_lazy as _


class ConflictError(Exception):
    """The row changed since the caller read it (optimistic locking): HTTP 409."""

    def __init__(self, message=None):
        super().__init__(
            str(
                message
                or _(
                    "Cette fiche a été modifiée par quelqu’un d’autre entre-temps. "
                    "Rechargez la page pour voir la dernière version."
                )
            )
        )


class TransitionError(ValidationError):
    """A move a workflow does not have (HTTP 422), with the targets it does have."""

    def __init__(self, message, *, allowed: list[str]):
        super().__init__(message, code="transition")
        self.allowed = allowed
