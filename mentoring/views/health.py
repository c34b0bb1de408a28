"""Program staff's mentoring pages: the mentor pool (and the year's mentees), partner-coaching coverage
with assigning a coach, and mentorship health with its CSV.

Every page is for the current school year. Each view checks the role, then reads through one query
module (mentoring.queries.pool, mentoring.queries.health) or calls one service (mentoring.services.pool,
mentoring.services.coaching); lists go through the object rules (visible_to) like every other page.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leaderdev.errors import DomainError
from leaderdev.exports import export_response
from leaderdev.models import Person, SchoolYear
from leaderdev.permissions import Role, get_visible_or_404, role_required, visible_to

from ..filters import (
    CoachingHealthFilter,
    CoverageFilter,
    MenteeFilter,
    MentorPoolFilter,
    MentorshipHealthFilter,
)
from ..forms_pool import MOVE_CHOICES, AssignCoachForm, MentorMoveForm
from ..queries import health as health_queries
from ..queries import pool as queries

PAGE_SIZE = 100


def _current_year():
    return SchoolYear.objects.current()


def _no_year(request, title):
    return render(request, "mentoring/pool/no_year.html", {"title": title})


def _back(name, query: str) -> str:
    url = reverse(f"mentoring:{name}")
    return f"{url}?{query}" if query else url


# --- The mentor pool ---------------------------------------------------------------------------------------


@require_GET
@role_required(Role.PROGRAM_STAFF)
def pool(request):
    """The year's mentors: status, school, places, strengths, languages; filters and status moves."""
    school_year = _current_year()
    if school_year is None:
        return _no_year(request, "Mentor pool")
    pool_filter = MentorPoolFilter(request.GET, queryset=visible_to(request.user, queries.pool(school_year)))
    page = Paginator(pool_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mentoring/pool/pool.html",
        {
            "school_year": school_year,
            "filter": pool_filter,
            "page": page,
            "rows": queries.pool_rows(page.object_list),
            "summary": queries.pool_summary(school_year),
            "move_form": MentorMoveForm(school_year),
            "query": request.GET.urlencode(),
            "tab": "mentors",
        },
    )


@require_POST
@role_required(Role.PROGRAM_STAFF)
def pool_move(request):
    """Move the ticked mentors (or one row's) to a status through move_mentor; say who moved and who not."""
    school_year = _current_year()
    back = _back("pool", request.GET.urlencode())
    if school_year is None:
        return redirect(back)
    form = MentorMoveForm(school_year, request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect(back)
    report = form.perform(request.user)
    if report.moved:
        label = dict(MOVE_CHOICES)[form.cleaned_data["to_status"]].lower()
        names = ", ".join(mentor.person.full_name for mentor in report.moved)
        messages.success(request, f"Moved to {label}: {names}.")
    for refusal in report.refused:
        messages.error(request, refusal)
    return redirect(back)


@require_GET
@role_required(Role.PROGRAM_STAFF)
def pool_mentees(request):
    """The year's mentees (every new leader): profile and needs, preferences, their mentor if matched."""
    school_year = _current_year()
    if school_year is None:
        return _no_year(request, "Mentees")
    mentee_filter = MenteeFilter(request.GET, queryset=visible_to(request.user, queries.mentees(school_year)))
    page = Paginator(mentee_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mentoring/pool/mentees.html",
        {
            "school_year": school_year,
            "filter": mentee_filter,
            "page": page,
            "summary": queries.mentee_summary(school_year),
            "tab": "mentees",
        },
    )


# --- Partner coaching ---------------------------------------------------------------------------------


@require_GET
@role_required(Role.PROGRAM_STAFF)
def coaching_coverage(request):
    """Every new principal and head of school, with their coach and organisation or "no coach yet"."""
    school_year = _current_year()
    if school_year is None:
        return _no_year(request, "Coaching coverage")
    coverage_filter = CoverageFilter(
        request.GET,
        queryset=visible_to(request.user, queries.coverage(school_year)),
        school_year=school_year,
    )
    page = Paginator(coverage_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mentoring/pool/coverage.html",
        {
            "school_year": school_year,
            "filter": coverage_filter,
            "page": page,
            "summary": queries.coverage_summary(school_year),
            "query": request.GET.urlencode(),
            "tab": "coaching",
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def assign_coach(request):
    """Give one school leader (``?leader=<id>``) a partner coach for the current year."""
    school_year = _current_year()
    if school_year is None:
        return _no_year(request, "Assign a coach")
    leaders = Person.objects.school_leaders().filter(is_active=True).select_related("school__network")
    leader_id = request.GET.get("leader", "")
    if not leader_id.isdigit():
        raise Http404("Choose a school leader to assign a coach to.")
    leader = get_visible_or_404(request.user, leaders, pk=int(leader_id))
    back = request.GET.get("next", "")
    if not back.startswith(reverse("mentoring:coaching_coverage")):
        back = reverse("mentoring:coaching_coverage")
    if request.method == "POST":
        form = AssignCoachForm(school_year, {**request.POST.dict(), "leader": leader.pk})
        if form.is_valid():
            try:
                assignment = form.save()
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"{assignment.coach.full_name} ({assignment.coach.organization}) now coaches "
                    f"{leader.full_name}, from {assignment.started_on:%B %-d, %Y}.",
                )
                return redirect(back)
    else:
        form = AssignCoachForm(school_year, initial={"leader": leader.pk})
    current = queries.active_assignments(school_year).filter(leader=leader)
    context = {"school_year": school_year, "leader": leader, "form": form, "back": back}
    context["current"] = current.select_related("coach__organization").first()
    return render(request, "mentoring/pool/assign_coach.html", context)


# --- Mentorship health --------------------------------------------------------------------------------

KINDS = {health_queries.MENTORSHIPS: MentorshipHealthFilter, health_queries.COACHING: CoachingHealthFilter}


def _health_filter(request, school_year, as_of):
    kind = request.GET.get("kind")
    kind = kind if kind in KINDS else health_queries.MENTORSHIPS
    queryset = visible_to(request.user, health_queries.health(kind, school_year))
    data = request.GET.copy()
    data.pop("kind", None)
    data.pop("page", None)
    return kind, KINDS[kind](data, queryset=queryset, school_year=school_year, as_of=as_of)


@require_GET
@role_required(Role.PROGRAM_STAFF)
def health(request):
    """Meetings per pair per month, last contact, pairs gone quiet, end-of-year feedback: for mentorships,
    or (``?kind=coaching``) for partner coaching."""
    school_year = _current_year()
    if school_year is None:
        return _no_year(request, "Mentorship health")
    as_of = timezone.localdate()
    kind, health_filter = _health_filter(request, school_year, as_of)
    weeks = health_filter.threshold
    page = Paginator(health_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = health_queries.health_rows(page.object_list, school_year, as_of, weeks)
    export_query = request.GET.copy()
    export_query.pop("page", None)
    return render(
        request,
        "mentoring/health/health.html",
        {
            "school_year": school_year,
            "as_of": as_of,
            "kind": kind,
            "filter": health_filter,
            "weeks": weeks,
            "page": page,
            "rows": rows,
            "months": health_queries.school_months(school_year),
            "summary": health_queries.summary(
                health_filter.qs, school_year, as_of, weeks, with_feedback=kind == health_queries.MENTORSHIPS
            ),
            "export_query": export_query.urlencode(),
            "tab": "health",
        },
    )


@require_GET
@role_required(Role.PROGRAM_STAFF)
def health_export(request):
    """The health table as CSV: the page's filters, every pair rather than a page; streamed."""
    school_year = _current_year()
    if school_year is None:
        return redirect("mentoring:health")
    as_of = timezone.localdate()
    kind, health_filter = _health_filter(request, school_year, as_of)
    columns = health_queries.export_columns(kind, school_year, as_of, health_filter.threshold)
    return export_response(health_filter.qs, columns, f"{kind}-health {school_year} {as_of}")


urlpatterns = [
    path("pool/", pool, name="pool"),
    path("pool/move/", pool_move, name="pool_move"),
    path("pool/mentees/", pool_mentees, name="pool_mentees"),
    path("coaching/", coaching_coverage, name="coaching_coverage"),
    path("coaching/assign/", assign_coach, name="assign_coach"),
    path("health/", health, name="health"),
    path("health/export.csv", health_export, name="health_export"),
]
