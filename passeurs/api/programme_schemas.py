"""The shapes of the pairing programmes API: programmes, editions and public figures.

Figures are aggregates only: never a name, a candidacy or a pair's log.
"""

import datetime as dt

from django.urls import reverse
from ninja import Field, Schema


class EditionOut(Schema):
    id: int
    name: str
    state: str = Field(description="draft, candidacy, matching, running ou closed.")
    state_label: str
    candidacy_opens: dt.date
    candidacy_closes: dt.date
    matching_date: dt.date = Field(description="Date de constitution des binômes.")
    starts: dt.date
    ends: dt.date
    capacity: int | None = Field(description="Nombre maximal de binômes, s’il y en a un.")
    url: str = Field(description="Adresse de la page de la promotion sur le site.")

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(reverse("pairing:edition", args=[obj.pk]))


class ProgrammeOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    editions: list[EditionOut] = Field(description="Les promotions, la plus récente d’abord.")
    url: str = Field(description="Adresse de la page du programme sur le site.")

    @staticmethod
    def resolve_editions(obj) -> list:
        return list(obj.editions.all())

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(reverse("pairing:programme", args=[obj.pk]))


class CountsOut(Schema):
    pairs: int = Field(description="Binômes formés.")
    actions: int = Field(description="Actions de facilitation.")


class FiguresQuery(Schema):
    edition: int | None = Field(
        None, description="Identifiant d’une promotion du programme ; toutes par défaut."
    )


class FiguresOut(Schema):
    programme_id: int
    edition_id: int | None = Field(description="La promotion comptée, ou null pour toutes.")
    servants_mobilised: int = Field(description="Agents publics dans un binôme formé.")
    pairs_formed: int = Field(description="Binômes formés : actifs, clos ou interrompus.")
    pairs_active: int
    actions_by_kind: dict[str, int] = Field(
        description=(
            "Actions de facilitation par nature : introduction, procedure, unblocking, "
            "field_visit, blocker, other."
        )
    )
    blockers_worked_on: int = Field(description="Freins réglementaires travaillés.")
    blockers_lifted: int = Field(description="Parmi eux, les freins levés.")
    by_region: dict[str, CountsOut] = Field(description="Par région du projet.")
    by_challenge: dict[str, CountsOut] = Field(description="Par défi du projet.")
    by_month: dict[str, CountsOut] = Field(
        description="Par mois (AAAA-MM) : binômes devenus actifs et actions menées."
    )
