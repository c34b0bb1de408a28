"""Read paths of the monthly support groups and meetings.

next_meeting        the next meeting of a person's groups (the portal)
group_list          a year's groups someone may see, with facilitators, members, next meeting and rate
group_page          one group: its members with their license progress, and its schedule
meeting_sheet       one meeting's attendance sheet: every member with what is recorded for them
own_attendance      one person's own attendance rows (a member reads only theirs)
member_candidates   who may join a group: people with an active pursuit, not in it, not running it

Each answers in a fixed number of queries, whatever the number of groups, members or meetings. The
attendance rate is present ÷ (present + absent) at meetings held so far: excused absences are left out,
and a member without a mark at a meeting counts for nothing (the facilitator has not taken it yet).
"""

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from leaderdev.models import Person, SchoolYear
from leaderdev.permissions import visible_to

from ..models import (
    ACTIVE_PURSUIT_STATUSES,
    AttendanceStatus,
    GroupMembership,
    LicensePursuit,
    MeetingAttendance,
    ProgressStatus,
    Requirement,
    RequirementProgress,
    SupportGroup,
    SupportMeeting,
)


def next_meeting(person, now=None) -> SupportMeeting | None:
    """The next meeting of any current-year group `person` belongs to (one query), or None."""
    now = now or timezone.now()
    return (
        SupportMeeting.objects.filter(
            group__memberships__person=person, group__school_year__is_current=True, ends_at__gte=now
        )
        .select_related("group")
        .order_by("starts_at")
        .first()
    )


def _count(queryset: QuerySet, by: str) -> Coalesce:
    """A correlated COUNT of `queryset` grouped by `by`, 0 when it has no row (a subquery, so counts of
    two relations never multiply each other)."""
    counted = queryset.order_by().values(by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def percent(part: int, whole: int) -> int | None:
    """`part` of `whole` in whole percent, None when there is nothing to count."""
    return round(100 * part / whole) if whole else None


def groups() -> QuerySet[SupportGroup]:
    """Support groups with what every page shows about them (the year, the facilitators)."""
    return SupportGroup.objects.select_related("school_year").prefetch_related(
        Prefetch("facilitators", queryset=Person.objects.order_by("last_name", "first_name"))
    )


def meetings() -> QuerySet[SupportMeeting]:
    """Meetings with their group, its year and its facilitators."""
    return SupportMeeting.objects.select_related("group__school_year").prefetch_related(
        Prefetch("group__facilitators", queryset=Person.objects.order_by("last_name", "first_name"))
    )


def group_list(user, school_year: SchoolYear | None, now=None) -> list[SupportGroup]:
    """The groups of `school_year` that `user` may see (two queries), each with ``member_count``,
    ``next_meeting_at``/``next_meeting_pk``, ``attended``, ``counted`` and ``attendance_percent``."""
    if school_year is None:
        return []
    now = now or timezone.now()
    upcoming = SupportMeeting.objects.filter(group=OuterRef("pk"), ends_at__gte=now).order_by("starts_at")
    held = MeetingAttendance.objects.filter(meeting__group=OuterRef("pk"), meeting__starts_at__lte=now)
    rows = list(
        visible_to(user, groups().filter(school_year=school_year))
        .annotate(
            member_count=_count(GroupMembership.objects.filter(group=OuterRef("pk")), "group"),
            next_meeting_at=Subquery(upcoming.values("starts_at")[:1]),
            next_meeting_pk=Subquery(upcoming.values("pk")[:1]),
            attended=_count(held.filter(status=AttendanceStatus.PRESENT), "meeting__group"),
            counted=_count(held.exclude(status=AttendanceStatus.EXCUSED), "meeting__group"),
        )
        .order_by("name")
    )
    for group in rows:
        group.attendance_percent = percent(group.attended, group.counted)
    return rows


def pursuits_with_progress(people_ids) -> QuerySet[LicensePursuit]:
    """The license pursuits of `people_ids` with ``verified_count`` of ``required_count``: the license's
    active requirements, and how many of them the licensure team has verified (one query)."""
    active = Q(requirement__is_active=True)
    return (
        LicensePursuit.objects.filter(person_id__in=people_ids)
        .select_related("license_type")
        .annotate(
            verified_count=_count(
                RequirementProgress.objects.filter(
                    active, pursuit=OuterRef("pk"), status=ProgressStatus.VERIFIED
                ),
                "pursuit",
            ),
            required_count=_count(
                Requirement.objects.filter(license_type=OuterRef("license_type"), is_active=True),
                "license_type",
            ),
        )
        .order_by("person_id", "license_type__name")
    )


def with_attendance_counts(queryset: QuerySet[SupportMeeting]) -> QuerySet[SupportMeeting]:
    """Meetings with ``present_count``, ``excused_count``, ``absent_count`` and ``marked_count``."""
    return queryset.annotate(
        present_count=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT)),
        excused_count=Count("attendance", filter=Q(attendance__status=AttendanceStatus.EXCUSED)),
        absent_count=Count("attendance", filter=Q(attendance__status=AttendanceStatus.ABSENT)),
        marked_count=Count("attendance"),
    )


@dataclass
class GroupPage:
    """What a group's page shows `user`.

    ``members`` (memberships, each with ``pursuits``) only for someone who runs the group; a member sees
    the schedule with ``own_status`` on each past meeting instead of the roster.
    """

    group: SupportGroup
    members: list[GroupMembership] = field(default_factory=list)
    past: list[SupportMeeting] = field(default_factory=list)
    upcoming: list[SupportMeeting] = field(default_factory=list)


def group_page(user, group: SupportGroup, *, runs_it: bool, now=None) -> GroupPage:
    """One group's page for `user` (who `runs_it`, or is a member): at most four queries."""
    now = now or timezone.now()
    page = GroupPage(group=group)
    schedule = SupportMeeting.objects.filter(group=group).order_by("starts_at")
    if runs_it:
        page.members = list(
            visible_to(user, GroupMembership.objects.filter(group=group)).select_related("person__school")
        )
        by_person: dict[int, list[LicensePursuit]] = {}
        pursuits = visible_to(user, pursuits_with_progress([m.person_id for m in page.members]))
        for pursuit in pursuits:
            pursuit.verified_percent = percent(pursuit.verified_count, pursuit.required_count)
            by_person.setdefault(pursuit.person_id, []).append(pursuit)
        for membership in page.members:
            membership.pursuits = by_person.get(membership.person_id, [])
        schedule = with_attendance_counts(schedule)
    else:
        own = MeetingAttendance.objects.filter(meeting=OuterRef("pk"), person__user=user)
        schedule = schedule.annotate(own_status=Subquery(own.values("status")[:1]))
    for meeting in schedule:
        (page.upcoming if meeting.ends_at >= now else page.past).append(meeting)
    page.past.reverse()  # the latest first
    return page


def meeting_sheet(meeting: SupportMeeting) -> list[GroupMembership]:
    """The attendance sheet of `meeting`: every member of its group (by name) with ``attendance``, their
    row for this meeting or None (two queries). For the licensure team and the group's facilitators."""
    members = list(GroupMembership.objects.filter(group_id=meeting.group_id).select_related("person__school"))
    rows = {row.person_id: row for row in MeetingAttendance.objects.filter(meeting=meeting)}
    for membership in members:
        membership.attendance = rows.get(membership.person_id)
    return members


def own_attendance(user, meeting: SupportMeeting) -> MeetingAttendance | None:
    """`user`'s own attendance row at `meeting` (never anyone else's), or None."""
    return (
        visible_to(user, MeetingAttendance.objects.filter(meeting=meeting, person__user=user))
        .select_related("person")
        .first()
    )


def member_candidates(group: SupportGroup) -> QuerySet[Person]:
    """Who may be added to `group`: active staff with an active license pursuit who are neither in it nor
    among its facilitators, by name."""
    return (
        Person.objects.filter(is_active=True, license_pursuits__status__in=ACTIVE_PURSUIT_STATUSES)
        .exclude(licensure_memberships__group=group)
        .exclude(licensure_groups_led=group)
        .select_related("school")
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
