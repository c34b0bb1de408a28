"""Admin for the fellowship: cohorts with their milestones, applications with their history and
recommendation, fellows with their host wishes, hosts, placement proposals, residencies with their
milestones, hours and reflections.

Workflows go through the services, so the admin cannot break their rules:

- An application's status is shown, never typed: the "Move to ..." actions call
  selection.move_applications, which honours the allowed transitions, writes the history and selects
  only while the cohort has places (a refusal is reported, one line per application). Decisions that the
  applicant must be given a reason for (waitlisted, not selected, withdrawn) are made on the application's
  page, which asks for the reason. Applications are made on the apply page, never added here.
- A recommendation is saved through selection.write_recommendation, and only while its application is
  still being decided.
- Fellows come from selecting an application and residencies from placing a fellow (the placements page);
  neither is added here. A fellow's status and readiness change through selection and the end-of-year
  decision; what they publish on "Meet our fellows" is their own choice, so both are read-only.
- Hours and milestones are signed off (or reopened) by actions that call services.residency.

Changelists read what they show in a fixed number of queries (list_select_related, counts annotated).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils.html import format_html

from leaderdev.admin_helpers import ReadOnlyInline, person_search
from leaderdev.audit_admin import AuditedAdmin
from leaderdev.errors import DomainError
from mentoring.forms_pool import LanguagesAdminForm

from .models import (
    ApplicationStatus,
    ApplicationStatusChange,
    Cohort,
    CohortMilestone,
    Fellow,
    FellowshipApplication,
    FellowStatus,
    Host,
    HostPreference,
    HoursEntry,
    Milestone,
    PlacementProposal,
    Recommendation,
    Reflection,
    Residency,
)
from .services import residency as residency_services
from .services import selection

# Moves the admin offers as actions: those that need no reason for the applicant.
ADMIN_MOVES = [ApplicationStatus.SCREENING, ApplicationStatus.INTERVIEW, ApplicationStatus.SELECTED]


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record made and changed by a workflow elsewhere; the admin lists it and opens it to read."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _report(modeladmin, request, done: list[str], refused: list[str], success: str) -> None:
    if done:
        names = ", ".join(done[:10]) + (f" and {len(done) - 10} more" if len(done) > 10 else "")
        modeladmin.message_user(request, f"{success}: {names}.", messages.SUCCESS)
    for refusal in refused:
        modeladmin.message_user(request, refusal, messages.ERROR)


# --- Cohorts ----------------------------------------------------------------------------------------------


class CohortMilestoneInline(admin.TabularInline):
    model = CohortMilestone
    fields = ["title", "due_on", "description"]
    extra = 0
    show_change_link = True  # its competencies are chosen on its own page


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "school_year",
        "places",
        "taken",
        "application_count",
        "applications_open_on",
        "applications_close_on",
        "required_hours",
        "is_public",
    ]
    list_filter = ["is_public", "school_year"]
    search_fields = ["name", "slug", "school_year__name"]
    list_select_related = ["school_year"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CohortMilestoneInline]
    fieldsets = [
        (None, {"fields": ["school_year", "name", "slug", "places"]}),
        ("Applications", {"fields": ["applications_open_on", "applications_close_on"]}),
        ("Residency", {"fields": ["residency_starts_on", "residency_ends_on", "required_hours"]}),
        ("“Meet our fellows”", {"fields": ["is_public", "public_intro"]}),
    ]

    def get_queryset(self, request):
        in_it = ~Q(fellows__status=FellowStatus.WITHDRAWN)
        return (
            super()
            .get_queryset(request)
            .annotate(
                taken_total=Count("fellows", filter=in_it, distinct=True),
                application_total=Count("applications", distinct=True),
            )
        )

    @admin.display(description="places taken", ordering="taken_total")
    def taken(self, obj):
        return obj.taken_total

    @admin.display(description="applications", ordering="application_total")
    def application_count(self, obj):
        return obj.application_total


@admin.register(CohortMilestone)
class CohortMilestoneAdmin(admin.ModelAdmin):
    list_display = ["title", "cohort", "due_on", "competency_count"]
    list_filter = ["cohort"]
    search_fields = ["title", "description", "cohort__name"]
    list_select_related = ["cohort"]
    date_hierarchy = "due_on"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(competency_total=Count("competencies"))

    @admin.display(description="competencies", ordering="competency_total")
    def competency_count(self, obj):
        return obj.competency_total


# --- Applications -----------------------------------------------------------------------------------------


class StatusChangeInline(ReadOnlyInline):
    model = ApplicationStatusChange
    fields = ["changed_at", "from_status", "to_status", "changed_by", "reason"]
    readonly_fields = fields
    verbose_name_plural = "status history (newest first)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


class RecommendationInline(ReadOnlyInline):
    model = Recommendation
    fields = ["endorsement", "text", "written_by", "updated_at"]
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("written_by")


def _move_action(to_status: str):
    """An action that moves each selected application to `to_status` through selection.move_applications."""
    label = ApplicationStatus(to_status).label
    description = (
        "Select the chosen applicants (while the cohort has places)"
        if to_status == ApplicationStatus.SELECTED
        else f"Move selected applications to “{label.lower()}”"
    )

    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        report = selection.move_applications(
            queryset.select_related("person", "cohort").order_by("-screening_score", "created_at"),
            to_status,
            reason="Moved in the admin",
            user=request.user,
        )
        done = [application.person.full_name for application in report.moved]
        refused = [reason for _, reason in report.refused]
        _report(modeladmin, request, done, refused, f"Moved to {label.lower()}")

    action.__name__ = f"move_to_{to_status}"
    return action


@admin.register(FellowshipApplication)
class FellowshipApplicationAdmin(AuditedAdmin):
    list_display = [
        "name",
        "cohort",
        "status",
        "school",
        "supervisor",
        "has_recommendation",
        "screening_score",
        "created_at",
    ]
    list_filter = ["cohort", "status", "person__position", "person__school__network"]
    search_fields = [*person_search("person"), *person_search("supervisor")]
    list_select_related = ["person__school", "cohort", "supervisor"]
    autocomplete_fields = ["supervisor"]
    readonly_fields = [
        "page_link",
        "cohort",
        "person",
        "status",
        "decision_reason",
        "why_principal",
        "leadership_experience",
        "equity_commitment",
        "created_at",
    ]
    fieldsets = [
        (None, {"fields": ["page_link", "cohort", "person", "supervisor", "created_at"]}),
        ("Selection", {"fields": ["status", "decision_reason", "screening_score"]}),
        ("Essays", {"fields": ["why_principal", "leadership_experience", "equity_commitment"]}),
    ]
    inlines = [RecommendationInline, StatusChangeInline]
    actions = [_move_action(status) for status in ADMIN_MOVES]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # people apply on the apply page, which checks the window and the rules

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(has_rec=Exists(Recommendation.objects.filter(application=OuterRef("pk"))))
        )

    @admin.display(description="name", ordering="person__last_name")
    def name(self, obj):
        return obj.person.full_name

    @admin.display(description="school", ordering="person__school__name")
    def school(self, obj):
        return obj.person.school or "Central office"

    @admin.display(description="recommendation", boolean=True, ordering="has_rec")
    def has_recommendation(self, obj):
        return obj.has_rec

    @admin.display(description="page")
    def page_link(self, obj):
        url = reverse("fellowships:application_detail", args=[obj.pk])
        return format_html('<a href="{}">Open the application page to move it with a reason</a>', url)


@admin.register(ApplicationStatusChange)
class ApplicationStatusChangeAdmin(ReadOnlyAdmin):
    """Every move of every application: read-only (moves are made on the pages or by actions)."""

    list_display = ["application", "from_status", "to_status", "changed_by", "changed_at", "reason"]
    list_filter = ["to_status", "application__cohort"]
    search_fields = [*person_search("application__person"), "reason"]
    list_select_related = ["application__person", "application__cohort", "changed_by"]
    date_hierarchy = "changed_at"


class RecommendationAdminForm(forms.ModelForm):
    """A recommendation, refused when its application has been decided (as the service refuses it)."""

    class Meta:
        model = Recommendation
        fields = ["application", "endorsement", "text"]

    def clean(self):
        cleaned = super().clean()
        application = cleaned.get("application") or getattr(self.instance, "application", None)
        if application is not None and not application.is_open:
            raise ValidationError(
                "This application has been decided; its recommendation can no longer change."
            )
        return cleaned


@admin.register(Recommendation)
class RecommendationAdmin(AuditedAdmin):
    form = RecommendationAdminForm
    list_display = ["applicant", "cohort", "endorsement", "supervisor", "written_by", "updated_at"]
    list_filter = ["endorsement", "application__cohort"]
    search_fields = [*person_search("application__person"), *person_search("application__supervisor")]
    list_select_related = [
        "application__person",
        "application__cohort",
        "application__supervisor",
        "written_by",
    ]
    raw_id_fields = ["application"]
    readonly_fields = ["written_by", "created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "application"] if obj is not None else self.readonly_fields

    @admin.display(description="applicant", ordering="application__person__last_name")
    def applicant(self, obj):
        return obj.application.person.full_name

    @admin.display(description="cohort", ordering="application__cohort__name")
    def cohort(self, obj):
        return obj.application.cohort

    @admin.display(description="supervisor", ordering="application__supervisor__last_name")
    def supervisor(self, obj):
        return obj.application.supervisor.full_name

    def save_model(self, request, obj, form, change):
        try:
            saved = selection.write_recommendation(
                obj.application, endorsement=obj.endorsement, text=obj.text, user=request.user
            )
        except DomainError as error:  # decided between the form's check and now
            self.message_user(request, str(error), messages.ERROR)
            return
        obj.pk, obj.written_by, obj.created_at, obj.updated_at = (
            saved.pk,
            saved.written_by,
            saved.created_at,
            saved.updated_at,
        )
        obj._state.adding = False


# --- Fellows and hosts ------------------------------------------------------------------------------------


class HostPreferenceInline(admin.TabularInline):
    model = HostPreference
    fields = ["rank", "host"]
    raw_id_fields = ["host"]
    extra = 0
    ordering = ["rank"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("host__person", "host__cohort__school_year")


class FellowAdminForm(LanguagesAdminForm):
    class Meta:
        model = Fellow
        fields = ["growth_areas", "languages"]


@admin.register(Fellow)
class FellowAdmin(admin.ModelAdmin):
    form = FellowAdminForm
    list_display = ["name", "cohort", "status", "school", "host", "readiness", "public_opt_in"]
    list_filter = ["cohort", "status", "readiness", "public_opt_in", "person__school__network"]
    search_fields = person_search("person")
    list_select_related = ["person__school", "cohort__school_year", "residency__host__person"]
    inlines = [HostPreferenceInline]
    readonly_fields = [
        "cohort",
        "person",
        "application",
        "status",
        "readiness",
        "readiness_rationale",
        "readiness_decided_at",
        "readiness_decided_by",
        "pool_application",
        "public_opt_in",
        "show_photo",
        "show_school",
        "show_bio",
        "has_photo",
        "bio",
    ]
    fieldsets = [
        (None, {"fields": ["cohort", "person", "application", "status"]}),
        ("For the matching", {"fields": ["growth_areas", "languages"]}),
        (
            "End of year",
            {
                "fields": [
                    "readiness",
                    "readiness_rationale",
                    "readiness_decided_at",
                    "readiness_decided_by",
                    "pool_application",
                ]
            },
        ),
        (
            "“Meet our fellows” (the fellow's own choices)",
            {"fields": ["public_opt_in", "show_photo", "show_school", "show_bio", "has_photo", "bio"]},
        ),
    ]

    def has_add_permission(self, request):
        return False  # a fellow is made by selecting their application

    @admin.display(description="name", ordering="person__last_name")
    def name(self, obj):
        return obj.person.full_name

    @admin.display(description="school", ordering="person__school__name")
    def school(self, obj):
        return obj.person.school or "Central office"

    @admin.display(description="host")
    def host(self, obj):
        residency = getattr(obj, "residency", None)
        return residency.host.person.full_name if residency else "—"

    @admin.display(description="photo", boolean=True)
    def has_photo(self, obj):
        return bool(obj.photo)


class HostAdminForm(LanguagesAdminForm):
    class Meta:
        model = Host
        fields = ["cohort", "person", "status", "capacity", "strengths", "languages", "notes"]


@admin.register(Host)
class HostAdmin(admin.ModelAdmin):
    form = HostAdminForm
    list_display = ["name", "cohort", "status", "capacity", "taken", "school"]
    list_filter = ["cohort", "status", "person__school__level", "person__school__network"]
    search_fields = person_search("person")
    list_select_related = ["person__school", "cohort__school_year"]
    autocomplete_fields = ["person"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(taken_total=Count("residencies"))

    def get_readonly_fields(self, request, obj=None):
        return ["cohort", "person"] if obj is not None else []

    @admin.display(description="name", ordering="person__last_name")
    def name(self, obj):
        return obj.person.full_name

    @admin.display(description="fellows placed", ordering="taken_total")
    def taken(self, obj):
        return obj.taken_total

    @admin.display(description="school", ordering="person__school__name")
    def school(self, obj):
        return obj.person.school or "—"


@admin.register(HostPreference)
class HostPreferenceAdmin(admin.ModelAdmin):
    list_display = ["fellow", "rank", "host"]
    list_filter = ["fellow__cohort", "rank"]
    search_fields = [*person_search("fellow__person"), *person_search("host__person")]
    list_select_related = [
        "fellow__person",
        "fellow__cohort__school_year",
        "host__person",
        "host__cohort__school_year",
    ]
    raw_id_fields = ["fellow", "host"]


@admin.register(PlacementProposal)
class PlacementProposalAdmin(ReadOnlyAdmin):
    """The latest proposals, read-only: they are run, pinned and approved on the placements page."""

    list_display = ["fellow_name", "host_name", "cohort", "score", "pinned", "created_at"]
    list_filter = ["cohort", "pinned"]
    search_fields = [*person_search("fellow__person"), *person_search("host__person")]
    list_select_related = ["fellow__person", "host__person", "cohort"]

    @admin.display(description="fellow", ordering="fellow__person__last_name")
    def fellow_name(self, obj):
        return obj.fellow.person.full_name

    @admin.display(description="host", ordering="host__person__last_name")
    def host_name(self, obj):
        return obj.host.person.full_name


# --- Residencies ------------------------------------------------------------------------------------------


class MilestoneInline(admin.TabularInline):
    model = Milestone
    fields = ["title", "due_on", "completed_on", "signed_off_at"]
    readonly_fields = ["completed_on", "signed_off_at"]
    extra = 0
    show_change_link = True


class HoursEntryInline(ReadOnlyInline):
    model = HoursEntry
    fields = ["week_of", "hours", "activities", "signed_off_at", "signed_off_by"]
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("signed_off_by")


class ReflectionInline(ReadOnlyInline):
    model = Reflection
    fields = ["written_on", "title", "shared_with_host"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Residency)
class ResidencyAdmin(admin.ModelAdmin):
    list_display = ["fellow_name", "host_name", "school", "cohort", "started_on", "hours_logged"]
    list_filter = ["fellow__cohort", "school__network", "school__level"]
    search_fields = [*person_search("fellow__person"), *person_search("host__person"), "school__name"]
    list_select_related = ["fellow__person", "fellow__cohort", "host__person", "school"]
    readonly_fields = [
        "fellow",
        "host",
        "school",
        "started_on",
        "match_score",
        "match_breakdown",
        "approved_by",
        "page_link",
    ]
    fields = readonly_fields
    inlines = [MilestoneInline, HoursEntryInline, ReflectionInline]

    def has_add_permission(self, request):
        return False  # a residency is made by placing a fellow (the placements page)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(hours_total=Sum("hours__hours"))

    @admin.display(description="fellow", ordering="fellow__person__last_name")
    def fellow_name(self, obj):
        return obj.fellow.person.full_name

    @admin.display(description="host", ordering="host__person__last_name")
    def host_name(self, obj):
        return obj.host.person.full_name

    @admin.display(description="cohort", ordering="fellow__cohort__name")
    def cohort(self, obj):
        return obj.fellow.cohort

    @admin.display(description="hours logged", ordering="hours_total")
    def hours_logged(self, obj):
        return obj.hours_total or 0

    @admin.display(description="page")
    def page_link(self, obj):
        url = reverse("fellowships:residency_detail", args=[obj.pk])
        return format_html('<a href="{}">Open the residency plan</a>', url)


class _ResidencyColumns:
    @admin.display(description="fellow", ordering="residency__fellow__person__last_name")
    def fellow(self, obj):
        return obj.residency.fellow.person.full_name

    @admin.display(description="host", ordering="residency__host__person__last_name")
    def host(self, obj):
        return obj.residency.host.person.full_name


RESIDENCY_RELATED = ["residency__fellow__person", "residency__host__person", "residency__fellow__cohort"]
RESIDENCY_SEARCH = [*person_search("residency__fellow__person"), *person_search("residency__host__person")]


@admin.register(Milestone)
class MilestoneAdmin(_ResidencyColumns, admin.ModelAdmin):
    list_display = ["title", "fellow", "host", "due_on", "completed_on", "signed_off_at"]
    list_filter = ["residency__fellow__cohort", ("completed_on", admin.EmptyFieldListFilter), "due_on"]
    search_fields = ["title", *RESIDENCY_SEARCH]
    list_select_related = RESIDENCY_RELATED
    raw_id_fields = ["residency"]
    readonly_fields = ["completed_on", "evidence_note", "signed_off_at", "signed_off_by"]
    actions = ["sign_off", "reopen"]
    date_hierarchy = "due_on"

    @admin.action(description="Sign off the selected completed milestones", permissions=["change"])
    def sign_off(self, request, queryset):
        done, refused = [], []
        for milestone in queryset.select_related("residency__fellow__person"):
            try:
                residency_services.sign_off_milestone(milestone, user=request.user)
            except DomainError as error:
                refused.append(f"{milestone.title} ({milestone.residency.fellow.person}): {error}")
            else:
                done.append(milestone.title)
        _report(self, request, done, refused, "Signed off")

    @admin.action(description="Reopen the selected milestones (undo the sign-off)", permissions=["change"])
    def reopen(self, request, queryset):
        for milestone in queryset:
            residency_services.sign_off_milestone(milestone, user=request.user, reopen=True)
        self.message_user(request, f"Reopened {queryset.count()} milestones.", messages.SUCCESS)


@admin.register(HoursEntry)
class HoursEntryAdmin(_ResidencyColumns, admin.ModelAdmin):
    list_display = ["week_of", "fellow", "host", "hours", "signed_off_at"]
    list_filter = ["residency__fellow__cohort", ("signed_off_at", admin.EmptyFieldListFilter)]
    search_fields = ["activities", *RESIDENCY_SEARCH]
    list_select_related = RESIDENCY_RELATED
    raw_id_fields = ["residency"]
    readonly_fields = ["signed_off_at", "signed_off_by"]
    actions = ["sign_off", "reopen"]
    date_hierarchy = "week_of"

    @admin.action(description="Sign off the selected weeks", permissions=["change"])
    def sign_off(self, request, queryset):
        count = residency_services.sign_off_hours(list(queryset), user=request.user)
        self.message_user(request, f"Signed off {count} week{'s' if count != 1 else ''}.", messages.SUCCESS)

    @admin.action(
        description="Reopen the selected weeks so the fellow can correct them", permissions=["change"]
    )
    def reopen(self, request, queryset):
        entries = list(queryset.filter(signed_off_at__isnull=False))
        for entry in entries:
            residency_services.reopen_hours(entry)
        self.message_user(request, f"Reopened {len(entries)} week{'s' if len(entries) != 1 else ''}.")


@admin.register(Reflection)
class ReflectionAdmin(_ResidencyColumns, ReadOnlyAdmin):
    """The fellows' reflections: read-only, the fellow's own words."""

    list_display = ["title", "fellow", "host", "written_on", "shared_with_host"]
    list_filter = ["residency__fellow__cohort", "shared_with_host"]
    search_fields = ["title", "body", *RESIDENCY_SEARCH]
    list_select_related = RESIDENCY_RELATED
    date_hierarchy = "written_on"
