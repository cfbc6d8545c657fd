"""Who may do what on accounts, computed at check time from roles."""

from django.utils.translation import gettext_lazy as _

from passeurs.accounts.models import Role
from passeurs.core.permissions import ALLOW, Decision, deny, must_sign_in

# Roles a person may give themself; coordinators are appointed.
SELF_SERVICE_ROLES = (
    Role.CIVIL_SERVANT,
    Role.PROJECT_LEADER,
    Role.SUPPORT_PARTNER,
    Role.LOCAL_AGENT,
)


def can_set_role(actor, user, role) -> Decision:
    if not actor.is_authenticated:
        return must_sign_in()
    if actor.is_coordinator:
        return ALLOW
    if actor.pk != user.pk:
        return deny(_("Seul·e un·e coordinateur·rice peut changer le rôle d’une autre personne."))
    if role not in SELF_SERVICE_ROLES:
        return deny(_("Seul·e un·e coordinateur·rice peut attribuer ce rôle."))
    return ALLOW


def can_revoke_token(actor, token) -> Decision:
    if not actor.is_authenticated:
        return must_sign_in()
    if token.user_id == actor.pk or actor.is_coordinator:
        return ALLOW
    return deny(_("Ce jeton ne vous appartient pas."))
