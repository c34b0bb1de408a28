"""The shared pages: home routing, staff dashboard, people directory, leader portal, health check."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import queries
from .exports import export_response
from .filters import PersonFilter
from .health import broker_status
from .models import Person, SchoolYear
from .permissions import PORTAL_ROLES, STAFF_ROLES, Role, has_role, public, role_required, visible_to
from .portal import portal_sections


@login_required
def home(request):
    """Send each role home: office staff to the dashboard; network staff to their schools' teams; leaders,
    mentors and coaches to the portal."""
    if has_role(request.user, *STAFF_ROLES):
        return redirect("staff_dashboard")
    if has_role(request.user, Role.NETWORK_STAFF):
        return redirect("programs:team_overview")
    if has_role(request.user, *PORTAL_ROLES):
        if has_role(request.user, Role.COACH) and not Person.objects.filter(user=request.user).exists():
            # Partner coaches are not district staff: no staff record, so no portal; their home is
            # the leaders they coach.
            return redirect("mentoring:my_people")
        return redirect("portal")
    return render(request, "leaderdev/no_role.html", status=403)


@require_GET
@role_required(*STAFF_ROLES)
def staff_dashboard(request):
    summary = queries.district_summary(SchoolYear.objects.current())
    return render(request, "leaderdev/staff_dashboard.html", {"summary": summary})


@require_GET
@role_required(*STAFF_ROLES)
def people(request):
    """The district's staff directory, filterable, for office staff."""
    people_filter = PersonFilter(request.GET, queryset=visible_to(request.user, queries.people_directory()))
    page = Paginator(people_filter.qs, 50).get_page(request.GET.get("page"))
    export_query = request.GET.copy()
    export_query.pop("page", None)
    return render(
        request,
        "leaderdev/people.html",
        {
            "filter": people_filter,
            "page": page,
            "school_year": SchoolYear.objects.current(),
            "export_query": export_query.urlencode(),
        },
    )


@require_GET
@role_required(*STAFF_ROLES)
def people_export(request):
    """The staff directory as CSV: the page's filters, every matching person rather than one page."""
    people_filter = PersonFilter(request.GET, queryset=visible_to(request.user, queries.people_directory()))
    school_year = SchoolYear.objects.current()
    filename = f"staff-directory-{timezone.localdate().isoformat()}"
    return export_response(people_filter.qs, queries.people_columns(school_year), filename)


@require_GET
@role_required(*PORTAL_ROLES)
def portal(request):
    """A leader's home: who they are in the district, then each app's sections (see leaderdev.portal)."""
    person = (
        visible_to(request.user, Person.objects.select_related("school__network"))
        .filter(user=request.user)
        .first()
    )
    school_year = SchoolYear.objects.current()
    return render(
        request,
        "leaderdev/portal.html",
        {
            "person": person,
            "school_year": school_year,
            "year_in_role": person.year_in_role(school_year) if person and school_year else None,
            "sections": portal_sections(request, person, school_year) if person else [],
        },
    )


@public
@never_cache
@require_GET
def healthz(request):
    """Liveness for load balancers and `make test`: the database and the Celery broker."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # any failure here means "not healthy", whatever the driver raised
        checks["database"] = f"error: {type(exc).__name__}"
    checks["broker"] = broker_status()
    healthy = checks["database"] == "ok" and checks["broker"] in ("ok", "disabled")
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
