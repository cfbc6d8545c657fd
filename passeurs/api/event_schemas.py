"""The shapes of the events API: public fields only, never a participant's name or e-mail.

The connection link of an online event is for its confirmed participants: the API only
says whether the event is online.
"""

import datetime as dt

from django.urls import reverse
from ninja import Field, Schema

from passeurs.events import selectors


class QuotaOut(Schema):
    category: str = Field(description="state, local_authority, ess, startup, partner ou citizen.")
    category_label: str
    seats: int = Field(description="Places réservées à cette catégorie.")

    @staticmethod
    def resolve_category_label(obj) -> str:
        return str(obj.get_category_display())


class EventOut(Schema):
    id: int
    title: str
    kind: str = Field(description="co_construction_day, workshop, hackathon, webinar ou training.")
    kind_label: str
    state: str = Field(description="published ou cancelled.")
    state_label: str
    challenge: str | None = Field(description="Code du défi sociétal (voir /challenges).")
    question: str
    description: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str = Field(description="Fuseau horaire du lieu, par exemple Indian/Mayotte.")
    registration_closes_at: dt.datetime = Field(description="Clôture des inscriptions.")
    venue: str
    address: str
    city: str
    department: str | None = Field(description="Code INSEE du département.")
    is_online: bool = Field(description="Vrai pour un événement en ligne.")
    capacity: int
    seats_left: int = Field(description="Places encore libres (0 : liste d’attente).")
    quotas: list[QuotaOut]
    url: str = Field(description="Adresse de la page de l’événement sur le site.")
    invitation_url: str = Field(description="Adresse de l’invitation iCalendar (.ics).")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_challenge(obj) -> str | None:
        return obj.challenge.slug if obj.challenge_id else None

    @staticmethod
    def resolve_department(obj) -> str | None:
        return obj.department.code if obj.department_id else None

    @staticmethod
    def resolve_registration_closes_at(obj) -> dt.datetime:
        return obj.closes_at

    @staticmethod
    def resolve_is_online(obj) -> bool:
        return bool(obj.online_url)

    @staticmethod
    def resolve_seats_left(obj) -> int:
        return selectors.seats_left(obj)

    @staticmethod
    def resolve_quotas(obj) -> list:
        return list(obj.quotas.all())

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(reverse("events:detail", args=[obj.pk]))

    @staticmethod
    def resolve_invitation_url(obj, context) -> str:
        return context["request"].build_absolute_uri(reverse("event_invitation", args=[obj.pk]))


class EventFilters(Schema):
    period: str | None = Field(
        None, description="upcoming (par défaut : pas encore terminés), past ou all."
    )
    kind: str | None = Field(
        None, description="co_construction_day, workshop, hackathon, webinar ou training."
    )
    challenge: str | None = Field(None, description="Code d’un défi sociétal (voir /challenges).")
    department: str | None = Field(None, description="Code INSEE de département, par exemple 976.")
    q: str | None = Field(None, description="Mots du titre ou de la question travaillée.")
