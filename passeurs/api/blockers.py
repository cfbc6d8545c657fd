"""Regulatory blockers: open data to read, personal tokens to declare, join and move them.

Reads are the public view, even with a token (like the projects): drafts and withdrawn
blockers are never shown, nor private projects, nor anyone who did not make their profile
public. A merged blocker still answers 200, with the kept blocker's id in `merged_into`:
a redirect would hide from the client that the blocker it stored has been merged.
"""

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from passeurs.api.auth import token_auth
from passeurs.api.blocker_schemas import (
    BlockerCreate,
    BlockerDetailOut,
    BlockerFilters,
    BlockerOut,
    JoinIn,
    JoinOut,
    ParseIn,
    ParseOut,
    SimilarLimit,
    SimilarOut,
    SimilarQuery,
    TransitionErrorOut,
    TransitionIn,
)
from passeurs.api.errors import InvalidInput, form_errors
from passeurs.api.forms import InitiativeRelationsForm
from passeurs.api.pagination import PagePagination
from passeurs.api.schemas import ErrorOut
from passeurs.blockers import selectors, services
from passeurs.blockers.filters import BlockerFilterForm
from passeurs.blockers.legal import format_reference, parse
from passeurs.directory.models import Initiative

router = Router(tags=["Freins réglementaires"])

READ_ERRORS = {422: ErrorOut}
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
SIMILAR_LIMIT_MAX = 20


# --- Forms: codes and ids sent by the client, turned into rows -----------------------------


class InitiativeForm(forms.Form):
    """The actor's project, among those they may see (others are unknown, not forbidden)."""

    initiative = forms.ModelChoiceField(
        queryset=Initiative.objects.none(),
        error_messages={"invalid_choice": gettext_lazy("Projet inconnu.")},
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = Initiative.objects.visible_to(actor)


class DeclarationForm(InitiativeForm, InitiativeRelationsForm):
    organisation = None  # the declaring project's organisation, never chosen


def _clean(form) -> dict:
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    return form.cleaned_data


def _refuse_null_characters(fields: dict) -> None:
    """Some databases cannot store a NUL character: refuse it like the forms do."""
    message = str(ProhibitNullCharactersValidator.message)
    errors = {
        name: [message]
        for name, value in fields.items()
        if (isinstance(value, str) and "\x00" in value)
        or (isinstance(value, list) and any("\x00" in str(item) for item in value))
    }
    if errors:
        raise InvalidInput(errors)


def _check_limit(limit: int) -> None:
    try:
        MinValueValidator(1)(limit)
        MaxValueValidator(SIMILAR_LIMIT_MAX)(limit)
    except forms.ValidationError as exc:
        raise InvalidInput({"limit": exc.messages}) from exc


# --- Loading ------------------------------------------------------------------------------


def _public_blocker(blocker_id: int):
    blocker = selectors.blocker_get(user=AnonymousUser(), pk=blocker_id)
    if blocker is None:
        raise Http404(_("Frein introuvable."))
    return blocker


def _actor_blocker(actor, blocker_id: int):
    """For a write: the blocker as its author or a coordinator sees it (drafts included)."""
    blocker = selectors.blocker_get(user=actor, pk=blocker_id)
    if blocker is None:
        raise Http404(_("Frein introuvable."))
    return blocker


def _detail(blocker):
    """The blocker with what its detail shows, as anybody would see it."""
    blocker.public_supports = selectors.blocker_supports(blocker=blocker, user=AnonymousUser())
    blocker.timeline = selectors.blocker_timeline(blocker=blocker)
    return blocker


def _similar(request, found) -> list[dict]:
    return [
        {
            "id": blocker.pk,
            "title": blocker.title,
            "state": blocker.state,
            "state_label": str(blocker.get_state_display()),
            "supports_count": blocker.supports_count,
            "score": round(match.score, 4),
            "shared_terms": list(match.shared_terms),
            "shared_references": list(match.shared_references),
            "url": request.build_absolute_uri(blocker.get_absolute_url()),
        }
        for blocker, match in found
    ]


# --- Reads --------------------------------------------------------------------------------


@router.get(
    "/blockers",
    response={200: list[BlockerOut], **READ_ERRORS},
    summary="Lister les freins réglementaires",
    description=(
        "Freins publics uniquement, même avec un jeton (jamais de brouillon ni de frein "
        "retiré ; un frein fusionné n’apparaît plus, son frein conservé oui). Filtrés comme "
        "sur le site et paginés, par défaut du plus grand nombre de projets concernés au "
        "plus petit."
    ),
)
@paginate(PagePagination)
def blocker_list(request, filters: Query[BlockerFilters]):
    # The very form the pages use, so both accept and refuse the same filters.
    data = filters.model_dump(exclude_none=True)
    cleaned = _clean(BlockerFilterForm(data=data))
    cleaned = {name: value for name, value in cleaned.items() if name in data}
    return selectors.blocker_list(user=AnonymousUser(), filters=cleaned).prefetch_related(
        "regions", "references"
    )


@router.get(
    "/blockers/similar",
    response={200: list[SimilarOut], **READ_ERRORS},
    summary="Chercher des freins semblables à un texte",
    description=(
        "Avant de déclarer un frein : les freins publics qui lui ressemblent, le plus "
        "proche d’abord, avec les mots et les références juridiques en commun. "
        "Liste courte, non paginée."
    ),
)
def blocker_similar_to_text(request, query: Query[SimilarQuery]):
    _check_limit(query.limit)
    keys = {reference.key for reference in parse(f"{query.text}\n{query.legal_text}")}
    found = selectors.similar_blockers(
        user=AnonymousUser(), text=query.text, reference_keys=keys, limit=query.limit
    )
    return _similar(request, found)


@router.get(
    "/blockers/{blocker_id}",
    response={200: BlockerDetailOut, 404: ErrorOut, 422: ErrorOut},
    summary="Consulter un frein réglementaire",
    description=(
        "Un brouillon ou un frein retiré répond 404, comme un frein inexistant. "
        "Un frein fusionné répond 200 et donne dans `merged_into` le frein conservé. "
        "Seuls les projets publics concernés sont nommés, et une personne seulement si son "
        "profil est public."
    ),
)
def blocker_detail(request, blocker_id: int):
    return _detail(_public_blocker(blocker_id))


@router.get(
    "/blockers/{blocker_id}/similar",
    response={200: list[SimilarOut], 404: ErrorOut, 422: ErrorOut},
    summary="Lister les freins semblables à un frein",
    description="Les autres freins publics qui lui ressemblent : doublons possibles.",
)
def blocker_similar(request, blocker_id: int, query: Query[SimilarLimit]):
    _check_limit(query.limit)
    blocker = _public_blocker(blocker_id)
    found = selectors.similar_blockers(
        user=AnonymousUser(),
        text=f"{blocker.title}\n{blocker.prevents}\n{blocker.consequence}",
        reference_keys={reference.key for reference in blocker.references.all()},
        exclude={blocker.pk},
        limit=query.limit,
    )
    return _similar(request, found)


@router.post(
    "/legal-references/parse",
    response={200: ParseOut, 422: ErrorOut},
    tags=["Références juridiques"],
    summary="Repérer les références juridiques d’un texte",
    description=(
        "Les articles de code, lois, ordonnances, décrets, arrêtés et circulaires cités "
        "dans `text` (20 000 caractères au plus), avec leur position et leur forme "
        "normalisée. Rien n’est enregistré ; pas besoin de jeton."
    ),
)
def legal_reference_parse(request, payload: ParseIn):
    return {
        "references": [
            {
                "kind": str(reference.kind),
                "raw": reference.raw,
                "start": reference.start,
                "end": reference.end,
                "key": reference.key,
                "code": reference.code_slug,
                "code_name": reference.code_name,
                "article": reference.article,
                "number": reference.number,
                "date": reference.date,
                "year": reference.year,
                "label": format_reference(reference),
                "flags": list(reference.flags),
            }
            for reference in parse(payload.text)
        ]
    }


# --- Writes -------------------------------------------------------------------------------


@router.post(
    "/blockers",
    response={201: BlockerDetailOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=token_auth,
    summary="Déclarer un frein réglementaire",
    description=(
        "Déclare un frein pour un projet d’une structure dont le titulaire du jeton est "
        "membre. Il est signalé aussitôt, ou gardé en brouillon (non public) avec "
        "`submit: false`. Le texte est enregistré tel quel : jamais interprété comme du HTML."
    ),
)
def blocker_create(request, payload: BlockerCreate):
    actor = request.auth
    fields = payload.model_dump()
    _refuse_null_characters(fields)
    relations = _clean(
        DeclarationForm(
            data={
                name: fields.pop(name)
                for name in ("initiative", "challenges", "regions", "departments")
            },
            actor=actor,
        )
    )
    blocker = services.blocker_declare(actor=actor, **relations, **fields)
    return Status(201, _detail(_actor_blocker(actor, blocker.pk)))


@router.post(
    "/blockers/{blocker_id}/join",
    response={201: JoinOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=token_auth,
    summary="Rejoindre un frein réglementaire",
    description=(
        "Ajoute un projet d’une structure dont le titulaire du jeton est membre aux projets "
        "concernés, avec son témoignage. Un frein fusionné est rejoint dans le frein "
        "conservé : `blocker` dit lequel."
    ),
)
def blocker_join(request, blocker_id: int, payload: JoinIn):
    actor = request.auth
    blocker = _actor_blocker(actor, blocker_id)
    _refuse_null_characters(payload.model_dump())
    initiative = _clean(InitiativeForm(data={"initiative": payload.initiative}, actor=actor))
    support = services.blocker_join(
        actor=actor, blocker=blocker, testimony=payload.testimony, **initiative
    )
    return Status(201, support)


@router.post(
    "/blockers/{blocker_id}/transitions",
    response={200: BlockerDetailOut, **WRITE_ERRORS, 422: TransitionErrorOut},
    auth=token_auth,
    summary="Faire changer d’état un frein réglementaire",
    description=(
        "`version` est celle lue avec le frein : s’il a changé depuis, la réponse est 409 et "
        "rien n’est écrit. Un changement que votre rôle ne permet pas répond 403 ; un "
        "changement qui n’existe pas depuis l’état actuel répond 422 avec, dans `allowed`, "
        "les états possibles. La levée demande `resolution_kind` et `resolution_date`, le "
        "maintien `kept_justification`, la fusion `merge_into`."
    ),
)
def blocker_transition(request, blocker_id: int, payload: TransitionIn):
    actor = request.auth
    blocker = _actor_blocker(actor, blocker_id)
    fields = payload.model_dump()
    _refuse_null_characters(fields)
    if fields["merge_into"] is not None:
        kept = selectors.blocker_get(user=actor, pk=fields["merge_into"])
        if kept is None:
            raise InvalidInput({"merge_into": [_("Frein inconnu.")]})
        fields["merge_into"] = kept
    try:
        blocker = services.blocker_transition(actor=actor, blocker=blocker, **fields)
    except services.TransitionError as exc:
        return Status(
            422,
            {"detail": exc.messages[0], "errors": {"target": exc.messages}, "allowed": exc.allowed},
        )
    return _detail(_actor_blocker(actor, blocker.pk))
