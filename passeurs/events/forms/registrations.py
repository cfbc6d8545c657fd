"""The event and registration forms. They parse and render input; the services validate."""

import datetime
import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passeurs.accounts.models import Role, User
from passeurs.core.filters import challenge_field, department_field, query_field
from passeurs.core.forms import DsfrForm, ServiceModelForm, VersionField
from passeurs.core.models import Challenge
from passeurs.events.models import (
    Attendance,
    Event,
    EventKind,
    ParticipantCategory,
)
from passeurs.events.services.events import EVENT_FIELDS

# The time zones of France and its overseas territories, where events take place.
TIME_ZONES = [
    ("Europe/Paris", _("France métropolitaine, Corse (Europe/Paris)")),
    ("America/Guadeloupe", _("Guadeloupe, Saint-Martin, Saint-Barthélemy")),
    ("America/Martinique", _("Martinique")),
    ("America/Cayenne", _("Guyane")),
    ("Indian/Reunion", _("La Réunion")),
    ("Indian/Mayotte", _("Mayotte")),
    ("America/Miquelon", _("Saint-Pierre-et-Miquelon")),
    ("Pacific/Noumea", _("Nouvelle-Calédonie")),
    ("Pacific/Tahiti", _("Polynésie française (Tahiti)")),
    ("Pacific/Wallis", _("Wallis-et-Futuna")),
]
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
LOCAL_TIMES = ("starts_at", "ends_at", "registration_closes_at")


def quota_field_name(category: str) -> str:
    return f"quota_{category}"


class EventFilterForm(forms.Form):
    """The event list filters, validated once for the pages and the API alike."""

    q = query_field()
    period = forms.ChoiceField(
        label=_("Période"),
        choices=[
            ("", _("À venir")),
            ("upcoming", _("À venir")),
            ("past", _("Passés")),
            ("all", _("Tous")),
        ],
        required=False,
        error_messages={"invalid_choice": _("Période inconnue : upcoming, past ou all.")},
    )
    kind = forms.ChoiceField(
        label=_("Format"),
        choices=[("", _("Tous les formats")), *EventKind.choices],
        required=False,
        error_messages={"invalid_choice": _("Format d’événement inconnu.")},
    )
    challenge = challenge_field()
    department = department_field()


class EventFilterPageForm(DsfrForm, EventFilterForm):
    template_name = "forms/filters.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page's blank choice already means "upcoming".
        period = self.fields["period"]
        period.choices = [choice for choice in period.choices if choice[0] != "upcoming"]
        self.fields["q"].widget.input_type = "search"


class EventForm(ServiceModelForm):
    """An event's fields, its quotas (one number per category) and its organisers.

    Dates and times are typed in the event's own time zone, whatever the reader's.
    """

    starts_at = forms.DateTimeField(label=_("Début"), widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label=_("Fin"), widget=DATETIME_WIDGET)
    registration_closes_at = forms.DateTimeField(
        label=_("Clôture des inscriptions"),
        widget=DATETIME_WIDGET,
        required=False,
        help_text=_("Sans date, les inscriptions ferment au début de l’événement."),
    )
    time_zone = forms.ChoiceField(
        label=_("Fuseau horaire"),
        choices=TIME_ZONES,
        initial="Europe/Paris",
        help_text=_("Celui du lieu : les dates et heures ci-dessus s’y lisent."),
    )
    online_url = forms.URLField(
        label=_("Lien de connexion"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Visible des seuls inscrits confirmés."),
    )
    organisers = forms.ModelMultipleChoiceField(
        label=_("Co-organisateur·rices"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=_(
            "Les coordinateur·rices qui pilotent l’événement avec vous. Maintenez la touche "
            "Ctrl (ou Cmd) pour en choisir plusieurs."
        ),
    )

    class Meta:
        model = Event
        fields = list(EVENT_FIELDS)
        widgets = {
            "question": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "venue": _("Laissé vide pour un événement en ligne."),
        }

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.instance
        self.fields["challenge"].queryset = Challenge.objects.filter(is_active=True)
        self.fields["department"].empty_label = _("Aucun (événement en ligne)")
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1
        organisers = self.fields["organisers"]
        organisers.queryset = User.objects.filter(role=Role.COORDINATOR, is_active=True).exclude(
            pk=actor.pk
        )
        quotas = dict(event.quotas.values_list("category", "seats")) if event.pk else {}
        for value, label in ParticipantCategory.choices:
            name = quota_field_name(value)
            self.fields[name] = forms.IntegerField(
                label=_("Places réservées : %(category)s") % {"category": label},
                required=False,
                min_value=0,
                initial=quotas.get(value),
                help_text=_("Laissé vide : pas de quota pour cette catégorie."),
            )
            self.use_dsfr(name)
        if event.pk:
            self.fields["version"] = VersionField(initial=event.version)
            organisers.initial = list(event.organisers.exclude(pk=actor.pk))
            zone = zoneinfo.ZoneInfo(event.time_zone)
            for name in LOCAL_TIMES:
                value = getattr(event, name)
                if value is not None:
                    self.initial[name] = timezone.localtime(value, zone).replace(tzinfo=None)

    def clean(self):
        data = super().clean()
        zone_name = data.get("time_zone")
        if zone_name:
            zone = zoneinfo.ZoneInfo(zone_name)
            for name in LOCAL_TIMES:
                value = data.get(name)
                if isinstance(value, datetime.datetime):
                    # Read as wall-clock time at the event's place, not the reader's.
                    data[name] = timezone.make_aware(
                        timezone.make_naive(value).replace(tzinfo=None), zone
                    )
        return data

    def quotas(self) -> dict[str, int | None]:
        return {
            value: self.cleaned_data.get(quota_field_name(value))
            for value in ParticipantCategory.values
        }

    def service_kwargs(self) -> dict:
        fields = self.service_fields(EVENT_FIELDS)
        for name in ("question", "description", "venue", "address", "city", "online_url"):
            fields[name] = fields.get(name) or ""
        return {**fields, "quotas": self.quotas()}

    def create_kwargs(self) -> dict:
        return {**self.service_kwargs(), "organisers": self.cleaned_data["organisers"]}

    def update_kwargs(self, actor) -> dict:
        return {
            **self.service_kwargs(),
            "organisers": [actor, *self.cleaned_data["organisers"]],
            "version": self.cleaned_data["version"],
        }


class RegistrationForm(DsfrForm, forms.Form):
    """Registering: the structure one comes for and one's category (the structure's by
    default, editable: a start-up, for instance, is not told by the directory)."""

    error_summary_title = _("L’inscription n’a pas été enregistrée.")

    organisation = forms.ModelChoiceField(
        label=_("Vous venez pour"),
        queryset=None,
        required=False,
        help_text=_("Laissé vide : à titre personnel."),
    )
    category = forms.ChoiceField(
        label=_("Catégorie de participant"),
        choices=[("", _("Celle de ma structure")), *ParticipantCategory.choices],
        required=False,
        help_text=_(
            "Par défaut, celle de votre structure (citoyen·ne sans structure). Choisissez "
            "« Start-up » si c’est votre cas."
        ),
    )
    comment = forms.CharField(
        label=_("Message aux organisateurs"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Facultatif : besoins d’accessibilité, régime alimentaire, questions."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations
        field.empty_label = _("À titre personnel")
        self.use_dsfr("organisation")

    def service_kwargs(self) -> dict:
        return {
            "organisation": self.cleaned_data["organisation"],
            "category": self.cleaned_data["category"],
            "comment": self.cleaned_data["comment"],
        }


class VersionForm(DsfrForm, forms.Form):
    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = VersionField(initial=version)


class TransitionForm(VersionForm):
    target = forms.CharField(max_length=20, widget=forms.HiddenInput)


class AttendanceForm(VersionForm):
    attendance = forms.ChoiceField(choices=Attendance.choices, required=False)


class CancelForm(DsfrForm, forms.Form):
    """Cancel one's own registration, or (organisers) someone's: `registration` names it."""

    registration = forms.IntegerField(required=False, widget=forms.HiddenInput)
