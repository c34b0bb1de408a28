"""School teams: the network overview of every school's plan and initiatives, and its CSV export.

Program staff see every school; network staff the schools of the networks they support. Both pages take
the same filters (programs.filters_teams.TeamOverviewFilter) and read from programs.queries.network.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from leaderdev.exports import export_response
from leaderdev.permissions import Role, role_required

from ..filters_teams import TeamOverviewFilter
from ..queries import network as queries


def _overview_filter(request) -> TeamOverviewFilter:
    return TeamOverviewFilter(request.GET, queryset=queries.overview_schools(request.user), request=request)


@require_GET
@role_required(Role.PROGRAM_STAFF, Role.NETWORK_STAFF)
def team_overview(request):
    """Every school's Call-to-Action plan and initiative for a year, with the network's totals."""
    overview_filter = _overview_filter(request)
    overview = queries.team_overview(overview_filter)
    page = Paginator(overview.rows, queries.PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "programs/network/team_overview.html",
        {
            "filter": overview_filter,
            "overview": overview,
            "page": page,
            "query": overview_filter.form.data.urlencode(),
        },
    )


@require_GET
@role_required(Role.PROGRAM_STAFF, Role.NETWORK_STAFF)
def team_overview_export(request):
    """The overview's schools as CSV, one row per school, with the same filters."""
    overview_filter = _overview_filter(request)
    schools, columns = queries.export_schools(overview_filter)
    year = overview_filter.chosen_year
    return export_response(schools, columns, f"school-teams-{year.name if year else 'no-year'}")


urlpatterns = [
    path("teams/", team_overview, name="team_overview"),
    path("teams.csv", team_overview_export, name="team_overview_export"),
]
