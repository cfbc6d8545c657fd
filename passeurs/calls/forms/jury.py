"""The jury, review, laureates and accompaniment forms. They parse input; the services validate
and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from passeurs.accounts.models import User
from passeurs.core.forms import DsfrForm, VersionField
from passeurs.directory.models import Organisation

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _PersonForm(DsfrForm, forms.Form):
    """A person found by the e-mail of their account."""

    email = forms.EmailField(
        label=_("Adresse électronique"),
        help_text=_("L’adresse de son compte Passeurs."),
        max_length=254,
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        self.user = User.objects.filter(email__iexact=email).first()
        if self.user is None:
            raise forms.ValidationError(_("Aucun compte Passeurs ne porte cette adresse."))
        return email


class JuryMemberForm(_PersonForm):
    error_summary_title = _("Le membre n’a pas été ajouté au jury.")

    capacity = forms.IntegerField(
        label=_("Candidatures au plus"),
        required=False,
        min_value=1,
        max_value=500,
        help_text=_("Facultatif : laissé vide, pas de limite."),
    )


class CapacityForm(DsfrForm, forms.Form):
    capacity = forms.IntegerField(
        label=_("Candidatures au plus"),
        required=False,
        min_value=1,
        max_value=500,
        help_text=_("Laissé vide : pas de limite."),
    )


class ConflictForm(DsfrForm, forms.Form):
    error_summary_title = _("Le conflit d’intérêts n’a pas été déclaré.")

    organisation = forms.ModelChoiceField(
        label=_("Je déclare un conflit d’intérêts avec…"),
        queryset=Organisation.objects.none(),
        help_text=_(
            "Une structure candidate dont vous êtes proche : vous ne lirez pas son dossier."
        ),
    )

    def __init__(self, *args, organisations, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations
        field.empty_label = _("Choisissez une structure candidate")
        if label:
            field.label = label
        self.use_dsfr("organisation")


class ReviewForm(DsfrForm, forms.Form):
    """A score and a comment per criterion, a general comment. Ranges are checked by the
    service, which tells which criterion is out of its scale."""

    error_summary_title = _("L’évaluation n’a pas été enregistrée.")

    comment = forms.CharField(
        label=_("Avis général"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    version = VersionField()

    def __init__(self, *args, criteria, review, **kwargs):
        scores = {s.criterion_id: s for s in review.scores.all()}
        initial = {"comment": review.comment, "version": review.version}
        for criterion in criteria:
            score = scores.get(criterion.pk)
            if score is not None:
                initial[f"score_{criterion.pk}"] = score.value
                initial[f"comment_{criterion.pk}"] = score.comment
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            name = f"score_{criterion.pk}"
            self.fields[name] = forms.IntegerField(
                label=_("Note : %(name)s (de 0 à %(max)d)")
                % {"name": criterion.name, "max": criterion.max_score},
                required=False,
                widget=forms.NumberInput(attrs={"min": 0, "max": criterion.max_score, "step": 1}),
                help_text=criterion.description,
            )
            self.use_dsfr(name)
            name = f"comment_{criterion.pk}"
            self.fields[name] = forms.CharField(
                label=_("Commentaire : %(name)s") % {"name": criterion.name},
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.use_dsfr(name)
        self.order_fields([*(n for n in self.fields if n != "comment"), "comment"])

    def rows(self):
        """(criterion, score field, comment field) for the template."""
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict:
        data = self.cleaned_data
        return {
            c.pk: (data.get(f"score_{c.pk}"), data.get(f"comment_{c.pk}") or "")
            for c in self.criteria
        }


class LaureatesForm(DsfrForm, forms.Form):
    error_summary_title = _("Les lauréats n’ont pas été désignés.")

    applications = forms.TypedMultipleChoiceField(
        label=_("Lauréats"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(
        label=_("Début de l’accompagnement"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Laissé vide : le premier jour du mois prochain."),
    )
    version = VersionField()

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = choices

    @staticmethod
    def amount_name(pk) -> str:
        return f"awarded-{pk}"

    def clean(self):
        """`amounts`: the amount typed for each application (whole euros; blank: its request)."""
        cleaned = super().clean()
        amounts = {}
        for pk, _label in self.fields["applications"].choices:
            raw = "".join((self.data.get(self.amount_name(pk)) or "").split())
            if not raw:
                continue
            if not raw.isdigit() or int(raw) == 0:
                self.add_error(
                    None, _("Un montant accordé s’écrit en euros entiers, plus de zéro.")
                )
                break
            amounts[pk] = int(raw)
        cleaned["amounts"] = amounts
        return cleaned


class MilestoneForm(DsfrForm, forms.Form):
    done = forms.BooleanField(label=_("Réalisé"), required=False)
    notes = forms.CharField(
        label=_("Compte rendu"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FinalReportForm(DsfrForm, forms.Form):
    error_summary_title = _("Le rapport final n’a pas été rendu.")

    report = forms.CharField(
        label=_("Rapport final"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Ce que l’accompagnement a permis, les résultats obtenus, la suite du projet."),
    )
    version = VersionField()


class CoachForm(_PersonForm):
    error_summary_title = _("Le coach n’a pas été ajouté.")
