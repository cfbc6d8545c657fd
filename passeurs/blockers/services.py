"""Every write on blockers: declare, join, route, take on, transition. One function each."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from passeurs.blockers import permissions, workflows
from passeurs.blockers.legal import parser
from passeurs.blockers.models import (
    Blocker,
    BlockerEvent,
    BlockerReference,
    BlockerState,
    CodeRoute,
    LegalReference,
    NotificationSetting,
    ResolutionKind,
    Support,
)
from passeurs.blockers.similarity import analyse
from passeurs.core.exceptions import TransitionError
from passeurs.core.notify import (
    enqueue_on_commit,
    notifications_paused,  # noqa: F401  (used by the demo loader)
)
from passeurs.core.permissions import require
from passeurs.core.versioning import save_versioned
from passeurs.directory.models import Organisation, OrganisationFamily, OrganisationKind

BLOCKER_FIELDS = ("title", "prevents", "consequence", "legal_text")


def blocker_terms(blocker: Blocker) -> str:
    return " ".join(analyse(f"{blocker.title} {blocker.prevents} {blocker.consequence}"))


def reference_get_or_create(found: parser.Reference) -> LegalReference:
    date = datetime.date.fromisoformat(found.date) if found.date else None
    reference, _created = LegalReference.objects.get_or_create(
        key=found.key[:255],
        defaults={
            "kind": found.kind,
            "label": parser.format_reference(found)[:400],
            "code_slug": found.code_slug or "",
            "article": (found.article or "")[:40],
            "number": (found.number or "")[:80],
            "date": date,
            "flags": ",".join(found.flags)[:200],
        },
    )
    return reference


def _sync_references(blocker: Blocker) -> list[LegalReference]:
    found = parser.parse(blocker.legal_text)
    keep = []
    for item in found:
        reference = reference_get_or_create(item)
        BlockerReference.objects.get_or_create(
            blocker=blocker, reference=reference, defaults={"raw": item.raw[:400]}
        )
        keep.append(reference.pk)
    BlockerReference.objects.filter(blocker=blocker).exclude(reference_id__in=keep).delete()
    return list(LegalReference.objects.filter(pk__in=keep))


def proposed_administrations(references: Iterable[LegalReference]) -> list[Organisation]:
    """The ministries answering for the codes cited, from the editable routing table."""
    slugs = {r.code_slug for r in references if r.code_slug}
    routes = CodeRoute.objects.filter(code_slug__in=slugs).select_related("administration")
    administrations = {}
    for route in routes:
        organisation = route.administration or (
            Organisation.objects.filter(
                kind=OrganisationKind.MINISTRY, name__iexact=route.ministry_name
            ).first()
        )
        if organisation is not None:
            administrations[organisation.pk] = organisation
    return list(administrations.values())


def _event(blocker, *, actor, kind=BlockerEvent.Kind.TRANSITION, source="", target="", comment=""):
    event = BlockerEvent.objects.create(
        blocker=blocker,
        actor=actor,
        kind=kind,
        from_state=source,
        to_state=target,
        comment=comment,
    )
    from passeurs.blockers.tasks import notify_blocker_event

    enqueue_on_commit(notify_blocker_event, event_id=event.pk)
    return event


@transaction.atomic
def blocker_declare(
    *,
    actor,
    initiative,
    title: str,
    prevents: str,
    consequence: str = "",
    legal_text: str = "",
    testimony: str = "",
    challenges: Iterable = (),
    regions: Iterable = (),
    departments: Iterable = (),
    submit: bool = True,
) -> Blocker:
    """Declare a blocker for an initiative; submitted at once unless kept as a draft."""
    require(permissions.can_declare_blocker(actor, initiative))
    # Stripped as forms do, so that the API cannot store a title of blanks.
    blocker = Blocker(
        title=title.strip(),
        prevents=prevents.strip(),
        consequence=consequence.strip(),
        legal_text=legal_text.strip(),
        initiative=initiative,
        author=actor,
        state=BlockerState.DRAFT,
    )
    blocker.full_clean(exclude=["initiative", "author", "terms"])
    support = Support(initiative=initiative, supporter=actor, testimony=testimony)
    support.full_clean(exclude=["blocker", "initiative", "supporter"])
    blocker.terms = blocker_terms(blocker)
    blocker.save()
    support.blocker = blocker
    support.save()
    blocker.challenges.set(challenges)
    departments = list(departments)
    blocker.departments.set(departments)
    blocker.regions.set({*regions, *(d.region for d in departments)})
    references = _sync_references(blocker)
    blocker.administrations.set(proposed_administrations(references))
    _event(blocker, actor=actor, source="", target=BlockerState.DRAFT)
    if submit:
        blocker_transition(
            actor=actor, blocker=blocker, target=BlockerState.SUBMITTED, version=blocker.version
        )
    return blocker


@transaction.atomic
def blocker_update(*, actor, blocker: Blocker, version: int, **fields) -> Blocker:
    """Edit the text of a draft or just-submitted blocker (its author or a coordinator)."""
    unknown = set(fields) - set(BLOCKER_FIELDS)
    if unknown:
        raise TypeError(f"unknown blocker fields: {sorted(unknown)}")
    require(permissions.can_edit_blocker(actor, blocker))
    for name, value in fields.items():
        setattr(blocker, name, value.strip())
    blocker.full_clean(exclude=["initiative", "author", "terms"])
    blocker.terms = blocker_terms(blocker)
    save_versioned(
        blocker, version, **{name: getattr(blocker, name) for name in fields}, terms=blocker.terms
    )
    _sync_references(blocker)
    return blocker


@transaction.atomic
def blocker_join(*, actor, blocker: Blocker, initiative, testimony: str = "") -> Support:
    """Add an initiative hit by the same rule, with its own testimony. Merged ones redirect."""
    blocker = Blocker.objects.select_for_update().get(pk=blocker.pk)
    while blocker.state == BlockerState.MERGED and blocker.merged_into_id:
        blocker = Blocker.objects.select_for_update().get(pk=blocker.merged_into_id)
    require(permissions.can_join_blocker(actor, blocker, initiative))
    if Support.objects.filter(blocker=blocker, initiative=initiative).exists():
        raise ValidationError(
            {"initiative": _("Ce projet est déjà concerné par ce frein.")}, code="duplicate"
        )
    support = Support(blocker=blocker, initiative=initiative, supporter=actor, testimony=testimony)
    support.full_clean()
    support.save()
    # A private initiative's title stays out of the public timeline.
    title = initiative.title[:200] if initiative.is_public else ""
    _event(blocker, actor=actor, kind=BlockerEvent.Kind.JOIN, comment=title)
    return support


@transaction.atomic
def blocker_assign(*, actor, blocker: Blocker, version: int, assignee=None) -> Blocker:
    """A civil servant takes the blocker on (assignee = actor), or a coordinator assigns."""
    assignee = assignee or actor
    require(permissions.can_take_on(actor, blocker))
    if assignee != actor and not actor.is_coordinator:
        raise PermissionDenied(_("Seuls les coordinateurs confient un frein à quelqu’un d’autre."))
    save_versioned(blocker, version, assignee=assignee)
    # The assignee's name is shown from their profile at display time, never copied here.
    _event(blocker, actor=actor, kind=BlockerEvent.Kind.ASSIGN)
    return blocker


@transaction.atomic
def blocker_route(*, actor, blocker: Blocker, version: int, administrations) -> Blocker:
    require(permissions.can_route(actor, blocker))
    administrations = list(administrations)
    if any(a.family != OrganisationFamily.ADMINISTRATION for a in administrations):
        raise ValidationError({"administrations": _("Choisissez uniquement des administrations.")})
    save_versioned(blocker, version)
    blocker.administrations.set(administrations)
    _event(
        blocker,
        actor=actor,
        kind=BlockerEvent.Kind.ROUTE,
        comment=", ".join(a.acronym or a.name for a in administrations),
    )
    return blocker


def _validate_transition(
    blocker,
    target,
    *,
    resolution_kind,
    resolution_date,
    resolution_text,
    kept_justification,
    merge_into,
):
    if target not in BlockerState.values:
        raise TransitionError(
            _("État inconnu : %(target)s.") % {"target": target},
            allowed=workflows.targets_from(blocker.state),
        )
    allowed = workflows.targets_from(blocker.state)
    if target not in allowed:
        raise TransitionError(
            _("Un frein « %(state)s » ne peut pas passer à « %(target)s ».")
            % {"state": BlockerState(blocker.state).label, "target": BlockerState(target).label},
            allowed=allowed,
        )
    errors = {}
    if target in workflows.NEEDS_RESOLUTION:
        if resolution_kind not in ResolutionKind.values:
            errors["resolution_kind"] = _("Choisissez la nature de la levée.")
        if target != BlockerState.RESOLUTION_PROPOSED and not resolution_date:
            errors["resolution_date"] = _("Indiquez la date de la levée.")
    if target in workflows.NEEDS_JUSTIFICATION and not kept_justification.strip():
        errors["kept_justification"] = _(
            "Le maintien doit être justifié par l’administration compétente."
        )
    if target in workflows.NEEDS_TARGET_BLOCKER:
        if merge_into is None:
            errors["merge_into"] = _("Choisissez le frein qui est conservé.")
        elif merge_into.pk == blocker.pk or merge_into.state in workflows.TERMINAL:
            errors["merge_into"] = _("Le frein conservé doit être un autre frein encore ouvert.")
    if len(resolution_text) > 400:
        errors["resolution_text"] = _("Le texte de la levée fait au plus 400 caractères.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def blocker_transition(
    *,
    actor,
    blocker: Blocker,
    target: str,
    version: int,
    comment: str = "",
    resolution_kind: str = "",
    resolution_date: datetime.date | None = None,
    resolution_text: str = "",
    resolution_summary: str = "",
    kept_justification: str = "",
    merge_into: Blocker | None = None,
) -> Blocker:
    """Move a blocker along the workflow: checks the move, the permission and the version."""
    _validate_transition(
        blocker,
        target,
        resolution_kind=resolution_kind,
        resolution_date=resolution_date,
        resolution_text=resolution_text,
        kept_justification=kept_justification,
        merge_into=merge_into,
    )
    require(permissions.can_transition(actor, blocker, target))
    if len(comment) > 5000 or len(resolution_summary) > 5000 or len(kept_justification) > 5000:
        raise ValidationError(_("Un commentaire fait au plus 5 000 caractères."))
    values = {"state": target}
    if target in workflows.NEEDS_RESOLUTION:
        values.update(
            resolution_kind=resolution_kind,
            resolution_date=resolution_date,
            resolution_text=resolution_text,
            resolution_summary=resolution_summary,
        )
        found = parser.parse(resolution_text)
        values["resolution_reference"] = reference_get_or_create(found[0]) if found else None
    if target in workflows.NEEDS_JUSTIFICATION:
        values["kept_justification"] = kept_justification
    if target == BlockerState.MERGED:
        values["merged_into"] = merge_into
    source = blocker.state
    save_versioned(blocker, version, **values)
    if target == BlockerState.MERGED:
        _merge(actor=actor, duplicate=blocker, kept=merge_into)
    _event(blocker, actor=actor, source=source, target=target, comment=comment)
    return blocker


def _merge(*, actor, duplicate: Blocker, kept: Blocker) -> None:
    """Move the duplicate's supporters and references onto the kept blocker."""
    kept = Blocker.objects.select_for_update().get(pk=kept.pk)
    for support in duplicate.supports.all():
        if not Support.objects.filter(blocker=kept, initiative=support.initiative_id).exists():
            Support.objects.filter(pk=support.pk).update(blocker=kept)
    for citation in duplicate.citations.all():
        BlockerReference.objects.get_or_create(
            blocker=kept, reference=citation.reference, defaults={"raw": citation.raw}
        )
    kept.administrations.add(*duplicate.administrations.all())
    save_versioned(kept, kept.version)  # row-locked above: the version check cannot fail
    _event(kept, actor=actor, kind=BlockerEvent.Kind.MERGE_IN, comment=duplicate.title[:200])


def notifications_set(*, user, blocker: Blocker | None = None, enabled: bool) -> None:
    """Turn the e-mails about one blocker (or all blockers) on or off for a person."""
    if enabled:
        NotificationSetting.objects.filter(user=user, blocker=blocker).delete()
    else:
        NotificationSetting.objects.get_or_create(user=user, blocker=blocker)
