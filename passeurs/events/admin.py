"""Back office for coordinators. Registrations, states and attendance move only through the
services (pages), so that seats, quotas and the waiting list stay right and every move is
audited; here they are read-only. Events themselves may be corrected, with their quotas."""

from django.contrib import admin
from django.db import models

from passeurs.core.admin import BaseAdmin, ReadOnlyAdmin
from passeurs.events.models import (
    CategoryQuota,
    Event,
    EventLog,
    Output,
    Registration,
    SeatingRequest,
    WorkshopTable,
)


class QuotaInline(admin.TabularInline):
    model = CategoryQuota
    extra = 0


class TableInline(admin.TabularInline):
    model = WorkshopTable
    extra = 0
    fields = ("number", "name", "capacity", "topic")


@admin.register(Event)
class EventAdmin(BaseAdmin):
    list_display = ("title", "kind", "state", "starts_at", "city", "capacity")
    list_filter = ("state", "kind", "challenge")
    search_fields = ("title", "question", "city")
    date_hierarchy = "starts_at"
    readonly_fields = ("state", "version")
    filter_horizontal = ("organisers",)
    autocomplete_fields = ("organisations",)
    inlines = [QuotaInline, TableInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ("user", "event", "category", "state", "attendance", "queued_at", "created_at")
    list_filter = ("state", "category", "attendance")
    search_fields = ("user__email", "user__last_name", "event__title")
    list_select_related = ("user", "event")


@admin.register(WorkshopTable)
class WorkshopTableAdmin(BaseAdmin):
    list_display = ("__str__", "event", "number", "capacity", "topic")
    list_select_related = ("event",)
    search_fields = ("name", "topic", "event__title")


@admin.register(SeatingRequest)
class SeatingRequestAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "event", "kind")
    list_filter = ("kind",)


@admin.register(Output)
class OutputAdmin(ReadOnlyAdmin):
    list_display = ("title", "event", "table", "kind", "follow_up", "is_public", "due_on")
    list_filter = ("kind", "follow_up", "is_public")
    search_fields = ("title", "description")


@admin.register(EventLog)
class EventLogAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "event", "kind", "from_state", "to_state", "actor")
    list_filter = ("kind",)
    list_select_related = ("event", "actor")

    def has_delete_permission(self, request, obj=None):
        return False
