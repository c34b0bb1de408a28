"""Pieces the apps' admin modules share: searching people by name, e-mail or employee id, and inlines
that show rows for context while a workflow elsewhere changes them."""

from django.contrib import admin

PERSON_SEARCH = ["first_name", "last_name", "email", "employee_id"]


def person_search(prefix: str) -> list[str]:
    """search_fields that find a Person reached through `prefix` ("mentee", "fellow__person" ...)."""
    return [f"{prefix}__{field}" for field in PERSON_SEARCH]


class ReadOnlyInline(admin.TabularInline):
    """Rows shown for context, changed elsewhere (through a service, another page or their own admin)."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
