"""The forms of a call: the call itself, its questions and criteria, the list's filters.
They parse and render input; the services validate and write."""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from passeurs.calls import filetypes, selectors
from passeurs.calls.models import Call, CallKind, Criterion, Question
from passeurs.core.filters import challenge_field
from passeurs.core.forms import DsfrForm, ServiceModelForm, VersionField
from passeurs.core.models import Challenge, Department, Region
from passeurs.directory.models import Organisation, OrganisationFamily, OrganisationKind

MULTIPLE_HELP = _("Maintenez la touche Ctrl (ou Cmd) pour en choisir plusieurs.")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MEGABYTE = 1024 * 1024


class CallFilterForm(DsfrForm, forms.Form):
    template_name = "forms/filters.html"

    kind = forms.ChoiceField(
        label=_("Nature"),
        choices=[("", _("Toutes les natures")), *CallKind.choices],
        required=False,
    )
    phase = forms.ChoiceField(
        label=_("Calendrier"),
        choices=[
            ("", _("Tous les appels")),
            (selectors.OPEN, _("Ouverts aux candidatures")),
            (selectors.UPCOMING, _("À venir")),
            (selectors.CLOSED, _("Clos")),
        ],
        required=False,
    )
    challenge = challenge_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenge"].help_text = _("Les appels ouverts à tous les défis sont inclus.")
        self.use_dsfr("challenge")


def organiser_choices(user, current=None):
    """Organisations that carry calls: the user's own, administrations, local authorities and
    partners (never the thousands of imported associations), and the current one."""
    condition = Q(
        family__in=[
            OrganisationFamily.ADMINISTRATION,
            OrganisationFamily.LOCAL_AUTHORITY,
            OrganisationFamily.PARTNER,
        ]
    ) | Q(memberships__user=user)
    if current is not None:
        condition |= Q(pk=current.pk)
    return Organisation.objects.filter(condition).distinct().order_by("name_key", "id")


class CallForm(ServiceModelForm):
    eligible_kinds = forms.MultipleChoiceField(
        label=_("Types de structure éligibles"),
        choices=OrganisationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucun coché : tous les types de structure."),
    )

    class Meta:
        model = Call
        fields = [
            "title",
            "kind",
            "summary",
            "description",
            "organiser",
            "opens_at",
            "closes_at",
            "eligible_regions",
            "eligible_departments",
            "challenges",
            "laureate_count",
            "budget",
            "reviews_per_application",
            "normalise_scores",
            "accompaniment_months",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "opens_at": DATETIME_WIDGET,
            "closes_at": DATETIME_WIDGET,
            "eligible_regions": forms.SelectMultiple(attrs={"size": 6}),
            "eligible_departments": forms.SelectMultiple(attrs={"size": 6}),
            "challenges": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "summary": _("Une phrase, montrée dans la liste des appels."),
            "eligible_regions": _("Aucune choisie : toute la France. ") + MULTIPLE_HELP,
            "eligible_departments": _("Aucun choisi : toute la France. ") + MULTIPLE_HELP,
            "laureate_count": _("Un nombre de lauréats, une enveloppe, ou les deux."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organiser_choices(user, self.instance.organiser)
        self.fields["eligible_regions"].queryset = Region.objects.all()
        self.fields["eligible_departments"].queryset = Department.objects.all()
        self.fields["challenges"].queryset = Challenge.objects.filter(is_active=True)
        self.fields["eligible_kinds"].initial = list(self.instance.eligible_kinds or ())
        for name in ("laureate_count", "budget", "reviews_per_application", "accompaniment_months"):
            self.fields[name].min_value = 1
            self.fields[name].widget.attrs["min"] = 1
        for name in ("opens_at", "closes_at"):
            self.fields[name].help_text = _("Date et heure, heure de Paris.")
        if self.instance.pk:
            self.fields["version"] = VersionField(initial=self.instance.version)
        self.order_fields(
            [
                "title",
                "kind",
                "summary",
                "description",
                "organiser",
                "opens_at",
                "closes_at",
                "eligible_kinds",
            ]
        )
        for name in self.fields:
            self.use_dsfr(name)

    def service_kwargs(self) -> dict:
        return self.service_fields([*self._meta.fields, "eligible_kinds"])


class QuestionForm(ServiceModelForm):
    """A question; its kind decides which of the other fields count."""

    choices_text = forms.CharField(
        label=_("Choix proposés"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Pour une question à choix : un choix par ligne, deux au moins."),
    )
    file_types_text = forms.CharField(
        label=_("Types de fichier acceptés"),
        required=False,
        max_length=200,
        help_text=_(
            "Pour un fichier : extensions séparées par des virgules, parmi %(known)s. "
            "Vide : pdf, odt, docx."
        )
        % {"known": ", ".join(filetypes.KNOWN_EXTENSIONS)},
    )
    max_file_megabytes = forms.DecimalField(
        label=_("Taille maximale du fichier (Mo)"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=20,
        decimal_places=2,
        initial=5,
        help_text=_("Pour un fichier : 20 Mo au plus."),
    )

    class Meta:
        model = Question
        fields = ["label", "help_text", "kind", "required", "max_length", "minimum", "maximum"]
        widgets = {"kind": forms.RadioSelect}
        help_texts = {
            "max_length": _(
                "Pour un texte : en caractères. Vide : 1 000 pour un texte court, "
                "20 000 pour un texte long."
            ),
            "minimum": _("Pour un nombre, facultatif."),
            "maximum": _("Pour un nombre, facultatif."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        question = self.instance
        if question.pk:
            self.fields["choices_text"].initial = "\n".join(question.choices or ())
            self.fields["file_types_text"].initial = ", ".join(question.file_types or ())
            self.fields["max_file_megabytes"].initial = (
                Decimal(question.max_file_size) / MEGABYTE
            ).quantize(Decimal("0.01"))
        self.order_fields(["label", "help_text", "kind", "required", "choices_text"])
        for name in self.fields:
            self.use_dsfr(name)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        megabytes = data.get("max_file_megabytes") or Decimal(5)
        return {
            **self.service_fields(self._meta.fields),
            "help_text": data.get("help_text") or "",
            "choices": (data.get("choices_text") or "").splitlines(),
            "file_types": [
                t for t in (data.get("file_types_text") or "").replace(";", ",").split(",")
            ],
            "max_file_size": int(megabytes * MEGABYTE),
        }


class CriterionForm(ServiceModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "description", "weight", "max_score"]
        help_texts = {
            "weight": _("De 1 à 100 : un critère de poids 2 compte deux fois plus."),
            "max_score": _("Les évaluateurs notent de 0 à cette note, 100 au plus."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("weight", "max_score"):
            self.fields[name].min_value = 1
            self.fields[name].max_value = 100
            self.fields[name].widget.attrs.update(min=1, max=100)
        for name in self.fields:
            self.use_dsfr(name)

    def service_kwargs(self) -> dict:
        return self.service_fields(self._meta.fields)


class VersionForm(DsfrForm, forms.Form):
    """A button that only carries the version the user read."""

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = VersionField(initial=version)


class TransitionForm(VersionForm):
    target = forms.CharField(max_length=24, widget=forms.HiddenInput)
