"""The shapes of the regulatory blockers API. Public fields only: never an e-mail, and a
person's name only when their profile is public.

Inputs are limited like the model's fields, so an over-long text is a 422 before any work.
"""

import datetime as dt

from ninja import Field, Schema

from passeurs.api.schemas import OrganisationRef
from passeurs.blockers.models import Blocker, BlockerEvent, Support

PARSE_MAX_LENGTH = 20_000


def _text(model, field: str, default=..., **kwargs):
    """A text field limited like the model's (Django does not enforce TextField limits)."""
    return Field(default, max_length=model._meta.get_field(field).max_length, **kwargs)


# --- Query parameters -------------------------------------------------------------------


class BlockerFilters(Schema):
    q: str | None = Field(
        None, description="Recherche plein texte, sans tenir compte des accents ni de la casse."
    )
    state: str | None = Field(
        None,
        description=(
            "submitted, qualified, in_progress, resolution_proposed, lifted, kept, worked_around."
        ),
    )
    challenge: str | None = Field(None, description="Code d’un défi sociétal (voir /challenges).")
    region: str | None = Field(None, description="Code INSEE de région, par exemple 84.")
    code: str | None = Field(None, description="Code juridique cité, par exemple code-du-travail.")
    administration: str | None = Field(
        None, description="Identifiant d’une administration compétente (voir /organisations)."
    )
    resolution_kind: str | None = Field(
        None,
        description="interpretation, circular, experimentation, decree, law ou other.",
    )
    sort: str | None = Field(
        None,
        description=(
            "supports (par défaut : le plus de projets concernés d’abord), recent ou updated."
        ),
    )


class SimilarQuery(Schema):
    text: str = Field(
        max_length=PARSE_MAX_LENGTH,
        description="Le titre et la description du frein que l’on s’apprête à déclarer.",
    )
    legal_text: str = Field(
        "",
        max_length=PARSE_MAX_LENGTH,
        description="Les textes juridiques cités : une référence partagée rapproche deux freins.",
    )
    limit: int = Field(5, description="Nombre de freins proposés, 20 au plus.")


class SimilarLimit(Schema):
    limit: int = Field(5, description="Nombre de freins proposés, 20 au plus.")


# --- Outputs ----------------------------------------------------------------------------


class ReferenceOut(Schema):
    key: str = Field(description="Clé stable de la référence, partagée entre freins.")
    kind: str = Field(description="article, law, ordinance, decree, order, circular, …")
    label: str = Field(description="La référence écrite en toutes lettres.")
    flags: list[str] = Field(description="Signalements du lecteur : abrogé, ambigu, …")

    @staticmethod
    def resolve_flags(obj) -> list[str]:
        return [flag for flag in obj.flags.split(",") if flag]


class ResolutionOut(Schema):
    kind: str = Field(description="Nature de la levée.")
    kind_label: str
    date: dt.date | None
    text: str = Field(description="Le texte qui porte la levée.")


class BlockerOut(Schema):
    id: int
    title: str
    state: str
    state_label: str
    challenges: list[str] = Field(description="Codes des défis sociétaux.")
    regions: list[str] = Field(description="Codes INSEE des régions concernées.")
    references: list[ReferenceOut] = Field(description="Références juridiques citées.")
    administrations: list[OrganisationRef] = Field(description="Administrations compétentes.")
    supports_count: int = Field(description="Nombre de projets concernés.")
    resolution: ResolutionOut | None = Field(description="La levée, ou null.")
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int = Field(description="À renvoyer tel quel pour faire changer d’état le frein.")
    url: str = Field(description="Adresse de la fiche sur le site.")

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_challenges(obj) -> list[str]:
        return [challenge.slug for challenge in obj.challenges.all()]

    @staticmethod
    def resolve_regions(obj) -> list[str]:
        return sorted(region.code for region in obj.regions.all())

    @staticmethod
    def resolve_references(obj) -> list:
        return sorted(obj.references.all(), key=lambda reference: reference.label)

    @staticmethod
    def resolve_administrations(obj) -> list:
        return sorted(obj.administrations.all(), key=lambda organisation: organisation.name)

    @staticmethod
    def resolve_supports_count(obj) -> int:
        count = getattr(obj, "supports_count", None)
        return obj.supports.count() if count is None else count

    @staticmethod
    def resolve_resolution(obj) -> dict | None:
        if not obj.resolution_kind:
            return None
        return {
            "kind": obj.resolution_kind,
            "kind_label": str(obj.get_resolution_kind_display()),
            "date": obj.resolution_date,
            "text": obj.resolution_text,
        }

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(obj.get_absolute_url())


class InitiativeRef(Schema):
    id: int
    title: str


class SupportOut(Schema):
    initiative: InitiativeRef = Field(description="Un projet public concerné.")
    testimony: str
    created_at: dt.datetime


class EventOut(Schema):
    kind: str = Field(description="transition, join, assign, route ou merge_in.")
    from_state: str
    to_state: str
    comment: str
    created_at: dt.datetime
    actor: str | None = Field(
        description="Le nom de la personne si elle a rendu son profil public, sinon null."
    )

    @staticmethod
    def resolve_actor(obj) -> str | None:
        actor = obj.actor
        if actor is None or not actor.profile_is_public:
            return None
        return actor.get_full_name() or None

    @staticmethod
    def resolve_comment(obj) -> str:
        # A join records the joining project's title, which may be a private project's.
        return "" if obj.kind == BlockerEvent.Kind.JOIN else obj.comment


class BlockerDetailOut(BlockerOut):
    prevents: str
    consequence: str
    legal_text: str
    resolution_summary: str
    kept_justification: str
    supports: list[SupportOut] = Field(
        description="Les projets publics concernés et leur témoignage (les autres sont comptés)."
    )
    timeline: list[EventOut]
    merged_into: int | None = Field(
        description="Un frein fusionné renvoie l’identifiant du frein conservé."
    )

    @staticmethod
    def resolve_supports(obj) -> list:
        return obj.public_supports

    @staticmethod
    def resolve_timeline(obj) -> list:
        return obj.timeline

    @staticmethod
    def resolve_merged_into(obj) -> int | None:
        return obj.merged_into_id


class SimilarOut(Schema):
    id: int
    title: str
    state: str
    state_label: str
    supports_count: int
    score: float = Field(
        description="Ressemblance, d’autant plus grande que les freins se ressemblent."
    )
    shared_terms: list[str] = Field(description="Mots en commun (sous leur forme analysée).")
    shared_references: list[str] = Field(description="Clés des références juridiques en commun.")
    url: str


class JoinOut(Schema):
    blocker: int = Field(
        description="Le frein rejoint : le frein conservé si celui demandé a été fusionné."
    )
    initiative: InitiativeRef
    testimony: str
    created_at: dt.datetime

    @staticmethod
    def resolve_blocker(obj) -> int:
        return obj.blocker_id


class ParsedReferenceOut(Schema):
    kind: str
    raw: str = Field(description="Le passage tel qu’écrit dans le texte.")
    start: int = Field(description="Position du passage dans le texte (en caractères).")
    end: int
    key: str
    code: str | None = Field(
        description="Code juridique (identifiant), par exemple code-du-travail."
    )
    code_name: str | None
    article: str | None
    number: str | None
    date: str | None = Field(description="Date du texte, AAAA-MM-JJ.")
    year: int | None
    label: str = Field(description="La référence écrite en toutes lettres.")
    flags: list[str]


class ParseOut(Schema):
    references: list[ParsedReferenceOut]


class TransitionErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = Field(None, description="Messages par champ refusé.")
    allowed: list[str] | None = Field(
        None,
        description=(
            "Quand l’état visé n’existe pas ou n’est pas atteignable depuis l’état actuel : "
            "les états vers lesquels ce frein peut aller."
        ),
    )


# --- Inputs -----------------------------------------------------------------------------


class BlockerCreate(Schema):
    initiative: int = Field(description="Identifiant du projet qui déclare le frein.")
    title: str = _text(Blocker, "title")
    prevents: str = _text(Blocker, "prevents", description="Ce que la règle empêche.")
    consequence: str = _text(Blocker, "consequence", "")
    legal_text: str = _text(
        Blocker, "legal_text", "", description="Par exemple : article L. 165-1 du CSS."
    )
    testimony: str = _text(Support, "testimony", "", description="Le témoignage du projet.")
    challenges: list[str] = Field([], description="Codes des défis sociétaux.")
    regions: list[str] = Field([], description="Codes INSEE des régions concernées.")
    departments: list[str] = Field([], description="Codes INSEE des départements concernés.")
    submit: bool = Field(True, description="false le garde en brouillon, non public.")


class JoinIn(Schema):
    initiative: int = Field(description="Identifiant de votre projet, lui aussi concerné.")
    testimony: str = _text(Support, "testimony", "")


class TransitionIn(Schema):
    target: str = Field(max_length=100, description="L’état visé, par exemple qualified.")
    version: int = Field(description="La version lue ; 409 si le frein a changé depuis.")
    comment: str = _text(BlockerEvent, "comment", "")
    resolution_kind: str = _text(
        Blocker,
        "resolution_kind",
        "",
        description="interpretation, circular, experimentation, decree, law ou other.",
    )
    resolution_date: dt.date | None = None
    resolution_text: str = _text(Blocker, "resolution_text", "")
    resolution_summary: str = _text(Blocker, "resolution_summary", "")
    kept_justification: str = _text(Blocker, "kept_justification", "")
    merge_into: int | None = Field(None, description="Le frein conservé (fusion).")


class ParseIn(Schema):
    text: str = Field(max_length=PARSE_MAX_LENGTH, description="Le texte à analyser.")
