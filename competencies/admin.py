"""Admin for frameworks, assessments and the implementation rubric.

A version's content is editable only while it is a draft: once published (active) or retired it is the
record assessments were made against, so its domains, competencies and scale become read-only. New
versions start as a copy ("Start the next version") and go live with "Publish".
"""

from django.contrib import admin, messages
from django.db.models import Count, OuterRef, Subquery

from leaderdev.errors import DomainError

from . import services
from .models import (
    Assessment,
    Competency,
    Domain,
    Framework,
    FrameworkVersion,
    ImplementationRating,
    ImplementationSystem,
    ProficiencyLevel,
    ProficiencyScale,
    Rating,
    VersionStatus,
)


class DraftOnlyMixin:
    """Objects that may change only while their version is a draft. For an inline, `obj` is the parent."""

    def version_of(self, obj):
        raise NotImplementedError

    def _editable(self, obj):
        return obj is None or self.version_of(obj).is_editable

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(obj)


class DraftOnlyInline(DraftOnlyMixin):
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._editable(obj)


class VersionListFilter(admin.RelatedFieldListFilter):
    """Filter by framework version, naming each with its framework in one query (not one per choice)."""

    def field_choices(self, field, request, model_admin):
        return [(v.pk, str(v)) for v in FrameworkVersion.objects.select_related("framework")]


class FrameworkVersionInline(admin.TabularInline):
    model = FrameworkVersion
    fields = ["label", "status", "published_on", "retired_on"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "active_version_label", "version_count"]
    search_fields = ["name"]
    inlines = [FrameworkVersionInline]

    def get_queryset(self, request):
        active = FrameworkVersion.objects.filter(framework=OuterRef("pk"), status=VersionStatus.ACTIVE)
        return (
            super()
            .get_queryset(request)
            .annotate(version_count=Count("versions"), active_label=Subquery(active.values("label")[:1]))
        )

    @admin.display(description="versions", ordering="version_count")
    def version_count(self, obj):
        return obj.version_count

    @admin.display(description="active version", ordering="active_label")
    def active_version_label(self, obj):
        return obj.active_label or "—"


class DomainInline(DraftOnlyInline, admin.StackedInline):
    model = Domain
    fields = ["number", "title", "description"]
    extra = 0
    show_change_link = True

    def version_of(self, obj):
        return obj  # the inline's parent is the version itself


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "published_on", "retired_on", "competency_count"]
    list_filter = ["status", "framework"]
    search_fields = ["framework__name", "label"]
    list_select_related = ["framework"]
    readonly_fields = ["status", "based_on", "published_on", "retired_on"]
    inlines = [DomainInline]
    actions = ["start_next_version", "publish_versions"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(competency_count=Count("domains__competencies"))

    @admin.display(description="competencies", ordering="competency_count")
    def competency_count(self, obj):
        return obj.competency_count

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return ["framework", "label", "description", "scale", *self.readonly_fields]
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        # A published version is the record: its page is view-only (actions still work from the list).
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        # Only an unused draft may be deleted; published versions are the record.
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_editable)

    @admin.action(description="Start the next version (a draft copy) of the selected version")
    def start_next_version(self, request, queryset):
        for version in queryset.select_related("framework"):
            label = _next_label(version)
            try:
                draft = services.draft_next_version(version, label)
            except DomainError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request, f"{draft} is a new draft; edit it, then publish it.", messages.SUCCESS
                )

    @admin.action(description="Publish the selected draft (retires the active version)")
    def publish_versions(self, request, queryset):
        for version in queryset:
            try:
                published = services.publish(version)
            except DomainError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, f"{published} is now active.", messages.SUCCESS)


def _next_label(version: FrameworkVersion) -> str:
    """5 after 4; otherwise "<label> (next)", with a number if that is taken. Staff may rename a draft."""
    taken = set(
        FrameworkVersion.objects.filter(framework_id=version.framework_id).values_list("label", flat=True)
    )
    if version.label.isdigit():
        candidate = int(version.label) + 1
        while str(candidate) in taken:
            candidate += 1
        return str(candidate)
    candidate, n = f"{version.label} (next)", 2
    while candidate in taken:
        candidate, n = f"{version.label} (next {n})", n + 1
    return candidate


class CompetencyInline(DraftOnlyInline, admin.TabularInline):
    model = Competency
    fields = ["number", "statement"]
    extra = 0

    def version_of(self, obj):
        return obj.version  # the parent is a Domain


@admin.register(Domain)
class DomainAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "version", "competency_count"]
    list_filter = ["version__status", ("version", VersionListFilter)]
    search_fields = ["title", "description"]
    list_select_related = ["version__framework"]
    inlines = [CompetencyInline]

    def version_of(self, obj):
        return obj.version

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["queryset"] = FrameworkVersion.objects.filter(status=VersionStatus.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(competency_count=Count("competencies"))

    @admin.display(description="competencies", ordering="competency_count")
    def competency_count(self, obj):
        return obj.competency_count


@admin.register(Competency)
class CompetencyAdmin(DraftOnlyMixin, admin.ModelAdmin):
    list_display = ["code", "short_statement", "version"]
    list_filter = ["domain__version__status", ("domain__version", VersionListFilter)]
    search_fields = ["statement", "domain__title"]
    list_select_related = ["domain__version__framework"]
    ordering = ["domain__version", "domain__number", "number"]
    readonly_fields = ["copied_from"]

    def version_of(self, obj):
        return obj.domain.version

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "domain":
            kwargs["queryset"] = Domain.objects.filter(version__status=VersionStatus.DRAFT).select_related(
                "version__framework"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="code", ordering="domain__number")
    def code(self, obj):
        return obj.code

    @admin.display(description="version")
    def version(self, obj):
        return obj.domain.version


class ProficiencyLevelInline(admin.TabularInline):
    model = ProficiencyLevel
    extra = 0

    def _in_use(self, obj):
        return obj is not None and obj.versions.exclude(status=VersionStatus.DRAFT).exists()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._in_use(obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._in_use(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._in_use(obj)


@admin.register(ProficiencyScale)
class ProficiencyScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "level_count"]
    inlines = [ProficiencyLevelInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(level_count=Count("levels"))

    @admin.display(description="levels", ordering="level_count")
    def level_count(self, obj):
        return obj.level_count


class RatingInline(admin.TabularInline):
    model = Rating
    fields = ["competency", "level", "evidence"]
    extra = 0
    autocomplete_fields = ["competency"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "version", "assessed_on", "assessor"]
    list_filter = ["kind", ("version", VersionListFilter), "person__school__network"]
    search_fields = ["person__first_name", "person__last_name", "person__employee_id", "assessor__email"]
    list_select_related = ["person", "version__framework", "assessor"]
    autocomplete_fields = ["person", "assessor"]
    date_hierarchy = "assessed_on"
    inlines = [RatingInline]


@admin.register(ImplementationSystem)
class ImplementationSystemAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "description"]


@admin.register(ImplementationRating)
class ImplementationRatingAdmin(admin.ModelAdmin):
    list_display = ["school", "school_year", "system", "level", "rated_on", "rated_by"]
    list_filter = ["school_year", "system", "level", "school__network", "school__level"]
    search_fields = ["school__name", "school__code", "notes"]
    list_select_related = ["school", "school_year", "system", "rated_by"]
    autocomplete_fields = ["school"]
    date_hierarchy = "rated_on"
