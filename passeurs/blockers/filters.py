"""The blocker list filters, validated once for the pages and the API alike."""

from django import forms
from django.utils.translation import gettext_lazy as _

from passeurs.blockers.legal.codes import codes_by_slug
from passeurs.blockers.models import BlockerState, ResolutionKind
from passeurs.core.filters import CodeChoiceField, challenge_field, query_field, region_field
from passeurs.directory.models import Organisation, OrganisationFamily


class BlockerFilterForm(forms.Form):
    q = query_field()
    state = forms.ChoiceField(
        label=_("État"),
        choices=[("", _("Tous les états"))]
        + [
            (v, label)
            for v, label in BlockerState.choices
            if v not in ("draft", "withdrawn", "merged")
        ],
        required=False,
    )
    challenge = challenge_field()
    region = region_field()
    code = forms.ChoiceField(label=_("Code juridique"), required=False)
    administration = CodeChoiceField(
        label=_("Administration"),
        queryset=Organisation.objects.filter(family=OrganisationFamily.ADMINISTRATION),
        required=False,
        empty_label=_("Toutes les administrations"),
        error_messages={"invalid_choice": _("Administration inconnue.")},
    )
    resolution_kind = forms.ChoiceField(
        label=_("Nature de la levée"),
        choices=[("", _("Toutes les natures")), *ResolutionKind.choices],
        required=False,
    )
    sort = forms.ChoiceField(
        label=_("Trier par"),
        choices=[
            ("supports", _("Nombre de projets concernés")),
            ("recent", _("Les plus récents")),
            ("updated", _("Dernière mise à jour")),
        ],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", _("Tous les codes"))] + [
            (code.slug, code.name) for code in codes_by_slug().values()
        ]
        self.fields["code"].error_messages["invalid_choice"] = _(
            "Code inconnu : choisissez un code de la liste."
        )
