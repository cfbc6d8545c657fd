"""Accounts pages: thin callers of the services and selectors."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from passeurs.accounts import forms, selectors, services, throttle
from passeurs.core.text import inner_quotes
from passeurs.directory import selectors as directory_selectors


def _add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the matching fields of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@never_cache
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = forms.SignupForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_signup(
                email=data["email"],
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=data["role"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Bienvenue ! Votre compte est créé."))
            return redirect("accounts:profile")
    return render(request, "accounts/signup.html", {"form": form})


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = forms.LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Vous êtes déconnecté·e. À bientôt !"))
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # Whoever reads the mailbox owns the account: lift a sign-in suspension.
        throttle.clear(email=form.user.email)
        return super().form_valid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, _("Votre mot de passe a été changé."))
        return super().form_valid(form)


def _render_profile(request, *, profile_form=None, token_form=None, **extra):
    context = {
        "profile_form": profile_form or forms.ProfileForm(instance=request.user),
        "token_form": token_form or forms.TokenCreateForm(),
        "tokens": selectors.token_list(user=request.user),
        "memberships": directory_selectors.memberships_of(request.user),
        **extra,
    }
    return render(request, "accounts/profile.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    if request.method != "POST":
        return _render_profile(request)
    form = forms.ProfileForm(request.POST, instance=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.user_update_profile(
                    user=request.user, **{name: data[name] for name in form.Meta.fields}
                )
                if "role" in data:
                    services.user_set_role(actor=request.user, user=request.user, role=data["role"])
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Votre profil est enregistré."))
            return redirect("accounts:profile")
    request.user.refresh_from_db()
    return _render_profile(request, profile_form=form)


@never_cache
@login_required
@require_POST
def token_create(request):
    form = forms.TokenCreateForm(request.POST)
    if not form.is_valid():
        return _render_profile(request, token_form=form)
    token, raw_token = services.token_create(user=request.user, name=form.cleaned_data["name"])
    # Rendered, not redirected: the secret is shown in this response only, never stored.
    return _render_profile(request, created_token=token, raw_token=raw_token)


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = selectors.token_get(user=request.user, pk=pk)
    if token is None:
        raise Http404
    services.token_revoke(user=request.user, token=token)
    messages.success(
        request, _("Le jeton « %(name)s » est révoqué.") % {"name": inner_quotes(token.name)}
    )
    return redirect(reverse("accounts:profile") + "#tokens")
