"""Who may do what on a blocker, from memberships, role and assignment at check time."""

from django.utils.translation import gettext_lazy as _

from passeurs.accounts.models import Role
from passeurs.blockers import workflows
from passeurs.blockers.models import Blocker, BlockerState
from passeurs.core.permissions import ALLOW, Decision, deny, must_sign_in
from passeurs.directory.models import Initiative, Membership


def roles_of(user, blocker: Blocker) -> set[str]:
    if not user.is_authenticated:
        return set()
    roles = set()
    if user.is_coordinator:
        roles.add(workflows.COORDINATOR)
    if blocker.assignee_id == user.pk:
        roles.add(workflows.ASSIGNEE)
    if Membership.objects.filter(
        user=user, organisation__initiatives__declared_blockers=blocker
    ).exists():
        roles.add(workflows.AUTHOR)
    return roles


def can_view_blocker(user, blocker: Blocker) -> Decision:
    if blocker.state not in (BlockerState.DRAFT, BlockerState.WITHDRAWN):
        return ALLOW
    if roles_of(user, blocker):
        return ALLOW
    return deny(_("Ce frein n’est pas public."))


def can_declare_blocker(user, initiative: Initiative) -> Decision:
    if not user.is_authenticated:
        return must_sign_in()
    if (
        user.is_coordinator
        or Membership.objects.filter(user=user, organisation=initiative.organisation).exists()
    ):
        return ALLOW
    return deny(_("Seuls les membres de la structure porteuse peuvent déclarer un frein."))


def can_join_blocker(user, blocker: Blocker, initiative: Initiative) -> Decision:
    decision = can_declare_blocker(user, initiative)
    if not decision:
        return decision
    if blocker.state in workflows.TERMINAL or blocker.state == BlockerState.DRAFT:
        return deny(_("On ne peut plus rejoindre ce frein dans son état actuel."))
    return ALLOW


def can_edit_blocker(user, blocker: Blocker, roles: set[str] | None = None) -> Decision:
    """Its author edits a draft or just-submitted blocker; coordinators edit at any time."""
    roles = roles_of(user, blocker) if roles is None else roles
    if workflows.COORDINATOR in roles:
        return ALLOW
    if workflows.AUTHOR in roles and blocker.state in (BlockerState.DRAFT, BlockerState.SUBMITTED):
        return ALLOW
    if workflows.AUTHOR in roles:
        return deny(_("Ce frein a été qualifié : seuls les coordinateurs le modifient."))
    return deny(_("Seuls le porteur et les coordinateurs modifient ce frein."))


def can_transition(user, blocker: Blocker, target: str) -> Decision:
    if not user.is_authenticated:
        return must_sign_in()
    roles = roles_of(user, blocker)
    if workflows.AUTHOR in roles and target in workflows.NEVER_BY_AUTHOR:
        return deny(
            _("Le porteur d’un frein ne peut pas le déclarer lui-même levé, maintenu ou qualifié.")
        )
    if roles & workflows.roles_for(blocker.state, target):
        return ALLOW
    return deny(_("Vous ne pouvez pas faire passer ce frein dans cet état."))


def can_take_on(user, blocker: Blocker) -> Decision:
    """A civil servant takes a qualified or in-progress blocker on; coordinators assign."""
    if not user.is_authenticated:
        return must_sign_in()
    if blocker.state in workflows.TERMINAL or blocker.state == BlockerState.DRAFT:
        return deny(_("Ce frein n’attend plus de prise en charge."))
    if user.is_coordinator or user.role == Role.CIVIL_SERVANT:
        return ALLOW
    return deny(_("Seuls les agents publics peuvent prendre en charge un frein."))


def can_route(user, blocker: Blocker) -> Decision:
    if not user.is_authenticated:
        return must_sign_in()
    if user.is_coordinator:
        return ALLOW
    return deny(_("Seuls les coordinateurs aiguillent les freins."))
