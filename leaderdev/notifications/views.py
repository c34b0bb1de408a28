"""The notification pages: a person's own reminder choices, and the staff's record of what went out."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leaderdev.permissions import STAFF_ROLES, role_required

from . import kinds as registry
from . import queries, services
from .filters import NotificationFilter
from .forms import PreferencesForm
from .models import Notification

PAGE_SIZE = 50
# An outbox row older than this means the broker has not taken it: publishing normally takes a moment.
OUTBOX_STALE = datetime.timedelta(minutes=2)


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request):
    """Everyone's own page: which reminders they get, and the last ones sent to them."""
    form = PreferencesForm(
        registry.all_kinds(),
        data=request.POST if request.method == "POST" else None,
        initial=services.preferences_of(request.user),
    )
    if form.is_valid():
        services.set_preferences(request.user, form.enabled_codes())
        messages.success(request, "Your reminder choices are saved.")
        return redirect("notification_preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "notifications": queries.with_labels(queries.own_recent(request.user))},
    )


@require_GET
@role_required(*STAFF_ROLES)
def notification_list(request):
    """What LeaderDev sent, is sending and failed to send, and whether tasks are stuck before the broker."""
    notification_filter = NotificationFilter(request.GET, queryset=queries.staff_list())
    page = Paginator(notification_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = queries.with_labels(page.object_list)
    backlog = queries.outbox_backlog()
    age = backlog.age()
    return render(
        request,
        "notifications/list.html",
        {
            "filter": notification_filter,
            "page": page,
            "summary": queries.summary(),
            "backlog": backlog,
            "backlog_age": age,
            "broker_stuck": age is not None and age > OUTBOX_STALE,
            "querystring": request.GET.urlencode(),
        },
    )


@require_POST
@role_required(*STAFF_ROLES)
def notification_resend(request, pk):
    """Send one notification again (a new record pointing at the original), then back to the list."""
    notification = get_object_or_404(Notification.objects.select_related("recipient"), pk=pk)
    services.resend(notification, by=request.user)
    messages.success(request, f"Sent again to {notification.recipient.email}.")
    # Back to the list as it was filtered; the querystring is re-encoded, never used as a URL of its own.
    query = QueryDict(request.POST.get("querystring", "")).urlencode()
    return redirect(reverse("notification_list") + (f"?{query}" if query else ""))
