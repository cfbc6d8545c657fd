"""Organisations and initiatives: open data to read, personal tokens to write."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from passeurs.api.auth import token_auth
from passeurs.api.errors import InvalidInput, form_errors
from passeurs.api.forms import InitiativeRelationsForm
from passeurs.api.pagination import PagePagination
from passeurs.api.schemas import (
    ErrorOut,
    InitiativeCreate,
    InitiativeFilters,
    InitiativeOut,
    InitiativeUpdate,
    OrganisationFilters,
    OrganisationOut,
)
from passeurs.directory import selectors, services
from passeurs.directory.filters import InitiativeFilterForm, OrganisationFilterForm

router = Router()

READ_ERRORS = {422: ErrorOut}
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _clean(form_class, data: dict) -> dict:
    """The cleaned values of the fields sent, or a 422 with the form's messages."""
    form = form_class(data=data)
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    return {name: value for name, value in form.cleaned_data.items() if name in data}


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], **READ_ERRORS},
    tags=["Structures"],
    summary="Lister les structures",
    description=(
        "Structures de l’annuaire (ESS, administrations, collectivités, partenaires), "
        "filtrées comme sur le site et paginées. Aucune donnée personnelle."
    ),
)
@paginate(PagePagination)
def organisation_list(request, filters: Query[OrganisationFilters]):
    # The very form the pages use, so both accept and refuse the same filters.
    cleaned = _clean(OrganisationFilterForm, filters.model_dump(exclude_none=True))
    return selectors.organisation_search(filters=cleaned).prefetch_related("challenges")


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, 404: ErrorOut, 422: ErrorOut},
    tags=["Structures"],
    summary="Consulter une structure",
)
def organisation_detail(request, organisation_id: int):
    organisation = selectors.organisation_get(pk=organisation_id)
    if organisation is None:
        raise Http404(_("Structure introuvable."))
    return organisation


@router.get(
    "/initiatives",
    response={200: list[InitiativeOut], **READ_ERRORS},
    tags=["Projets"],
    summary="Lister les projets publics",
    description=(
        "Projets publics uniquement, même avec un jeton : c’est l’API des données ouvertes. "
        "Filtrés comme sur le site et paginés, du plus récent au plus ancien."
    ),
)
@paginate(PagePagination)
def initiative_list(request, filters: Query[InitiativeFilters]):
    cleaned = _clean(InitiativeFilterForm, filters.model_dump(exclude_none=True))
    return selectors.initiative_list(user=AnonymousUser(), filters=cleaned).prefetch_related(
        "regions", "departments"
    )


@router.get(
    "/initiatives/{initiative_id}",
    response={200: InitiativeOut, 404: ErrorOut, 422: ErrorOut},
    tags=["Projets"],
    summary="Consulter un projet public",
    description="Un projet non public répond 404, comme un projet inexistant.",
)
def initiative_detail(request, initiative_id: int):
    initiative = selectors.initiative_get(user=AnonymousUser(), pk=initiative_id)
    if initiative is None:
        raise Http404(_("Projet introuvable."))
    return initiative


@router.post(
    "/initiatives",
    response={201: InitiativeOut, **WRITE_ERRORS},
    auth=token_auth,
    tags=["Projets"],
    summary="Créer un projet",
    description=(
        "Crée un projet pour une structure dont le titulaire du jeton est membre "
        "(ou pour toute structure s’il coordonne un programme)."
    ),
)
def initiative_create(request, payload: InitiativeCreate):
    fields = payload.model_dump()
    relations = _clean(
        InitiativeRelationsForm,
        {
            name: fields.pop(name)
            for name in ("organisation", "challenges", "regions", "departments")
        },
    )
    initiative = services.initiative_create(actor=request.auth, **relations, **fields)
    return Status(201, initiative)


@router.patch(
    "/initiatives/{initiative_id}",
    response={200: InitiativeOut, **WRITE_ERRORS},
    auth=token_auth,
    tags=["Projets"],
    summary="Modifier un projet",
    description=(
        "Modifie les seuls champs envoyés. `version` est celle lue avec le projet : "
        "si quelqu’un l’a modifié depuis, la réponse est 409 et rien n’est écrit."
    ),
)
def initiative_update(request, initiative_id: int, payload: InitiativeUpdate):
    actor = request.auth
    initiative = selectors.initiative_get(user=actor, pk=initiative_id)
    if initiative is None:
        raise Http404(_("Projet introuvable."))
    fields = payload.model_dump(exclude_unset=True)
    version = fields.pop("version")
    relations = _clean(
        InitiativeRelationsForm,
        {
            name: fields.pop(name)
            for name in ("challenges", "regions", "departments")
            if name in fields
        },
    )
    return services.initiative_update(
        actor=actor, initiative=initiative, version=version, **relations, **fields
    )
