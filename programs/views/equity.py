"""The racial-equity rule: the compliance page and its CSV, for program staff.

Both take the same filters (programs.queries.equity.EquityFilter): school year (the current one by
default), network, school level, position, status and a name search. The page lists who has no
racial-equity offering and who has more than one; the export has the same rows with their offerings.
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from leaderdev.exports import export_response
from leaderdev.models import Person
from leaderdev.permissions import Role, role_required, visible_to

from ..queries import equity as queries

STATUSES = tuple(queries.EquityStatus.LABELS)


def _equity_filter(request) -> queries.EquityFilter:
    return queries.EquityFilter(request.GET, queryset=visible_to(request.user, Person.objects.all()))


def _with_status(equity_filter: queries.EquityFilter, status: str) -> str:
    """The page's query string with the status filter set to `status` (the summary's links)."""
    data = equity_filter.form.data.copy()
    data["status"] = status
    return data.urlencode()


@require_GET
@role_required(Role.PROGRAM_STAFF)
def equity_compliance(request):
    """Who has no racial-equity offering this year, who has more than one, and the offerings there are."""
    equity_filter = _equity_filter(request)
    report = queries.compliance_report(equity_filter)
    return render(
        request,
        "programs/equity_compliance.html",
        {
            "filter": equity_filter,
            "report": report,
            "query": equity_filter.form.data.urlencode(),
            "status_query": {status: _with_status(equity_filter, status) for status in STATUSES},
        },
    )


@require_GET
@role_required(Role.PROGRAM_STAFF)
def equity_export(request):
    """The compliance page's rows as CSV, with the same filters, and the offerings each person is in."""
    equity_filter = _equity_filter(request)
    people = equity_filter.qs
    school_year = equity_filter.chosen_year
    year = school_year.name if school_year else "no-year"
    columns = queries.export_columns(people, school_year)
    return export_response(people, columns, f"equity-compliance-{year}-{equity_filter.chosen_status}")
