"""Back office for coordinators. The workflow (state, assignee, resolution) moves only through
the blocker page, so that every move is checked and written in the timeline; here the texts
are edited through the service and the rest is read-only."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from passeurs.blockers import services
from passeurs.blockers.models import Blocker, BlockerEvent, CodeRoute, LegalReference, Support
from passeurs.core.admin import BaseAdmin, ReadOnlyInline
from passeurs.directory.admin import VersionedAdminForm


class BlockerAdminForm(VersionedAdminForm):
    class Meta:
        model = Blocker
        fields = [*services.BLOCKER_FIELDS, "challenges", "regions", "departments"]


class BlockerEventInline(ReadOnlyInline):
    model = BlockerEvent
    fields = ("created_at", "kind", "from_state", "to_state", "actor", "comment")
    readonly_fields = fields
    ordering = ("created_at", "id")


class SupportInline(ReadOnlyInline):
    model = Support
    fields = ("initiative", "supporter", "testimony", "created_at")
    readonly_fields = fields


@admin.register(Blocker)
class BlockerAdmin(BaseAdmin):
    form = BlockerAdminForm
    list_display = ("title", "state", "supports_count", "resolution_kind", "created_at")
    list_filter = ("state", "resolution_kind")
    search_fields = ("title",)
    date_hierarchy = "created_at"
    filter_horizontal = ("challenges", "regions", "departments")
    readonly_fields = (
        "state",
        "initiative",
        "author",
        "administrations_list",
        "assignee",
        "resolution_kind",
        "resolution_date",
        "resolution_text",
        "resolution_reference",
        "resolution_summary",
        "kept_justification",
        "merged_into",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("title", "state", "initiative", "author")}),
        (_("Description"), {"fields": services.BLOCKER_FIELDS[1:]}),
        (_("Défis et territoires"), {"fields": ("challenges", "regions", "departments")}),
        (
            _("Suivi (par le workflow, sur la page du frein)"),
            {
                "fields": (
                    "administrations_list",
                    "assignee",
                    "resolution_kind",
                    "resolution_date",
                    "resolution_text",
                    "resolution_reference",
                    "resolution_summary",
                    "kept_justification",
                    "merged_into",
                )
            },
        ),
        (None, {"fields": ("read_version", "created_at", "updated_at")}),
    )
    inlines = (SupportInline, BlockerEventInline)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(supports_count=Count("supports"))

    @admin.display(description=_("projets concernés"), ordering="supports_count")
    def supports_count(self, obj):
        return obj.supports_count

    @admin.display(description=_("administrations compétentes"))
    def administrations_list(self, obj):
        return ", ".join(str(a) for a in obj.administrations.all()) or "—"

    def has_add_permission(self, request):
        # A blocker is declared for an initiative, on the page, by its structure.
        return False

    def save_model(self, request, obj, form, change):
        # Through the service: the similarity terms and the legal references follow the text.
        fields = {name: form.cleaned_data[name] for name in services.BLOCKER_FIELDS}
        services.blocker_update(
            actor=request.user, blocker=obj, version=form.stored_version(), **fields
        )


@admin.register(LegalReference)
class LegalReferenceAdmin(BaseAdmin):
    list_display = ("label", "kind", "code_slug", "flags")
    list_filter = ("kind",)
    search_fields = ("label", "key")
    readonly_fields = ("key",)


@admin.register(CodeRoute)
class CodeRouteAdmin(BaseAdmin):
    list_display = ("code_name", "ministry_name", "administration")
    search_fields = ("code_name", "code_slug", "ministry_name")
    autocomplete_fields = ("administration",)
    list_select_related = ("administration",)
