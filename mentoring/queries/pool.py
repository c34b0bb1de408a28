"""Read paths of the mentor pool, the year's mentees and partner-coaching coverage (staff pages, admin).

Every function returns a queryset whose cost is a fixed number of queries however many people it lists:
places taken are counted in SQL, people come with their school and network, and the few many-valued
things a row shows (strengths, a mentee's current mentor, a leader's coach) arrive in one prefetch each.

Who is coached. The office's rule is that *every new school leader gets a coach* from a partner
organisation. LeaderDev reads "school leader" here as the person who leads the school: first- and
second-year **principals and heads of school** (``COACHED_POSITIONS``). Assistant principals and admin
team members are new leaders for mentoring, PD and the portal, but one-to-one partner coaching is for the
head of a building (and the demo data assigns it that way). Staff can still assign a coach to any active
school leader; the coverage page simply does not count the others as missing one.
"""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from competencies.models import Competency
from leaderdev.models import Person, Position, SchoolYear, leadership_year_start

from ..models import (
    Coach,
    CoachAssignment,
    Language,
    MenteeProfile,
    Mentor,
    MentorPreference,
    Mentorship,
    MentorshipStatus,
    MentorStatus,
)
from ..services.pool import allowed_moves

COACHED_POSITIONS = (Position.PRINCIPAL, Position.HEAD_OF_SCHOOL)


def _role_year(school_year: SchoolYear) -> Case:
    """1 for a first-year leader of `school_year`, 2 for a second-year one (for new leaders only)."""
    first_year_from = leadership_year_start(school_year.leadership_year)
    return Case(When(role_start_date__gte=first_year_from, then=Value(1)), default=Value(2))


def _count(queryset: QuerySet, group: str) -> Subquery:
    """A correlated COUNT(*) of `queryset` grouped by `group`, 0 when there are none."""
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


# --- The mentor pool -----------------------------------------------------------------------------------


def active_mentorships(school_year: SchoolYear) -> QuerySet[Mentorship]:
    return Mentorship.objects.filter(school_year=school_year, status=MentorshipStatus.ACTIVE)


def pool(school_year: SchoolYear) -> QuerySet[Mentor]:
    """The year's mentors by name, with ``taken`` (active mentees), ``free`` places (negative never: a
    capacity cannot drop below taken), their person, school and network, and their strengths."""
    taken = _count(active_mentorships(school_year).filter(mentor=OuterRef("pk")), "mentor")
    strengths = Competency.objects.select_related("domain").order_by("domain__number", "number")
    return (
        Mentor.objects.filter(school_year=school_year)
        .select_related("person__school__network")
        .annotate(taken=taken)
        .annotate(free=ExpressionWrapper(F("capacity") - F("taken"), output_field=IntegerField()))
        .prefetch_related(Prefetch("strengths", queryset=strengths))
        .order_by("person__last_name", "person__first_name", "pk")
    )


LANGUAGE_NAMES = dict(Language.choices)


def language_names(codes) -> str:
    """ "English, Spanish" for ["en", "es"]; codes no longer offered are shown as stored."""
    return ", ".join(str(LANGUAGE_NAMES.get(code, code)) for code in codes or ())


@dataclass
class PoolRow:
    """One line of the pool page: the mentor, their languages in words and the moves the page offers."""

    mentor: Mentor
    languages: str
    moves: list[tuple[str, str]]  # (status, label)


def pool_rows(mentors) -> list[PoolRow]:
    """The page's rows for `mentors` (a page of ``pool(...)``); no query."""
    labels = dict(MentorStatus.choices)
    return [
        PoolRow(
            mentor=mentor,
            languages=language_names(mentor.languages),
            moves=[(status, labels[status]) for status in allowed_moves(mentor.status)],
        )
        for mentor in mentors
    ]


def pool_summary(school_year: SchoolYear) -> dict:
    """How many mentors are in each status, and the selected mentors' places: total, taken, free."""
    by_status = dict(
        Mentor.objects.filter(school_year=school_year)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    # A capacity never drops below the mentees taken (services.pool.check_capacity), so places minus
    # the selected mentors' active mentorships is what is free.
    selected = Mentor.objects.filter(school_year=school_year, status=MentorStatus.SELECTED)
    places = selected.aggregate(places=Coalesce(Sum("capacity"), 0))
    places["taken"] = active_mentorships(school_year).filter(mentor__in=selected).count()
    return {
        "statuses": [(value, label, by_status.get(value, 0)) for value, label in MentorStatus.choices],
        "total": sum(by_status.values()),
        "selected": by_status.get(MentorStatus.SELECTED, 0),
        "places": places["places"],
        "taken": places["taken"],
        "free": places["places"] - places["taken"],
    }


# --- The year's mentees --------------------------------------------------------------------------------


def mentees(school_year: SchoolYear) -> QuerySet[Person]:
    """The year's new leaders (every one is a mentee), by name, with ``role_year`` (1 or 2),
    ``has_profile``, ``needs_count`` and ``preferences_count`` from their mentee profile, ``is_matched``
    and ``current_mentorships`` (their active one)."""
    profiles = MenteeProfile.objects.filter(school_year=school_year, person=OuterRef("pk"))
    needs = MenteeProfile.needs.through.objects.filter(
        menteeprofile__school_year=school_year, menteeprofile__person=OuterRef("pk")
    )
    preferences = MentorPreference.objects.filter(
        profile__school_year=school_year, profile__person=OuterRef("pk")
    )
    current = active_mentorships(school_year).select_related("mentor__person__school")
    return (
        Person.objects.new_leaders(school_year)
        .select_related("school__network")
        .annotate(
            role_year=_role_year(school_year),
            has_profile=Exists(profiles),
            needs_count=_count(needs, "menteeprofile"),
            preferences_count=_count(preferences, "profile"),
            is_matched=Exists(active_mentorships(school_year).filter(mentee=OuterRef("pk"))),
        )
        .prefetch_related(Prefetch("mentorships", queryset=current, to_attr="current_mentorships"))
        .order_by("last_name", "first_name", "pk")
    )


def mentee_summary(school_year: SchoolYear) -> dict:
    """New leaders this year, how many have a mentor, and how many told us what they need."""
    counts = (
        mentees(school_year)
        .order_by()
        .aggregate(
            total=Count("pk"),
            matched=Count("pk", filter=Q(is_matched=True)),
            with_needs=Count("pk", filter=Q(needs_count__gt=0)),
        )
    )
    counts["unmatched"] = counts["total"] - counts["matched"]
    return counts


# --- Partner coaching -----------------------------------------------------------------------------------


def active_assignments(school_year: SchoolYear) -> QuerySet[CoachAssignment]:
    return CoachAssignment.objects.filter(school_year=school_year, status=MentorshipStatus.ACTIVE)


def coverage(school_year: SchoolYear) -> QuerySet[Person]:
    """The year's new principals and heads of school, by name, with ``role_year``, ``has_coach`` and
    ``current_assignments`` (their active coaching, with coach and organisation)."""
    current = active_assignments(school_year).select_related("coach__organization")
    return (
        Person.objects.new_leaders(school_year)
        .filter(position__in=COACHED_POSITIONS)
        .select_related("school__network")
        .annotate(
            role_year=_role_year(school_year),
            has_coach=Exists(active_assignments(school_year).filter(leader=OuterRef("pk"))),
        )
        .prefetch_related(Prefetch("coach_assignments", queryset=current, to_attr="current_assignments"))
        .order_by("last_name", "first_name", "pk")
    )


def coverage_summary(school_year: SchoolYear) -> dict:
    counts = (
        coverage(school_year)
        .order_by()
        .aggregate(total=Count("pk"), covered=Count("pk", filter=Q(has_coach=True)))
    )
    counts["uncovered"] = counts["total"] - counts["covered"]
    return counts


def coach_choices(school_year: SchoolYear) -> QuerySet[Coach]:
    """Active coaches of active organisations, with ``load``: how many leaders they coach this year."""
    load = _count(active_assignments(school_year).filter(coach=OuterRef("pk")), "coach")
    return (
        Coach.objects.filter(is_active=True, organization__is_active=True)
        .select_related("organization")
        .annotate(load=load)
        .order_by("organization__name", "full_name", "pk")
    )
