"""Read paths of the coaching log and the spotlights: a school's coaching sessions of a year with their
summary, what each participant is growing (to suggest competencies), and the spotlight list with its
filters. Each loads in a fixed number of queries, whatever the number of rows."""

from collections import Counter
from dataclasses import dataclass, field

import django_filters
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from competencies.models import Competency
from competencies.tagging import taggable_competencies
from leaderdev.models import Network, NetworkSupportMember, Person, School, SchoolLevel, SchoolYear
from leaderdev.permissions import visible_to

from ..models import (
    ActionStep,
    CoachingKind,
    CoachingSession,
    Facilitator,
    Initiative,
    PlanGoal,
    SchoolTeam,
    Spotlight,
)
from ..rules import _program_staff, school_team_scope
from .teams import school_year_or_404  # noqa: F401  (the pages share it)

COMPETENCIES = Competency.objects.select_related("domain")


def visible_school_or_404(user, pk: int) -> School:
    """The school, if the user may see its teams (its team, leaders, network staff, program staff) or
    coaches there (a coach sees the sessions they led in the school's log, and nothing more)."""
    schools = School.objects.select_related("network")
    if not (user.is_superuser or _program_staff(user)):
        coaches_there = Exists(
            CoachingSession.objects.filter(team__school=OuterRef("pk"), coach__person__user=user)
        )
        schools = schools.filter(school_team_scope(user, "") | Q(coaches_there))
    school = schools.filter(pk=pk).first()
    if school is None:
        raise Http404("No such school, or not one whose teams you support.")
    return school


def coaching_sessions() -> QuerySet[CoachingSession]:
    """Sessions with everything the log and the detail page show."""
    return CoachingSession.objects.select_related("team__school__network", "coach__person").prefetch_related(
        "participants",
        Prefetch("action_steps", queryset=ActionStep.objects.select_related("owner")),
        Prefetch("competencies", queryset=COMPETENCIES),
    )


@dataclass
class CoachingLog:
    sessions: list[CoachingSession]
    team_count: int = 0
    individual_count: int = 0
    observation_count: int = 0
    # (person, number of individual sessions), most coached first
    individual_by_person: list[tuple[Person, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.sessions)


def coaching_log(user, school: School, school_year: SchoolYear | None) -> CoachingLog:
    """The school's coaching sessions held in `school_year` that `user` may see, newest first, summed up."""
    if school_year is None:
        return CoachingLog(sessions=[])
    sessions = list(
        visible_to(
            user,
            coaching_sessions().filter(
                team__school=school,
                held_on__gte=school_year.start_date,
                held_on__lte=school_year.end_date,
            ),
        )
    )
    kinds = Counter(s.kind for s in sessions)
    people, counts = {}, Counter()
    for session in sessions:
        if session.kind == CoachingKind.INDIVIDUAL:
            for person in session.participants.all():
                people[person.pk] = person
                counts[person.pk] += 1
    by_person = sorted(
        ((people[pk], n) for pk, n in counts.items()), key=lambda pair: (-pair[1], pair[0].last_name)
    )
    return CoachingLog(
        sessions=sessions,
        team_count=kinds[CoachingKind.TEAM],
        individual_count=kinds[CoachingKind.INDIVIDUAL],
        observation_count=sum(s.is_observation for s in sessions),
        individual_by_person=by_person,
    )


def teams_of(school: School) -> QuerySet[SchoolTeam]:
    return SchoolTeam.objects.filter(school=school).select_related("school")


def people_to_coach(school: School) -> QuerySet[Person]:
    """Who may be coached at the school: current members of its teams and its active staff."""
    return (
        Person.objects.filter(
            Q(team_memberships__team__school=school, team_memberships__end_date__isnull=True)
            | Q(school=school, is_active=True)
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def steps_of(school: School, school_year: SchoolYear | None) -> QuerySet[ActionStep]:
    """The action steps of the school's teams' initiatives of the year, to tie a session to."""
    steps = ActionStep.objects.filter(initiative__team__school=school).select_related("initiative__team")
    if school_year is not None:
        steps = steps.filter(initiative__school_year=school_year)
    return steps.order_by("initiative__team__kind", "tier", "order", "pk")


def growing(people: list[Person], school_year: SchoolYear | None) -> dict[int, list[Competency]]:
    """What each of `people` is growing this year: the competencies of their PD plan goals and of the
    action steps they own, by person id (two queries, whatever the number of people)."""
    found: dict[int, dict[int, Competency]] = {p.pk: {} for p in people}
    if school_year is None or not people:
        return {pk: [] for pk in found}
    goals = PlanGoal.objects.filter(plan__person__in=people, plan__school_year=school_year).select_related(
        "plan", "competency__domain"
    )
    for goal in goals:
        found[goal.plan.person_id][goal.competency_id] = goal.competency
    tags = ActionStep.competencies.through.objects.filter(
        actionstep__owner__in=people, actionstep__initiative__school_year=school_year
    ).select_related("actionstep", "competency__domain")
    for tag in tags:
        found[tag.actionstep.owner_id][tag.competency_id] = tag.competency
    return {
        pk: sorted(comps.values(), key=lambda c: (c.domain.number, c.number)) for pk, comps in found.items()
    }


def coach_of(user):
    """The user's own Facilitator record, if they have one (the default coach of what they log)."""
    return Facilitator.objects.filter(person__user=user).first()


# --- Spotlights --------------------------------------------------------------------------------------


def spotlights() -> QuerySet[Spotlight]:
    """Spotlights with everything the list shows."""
    return Spotlight.objects.select_related(
        "school__network", "initiative", "session__offering__program"
    ).prefetch_related("presenters", Prefetch("competencies", queryset=COMPETENCIES))


class SpotlightFilter(django_filters.FilterSet):
    network = django_filters.ModelChoiceFilter(
        field_name="school__network", queryset=Network.objects.all(), empty_label="All networks"
    )
    level = django_filters.ChoiceFilter(
        field_name="school__level", choices=SchoolLevel.choices, empty_label="All levels", label="Level"
    )
    competency = django_filters.ModelChoiceFilter(
        field_name="competencies",
        queryset=taggable_competencies().select_related("domain__version"),
        empty_label="Any competency",
        distinct=True,
    )
    q = django_filters.CharFilter(method="search", label="Search")

    class Meta:
        model = Spotlight
        fields = ["network", "level", "competency", "q"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["competency"].field.label_from_instance = lambda c: f"{c.code} {c.short_statement}"

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(practice__icontains=value) | Q(school__name__icontains=value)
        )


def schools_to_showcase(user) -> QuerySet[School]:
    """The schools whose spotlights the user may record: all for program staff, else their networks'."""
    schools = School.objects.select_related("network").order_by("name")
    if user.is_superuser or _program_staff(user):
        return schools
    networks = NetworkSupportMember.objects.filter(person__user=user).values("network")
    return schools.filter(network__in=networks)


def initiatives_to_showcase(schools: QuerySet[School]) -> QuerySet[Initiative]:
    return Initiative.objects.filter(team__school__in=schools).select_related("team__school", "school_year")
