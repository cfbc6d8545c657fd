"""Who may do what with a call: computed from its coordinators and jury at check time."""

from django.utils.translation import gettext_lazy as _

from passeurs.calls.models import Call
from passeurs.core.permissions import ALLOW, Decision, deny, must_sign_in


def is_call_coordinator(user, call: Call) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or call.coordinators.filter(pk=user.pk).exists()


def can_create_call(user) -> Decision:
    if not user.is_authenticated:
        return must_sign_in()
    if user.is_coordinator:
        return ALLOW
    return deny(_("Seuls les coordinateurs publient des appels à projets."))


def can_manage_call(user, call: Call) -> Decision:
    """Edit the call, its form, grid and jury; see every application; decide."""
    if not user.is_authenticated:
        return must_sign_in()
    if is_call_coordinator(user, call):
        return ALLOW
    return deny(_("Seuls les coordinateurs de cet appel le pilotent."))
