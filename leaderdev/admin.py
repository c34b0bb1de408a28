"""Staff's daily tool for the shared schema."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count

from .models import Network, Person, School, SchoolYear, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal info", {"fields": ["full_name"]}),
        ("Roles and permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    filter_horizontal = ["groups", "user_permissions"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "school_count"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(school_count=Count("schools"))

    @admin.display(ordering="school_count", description="schools")
    def school_count(self, obj):
        return obj.school_count


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
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
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "employee_id", "position", "tier", "school", "network", "role_start_date", "is_active"]
    list_filter = ["position", "tier", "school__level", "school__network", "is_active"]
    search_fields = ["first_name", "last_name", "email", "employee_id", "school__name"]
    list_select_related = ["school__network"]
    autocomplete_fields = ["school", "user"]
    date_hierarchy = "role_start_date"
    ordering = ["last_name", "first_name"]

    @admin.display(ordering="last_name", description="name")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(ordering="school__network__name", description="network")
    def network(self, obj):
        return obj.school.network if obj.school else "—"
