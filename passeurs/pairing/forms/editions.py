"""The edition forms and the coordinators' management: an edition's calendar, capacity and
matching settings, then the buttons of the management page (decide on a candidacy, fix or
forbid a pair, run or publish the matching). They parse and render input; the services
validate and write."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from passeurs.core.forms import DsfrForm, ServiceModelForm, VersionField
from passeurs.pairing.models import Edition
from passeurs.pairing.services.editions import EDITION_FIELDS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


WEIGHT_TERMS = ("expertise", "challenges", "territory", "wishes")
WEIGHT_HELP = _("Un nombre entier, 0 pour ne pas en tenir compte.")


class EditionForm(ServiceModelForm):
    """A promotion's calendar, capacity and matching settings; the version when editing."""

    class Meta:
        model = Edition
        fields = list(EDITION_FIELDS)
        widgets = {
            "candidacy_opens": DATE_WIDGET,
            "candidacy_closes": DATE_WIDGET,
            "matching_date": DATE_WIDGET,
            "starts": DATE_WIDGET,
            "ends": DATE_WIDGET,
            "territory_mode": forms.RadioSelect,
            "matching_mode": forms.RadioSelect,
        }
        help_texts = {
            "name": _("Par exemple : Promotion 2027."),
            "capacity": _("Laissé vide : pas de limite."),
            "territory_mode": _("Ce que l’appariement cherche entre les territoires du binôme."),
            "matching_mode": _(
                "En mode stable, chaque candidat·e classe les candidatures retenues de l’autre "
                "côté ; aucun binôme ne préférerait être formé autrement."
            ),
            **{f"weight_{term}": WEIGHT_HELP for term in WEIGHT_TERMS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1
        self.fields["capacity"].validators.append(MinValueValidator(1))
        for term in WEIGHT_TERMS:
            field = self.fields[f"weight_{term}"]
            field.max_value = 100
            field.widget.attrs["max"] = 100
            field.validators.append(MaxValueValidator(100))
        if self.instance.pk:
            self.fields["version"] = VersionField(initial=self.instance.version)

    def create_kwargs(self) -> dict:
        """For edition_create, which takes the weights together."""
        fields = self.update_kwargs()
        fields["weights"] = {term: fields.pop(f"weight_{term}") for term in WEIGHT_TERMS}
        return fields

    def update_kwargs(self) -> dict:
        return self.service_fields(self._meta.fields)


# Actions: each form is rendered once per row, so each gets a prefix that keeps ids unique.


class VersionForm(DsfrForm, forms.Form):
    """A button that only carries the version the user read (matching run, publish, respond)."""

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = VersionField(initial=version)


class DecideForm(VersionForm):
    accept = forms.TypedChoiceField(
        choices=(("1", _("Retenir")), ("0", _("Ne pas retenir"))),
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )


class RuleForm(DsfrForm, forms.Form):
    project = forms.IntegerField(widget=forms.HiddenInput)
    servant = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        choices=(("fixed", "fixed"), ("forbidden", "forbidden"), ("none", "none")),
        widget=forms.HiddenInput,
    )
