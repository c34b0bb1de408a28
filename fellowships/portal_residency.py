"""Portal sections: my residency (fellows), fellows I host (hosts).

Each builder runs at most two queries whatever the size of the plans (queries.residency.my_residency
and hosted_residencies) and answers None when it has nothing to say.
"""

from leaderdev.portal import PortalSection, portal_section

from .queries import residency as queries


@portal_section(order=80)
def my_residency(request, person, school_year):
    """The fellow's hours against the required hours, their next milestone and a way into the plan."""
    if school_year is None or person is None:
        return None
    mine = queries.my_residency(person, school_year)
    if mine is None:
        return None
    return PortalSection("My residency", "fellowships/residency/portal_my_residency.html", {"mine": mine})


@portal_section(order=82)
def fellows_i_host(request, person, school_year):
    """The host principal's fellows, with their hours and the weeks waiting for sign-off."""
    if school_year is None or person is None:
        return None
    hosted = queries.hosted_residencies(person, school_year)
    if not hosted:
        return None
    return PortalSection(
        "Fellows I host", "fellowships/residency/portal_fellows_i_host.html", {"hosted": hosted}
    )
