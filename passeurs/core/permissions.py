"""The shape every permission predicate returns: allowed or not, and why not."""

from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class Decision(NamedTuple):
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOW = Decision(True)


def deny(reason) -> Decision:
    return Decision(False, str(reason))


def must_sign_in() -> Decision:
    return deny(_("Connectez-vous pour effectuer cette action."))


def is_one_of(user, people) -> bool:
    """A signed-in, active user among `people` (an object's organisers, coordinators...);
    superusers always are."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or people.filter(pk=user.pk).exists()


def require(decision: Decision) -> None:
    """Turn a predicate's refusal into PermissionDenied carrying its reason (HTTP 403)."""
    if not decision:
        raise PermissionDenied(decision.reason)
