"""The admin side of the audit history: a "History" page on each audited record's change page."""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class AuditedAdmin(SimpleHistoryAdmin):
    """A ModelAdmin whose "History" lists each saved version: who, when, the reason and the changed fields.

    Old versions are read-only. Reverting would write a whole old row past the services' rules
    (capacity, status transitions, who may verify): staff change the record itself instead.
    """

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied("Old versions are read-only: change the record itself.")
        return super().history_form_view(request, object_id, version_id, extra_context)
