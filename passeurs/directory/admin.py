"""Back office for coordinators. Every save goes through the services, as the pages do."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from passeurs.core.admin import BaseAdmin
from passeurs.directory import services
from passeurs.directory.models import Initiative, Membership, Organisation

_VERSION_HELP = _("Version lue à l’ouverture de la fiche ; une version périmée est refusée.")


def _copy_saved(target, saved) -> None:
    """The admin keeps using its own instance: give it the row the service wrote."""
    for field in type(saved)._meta.concrete_fields:
        setattr(target, field.attname, getattr(saved, field.attname))
    target._state.adding = False
    target._state.db = saved._state.db


class VersionedAdminForm(forms.ModelForm):
    """Carries the version read with the form, so a stale save is refused, not applied."""

    # Not named "version": the admin refuses form fields named after non-editable columns.
    read_version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, help_text=_VERSION_HELP
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["read_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        version = cleaned_data.get("read_version")
        if self.instance.pk and version is not None and version != self.instance.version:
            raise ValidationError(
                _(
                    "Cette fiche a été modifiée par quelqu’un d’autre entre-temps. "
                    "Rechargez la page pour voir la dernière version."
                )
            )
        return cleaned_data

    def stored_version(self) -> int:
        return self.cleaned_data.get("read_version") or self.instance.version


class OrganisationAdminForm(VersionedAdminForm):
    website = forms.URLField(
        label=Organisation._meta.get_field("website").verbose_name,
        required=False,
        max_length=200,
        assume_scheme="https",
    )

    class Meta:
        model = Organisation
        fields = [*services.ORGANISATION_FIELDS, "challenges"]

    def _post_clean(self):
        super()._post_clean()
        if self._errors:
            return
        # The service's own checks (identifiers, region of the department, hierarchy), run
        # here so that a refusal shows on the form instead of failing in save_model.
        try:
            services.organisation_validate(self.instance)
        except ValidationError as error:
            self._update_errors(error)


@admin.register(Organisation)
class OrganisationAdmin(BaseAdmin):
    form = OrganisationAdminForm
    list_display = ("name", "acronym", "kind", "family", "region", "department", "is_active")
    list_filter = ("family", "kind", "region", "is_active")
    search_fields = ("name", "acronym", "siren", "siret", "rna")
    autocomplete_fields = ("parent",)
    filter_horizontal = ("challenges",)
    readonly_fields = (
        "family",
        "source",
        "source_updated_at",
        "legal_category",
        "activity_code",
        "workforce_band",
        "is_mission_company",
        "diffusion_restricted",
        "created_at",
        "updated_at",
    )
    list_select_related = ("region", "department")
    fieldsets = (
        (None, {"fields": ("name", "acronym", "kind", "family", "parent", "is_active")}),
        (_("Présentation"), {"fields": ("description", "website", "challenges")}),
        (_("Identifiants"), {"fields": ("siren", "siret", "rna")}),
        (
            _("Registres (RNA, SIRENE)"),
            {
                "fields": (
                    "purpose",
                    "founded_on",
                    "dissolved_on",
                    "source",
                    "source_updated_at",
                    "legal_category",
                    "activity_code",
                    "workforce_band",
                    "is_mission_company",
                    "diffusion_restricted",
                )
            },
        ),
        (
            _("Adresse et territoire"),
            {"fields": ("address", "postal_code", "city", "department", "region")},
        ),
        (None, {"fields": ("read_version", "created_at", "updated_at")}),
    )

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in services.ORGANISATION_FIELDS}
        challenges = form.cleaned_data["challenges"]
        if change:
            services.organisation_update(
                actor=request.user,
                organisation=obj,
                version=form.stored_version(),
                challenges=challenges,
                **fields,
            )
        else:
            saved = services.organisation_create(
                actor=request.user, challenges=challenges, **fields
            )
            _copy_saved(obj, saved)

    def save_related(self, request, form, formsets, change):
        # The service set the many-to-many fields in save_model.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class InitiativeAdminForm(VersionedAdminForm):
    class Meta:
        model = Initiative
        fields = [
            "organisation",
            *services.INITIATIVE_FIELDS,
            "challenges",
            "regions",
            "departments",
        ]


@admin.register(Initiative)
class InitiativeAdmin(BaseAdmin):
    form = InitiativeAdminForm
    list_display = ("title", "organisation", "stage", "is_public", "created_at")
    list_filter = ("stage", "is_public", "regions", "challenges")
    search_fields = ("title", "organisation__name")
    autocomplete_fields = ("organisation",)
    filter_horizontal = ("challenges", "regions", "departments")
    readonly_fields = ("created_by", "created_at", "updated_at")
    list_select_related = ("organisation",)
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        # The carrying organisation is chosen once; the service does not move projects.
        if obj is not None:
            return (*self.readonly_fields, "organisation")
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fields = {name: data[name] for name in services.INITIATIVE_FIELDS}
        related = {name: data[name] for name in ("challenges", "regions", "departments")}
        if change:
            services.initiative_update(
                actor=request.user,
                initiative=obj,
                version=form.stored_version(),
                **related,
                **fields,
            )
        else:
            saved = services.initiative_create(
                actor=request.user, organisation=data["organisation"], **related, **fields
            )
            _copy_saved(obj, saved)

    def save_related(self, request, form, formsets, change):
        # The service set the many-to-many fields (and the regions of the departments).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Membership)
class MembershipAdmin(BaseAdmin):
    list_display = ("user", "organisation", "role", "position", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "user__last_name", "organisation__name")
    autocomplete_fields = ("organisation",)
    raw_id_fields = ("user",)
    list_select_related = ("user", "organisation")

    def get_readonly_fields(self, request, obj=None):
        # A membership links one person to one organisation; to move it, delete and add.
        return ("user", "organisation") if obj is not None else ()

    def save_model(self, request, obj, form, change):
        saved = services.membership_add(
            actor=request.user,
            organisation=obj.organisation,
            user=obj.user,
            role=obj.role,
            position=obj.position,
        )
        _copy_saved(obj, saved)
