"""The admin of notifications: the record of what went out (read-only), a way to send one again, the
task outbox, and people's stored reminder choices."""

from django.contrib import admin, messages

from . import services
from .models import Notification, NotificationPreference, OutboxTask


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "due", "sequence", "status", "attempts", "sent_at", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["recipient__email", "email", "title"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "resend_of", "resent_by"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    # The record of what was sent is history: it is made by services (plan, notify, resend), never by hand.
    readonly_fields = [
        "kind",
        "recipient",
        "subject_type",
        "subject_id",
        "due",
        "sequence",
        "status",
        "attempts",
        "last_error",
        "email",
        "title",
        "sent_at",
        "resend_of",
        "resent_by",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Send again", permissions=["change"])
    def send_again(self, request, queryset):
        again = [services.resend(notification, by=request.user) for notification in queryset]
        noun = "notification" if len(again) == 1 else "notifications"
        self.message_user(request, f"Sent {len(again)} {noun} again.", messages.SUCCESS)


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):
    """Tasks handed to Celery through the outbox; unpublished ones wait for the broker."""

    list_display = ["task_name", "args", "created_at", "published_at", "attempts", "last_error"]
    list_filter = [("published_at", admin.EmptyFieldListFilter), "task_name"]
    search_fields = ["task_name"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "enabled", "updated_at"]
    list_filter = ["kind", "enabled"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
