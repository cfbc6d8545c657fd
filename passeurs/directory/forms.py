"""The directory's page forms. They parse and render input; the services validate and write."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from passeurs.core.forms import DsfrForm, ServiceModelForm, VersionField
from passeurs.core.models import Challenge
from passeurs.directory import filters, permissions, selectors
from passeurs.directory.models import (
    FAMILY_OF_KIND,
    Initiative,
    Organisation,
    OrganisationFamily,
    OrganisationKind,
)
from passeurs.directory.services import INITIATIVE_FIELDS, ORGANISATION_FIELDS

# Filters: the validated forms shared with the API, rendered with DSFR.


class _FilterPageForm(DsfrForm):
    template_name = "forms/filters.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs["maxlength"] = self.fields["q"].max_length


class OrganisationFilterPageForm(_FilterPageForm, filters.OrganisationFilterForm):
    pass


class InitiativeFilterPageForm(_FilterPageForm, filters.InitiativeFilterForm):
    pass


# Organisations


def _identifier_field(name: str, help_text):
    # Wider than the stored value: people type spaces and dots, which the service removes.
    return forms.CharField(
        label=Organisation._meta.get_field(name).verbose_name,
        required=False,
        max_length=40,
        help_text=help_text,
    )


class OrganisationForm(ServiceModelForm):
    siren = _identifier_field("siren", _("9 chiffres, par exemple 732 829 320."))
    siret = _identifier_field("siret", _("14 chiffres : le SIREN suivi de 5 chiffres."))
    rna = _identifier_field("rna", _("Pour une association : W suivi de 9 caractères."))
    postal_code = _identifier_field("postal_code", _("5 chiffres, par exemple 69001."))
    website = forms.URLField(
        label=Organisation._meta.get_field("website").verbose_name,
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Adresse complète, par exemple https://www.exemple.fr"),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "acronym",
            "kind",
            "parent",
            "description",
            "website",
            "siren",
            "siret",
            "rna",
            "address",
            "postal_code",
            "city",
            "region",
            "department",
            "challenges",
            "is_active",
        ]
        widgets = {
            "challenges": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "parent": _(
                "Pour une direction, son ministère ; pour un service, son ministère ou sa "
                "direction. Laissez vide pour les autres structures."
            ),
            "department": _("La région est déduite du département."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        creating = self.instance.pk is None
        if creating:
            del self.fields["is_active"]
        self.fields["kind"].choices = self._kind_choices(user)
        parents = selectors.organisation_list(filters={"family": OrganisationFamily.ADMINISTRATION})
        if not creating:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = _("Aucun rattachement")
        self.fields["region"].empty_label = _("Choisissez une région")
        self.fields["department"].empty_label = _("Choisissez un département")
        self.fields["challenges"].queryset = _challenges_for(self.instance)
        if not creating:
            self.fields["version"] = VersionField(initial=self.instance.version)

    def _kind_choices(self, user):
        """Only coordinators may make a structure an administration (see permissions)."""
        may_add_administrations = permissions.can_create_organisation(
            user, OrganisationFamily.ADMINISTRATION
        ).allowed
        return [
            ("", _("Choisissez un type de structure")),
            *(
                (value, label)
                for value, label in OrganisationKind.choices
                if may_add_administrations
                or FAMILY_OF_KIND[value] != OrganisationFamily.ADMINISTRATION
                or value == self.instance.kind
            ),
        ]

    def service_kwargs(self) -> dict:
        return {
            "challenges": self.cleaned_data["challenges"],
            **self.service_fields(ORGANISATION_FIELDS),
        }


# Initiatives


class InitiativeForm(ServiceModelForm):
    class Meta:
        model = Initiative
        fields = [
            "organisation",
            "title",
            "summary",
            "stage",
            "challenges",
            "regions",
            "departments",
            "beneficiaries",
            "needs",
            "is_public",
        ]
        widgets = {
            "challenges": forms.CheckboxSelectMultiple,
            "regions": forms.CheckboxSelectMultiple,
            "departments": forms.SelectMultiple(attrs={"size": 8}),
            "summary": forms.Textarea(attrs={"rows": 6}),
            "beneficiaries": forms.Textarea(attrs={"rows": 4}),
            "needs": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "summary": _(
                "Le problème auquel le projet répond et ce qu’il fait, en quelques phrases."
            ),
            "departments": _(
                "Maintenez la touche Ctrl (ou Cmd) pour en choisir plusieurs. "
                "Leurs régions sont ajoutées automatiquement."
            ),
            "beneficiaries": _("Qui le projet aide, et combien de personnes."),
            "needs": _("Ce qui vous aiderait : partenaires, financement, frein réglementaire…"),
        }

    def __init__(self, *args, user, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["organisation"].queryset = organisations
            self.fields["organisation"].empty_label = _("Choisissez une structure")
            self.fields["organisation"].help_text = (
                _("En tant que coordinateur·rice, vous pouvez choisir toute structure.")
                if user.is_coordinator
                else _("Les structures dont vous êtes membre.")
            )
        else:
            del self.fields["organisation"]
            self.fields["version"] = VersionField(initial=self.instance.version)
        self.fields["challenges"].queryset = _challenges_for(self.instance)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "challenges": data["challenges"],
            "regions": data["regions"],
            "departments": data["departments"],
            **self.service_fields(INITIATIVE_FIELDS),
        }


def _challenges_for(instance):
    """Active challenges, plus the retired ones the row still carries (kept on save)."""
    if instance.pk is None:
        return Challenge.objects.filter(is_active=True)
    return Challenge.objects.filter(Q(is_active=True) | Q(pk__in=instance.challenges.all()))
