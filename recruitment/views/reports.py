"""Recruitment staff's reports: the funnel of a hiring cycle (page with chart and tables) and its CSV.

Both take the same filters (recruitment.queries.funnel.FunnelFilter): a cycle (by default the active one
that opened last), and optionally a role, a kind of source or one source.
"""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from leaderdev.exports import stream_csv
from leaderdev.permissions import Role, role_required, visible_to

from .. import charts
from ..models import Application
from ..queries import funnel as queries


def _funnel_filter(request) -> queries.FunnelFilter:
    return queries.FunnelFilter(request.GET, queryset=visible_to(request.user, Application.objects.all()))


@require_GET
@role_required(Role.RECRUITMENT_STAFF)
def funnel(request):
    """How many applications of a cycle reached each stage, conversion and time in stage, per source."""
    funnel_filter = _funnel_filter(request)
    report = queries.funnel_report(funnel_filter)
    return render(
        request,
        "recruitment/reports/funnel.html",
        {
            "filter": funnel_filter,
            "report": report,
            "chart": charts.funnel_chart(report) if report.applications else None,
            "narrow_chart": charts.funnel_chart(report, narrow=True) if report.applications else None,
            "query": funnel_filter.form.data.urlencode(),
        },
    )


@require_GET
@role_required(Role.RECRUITMENT_STAFF)
def funnel_export(request):
    """The funnel as CSV, with the page's filters: one line per source and stage, all sources first."""
    funnel_filter = _funnel_filter(request)
    report = queries.funnel_report(funnel_filter)
    cycle = report.cycle.name if report.cycle else "no-cycle"
    header = [column.header for column in queries.EXPORT_COLUMNS]
    return stream_csv(f"recruitment-funnel-{cycle}", header, queries.export_rows(report))


urlpatterns = [
    path("reports/funnel/", funnel, name="funnel"),
    path("reports/funnel.csv", funnel_export, name="funnel_export"),
]
