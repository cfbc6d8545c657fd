"""The candidacy forms: applying on either side (challenges, territories, wishes and conflicts
of interest), ranking the other side in stable mode, withdrawing. They parse and render input;
the services validate and write."""

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from passeurs.blockers import workflows as blocker_workflows
from passeurs.blockers.legal.codes import codes_by_slug
from passeurs.blockers.models import Blocker, BlockerState
from passeurs.core.forms import DsfrForm
from passeurs.core.models import Challenge, Department, Region
from passeurs.directory.models import Organisation, OrganisationFamily
from passeurs.pairing.forms.editions import VersionForm
from passeurs.pairing.models import Candidacy, CandidacySide

MULTIPLE_HELP = _("Maintenez la touche Ctrl (ou Cmd) pour en choisir plusieurs.")


def _other_side(edition, side: str):
    other = (
        CandidacySide.PROJECT
        if side == CandidacySide.CIVIL_SERVANT
        else CandidacySide.CIVIL_SERVANT
    )
    return Candidacy.objects.filter(edition=edition, side=other).select_related(
        "user", "initiative"
    )


class _CandidacyForm(DsfrForm, forms.Form):
    """What both sides declare: challenges, territories, wishes and conflicts of interest."""

    side = ""

    challenges = forms.ModelMultipleChoiceField(
        label=_("Politiques publiques et défis"),
        queryset=Challenge.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Régions"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=MULTIPLE_HELP,
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Départements"),
        queryset=Department.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_(
            "Maintenez la touche Ctrl (ou Cmd) pour en choisir plusieurs. "
            "Leurs régions sont ajoutées automatiquement."
        ),
    )
    wishes = forms.ModelMultipleChoiceField(
        label=_("Souhaits"),
        queryset=Candidacy.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=_(
            "Facultatif : les candidatures de l’autre côté avec qui vous aimeriez travailler."
        ),
    )
    wishes_text = forms.CharField(
        label=_("Souhaits, en quelques mots"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    conflicts = forms.ModelMultipleChoiceField(
        label=_("Conflits d’intérêts"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Les structures avec lesquelles vous ne pouvez pas former de binôme."),
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenges"].queryset = Challenge.objects.filter(is_active=True)
        wishes = self.fields["wishes"]
        wishes.queryset = _other_side(edition, self.side)
        wishes.label_from_instance = str

    def common_kwargs(self) -> dict:
        data = self.cleaned_data
        names = ("challenges", "regions", "departments", "wishes", "wishes_text", "conflicts")
        return {name: data[name] for name in names}


class ServantCandidacyForm(_CandidacyForm):
    side = CandidacySide.CIVIL_SERVANT

    administration = forms.ModelChoiceField(
        label=_("Votre administration"), queryset=Organisation.objects.none()
    )
    level = forms.CharField(
        label=_("Niveau de responsabilité"),
        required=False,
        max_length=100,
        help_text=_("Par exemple : cheffe de bureau, chargé de mission, directrice adjointe."),
    )
    expertise = forms.CharField(
        label=_("Domaines d’expertise"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Les politiques publiques et les sujets que vous connaissez bien."),
    )
    legal_codes = forms.MultipleChoiceField(
        label=_("Codes juridiques que vous connaissez"),
        required=False,
        choices=(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=MULTIPLE_HELP,
    )
    capacity = forms.IntegerField(
        label=_("Nombre de binômes que vous pouvez accompagner"),
        min_value=1,
        max_value=10,
        initial=1,
    )
    field_order = ["administration", "level", "expertise", "legal_codes", "capacity"]

    def __init__(self, *args, administrations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["administration"]
        field.queryset = administrations
        field.empty_label = _("Choisissez votre administration")
        self.fields["legal_codes"].choices = sorted(
            ((slug, str(getattr(code, "name", code))) for slug, code in codes_by_slug().items()),
            key=lambda choice: choice[1],
        )
        for name in self.fields:
            self.use_dsfr(name)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "side": self.side,
            "administration": data["administration"],
            "level": data["level"],
            "expertise": data["expertise"],
            "legal_codes": data["legal_codes"],
            "capacity": data["capacity"],
            **self.common_kwargs(),
        }


class ProjectCandidacyForm(_CandidacyForm):
    side = CandidacySide.PROJECT

    initiative = forms.ModelChoiceField(label=_("Projet qui candidate"), queryset=None)
    needs = forms.CharField(
        label=_("Besoins du projet"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce que le projet attend d’un agent public : démarches, contacts, règles."),
    )
    blockers = forms.ModelMultipleChoiceField(
        label=_("Freins réglementaires ouverts"),
        queryset=Blocker.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=MULTIPLE_HELP,
    )
    field_order = ["initiative", "needs", "blockers"]

    def __init__(self, *args, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["initiative"]
        field.queryset = initiatives
        field.empty_label = _("Choisissez votre projet")
        self.fields["blockers"].queryset = (
            Blocker.objects.filter(initiative__in=initiatives)
            .exclude(state__in=[*blocker_workflows.TERMINAL, BlockerState.DRAFT])
            .order_by("title", "id")
        )
        self.fields["challenges"].help_text = _("Laissés vides : ceux du projet.")
        self.fields["regions"].help_text = _("Laissées vides : celles du projet.")
        for name in self.fields:
            self.use_dsfr(name)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = self.common_kwargs()
        # Empty: the service takes the initiative's own challenges and territories.
        for name in ("challenges", "regions", "departments"):
            if not kwargs[name]:
                kwargs[name] = None
        return {
            "side": self.side,
            "initiative": data["initiative"],
            "needs": data["needs"],
            "blockers": data["blockers"],
            **kwargs,
        }


class RankingForm(DsfrForm, forms.Form):
    """A rank (1 = favourite, blank = not ranked) for each accepted candidacy of the other side.

    Shows only what is public: a project's title and structure, an agent's administration,
    level and expertise (never a name or an e-mail).
    """

    error_summary_title = _("Le classement n’a pas été enregistré.")

    def __init__(self, *args, others, current: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.others = list(others)
        size = max(len(self.others), 1)
        for other in self.others:
            name = f"rank_{other.pk}"
            self.fields[name] = forms.IntegerField(
                label=_("Rang : %(who)s") % {"who": public_label(other)},
                required=False,
                min_value=1,
                max_value=size,
                initial=current.get(other.pk),
                help_text=public_help(other),
            )
            self.use_dsfr(name)

    def clean(self):
        data = super().clean()
        seen: dict[int, str] = {}
        for other in self.others:
            name = f"rank_{other.pk}"
            rank = data.get(name)
            if rank is None:
                continue
            if rank in seen:
                self.add_error(name, _("Ce rang est déjà donné à une autre candidature."))
            seen[rank] = name
        return data

    def ordered(self) -> list[Candidacy]:
        """The ranked candidacies, favourite first."""
        ranked = [
            (self.cleaned_data[f"rank_{other.pk}"], other)
            for other in self.others
            if self.cleaned_data.get(f"rank_{other.pk}") is not None
        ]
        return [other for _rank, other in sorted(ranked, key=lambda item: item[0])]


def public_label(candidacy: Candidacy) -> str:
    if candidacy.side == CandidacySide.PROJECT:
        initiative = candidacy.initiative
        return f"{initiative.title} — {initiative.organisation}"
    parts = [str(candidacy.administration or ""), candidacy.level]
    return " — ".join(part for part in parts if part) or str(_("Agent public"))


def public_help(candidacy: Candidacy) -> str:
    if candidacy.side == CandidacySide.PROJECT:
        return ""
    if not candidacy.expertise:
        return ""
    return str(_("Expertise : %(text)s") % {"text": Truncator(candidacy.expertise).chars(300)})


def administrations_of(user):
    return Organisation.objects.filter(
        family=OrganisationFamily.ADMINISTRATION, memberships__user=user
    ).order_by("name")


class WithdrawForm(VersionForm):
    """Withdraw one's candidacy; `back` says which page the button was on."""

    back = forms.ChoiceField(
        choices=(("edition", "edition"), ("mine", "mine")), required=False, widget=forms.HiddenInput
    )
