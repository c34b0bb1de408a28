"""The portal's "My licensure" section (registered with leaderdev.portal, which finds this module by itself).

Each active pursuit with "N of M verified", a bar, the next requirement to work on and the target date,
then the next monthly support meeting. Nothing for someone with no active pursuit. Three queries at most:
the pursuits with their numbers, the next requirements of all of them, the next meeting.
"""

from leaderdev.portal import PortalSection, portal_section

from .queries import pursuits as queries
from .queries.meetings import next_meeting


@portal_section(order=85)
def my_licensure(request, person, school_year):
    if person is None:
        return None
    pursuits = list(queries.my_pursuits(person, active_only=True))
    if not pursuits:
        return None
    next_up = queries.next_requirements(pursuits)
    for pursuit in pursuits:
        pursuit.next_requirement = next_up.get(pursuit.pk)
    return PortalSection(
        "My licensure",
        "licensure/pursuits/portal.html",
        {"pursuits": pursuits, "meeting": next_meeting(person)},
    )
