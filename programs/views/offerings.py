"""Offerings and rosters for program staff: the list of offerings, an offering's roster with its filters and
row actions, its CSV, and enrolling many people at once.

Each view checks the role, fetches the offering through the object rules (404 for what the user may not
see), then calls one read path of programs.queries.offerings or one enrollment service.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leaderdev.errors import DomainError
from leaderdev.exports import export_response
from leaderdev.permissions import Role, get_visible_or_404, role_required, visible_to

from ..filters import CandidateFilter, OfferingFilter, RosterFilter
from ..forms import BulkEnrollForm, RosterActionForm, names_list, roster_actions
from ..queries import offerings as queries
from ..services import enrollment as services

ROSTER_PAGE_SIZE = 100
CANDIDATE_PAGE_SIZE = 25


@require_GET
@role_required(Role.PROGRAM_STAFF)
def offering_list(request):
    """This school year's offerings (or another year's), with places held, waiting and invited."""
    offering_filter = OfferingFilter(request.GET, queryset=visible_to(request.user, queries.offering_list()))
    page = Paginator(offering_filter.qs, 50).get_page(request.GET.get("page"))
    return render(request, "programs/offering_list.html", {"filter": offering_filter, "page": page})


def _roster_url(offering, query) -> str:
    url = reverse("programs:offering_roster", args=[offering.pk])
    return f"{url}?{query.urlencode()}" if query else url


def _roster_context(request, offering, bulk_form=None) -> dict:
    roster_filter = RosterFilter(request.GET, queryset=queries.roster(offering), offering=offering)
    page = Paginator(roster_filter.qs, ROSTER_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = queries.roster_rows(offering, page.object_list, actions=roster_actions)
    candidate_filter = CandidateFilter(request.GET, queryset=queries.candidates(offering), offering=offering)
    candidates = Paginator(candidate_filter.qs, CANDIDATE_PAGE_SIZE).get_page(request.GET.get("add-page"))
    export_query = roster_filter.form.data.copy()
    for key in [k for k in export_query if k == "page" or k.startswith("add-")]:
        export_query.pop(key)
    return {
        "offering": offering,
        "who_may_join": services.eligibility_summary(offering),
        "filter": roster_filter,
        "page": page,
        "participants": [row for row in rows if not row.is_waitlisted],
        "waitlist": [row for row in rows if row.is_waitlisted],
        "candidate_filter": candidate_filter,
        "candidates": candidates,
        "new_leaders_shown": queries.new_leaders_among(candidate_filter.qs, offering.school_year).count(),
        "bulk_form": bulk_form or BulkEnrollForm(queries.candidates(offering)),
        "export_query": export_query.urlencode(),
        "query": request.GET.urlencode(),
    }


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def offering_roster(request, pk):
    """An offering's roster with filters; POST carries out one row's action and comes back filtered."""
    offering = get_visible_or_404(request.user, queries.offering_detail(), pk=pk)
    if request.method == "POST":
        form = RosterActionForm(offering, request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        else:
            try:
                messages.success(request, form.perform(request.user))
            except DomainError as error:
                messages.error(request, str(error))
        return redirect(_roster_url(offering, request.GET))
    return render(request, "programs/offering_roster.html", _roster_context(request, offering))


@require_GET
@role_required(Role.PROGRAM_STAFF)
def roster_export(request, pk):
    """The roster as CSV: the page's filters (the same FilterSet), every matching row rather than a page."""
    offering = get_visible_or_404(request.user, queries.offerings(), pk=pk)
    roster_filter = RosterFilter(request.GET, queryset=queries.roster(offering), offering=offering)
    cohort = f" {offering.cohort}" if offering.cohort else ""
    filename = f"roster {offering.program.name}{cohort} {offering.school_year} {timezone.localdate()}"
    return export_response(roster_filter.qs, queries.roster_columns(offering.school_year), filename)


def _report(request, offering, report: services.EnrollmentReport) -> None:
    """Say what enroll_many did, one message per outcome."""
    if report.enrolled:
        messages.success(request, f"Enrolled {len(report.enrolled)}: {names_list(report.enrolled)}.")
    if report.invited:
        messages.success(
            request,
            f"Invited {len(report.invited)} (the offering is opt-in; they join when they accept): "
            f"{names_list(report.invited)}.",
        )
    if report.waitlisted:
        messages.warning(
            request,
            f"{offering} is full: {len(report.waitlisted)} waitlisted, in this order: "
            f"{names_list(report.waitlisted)}.",
        )
    if report.skipped:
        skipped = "; ".join(f"{s.person.full_name} ({s.reason})" for s in report.skipped[:10])
        more = f"; and {len(report.skipped) - 10} more" if len(report.skipped) > 10 else ""
        messages.warning(request, f"Skipped {len(report.skipped)}: {skipped}{more}.")
    if not report.added and not report.skipped:
        messages.info(request, "Nobody to enroll: no first- or second-year leader matches these filters.")


@require_POST
@role_required(Role.PROGRAM_STAFF)
def bulk_enroll(request, pk):
    """Enroll the people ticked on the roster page, or every first- and second-year leader it shows."""
    offering = get_visible_or_404(request.user, queries.offerings(), pk=pk)
    form = BulkEnrollForm(queries.candidates(offering), request.POST)
    if not form.is_valid():
        context = _roster_context(request, offering, bulk_form=form)
        return render(request, "programs/offering_roster.html", context)
    if form.wants_new_leaders:
        shown = CandidateFilter(request.GET, queryset=queries.candidates(offering), offering=offering).qs
        people = queries.new_leaders_among(shown, offering.school_year)
    else:
        people = form.cleaned_data["people"]
    _report(request, offering, services.enroll_many(offering, people, by=request.user))
    return redirect(_roster_url(offering, request.GET))
