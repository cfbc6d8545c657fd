"""Every write on the directory. Views, the API and commands call these and nothing else."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from passeurs.core.models import Challenge, Department, Region
from passeurs.core.permissions import require
from passeurs.core.text import fold
from passeurs.core.versioning import save_versioned
from passeurs.directory import permissions, search
from passeurs.directory.models import (
    FAMILY_OF_KIND,
    PARENT_KINDS,
    Initiative,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationFamily,
)
from passeurs.directory.validators import compact

ORGANISATION_FIELDS = (
    "name",
    "acronym",
    "kind",
    "parent",
    "description",
    "website",
    "siren",
    "siret",
    "rna",
    "address",
    "postal_code",
    "city",
    "region",
    "department",
    "is_active",
    "purpose",
    "founded_on",
    "dissolved_on",
)
INITIATIVE_FIELDS = ("title", "summary", "stage", "beneficiaries", "needs", "is_public")


def initiative_search_text(initiative: Initiative) -> str:
    parts = [
        initiative.title,
        initiative.summary,
        initiative.beneficiaries,
        initiative.needs,
        initiative.organisation.name,
        initiative.organisation.acronym,
    ]
    return fold(" ".join(p for p in parts if p))


def organisation_validate(organisation: Organisation) -> None:
    """Normalise identifiers, derive family and region, then validate everything at once.

    Changes the instance in memory and raises one ValidationError naming every bad field.
    Public so that the admin refuses exactly what the pages and the API refuse.
    """
    organisation.siren = compact(organisation.siren)
    organisation.siret = compact(organisation.siret)
    organisation.rna = compact(organisation.rna).upper()
    organisation.postal_code = compact(organisation.postal_code)
    organisation.family = FAMILY_OF_KIND.get(organisation.kind, "")
    errors = {}
    if organisation.department_id:
        department_region = organisation.department.region
        if organisation.region_id and organisation.region_id != department_region.pk:
            errors["department"] = _("Ce département n’est pas dans la région choisie.")
        organisation.region = department_region
    if (
        organisation.siret
        and organisation.siren
        and not organisation.siret.startswith(organisation.siren)
    ):
        errors["siret"] = _("Le SIRET doit commencer par le SIREN de la structure.")
    if organisation.siret and not organisation.siren and len(organisation.siret) == 14:
        organisation.siren = organisation.siret[:9]
    if organisation.parent_id:
        allowed = PARENT_KINDS.get(organisation.kind)
        if not allowed or organisation.parent.kind not in allowed:
            errors["parent"] = _(
                "Une structure de ce type ne peut pas être rattachée à cette structure."
            )
        elif organisation.pk and _is_ancestor(organisation, organisation.parent):
            errors["parent"] = _("Une structure ne peut pas être rattachée à elle-même.")
    try:
        organisation.full_clean(exclude=["family"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _is_ancestor(organisation: Organisation, candidate: Organisation | None) -> bool:
    seen = set()
    while candidate is not None and candidate.pk not in seen:
        if candidate.pk == organisation.pk:
            return True
        seen.add(candidate.pk)
        candidate = candidate.parent
    return False


@transaction.atomic
def organisation_create(
    *,
    actor,
    challenges: Iterable[Challenge] = (),
    **fields,
) -> Organisation:
    """Create an organisation; the actor becomes its administrator unless a coordinator."""
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown organisation fields: {sorted(unknown)}")
    organisation = Organisation(**fields)
    if actor is not None:
        require(permissions.can_create_organisation(actor, FAMILY_OF_KIND.get(organisation.kind)))
    organisation_validate(organisation)
    organisation.name_key = fold(organisation.name)
    organisation.save()
    search.index([organisation.pk])
    organisation.challenges.set(challenges)
    if actor is not None and not actor.is_coordinator:
        Membership.objects.create(user=actor, organisation=organisation, role=MembershipRole.ADMIN)
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor,
    organisation: Organisation,
    version: int,
    challenges: Iterable[Challenge] | None = None,
    **fields,
) -> Organisation:
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown organisation fields: {sorted(unknown)}")
    require(permissions.can_edit_organisation(actor, organisation))
    if (
        fields.get("kind", organisation.kind) != organisation.kind
        and FAMILY_OF_KIND.get(fields["kind"]) == OrganisationFamily.ADMINISTRATION
    ):
        require(permissions.can_create_organisation(actor, OrganisationFamily.ADMINISTRATION))
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation_validate(organisation)
    organisation.name_key = fold(organisation.name)
    _save_versioned(organisation, version)
    search.index([organisation.pk])
    if challenges is not None:
        organisation.challenges.set(challenges)
    # Initiatives carry the organisation's name in their search text: one statement a batch.
    initiatives = list(organisation.initiatives.all())
    for initiative in initiatives:
        initiative.organisation = organisation
        initiative.search_text = initiative_search_text(initiative)
    Initiative.objects.bulk_update(initiatives, ["search_text"], batch_size=500)
    return organisation


def _save_versioned(instance, version: int) -> None:
    """Write every field of the edited instance under the optimistic lock."""
    values = {
        field.attname: getattr(instance, field.attname)
        for field in type(instance)._meta.concrete_fields
        if not field.primary_key and field.name not in ("version", "created_at", "updated_at")
    }
    save_versioned(instance, version, **values)


@transaction.atomic
def membership_add(
    *, actor, organisation: Organisation, user, role: str = MembershipRole.MEMBER, position=""
) -> Membership:
    if actor is not None:
        require(permissions.can_edit_organisation(actor, organisation))
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role, "position": position}
    )
    return membership


def _clean_initiative(initiative: Initiative) -> None:
    initiative.full_clean(exclude=["organisation", "created_by"])


@transaction.atomic
def initiative_create(
    *,
    actor,
    organisation: Organisation,
    challenges: Iterable[Challenge] = (),
    regions: Iterable[Region] = (),
    departments: Iterable[Department] = (),
    **fields,
) -> Initiative:
    unknown = set(fields) - set(INITIATIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown initiative fields: {sorted(unknown)}")
    if actor is not None:
        require(permissions.can_create_initiative(actor, organisation))
    initiative = Initiative(organisation=organisation, created_by=actor, **fields)
    departments = list(departments)
    _clean_initiative(initiative)
    initiative.search_text = initiative_search_text(initiative)
    initiative.save()
    initiative.challenges.set(challenges)
    initiative.departments.set(departments)
    # A department implies its region, so region filters find department-level projects.
    initiative.regions.set({*regions, *(d.region for d in departments)})
    return initiative


@transaction.atomic
def initiative_update(
    *,
    actor,
    initiative: Initiative,
    version: int,
    challenges: Iterable[Challenge] | None = None,
    regions: Iterable[Region] | None = None,
    departments: Iterable[Department] | None = None,
    **fields,
) -> Initiative:
    unknown = set(fields) - set(INITIATIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown initiative fields: {sorted(unknown)}")
    require(permissions.can_edit_initiative(actor, initiative))
    for name, value in fields.items():
        setattr(initiative, name, value)
    _clean_initiative(initiative)
    initiative.search_text = initiative_search_text(initiative)
    _save_versioned(initiative, version)
    if challenges is not None:
        initiative.challenges.set(challenges)
    if departments is not None or regions is not None:
        departments = (
            list(departments) if departments is not None else list(initiative.departments.all())
        )
        regions = list(regions) if regions is not None else list(initiative.regions.all())
        initiative.departments.set(departments)
        initiative.regions.set({*regions, *(d.region for d in departments)})
    return initiative
