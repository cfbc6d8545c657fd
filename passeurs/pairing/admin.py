"""Back office for coordinators. Candidacies, pairs and runs move only through the services
(pages and API), so that every move is checked and audited; here they are read-only."""

from django.contrib import admin

from passeurs.core.admin import BaseAdmin, ReadOnlyAdmin, ReadOnlyInline
from passeurs.pairing.models import (
    Candidacy,
    Edition,
    FacilitationAction,
    MatchingRun,
    Meeting,
    OrganisationLink,
    Pair,
    PairEvent,
    PairRule,
    Programme,
)


@admin.register(Programme)
class ProgrammeAdmin(BaseAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("operators", "coordinators")


@admin.register(Edition)
class EditionAdmin(ReadOnlyAdmin):
    list_display = ("name", "programme", "state", "starts", "ends", "capacity")
    list_filter = ("state", "programme")


@admin.register(OrganisationLink)
class OrganisationLinkAdmin(BaseAdmin):
    list_display = ("administration", "organisation", "kind")
    list_filter = ("kind",)
    autocomplete_fields = ("administration", "organisation")


@admin.register(Candidacy)
class CandidacyAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "edition", "side", "state", "created_at")
    list_filter = ("side", "state", "edition")


class MeetingInline(ReadOnlyInline):
    model = Meeting
    fields = ("date", "notes", "author")
    readonly_fields = fields


class ActionInline(ReadOnlyInline):
    model = FacilitationAction
    fields = ("date", "kind", "outcome", "blocker", "author")
    readonly_fields = fields


class PairEventInline(ReadOnlyInline):
    model = PairEvent
    fields = ("created_at", "kind", "from_state", "to_state", "actor", "comment")
    readonly_fields = fields


@admin.register(Pair)
class PairAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "edition", "state", "score", "is_fixed")
    list_filter = ("state", "edition")
    inlines = [MeetingInline, ActionInline, PairEventInline]


@admin.register(PairRule)
class PairRuleAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "edition", "kind", "author")


@admin.register(MatchingRun)
class MatchingRunAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "by", "total")
