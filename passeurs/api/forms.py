"""Turns the codes an API client sends into rows, with Django's translated messages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from passeurs.core.models import Challenge, Department, Region
from passeurs.directory import selectors


class InitiativeRelationsForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=selectors.organisation_list(),
        required=False,
        error_messages={"invalid_choice": _("Structure inconnue.")},
    )
    challenges = forms.ModelMultipleChoiceField(
        queryset=Challenge.objects.filter(is_active=True), to_field_name="slug", required=False
    )
    regions = forms.ModelMultipleChoiceField(
        queryset=Region.objects.all(), to_field_name="code", required=False
    )
    departments = forms.ModelMultipleChoiceField(
        queryset=Department.objects.select_related("region"),
        to_field_name="code",
        required=False,
    )
