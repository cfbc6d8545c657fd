"""The blocker page forms. They parse and render input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from passeurs.accounts.models import Role, User
from passeurs.blockers import filters, workflows
from passeurs.blockers.models import Blocker, BlockerState, ResolutionKind
from passeurs.blockers.services import BLOCKER_FIELDS
from passeurs.core.forms import DsfrForm, ServiceModelForm, VersionField
from passeurs.core.models import Challenge
from passeurs.directory import selectors as directory_selectors
from passeurs.directory.models import OrganisationFamily

TEXT_HELP = {
    "title": _(
        "Une phrase courte, par exemple : « Le matériel reconditionné n’est pas remboursé »."
    ),
    "prevents": _("La règle en cause et ce qu’elle vous empêche de faire."),
    "consequence": _("Ce que les personnes que vous accompagnez perdent ou ne peuvent pas faire."),
    "legal_text": _(
        "Les articles, lois, décrets ou circulaires en cause, tels que vous les connaissez. "
        "Par exemple : article L. 165-1 du code de la sécurité sociale."
    ),
}
TESTIMONY_HELP = _(
    "Comment ce frein touche votre projet : un exemple concret. Visible de tous sur la page "
    "du frein."
)
# The fields whose typing refreshes the similar-blockers panel.
SUGGESTION_FIELDS = ("title", "prevents", "legal_text")


class BlockerFilterPageForm(DsfrForm, filters.BlockerFilterForm):
    template_name = "forms/filters.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs["maxlength"] = self.fields["q"].max_length


def _suggest_on_typing(form, suggestions_url: str) -> None:
    """Ask the server for similar blockers as the user types (htmx), once they pause."""
    # Not form[name].auto_id: a bound field made now would be cached with today's attrs.
    # The initiative goes along so that the "join" links preselect it.
    include = ", ".join(
        f"#{form.auto_id % form.add_prefix(name)}"
        for name in (*SUGGESTION_FIELDS, "initiative")
        if name in form.fields
    )
    for name in SUGGESTION_FIELDS:
        form.fields[name].widget.attrs.update(
            {
                "hx-get": suggestions_url,
                "hx-trigger": "keyup changed delay:400ms, change",
                "hx-target": "#suggestions",
                "hx-include": include,
                "hx-sync": "closest form:replace",
            }
        )


class BlockerDeclareForm(ServiceModelForm):
    testimony = forms.CharField(
        label=_("Votre témoignage"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=TESTIMONY_HELP,
    )

    class Meta:
        model = Blocker
        fields = [
            "initiative",
            "title",
            "prevents",
            "consequence",
            "legal_text",
            "challenges",
            "regions",
            "departments",
        ]
        widgets = {
            "prevents": forms.Textarea(attrs={"rows": 6}),
            "consequence": forms.Textarea(attrs={"rows": 4}),
            "legal_text": forms.Textarea(attrs={"rows": 3}),
            "challenges": forms.CheckboxSelectMultiple,
            "regions": forms.SelectMultiple(attrs={"size": 6}),
            "departments": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            **TEXT_HELP,
            "regions": _("Maintenez la touche Ctrl (ou Cmd) pour en choisir plusieurs."),
            "departments": _(
                "Maintenez la touche Ctrl (ou Cmd) pour en choisir plusieurs. "
                "Leurs régions sont ajoutées automatiquement."
            ),
        }

    def __init__(self, *args, initiatives, suggestions_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["initiative"]
        field.queryset = initiatives
        field.empty_label = _("Choisissez le projet concerné")
        field.label = _("Projet concerné")
        field.help_text = _("Le projet de votre structure que ce frein empêche d’avancer.")
        self.fields["challenges"].queryset = Challenge.objects.filter(is_active=True)
        _suggest_on_typing(self, suggestions_url)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "initiative": data["initiative"],
            "testimony": data["testimony"],
            "challenges": data["challenges"],
            "regions": data["regions"],
            "departments": data["departments"],
            **self.service_fields(BLOCKER_FIELDS),
        }


class BlockerEditForm(ServiceModelForm):
    class Meta:
        model = Blocker
        fields = list(BLOCKER_FIELDS)
        widgets = {
            "prevents": forms.Textarea(attrs={"rows": 6}),
            "consequence": forms.Textarea(attrs={"rows": 4}),
            "legal_text": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = TEXT_HELP

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = VersionField(initial=self.instance.version)

    def service_kwargs(self) -> dict:
        return self.service_fields(BLOCKER_FIELDS)


# Actions on the blocker page: each form is rendered once per allowed action, so each
# gets a prefix that keeps its ids unique on the page.


class _ActionForm(DsfrForm, forms.Form):
    def __init__(self, *args, blocker: Blocker, **kwargs):
        super().__init__(*args, **kwargs)
        self.blocker = blocker
        self.fields["version"] = VersionField(initial=blocker.version)


class TransitionForm(_ActionForm):
    """One move of the workflow; the fields it asks for depend on the target state."""

    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Visible de tous dans la chronologie du frein."),
    )

    def __init__(self, *args, target: str, merge_candidates=None, **kwargs):
        kwargs.setdefault("prefix", f"to-{target}"[:40])
        super().__init__(*args, **kwargs)
        self.target = target
        blocker = self.blocker
        if target not in workflows.targets_from(blocker.state):
            # Nothing to ask for a move the workflow lacks: the service explains the refusal.
            return
        if target in workflows.NEEDS_RESOLUTION:
            self.fields["resolution_kind"] = forms.ChoiceField(
                label=_("Nature de la levée"),
                choices=[("", _("Choisissez une nature")), *ResolutionKind.choices],
                initial=blocker.resolution_kind,
            )
            self.fields["resolution_text"] = forms.CharField(
                label=_("Texte qui porte la levée"),
                required=False,
                max_length=400,
                initial=blocker.resolution_text,
                help_text=_("Par exemple : LFSS pour 2019, circulaire du 12 mars 2021."),
            )
            self.fields["resolution_date"] = forms.DateField(
                label=_("Date de la levée"),
                required=target != BlockerState.RESOLUTION_PROPOSED,
                initial=blocker.resolution_date,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                help_text=_("Au format jj/mm/aaaa."),
            )
            self.fields["resolution_summary"] = forms.CharField(
                label=_("Résumé de la solution"),
                required=False,
                max_length=5000,
                initial=blocker.resolution_summary,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        if target in workflows.NEEDS_JUSTIFICATION:
            self.fields["kept_justification"] = forms.CharField(
                label=_("Justification de l’administration"),
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("Pourquoi la règle est maintenue, selon l’administration compétente."),
            )
        if target in workflows.NEEDS_TARGET_BLOCKER:
            self.fields["merge_into"] = forms.ModelChoiceField(
                label=_("Frein conservé"),
                queryset=merge_candidates,
                empty_label=_("Choisissez le frein qui est conservé"),
                help_text=_("Les projets concernés et les références y sont réunis."),
            )
            self.fields["merge_into"].label_from_instance = lambda b: f"n° {b.pk} — {b.title}"
        for name in self.fields:
            self.use_dsfr(name)  # idempotent for the fields set up by DsfrForm

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        names = (
            "comment",
            "resolution_kind",
            "resolution_text",
            "resolution_date",
            "resolution_summary",
            "kept_justification",
            "merge_into",
        )
        return {name: data[name] for name in names if name in data and data[name] is not None}


class TakeOnForm(_ActionForm):
    pass


class AssignForm(_ActionForm):
    assignee = forms.ModelChoiceField(
        label=_("Agent public"),
        queryset=User.objects.none(),
        empty_label=_("Choisissez un agent public"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "assign")
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(
            is_active=True, role=Role.CIVIL_SERVANT
        ).order_by("last_name", "first_name", "id")
        self.fields["assignee"].label_from_instance = lambda u: f"{u.get_full_name()} ({u.email})"
        self.use_dsfr("assignee")


class RouteForm(_ActionForm):
    administrations = forms.ModelMultipleChoiceField(
        label=_("Administrations compétentes"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Maintenez la touche Ctrl (ou Cmd) pour en choisir plusieurs."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "route")
        super().__init__(*args, **kwargs)
        field = self.fields["administrations"]
        field.queryset = directory_selectors.organisation_list(
            filters={"family": OrganisationFamily.ADMINISTRATION}
        )
        field.initial = [a.pk for a in self.blocker.administrations.all()]
        self.use_dsfr("administrations")


class JoinForm(DsfrForm, forms.Form):
    initiative = forms.ModelChoiceField(label=_("Votre projet"), queryset=None)
    testimony = forms.CharField(
        label=_("Votre témoignage"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=TESTIMONY_HELP,
    )

    def __init__(self, *args, initiatives, **kwargs):
        kwargs.setdefault("prefix", "join")
        super().__init__(*args, **kwargs)
        field = self.fields["initiative"]
        field.queryset = initiatives
        field.empty_label = _("Choisissez votre projet")
        self.use_dsfr("initiative")
