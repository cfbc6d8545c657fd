"""The seating and outputs forms. They parse and render input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from passeurs.core.forms import DsfrForm, ServiceModelForm, VersionField
from passeurs.events.models import Output, SeatingRequestKind, WorkshopTable
from passeurs.events.services import outputs as output_services
from passeurs.events.services import tables as table_services

MULTIPLE_HELP = _("Maintenez la touche Ctrl (ou Cmd) pour en choisir plusieurs.")


class TablesSetupForm(DsfrForm, forms.Form):
    count = forms.IntegerField(
        label=_("Nombre de tables"), min_value=1, max_value=table_services.MAX_TABLES
    )
    size = forms.IntegerField(
        label=_("Places par table"), min_value=1, max_value=table_services.MAX_TABLE_SIZE
    )

    def __init__(self, *args, team: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if team:
            self.fields["count"].label = _("Nombre d’équipes")
            self.fields["size"].label = _("Personnes par équipe")
            self.use_dsfr("count")
            self.use_dsfr("size")


class SeatForm(DsfrForm, forms.Form):
    """The seating run: a seed lets the coordinator ask for another seating as good."""

    seed = forms.IntegerField(
        min_value=0, max_value=1_000_000, required=False, initial=0, widget=forms.HiddenInput
    )


class SeatingRequestForm(DsfrForm, forms.Form):
    first = forms.ModelChoiceField(label=_("Participant·e"), queryset=None)
    kind = forms.ChoiceField(label=_("Demande"), choices=SeatingRequestKind.choices)
    second = forms.ModelChoiceField(label=_("Avec"), queryset=None)

    def __init__(self, *args, registrations, **kwargs):
        kwargs.setdefault("prefix", "request")
        super().__init__(*args, **kwargs)
        for name in ("first", "second"):
            field = self.fields[name]
            field.queryset = registrations
            field.label_from_instance = _registration_label
            field.empty_label = _("Choisissez une personne")
            self.use_dsfr(name)


def _registration_label(registration) -> str:
    if registration.organisation_id:
        return f"{registration.user} ({registration.organisation})"
    return str(registration.user)


class MoveForm(DsfrForm, forms.Form):
    """One person's destination table (empty: no table) and the version the page showed."""

    table = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, tables, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].queryset = tables
        self.fields["version"] = VersionField(initial=version)


class LockForm(DsfrForm, forms.Form):
    locked = forms.BooleanField(required=False)

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = VersionField(initial=version)


class TableForm(ServiceModelForm):
    class Meta:
        model = WorkshopTable
        fields = ["name", "topic"]
        labels = {"name": _("Nom (facultatif)"), "topic": _("Sujet travaillé (facultatif)")}


class OutputForm(ServiceModelForm):
    """An idea or solution and its follow-up; the version when editing."""

    class Meta:
        model = Output
        fields = [
            "table",
            "kind",
            "title",
            "description",
            "initiatives",
            "blockers",
            "owner",
            "next_step",
            "due_on",
            "follow_up",
            "is_public",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "initiatives": forms.SelectMultiple(attrs={"size": 8}),
            "blockers": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "initiatives": _(
                "Les projets du répertoire que cette solution concerne. Maintenez la touche "
                "Ctrl (ou Cmd) pour en choisir plusieurs."
            ),
            "blockers": _(
                "Les freins réglementaires qu’elle aiderait à lever. Maintenez la touche Ctrl "
                "(ou Cmd) pour en choisir plusieurs."
            ),
            "is_public": _(
                "Une solution publique s’affiche sur la page de l’événement une fois celui-ci "
                "terminé."
            ),
        }

    def __init__(self, *args, event, user, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["table"].queryset = output_services.table_choices(user, event)
        fields["table"].empty_label = _("Toute la salle")
        if not output_services.permissions.is_organiser(user, event):
            # A participant records their own table's work.
            fields["table"].required = True
            fields["table"].empty_label = None
        fields["kind"].choices = [c for c in fields["kind"].choices if c[0]]
        fields["initiatives"].queryset = output_services.initiative_choices(user)
        fields["blockers"].queryset = output_services.blocker_choices(user)
        fields["owner"].queryset = output_services.owner_choices(event)
        fields["owner"].empty_label = _("Personne pour l’instant")
        fields["follow_up"].choices = [c for c in fields["follow_up"].choices if c[0]]
        if self.instance.pk:
            fields["version"] = VersionField(initial=self.instance.version)
        for name in fields:
            self.use_dsfr(name)

    def service_kwargs(self) -> dict:
        return self.service_fields(self.Meta.fields)
