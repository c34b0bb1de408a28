"""Admin for recruitment: cycles and their openings, sources, candidates, applications with their moves,
interviews with scorecards, and reference checks with their contact attempts.

An application's stage is never edited by hand: it moves with the actions below, which call
``services.pipeline.move_many`` so every move passes the gates and leaves a StageChange (who, when, why);
a new application is opened through ``services.pipeline.apply``. Rejecting, withdrawing (they need a
reason) and hiring (it changes the staff record) happen on the pipeline pages. Candidates, applications,
interviews, scorecards and reference checks keep an audit history (django-simple-history): the "History"
button of each shows who changed what, and when. Changelists read what they show in a fixed number of
queries.
"""

from django.contrib import admin, messages
from django.utils import timezone

from leaderdev.audit_admin import AuditedAdmin

from .models import (
    PIPELINE,
    Application,
    Candidate,
    ContactAttempt,
    HiringCycle,
    Interview,
    Opening,
    ReferenceCheck,
    Scorecard,
    ScorecardRating,
    Source,
    Stage,
    StageChange,
)
from .services import pipeline

CANDIDATE_SEARCH = ["candidate__first_name", "candidate__last_name", "candidate__email"]


# --- Cycles, openings, sources ------------------------------------------------------------------------


class OpeningInline(admin.TabularInline):
    model = Opening
    fields = ["school", "role", "status", "notes"]
    autocomplete_fields = ["school"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("school")


@admin.register(HiringCycle)
class HiringCycleAdmin(admin.ModelAdmin):
    list_display = ["name", "school_year", "opens_on", "closes_on", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "school_year__name"]
    list_select_related = ["school_year"]
    inlines = [OpeningInline]


@admin.register(Opening)
class OpeningAdmin(admin.ModelAdmin):
    list_display = ["school", "role", "status", "cycle"]
    list_filter = ["status", "role", "cycle", "school__level"]
    search_fields = ["school__name", "school__code", "notes"]
    list_select_related = ["school", "cycle"]
    autocomplete_fields = ["school"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "fellow", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "fellow__first_name", "fellow__last_name"]
    list_select_related = ["fellow"]
    autocomplete_fields = ["fellow"]


# --- Candidates and applications ----------------------------------------------------------------------


class ApplicationInline(admin.TabularInline):
    """A candidate's applications, as they stand; they move on their own page or with the actions."""

    model = Application
    fields = ["cycle", "role", "source", "stage", "stage_entered_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cycle", "source")


@admin.register(Candidate)
class CandidateAdmin(AuditedAdmin):
    list_display = ["full_name", "email", "current_role", "is_internal", "created_at"]
    list_filter = [("person", admin.EmptyFieldListFilter)]
    search_fields = ["first_name", "last_name", "email", "person__employee_id"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]
    readonly_fields = ["created_by"]
    inlines = [ApplicationInline]

    @admin.display(description="name", ordering="last_name")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(description="internal", boolean=True, ordering="person")
    def is_internal(self, obj):
        return obj.is_internal

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class StageChangeInline(admin.TabularInline):
    """The application's moves, newest first: written by the pipeline services, never edited."""

    model = StageChange
    fields = ["changed_at", "from_stage", "to_stage", "changed_by", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


def _move_action(to_stage: str):
    """An admin action moving the selected applications to `to_stage` through the pipeline's rules."""
    label = dict(Stage.choices)[to_stage]

    @admin.action(description=f"Move selected applications to {label.lower()}", permissions=["change"])
    def action(modeladmin, request, queryset):
        report = pipeline.move_many(list(queryset), to_stage, user=request.user)
        if report.moved:
            modeladmin.message_user(
                request, f"Moved {len(report.moved)} to {label.lower()}.", messages.SUCCESS
            )
        for _application, why in report.refused[:20]:
            modeladmin.message_user(request, why, messages.WARNING)
        if len(report.refused) > 20:
            modeladmin.message_user(
                request, f"… and {len(report.refused) - 20} more could not move.", messages.WARNING
            )

    action.__name__ = f"move_to_{to_stage}"
    return action


@admin.register(Application)
class ApplicationAdmin(AuditedAdmin):
    list_display = ["candidate", "role", "stage", "source", "cycle", "days_in_stage"]
    list_filter = ["cycle", "stage", "role", "source__kind", "source", "school_level"]
    search_fields = [*CANDIDATE_SEARCH, "source__name"]
    list_select_related = ["candidate", "source", "cycle"]
    autocomplete_fields = ["candidate", "source", "opening"]
    inlines = [StageChangeInline]
    # Forward moves only: hired goes through Hire (it changes the staff record), and rejected or
    # withdrawn need a reason, asked for on the pipeline pages.
    actions = [_move_action(stage) for stage in PIPELINE[1:-1]]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:  # a new application starts at applied, through pipeline.apply
            return []
        return ["stage", "stage_entered_at", "closed_reason"]

    def get_exclude(self, request, obj=None):
        if obj is None:
            return ["stage", "stage_entered_at", "closed_reason"]
        return []

    @admin.display(description="days in stage", ordering="stage_entered_at")
    def days_in_stage(self, obj):
        return (timezone.now() - obj.stage_entered_at).days

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # Opened through the service, so the first move (applied) is recorded like every other.
        created = pipeline.apply(
            obj.candidate,
            obj.cycle,
            role=obj.role,
            source=obj.source,
            school_level=obj.school_level,
            opening=obj.opening,
            user=request.user,
        )
        obj.pk = created.pk
        obj.refresh_from_db()


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    """Every move of every application: read-only, as the audit trail of the pipeline."""

    list_display = ["application", "from_stage", "to_stage", "changed_by", "changed_at"]
    list_filter = ["to_stage", "application__cycle"]
    search_fields = [f"application__{path}" for path in CANDIDATE_SEARCH]
    list_select_related = ["application__candidate", "application__cycle", "changed_by"]
    date_hierarchy = "changed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Interviews and scorecards ------------------------------------------------------------------------


class ScorecardInline(admin.TabularInline):
    """The panel's scorecards as they were submitted: panelists fill them on their own page."""

    model = Scorecard
    fields = ["panelist", "recommendation", "submitted_at", "notes"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("panelist")


@admin.register(Interview)
class InterviewAdmin(AuditedAdmin):
    list_display = ["application", "kind", "scheduled_at", "location"]
    list_filter = ["kind", "application__cycle"]
    search_fields = [f"application__{path}" for path in CANDIDATE_SEARCH]
    list_select_related = ["application__candidate", "application__cycle"]
    autocomplete_fields = ["application", "panelists"]
    date_hierarchy = "scheduled_at"
    inlines = [ScorecardInline]


class ScorecardRatingInline(admin.TabularInline):
    model = ScorecardRating
    fields = ["competency", "score", "evidence"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("competency__domain")


@admin.register(Scorecard)
class ScorecardAdmin(AuditedAdmin):
    list_display = ["interview", "panelist", "recommendation", "submitted_at"]
    list_filter = ["recommendation", ("submitted_at", admin.EmptyFieldListFilter)]
    search_fields = [f"interview__application__{path}" for path in CANDIDATE_SEARCH] + [
        "panelist__email",
        "panelist__full_name",
    ]
    list_select_related = ["interview__application__candidate", "panelist"]
    autocomplete_fields = ["panelist"]
    raw_id_fields = ["interview"]
    inlines = [ScorecardRatingInline]


# --- Reference checks ---------------------------------------------------------------------------------


class ContactAttemptInline(admin.TabularInline):
    model = ContactAttempt
    fields = ["at", "method", "outcome", "by"]
    readonly_fields = ["by"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


@admin.register(ReferenceCheck)
class ReferenceCheckAdmin(AuditedAdmin):
    list_display = ["referee_name", "application", "status", "completed_at"]
    list_filter = ["status", "application__cycle"]
    search_fields = ["referee_name", "email", *(f"application__{path}" for path in CANDIDATE_SEARCH)]
    list_select_related = ["application__candidate", "application__cycle"]
    autocomplete_fields = ["application"]
    readonly_fields = ["checked_by"]
    inlines = [ContactAttemptInline]

    def save_formset(self, request, form, formset, change):
        # A contact attempt added here was made by whoever records it.
        for attempt in formset.save(commit=False):
            if isinstance(attempt, ContactAttempt) and attempt.by_id is None:
                attempt.by = request.user
            attempt.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()
