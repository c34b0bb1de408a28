"""Admin for programs: the catalogue (kinds, programs), offerings and their enrollments, sessions with their
materials, attendance, feedback, PD plans and calendar feeds.

Kinds and programs are data: staff add new ones here. Enrollment goes through the enrollment services
wherever it changes who holds a place: adding someone (inline or on the enrollment page) places them or
waitlists them, changing a capacity promotes from the waitlist, and status changes are actions that
honour the status transitions. Changelists read what they show in a fixed number of queries.
"""

from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone

from leaderdev.audit_admin import AuditedAdmin
from leaderdev.errors import DomainError
from leaderdev.exports import Column, export_action, export_response

from .forms import (
    EnrollmentAddForm,
    EnrollmentInlineForm,
    EnrollmentInlineFormSet,
    OfferingAdminForm,
    names_list,
)
from .models import (
    PLACE_HOLDING,
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    Enrollment,
    EnrollmentStatus,
    Facilitator,
    Offering,
    PDPlan,
    PlanComment,
    PlanGoal,
    Program,
    ProgramKind,
    Session,
    SessionFeedback,
    SessionMaterial,
)
from .queries.offerings import enrollment_columns
from .services import enrollment as services

PERSON_SEARCH = ["person__first_name", "person__last_name", "person__email", "person__employee_id"]


class OfferingListFilter(admin.RelatedFieldListFilter):
    """Filter by offering, naming each with its program and year in one query (not one per choice)."""

    def field_choices(self, field, request, model_admin):
        return [(o.pk, str(o)) for o in Offering.objects.select_related("program", "school_year")]


# --- The catalogue -------------------------------------------------------------------------------------


@admin.register(ProgramKind)
class ProgramKindAdmin(admin.ModelAdmin):
    list_display = ["name", "is_equity_track", "order", "program_count"]
    list_editable = ["order"]
    list_filter = ["is_equity_track"]
    search_fields = ["name", "description"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(program_count=Count("programs"))

    @admin.display(description="programs", ordering="program_count")
    def program_count(self, obj):
        return obj.program_count


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "institute", "is_active", "offering_count"]
    list_filter = ["kind", "institute", "is_active"]
    search_fields = ["name", "description", "kind__name"]
    list_select_related = ["kind"]
    # The model's ordering is dropped from GROUP BY queries (the count below): without this the program
    # autocomplete (the offering form's) pages an unordered queryset.
    ordering = ["kind__order", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(offering_count=Count("offerings"))

    @admin.display(description="offerings", ordering="offering_count")
    def offering_count(self, obj):
        return obj.offering_count


@admin.register(Facilitator)
class FacilitatorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "organisation", "email"]
    list_filter = [("person", admin.EmptyFieldListFilter)]
    search_fields = ["name", "organisation", "email", *PERSON_SEARCH]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]

    @admin.display(description="district or external", ordering="person")
    def kind(self, obj):
        return "External" if obj.is_external else "District staff"


# --- Offerings and enrollment --------------------------------------------------------------------------


class EnrollmentInline(admin.TabularInline):
    """The people of an offering. New rows join through the rules (a place, else the waitlist);
    statuses change on the roster page or with the enrollment actions, so they are shown, not edited.
    """

    model = Enrollment
    form = EnrollmentInlineForm
    formset = EnrollmentInlineFormSet
    fields = ["person", "join_as", "status_changed_at", "note"]
    readonly_fields = ["status_changed_at"]
    autocomplete_fields = ["person"]
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person__school")


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    form = OfferingAdminForm
    list_display = [
        "__str__",
        "school_year",
        "capacity",
        "enrolled_count",
        "waitlisted_count",
        "invited_count",
        "is_opt_in",
    ]
    list_filter = ["school_year", "program__kind", "program", "is_opt_in", "school_level"]
    search_fields = ["program__name", "cohort", "description"]
    list_select_related = ["program", "school_year"]
    ordering = ["school_year", "program__kind__order", "program__name", "cohort"]  # as ProgramAdmin's
    autocomplete_fields = ["program"]
    filter_horizontal = ["facilitators"]
    inlines = [EnrollmentInline]
    fieldsets = [
        (None, {"fields": ["program", "school_year", "cohort", "description", "facilitators"]}),
        ("Places", {"fields": ["capacity"]}),
        ("Who may join", {"fields": ["eligible_positions", "max_year_in_role", "school_level", "is_opt_in"]}),
    ]
    actions = ["promote_waitlists", "export_rosters"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                enrolled_count=Count("enrollments", filter=Q(enrollments__status__in=PLACE_HOLDING)),
                waitlisted_count=Count(
                    "enrollments", filter=Q(enrollments__status=EnrollmentStatus.WAITLISTED)
                ),
                invited_count=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.INVITED)),
            )
        )

    @admin.display(description="places taken", ordering="enrolled_count")
    def enrolled_count(self, obj):
        return obj.enrolled_count

    @admin.display(description="waitlisted", ordering="waitlisted_count")
    def waitlisted_count(self, obj):
        return obj.waitlisted_count

    @admin.display(description="invited", ordering="invited_count")
    def invited_count(self, obj):
        return obj.invited_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            promoted = services.promote_waitlist(obj, by=request.user)
            if promoted:
                names = names_list(e.person for e in promoted)
                self.message_user(
                    request, f"Moved up from the waitlist into the new places: {names}.", messages.SUCCESS
                )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Enrollment:
            return super().save_formset(request, form, formset, change)
        for row in formset.forms:
            if not row.has_changed():
                continue
            if row.instance.pk:
                row.save()  # the note; status and person are shown, not edited
                continue
            try:
                enrollment = row.enroll(form.instance, by=request.user)
            except DomainError as error:  # the rules changed their mind since the form was checked
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"{enrollment.person.full_name} is {enrollment.get_status_display().lower()}.",
                    messages.SUCCESS,
                )
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    @admin.action(description="Fill free places from the waitlist", permissions=["change"])
    def promote_waitlists(self, request, queryset):
        for offering in queryset:
            promoted = services.promote_waitlist(offering, by=request.user)
            if promoted:
                names = names_list(e.person for e in promoted)
                self.message_user(request, f"{offering}: moved up {names}.", messages.SUCCESS)
            else:
                self.message_user(request, f"{offering}: no free place, or nobody waiting.", messages.INFO)

    @admin.action(description="Export the rosters of the selected offerings as CSV", permissions=["view"])
    def export_rosters(self, request, queryset):
        enrollments = Enrollment.objects.filter(offering__in=queryset.values("pk")).order_by(
            "offering__school_year__start_date",
            "offering__program__name",
            "offering__cohort",
            "offering_id",
            "person__last_name",
            "person__first_name",
            "pk",
        )
        return export_response(
            enrollments, enrollment_columns(), f"rosters-{timezone.localdate().isoformat()}"
        )


def _status_action(new_status, description, success):
    """An enrollment action that moves each selected enrollment through change_status, one by one."""

    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        done = []
        for enrollment in queryset.select_related("person"):
            try:
                change = services.change_status(enrollment, new_status, by=request.user)
            except DomainError as error:
                modeladmin.message_user(request, str(error), messages.ERROR)
                continue
            done.append(enrollment.person)
            if change.promoted:
                names = names_list(e.person for e in change.promoted)
                modeladmin.message_user(request, f"Moved up from the waitlist: {names}.", messages.SUCCESS)
        if done:
            modeladmin.message_user(request, f"{success}: {names_list(done)}.", messages.SUCCESS)

    action.__name__ = f"make_{new_status}"
    return action


@admin.register(Enrollment)
class EnrollmentAdmin(AuditedAdmin):
    list_display = ["person", "offering", "status", "status_changed_at", "position", "school"]
    list_filter = [
        "status",
        "offering__school_year",
        "offering__program__kind",
        ("offering", OfferingListFilter),
        "person__position",
        "person__school__level",
    ]
    search_fields = [*PERSON_SEARCH, "offering__program__name", "offering__cohort"]
    list_select_related = ["person__school", "offering__program", "offering__school_year"]
    autocomplete_fields = ["offering", "person"]
    readonly_fields = ["status", "status_changed_at"]
    ordering = ["-status_changed_at"]
    date_hierarchy = "status_changed_at"
    actions = [
        _status_action(EnrollmentStatus.ENROLLED, "Enroll (from the waitlist or an invitation)", "Enrolled"),
        _status_action(EnrollmentStatus.COMPLETED, "Mark as completed", "Completed"),
        _status_action(
            EnrollmentStatus.WITHDRAWN, "Withdraw (frees the place for the waitlist)", "Withdrawn"
        ),
        export_action(enrollment_columns(), "enrollments", "Export selected enrollments as CSV"),
    ]

    @admin.display(description="position", ordering="person__position")
    def position(self, obj):
        return obj.person.get_position_display()

    @admin.display(description="school", ordering="person__school__name")
    def school(self, obj):
        return obj.person.school or "—"

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = EnrollmentAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["offering", "person", "join_as", "note"]
        return ["offering", "person", "status", "status_changed_at", "note"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["offering", "person", "status", "status_changed_at"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        # A new enrollment goes through the rules: a place, else the waitlist (or an invitation).
        enrollment = form.enroll(form.cleaned_data["offering"], by=request.user)
        obj.pk, obj.status, obj.status_changed_at = (
            enrollment.pk,
            enrollment.status,
            enrollment.status_changed_at,
        )
        obj._state.adding = False

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)
            services.promote_waitlist(obj.offering, by=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            offerings = list(Offering.objects.filter(pk__in=queryset.values("offering_id")))
            super().delete_queryset(request, queryset)
            for offering in offerings:
                services.promote_waitlist(offering, by=request.user)


# --- Sessions, attendance and feedback -----------------------------------------------------------------


class SessionMaterialInline(admin.TabularInline):
    model = SessionMaterial
    fields = ["title", "url"]
    extra = 1
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # a bare "docs.example" is https


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "offering", "starts_at", "ends_at", "location", "school"]
    list_filter = ["offering__school_year", "offering__program__kind", ("offering", OfferingListFilter)]
    search_fields = ["title", "description", "location", "offering__program__name", "offering__cohort"]
    list_select_related = ["offering__program", "offering__school_year", "school"]
    autocomplete_fields = ["offering", "school"]
    filter_horizontal = ["facilitators"]
    date_hierarchy = "starts_at"
    inlines = [SessionMaterialInline]


ATTENDANCE_COLUMNS = [
    Column("Program", "session__offering__program__name"),
    Column("Cohort", "session__offering__cohort"),
    Column("Session", "session__title"),
    Column("Starts at", "session__starts_at"),
    Column("Last name", "person__last_name"),
    Column("First name", "person__first_name"),
    Column("Employee ID", "person__employee_id"),
    Column("School", "person__school__name"),
    Column("Status", "status", choices=AttendanceStatus),
]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["person", "session", "offering", "status", "recorded_by"]
    list_filter = ["status", "session__offering__school_year", "session__offering__program"]
    search_fields = [*PERSON_SEARCH, "session__title", "session__offering__program__name"]
    list_select_related = [
        "person",
        "session__offering__program",
        "session__offering__school_year",
        "recorded_by",
    ]
    autocomplete_fields = ["session", "person"]
    readonly_fields = ["recorded_by"]
    # Newest marks first, on the primary key: the model's order (session start, then names) spans three
    # tables, so at 200,000 rows Postgres sorted them all to show 100 (0.22 s of a 0.3 s page).
    ordering = ["-pk"]
    actions = [export_action(ATTENDANCE_COLUMNS, "attendance", "Export selected attendance as CSV")]

    @admin.display(description="offering", ordering="session__offering__program__name")
    def offering(self, obj):
        return obj.session.offering

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SessionFeedback)
class SessionFeedbackAdmin(admin.ModelAdmin):
    list_display = ["person", "session", "rating", "short_comment", "created_at"]
    list_filter = ["rating", "session__offering__school_year", "session__offering__program"]
    search_fields = [*PERSON_SEARCH, "session__title", "comment"]
    list_select_related = ["person", "session"]
    autocomplete_fields = ["session", "person"]

    @admin.display(description="comment")
    def short_comment(self, obj):
        return obj.comment if len(obj.comment) <= 80 else obj.comment[:77].rstrip() + "…"


# --- PD plans and calendar feeds -----------------------------------------------------------------------


class PlanGoalInline(admin.StackedInline):
    model = PlanGoal
    fields = ["competency", "goal", "status"]
    autocomplete_fields = ["competency"]
    extra = 0


class PlanCommentInline(admin.StackedInline):
    model = PlanComment
    fields = ["body", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


@admin.register(PDPlan)
class PDPlanAdmin(admin.ModelAdmin):
    list_display = ["person", "school_year", "goal_count", "goals_met", "comment_count", "updated_at"]
    list_filter = ["school_year", "person__position", "person__school__network"]
    search_fields = PERSON_SEARCH
    list_select_related = ["person", "school_year"]
    autocomplete_fields = ["person"]
    inlines = [PlanGoalInline, PlanCommentInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                goal_count=Count("goals", distinct=True),
                goals_met=Count("goals", filter=Q(goals__status="met"), distinct=True),
                comment_count=Count("comments", distinct=True),
            )
        )

    @admin.display(description="goals", ordering="goal_count")
    def goal_count(self, obj):
        return obj.goal_count

    @admin.display(description="goals met", ordering="goals_met")
    def goals_met(self, obj):
        return obj.goals_met

    @admin.display(description="comments", ordering="comment_count")
    def comment_count(self, obj):
        return obj.comment_count

    def save_formset(self, request, form, formset, change):
        if formset.model is PlanComment:
            for comment in formset.save(commit=False):
                if comment.author_id is None:
                    comment.author = request.user
                comment.save()
            for comment in formset.deleted_objects:
                comment.delete()
            return
        super().save_formset(request, form, formset, change)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Feeds are made by people themselves; staff may only look, and cut off a leaked URL by rotating it."""

    list_display = ["person", "token_hint", "created_at", "updated_at"]
    search_fields = PERSON_SEARCH
    list_select_related = ["person"]
    fields = ["person", "token_hint", "created_at", "updated_at"]
    readonly_fields = fields
    actions = ["rotate_tokens"]

    @admin.display(description="secret")
    def token_hint(self, obj):
        return f"{obj.token[:4]}…"  # enough to tell two apart, not enough to subscribe

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Issue a new secret URL (the old one stops working)", permissions=["delete"])
    def rotate_tokens(self, request, queryset):
        for feed in queryset:
            feed.rotate()
        self.message_user(request, f"New secret for {queryset.count()} calendar feed(s).", messages.SUCCESS)


from . import admin_scheduling, admin_teams  # noqa: E402,F401
