"""Back office for the shared kernel: territories are reference data, challenges are managed."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from passeurs.core.models import Challenge, Department, Region


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only through the services (workflows, audit trails): browsable here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReferenceAdmin(ReadOnlyAdmin):
    """Official INSEE tables, shipped by the migrations: browsable, never edited by hand."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReferenceAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
    ordering = ("code",)


@admin.register(Department)
class DepartmentAdmin(ReferenceAdmin):
    list_display = ("code", "name", "region")
    list_filter = ("region",)
    search_fields = ("code", "name")
    list_select_related = ("region",)


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    """Coordinators extend and reorder the list; a challenge in use is retired, not deleted.

    Only coordinators reach the admin at all (User.is_staff follows the role).
    """

    list_display = ("name", "slug", "position", "is_active", "initiative_count")
    list_editable = ("position", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(initiative_count=Count("initiatives"))

    @admin.display(description=_("projets"), ordering="initiative_count")
    def initiative_count(self, obj):
        return obj.initiative_count

    def has_delete_permission(self, request, obj=None):
        # Deleting would silently unlink every project and structure: set "actif" off instead.
        if obj is not None and (obj.initiatives.exists() or obj.organisations.exists()):
            return False
        return super().has_delete_permission(request, obj)
