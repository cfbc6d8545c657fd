"""Programmes, editions and candidacies."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from passeurs.blockers import workflows as blocker_workflows
from passeurs.blockers.legal.codes import codes_by_slug
from passeurs.blockers.models import Blocker, BlockerState
from passeurs.core.exceptions import TransitionError
from passeurs.core.permissions import deny, require
from passeurs.core.versioning import save_versioned
from passeurs.directory.models import Organisation, OrganisationFamily
from passeurs.pairing import permissions, workflows
from passeurs.pairing.models import (
    Candidacy,
    CandidacySide,
    CandidacyState,
    Edition,
    EditionState,
    LinkKind,
    MatchingMode,
    OrganisationLink,
    Programme,
    Ranking,
    TerritoryMode,
)
from passeurs.pairing.services.common import event

# What an edition's form edits, in the form's order (`pairing.forms.EditionForm`).
EDITION_FIELDS = (
    "name",
    "candidacy_opens",
    "candidacy_closes",
    "matching_date",
    "starts",
    "ends",
    "capacity",
    "territory_mode",
    "matching_mode",
    "weight_expertise",
    "weight_challenges",
    "weight_territory",
    "weight_wishes",
)


@transaction.atomic
def programme_create(
    *,
    actor,
    name: str,
    slug: str = "",
    description: str = "",
    operators: Iterable[Organisation] = (),
    coordinators: Iterable = (),
) -> Programme:
    """A new programme; the coordinator creating it is one of its coordinators."""
    require(permissions.can_create_programme(actor))
    programme = Programme(
        name=name.strip(), slug=slug or slugify(name)[:100], description=description.strip()
    )
    programme.full_clean()
    programme.save()
    programme.operators.set(operators)
    programme.coordinators.set({actor, *coordinators})
    return programme


def _validate_edition(edition: Edition) -> None:
    # Its one constraint is the order of the dates, told below in words.
    edition.full_clean(exclude=["programme"], validate_constraints=False)
    dates = [
        edition.candidacy_opens,
        edition.candidacy_closes,
        edition.matching_date,
        edition.starts,
        edition.ends,
    ]
    if dates != sorted(dates):
        raise ValidationError(
            _(
                "Les dates se suivent : ouverture, clôture des candidatures, constitution "
                "des binômes, début puis fin."
            )
        )


@transaction.atomic
def edition_create(
    *,
    actor,
    programme: Programme,
    name: str,
    candidacy_opens: datetime.date,
    candidacy_closes: datetime.date,
    matching_date: datetime.date,
    starts: datetime.date,
    ends: datetime.date,
    capacity: int | None = None,
    territory_mode: str = TerritoryMode.PROXIMITY,
    matching_mode: str = MatchingMode.OPTIMAL,
    weights: dict[str, int] | None = None,
) -> Edition:
    require(permissions.can_manage_programme(actor, programme))
    edition = Edition(
        programme=programme,
        name=name.strip(),
        candidacy_opens=candidacy_opens,
        candidacy_closes=candidacy_closes,
        matching_date=matching_date,
        starts=starts,
        ends=ends,
        capacity=capacity,
        territory_mode=territory_mode,
        matching_mode=matching_mode,
        **{f"weight_{term}": value for term, value in (weights or {}).items()},
    )
    _validate_edition(edition)
    edition.save()
    event(edition=edition, actor=actor, kind="edition_create", target=edition.state)
    return edition


@transaction.atomic
def edition_update(*, actor, edition: Edition, version: int, **fields) -> Edition:
    """Change the calendar, the capacity or the matching settings of an edition."""
    unknown = set(fields) - set(EDITION_FIELDS)
    if unknown:
        raise TypeError(f"unknown edition fields: {sorted(unknown)}")
    require(permissions.can_manage_edition(actor, edition))
    for name, value in fields.items():
        setattr(edition, name, value.strip() if isinstance(value, str) else value)
    _validate_edition(edition)
    save_versioned(edition, version, **{name: getattr(edition, name) for name in fields})
    event(edition=edition, actor=actor, kind="edition_update", comment=", ".join(sorted(fields)))
    return edition


@transaction.atomic
def edition_transition(*, actor, edition: Edition, target: str, version: int) -> Edition:
    """Open candidacies, start the matching, start the pairs, close the edition."""
    allowed = workflows.edition_targets_from(edition.state)
    if target not in allowed:
        raise TransitionError(_("Cette promotion ne peut pas passer à cet état."), allowed=allowed)
    require(permissions.can_manage_edition(actor, edition))
    source = edition.state
    save_versioned(edition, version, state=target)
    event(edition=edition, actor=actor, kind="edition_transition", source=source, target=target)
    if target == EditionState.RUNNING:
        from passeurs.pairing.services.matching import publish_proposals

        publish_proposals(actor=actor, edition=edition)
    return edition


def _clean_codes(legal_codes: Iterable[str]) -> str:
    known = codes_by_slug()
    slugs = [slug.strip() for slug in legal_codes if slug.strip()]
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        raise ValidationError(
            {"legal_codes": _("Codes inconnus : %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    return ",".join(dict.fromkeys(slugs))


def _check_wishes(edition: Edition, side: str, wishes: list[Candidacy]) -> None:
    other = (
        CandidacySide.PROJECT
        if side == CandidacySide.CIVIL_SERVANT
        else CandidacySide.CIVIL_SERVANT
    )
    if any(w.edition_id != edition.pk or w.side != other for w in wishes):
        raise ValidationError(
            {"wishes": _("Les souhaits portent sur des candidatures de l’autre côté.")}
        )


def _check_blockers(initiative, blockers: list[Blocker]) -> None:
    for blocker in blockers:
        hits = (
            blocker.initiative_id == initiative.pk
            or blocker.supports.filter(initiative=initiative).exists()
        )
        open_ = blocker.state not in blocker_workflows.TERMINAL and blocker.state != (
            BlockerState.DRAFT
        )
        if not (hits and open_):
            raise ValidationError(
                {"blockers": _("Choisissez des freins ouverts qui concernent ce projet.")}
            )


@transaction.atomic
def candidacy_submit(
    *,
    actor,
    edition: Edition,
    side: str,
    administration: Organisation | None = None,
    level: str = "",
    expertise: str = "",
    legal_codes: Iterable[str] = (),
    capacity: int = 1,
    initiative=None,
    needs: str = "",
    blockers: Iterable[Blocker] = (),
    challenges: Iterable | None = None,
    regions: Iterable | None = None,
    departments: Iterable | None = None,
    wishes: Iterable[Candidacy] = (),
    wishes_text: str = "",
    conflicts: Iterable[Organisation] = (),
) -> Candidacy:
    """Apply to an edition: a civil servant with their administration, or a project.

    Territories default to the civil servant's profile, or to the project's initiative;
    a project's challenges default to its initiative's.
    """
    if side == CandidacySide.CIVIL_SERVANT:
        require(permissions.can_apply_as_servant(actor, edition, administration))
        if Candidacy.objects.servants().filter(edition=edition, user=actor).exists():
            raise ValidationError(_("Vous avez déjà candidaté à cette promotion."))
        if capacity < 1:
            raise ValidationError({"capacity": _("Accompagnez au moins un projet.")})
        initiative, needs, blockers = None, "", []
        regions = actor.regions.all() if regions is None else regions
        departments = actor.departments.all() if departments is None else departments
    elif side == CandidacySide.PROJECT:
        if initiative is None:
            raise ValidationError({"initiative": _("Choisissez le projet qui candidate.")})
        require(permissions.can_apply_for_project(actor, edition, initiative))
        if Candidacy.objects.projects().filter(edition=edition, initiative=initiative).exists():
            raise ValidationError(_("Ce projet a déjà candidaté à cette promotion."))
        administration, level, expertise, legal_codes, capacity = None, "", "", (), 1
        blockers = list(blockers)
        _check_blockers(initiative, blockers)
        challenges = initiative.challenges.all() if challenges is None else challenges
        regions = initiative.regions.all() if regions is None else regions
        departments = initiative.departments.all() if departments is None else departments
    else:
        raise ValidationError({"side": _("Côté inconnu.")})
    wishes = list(wishes)
    _check_wishes(edition, side, wishes)
    candidacy = Candidacy(
        edition=edition,
        side=side,
        user=actor,
        administration=administration,
        level=level.strip(),
        expertise=expertise.strip(),
        legal_codes=_clean_codes(legal_codes),
        capacity=capacity,
        initiative=initiative,
        needs=needs.strip(),
        wishes_text=wishes_text.strip(),
    )
    candidacy.full_clean(exclude=["edition", "user", "administration", "initiative"])
    candidacy.save()
    candidacy.blockers.set(blockers)
    candidacy.challenges.set(challenges or ())
    departments = list(departments or ())
    candidacy.departments.set(departments)
    candidacy.regions.set({*(regions or ()), *(d.region for d in departments)})
    candidacy.wishes.set(wishes)
    candidacy.conflicts.set(conflicts)
    event(
        edition=edition,
        actor=actor,
        kind="candidacy_submit",
        candidacy=candidacy,
        target=candidacy.state,
    )
    return candidacy


@transaction.atomic
def candidacy_decide(
    *, actor, candidacy: Candidacy, accept: bool, version: int, comment: str = ""
) -> Candidacy:
    """A coordinator of the programme accepts or refuses a candidacy (and may change their mind
    until the pairs start)."""
    require(permissions.can_manage_edition(actor, candidacy.edition))
    if candidacy.state == CandidacyState.WITHDRAWN or candidacy.edition.state in (
        EditionState.RUNNING,
        EditionState.CLOSED,
    ):
        raise TransitionError(_("Cette candidature ne peut plus être examinée."), allowed=[])
    if len(comment) > 2000:
        raise ValidationError({"comment": _("Le motif fait au plus 2 000 caractères.")})
    source = candidacy.state
    target = CandidacyState.ACCEPTED if accept else CandidacyState.REFUSED
    save_versioned(candidacy, version, state=target, decision_comment=comment.strip())
    event(
        edition=candidacy.edition,
        actor=actor,
        kind="candidacy_decide",
        candidacy=candidacy,
        source=source,
        target=target,
        comment=comment,
    )
    return candidacy


@transaction.atomic
def candidacy_set_wishes(
    *, actor, candidacy: Candidacy, wishes: Iterable[Candidacy], version: int, wishes_text=None
) -> Candidacy:
    """Its author names the candidacies of the other side they wish to pair with, until the
    matching starts (the other side's candidacies exist only once submitted)."""
    if candidacy.user_id != actor.pk:
        require(deny(_("Seul son auteur modifie une candidature.")))
    if candidacy.edition.state not in (EditionState.CANDIDACY, EditionState.MATCHING):
        raise TransitionError(_("Les souhaits ne se modifient plus."), allowed=[])
    wishes = list(wishes)
    _check_wishes(candidacy.edition, candidacy.side, wishes)
    text = candidacy.wishes_text if wishes_text is None else wishes_text.strip()
    if len(text) > 1000:
        raise ValidationError({"wishes_text": _("Les souhaits font au plus 1 000 caractères.")})
    save_versioned(candidacy, version, wishes_text=text)
    candidacy.wishes.set(wishes)
    return candidacy


# Rankings are set while the pairs are not yet published: until the matching is done.
RANKING_STATES = (EditionState.CANDIDACY, EditionState.MATCHING)


def other_side(side: str) -> str:
    if side == CandidacySide.CIVIL_SERVANT:
        return CandidacySide.PROJECT
    return CandidacySide.CIVIL_SERVANT


@transaction.atomic
def ranking_set(*, actor, candidacy: Candidacy, ordered: list[Candidacy]) -> list[Ranking]:
    """Its author ranks accepted candidacies of the other side, favourite first (stable mode).

    Replaces the previous ranking; the candidacies left out are not acceptable to them.
    """
    if candidacy.user_id != actor.pk:
        require(deny(_("Seul son auteur classe les candidatures de l’autre côté.")))
    edition = candidacy.edition
    if edition.matching_mode != MatchingMode.STABLE:
        raise TransitionError(
            _("Cette promotion ne forme pas ses binômes par classements mutuels."), allowed=[]
        )
    if edition.state not in RANKING_STATES or candidacy.state in (
        CandidacyState.REFUSED,
        CandidacyState.WITHDRAWN,
    ):
        raise TransitionError(_("Ce classement ne se modifie plus."), allowed=[])
    ordered = list(ordered)
    if len({other.pk for other in ordered}) != len(ordered):
        raise ValidationError(_("Chaque candidature n’est classée qu’une fois."))
    if any(
        other.edition_id != edition.pk
        or other.side != other_side(candidacy.side)
        or other.state != CandidacyState.ACCEPTED
        for other in ordered
    ):
        raise ValidationError(
            _("Classez des candidatures retenues de l’autre côté, dans cette promotion.")
        )
    Ranking.objects.filter(candidacy=candidacy).delete()
    rankings = Ranking.objects.bulk_create(
        Ranking(candidacy=candidacy, other=other, rank=position)
        for position, other in enumerate(ordered, start=1)
    )
    event(
        edition=edition,
        actor=actor,
        kind="ranking_set",
        candidacy=candidacy,
        comment=_("%(count)d candidature(s) classée(s).") % {"count": len(rankings)},
    )
    return rankings


@transaction.atomic
def candidacy_withdraw(*, actor, candidacy: Candidacy, version: int) -> Candidacy:
    require(permissions.can_withdraw_candidacy(actor, candidacy))
    source = candidacy.state
    save_versioned(candidacy, version, state=CandidacyState.WITHDRAWN)
    event(
        edition=candidacy.edition,
        actor=actor,
        kind="candidacy_withdraw",
        candidacy=candidacy,
        source=source,
        target=CandidacyState.WITHDRAWN,
    )
    return candidacy


@transaction.atomic
def organisation_link_set(
    *, actor, administration: Organisation, organisation: Organisation, kind: str, present=True
) -> None:
    """Record (or remove) that an administration funds or supervises a structure."""
    require(permissions.can_create_programme(actor))
    if administration.family != OrganisationFamily.ADMINISTRATION or kind not in LinkKind.values:
        raise ValidationError(
            _("Un lien part d’une administration et est un financement ou une tutelle.")
        )
    if present:
        OrganisationLink.objects.get_or_create(
            administration=administration, organisation=organisation, kind=kind
        )
    else:
        OrganisationLink.objects.filter(
            administration=administration, organisation=organisation, kind=kind
        ).delete()
