"""Who may see what in the fellowship (see leaderdev.permissions for how rules combine).

Program staff run the fellowship and see all of it. An applicant sees their own application (never
their supervisor's recommendation, which is confidential to the selection committee); a supervisor sees
the applications they were asked to recommend and their own recommendation. A fellow sees their own
fellow record and residency; the host principal sees the residencies they host, their milestones and
hours, and only the reflections the fellow shared. The public "Meet our fellows" page reads none of
these rules: it goes through ``queries.public.public_fellows``, which selects only what fellows opted
to publish.
"""

from django.db.models import Q

from leaderdev.permissions import Role, grant_admin, has_role, rule

from .models import (
    Cohort,
    Fellow,
    FellowshipApplication,
    Host,
    HoursEntry,
    Milestone,
    PlacementProposal,
    Recommendation,
    Reflection,
    Residency,
)


def is_fellowship_staff(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.PROGRAM_STAFF)


def _program_staff(user):
    return has_role(user, Role.PROGRAM_STAFF)


for _model in (
    Cohort,
    FellowshipApplication,
    Recommendation,
    Fellow,
    Host,
    PlacementProposal,
    Residency,
    Milestone,
    HoursEntry,
    Reflection,
):
    rule(_model)(_program_staff)


@rule(Cohort)
def signed_in_people_see_cohorts(user):
    return True


@rule(FellowshipApplication)
def applicants_and_their_supervisors_see_the_application(user):
    return Q(person__user=user) | Q(supervisor__user=user)


@rule(Recommendation)
def supervisors_see_their_recommendation(user):
    return Q(application__supervisor__user=user)


@rule(Fellow)
def fellows_and_their_hosts_see_the_fellow(user):
    return Q(person__user=user) | Q(residency__host__person__user=user)


@rule(Host)
def hosts_see_their_own_record(user):
    return Q(person__user=user)


@rule(Residency)
def the_fellow_and_host_see_the_residency(user):
    return Q(fellow__person__user=user) | Q(host__person__user=user)


@rule(Milestone)
@rule(HoursEntry)
def the_fellow_and_host_see_the_plan(user):
    return Q(residency__fellow__person__user=user) | Q(residency__host__person__user=user)


@rule(Reflection)
def fellows_see_their_reflections_and_hosts_the_shared_ones(user):
    return Q(residency__fellow__person__user=user) | Q(
        residency__host__person__user=user, shared_with_host=True
    )


def is_fellow_of(user, residency: Residency) -> bool:
    return residency.fellow.person.user_id == getattr(user, "pk", None)


def is_host_of(user, residency: Residency) -> bool:
    return residency.host.person.user_id == getattr(user, "pk", None)


def may_keep_plan(user, residency: Residency) -> bool:
    """Only the fellow logs hours, completes milestones and writes reflections (their host and staff read
    them; staff correct a plan in the admin)."""
    return is_fellow_of(user, residency)


def may_sign_off(user, residency: Residency) -> bool:
    """The host principal and program staff sign off; a fellow never signs off their own plan."""
    return not is_fellow_of(user, residency) and (is_host_of(user, residency) or is_fellowship_staff(user))


def may_edit_profile(user, fellow: Fellow) -> bool:
    """What the public sees of a fellow is theirs to choose; program staff may help. Hosts may not."""
    return fellow.person.user_id == getattr(user, "pk", None) or is_fellowship_staff(user)


for _label in (
    "fellowships.cohort",
    "fellowships.cohortmilestone",
    "fellowships.fellowshipapplication",
    "fellowships.applicationstatuschange",
    "fellowships.recommendation",
    "fellowships.fellow",
    "fellowships.host",
    "fellowships.hostpreference",
    "fellowships.placementproposal",
    "fellowships.residency",
    "fellowships.milestone",
    "fellowships.hoursentry",
    "fellowships.reflection",
):
    grant_admin(Role.PROGRAM_STAFF, _label, "add", "change", "delete", "view")
