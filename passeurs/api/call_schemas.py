"""The shapes of the calls API: a call's public fields only. Applications never leave the
site; a call says how many were received, as a count."""

import datetime as dt
from typing import Literal

from django.urls import reverse
from ninja import Field, Schema

from passeurs.calls.models import CallKind

KIND = Literal[tuple(CallKind.values)]  # type: ignore[valid-type]


class CallQuery(Schema):
    kind: KIND | None = Field(
        None,
        description="Nature : call_for_projects, call_for_interest, incubator ou "
        "experimentation_fund.",
    )
    open: bool | None = Field(
        None,
        description="true : les appels ouverts aux candidatures en ce moment ; false : les "
        "autres (à venir ou clos).",
    )


class CallOut(Schema):
    id: int
    title: str
    kind: str = Field(
        description="call_for_projects, call_for_interest, incubator ou experimentation_fund."
    )
    kind_label: str
    summary: str
    description: str
    organiser: str | None = Field(description="La structure porteuse, s’il y en a une.")
    state: str = Field(description="published, review, decided ou archived.")
    state_label: str
    phase: str = Field(description="Calendrier vu du public : upcoming, open ou closed.")
    opens_at: dt.datetime
    closes_at: dt.datetime
    eligible_kinds: list[str] = Field(
        description="Types de structure éligibles (codes) ; vide : tous."
    )
    eligible_regions: list[str] = Field(description="Codes INSEE des régions ; vide : toutes.")
    eligible_departments: list[str] = Field(
        description="Codes INSEE des départements ; vide : tous."
    )
    challenges: list[str] = Field(description="Codes des défis ; vide : tous.")
    laureate_count: int | None
    budget: int | None = Field(description="Enveloppe en euros, s’il y en a une.")
    accompaniment_months: int
    applications_received: int = Field(
        description="Candidatures déposées (lauréates et non retenues comprises)."
    )
    url: str = Field(description="Adresse de la page de l’appel sur le site.")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_organiser(obj) -> str | None:
        return obj.organiser.name if obj.organiser else None

    @staticmethod
    def resolve_eligible_kinds(obj) -> list[str]:
        return list(obj.eligible_kinds or ())

    @staticmethod
    def resolve_eligible_regions(obj) -> list[str]:
        return [region.code for region in obj.eligible_regions.all()]

    @staticmethod
    def resolve_eligible_departments(obj) -> list[str]:
        return [department.code for department in obj.eligible_departments.all()]

    @staticmethod
    def resolve_challenges(obj) -> list[str]:
        return [challenge.slug for challenge in obj.challenges.all()]

    @staticmethod
    def resolve_applications_received(obj) -> int:
        return obj.received_count

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(reverse("calls:detail", args=[obj.pk]))
