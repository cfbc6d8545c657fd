"""The directory filters, validated once for the pages and the API alike."""

from django import forms
from django.utils.translation import gettext_lazy as _

from passeurs.core.models import Challenge, Department, Region
from passeurs.directory.models import OrganisationFamily, OrganisationKind, Stage


class _CodeChoiceField(forms.ModelChoiceField):
    """Chooses a territory or challenge by its public code, with a clear error."""

    def label_from_instance(self, obj):
        return obj.name


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=200)
    region = _CodeChoiceField(
        label=_("Région"),
        queryset=Region.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Toutes les régions"),
        error_messages={
            "invalid_choice": _("Région inconnue : choisissez un code INSEE de région.")
        },
    )
    department = _CodeChoiceField(
        label=_("Département"),
        queryset=Department.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Tous les départements"),
        error_messages={
            "invalid_choice": _("Département inconnu : choisissez un code INSEE de département.")
        },
    )
    challenge = _CodeChoiceField(
        label=_("Défi"),
        queryset=Challenge.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        empty_label=_("Tous les défis"),
        error_messages={"invalid_choice": _("Défi inconnu.")},
    )


class OrganisationFilterForm(DirectoryFilterForm):
    family = forms.ChoiceField(
        label=_("Famille"),
        choices=[("", _("Toutes les familles")), *OrganisationFamily.choices],
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Type de structure"),
        choices=[("", _("Tous les types")), *OrganisationKind.choices],
        required=False,
    )
    field_order = ["q", "family", "kind", "region", "department", "challenge"]


class InitiativeFilterForm(DirectoryFilterForm):
    stage = forms.ChoiceField(
        label=_("Stade"), choices=[("", _("Tous les stades")), *Stage.choices], required=False
    )
    field_order = ["q", "stage", "region", "department", "challenge"]
