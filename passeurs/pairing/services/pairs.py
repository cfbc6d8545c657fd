"""A pair's life: both sides answer, it runs with its log, then closes or ends early."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passeurs.blockers.models import Blocker, BlockerState
from passeurs.core.exceptions import TransitionError
from passeurs.core.permissions import deny, require
from passeurs.core.versioning import save_versioned
from passeurs.pairing import permissions, workflows
from passeurs.pairing.models import (
    ActionKind,
    FacilitationAction,
    Meeting,
    Pair,
    PairState,
)
from passeurs.pairing.services.common import event


@transaction.atomic
def pair_transition(
    *, actor, pair: Pair, target: str, version: int, comment: str = "", **values
) -> Pair:
    """Move a pair along the workflow table: checks the move, the permission and the version.

    Pages call the named moves below (respond, close, end early), which choose the target.
    """
    allowed = workflows.pair_targets_from(pair.state)
    if target not in allowed:
        raise TransitionError(
            _("Ce binôme ne peut pas passer de « %(state)s » à « %(target)s ».")
            % {"state": PairState(pair.state).label, "target": target},
            allowed=allowed,
        )
    require(permissions.can_transition_pair(actor, pair, target))
    if len(comment) > 5000:
        raise ValidationError(_("Un commentaire fait au plus 5 000 caractères."))
    if target == PairState.ACTIVE:
        values["activated_at"] = timezone.now()
    if target in workflows.PAIR_TERMINAL:
        values["ended_at"] = timezone.now()
    source = pair.state
    save_versioned(pair, version, state=target, **values)
    event(
        edition=pair.edition,
        actor=actor,
        kind="pair_transition",
        pair=pair,
        source=source,
        target=target,
        comment=comment,
    )
    return pair


@transaction.atomic
def pair_respond(*, actor, pair: Pair, accept: bool, version: int, comment: str = "") -> Pair:
    """One side accepts or declines a proposed pair; the second yes makes it active."""
    roles = permissions.pair_roles_of(actor, pair)
    if not roles & {workflows.PROJECT, workflows.SERVANT}:
        require(deny(_("Seuls les membres du binôme répondent à la proposition.")))
    if not accept:
        target = PairState.DECLINED
    elif pair.state == PairState.PROPOSED and workflows.PROJECT in roles:
        target = PairState.ACCEPTED_BY_PROJECT
    elif pair.state == PairState.PROPOSED and workflows.SERVANT in roles:
        target = PairState.ACCEPTED_BY_SERVANT
    elif (pair.state, workflows.SERVANT in roles, workflows.PROJECT in roles) in (
        (PairState.ACCEPTED_BY_PROJECT, True, False),
        (PairState.ACCEPTED_BY_SERVANT, False, True),
    ):
        target = PairState.ACTIVE
    else:
        target = pair.state  # Refused below, with the moves that exist.
    return pair_transition(actor=actor, pair=pair, target=target, version=version, comment=comment)


@transaction.atomic
def pair_close(*, actor, pair: Pair, version: int, comment: str = "") -> Pair:
    """A coordinator closes an active pair at the end of the edition."""
    return pair_transition(
        actor=actor, pair=pair, target=PairState.CLOSED, version=version, comment=comment
    )


@transaction.atomic
def pair_end_early(*, actor, pair: Pair, version: int, reason: str) -> Pair:
    if not reason.strip():
        raise ValidationError({"reason": _("Dites pourquoi le binôme s’arrête.")})
    return pair_transition(
        actor=actor, pair=pair, target=PairState.ENDED_EARLY, version=version, comment=reason
    )


@transaction.atomic
def pair_evaluate(*, actor, pair: Pair, evaluation: str, version: int) -> Pair:
    """Each side writes its closing evaluation, while the pair runs or once it has ended."""
    roles = permissions.pair_roles_of(actor, pair)
    if not roles & {workflows.PROJECT, workflows.SERVANT}:
        require(deny(_("Seuls les membres du binôme l’évaluent.")))
    if pair.state not in (PairState.ACTIVE, PairState.CLOSED, PairState.ENDED_EARLY):
        raise TransitionError(_("Seul un binôme actif ou terminé s’évalue."), allowed=[])
    if len(evaluation) > 5000:
        raise ValidationError({"evaluation": _("L’évaluation fait au plus 5 000 caractères.")})
    field = "project_evaluation" if workflows.PROJECT in roles else "servant_evaluation"
    save_versioned(pair, version, **{field: evaluation.strip()})
    event(edition=pair.edition, actor=actor, kind="pair_evaluate", pair=pair)
    return pair


@transaction.atomic
def pair_set_objectives(*, actor, pair: Pair, objectives: str, version: int) -> Pair:
    require(permissions.can_log(actor, pair))
    if len(objectives) > 5000:
        raise ValidationError({"objectives": _("Les objectifs font au plus 5 000 caractères.")})
    save_versioned(pair, version, objectives=objectives.strip())
    event(edition=pair.edition, actor=actor, kind="pair_objectives", pair=pair)
    return pair


@transaction.atomic
def meeting_add(*, actor, pair: Pair, date: datetime.date, notes: str = "") -> Meeting:
    require(permissions.can_log(actor, pair))
    meeting = Meeting(pair=pair, date=date, notes=notes.strip(), author=actor)
    meeting.full_clean(exclude=["pair", "author"])
    meeting.save()
    event(edition=pair.edition, actor=actor, kind="meeting_add", pair=pair)
    return meeting


@transaction.atomic
def action_log(
    *,
    actor,
    pair: Pair,
    kind: str,
    date: datetime.date,
    outcome: str = "",
    blocker: Blocker | None = None,
) -> FacilitationAction:
    """Log a facilitation action; work on a regulatory blocker names the blocker."""
    require(permissions.can_log(actor, pair))
    if kind == ActionKind.BLOCKER and blocker is None:
        raise ValidationError({"blocker": _("Choisissez le frein réglementaire travaillé.")})
    if blocker is not None and blocker.state in (BlockerState.DRAFT, BlockerState.WITHDRAWN):
        raise ValidationError({"blocker": _("Choisissez un frein déclaré.")})
    action = FacilitationAction(
        pair=pair, kind=kind, date=date, outcome=outcome.strip(), blocker=blocker, author=actor
    )
    action.full_clean(exclude=["pair", "author", "blocker"])
    action.save()
    event(edition=pair.edition, actor=actor, kind="action_log", pair=pair, comment=kind)
    return action
