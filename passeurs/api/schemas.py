"""The shapes the API reads and writes. Outputs carry public fields only, never people.

Inputs declare types and the model's lengths; choices and business rules are checked by
the model and the services, so the API and the pages refuse the same things.
"""

from datetime import datetime

from ninja import Field, Schema

from passeurs.directory.models import Initiative


def _text(default=..., *, field: str, **kwargs):
    """A text field limited like the model's (Django does not enforce TextField limits)."""
    return Field(default, max_length=Initiative._meta.get_field(field).max_length, **kwargs)


# --- Query parameters -------------------------------------------------------------------


class DirectoryFilters(Schema):
    q: str | None = Field(
        None, description="Recherche plein texte, sans tenir compte des accents ni de la casse."
    )
    region: str | None = Field(None, description="Code INSEE de région, par exemple 84.")
    department: str | None = Field(None, description="Code INSEE de département, par exemple 69.")
    challenge: str | None = Field(None, description="Code d’un défi sociétal (voir /challenges).")


class OrganisationFilters(DirectoryFilters):
    family: str | None = Field(None, description="ess, administration, local_authority ou partner.")
    kind: str | None = Field(None, description="Type de structure, par exemple association.")
    status: str | None = Field(
        None, description="active (en activité) ou dissolved (dissoutes ou radiées)."
    )


class InitiativeFilters(DirectoryFilters):
    stage: str | None = Field(None, description="idea, experimentation, consolidation ou scaling.")


# --- Outputs ----------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str = Field(description="Message en français, ou en anglais avec Accept-Language: en.")
    errors: dict[str, list[str]] | None = Field(
        None, description="Messages par champ refusé (422 seulement) ; __all__ pour l’ensemble."
    )


class TerritoryRef(Schema):
    code: str
    name: str


class OrganisationRef(Schema):
    id: int
    name: str


class OrganisationOut(Schema):
    id: int
    name: str
    acronym: str
    kind: str
    family: str
    parent_id: int | None = Field(description="Structure de rattachement (administrations).")
    website: str
    siren: str
    siret: str
    rna: str
    city: str
    postal_code: str
    region: TerritoryRef | None
    department: TerritoryRef | None
    challenges: list[str] = Field(description="Codes des défis sociétaux.")
    is_active: bool
    url: str = Field(description="Adresse de la fiche sur le site.")

    @staticmethod
    def resolve_challenges(obj) -> list[str]:
        return [challenge.slug for challenge in obj.challenges.all()]

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(obj.get_absolute_url())


class InitiativeOut(Schema):
    id: int
    title: str
    summary: str
    stage: str
    organisation: OrganisationRef
    challenges: list[str] = Field(description="Codes des défis sociétaux.")
    regions: list[str] = Field(description="Codes INSEE des régions d’action.")
    departments: list[str] = Field(description="Codes INSEE des départements d’action.")
    beneficiaries: str
    needs: str
    is_public: bool
    version: int = Field(description="À renvoyer tel quel pour modifier le projet.")
    created_at: datetime
    updated_at: datetime
    url: str = Field(description="Adresse de la fiche sur le site.")

    @staticmethod
    def resolve_challenges(obj) -> list[str]:
        return [challenge.slug for challenge in obj.challenges.all()]

    @staticmethod
    def resolve_regions(obj) -> list[str]:
        return sorted(region.code for region in obj.regions.all())

    @staticmethod
    def resolve_departments(obj) -> list[str]:
        return sorted(department.code for department in obj.departments.all())

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(obj.get_absolute_url())


class TerritoryOut(Schema):
    kind: str = Field(description="region ou department.")
    code: str = Field(description="Code INSEE.")
    name: str
    slug: str
    region: str | None = Field(description="Code INSEE de la région d’un département.")


class ChallengeOut(Schema):
    slug: str
    name: str
    description: str


# --- Inputs -----------------------------------------------------------------------------


class InitiativeCreate(Schema):
    organisation: int = Field(description="Identifiant de la structure porteuse.")
    title: str = _text(field="title")
    summary: str = _text(field="summary")
    stage: str = Field("idea", description="idea, experimentation, consolidation ou scaling.")
    challenges: list[str] = Field([], description="Codes des défis sociétaux.")
    regions: list[str] = Field([], description="Codes INSEE des régions d’action.")
    departments: list[str] = Field([], description="Codes INSEE des départements d’action.")
    beneficiaries: str = _text("", field="beneficiaries")
    needs: str = _text("", field="needs")
    is_public: bool = True


class InitiativeUpdate(Schema):
    """Only the fields sent are changed; `version` is the one read with the project."""

    version: int = Field(description="La version lue ; 409 si le projet a changé depuis.")
    # Defaults are not validated, so an omitted field stays unset while null is refused.
    title: str = _text(None, field="title")
    summary: str = _text(None, field="summary")
    stage: str = Field(None, description="idea, experimentation, consolidation ou scaling.")
    challenges: list[str] = Field(None, description="Codes des défis sociétaux.")
    regions: list[str] = Field(None, description="Codes INSEE des régions d’action.")
    departments: list[str] = Field(None, description="Codes INSEE des départements d’action.")
    beneficiaries: str = _text(None, field="beneficiaries")
    needs: str = _text(None, field="needs")
    is_public: bool = Field(None)
