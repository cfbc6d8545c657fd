"""The one DSFR form layer of every app: markup, error summary, forms backed by services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBoundField
from dsfr.utils import dsfr_input_class_attr


class DsfrForm:
    """DSFR markup for `{{ form }}`: an error summary on top, errors next to each field.

    Mix it in before forms.Form, forms.ModelForm or one of Django's auth forms. It is not
    django-dsfr's DsfrBaseForm, which warns on every render about a transitional setting.
    Text inputs and selects use django-dsfr's snippet; checkboxes and radios use ours, in
    core/templates/forms/, because django-dsfr's put an invalid `dsfr` attribute on every
    box and label a box group with an id that does not exist, so its error is not read.
    """

    template_name = "forms/form.html"
    bound_field_class = DsfrBoundField
    error_summary_title = _("Le formulaire n’a pas pu être envoyé")
    # First match wins: CheckboxSelectMultiple is a RadioSelect.
    field_templates = (
        (forms.CheckboxSelectMultiple, "forms/checkboxes.html"),
        (forms.RadioSelect, "forms/radios.html"),
        (forms.CheckboxInput, "forms/checkbox.html"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.use_dsfr(name)

    def use_dsfr(self, name: str) -> None:
        """Give a field its DSFR markup; call it for a field added after __init__."""
        field = self.fields[name]
        for widget_class, template_name in self.field_templates:
            if isinstance(field.widget, widget_class):
                field.template_name = template_name
                if isinstance(field.widget, forms.CheckboxSelectMultiple):
                    # Our lists have short labels: several boxes per line, unless set.
                    field.widget.inline = getattr(field.widget, "inline", True)
                return
        # Not self[name]: a cached bound field would keep the label and help text as they
        # are now, and forms set some of them after __init__.
        dsfr_input_class_attr(self.bound_field_class(self, field, name))

    def get_context(self):
        context = super().get_context()
        context["error_summary_title"] = self.error_summary_title
        return context


class ServiceModelForm(DsfrForm, forms.ModelForm):
    """A ModelForm for its fields, labels and widgets only.

    The services clean and validate the model (identifiers, derived values, hierarchy), so
    the form neither builds nor validates the instance; the view adds the services' errors.
    """

    error_summary_title = _("Le formulaire n’a pas été enregistré.")

    def _post_clean(self):
        pass

    def service_fields(self, names) -> dict:
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}


class VersionField(forms.IntegerField):
    """The version the editor read, sent back to refuse a stale write (HTTP 409)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=1, **kwargs)
