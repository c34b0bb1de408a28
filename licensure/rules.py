"""Who may see what in licensure support (see leaderdev.permissions for how rules combine).

The licensure team sees and verifies everything. Employees see their own pursuits, progress and
evidence, their own groups and meetings, and their own attendance and next steps (not other
participants'). A facilitator (the experienced district leader who runs a group) sees the groups they
run in the current school year, their meetings and attendance, and the pursuits, progress and evidence
of those groups' members, so they can help; they do not verify. License types and requirements are
the public checklist: anyone signed in may read them.
"""

from django.db.models import Q

from leaderdev.permissions import Role, grant_admin, has_role, rule

from .models import (
    Evidence,
    GroupMembership,
    LicensePursuit,
    LicenseType,
    MeetingAttendance,
    Requirement,
    RequirementProgress,
    SupportGroup,
    SupportMeeting,
)


def is_licensure_team(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.LICENSURE_TEAM)


def _team(user):
    return has_role(user, Role.LICENSURE_TEAM)


def groups_led_by(user):
    """Ids of the current year's groups `user` facilitates (a subquery)."""
    return SupportGroup.objects.filter(facilitators__user=user, school_year__is_current=True).values("pk")


def people_supported_by(user):
    """Person ids of the members of the groups `user` facilitates this year (a subquery)."""
    return GroupMembership.objects.filter(group__in=groups_led_by(user)).values("person_id")


for _model in (
    LicensePursuit,
    RequirementProgress,
    Evidence,
    SupportGroup,
    GroupMembership,
    SupportMeeting,
    MeetingAttendance,
):
    rule(_model)(_team)


@rule(LicenseType)
@rule(Requirement)
def signed_in_people_see_the_checklists(user):
    return True


@rule(LicensePursuit)
def people_and_their_facilitators_see_pursuits(user):
    return Q(person__user=user) | Q(person_id__in=people_supported_by(user))


@rule(RequirementProgress)
def people_and_their_facilitators_see_progress(user):
    return Q(pursuit__person__user=user) | Q(pursuit__person_id__in=people_supported_by(user))


@rule(Evidence)
def people_and_their_facilitators_see_evidence(user):
    return Q(progress__pursuit__person__user=user) | Q(
        progress__pursuit__person_id__in=people_supported_by(user)
    )


@rule(SupportGroup)
def members_and_facilitators_see_their_groups(user):
    members = GroupMembership.objects.filter(person__user=user).values("group_id")
    return Q(pk__in=members) | Q(pk__in=groups_led_by(user))


@rule(GroupMembership)
def members_and_facilitators_see_memberships(user):
    return Q(person__user=user) | Q(group__in=groups_led_by(user))


@rule(SupportMeeting)
def members_and_facilitators_see_their_meetings(user):
    members = GroupMembership.objects.filter(person__user=user).values("group_id")
    return Q(group_id__in=members) | Q(group_id__in=groups_led_by(user))


@rule(MeetingAttendance)
def people_see_their_attendance_and_facilitators_their_groups(user):
    return Q(person__user=user) | Q(meeting__group__in=groups_led_by(user))


def facilitates(user, group: SupportGroup) -> bool:
    """Whether `user` runs `group` (and it is this year's)."""
    return SupportGroup.objects.filter(pk=group.pk).filter(pk__in=groups_led_by(user)).exists()


for _label in (
    "licensure.licensetype",
    "licensure.requirement",
    "licensure.licensepursuit",
    "licensure.requirementprogress",
    "licensure.evidence",
    "licensure.supportgroup",
    "licensure.groupmembership",
    "licensure.supportmeeting",
    "licensure.meetingattendance",
):
    grant_admin(Role.LICENSURE_TEAM, _label, "add", "change", "delete", "view")
