"""Growth pages: a person's competency ratings over time, and how a school's leaders spread over levels.

Each page checks the role, fetches what the viewer may see through the object rules, calls one read path
of competencies.queries.growth, and draws its charts (competencies.charts) beside tables of the same
numbers.
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from leaderdev.permissions import PORTAL_ROLES, Role, get_visible_or_404, has_role, role_required, visible_to

from .. import charts
from ..forms import KindFilterForm
from ..models import Assessment
from ..queries import growth as queries
from ..queries.assessments import office_version, own_person

# Program staff follow everyone's growth; leaders, mentors and coaches see what the object rules allow
# (a leader: themselves). Recruitment and licensure staff see no assessments, so they have no growth page.
GROWTH_ROLES = (Role.PROGRAM_STAFF, *PORTAL_ROLES)


@require_GET
@role_required(*PORTAL_ROLES)
def my_growth(request):
    """A leader's own growth, with the way to assess themselves."""
    person = own_person(request.user)
    growth = None
    if person is not None:
        growth = queries.person_growth(person, visible_to(request.user, queries.assessments_of(person)))
    return render(
        request,
        "competencies/my_growth.html",
        {
            "person": person,
            "growth": growth,
            "domains": charts.growth_figures(growth) if growth else [],
            "kind_key": charts.kind_key(growth) if growth else [],
        },
    )


@require_GET
@role_required(*GROWTH_ROLES)
def person_growth(request, person_id):
    """One person's growth, for whoever may see that person (404 for anyone else)."""
    person = get_visible_or_404(request.user, queries.people(), pk=person_id)
    growth = queries.person_growth(person, visible_to(request.user, queries.assessments_of(person)))
    return render(
        request,
        "competencies/person_growth.html",
        {
            "person": person,
            "growth": growth,
            "domains": charts.growth_figures(growth),
            "kind_key": charts.kind_key(growth),
            "can_assess": has_role(request.user, Role.PROGRAM_STAFF),
        },
    )


@require_GET
@role_required(Role.PROGRAM_STAFF)
def school_distribution(request, school_id):
    """Where a school's leaders stand on each competency of the active framework version."""
    school = get_visible_or_404(request.user, queries.schools(), pk=school_id)
    form = KindFilterForm(request.GET or None)
    version = office_version()
    result = None
    if version is not None:
        result = queries.distribution(
            queries.school_leaders(school),
            version,
            kind=form.chosen_kind,
            assessments=visible_to(request.user, Assessment.objects.all()),
        )
    return render(
        request,
        "competencies/school_distribution.html",
        {
            "school": school,
            "form": form,
            "result": result,
            "figures": charts.distribution_figures(result) if result else [],
        },
    )
