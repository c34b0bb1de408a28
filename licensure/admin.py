"""Admin for licensure support, the licensure team's daily tool: license types with their requirement
checklists, employees' pursuits with their progress and evidence, and the monthly support groups with
their members, meetings and attendance.

- Evidence files are private (leaderdev.uploads): the admin never shows a file's storage URL. The file
  is read-only once uploaded, and a link to ``licensure:evidence_download`` (which checks who may see
  it) stands in its place.
- A requirement's status is shown, not typed, once its row exists: the "Verify" action calls the
  progress service's verify() (which records who and when, and wants evidence where the requirement
  needs some); returning an item with a reason is done on the pursuit's page.
- Attendance may only be recorded for a group's members.

Changelists read what they show in a fixed number of queries (list_select_related, counts annotated).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from leaderdev import admin_helpers
from leaderdev.admin_helpers import person_search
from leaderdev.audit_admin import AuditedAdmin
from leaderdev.errors import DomainError
from leaderdev.models import Person

from .models import (
    ACTIVE_PURSUIT_STATUSES,
    AttendanceStatus,
    Evidence,
    GroupMembership,
    LicensePursuit,
    LicenseType,
    MeetingAttendance,
    ProgressStatus,
    Requirement,
    RequirementProgress,
    SupportGroup,
    SupportMeeting,
)
from .services import progress as progress_services


def _count(queryset, by: str):
    """A correlated COUNT subquery (0 when none), so two counted relations never multiply each other."""
    counted = queryset.order_by().values(by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def evidence_download_link(evidence: Evidence) -> str:
    """A link to the evidence's permission-checked download page, never to the stored file itself."""
    if not evidence.file:
        return (
            format_html('<a href="{}" rel="noopener noreferrer">{}</a>', evidence.link, evidence.link)
            if evidence.link
            else "—"
        )
    name = evidence.original_name or "Download the file"
    try:
        url = reverse("licensure:evidence_download", args=[evidence.pk])
    except NoReverseMatch:  # the download page is not installed yet: say so, and show no URL at all
        return f"{name} (download page not available yet)"
    return format_html('<a href="{}">{}</a>', url, name)


class GroupListFilter(admin.RelatedFieldListFilter):
    """Filter by support group, naming each group with its year in one query (not one per group)."""

    def field_choices(self, field, request, model_admin):
        groups = SupportGroup.objects.select_related("school_year")
        return [(group.pk, str(group)) for group in groups]


class ReadOnlyInline(admin_helpers.ReadOnlyInline):
    """Rows shown for context, changed on their own admin page (the change link) or elsewhere."""

    show_change_link = True


# --- License types and their requirements -------------------------------------------------------------------


class RequirementInline(admin.TabularInline):
    model = Requirement
    fields = ["order", "kind", "title", "target_amount", "unit", "evidence_required", "is_active"]
    ordering = ["order", "pk"]
    extra = 0


@admin.register(LicenseType)
class LicenseTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "authority", "is_active", "requirement_count", "active_pursuits"]
    list_filter = ["is_active", "authority"]
    search_fields = ["name", "code", "description"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [RequirementInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                requirements_total=_count(
                    Requirement.objects.filter(license_type=OuterRef("pk"), is_active=True), "license_type"
                ),
                pursuits_total=_count(
                    LicensePursuit.objects.filter(
                        license_type=OuterRef("pk"), status__in=ACTIVE_PURSUIT_STATUSES
                    ),
                    "license_type",
                ),
            )
        )

    @admin.display(description="active requirements", ordering="requirements_total")
    def requirement_count(self, obj):
        return obj.requirements_total

    @admin.display(description="active pursuits", ordering="pursuits_total")
    def active_pursuits(self, obj):
        return obj.pursuits_total


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = ["title", "license_type", "kind", "order", "target", "evidence_required", "is_active"]
    list_filter = ["license_type", "kind", "is_active", "evidence_required"]
    search_fields = ["title", "description", "license_type__name"]
    list_select_related = ["license_type"]
    ordering = ["license_type__name", "order", "pk"]

    @admin.display(description="target", ordering="target_amount")
    def target(self, obj):
        return f"{obj.target_amount.normalize():f} {obj.unit}" if obj.target_amount is not None else "—"


# --- Pursuits, progress and evidence ------------------------------------------------------------------------


class ProgressInline(ReadOnlyInline):
    model = RequirementProgress
    fields = ["requirement", "status", "amount_done", "completed_on", "verified_at", "verified_by"]
    readonly_fields = fields
    verbose_name_plural = "progress per requirement (open a row to change or verify it)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("requirement", "verified_by")


@admin.register(LicensePursuit)
class LicensePursuitAdmin(AuditedAdmin):
    list_display = [
        "person",
        "license_type",
        "status",
        "target_date",
        "started_on",
        "verified",
        "licensed_on",
    ]
    list_filter = ["status", "license_type", "person__position", "person__school__network"]
    search_fields = [*person_search("person"), "license_type__name"]
    list_select_related = ["person", "license_type"]
    autocomplete_fields = ["person"]
    date_hierarchy = "target_date"
    inlines = [ProgressInline]

    def get_queryset(self, request):
        # select_related for the autocomplete too, whose labels name the person and the license.
        verified = RequirementProgress.objects.filter(
            pursuit=OuterRef("pk"), status=ProgressStatus.VERIFIED, requirement__is_active=True
        )
        required = Requirement.objects.filter(license_type=OuterRef("license_type"), is_active=True)
        return (
            super()
            .get_queryset(request)
            .select_related("person", "license_type")
            .annotate(
                verified_total=_count(verified, "pursuit"), required_total=_count(required, "license_type")
            )
        )

    @admin.display(description="verified", ordering="verified_total")
    def verified(self, obj):
        return f"{obj.verified_total} of {obj.required_total}"


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ["description", "download", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description="file or link")
    def download(self, obj):
        return evidence_download_link(obj)


class ProgressAdminForm(forms.ModelForm):
    class Meta:
        model = RequirementProgress
        fields = [
            "pursuit",
            "requirement",
            "status",
            "amount_done",
            "completed_on",
            "note",
            "returned_reason",
        ]

    def clean(self):
        data = super().clean()
        pursuit, requirement = data.get("pursuit"), data.get("requirement")
        if pursuit and requirement and requirement.license_type_id != pursuit.license_type_id:
            raise ValidationError(f"“{requirement}” is not a requirement of {pursuit.license_type}.")
        if data.get("status") == ProgressStatus.VERIFIED:
            self.add_error("status", "Add the row first, then verify it with the “Verify” action.")
        return data


@admin.register(RequirementProgress)
class RequirementProgressAdmin(AuditedAdmin):
    form = ProgressAdminForm
    list_display = ["person", "license", "requirement", "status", "amount_done", "verified_at", "verified_by"]
    list_filter = ["status", "requirement__license_type", "requirement__kind"]
    search_fields = [*person_search("pursuit__person"), "requirement__title"]
    list_select_related = ["pursuit__person", "pursuit__license_type", "requirement", "verified_by"]
    autocomplete_fields = ["pursuit"]
    readonly_fields = ["verified_at", "verified_by"]
    fields = [
        "pursuit",
        "requirement",
        "status",
        "amount_done",
        "completed_on",
        "note",
        "returned_reason",
        "verified_at",
        "verified_by",
    ]
    inlines = [EvidenceInline]

    actions = ["verify_selected"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return ["pursuit", "requirement", "status", *self.readonly_fields]

    @admin.action(description="Verify the selected requirements", permissions=["change"])
    def verify_selected(self, request, queryset):
        done, refused = [], []
        for progress in queryset.select_related("pursuit__person", "requirement"):
            try:
                progress_services.verify(progress, request.user)
            except DomainError as error:
                refused.append(f"{progress.pursuit.person.full_name}: {error}")
            else:
                done.append(f"{progress.pursuit.person.full_name} ({progress.requirement})")
        if done:
            self.message_user(request, f"Verified: {', '.join(done)}.", messages.SUCCESS)
        for refusal in refused:
            self.message_user(request, refusal, messages.ERROR)

    def get_queryset(self, request):
        # Also for the autocomplete of evidence, whose labels name the person and the license.
        return (
            super()
            .get_queryset(request)
            .select_related("pursuit__person", "pursuit__license_type", "requirement")
        )

    @admin.display(description="person", ordering="pursuit__person__last_name")
    def person(self, obj):
        return obj.pursuit.person

    @admin.display(description="license", ordering="pursuit__license_type__name")
    def license(self, obj):
        return obj.pursuit.license_type


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    """The file is uploaded once and then read-only: its link goes through the download page, never to
    the stored file (``file`` is not in the change form at all, so no widget can print its URL)."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # a bare "ets.org/..." is https
    list_display = ["description", "person", "requirement", "download", "uploaded_by", "uploaded_at"]
    list_filter = ["progress__requirement__license_type", "progress__requirement__kind", "uploaded_at"]
    search_fields = [*person_search("progress__pursuit__person"), "description", "original_name"]
    list_select_related = [
        "progress__pursuit__person",
        "progress__requirement",
        "uploaded_by",
    ]
    autocomplete_fields = ["progress"]
    date_hierarchy = "uploaded_at"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["progress", "file", "link", "description"]
        return ["progress", "description", "download", "original_name", "uploaded_by", "uploaded_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["progress", "download", "original_name", "uploaded_by", "uploaded_at"]

    @admin.display(description="person", ordering="progress__pursuit__person__last_name")
    def person(self, obj):
        return obj.progress.pursuit.person

    @admin.display(description="requirement", ordering="progress__requirement__title")
    def requirement(self, obj):
        return obj.progress.requirement

    @admin.display(description="file or link")
    def download(self, obj):
        return evidence_download_link(obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
            if obj.file:
                obj.original_name = obj.file.name.rsplit("/", 1)[-1][:200]
        super().save_model(request, obj, form, change)


# --- Support groups and meetings ----------------------------------------------------------------------------


class MembershipInline(admin.TabularInline):
    model = GroupMembership
    fields = ["person", "joined_on"]
    autocomplete_fields = ["person"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class SupportGroupAdminForm(forms.ModelForm):
    class Meta:
        model = SupportGroup
        fields = ["school_year", "name", "facilitators", "usual_time"]


@admin.register(SupportGroup)
class SupportGroupAdmin(admin.ModelAdmin):
    form = SupportGroupAdminForm
    list_display = ["name", "school_year", "facilitator_names", "member_count", "meeting_count", "usual_time"]
    list_filter = ["school_year"]
    search_fields = ["name", *person_search("facilitators")]
    list_select_related = ["school_year"]
    autocomplete_fields = ["facilitators"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("school_year")
            .prefetch_related(Prefetch("facilitators", queryset=Person.objects.order_by("last_name")))
            .annotate(
                members_total=_count(GroupMembership.objects.filter(group=OuterRef("pk")), "group"),
                meetings_total=_count(SupportMeeting.objects.filter(group=OuterRef("pk")), "group"),
            )
        )

    @admin.display(description="facilitators")
    def facilitator_names(self, obj):
        return ", ".join(person.full_name for person in obj.facilitators.all()) or "—"

    @admin.display(description="members", ordering="members_total")
    def member_count(self, obj):
        return obj.members_total

    @admin.display(description="meetings", ordering="meetings_total")
    def meeting_count(self, obj):
        return obj.meetings_total

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A facilitator runs the group; they are not one of its members.
        group = form.instance
        clash = group.memberships.filter(person__in=group.facilitators.all()).select_related("person")
        for membership in clash:
            self.message_user(
                request,
                f"{membership.person.full_name} facilitates {group.name}, so they are no longer a member.",
                level="warning",
            )
            membership.delete()


@admin.register(GroupMembership)
class GroupMembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "group", "school_year", "joined_on"]
    list_filter = ["group__school_year", ("group", GroupListFilter)]
    search_fields = [*person_search("person"), "group__name"]
    list_select_related = ["person", "group__school_year"]
    autocomplete_fields = ["person", "group"]

    @admin.display(description="school year", ordering="group__school_year__start_date")
    def school_year(self, obj):
        return obj.group.school_year


class AttendanceForm(forms.ModelForm):
    """Attendance only for members of the meeting's group."""

    class Meta:
        model = MeetingAttendance
        fields = ["meeting", "person", "status", "next_steps"]

    def clean(self):
        data = super().clean()
        meeting = data.get("meeting") or getattr(self.instance, "meeting", None)
        person = data.get("person")
        if meeting is None or meeting.pk is None or person is None:
            return data
        if not GroupMembership.objects.filter(group_id=meeting.group_id, person=person).exists():
            raise ValidationError(f"{person.full_name} is not a member of {meeting.group.name}.")
        return data


class AttendanceInline(admin.TabularInline):
    model = MeetingAttendance
    form = AttendanceForm
    fields = ["person", "status", "next_steps"]
    autocomplete_fields = ["person"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "meeting__group")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "next_steps":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 50})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(SupportMeeting)
class SupportMeetingAdmin(admin.ModelAdmin):
    list_display = ["group", "starts_at", "ends_at", "location", "present", "marked"]
    list_filter = ["group__school_year", ("group", GroupListFilter)]
    search_fields = ["group__name", "location", "agenda"]
    list_select_related = ["group__school_year"]
    autocomplete_fields = ["group"]
    date_hierarchy = "starts_at"
    inlines = [AttendanceInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("group__school_year")
            .annotate(
                present_total=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT)),
                marked_total=Count("attendance"),
            )
        )

    @admin.display(description="present", ordering="present_total")
    def present(self, obj):
        return obj.present_total

    @admin.display(description="marked", ordering="marked_total")
    def marked(self, obj):
        return obj.marked_total


@admin.register(MeetingAttendance)
class MeetingAttendanceAdmin(admin.ModelAdmin):
    form = AttendanceForm
    list_display = ["person", "meeting", "status", "short_next_steps"]
    list_filter = ["status", "meeting__group__school_year", ("meeting__group", GroupListFilter)]
    search_fields = [*person_search("person"), "meeting__group__name", "next_steps"]
    list_select_related = ["person", "meeting__group"]
    autocomplete_fields = ["person", "meeting"]

    @admin.display(description="next steps")
    def short_next_steps(self, obj):
        return Truncator(obj.next_steps).chars(80) or "—"
