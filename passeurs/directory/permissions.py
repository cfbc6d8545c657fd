"""Who may do what in the directory. Computed from role and memberships at check time."""

from django.utils.translation import gettext_lazy as _

from passeurs.core.permissions import ALLOW, Decision, deny, must_sign_in
from passeurs.directory.models import (
    Initiative,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationFamily,
)


def is_member(user, organisation, *, admin: bool = False) -> bool:
    """Whether the user belongs to the organisation (an instance or its id)."""
    memberships = Membership.objects.filter(user=user, organisation=organisation)
    if admin:
        memberships = memberships.filter(role=MembershipRole.ADMIN)
    return memberships.exists()


def can_create_organisation(user, family: str | None = None) -> Decision:
    if not user.is_authenticated:
        return must_sign_in()
    if family == OrganisationFamily.ADMINISTRATION and not user.is_coordinator:
        return deny(_("Seuls les coordinateurs peuvent ajouter une administration."))
    return ALLOW


def can_edit_organisation(user, organisation: Organisation) -> Decision:
    if not user.is_authenticated:
        return must_sign_in()
    if user.is_coordinator or is_member(user, organisation, admin=True):
        return ALLOW
    return deny(
        _("Seuls les administrateurs de la structure et les coordinateurs peuvent la modifier.")
    )


def can_create_initiative(user, organisation: Organisation) -> Decision:
    if not user.is_authenticated:
        return must_sign_in()
    if user.is_coordinator or is_member(user, organisation):
        return ALLOW
    return deny(_("Seuls les membres de la structure peuvent lui ajouter un projet."))


def can_view_initiative(user, initiative: Initiative) -> Decision:
    if initiative.is_public:
        return ALLOW
    if not user.is_authenticated:
        return deny(_("Ce projet n’est pas public."))
    if user.is_coordinator or is_member(user, initiative.organisation):
        return ALLOW
    return deny(_("Ce projet n’est pas public."))


def can_edit_initiative(user, initiative: Initiative) -> Decision:
    if not user.is_authenticated:
        return must_sign_in()
    if user.is_coordinator or is_member(user, initiative.organisation):
        return ALLOW
    return deny(_("Seuls les membres de la structure porteuse peuvent modifier ce projet."))
