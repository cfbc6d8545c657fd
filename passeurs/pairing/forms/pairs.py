"""The forms of a pair's page: answering the proposal, objectives, meetings, facilitation
actions, the closing evaluation, closing and ending early. They parse and render input; the
services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from passeurs.blockers.models import Blocker
from passeurs.core.forms import DsfrForm
from passeurs.pairing.forms.editions import DATE_WIDGET, VersionForm
from passeurs.pairing.models import ActionKind

# Actions: each form is rendered once per row, so each gets a prefix that keeps ids unique.


class RespondForm(VersionForm):
    accept = forms.TypedChoiceField(
        choices=(("1", _("Accepter")), ("0", _("Décliner"))),
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )


class ObjectivesForm(VersionForm):
    objectives = forms.CharField(
        label=_("Objectifs du binôme"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MeetingForm(DsfrForm, forms.Form):
    date = forms.DateField(label=_("Date de la rencontre"), widget=DATE_WIDGET)
    notes = forms.CharField(
        label=_("Compte rendu"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ActionForm(DsfrForm, forms.Form):
    kind = forms.ChoiceField(label=_("Nature de l’action"), choices=ActionKind.choices)
    date = forms.DateField(label=_("Date de l’action"), widget=DATE_WIDGET)
    outcome = forms.CharField(
        label=_("Résultat"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    blocker = forms.ModelChoiceField(
        label=_("Frein réglementaire travaillé"),
        queryset=Blocker.objects.none(),
        required=False,
        help_text=_("Obligatoire pour un travail sur un frein réglementaire."),
    )

    def __init__(self, *args, blockers, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["blocker"]
        field.queryset = blockers
        field.empty_label = _("Aucun")
        field.label_from_instance = lambda b: f"n° {b.pk} — {b.title}"
        self.use_dsfr("blocker")


class EvaluateForm(VersionForm):
    evaluation = forms.CharField(
        label=_("Votre évaluation de clôture"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CloseForm(VersionForm):
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EndEarlyForm(VersionForm):
    reason = forms.CharField(
        label=_("Pourquoi le binôme s’arrête"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
