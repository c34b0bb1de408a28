"""Staff's daily tool for the shared schema."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export.admin import ImportMixin
from import_export.forms import ImportForm

from .audit_admin import AuditedAdmin
from .exports import export_action
from .imports import HRCSVFormat, ImportFileError, SchoolResource, StaffResource, report_from_result
from .models import Network, NetworkSupportMember, Person, School, SchoolYear, User
from .queries import people_columns_for
from .uploads import UploadRule

# An HR export of every school or every staff member is well under a megabyte.
HR_FILE_RULE = UploadRule("csv", max_mb=5)


class HRImportForm(ImportForm):
    """import-export's upload form, its file checked like every upload (size, and text not a program)."""

    import_file = forms.FileField(
        label="File to import",
        validators=[HR_FILE_RULE],
        widget=forms.ClearableFileInput(attrs={"accept": HR_FILE_RULE.accept}),
        help_text=f"{HR_FILE_RULE.description}.",
    )


class HRImportMixin(ImportMixin):
    """Upload an HR CSV export from the list page, through the same engine as `manage.py import_hr`.

    import-export's preview (a dry run) lists every bad row by its line in the file and offers no
    "Confirm" until the file is clean; the resources roll back the whole file when any row is bad, so
    even a file that went bad between preview and confirm writes nothing.
    """

    import_formats = [HRCSVFormat]
    import_form_class = HRImportForm
    #: models besides this admin's own that an import may add and change
    import_also_changes: tuple[type, ...] = ()

    def has_import_permission(self, request):
        """An import adds and changes rows: it needs both permissions on every model it writes."""
        perms = [
            f"{model._meta.app_label}.{get_permission_codename(action, model._meta)}"
            for model in (self.model, *self.import_also_changes)
            for action in ("add", "change")
        ]
        return request.user.has_perms(perms)

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        result = getattr(response, "context_data", {}).get("result")
        if result is not None and (result.has_errors() or result.has_validation_errors()):
            self.message_import_errors(request, result)
        return response

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            self.message_import_errors(request, result)
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        report = report_from_result(result)
        messages.success(request, f"Imported {self.opts.verbose_name_plural}: {report.summary()}")
        for note in report.notes:
            messages.info(request, note)

    def message_import_errors(self, request, result):
        report = report_from_result(result)
        for error in report.errors:
            messages.error(request, str(error))
        messages.error(request, report.summary())


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal info", {"fields": ["full_name"]}),
        (
            "Roles and permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    filter_horizontal = ["groups", "user_permissions"]


class NetworkSupportMemberInline(admin.TabularInline):
    """The network's support team: the central-office staff who see its schools' teams and plans. Give
    those with a login the "Network staff" role too."""

    model = NetworkSupportMember
    extra = 0
    autocomplete_fields = ["person"]
    verbose_name = "support team member"
    verbose_name_plural = "support team (network staff)"


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "school_count"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [NetworkSupportMemberInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(school_count=Count("schools"))

    @admin.display(ordering="school_count", description="schools")
    def school_count(self, obj):
        return obj.school_count


@admin.register(School)
class SchoolAdmin(HRImportMixin, admin.ModelAdmin):
    resource_classes = [SchoolResource]
    import_also_changes = (Network,)
    list_display = ["name", "code", "level", "network", "is_active"]
    list_filter = ["level", "network", "is_active"]
    search_fields = ["name", "code"]
    list_select_related = ["network"]
    autocomplete_fields = ["network"]


@admin.register(SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):
    list_display = ["name", "start_date", "end_date", "is_current"]
    ordering = ["-start_date"]
    actions = ["make_current"]

    @admin.action(description="Make the selected year the current school year")
    def make_current(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one school year to make current.", level="error")
            return
        year = queryset.get()
        year.make_current()
        self.message_user(request, f"{year} is now the current school year.")


@admin.register(Person)
class PersonAdmin(HRImportMixin, AuditedAdmin):
    resource_classes = [StaffResource]
    list_display = [
        "full_name",
        "employee_id",
        "position",
        "tier",
        "school",
        "network",
        "role_start_date",
        "is_active",
    ]
    list_filter = ["position", "tier", "school__level", "school__network", "is_active"]
    search_fields = ["first_name", "last_name", "email", "employee_id", "school__name"]
    list_select_related = ["school__network"]
    autocomplete_fields = ["school", "user"]
    date_hierarchy = "role_start_date"
    ordering = ["last_name", "first_name"]
    actions = [export_action(people_columns_for, "people", "Export selected people as CSV")]

    @admin.display(ordering="last_name", description="name")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(ordering="school__network__name", description="network")
    def network(self, obj):
        return obj.school.network if obj.school else "—"


from .notifications import admin as notifications_admin  # noqa: E402,F401
