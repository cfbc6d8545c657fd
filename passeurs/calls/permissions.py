"""Who may do what with a call: computed from its coordinators and jury at check time."""

from django.utils.translation import gettext_lazy as _

from passeurs.calls.models import Call
from passeurs.core.permissions import ALLOW, Decision, deny, is_one_of, must_sign_in
from passeurs.directory.permissions import is_member


def is_call_coordinator(user, call: Call) -> bool:
    return is_one_of(user, call.coordinators)


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


def is_member_of(user, organisation_id) -> bool:
    """Whether the user belongs to the organisation (any role)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_member(user, organisation_id)


def is_assigned_reviewer(user, application) -> bool:
    """A jury member of the call who was given this application to read."""
    if not user.is_authenticated or not user.is_active:
        return False
    from passeurs.calls.models import Review

    return Review.objects.filter(application=application, reviewer__user=user).exists()


def can_apply_with(user, initiative) -> Decision:
    """Apply (or edit the application) for an initiative: its organisation's members."""
    if not user.is_authenticated:
        return must_sign_in()
    if is_member_of(user, initiative.organisation_id):
        return ALLOW
    return deny(_("Seuls les membres de la structure du projet candidatent pour lui."))


def can_edit_application(user, application) -> Decision:
    if not user.is_authenticated:
        return must_sign_in()
    if is_member_of(user, application.organisation_id):
        return ALLOW
    return deny(_("Seuls les membres de la structure candidate modifient cette candidature."))


def can_view_application(user, application) -> Decision:
    """Its organisation's members, the call's coordinators, the reviewers assigned to it."""
    if not user.is_authenticated:
        return must_sign_in()
    if (
        is_member_of(user, application.organisation_id)
        or is_call_coordinator(user, application.call)
        or is_assigned_reviewer(user, application)
    ):
        return ALLOW
    return deny(_("Cette candidature est réservée à sa structure, au jury et à la coordination."))
