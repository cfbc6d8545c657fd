"""Filter fields every list shares (pages and API): search, territories, challenges.

Each call builds a new field, so forms never share one field instance.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from passeurs.core.models import Challenge, Department, Region


class CodeChoiceField(forms.ModelChoiceField):
    """Chooses a row by its public code (INSEE code, slug), with a clear error."""

    def label_from_instance(self, obj):
        return obj.name


def query_field() -> forms.CharField:
    return forms.CharField(label=_("Rechercher"), required=False, max_length=200)


def region_field() -> CodeChoiceField:
    return CodeChoiceField(
        label=_("Région"),
        queryset=Region.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Toutes les régions"),
        error_messages={
            "invalid_choice": _("Région inconnue : choisissez un code INSEE de région.")
        },
    )


def department_field() -> CodeChoiceField:
    return CodeChoiceField(
        label=_("Département"),
        queryset=Department.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Tous les départements"),
        error_messages={
            "invalid_choice": _("Département inconnu : choisissez un code INSEE de département.")
        },
    )


def challenge_field() -> CodeChoiceField:
    return CodeChoiceField(
        label=_("Défi"),
        queryset=Challenge.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        empty_label=_("Tous les défis"),
        error_messages={"invalid_choice": _("Défi inconnu.")},
    )
