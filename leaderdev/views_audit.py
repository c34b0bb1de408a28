"""The staff "Audit history" page: recent changes to the records each office owns, newest first."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .audit import audit_page
from .permissions import STAFF_ROLES, role_required


@require_GET
@role_required(*STAFF_ROLES)
def audit_history(request):
    """Who changed which record, when, and what changed; filterable. Each office reads its own kinds."""
    audit_filter, page = audit_page(request.user, request.GET, request.GET.get("page"))
    return render(request, "leaderdev/audit_history.html", {"filter": audit_filter, "page": page})
