"""Input parsing for the accounts pages; the rules themselves live in services."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from passeurs.accounts import throttle
from passeurs.accounts.models import User
from passeurs.accounts.permissions import SELF_SERVICE_ROLES
from passeurs.core.forms import DsfrForm
from passeurs.core.models import Department, Region


class SignupForm(DsfrForm, forms.Form):
    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        help_text=_("Format attendu : nom@domaine.fr"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    role = forms.ChoiceField(
        label=_("Vous êtes"),
        choices=[(role.value, role.label) for role in SELF_SERVICE_ROLES],
        widget=forms.RadioSelect,
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirmation = forms.CharField(
        label=_("Confirmation du mot de passe"),
        strip=False,
        help_text=_("Saisissez le même mot de passe une seconde fois."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here so that the validators' texts follow the active language.
        self.fields["password"].help_text = password_validators_help_text_html()

    def clean(self):
        cleaned_data = super().clean()
        password = cleaned_data.get("password")
        confirmation = cleaned_data.get("password_confirmation")
        if password and confirmation and password != confirmation:
            self.add_error(
                "password_confirmation",
                ValidationError(
                    _("Les deux mots de passe ne correspondent pas."), code="password_mismatch"
                ),
            )
        return cleaned_data


class LoginForm(DsfrForm, auth_forms.AuthenticationForm):
    """Sign-in by e-mail, refused without checking the password while throttled."""

    username = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Adresse électronique ou mot de passe incorrect. Vérifiez votre saisie, "
            "ou réinitialisez votre mot de passe."
        ),
        "inactive": _("Ce compte est désactivé."),
    }

    throttled = False
    retry_after = 0

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()

    def clean(self):
        email = self.cleaned_data.get("username") or ""
        ip = throttle.client_ip(self.request) if self.request else ""
        wait = throttle.retry_after(email=email, ip=ip)
        if wait:
            self.throttled, self.retry_after = True, wait
            minutes = -(-wait // 60)
            raise ValidationError(
                ngettext(
                    "Trop de tentatives de connexion ont échoué. Par sécurité, la connexion "
                    "est suspendue pendant %(minutes)d minute. Vous pouvez aussi "
                    "réinitialiser votre mot de passe.",
                    "Trop de tentatives de connexion ont échoué. Par sécurité, la connexion "
                    "est suspendue pendant %(minutes)d minutes. Vous pouvez aussi "
                    "réinitialiser votre mot de passe.",
                    minutes,
                ),
                code="throttled",
                params={"minutes": minutes},
            )
        try:
            cleaned_data = super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                throttle.record_failure(email=email, ip=ip)
            raise
        if self.user_cache is not None:
            throttle.clear(email=email)
        return cleaned_data

    def get_invalid_login_error(self):
        return ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class PasswordResetForm(DsfrForm, auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        help_text=_("L’adresse avec laquelle vous vous êtes inscrit·e."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class SetPasswordForm(DsfrForm, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(DsfrForm, auth_forms.PasswordChangeForm):
    pass


class ProfileForm(DsfrForm, forms.ModelForm):
    """The person's own profile; the view hands cleaned data to user_update_profile."""

    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "title",
            "bio",
            "expertise",
            "regions",
            "departments",
            "mentoring_capacity",
            "profile_is_public",
        ]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "bio": forms.Textarea(attrs={"rows": 5}),
            "expertise": forms.Textarea(attrs={"rows": 3}),
            "regions": forms.CheckboxSelectMultiple,
            "departments": forms.CheckboxSelectMultiple,
        }
        labels = {"first_name": _("Prénom"), "last_name": _("Nom")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = Region.objects.order_by("name")
        self.fields["departments"].queryset = Department.objects.order_by("code")
        if not self.instance.is_coordinator:
            # Coordinators are appointed; anyone else may move between the other roles.
            self.fields["role"] = forms.ChoiceField(
                label=_("Rôle"),
                choices=[(role.value, role.label) for role in SELF_SERVICE_ROLES],
                initial=self.instance.role,
                widget=forms.RadioSelect,
            )
            self.use_dsfr("role")


class TokenCreateForm(DsfrForm, forms.Form):
    prefix = "token"

    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=100,
        help_text=_("Pour vous rappeler à quoi il sert, par exemple « script d’import »."),
    )
