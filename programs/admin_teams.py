"""Admin for school teams: teams and their membership history, initiatives with their action steps and
monitoring notes, Call-to-Action plans down to their check-ins, coaching sessions and spotlights.

The pages people use every day are the team, plan and coaching pages; the admin is staff's tool to look
things up and mend them. It keeps the rules the database cannot say on its own (a done step has a
completion date, individual coaching has one participant) with a clear message on the form, and every
changelist reads what it shows in a fixed number of queries.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q

from leaderdev.admin_helpers import person_search

from .models import (
    ActionStep,
    CallToActionPlan,
    CheckIn,
    CoachingKind,
    CoachingSession,
    GoalAction,
    GoalTarget,
    Initiative,
    MonitoringNote,
    SchoolTeam,
    Spotlight,
    StepStatus,
    StrategicGoal,
    TeamMembership,
)


class CompletedOnForm(forms.ModelForm):
    """A step or action is done exactly when it has a completion date (the database refuses otherwise)."""

    def clean(self):
        cleaned = super().clean()
        status, completed_on = cleaned.get("status"), cleaned.get("completed_on")
        if status == StepStatus.DONE and not completed_on:
            self.add_error("completed_on", "A done step needs the date it was completed.")
        elif status and status != StepStatus.DONE and completed_on:
            self.add_error(
                "completed_on", "Only a done step has a completion date: clear it or mark it done."
            )
        return cleaned


# --- Teams and their initiatives ------------------------------------------------------------------------


class MembershipInline(admin.TabularInline):
    model = TeamMembership
    fields = ["person", "tier", "role", "start_date", "end_date", "end_reason"]
    autocomplete_fields = ["person"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


@admin.register(SchoolTeam)
class SchoolTeamAdmin(admin.ModelAdmin):
    list_display = ["school", "kind", "network", "current_members"]
    list_filter = ["kind", "school__network", "school__level"]
    search_fields = ["school__name", "school__code"]
    list_select_related = ["school__network"]
    autocomplete_fields = ["school"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        current = Q(memberships__end_date__isnull=True)
        return super().get_queryset(request).annotate(current_members=Count("memberships", filter=current))

    @admin.display(description="network", ordering="school__network__name")
    def network(self, obj):
        return obj.school.network

    @admin.display(description="current members", ordering="current_members")
    def current_members(self, obj):
        return obj.current_members


@admin.register(TeamMembership)
class TeamMembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "team", "tier", "role", "start_date", "end_date"]
    list_filter = [
        "tier",
        "role",
        "team__kind",
        ("end_date", admin.EmptyFieldListFilter),
        "team__school__network",
    ]
    search_fields = [*person_search("person"), "team__school__name"]
    list_select_related = ["person", "team__school"]
    autocomplete_fields = ["team", "person"]
    date_hierarchy = "start_date"


class StepInline(admin.TabularInline):
    model = ActionStep
    form = CompletedOnForm
    fields = ["order", "tier", "description", "owner", "due_date", "status", "completed_on"]
    autocomplete_fields = ["owner"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner")


class NoteInline(admin.StackedInline):
    model = MonitoringNote
    fields = ["kind", "written_on", "step", "text", "author"]
    readonly_fields = ["author"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author", "step")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A note's step is one of its initiative's steps, not any step of the district.
        if db_field.name == "step":
            initiative_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = ActionStep.objects.filter(initiative_id=initiative_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "school", "team_kind", "school_year", "step_count", "steps_done"]
    list_filter = ["school_year", "team__kind", "team__school__network"]
    search_fields = ["title", "focus", "team__school__name"]
    list_select_related = ["team__school", "school_year"]
    autocomplete_fields = ["team", "competencies"]
    inlines = [StepInline, NoteInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                step_count=Count("steps", distinct=True),
                steps_done=Count("steps", filter=Q(steps__status=StepStatus.DONE), distinct=True),
            )
        )

    @admin.display(description="school", ordering="team__school__name")
    def school(self, obj):
        return obj.team.school

    @admin.display(description="team", ordering="team__kind")
    def team_kind(self, obj):
        return obj.team.get_kind_display()

    @admin.display(description="steps", ordering="step_count")
    def step_count(self, obj):
        return obj.step_count

    @admin.display(description="done", ordering="steps_done")
    def steps_done(self, obj):
        return obj.steps_done


@admin.register(ActionStep)
class ActionStepAdmin(admin.ModelAdmin):
    form = CompletedOnForm
    list_display = ["description", "school", "tier", "owner", "due_date", "status", "completed_on"]
    list_filter = ["status", "tier", "initiative__school_year", "initiative__team__school__network"]
    search_fields = [
        "description",
        "initiative__title",
        "initiative__team__school__name",
        *person_search("owner"),
    ]
    list_select_related = ["initiative__team__school", "owner"]
    autocomplete_fields = ["initiative", "owner", "competencies"]
    date_hierarchy = "due_date"

    @admin.display(description="school", ordering="initiative__team__school__name")
    def school(self, obj):
        return obj.initiative.team.school


@admin.register(MonitoringNote)
class MonitoringNoteAdmin(admin.ModelAdmin):
    list_display = ["written_on", "kind", "initiative", "step", "author"]
    list_filter = ["kind", "initiative__school_year"]
    search_fields = ["text", "initiative__title", "initiative__team__school__name"]
    list_select_related = ["initiative__team__school", "step", "author"]
    autocomplete_fields = ["initiative", "step"]
    readonly_fields = ["author"]
    date_hierarchy = "written_on"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


# --- Call-to-Action plans ---------------------------------------------------------------------------------


class GoalInline(admin.StackedInline):
    model = StrategicGoal
    fields = ["order", "statement", "system"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("system")


@admin.register(CallToActionPlan)
class CallToActionPlanAdmin(admin.ModelAdmin):
    list_display = ["school", "school_year", "status", "adopted_on", "reviewed_on", "goal_count"]
    list_filter = ["status", "school_year", "school__network", "school__level"]
    search_fields = ["school__name", "school__code", "vision"]
    list_select_related = ["school", "school_year"]
    autocomplete_fields = ["school", "drafted_at", "reviewed_at"]
    inlines = [GoalInline]
    date_hierarchy = "adopted_on"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(goal_count=Count("goals"))

    @admin.display(description="goals", ordering="goal_count")
    def goal_count(self, obj):
        return obj.goal_count


class TargetInline(admin.TabularInline):
    model = GoalTarget
    fields = ["measure", "unit", "baseline", "target", "due_date"]
    extra = 0
    show_change_link = True


class GoalActionInline(admin.TabularInline):
    model = GoalAction
    form = CompletedOnForm
    fields = ["description", "owner", "due_date", "status", "completed_on"]
    autocomplete_fields = ["owner"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner")


@admin.register(StrategicGoal)
class StrategicGoalAdmin(admin.ModelAdmin):
    list_display = ["statement", "school", "school_year", "order"]
    list_filter = ["plan__school_year", "plan__school__network"]
    search_fields = ["statement", "plan__school__name"]
    list_select_related = ["plan__school", "plan__school_year"]
    autocomplete_fields = ["plan"]
    inlines = [TargetInline, GoalActionInline]

    @admin.display(description="school", ordering="plan__school__name")
    def school(self, obj):
        return obj.plan.school

    @admin.display(description="year", ordering="plan__school_year__start_date")
    def school_year(self, obj):
        return obj.plan.school_year


class CheckInInline(admin.TabularInline):
    model = CheckIn
    fields = ["checked_on", "value", "note", "session", "recorded_by"]
    readonly_fields = ["recorded_by"]
    autocomplete_fields = ["session"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("session", "recorded_by")


@admin.register(GoalTarget)
class GoalTargetAdmin(admin.ModelAdmin):
    list_display = ["measure", "school", "baseline", "target", "unit", "due_date"]
    list_filter = ["goal__plan__school_year", "goal__plan__school__network"]
    search_fields = ["measure", "goal__statement", "goal__plan__school__name"]
    list_select_related = ["goal__plan__school"]
    autocomplete_fields = ["goal"]
    inlines = [CheckInInline]

    @admin.display(description="school", ordering="goal__plan__school__name")
    def school(self, obj):
        return obj.goal.plan.school

    def save_formset(self, request, form, formset, change):
        for check_in in formset.save(commit=False):
            if check_in.recorded_by_id is None:
                check_in.recorded_by = request.user
            check_in.save()
        for gone in formset.deleted_objects:
            gone.delete()


@admin.register(GoalAction)
class GoalActionAdmin(admin.ModelAdmin):
    form = CompletedOnForm
    list_display = ["description", "school", "owner", "due_date", "status", "completed_on"]
    list_filter = ["status", "goal__plan__school_year", "goal__plan__school__network"]
    search_fields = ["description", "goal__statement", "goal__plan__school__name", *person_search("owner")]
    list_select_related = ["goal__plan__school", "owner"]
    autocomplete_fields = ["goal", "owner"]
    date_hierarchy = "due_date"

    @admin.display(description="school", ordering="goal__plan__school__name")
    def school(self, obj):
        return obj.goal.plan.school


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["target", "school", "checked_on", "value", "recorded_by"]
    list_filter = ["target__goal__plan__school_year", "target__goal__plan__school__network"]
    search_fields = ["target__measure", "note", "target__goal__plan__school__name"]
    list_select_related = ["target__goal__plan__school", "recorded_by"]
    autocomplete_fields = ["target", "session"]
    readonly_fields = ["recorded_by"]
    date_hierarchy = "checked_on"

    @admin.display(description="school", ordering="target__goal__plan__school__name")
    def school(self, obj):
        return obj.target.goal.plan.school

    def save_model(self, request, obj, form, change):
        if obj.recorded_by_id is None:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


# --- Coaching and spotlights ----------------------------------------------------------------------------


class CoachingSessionAdminForm(forms.ModelForm):
    """The rules of programs.services.coaching.log_session that a form can check, with its messages."""

    class Meta:
        model = CoachingSession
        fields = [
            "team",
            "kind",
            "held_on",
            "coach",
            "participants",
            "action_steps",
            "competencies",
            "focus",
            "is_observation",
            "notes",
            "next_steps",
            "duration_minutes",
        ]

    def clean(self):
        cleaned = super().clean()
        kind, team = cleaned.get("kind"), cleaned.get("team")
        participants = cleaned.get("participants")
        if kind == CoachingKind.INDIVIDUAL and participants is not None and len(participants) != 1:
            self.add_error("participants", "Individual coaching is with exactly one participant.")
        if cleaned.get("is_observation") and kind != CoachingKind.INDIVIDUAL:
            self.add_error("is_observation", "An onsite observation is part of individual coaching.")
        steps = cleaned.get("action_steps") or []
        if team is not None and any(step.initiative.team_id != team.pk for step in steps):
            self.add_error("action_steps", "Choose steps of this team's initiatives only.")
        return cleaned


@admin.register(CoachingSession)
class CoachingSessionAdmin(admin.ModelAdmin):
    form = CoachingSessionAdminForm
    list_display = ["held_on", "kind", "school", "team_kind", "coach", "focus", "is_observation"]
    list_filter = ["kind", "is_observation", "team__kind", "team__school__network"]
    search_fields = ["focus", "notes", "team__school__name", *person_search("participants"), "coach__name"]
    list_select_related = ["team__school", "coach__person"]
    autocomplete_fields = ["team", "coach", "participants", "action_steps", "competencies"]
    date_hierarchy = "held_on"

    @admin.display(description="school", ordering="team__school__name")
    def school(self, obj):
        return obj.team.school

    @admin.display(description="team", ordering="team__kind")
    def team_kind(self, obj):
        return obj.team.get_kind_display()


@admin.register(Spotlight)
class SpotlightAdmin(admin.ModelAdmin):
    list_display = ["held_on", "title", "school", "network", "initiative", "session"]
    list_filter = ["school__network", "school__level"]
    search_fields = ["title", "practice", "school__name", *person_search("presenters")]
    list_select_related = ["school__network", "initiative", "session"]
    autocomplete_fields = ["school", "initiative", "session", "presenters", "competencies"]
    date_hierarchy = "held_on"

    @admin.display(description="network", ordering="school__network__name")
    def network(self, obj):
        return obj.school.network
