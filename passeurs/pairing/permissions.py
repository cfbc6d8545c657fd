"""Who may do what in a pairing programme: from the programme's coordinators and the pair."""

from django.utils.translation import gettext_lazy as _

from passeurs.accounts.models import Role
from passeurs.core.permissions import ALLOW, Decision, deny, is_one_of, must_sign_in
from passeurs.directory.models import Membership, OrganisationFamily
from passeurs.pairing import workflows
from passeurs.pairing.models import (
    Candidacy,
    CandidacyState,
    Edition,
    EditionState,
    Pair,
    PairState,
    Programme,
)


def is_programme_coordinator(user, programme: Programme) -> bool:
    return is_one_of(user, programme.coordinators)


def pair_roles_of(user, pair: Pair) -> set[str]:
    if not user.is_authenticated:
        return set()
    roles = set()
    if is_programme_coordinator(user, pair.edition.programme):
        roles.add(workflows.COORDINATOR)
    # A proposal stays with the coordinators until they publish it (matching_publish).
    if pair.state == PairState.PROPOSED and pair.published_at is None:
        return roles
    if pair.project.user_id == user.pk:
        roles.add(workflows.PROJECT)
    if pair.servant.user_id == user.pk:
        roles.add(workflows.SERVANT)
    return roles


def can_create_programme(user) -> Decision:
    if not user.is_authenticated:
        return must_sign_in()
    if user.is_coordinator:
        return ALLOW
    return deny(_("Seuls les coordinateurs créent des programmes."))


def can_manage_edition(user, edition: Edition) -> Decision:
    """Edit the edition, decide candidacies, set pair rules, run the matching."""
    if not user.is_authenticated:
        return must_sign_in()
    if is_programme_coordinator(user, edition.programme):
        return ALLOW
    return deny(_("Seuls les coordinateurs de ce programme pilotent ses promotions."))


def can_manage_programme(user, programme: Programme) -> Decision:
    if not user.is_authenticated:
        return must_sign_in()
    if is_programme_coordinator(user, programme):
        return ALLOW
    return deny(_("Seuls les coordinateurs de ce programme le modifient."))


def can_apply_as_servant(user, edition: Edition, administration) -> Decision:
    if not user.is_authenticated:
        return must_sign_in()
    if edition.state != EditionState.CANDIDACY:
        return deny(_("Les candidatures de cette promotion ne sont pas ouvertes."))
    if user.role != Role.CIVIL_SERVANT:
        return deny(_("Seuls les agents publics candidatent de ce côté."))
    if administration is None or administration.family != OrganisationFamily.ADMINISTRATION:
        return deny(_("Choisissez votre administration."))
    if not Membership.objects.filter(user=user, organisation=administration).exists():
        return deny(_("Vous n’appartenez pas à cette administration."))
    return ALLOW


def can_apply_for_project(user, edition: Edition, initiative) -> Decision:
    if not user.is_authenticated:
        return must_sign_in()
    if edition.state != EditionState.CANDIDACY:
        return deny(_("Les candidatures de cette promotion ne sont pas ouvertes."))
    if not Membership.objects.filter(user=user, organisation=initiative.organisation).exists():
        return deny(_("Seuls les membres de la structure porteuse candidatent pour ce projet."))
    return ALLOW


def can_view_candidacy(user, candidacy: Candidacy) -> Decision:
    if not user.is_authenticated:
        return must_sign_in()
    if candidacy.user_id == user.pk or is_programme_coordinator(user, candidacy.edition.programme):
        return ALLOW
    return deny(_("Cette candidature n’est visible que de son auteur et des coordinateurs."))


def can_withdraw_candidacy(user, candidacy: Candidacy) -> Decision:
    if not user.is_authenticated:
        return must_sign_in()
    if candidacy.user_id != user.pk:
        return deny(_("Seul son auteur retire une candidature."))
    if candidacy.state not in (CandidacyState.SUBMITTED, CandidacyState.ACCEPTED):
        return deny(_("Cette candidature ne peut plus être retirée."))
    return ALLOW


def can_view_pair(user, pair: Pair) -> Decision:
    """The pair's page and log: its two members and the programme's coordinators only."""
    if not user.is_authenticated:
        return must_sign_in()
    if pair_roles_of(user, pair):
        return ALLOW
    return deny(_("Le journal d’un binôme n’est visible que du binôme et des coordinateurs."))


def can_transition_pair(user, pair: Pair, target: str, roles: set[str] | None = None) -> Decision:
    if not user.is_authenticated:
        return must_sign_in()
    roles = pair_roles_of(user, pair) if roles is None else roles
    if roles & workflows.pair_roles_for(pair.state, target):
        return ALLOW
    return deny(_("Vous ne pouvez pas faire passer ce binôme dans cet état."))


def can_log(user, pair: Pair) -> Decision:
    """Meetings, actions, objectives and evaluations: the pair's members, while it runs."""
    if not user.is_authenticated:
        return must_sign_in()
    roles = pair_roles_of(user, pair)
    if not roles & {workflows.PROJECT, workflows.SERVANT}:
        return deny(_("Seuls les membres du binôme tiennent son journal."))
    if pair.state not in workflows.PAIR_LOGGABLE:
        return deny(_("Le journal n’est tenu que pendant que le binôme est actif."))
    return ALLOW
