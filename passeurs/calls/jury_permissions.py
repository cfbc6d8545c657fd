"""Who may do what in a call's jury and accompaniment, and the one access path to each row.

Computed from the call's coordinators, its jury, the laureate's organisation and the coaches at
check time; nothing is copied onto users.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from passeurs.calls.models import (
    Accompaniment,
    ApplicationState,
    Call,
    CallState,
    JuryMember,
    Review,
)
from passeurs.calls.permissions import can_manage_call, is_call_coordinator
from passeurs.core.permissions import ALLOW, Decision, deny, must_sign_in
from passeurs.directory.models import Membership

# Jury members can be added or removed, and conflicts declared, until the decision.
JURY_OPEN_STATES = (CallState.DRAFT, CallState.PUBLISHED, CallState.REVIEW)


def _signed_in(user) -> bool:
    return user.is_authenticated and user.is_active


def can_manage_jury(user, call: Call) -> Decision:
    """Add or remove jury members, assign the reviews: the call's coordinators, before the
    decision."""
    decision = can_manage_call(user, call)
    if not decision:
        return decision
    if call.state not in JURY_OPEN_STATES:
        return deny(_("Les lauréats sont désignés : le jury ne change plus."))
    return ALLOW


def can_assign_reviews(user, call: Call) -> Decision:
    decision = can_manage_jury(user, call)
    if decision and call.state != CallState.REVIEW:
        return deny(
            _("Les candidatures se répartissent quand l’appel est en instruction par le jury.")
        )
    return decision


def can_declare_conflict(user, member: JuryMember) -> Decision:
    """The member themself, or the call's coordinators, before the decision."""
    if not user.is_authenticated:
        return must_sign_in()
    if member.call.state not in JURY_OPEN_STATES:
        return deny(_("Les lauréats sont désignés : les conflits d’intérêts sont clos."))
    if (_signed_in(user) and member.user_id == user.pk) or is_call_coordinator(user, member.call):
        return ALLOW
    return deny(_("Seul ce membre du jury ou la coordination de l’appel déclare ses conflits."))


def can_read_review(user, review: Review) -> Decision:
    if not user.is_authenticated:
        return must_sign_in()
    if _signed_in(user) and review.reviewer.user_id == user.pk:
        return ALLOW
    if is_call_coordinator(user, review.application.call):
        return ALLOW
    return deny(_("Seuls l’évaluateur et la coordination de l’appel lisent cette évaluation."))


def can_write_review(user, review: Review) -> Decision:
    """Only the assigned reviewer, while the call is in review and the review not yet given."""
    if not user.is_authenticated:
        return must_sign_in()
    if not (_signed_in(user) and review.reviewer.user_id == user.pk):
        return deny(_("Seul l’évaluateur désigné remplit cette évaluation."))
    call = review.application.call
    if call.state != CallState.REVIEW:
        if call.state in (CallState.DECIDED, CallState.ARCHIVED):
            return deny(_("Les lauréats sont désignés : les évaluations sont closes."))
        return deny(_("Les évaluations s’ouvrent quand l’appel passe en instruction."))
    if review.submitted_at is not None:
        return deny(_("Cette évaluation a été rendue : elle ne peut plus être modifiée."))
    if review.application.state != ApplicationState.SUBMITTED:
        return deny(_("Cette candidature n’est plus en lice."))
    return ALLOW


def can_see_ranking(user, call: Call) -> Decision:
    return can_manage_call(user, call)


def can_select_laureates(user, call: Call) -> Decision:
    decision = can_manage_call(user, call)
    if decision and call.state != CallState.REVIEW:
        return deny(_("Les lauréats se désignent pendant l’instruction par le jury."))
    return decision


# --- accompaniment ---


def _is_laureate_member(user, accompaniment: Accompaniment) -> bool:
    application = accompaniment.application
    if not _signed_in(user):
        return False
    if application.applicant_id == user.pk:
        return True
    return Membership.objects.filter(
        user=user, organisation_id=application.organisation_id
    ).exists()


def _is_coach(user, accompaniment: Accompaniment) -> bool:
    return _signed_in(user) and accompaniment.coaches.filter(pk=user.pk).exists()


def accompaniment_roles(user, accompaniment: Accompaniment) -> set[str]:
    """ "laureate", "coach", "coordinator": what the user is to this accompaniment."""
    roles = set()
    if _is_laureate_member(user, accompaniment):
        roles.add("laureate")
    if _is_coach(user, accompaniment):
        roles.add("coach")
    if is_call_coordinator(user, accompaniment.application.call):
        roles.add("coordinator")
    return roles


def can_view_accompaniment(user, accompaniment: Accompaniment) -> Decision:
    if not user.is_authenticated:
        return must_sign_in()
    if accompaniment_roles(user, accompaniment):
        return ALLOW
    return deny(_("Seuls le lauréat, ses coachs et la coordination suivent cet accompagnement."))


def can_update_milestone(user, accompaniment: Accompaniment) -> Decision:
    """Mark a check-in or a milestone done: the laureate, its coaches, the coordinators."""
    return can_view_accompaniment(user, accompaniment)


def can_submit_final_report(user, accompaniment: Accompaniment) -> Decision:
    if not user.is_authenticated:
        return must_sign_in()
    if _is_laureate_member(user, accompaniment):
        return ALLOW
    return deny(_("Le rapport final est rendu par la structure lauréate."))


def can_manage_accompaniment(user, accompaniment: Accompaniment) -> Decision:
    """Add or remove coaches: the call's coordinators."""
    return can_manage_call(user, accompaniment.application.call)


# --- one access path per object type ---


def reviews_visible_to(user):
    """The reviews a user may open: their own, and every review of the calls they coordinate."""
    if not _signed_in(user):
        return Review.objects.none()
    if user.is_superuser:
        return Review.objects.all()
    return Review.objects.filter(
        Q(reviewer__user=user) | Q(application__call__coordinators=user)
    ).distinct()


def accompaniments_visible_to(user):
    if not _signed_in(user):
        return Accompaniment.objects.none()
    if user.is_superuser:
        return Accompaniment.objects.all()
    organisations = Membership.objects.filter(user=user).values("organisation_id")
    return Accompaniment.objects.filter(
        Q(application__applicant=user)
        | Q(application__organisation__in=organisations)
        | Q(coaches=user)
        | Q(application__call__coordinators=user)
    ).distinct()
