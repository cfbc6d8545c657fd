"""A call's jury: its members and their conflicts, the assignment of reviews, the scores."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passeurs.calls import jury_permissions as permissions
from passeurs.calls import jury_tasks, ranking
from passeurs.calls.models import (
    Call,
    Criterion,
    JuryMember,
    Review,
    Score,
)
from passeurs.calls.services.common import log
from passeurs.core.notify import enqueue_on_commit
from passeurs.core.permissions import require
from passeurs.core.text import inner_quotes
from passeurs.core.versioning import save_versioned
from passeurs.directory.models import Organisation
from passeurs.matching import reviews as solver

COMMENT_MAX = 5000
SCORE_COMMENT_MAX = 1000


def _locked(call: Call) -> Call:
    """The call row, locked until the end of the transaction: one jury write at a time."""
    return Call.objects.select_for_update().get(pk=call.pk)


# --- members ---


@transaction.atomic
def jury_member_add(*, actor, call: Call, user, capacity: int | None = None) -> JuryMember:
    require(permissions.can_manage_jury(actor, call))
    _locked(call)
    if not user.is_active:
        raise ValidationError({"email": _("Ce compte est désactivé.")})
    if JuryMember.objects.filter(call=call, user=user).exists():
        raise ValidationError({"email": _("Cette personne fait déjà partie du jury.")})
    if capacity is not None and capacity < 1:
        raise ValidationError({"capacity": _("Une capacité vaut au moins 1 candidature.")})
    member = JuryMember.objects.create(call=call, user=user, capacity=capacity)
    log(call=call, actor=actor, kind="jury_member_add", comment=user.email)
    return member


@transaction.atomic
def jury_member_update(*, actor, member: JuryMember, capacity: int | None) -> JuryMember:
    require(permissions.can_manage_jury(actor, member.call))
    _locked(member.call)
    if capacity is not None:
        if capacity < 1:
            raise ValidationError({"capacity": _("Une capacité vaut au moins 1 candidature.")})
        assigned = member.reviews.count()
        if capacity < assigned:
            raise ValidationError(
                {
                    "capacity": _(
                        "Ce membre a déjà %(count)d candidatures à lire : sa capacité ne peut "
                        "pas être plus petite."
                    )
                    % {"count": assigned}
                }
            )
    member.capacity = capacity
    member.save(update_fields=["capacity"])
    log(
        call=member.call,
        actor=actor,
        kind="jury_member_update",
        comment=f"{member.user.email}: {capacity if capacity is not None else '-'}",
    )
    return member


@transaction.atomic
def jury_member_remove(*, actor, member: JuryMember) -> None:
    """Remove a member and their unsubmitted reviews; refused once they gave a review."""
    call = member.call
    require(permissions.can_manage_jury(actor, call))
    _locked(call)
    if member.reviews.filter(submitted_at__isnull=False).exists():
        raise ValidationError(
            _("Ce membre a déjà rendu des évaluations : il ne peut plus quitter le jury.")
        )
    email = member.user.email
    member.delete()
    log(call=call, actor=actor, kind="jury_member_remove", comment=email)


# --- conflicts of interest ---


@dataclass
class ConflictResult:
    member: JuryMember
    organisation: Organisation
    withdrawn: int = 0  # reviews of that organisation's applications taken back


@transaction.atomic
def conflict_declare(*, actor, member: JuryMember, organisation: Organisation) -> ConflictResult:
    """Declare a conflict of interest; any review of that organisation's applications by the
    member is withdrawn (the call's applications will need another reviewer)."""
    require(permissions.can_declare_conflict(actor, member))
    call = _locked(member.call)
    result = ConflictResult(member, organisation)
    if member.conflicts.filter(pk=organisation.pk).exists():
        raise ValidationError(
            {"organisation": _("Ce conflit d’intérêts est déjà déclaré pour cette structure.")}
        )
    member.conflicts.add(organisation)
    reviews = Review.objects.filter(
        reviewer=member, application__organisation=organisation, application__call=call
    )
    _total, deleted = reviews.delete()
    result.withdrawn = deleted.get(Review._meta.label, 0)
    log(
        call=call,
        actor=actor,
        kind="conflict_declare",
        comment=f"{member.user.email} — {organisation.name} ({result.withdrawn})",
    )
    return result


@transaction.atomic
def conflict_lift(*, actor, member: JuryMember, organisation: Organisation) -> None:
    require(permissions.can_declare_conflict(actor, member))
    _locked(member.call)
    if not member.conflicts.filter(pk=organisation.pk).exists():
        raise ValidationError(_("Aucun conflit d’intérêts déclaré avec cette structure."))
    member.conflicts.remove(organisation)
    log(
        call=member.call,
        actor=actor,
        kind="conflict_lift",
        comment=f"{member.user.email} — {organisation.name}",
    )


# --- assignment ---


@dataclass
class AssignmentResult:
    created: int
    withdrawn: int
    load: dict[int, int] = field(default_factory=dict)  # member id -> reviews in all

    @property
    def min_load(self) -> int:
        return min(self.load.values(), default=0)

    @property
    def max_load(self) -> int:
        return max(self.load.values(), default=0)


@transaction.atomic
def reviews_assign(*, actor, call: Call) -> AssignmentResult:
    """Give every submitted application `reviews_per_application` reviewers, never one in
    conflict with its organisation (declared, or their own organisation), the load as even as
    the conflicts and capacities allow. Reviews already made are kept. When no assignment
    exists, nothing is stored and the reasons are told in words."""
    require(permissions.can_assign_reviews(actor, call))
    call = _locked(call)
    data = ranking.assignment_input(call)
    if not data.reviewers:
        raise ValidationError(_("Ajoutez des membres au jury avant de répartir les candidatures."))
    if not data.applications:
        raise ValidationError(_("Aucune candidature déposée n’est à répartir."))
    try:
        assignment = solver.assign_reviews(
            data.applications,
            data.reviewers,
            per_application=call.reviews_per_application,
            conflicts=data.conflicts,
            existing=data.existing,
        )
    except solver.Infeasible as error:
        raise ValidationError(ranking.shortage_messages(error.reasons, data)) from None
    # A review of an organisation its reader is now in conflict with (a membership added
    # since) is withdrawn: the solver has just replaced it.
    withdrawn = len(data.conflicted_reviews)
    if withdrawn:
        Review.objects.filter(pk__in=[r.pk for r in data.conflicted_reviews]).delete()
    Review.objects.bulk_create(
        [Review(reviewer_id=member, application_id=app) for member, app in assignment.new_pairs]
    )
    counts = Counter(member for member, _app in assignment.new_pairs)
    log(
        call=call,
        actor=actor,
        kind="reviews_assign",
        comment=f"{len(assignment.new_pairs)} new, {withdrawn} withdrawn",
    )
    if counts:
        enqueue_on_commit(
            jury_tasks.notify_reviews_assigned, call_id=call.pk, member_ids=sorted(counts)
        )
    return AssignmentResult(
        created=len(assignment.new_pairs), withdrawn=withdrawn, load=dict(assignment.load)
    )


def jury_loads(call: Call) -> dict[int, tuple[int, int]]:
    """Member id -> (reviews assigned, reviews submitted), in one query."""
    loads: dict[int, list[int]] = {}
    rows = Review.objects.filter(
        reviewer__call=call,
        application__state__in=ranking.IN_REVIEW,
    ).values_list("reviewer_id", "submitted_at")
    for member, submitted_at in rows:
        entry = loads.setdefault(member, [0, 0])
        entry[0] += 1
        entry[1] += submitted_at is not None
    return {member: (a, s) for member, (a, s) in loads.items()}


# --- scores ---


def _integer(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if text.lstrip("-").isdigit():
        return int(text)
    return None


def _clean_scores(review: Review, scores: dict, criteria: list[Criterion], submit: bool) -> dict:
    """criterion id -> (value, comment) once checked; errors keyed by `score_<id>`."""
    by_id = {c.pk: c for c in criteria}
    errors: dict[str, list[str]] = {}
    cleaned = {}
    for key, entry in scores.items():
        try:
            criterion = by_id[int(key)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                _("Ce critère n’appartient pas à la grille de l’appel.")
            ) from None
        value, comment = entry
        comment = (comment or "").strip()
        if len(comment) > SCORE_COMMENT_MAX:
            errors.setdefault(f"comment_{criterion.pk}", []).append(
                _("Le commentaire tient en %(max)d caractères.") % {"max": SCORE_COMMENT_MAX}
            )
        if value is None or value == "":
            if comment:
                errors.setdefault(f"score_{criterion.pk}", []).append(
                    _("Donnez une note à « %(name)s » pour garder son commentaire.")
                    % {"name": inner_quotes(criterion.name)}
                )
            continue
        number = _integer(value)
        if number is None:
            errors.setdefault(f"score_{criterion.pk}", []).append(
                _("La note est un nombre entier.")
            )
            continue
        if not 0 <= number <= criterion.max_score:
            errors.setdefault(f"score_{criterion.pk}", []).append(
                _("« %(name)s » se note de 0 à %(max)d : %(value)d est hors de l’échelle.")
                % {
                    "name": inner_quotes(criterion.name),
                    "max": criterion.max_score,
                    "value": number,
                }
            )
            continue
        cleaned[criterion.pk] = (number, comment)
    if submit:
        for criterion in criteria:
            if cleaned.get(criterion.pk, (None, ""))[0] is None and (
                f"score_{criterion.pk}" not in errors
            ):
                errors.setdefault(f"score_{criterion.pk}", []).append(
                    _("Notez « %(name)s » avant de rendre l’évaluation.")
                    % {"name": inner_quotes(criterion.name)}
                )
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def review_save(
    *, actor, review: Review, scores: dict, comment: str = "", submit: bool = False, version: int
) -> Review:
    """Save a review's scores (criterion id -> (value, comment)) and general comment; with
    `submit`, every criterion must be scored and the review becomes read-only."""
    require(permissions.can_write_review(actor, review))
    application = review.application
    criteria = list(Criterion.objects.filter(call_id=application.call_id).order_by("position"))
    if submit and not criteria:
        raise ValidationError(_("La grille de notation de cet appel n’a aucun critère."))
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            {"comment": _("L’avis général tient en %(max)d caractères.") % {"max": COMMENT_MAX}}
        )
    cleaned = _clean_scores(review, scores, criteria, submit)
    submitted_at = timezone.now() if submit else None
    save_versioned(review, version, comment=comment, submitted_at=submitted_at)
    existing = {s.criterion_id: s for s in Score.objects.filter(review=review)}
    to_create, to_update, to_delete = [], [], []
    for criterion in criteria:
        value, note = cleaned.get(criterion.pk, (None, ""))
        score = existing.get(criterion.pk)
        if value is None:
            if score is not None:
                to_delete.append(score.pk)
        elif score is None:
            to_create.append(Score(review=review, criterion=criterion, value=value, comment=note))
        elif (score.value, score.comment) != (value, note):
            score.value, score.comment = value, note
            to_update.append(score)
    Score.objects.filter(pk__in=to_delete).delete()
    Score.objects.bulk_create(to_create)
    Score.objects.bulk_update(to_update, ["value", "comment"])
    if submit:
        log(
            call=application.call,
            actor=actor,
            kind="review_submit",
            application=application,
            comment=actor.email,
        )
    return review


def review_status(review: Review) -> str:
    """ "submitted", "started" (a draft with scores or a comment) or "todo"."""
    if review.submitted_at is not None:
        return "submitted"
    if review.comment or getattr(review, "score_count", 0):
        return "started"
    return "todo"
