"""The directory filters, validated once for the pages and the API alike."""

from django import forms
from django.utils.translation import gettext_lazy as _

from passeurs.core.filters import challenge_field, department_field, query_field, region_field
from passeurs.directory.models import OrganisationFamily, OrganisationKind, Stage


class DirectoryFilterForm(forms.Form):
    q = query_field()
    region = region_field()
    department = department_field()
    challenge = challenge_field()


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
    status = forms.ChoiceField(
        label=_("Situation"),
        choices=[
            ("", _("En activité ou dissoutes")),
            ("active", _("En activité")),
            ("dissolved", _("Dissoutes ou radiées")),
        ],
        required=False,
    )
    field_order = ["q", "family", "kind", "region", "department", "challenge", "status"]


class InitiativeFilterForm(DirectoryFilterForm):
    stage = forms.ChoiceField(
        label=_("Stade"), choices=[("", _("Tous les stades")), *Stage.choices], required=False
    )
    field_order = ["q", "stage", "region", "department", "challenge"]
