"""The laureates of a call: proposed from the ranking, confirmed by a coordinator, notified."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, PositiveIntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from passeurs.calls import jury_permissions as permissions
from passeurs.calls import jury_tasks
from passeurs.calls.models import Application, ApplicationState, Call, CallLog, CallState
from passeurs.calls.ranking import CallRanking, call_ranking
from passeurs.calls.services.accompaniment import accompaniment_create
from passeurs.calls.services.calls import call_transition
from passeurs.calls.services.common import log
from passeurs.core.exceptions import ConflictError
from passeurs.core.notify import enqueue_on_commit
from passeurs.core.permissions import require
from passeurs.core.text import inner_quotes
from passeurs.matching import reviews as solver


@dataclass
class Proposal:
    """The laureates the ranking proposes (application ids in rank order), with its totals."""

    ranking: CallRanking
    laureates: list[int]
    total_amount: int
    note: str = ""


def laureates_propose(call: Call, *, ranking: CallRanking | None = None) -> Proposal:
    """The top `laureate_count`, or the best set within the budget (exact knapsack), among
    the complete applications; nothing when the call has neither."""
    ranking = ranking or call_ranking(call)
    if ranking.solver_ranking is None or not ranking.ranked:
        return Proposal(ranking, [], 0, _("Aucune candidature n’a encore toutes ses évaluations."))
    if call.laureate_count is None and call.budget is None:
        return Proposal(
            ranking,
            [],
            0,
            _("L’appel ne fixe ni nombre de lauréats ni enveloppe : cochez les lauréats."),
        )
    requested, missing = {}, []
    if call.budget is not None:
        for row in ranking.ranked:
            amount = row.application.requested_amount
            if amount is None:
                missing.append(row.application)
            requested[row.application.pk] = amount or 0
    selection = solver.select_laureates(
        ranking.solver_ranking,
        count=call.laureate_count,
        budget=call.budget,
        requested=requested if call.budget is not None else None,
    )
    note = ""
    if missing:
        note = ngettext(
            "%(count)d candidature n’indique pas de montant demandé : elle compte pour 0 €.",
            "%(count)d candidatures n’indiquent pas de montant demandé : elles comptent pour 0 €.",
            len(missing),
        ) % {"count": len(missing)}
    return Proposal(ranking, list(selection.laureates), selection.total_amount, note)


@dataclass
class Decision:
    call: Call
    laureates: list[Application]
    not_selected: int


@transaction.atomic
def laureates_select(
    *,
    actor,
    call: Call,
    application_ids,
    version: int,
    starts_on: datetime.date | None = None,
    amounts: dict[int, int] | None = None,
) -> Decision:
    """Confirm the laureates: they become LAUREATE (under a budget, awarded `amounts[pk]`, at
    most their request, or their request), the other submitted applications NOT_SELECTED,
    the call DECIDED, each laureate gets its accompaniment, and every applicant an e-mail
    once committed."""
    require(permissions.can_manage_call(actor, call))
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.version != version:
        raise ConflictError()
    require(permissions.can_select_laureates(actor, call))
    ids = set()
    for value in application_ids:
        try:
            ids.add(int(value))
        except (TypeError, ValueError):
            raise ValidationError(_("Choisissez des candidatures de cet appel.")) from None
    submitted = {
        a.pk: a
        for a in Application.objects.select_for_update()
        .filter(call=call, state=ApplicationState.SUBMITTED)
        .select_related("initiative")
    }
    if not ids:
        raise ValidationError(_("Cochez au moins une candidature lauréate."))
    if ids - set(submitted):
        raise ValidationError(_("Seules les candidatures déposées de cet appel sont éligibles."))
    if call.laureate_count is not None and len(ids) > call.laureate_count:
        raise ValidationError(
            ngettext(
                "L’appel prévoit %(max)d lauréat au plus : vous en avez coché %(count)d.",
                "L’appel prévoit %(max)d lauréats au plus : vous en avez coché %(count)d.",
                call.laureate_count,
            )
            % {"max": call.laureate_count, "count": len(ids)}
        )
    chosen = [submitted[pk] for pk in sorted(ids)]
    if call.budget is not None:
        unknown = [a for a in chosen if a.requested_amount is None]
        if unknown:
            raise ValidationError(
                _(
                    "« %(title)s » n’indique pas de montant demandé : l’enveloppe ne peut pas lui "
                    "être répartie."
                )
                % {"title": inner_quotes(unknown[0].initiative.title)}
            )
        awarded = {a.pk: (amounts or {}).get(a.pk, a.requested_amount) for a in chosen}
        for application in chosen:
            if not 0 < awarded[application.pk] <= application.requested_amount:
                raise ValidationError(
                    _("Le montant accordé à « %(title)s » va de 1 € à sa demande, %(requested)s €.")
                    % {
                        "title": inner_quotes(application.initiative.title),
                        "requested": f"{application.requested_amount:,}".replace(",", "\u202f"),
                    }
                )
        total = sum(awarded.values())
        if total > call.budget:
            raise ValidationError(
                _(
                    "Les montants accordés font %(total)s € : c’est plus que l’enveloppe de "
                    "%(budget)s €."
                )
                % {
                    "total": f"{total:,}".replace(",", "\u202f"),
                    "budget": f"{call.budget:,}".replace(",", "\u202f"),
                }
            )
    now = timezone.now()
    others = [pk for pk in submitted if pk not in ids]
    laureates = Application.objects.filter(pk__in=ids)
    if call.budget is not None:
        laureates.update(
            state=ApplicationState.LAUREATE,
            decided_at=now,
            awarded_amount=Case(
                *(When(pk=pk, then=Value(amount)) for pk, amount in awarded.items()),
                output_field=PositiveIntegerField(),
            ),
            version=F("version") + 1,
            updated_at=now,
        )
    else:
        laureates.update(
            state=ApplicationState.LAUREATE,
            decided_at=now,
            version=F("version") + 1,
            updated_at=now,
        )
    Application.objects.filter(pk__in=others).update(
        state=ApplicationState.NOT_SELECTED,
        decided_at=now,
        version=F("version") + 1,
        updated_at=now,
    )
    call = call_transition(actor=actor, call=call, target=CallState.DECIDED, version=version)
    log(
        call=call,
        actor=actor,
        kind="laureates_select",
        comment=", ".join(str(pk) for pk in sorted(ids)),
    )
    # One line per application too, so that each one's history tells its decision.
    CallLog.objects.bulk_create(
        [
            CallLog(
                call=call,
                application_id=pk,
                actor=actor,
                kind="application_decide",
                from_state=ApplicationState.SUBMITTED,
                to_state=ApplicationState.LAUREATE if pk in ids else ApplicationState.NOT_SELECTED,
            )
            for pk in sorted(submitted)
        ]
    )
    chosen = list(Application.objects.filter(pk__in=ids).select_related("call").order_by("pk"))
    for application in chosen:
        accompaniment_create(actor=actor, application=application, starts_on=starts_on)
    enqueue_on_commit(jury_tasks.notify_decision, call_id=call.pk)
    return Decision(call, chosen, len(others))
