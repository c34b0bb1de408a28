"""Portal sections: applying to the fellowship, recommendation requests.

Aspiring Principal Fellowship (78)   while a cohort's window is open, an invitation to apply for people the
                                     fellowship is for (not principals or heads of school); once they have
                                     applied, where their application stands
Recommendations to write (79)        the open applications naming the person as supervisor whose
                                     recommendation has not arrived, with a link to write it

Each builder runs at most two queries and answers None when it has nothing to say.
"""

from django.utils import timezone

from leaderdev.portal import PortalSection, portal_section

from .models import ApplicationStatus
from .queries import applications as queries


@portal_section(order=78)
def fellowship(request, person, school_year):
    if person is None:
        return None
    today = timezone.localdate()
    application = queries.latest_application(person, today)
    cohort = queries.open_cohort(today)
    if application is not None and (
        cohort is None
        or application.cohort_id == cohort.pk
        or application.status == ApplicationStatus.SELECTED
    ):
        return PortalSection(
            "Aspiring Principal Fellowship",
            "fellowships/applications/portal_fellowship.html",
            {"application": application, "cohort": application.cohort},
        )
    if cohort is None or not queries.may_apply(person):
        return None
    return PortalSection(
        "Aspiring Principal Fellowship",
        "fellowships/applications/portal_fellowship.html",
        {"application": None, "cohort": cohort},
    )


@portal_section(order=79)
def recommendations_to_write(request, person, school_year):
    if person is None:
        return None
    pending = queries.recommendations_to_write(person)
    if not pending:
        return None
    return PortalSection(
        "Recommendations to write",
        "fellowships/applications/portal_recommendations.html",
        {"pending": pending},
    )
