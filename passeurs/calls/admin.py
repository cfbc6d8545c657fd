"""Back office for coordinators. Calls, their questions and criteria are edited here as on the
pages; applications, reviews, accompaniments and the log move only through the services
(pages), so that every move is checked and audited: here they are read-only."""

from django.contrib import admin

from passeurs.calls.models import (
    Accompaniment,
    Answer,
    Application,
    Call,
    CallLog,
    Criterion,
    JuryMember,
    Milestone,
    Question,
    Review,
    Score,
)
from passeurs.core.admin import BaseAdmin, ReadOnlyAdmin, ReadOnlyInline


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = (
        "position",
        "label",
        "help_text",
        "kind",
        "required",
        "choices",
        "max_length",
        "minimum",
        "maximum",
        "file_types",
        "max_file_size",
    )


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ("position", "name", "description", "weight", "max_score")


@admin.register(Call)
class CallAdmin(BaseAdmin):
    list_display = ("title", "kind", "state", "opens_at", "closes_at", "laureate_count", "budget")
    list_filter = ("state", "kind")
    search_fields = ("title",)
    readonly_fields = ("state", "version", "created_at", "updated_at")
    filter_horizontal = ("coordinators", "eligible_regions", "eligible_departments", "challenges")
    autocomplete_fields = ("organiser",)
    inlines = [QuestionInline, CriterionInline]


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ("question", "text", "number", "file_name")
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("initiative", "call", "organisation", "state", "submitted_at")
    list_filter = ("state", "call")
    search_fields = ("initiative__title", "organisation__name")
    inlines = [AnswerInline]


@admin.register(JuryMember)
class JuryMemberAdmin(ReadOnlyAdmin):
    list_display = ("user", "call", "capacity")
    list_filter = ("call",)


class ScoreInline(ReadOnlyInline):
    model = Score
    fields = ("criterion", "value", "comment")
    readonly_fields = fields


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("application", "reviewer", "submitted_at")
    list_filter = ("application__call",)
    inlines = [ScoreInline]


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ("kind", "month", "title", "due_on", "done_at", "notes")
    readonly_fields = fields


@admin.register(Accompaniment)
class AccompanimentAdmin(ReadOnlyAdmin):
    list_display = ("application", "starts_on", "ends_on", "final_report_at")
    inlines = [MilestoneInline]


@admin.register(CallLog)
class CallLogAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "call", "kind", "from_state", "to_state", "actor")
    list_filter = ("kind", "call")

    def has_delete_permission(self, request, obj=None):
        return False
