"""Back office for the shared kernel: territories are reference data, challenges are managed."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from passeurs.core.models import Challenge, Department, Region


class _KnownValuesOnly:
    """An autocomplete that shows back only the values its field can hold: Django's looks the
    posted values up as they are, and "abc" for an id was a server error on the form's page."""

    def optgroups(self, name, value, attr=None):
        related = self.field.remote_field
        opts = related.model._meta
        target = opts.get_field(getattr(related, "field_name", opts.pk.attname))
        known = []
        for item in value:
            try:
                target.to_python(item)
            except ValidationError:
                continue
            known.append(item)
        return super().optgroups(name, known, attr)


class KnownValuesSelect(_KnownValuesOnly, AutocompleteSelect):
    pass


class KnownValuesSelectMultiple(_KnownValuesOnly, AutocompleteSelectMultiple):
    pass


class DateBoundChangeList(ChangeList):
    """Django answers a date link with an impossible day with its "incorrect parameters"
    page, but a year too large for a date raised OverflowError: a server error."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


class OddInputMixin:
    """Every admin of the project: odd values in its autocomplete fields and date links get
    the admin's own messages instead of a server error (see the classes above)."""

    def _autocomplete(self, widget, db_field, request, kwargs: dict) -> dict:
        """Django's own choice (`autocomplete_fields`), with the widget that checks values."""
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = widget(db_field, self.admin_site, using=kwargs.get("using"))
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = self._autocomplete(KnownValuesSelect, db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = self._autocomplete(KnownValuesSelectMultiple, db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_changelist(self, request, **kwargs):
        return DateBoundChangeList


class BaseAdmin(OddInputMixin, admin.ModelAdmin):
    pass


class ReadOnlyAdmin(BaseAdmin):
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
class ChallengeAdmin(BaseAdmin):
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
