"""Admin for mentoring and coaching: the pool and its history, mentee profiles with preferences, conflicts,
matching rounds with their proposals, mentorships, partner organisations, coaches, coaching assignments,
logs and feedback.

Workflows go through the services, so the admin cannot break their rules:

- A mentor's status is shown, never typed: the "Move to ..." actions call move_mentor, which honours the
  allowed transitions and writes the status history. A new mentor joins through add_to_pool (first status
  from how they came, written to history); a capacity below the mentees already taken is refused.
- Mentorships come from approved matching rounds; the admin ends them (end_mentorship) but does not add
  them. Coaching assignments are added through assign_coach (one active coach per leader and year) and
  ended with end_assignment.
- Matching rounds run (queue_round) and are approved (approve_round) by actions; their proposals, the
  unmatched and staff's pins and forbids are shown read-only (they change on the round's page).

Changelists read what they show in a fixed number of queries (list_select_related, counts annotated).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, URLField
from django.forms.models import BaseInlineFormSet

from leaderdev.admin_helpers import ReadOnlyInline, person_search
from leaderdev.audit_admin import AuditedAdmin
from leaderdev.errors import DomainError

from .forms_pool import LanguagesAdminForm, MentorAdminForm
from .models import (
    Coach,
    CoachAssignment,
    Conflict,
    LogEntry,
    MatchConstraint,
    MatchProposal,
    MatchRound,
    MenteeFeedback,
    MenteeProfile,
    Mentor,
    MentorPreference,
    Mentorship,
    MentorshipStatus,
    MentorStatus,
    MentorStatusChange,
    PartnerOrganization,
    UnmatchedMentee,
)
from .queries.pool import language_names
from .services import coaching as coaching_services
from .services import matching as matching_services
from .services import pool as pool_services


def _report(modeladmin, request, done: list[str], refused: list[str], success: str) -> None:
    if done:
        names = ", ".join(done[:10]) + (f" and {len(done) - 10} more" if len(done) > 10 else "")
        modeladmin.message_user(request, f"{success}: {names}.", messages.SUCCESS)
    for refusal in refused:
        modeladmin.message_user(request, refusal, messages.ERROR)


# --- The mentor pool ----------------------------------------------------------------------------------------


class MentorStatusChangeInline(ReadOnlyInline):
    model = MentorStatusChange
    fields = ["changed_at", "from_status", "to_status", "changed_by", "reason"]
    readonly_fields = fields
    verbose_name_plural = "status history (newest first)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


def _move_action(to_status: str):
    """An action that moves each selected mentor to `to_status` through move_mentor."""
    label = MentorStatus(to_status).label

    @admin.action(description=f"Move selected mentors to “{label.lower()}”", permissions=["change"])
    def action(modeladmin, request, queryset):
        report = pool_services.move_mentors(
            queryset.select_related("person"), to_status, user=request.user, reason="Moved in the admin"
        )
        done = [mentor.person.full_name for mentor in report.moved]
        _report(modeladmin, request, done, report.refused, f"Moved to {label.lower()}")

    action.__name__ = f"move_to_{to_status}"
    return action


@admin.register(Mentor)
class MentorAdmin(admin.ModelAdmin):
    form = MentorAdminForm
    list_display = [
        "name",
        "school_year",
        "status",
        "source",
        "capacity",
        "taken",
        "school",
        "network",
        "language_list",
    ]
    list_filter = ["school_year", "status", "source", "person__school__level", "person__school__network"]
    search_fields = person_search("person")
    list_select_related = ["person__school__network", "school_year"]
    autocomplete_fields = ["person"]
    inlines = [MentorStatusChangeInline]
    actions = [_move_action(status) for status in pool_services.MOVE_ORDER]
    fieldsets = [
        (None, {"fields": ["person", "school_year", "status", "source", "nominated_by"]}),
        ("Mentoring", {"fields": ["capacity", "availability", "strengths", "languages", "notes"]}),
    ]

    def get_queryset(self, request):
        # Mentees of the mentor's own pool year: a 2025-2026 mentor shows last year's pairs.
        active = Q(mentorships__status=MentorshipStatus.ACTIVE, mentorships__school_year=F("school_year"))
        return super().get_queryset(request).annotate(taken_count=Count("mentorships", filter=active))

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["status"]
        return ["person", "school_year", "status", "source"]

    @admin.display(description="name", ordering="person__last_name")
    def name(self, obj):
        return obj.person.full_name

    @admin.display(description="mentees", ordering="taken_count")
    def taken(self, obj):
        return obj.taken_count

    @admin.display(description="school", ordering="person__school__name")
    def school(self, obj):
        return obj.person.school or "Central office"

    @admin.display(description="network", ordering="person__school__network__name")
    def network(self, obj):
        return obj.person.school.network if obj.person.school else "—"

    @admin.display(description="languages")
    def language_list(self, obj):
        return language_names(obj.languages) or "—"

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        # A new mentor joins through the pool's rules, with their first status written to history.
        mentor = pool_services.add_to_pool(
            obj.person,
            obj.school_year,
            source=obj.source,
            nominated_by=obj.nominated_by,
            capacity=obj.capacity,
            availability=obj.availability,
            languages=obj.languages,
            notes=obj.notes,
            user=request.user,
        )
        obj.pk, obj.status, obj.created_at, obj.updated_at = (
            mentor.pk,
            mentor.status,
            mentor.created_at,
            mentor.updated_at,
        )
        obj._state.adding = False  # the form saves the strengths on this same row


@admin.register(MentorStatusChange)
class MentorStatusChangeAdmin(admin.ModelAdmin):
    """The pool's history across mentors: read-only (moves are made on the pool page or by actions)."""

    list_display = ["mentor", "from_status", "to_status", "changed_by", "changed_at", "reason"]
    list_filter = ["to_status", "mentor__school_year"]
    search_fields = [*person_search("mentor__person"), "reason"]
    list_select_related = ["mentor__person", "mentor__school_year", "changed_by"]
    date_hierarchy = "changed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- Mentees ------------------------------------------------------------------------------------------------


class MentorPreferenceInline(admin.TabularInline):
    model = MentorPreference
    fields = ["rank", "mentor"]
    autocomplete_fields = ["mentor"]
    extra = 0
    ordering = ["rank"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("mentor__person", "mentor__school_year")


@admin.register(MenteeProfile)
class MenteeProfileAdmin(admin.ModelAdmin):
    form = LanguagesAdminForm
    list_display = ["name", "school_year", "position", "school", "needs_count", "preferences_count"]
    list_filter = ["school_year", "person__position", "person__school__level", "person__school__network"]
    search_fields = person_search("person")
    list_select_related = ["person__school", "school_year"]
    autocomplete_fields = ["person"]
    fields = ["person", "school_year", "needs", "languages", "notes"]
    inlines = [MentorPreferenceInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(needs_total=Count("needs", distinct=True), prefs=Count("preferences", distinct=True))
        )

    @admin.display(description="name", ordering="person__last_name")
    def name(self, obj):
        return obj.person.full_name

    @admin.display(description="position", ordering="person__position")
    def position(self, obj):
        return obj.person.get_position_display()

    @admin.display(description="school", ordering="person__school__name")
    def school(self, obj):
        return obj.person.school or "—"

    @admin.display(description="needs", ordering="needs_total")
    def needs_count(self, obj):
        return obj.needs_total

    @admin.display(description="ranked mentors", ordering="prefs")
    def preferences_count(self, obj):
        return obj.prefs


@admin.register(MentorPreference)
class MentorPreferenceAdmin(admin.ModelAdmin):
    list_display = ["profile", "rank", "mentor"]
    list_filter = ["profile__school_year", "rank"]
    search_fields = [*person_search("profile__person"), *person_search("mentor__person")]
    list_select_related = ["profile__person", "profile__school_year", "mentor__person", "mentor__school_year"]
    autocomplete_fields = ["profile", "mentor"]


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ["mentee", "mentor", "reason", "note"]
    list_filter = ["reason"]
    search_fields = [*person_search("mentee"), *person_search("mentor"), "note"]
    list_select_related = ["mentee", "mentor"]
    autocomplete_fields = ["mentee", "mentor"]


# --- Matching rounds ----------------------------------------------------------------------------------------


class MatchConstraintInline(ReadOnlyInline):
    model = MatchConstraint
    fields = ["kind", "mentee", "mentor", "created_by"]
    readonly_fields = fields
    verbose_name_plural = "pinned and forbidden pairs (set on the round's page)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("mentee", "mentor__person", "created_by")


INLINE_LIMIT = 50


class FirstRowsFormSet(BaseInlineFormSet):
    """Show only the first INLINE_LIMIT rows: a district's round has thousands of proposals, and the
    round's own page (and the proposals list, filtered by round) shows them all."""

    def get_queryset(self):
        if not hasattr(self, "_first_rows"):
            self._first_rows = super().get_queryset()[:INLINE_LIMIT]
        return self._first_rows


class MatchProposalInline(ReadOnlyInline):
    model = MatchProposal
    formset = FirstRowsFormSet
    fields = ["mentee", "mentor_name", "score", "pinned", "why"]
    readonly_fields = fields
    verbose_name_plural = f"proposed pairs (the {INLINE_LIMIT} best; every one under Match proposals)"

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("mentee", "mentor__person")
        return queryset.order_by("-score", "pk")

    @admin.display(description="mentor")
    def mentor_name(self, obj):
        return obj.mentor.person.full_name

    @admin.display(description="score by criterion")
    def why(self, obj):
        parts = [
            f"{item.get('why', name)} ({item.get('points', 0):.1f})"
            for name, item in (obj.breakdown or {}).items()
            if isinstance(item, dict)
        ]
        return "; ".join(parts) or "—"


class UnmatchedMenteeInline(ReadOnlyInline):
    model = UnmatchedMentee
    formset = FirstRowsFormSet
    fields = ["mentee", "reason", "detail"]
    readonly_fields = fields
    verbose_name_plural = f"unmatched mentees (the first {INLINE_LIMIT}; every one under Unmatched mentees)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("mentee").order_by("mentee__last_name", "pk")


@admin.register(MatchRound)
class MatchRoundAdmin(AuditedAdmin):
    list_display = [
        "name",
        "school_year",
        "status",
        "progress",
        "proposal_count",
        "unmatched_count",
        "total_score",
        "computed_at",
        "approved_at",
    ]
    list_filter = ["school_year", "status"]
    search_fields = ["name"]
    list_select_related = ["school_year"]
    readonly_fields = [
        "status",
        "progress",
        "progress_message",
        "error",
        "total_score",
        "timings",
        "computed_at",
        "created_by",
        "approved_by",
        "approved_at",
    ]
    fieldsets = [
        (None, {"fields": ["school_year", "name", "status", "progress", "progress_message", "error"]}),
        (
            "Weights and hard rules",
            {
                "fields": [
                    "weight_same_level",
                    "weight_same_network",
                    "weight_strengths",
                    "weight_language",
                    "weight_distance",
                    "weight_preference",
                    "max_distance_km",
                ]
            },
        ),
        ("Result", {"fields": ["total_score", "timings", "computed_at"]}),
        ("Who", {"fields": ["created_by", "approved_by", "approved_at"]}),
    ]
    inlines = [MatchConstraintInline, MatchProposalInline, UnmatchedMenteeInline]
    actions = ["run_rounds", "approve_rounds"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                proposals_total=Count("proposals", distinct=True),
                unmatched_total=Count("unmatched", distinct=True),
            )
        )

    @admin.display(description="proposed pairs", ordering="proposals_total")
    def proposal_count(self, obj):
        return obj.proposals_total

    @admin.display(description="unmatched", ordering="unmatched_total")
    def unmatched_count(self, obj):
        return obj.unmatched_total

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Run the selected rounds (compute their proposals)", permissions=["change"])
    def run_rounds(self, request, queryset):
        done, refused = [], []
        for match_round in queryset:
            try:
                matching_services.queue_round(match_round, user=request.user)
            except DomainError as error:
                refused.append(f"{match_round}: {error}")
            else:
                done.append(str(match_round))
        _report(self, request, done, refused, "Queued")

    @admin.action(
        description="Approve the selected rounds (their proposals become mentorships)", permissions=["change"]
    )
    def approve_rounds(self, request, queryset):
        done, refused = [], []
        for match_round in queryset:
            try:
                made = matching_services.approve_round(match_round, user=request.user)
            except DomainError as error:
                refused.append(f"{match_round}: {error}")
            else:
                done.append(f"{match_round} ({len(made)} mentorships)")
        _report(self, request, done, refused, "Approved")


class RoundListFilter(admin.RelatedFieldListFilter):
    """Filter by round, naming each with its year in one query (not one per choice)."""

    def field_choices(self, field, request, model_admin):
        return [(r.pk, str(r)) for r in MatchRound.objects.select_related("school_year")]


class _ReadOnlyRoundPart(admin.ModelAdmin):
    """A round's parts, listed across rounds; they change on the round's page, never here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MatchProposal)
class MatchProposalAdmin(_ReadOnlyRoundPart):
    list_display = ["mentee", "mentor", "round", "score", "pinned"]
    list_filter = ["round__school_year", ("round", RoundListFilter), "pinned"]
    search_fields = [*person_search("mentee"), *person_search("mentor__person"), "round__name"]
    list_select_related = ["mentee", "mentor__person", "mentor__school_year", "round__school_year"]


@admin.register(UnmatchedMentee)
class UnmatchedMenteeAdmin(_ReadOnlyRoundPart):
    list_display = ["mentee", "round", "reason", "detail"]
    list_filter = ["round__school_year", "reason"]
    search_fields = [*person_search("mentee"), "round__name"]
    list_select_related = ["mentee", "round__school_year"]


@admin.register(MatchConstraint)
class MatchConstraintAdmin(_ReadOnlyRoundPart, AuditedAdmin):
    list_display = ["round", "kind", "mentee", "mentor", "created_by"]
    list_filter = ["kind", "round__school_year"]
    search_fields = [*person_search("mentee"), *person_search("mentor__person"), "round__name"]
    list_select_related = [
        "round__school_year",
        "mentee",
        "mentor__person",
        "mentor__school_year",
        "created_by",
    ]


# --- Mentorships, coaching and their logs -------------------------------------------------------------------


class LogEntryInline(admin.StackedInline):
    """The pair's log: staff read and add entries here (private notes included: staff may see them)."""

    model = LogEntry
    fields = [
        ("date", "kind", "duration_minutes"),
        "notes",
        "next_steps",
        "private_notes",
        "logged_by",
    ]
    readonly_fields = ["logged_by"]
    extra = 0
    ordering = ["-date", "-pk"]
    classes = ["collapse"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("logged_by")


class MentorshipLogInline(LogEntryInline):
    fk_name = "mentorship"


class CoachingLogInline(LogEntryInline):
    fk_name = "coaching"


class MenteeFeedbackInline(admin.StackedInline):
    model = MenteeFeedback
    fields = ["rating", "would_recommend", "most_helpful", "suggestions"]
    extra = 0
    max_num = 1


class _LogsMixin:
    """Stamp log entries added in the admin with who wrote them."""

    def save_formset(self, request, form, formset, change):
        if formset.model is LogEntry:
            for row in formset.forms:
                if row.has_changed() and row.instance.pk is None:
                    row.instance.logged_by = request.user
        super().save_formset(request, form, formset, change)


@admin.register(Mentorship)
class MentorshipAdmin(_LogsMixin, AuditedAdmin):
    list_display = ["mentee", "mentor_name", "school_year", "status", "started_on", "ended_on", "log_count"]
    list_filter = ["school_year", "status", "mentee__school__level", "mentee__school__network"]
    search_fields = [*person_search("mentee"), *person_search("mentor__person")]
    list_select_related = ["mentee", "mentor__person", "school_year"]
    readonly_fields = [
        "school_year",
        "mentor",
        "mentee",
        "match_round",
        "status",
        "started_on",
        "ended_on",
    ]
    fields = [*readonly_fields, "end_reason"]
    inlines = [MentorshipLogInline, MenteeFeedbackInline]
    actions = ["end_mentorships"]
    date_hierarchy = "started_on"

    def has_add_permission(self, request):
        return False  # mentorships come from approved matching rounds (pin a pair and re-run)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(log_total=Count("log_entries"))

    @admin.display(description="mentor", ordering="mentor__person__last_name")
    def mentor_name(self, obj):
        return obj.mentor.person.full_name

    @admin.display(description="log entries", ordering="log_total")
    def log_count(self, obj):
        return obj.log_total

    @admin.action(description="End the selected mentorships today", permissions=["change"])
    def end_mentorships(self, request, queryset):
        done, refused = [], []
        for mentorship in queryset.select_related("mentee"):
            try:
                pool_services.end_mentorship(mentorship, reason="Ended in the admin", user=request.user)
            except DomainError as error:
                refused.append(str(error))
            else:
                done.append(mentorship.mentee.full_name)
        _report(self, request, done, refused, "Ended the mentorships of")


class PartnerCoachInline(admin.TabularInline):
    model = Coach
    fields = ["full_name", "email", "phone", "is_active"]
    extra = 0
    show_change_link = True


@admin.register(PartnerOrganization)
class PartnerOrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "contact_name", "contact_email", "coach_count", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "contact_name", "contact_email"]
    inlines = [PartnerCoachInline]
    # A website typed without a scheme is read as https (Django 6's default; 5.x warns on the old one).
    formfield_overrides = {URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(coach_total=Count("coaches"))

    @admin.display(description="coaches", ordering="coach_total")
    def coach_count(self, obj):
        return obj.coach_total


@admin.register(Coach)
class CoachAdmin(admin.ModelAdmin):
    form = LanguagesAdminForm
    list_display = ["full_name", "organization", "email", "user", "active_count", "is_active"]
    list_filter = ["organization", "is_active"]
    search_fields = ["full_name", "email", "organization__name"]
    list_select_related = ["organization", "user"]
    autocomplete_fields = ["organization", "user"]
    fields = ["organization", "full_name", "email", "phone", "user", "languages", "is_active"]

    def get_queryset(self, request):
        active = Q(assignments__status=MentorshipStatus.ACTIVE)
        return super().get_queryset(request).annotate(active_total=Count("assignments", filter=active))

    @admin.display(description="leaders coached now", ordering="active_total")
    def active_count(self, obj):
        return obj.active_total


class CoachAssignmentAddForm(forms.ModelForm):
    """A new coaching assignment, checked against assign_coach's rules before it is saved."""

    class Meta:
        model = CoachAssignment
        fields = ["coach", "leader", "school_year", "started_on"]

    def clean(self):
        cleaned = super().clean()
        parts = [cleaned.get(name) for name in ("coach", "leader", "school_year", "started_on")]
        if all(parts):
            try:
                coaching_services.check_assignment(*parts)
            except DomainError as error:
                raise ValidationError(str(error)) from None
        return cleaned


@admin.register(CoachAssignment)
class CoachAssignmentAdmin(_LogsMixin, admin.ModelAdmin):
    list_display = [
        "leader",
        "coach_name",
        "organization",
        "school_year",
        "status",
        "started_on",
        "ended_on",
        "log_count",
    ]
    list_filter = [
        "school_year",
        "status",
        "coach__organization",
        "leader__position",
        "leader__school__network",
    ]
    search_fields = [*person_search("leader"), "coach__full_name", "coach__email"]
    list_select_related = ["leader", "coach__organization", "school_year"]
    autocomplete_fields = ["coach", "leader"]
    inlines = [CoachingLogInline]
    actions = ["end_assignments"]
    date_hierarchy = "started_on"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(log_total=Count("log_entries"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = CoachAssignmentAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["coach", "leader", "school_year", "started_on"]
        return ["coach", "leader", "school_year", "status", "started_on", "ended_on"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["coach", "leader", "school_year", "status", "started_on", "ended_on"]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.display(description="coach", ordering="coach__full_name")
    def coach_name(self, obj):
        return obj.coach.full_name

    @admin.display(description="organisation", ordering="coach__organization__name")
    def organization(self, obj):
        return obj.coach.organization

    @admin.display(description="log entries", ordering="log_total")
    def log_count(self, obj):
        return obj.log_total

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        assignment = coaching_services.assign_coach(
            obj.coach, obj.leader, obj.school_year, started_on=obj.started_on
        )
        obj.pk, obj.status, obj.created_at, obj.updated_at = (
            assignment.pk,
            assignment.status,
            assignment.created_at,
            assignment.updated_at,
        )
        obj._state.adding = False

    @admin.action(description="End the selected coaching assignments today", permissions=["change"])
    def end_assignments(self, request, queryset):
        done, refused = [], []
        for assignment in queryset.select_related("leader"):
            try:
                coaching_services.end_assignment(assignment)
            except DomainError as error:
                refused.append(str(error))
            else:
                done.append(assignment.leader.full_name)
        _report(self, request, done, refused, "Ended the coaching of")


class RelationshipFilter(admin.SimpleListFilter):
    title = "relationship"
    parameter_name = "relationship"

    def lookups(self, request, model_admin):
        return [("mentorship", "Mentorships"), ("coaching", "Coaching")]

    def queryset(self, request, queryset):
        if self.value() == "mentorship":
            return queryset.filter(mentorship__isnull=False)
        if self.value() == "coaching":
            return queryset.filter(coaching__isnull=False)
        return queryset


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "pair", "duration_minutes", "logged_by"]
    list_filter = [RelationshipFilter, "kind", "mentorship__school_year", "coaching__school_year"]
    search_fields = [
        *person_search("mentorship__mentee"),
        *person_search("mentorship__mentor__person"),
        *person_search("coaching__leader"),
        "coaching__coach__full_name",
        "notes",
        "next_steps",
    ]
    list_select_related = [
        "mentorship__mentee",
        "mentorship__mentor__person",
        "coaching__leader",
        "coaching__coach",
        "logged_by",
    ]
    autocomplete_fields = ["mentorship", "coaching"]
    readonly_fields = ["logged_by"]
    date_hierarchy = "date"
    fields = [
        "mentorship",
        "coaching",
        ("date", "kind", "duration_minutes"),
        "focus",
        "notes",
        "next_steps",
        "private_notes",
        "logged_by",
    ]

    @admin.display(description="pair")
    def pair(self, obj):
        if obj.mentorship_id:
            return f"{obj.mentorship.mentor.person.full_name} → {obj.mentorship.mentee.full_name}"
        return f"{obj.coaching.coach.full_name} → {obj.coaching.leader.full_name}"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.logged_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(MenteeFeedback)
class MenteeFeedbackAdmin(admin.ModelAdmin):
    list_display = ["mentorship", "rating", "would_recommend", "created_at"]
    list_filter = ["rating", "would_recommend", "mentorship__school_year"]
    search_fields = [*person_search("mentorship__mentee"), "most_helpful", "suggestions"]
    list_select_related = ["mentorship__mentee", "mentorship__mentor__person", "mentorship__school_year"]
    autocomplete_fields = ["mentorship"]
