"""The matching: rules set by coordinators, manual proposals, and runs of the solver."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passeurs.blockers.models import LegalReference
from passeurs.core.exceptions import TransitionError
from passeurs.core.permissions import require
from passeurs.core.versioning import save_versioned
from passeurs.directory.models import Membership, Organisation, OrganisationFamily
from passeurs.matching.solver import Assignment, Reason, solve
from passeurs.matching.stable import stable_match
from passeurs.pairing import permissions, scoring, workflows
from passeurs.pairing.models import (
    Candidacy,
    CandidacySide,
    CandidacyState,
    Edition,
    MatchingMode,
    MatchingRun,
    OrganisationLink,
    Pair,
    PairRule,
    PairState,
    Ranking,
)
from passeurs.pairing.services.common import event


def _ids(manager) -> frozenset:
    return frozenset(item.pk for item in manager.all())


def profiles(candidacies: list[Candidacy]):
    """Adapt candidacies into the plain profiles scoring.py reads (a fixed number of queries)."""
    parents = dict(
        Organisation.objects.filter(family=OrganisationFamily.ADMINISTRATION).values_list(
            "pk", "parent_id"
        )
    )
    users = {c.user_id for c in candidacies}
    member_of: dict[int, set[int]] = {}
    for user_id, organisation_id in Membership.objects.filter(user__in=users).values_list(
        "user_id", "organisation_id"
    ):
        member_of.setdefault(user_id, set()).add(organisation_id)
    project_orgs = {c.initiative.organisation_id for c in candidacies if c.initiative_id}
    funders: dict[int, set[int]] = {}
    for admin_id, organisation_id in OrganisationLink.objects.filter(
        organisation__in=project_orgs
    ).values_list("administration_id", "organisation_id"):
        funders.setdefault(organisation_id, set()).add(admin_id)
    codes: dict[int, set[str]] = {}
    blocker_ids = {b.pk for c in candidacies for b in c.blockers.all()}
    for blocker_id, slug in (
        LegalReference.objects.filter(blockers__in=blocker_ids)
        .exclude(code_slug="")
        .values_list("blockers", "code_slug")
    ):
        codes.setdefault(blocker_id, set()).add(slug)

    def chain(pk):
        found = []
        while pk is not None and pk not in found:
            found.append(pk)
            pk = parents.get(pk)
        return tuple(found)

    projects, servants = [], []
    for c in candidacies:
        common = {
            "key": c.pk,
            "challenges": _ids(c.challenges),
            "regions": _ids(c.regions),
            "departments": _ids(c.departments),
            "wishes": _ids(c.wishes),
            "conflicts": _ids(c.conflicts),
        }
        if c.side == CandidacySide.PROJECT:
            organisation = c.initiative.organisation_id
            projects.append(
                scoring.Project(
                    organisation=organisation,
                    needs=c.needs or c.initiative.needs,
                    blocker_codes=frozenset(
                        slug for b in c.blockers.all() for slug in codes.get(b.pk, ())
                    ),
                    funders=frozenset(funders.get(organisation, ())),
                    **common,
                )
            )
        else:
            servants.append(
                scoring.Servant(
                    administration_chain=chain(c.administration_id),
                    organisations=frozenset(member_of.get(c.user_id, ())),
                    expertise=c.expertise,
                    legal_codes=frozenset(c.legal_code_slugs),
                    capacity=c.capacity,
                    **common,
                )
            )
    return projects, servants


def _candidacies(edition: Edition, **filters) -> list[Candidacy]:
    return list(
        Candidacy.objects.filter(edition=edition, **filters)
        .select_related("initiative")
        .prefetch_related("challenges", "regions", "departments", "wishes", "conflicts", "blockers")
    )


def settings_of(edition: Edition) -> scoring.Settings:
    return scoring.Settings(weights=edition.weights, territory_mode=edition.territory_mode)


def _check_couple(edition: Edition, project: Candidacy, servant: Candidacy) -> None:
    if (
        project.edition_id != edition.pk
        or servant.edition_id != edition.pk
        or project.side != CandidacySide.PROJECT
        or servant.side != CandidacySide.CIVIL_SERVANT
    ):
        raise ValidationError(_("Choisissez un projet et un agent candidats à cette promotion."))


def _profiles_of(edition, project, servant) -> tuple[scoring.Project, scoring.Servant]:
    projects, servants = profiles(_candidacies(edition, pk__in=[project.pk, servant.pk]))
    return projects[0], servants[0]


RULE_MESSAGES = {
    "same_organisation": gettext_lazy("l’agent appartient à la structure du projet"),
    "funder_supervisor": gettext_lazy(
        "l’administration de l’agent finance ou contrôle la structure"
    ),
    "conflict": gettext_lazy("un conflit d’intérêts a été déclaré"),
}


@transaction.atomic
def pair_rule_set(
    *, actor, edition: Edition, project: Candidacy, servant: Candidacy, kind: str | None
) -> PairRule | None:
    """Fix or forbid a couple for the next runs; `kind=None` lifts the rule."""
    require(permissions.can_manage_edition(actor, edition))
    _check_couple(edition, project, servant)
    PairRule.objects.filter(project=project, servant=servant).delete()
    if kind is None:
        event(edition=edition, actor=actor, kind="rule_lift", comment=f"{project} × {servant}")
        return None
    if kind not in PairRule.Kind.values:
        raise ValidationError({"kind": _("Règle inconnue.")})
    if kind == PairRule.Kind.FIXED:
        broken = scoring.broken_rule(*_profiles_of(edition, project, servant))
        if broken:
            raise ValidationError(
                _("Ce binôme est impossible : %(rule)s.") % {"rule": RULE_MESSAGES[broken]}
            )
    if kind == PairRule.Kind.FIXED:
        PairRule.objects.filter(project=project, kind=PairRule.Kind.FIXED).delete()
    rule = PairRule.objects.create(
        edition=edition, project=project, servant=servant, kind=kind, author=actor
    )
    event(edition=edition, actor=actor, kind=f"rule_{kind}", comment=f"{project} × {servant}")
    return rule


@transaction.atomic
def pair_propose(*, actor, edition: Edition, project: Candidacy, servant: Candidacy) -> Pair:
    """A coordinator proposes one couple by hand (scored and explained like the solver's)."""
    require(permissions.can_manage_edition(actor, edition))
    _check_couple(edition, project, servant)
    if edition.state not in workflows.MATCHING_STATES:
        raise TransitionError(
            _("Les binômes se constituent une fois les candidatures closes."), allowed=[]
        )
    if {project.state, servant.state} != {CandidacyState.ACCEPTED}:
        raise ValidationError(_("Les deux candidatures doivent avoir été retenues."))
    taken = Pair.objects.filter(edition=edition).exclude(state__in=workflows.PAIR_TERMINAL)
    if taken.filter(project=project).exists():
        raise ValidationError(_("Ce projet a déjà un binôme."))
    if taken.filter(servant=servant).count() >= servant.capacity:
        raise ValidationError(_("Cet agent accompagne déjà autant de projets qu’il le peut."))
    p, s = _profiles_of(edition, project, servant)
    broken = scoring.broken_rule(p, s)
    if broken:
        raise ValidationError(
            _("Ce binôme est impossible : %(rule)s.") % {"rule": RULE_MESSAGES[broken]}
        )
    explanation = scoring.explain(p, s, settings_of(edition))
    pair = Pair.objects.create(
        edition=edition,
        project=project,
        servant=servant,
        score=sum(explanation.values()),
        explanation=explanation,
        is_fixed=True,
    )
    event(edition=edition, actor=actor, kind="pair_propose", pair=pair, target=pair.state)
    return pair


def _feasible_fixed(fixed, *, scored, forbidden, capacities) -> set[tuple]:
    """The fixed couples still possible: admissible, open, one per project, within capacity."""
    kept, projects, load = set(), set(), {}
    for project, servant in sorted(fixed):
        if (project, servant) not in scored or (project, servant) in forbidden:
            continue
        if project in projects or load.get(servant, 0) >= capacities.get(servant, 0):
            continue
        kept.add((project, servant))
        projects.add(project)
        load[servant] = load.get(servant, 0) + 1
    return kept


# The stable assignment's reasons, told in the words of mutual rankings.
STABLE_REASONS = {
    Reason.NO_ADMISSIBLE_PAIR: scoring.NO_MUTUAL_RANKING,
    Reason.NOT_CHOSEN: scoring.NOT_PREFERRED,
}


def _ranks_of(keys: list) -> dict[tuple, int]:
    """(candidacy, other) → the rank the candidacy gave the other (1 is its favourite)."""
    return {
        (candidacy, other): rank
        for candidacy, other, rank in Ranking.objects.filter(candidacy__in=keys).values_list(
            "candidacy_id", "other_id", "rank"
        )
    }


def _stable_assignment(
    ranks, *, scored, forbidden, fixed, capacities, projects, servants
) -> Assignment:
    """The fixed couples, then deferred acceptance on the admissible couples both sides ranked.

    A couple breaking a hard rule (absent from `scored`), forbidden or declined is left out of
    both lists; so is a candidacy nobody ranked in return.
    """
    fixed_projects = {project for project, _servant in fixed}
    room = dict(capacities)
    for _project, servant in fixed:
        room[servant] -= 1

    def admissible(project, servant):
        return (project, servant) in scored and (project, servant) not in forbidden

    def prefs(keys, others, flip):
        ordered = sorted(
            (rank, candidacy, other)
            for (candidacy, other), rank in ranks.items()
            if candidacy in keys and other in others
        )
        lists = {key: [] for key in keys}
        for _rank, candidacy, other in ordered:
            couple = (other, candidacy) if flip else (candidacy, other)
            if admissible(*couple):
                lists[candidacy].append(other)
        return lists

    open_projects = [p for p in projects if p not in fixed_projects]
    open_servants = [s for s in servants if room.get(s, 0) > 0]
    result = stable_match(
        prefs(set(open_projects), set(open_servants), flip=False),
        prefs(set(open_servants), set(open_projects), flip=True),
        capacities={s: room[s] for s in open_servants},
    )
    pairs = sorted({*fixed, *result.pairs})
    taken = {key for pair in pairs for key in pair}
    unmatched_servants = {
        servant: result.unmatched_servants.get(servant, Reason.FIXED_ELSEWHERE)
        for servant in servants
        if servant not in taken
    }
    return Assignment(pairs, len(pairs), result.unmatched_projects, unmatched_servants)


def _explanation(item: scoring.Scored, ranks: dict[tuple, int]) -> dict[str, int]:
    """The points of each term; in stable mode, each side's rank of the other too."""
    explanation = dict(item.explanation)
    project_rank = ranks.get((item.project, item.servant))
    servant_rank = ranks.get((item.servant, item.project))
    if project_rank is not None:
        explanation["project_rank"] = project_rank
    if servant_rank is not None:
        explanation["servant_rank"] = servant_rank
    return explanation


@transaction.atomic
def matching_run(*, actor, edition: Edition, version: int) -> MatchingRun:
    """Propose pairs for the accepted candidacies that have none.

    Pairs someone already accepted (or that are active) are kept and count against the
    agents' capacity; couples declined before, and those coordinators forbade, are never
    proposed again; fixed couples are imposed. The previous proposed pairs are replaced.
    Optimal mode maximises the total score; stable mode makes the project-proposing stable
    assignment of the couples both sides ranked (no couple would rather be together).
    """
    require(permissions.can_manage_edition(actor, edition))
    if edition.state not in workflows.MATCHING_STATES:
        raise TransitionError(
            _("Les binômes se constituent une fois les candidatures closes."), allowed=[]
        )
    save_versioned(edition, version)
    settings = settings_of(edition)
    candidacies = _candidacies(edition, state=CandidacyState.ACCEPTED)
    kept = list(Pair.objects.filter(edition=edition, state__in=workflows.PAIR_KEPT))
    kept_projects = {pair.project_id for pair in kept}
    load: dict[int, int] = {}
    for pair in kept:
        load[pair.servant_id] = load.get(pair.servant_id, 0) + 1
    projects, servants = profiles(candidacies)
    open_projects = [p for p in projects if p.key not in kept_projects]
    capacities = {s.key: s.capacity - load.get(s.key, 0) for s in servants}
    open_servants = [s for s in servants if capacities[s.key] > 0]
    scored, unmatched = scoring.score_all(open_projects, open_servants, settings)

    rules = PairRule.objects.filter(edition=edition).values_list("project_id", "servant_id", "kind")
    forbidden = {(p, s) for p, s, kind in rules if kind == PairRule.Kind.FORBIDDEN}
    forbidden |= set(
        Pair.objects.filter(edition=edition, state=PairState.DECLINED).values_list(
            "project_id", "servant_id"
        )
    )
    fixed = _feasible_fixed(
        [(p, s) for p, s, kind in rules if kind == PairRule.Kind.FIXED],
        scored=scored,
        forbidden=forbidden,
        capacities=capacities,
    )
    scores = {key: item.score for key, item in scored.items()}
    stable = edition.matching_mode == MatchingMode.STABLE
    ranks: dict[tuple, int] = {}
    if stable:
        ranks = _ranks_of([p.key for p in open_projects] + [s.key for s in open_servants])
        assignment = _stable_assignment(
            ranks,
            scored=scored,
            forbidden=forbidden,
            fixed=fixed,
            capacities={s.key: capacities[s.key] for s in open_servants},
            projects=[p.key for p in open_projects],
            servants=[s.key for s in open_servants],
        )
        for key, reason in [
            *assignment.unmatched_projects.items(),
            *assignment.unmatched_servants.items(),
        ]:
            unmatched.setdefault(key, STABLE_REASONS.get(reason, reason))
    else:
        assignment = solve(
            scores,
            capacities={s.key: capacities[s.key] for s in open_servants},
            forbidden={key for key in forbidden if key in scores},
            fixed=fixed,
            projects=[p.key for p in open_projects],
            servants=[s.key for s in open_servants],
        )
        unmatched.update(assignment.unmatched_projects)
        unmatched.update(assignment.unmatched_servants)

    def priority(key):
        """Fixed pairs first; then the best ranked (stable mode) or the best scored."""
        if stable:
            mutual = ranks.get(key, 0) + ranks.get((key[1], key[0]), 0)
            return (key not in fixed, mutual, key)
        return (key not in fixed, -scores[key], key)

    chosen = sorted(assignment.pairs, key=priority)
    if edition.capacity is not None:
        room = max(edition.capacity - len(kept), 0)
        for project_key, _servant_key in chosen[room:]:
            unmatched[project_key] = scoring.EDITION_FULL
        chosen = chosen[:room]

    Pair.objects.filter(edition=edition, state=PairState.PROPOSED).delete()
    run = MatchingRun.objects.create(
        edition=edition,
        by=actor,
        settings={
            "weights": settings.weights,
            "territory_mode": settings.territory_mode,
            "matching_mode": edition.matching_mode,
        },
        total=sum(scores[key] for key in chosen),
    )
    Pair.objects.bulk_create(
        Pair(
            edition=edition,
            project_id=project_key,
            servant_id=servant_key,
            score=scored[project_key, servant_key].score,
            explanation=_explanation(scored[project_key, servant_key], ranks),
            is_fixed=(project_key, servant_key) in fixed,
            run=run,
        )
        for project_key, servant_key in chosen
    )
    matched = kept_projects | set(load) | {key for pair in chosen for key in pair}
    for candidacy in candidacies:
        if candidacy.pk not in matched:
            unmatched.setdefault(candidacy.pk, scoring.OUTSCORED)
    run.unmatched = {
        str(key): str(reason) for key, reason in sorted(unmatched.items()) if key not in matched
    }
    run.save(update_fields=["unmatched"])
    event(
        edition=edition,
        actor=actor,
        kind="matching_run",
        comment=_("%(pairs)d binôme(s) proposé(s), %(unmatched)d candidature(s) sans binôme.")
        % {"pairs": len(chosen), "unmatched": len(run.unmatched)},
    )
    return run


@transaction.atomic
def matching_publish(*, actor, edition: Edition, version: int) -> int:
    """Tell the people concerned about the reviewed proposal (an e-mail per pair's side).

    Returns the number of pairs published. Until then a proposal is seen and answered by the
    coordinators only; starting the edition (edition_transition to running) publishes too.
    """
    require(permissions.can_manage_edition(actor, edition))
    if edition.state not in workflows.MATCHING_STATES:
        raise TransitionError(_("Il n’y a pas de proposition à publier."), allowed=[])
    save_versioned(edition, version)
    return publish_proposals(actor=actor, edition=edition)


def publish_proposals(*, actor, edition: Edition) -> int:
    """Send the proposed pairs not yet published to their two sides."""
    pairs = list(Pair.objects.filter(edition=edition, state=PairState.PROPOSED, published_at=None))
    Pair.objects.filter(pk__in=[pair.pk for pair in pairs]).update(published_at=timezone.now())
    for pair in pairs:
        event(edition=edition, actor=actor, kind="pair_publish", pair=pair, target=pair.state)
    return len(pairs)
