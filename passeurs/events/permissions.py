"""Who may do what with an event: computed from its organisers at check time."""

from django.utils.translation import gettext_lazy as _

from passeurs.core.permissions import ALLOW, Decision, deny, is_one_of, must_sign_in
from passeurs.events.models import Event


def is_organiser(user, event: Event) -> bool:
    return is_one_of(user, event.organisers)


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


def can_register(user, event: Event) -> Decision:
    """Anyone signed in may register; the service checks the event's state and deadline."""
    if not user.is_authenticated:
        return must_sign_in()
    if not user.is_active:
        return deny(_("Ce compte est désactivé."))
    return ALLOW


def can_cancel_registration(user, registration) -> Decision:
    """The registered person, or an organiser of the event."""
    if not user.is_authenticated:
        return must_sign_in()
    if registration.user_id == user.pk or is_organiser(user, registration.event):
        return ALLOW
    return deny(_("Seuls la personne inscrite et les organisateurs annulent une inscription."))


def can_see_online_link(user, event: Event, registration=None) -> bool:
    """The connection link is for the confirmed participants and the organisers."""
    if registration is not None and registration.state == "confirmed":
        return True
    return is_organiser(user, event)
