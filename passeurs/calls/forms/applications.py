"""The forms of an application: choosing the initiative, answering the questions, the
coordinators' filters. Fields are lenient (a draft is partial); the services check types."""

from django import forms
from django.utils.translation import gettext_lazy as _

from passeurs.calls.forms.calls import VersionForm
from passeurs.calls.models import ApplicationState, QuestionKind
from passeurs.calls.services.applications import (
    allowed_extensions,
    field_name,
    megabytes,
    plain_number,
)
from passeurs.core.forms import DsfrForm, VersionField

REQUIRED_HELP = _("Réponse obligatoire pour déposer la candidature.")


class ApplyForm(DsfrForm, forms.Form):
    initiative = forms.ModelChoiceField(
        label=_("Projet qui candidate"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )

    def __init__(self, *args, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["initiative"]
        field.queryset = initiatives
        field.label_from_instance = lambda initiative: (
            f"{initiative.title} — {initiative.organisation}"
        )
        self.use_dsfr("initiative")


def _help(question, extra: str = "") -> str:
    parts = [question.help_text, extra, str(REQUIRED_HELP) if question.required else ""]
    return " ".join(str(part) for part in parts if part)


class ApplicationForm(DsfrForm, forms.Form):
    """One field per question (`q_<id>`), the requested amount when the call has a budget,
    and the version the applicant read."""

    error_summary_title = _("La candidature n’a pas été enregistrée")

    def __init__(self, *args, application, questions, answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            answer = answers.get(question.pk)
            name = field_name(question)
            self.fields[name] = self._field(question, answer)
            self.use_dsfr(name)
        if application.call.budget:
            budget = f"{application.call.budget:,}".replace(",", "\u202f")
            self.fields["requested_amount"] = forms.IntegerField(
                label=_("Montant demandé (euros)"),
                required=False,
                min_value=0,
                max_value=application.call.budget,
                initial=application.requested_amount,
                help_text=_(
                    "Obligatoire pour déposer ; l’enveloppe de l’appel est de %(budget)s €."
                )
                % {"budget": budget},
                error_messages={
                    "max_value": _(
                        "Le montant demandé ne peut pas dépasser l’enveloppe de l’appel "
                        "(%(budget)s €)."
                    )
                    % {"budget": budget},
                    "min_value": _("Le montant demandé ne peut pas être négatif."),
                },
            )
            self.use_dsfr("requested_amount")
        self.fields["version"] = VersionField(initial=application.version)

    def _field(self, question, answer):
        common = {"label": question.label, "required": False}
        if question.kind == QuestionKind.TEXT:
            return forms.CharField(
                **common,
                initial=answer.text if answer else "",
                help_text=_help(question),
                widget=forms.TextInput(attrs={"maxlength": question.max_length or 1000}),
            )
        if question.kind == QuestionKind.LONG_TEXT:
            limit = question.max_length or 20000
            return forms.CharField(
                **common,
                initial=answer.text if answer else "",
                help_text=_help(question, _("%(limit)d caractères au plus.") % {"limit": limit}),
                widget=forms.Textarea(attrs={"rows": 6, "maxlength": limit}),
            )
        if question.kind == QuestionKind.NUMBER:
            bounds = []
            if question.minimum is not None:
                bounds.append(_("au moins %(min)s") % {"min": plain_number(question.minimum)})
            if question.maximum is not None:
                bounds.append(_("au plus %(max)s") % {"max": plain_number(question.maximum)})
            extra = (_("Un nombre, %(bounds)s.") % {"bounds": ", ".join(bounds)}) if bounds else ""
            initial = ""
            if answer and answer.number is not None:
                initial = plain_number(answer.number)
            return forms.CharField(
                **common,
                initial=initial,
                help_text=_help(question, extra),
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
        if question.kind == QuestionKind.CHOICE:
            return forms.ChoiceField(
                **common,
                choices=[("", _("Choisissez une réponse")), *((c, c) for c in question.choices)],
                initial=answer.text if answer else "",
                help_text=_help(question),
            )
        extensions = allowed_extensions(question)
        extra = _("Formats acceptés : %(types)s ; %(size)s au plus.") % {
            "types": ", ".join(t.upper() for t in extensions),
            "size": megabytes(question.max_file_size),
        }
        if answer and answer.file:
            extra = f"{extra} " + str(
                _("Fichier déposé : %(name)s (un nouveau fichier le remplace).")
                % {"name": answer.file_name}
            )
        widget = forms.FileInput(
            attrs={"accept": ",".join(f".{t}" for t in extensions), "class": "fr-upload"}
        )
        widget.group_class = "fr-upload-group fr-input-group"  # django-dsfr reads it
        return forms.FileField(**common, help_text=_help(question, extra), widget=widget)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        answers, files = {}, {}
        for question in self.questions:
            value = data.get(field_name(question))
            if question.kind == QuestionKind.FILE:
                if value:
                    files[question.pk] = value
            else:
                answers[question.pk] = value or ""
        kwargs = {"answers": answers, "files": files, "version": data["version"]}
        if "requested_amount" in self.fields:
            kwargs["requested_amount"] = data.get("requested_amount")
        return kwargs


class ApplicationFilterForm(DsfrForm, forms.Form):
    template_name = "forms/filters.html"

    state = forms.ChoiceField(
        label=_("État"),
        choices=[
            ("", _("Toutes les candidatures déposées")),
            *(
                (value, label)
                for value, label in ApplicationState.choices
                if value != ApplicationState.DRAFT
            ),
        ],
        required=False,
    )


class WithdrawForm(VersionForm):
    pass
