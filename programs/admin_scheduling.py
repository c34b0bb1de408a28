"""Admin for convening scheduling: session series with their host rotation and generated sessions, and the
school year's blackout dates (on their own page and inline on the school year).

Staff write the rule here and press "Generate sessions now"; the nightly task does the same for every
active series of the current year (programs.tasks). Generated sessions are listed read-only on their
series: they are changed through the rule, or one by one on the session's own page.
"""

from django.contrib import admin, messages
from django.db.models import Count

from leaderdev.admin import SchoolYearAdmin as BaseSchoolYearAdmin
from leaderdev.errors import DomainError
from leaderdev.models import SchoolYear

from .models import BlackoutDate, SeriesHost, Session, SessionSeries
from .services import scheduling

#: Skipped occurrences listed one by one after "Generate sessions now"; beyond this, only a count.
SKIPPED_SHOWN = 5


class SeriesHostInline(admin.TabularInline):
    model = SeriesHost
    fields = ["position", "school"]
    autocomplete_fields = ["school"]
    extra = 0
    verbose_name = "host school"
    verbose_name_plural = "host schools, in the order of the rotation (occurrence 1 at the first)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("school")


class SeriesSessionInline(admin.TabularInline):
    """The sessions a series generated: shown, not edited (the rule writes them)."""

    model = Session
    fields = ["occurrence", "starts_at", "ends_at", "location", "school"]
    readonly_fields = fields
    ordering = ["occurrence"]
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "generated sessions"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("school")


@admin.register(SessionSeries)
class SessionSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "offering", "rule", "is_active", "session_count"]
    list_filter = ["offering__school_year", "pattern", "is_active", "offering__school_level"]
    search_fields = ["title", "location", "offering__program__name", "offering__cohort"]
    list_select_related = ["offering__program", "offering__school_year"]
    autocomplete_fields = ["offering"]
    readonly_fields = ["rule"]
    inlines = [SeriesHostInline, SeriesSessionInline]
    fieldsets = [
        (None, {"fields": ["offering", "title", "is_active"]}),
        (
            "Rule",
            {
                "fields": [
                    "pattern",
                    "weekday",
                    "nth",
                    "times_per_year",
                    "first_month",
                    "last_month",
                    "rule",
                ],
                "description": "Monthly: the nth weekday of each month (choose which). Spread: so many "
                "times a year, evenly over the months. A weekend or blackout day moves to the next school "
                "day of the same month (or part of the year).",
            },
        ),
        ("Time and place", {"fields": ["start_time", "minutes", "location"]}),
    ]
    actions = ["generate_now"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(session_count=Count("sessions"))

    @admin.display(description="sessions", ordering="session_count")
    def session_count(self, obj):
        return obj.session_count

    @admin.display(description="rule in words")
    def rule(self, obj):
        return obj.rule if obj.pk else "-"

    @admin.action(description="Generate sessions now", permissions=["change"])
    def generate_now(self, request, queryset):
        for series in queryset.select_related("offering__school_year"):
            try:
                result = scheduling.generate_sessions(series)
            except DomainError as error:
                self.message_user(request, str(error), messages.ERROR)
                continue
            self.message_user(request, f"{series.title}: {result}.", messages.SUCCESS)
            if result.skipped:
                shown = "; ".join(str(skip) for skip in result.skipped[:SKIPPED_SHOWN])
                more = len(result.skipped) - SKIPPED_SHOWN
                if more > 0:
                    shown += f"; and {more} more"
                self.message_user(request, f"{series.title}, not scheduled: {shown}.", messages.WARNING)


@admin.register(BlackoutDate)
class BlackoutDateAdmin(admin.ModelAdmin):
    list_display = ["reason", "start_date", "end_date", "kind", "school_year"]
    list_filter = ["school_year", "kind"]
    search_fields = ["reason"]
    list_select_related = ["school_year"]
    date_hierarchy = "start_date"


class BlackoutDateInline(admin.TabularInline):
    model = BlackoutDate
    fields = ["start_date", "end_date", "kind", "reason"]
    extra = 0


# The school year's page lists its blackout dates too. The year belongs to leaderdev, which knows nothing
# of programs, so programs extends the year's admin rather than leaderdev importing programs.
admin.site.unregister(SchoolYear)


@admin.register(SchoolYear)
class SchoolYearAdmin(BaseSchoolYearAdmin):
    inlines = [*BaseSchoolYearAdmin.inlines, BlackoutDateInline]
