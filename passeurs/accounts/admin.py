from django import forms
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from passeurs.accounts import services
from passeurs.accounts.models import PersonalAccessToken, User
from passeurs.core.admin import BaseAdmin, OddInputMixin


class _EmailFormMixin:
    def clean_email(self):
        email = services.normalise_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Un compte existe déjà avec cette adresse."))
        return email


class UserCreationForm(_EmailFormMixin, auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "first_name", "last_name", "role")


class UserChangeForm(_EmailFormMixin, auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(OddInputMixin, auth_admin.UserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name", "title")}),
        (_("Rôle et accès"), {"fields": ("role", "is_active", "is_superuser")}),
        (
            _("Profil"),
            {
                "fields": (
                    "bio",
                    "expertise",
                    "regions",
                    "departments",
                    "mentoring_capacity",
                    "profile_is_public",
                )
            },
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "first_name",
                    "last_name",
                    "role",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = ("email", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "profile_is_public")
    search_fields = ("email", "first_name", "last_name", "title")
    ordering = ("last_name", "first_name", "email")
    filter_horizontal = ("regions", "departments")
    readonly_fields = ("last_login", "date_joined")

    def save_model(self, request, obj, form, change):
        if change and "role" in form.changed_data:
            # The role goes through the one function that checks who may set it.
            new_role, obj.role = obj.role, form.initial["role"]
            super().save_model(request, obj, form, change)
            services.user_set_role(actor=request.user, user=obj, role=new_role)
        else:
            super().save_model(request, obj, form, change)


@admin.register(PersonalAccessToken)
class PersonalAccessTokenAdmin(BaseAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "prefix", "user__email")
    list_select_related = ("user",)
    # The digest is never shown: it is useless to a reader and only helps an attacker.
    fields = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Révoquer les jetons sélectionnés"), permissions=["view"])
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            services.token_revoke(user=request.user, token=token)
        self.message_user(request, _("Les jetons sélectionnés sont révoqués."))
