"""Who may do what with an event: computed from its organisers at check time."""

from django.utils.translation import gettext_lazy as _

from passeurs.core.permissions import ALLOW, Decision, deny, must_sign_in
from passeurs.events.models import Event


def is_organiser(user, event: Event) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or event.organisers.filter(pk=user.pk).exists()


def can_create_event(user) -> Decision:
    if not user.is_authenticated:
        return must_sign_in()
    if user.is_coordinator:
        return ALLOW
    return deny(_("Seuls les coordinateurs organisent des événements."))


def can_manage_event(user, event: Event) -> Decision:
    """Edit the event, see and export its participants, mark attendance, seat the tables,
    record the outputs."""
    if not user.is_authenticated:
        return must_sign_in()
    if is_organiser(user, event):
        return ALLOW
    return deny(_("Seuls les organisateurs de cet événement le pilotent."))
