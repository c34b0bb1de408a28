"""Read paths of applying and selecting: the open cohort, an applicant's own applications, a supervisor's
recommendation requests, and staff's cohort and application pages.

Each function costs a fixed number of queries whatever the number of rows. Nothing an applicant reads
loads their recommendation: they learn only whether it has arrived (``has_recommendation``).
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from leaderdev.models import Person, Position
from leaderdev.permissions import Role, get_visible_or_404, has_role, visible_to

from ..models import (
    DECISION_REASON_REQUIRED,
    OPEN_STATUSES,
    ApplicationStatus,
    ApplicationStatusChange,
    Cohort,
    Endorsement,
    Fellow,
    FellowshipApplication,
    FellowStatus,
    Host,
    HostStatus,
    Recommendation,
)
from ..services.selection import ALREADY_PRINCIPALS

# Who an applicant may name as the supervisor who recommends them.
SUPERVISOR_POSITIONS = (Position.PRINCIPAL, Position.HEAD_OF_SCHOOL, Position.CENTRAL_OFFICE)
# The order statuses are shown in: the way an application moves, then how it can end.
STATUS_ORDER = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SCREENING,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.SELECTED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.NOT_SELECTED,
    ApplicationStatus.WITHDRAWN,
]


# --- Applicants -------------------------------------------------------------------------------------------


def person_of(user) -> Person | None:
    """The signed-in user's own staff record (with their school), or None. One query."""
    return Person.objects.select_related("school").filter(user=user).first()


def open_cohort(today: datetime.date) -> Cohort | None:
    """The cohort whose application window includes `today` (the one closing first, if two overlap)."""
    return (
        Cohort.objects.select_related("school_year")
        .filter(applications_open_on__lte=today, applications_close_on__gte=today)
        .order_by("applications_close_on", "pk")
        .first()
    )


def next_cohort(today: datetime.date) -> Cohort | None:
    """The next cohort whose applications open after `today`, if staff have set one up."""
    return (
        Cohort.objects.filter(applications_open_on__gt=today).order_by("applications_open_on", "pk").first()
    )


def may_apply(person: Person | None) -> bool:
    """Whether `person` is someone the fellowship is for (the service checks again when they apply)."""
    return bool(person and person.is_active and person.position not in ALREADY_PRINCIPALS)


def supervisors(person: Person) -> QuerySet:
    """Who `person` may ask for a recommendation: active principals, heads of school and central office
    staff, the leaders of their own school first, then everyone by name."""
    own_school = (
        Case(When(school_id=person.school_id, then=Value(0)), default=Value(1), output_field=IntegerField())
        if person.school_id
        else Value(1)
    )
    return (
        Person.objects.filter(is_active=True, position__in=SUPERVISOR_POSITIONS)
        .exclude(pk=person.pk)
        .select_related("school")
        .annotate(own_school=own_school)
        .order_by("own_school", "last_name", "first_name", "pk")
    )


def has_applied(person: Person, cohort: Cohort) -> bool:
    return FellowshipApplication.objects.filter(person=person, cohort=cohort).exists()


def _history():
    return Prefetch(
        "status_changes",
        queryset=ApplicationStatusChange.objects.order_by("-changed_at", "-pk"),
        to_attr="status_history",
    )


def _with_recommendation_flag(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(
        has_recommendation=Exists(Recommendation.objects.filter(application=OuterRef("pk")))
    )


def my_applications(person: Person) -> list[FellowshipApplication]:
    """`person`'s applications, newest cohort first, each with its cohort, supervisor, status history
    (``status_history``, newest first), ``has_recommendation`` and ``reason_for_applicant`` (the decision's
    reason when the decision needed one: waitlisted, not selected, withdrawn); never the recommendation.
    Two queries."""
    applications = list(
        _with_recommendation_flag(
            FellowshipApplication.objects.filter(person=person).select_related("cohort", "supervisor__school")
        )
        .prefetch_related(_history())
        .order_by("-cohort__residency_starts_on", "-pk")
    )
    for application in applications:
        shown = application.status in DECISION_REASON_REQUIRED
        application.reason_for_applicant = application.decision_reason if shown else ""
    return applications


def own_application(user, pk: int) -> FellowshipApplication:
    """The signed-in applicant's own application (someone else's answers 404)."""
    return get_visible_or_404(
        user,
        FellowshipApplication.objects.filter(person__user=user).select_related("person", "cohort"),
        pk=pk,
    )


# --- Supervisors ------------------------------------------------------------------------------------------


def application_to_recommend(user, pk: int) -> FellowshipApplication:
    """The application whose recommendation `user` may write: the supervisor named on it, or program
    staff. Anyone else, the applicant included, gets 404. One query (recommendation loaded)."""
    queryset = FellowshipApplication.objects.select_related(
        "cohort", "person__school", "supervisor", "recommendation"
    )
    if not has_role(user, Role.PROGRAM_STAFF):
        queryset = queryset.filter(supervisor__user=user)
    return get_visible_or_404(user, queryset, pk=pk)


def recommendation_of(application: FellowshipApplication) -> Recommendation | None:
    return getattr(application, "recommendation", None) if application.pk else None


def recommendations_to_write(person: Person) -> list[FellowshipApplication]:
    """Open applications naming `person` as supervisor that have no recommendation yet. One query."""
    return list(
        FellowshipApplication.objects.filter(
            supervisor=person, status__in=OPEN_STATUSES, recommendation__isnull=True
        )
        .select_related("person__school", "cohort")
        .order_by("cohort__applications_close_on", "person__last_name", "person__first_name", "pk")
    )


def latest_application(person: Person, today: datetime.date) -> FellowshipApplication | None:
    """`person`'s application to the newest cohort whose residency has not ended, with the cohort and
    ``has_recommendation``. One query."""
    return (
        _with_recommendation_flag(
            FellowshipApplication.objects.filter(person=person, cohort__residency_ends_on__gte=today)
        )
        .select_related("cohort")
        .order_by("-cohort__residency_starts_on", "-pk")
        .first()
    )


# --- Staff: cohorts ---------------------------------------------------------------------------------------


@dataclass
class CohortRow:
    cohort: Cohort
    taken: int = 0
    hosts_confirmed: int = 0
    by_status: Counter = field(default_factory=Counter)

    @property
    def applications(self) -> int:
        return sum(self.by_status.values())

    @property
    def statuses(self) -> list[tuple[str, str, int]]:
        """(status, label, count) in the order applications move, those with none left out."""
        return [(s.value, s.label, self.by_status[s.value]) for s in STATUS_ORDER if self.by_status[s.value]]

    @property
    def places_left(self) -> int:
        return max(self.cohort.places - self.taken, 0)


def _taken_by_cohort(cohort_ids) -> dict[int, int]:
    rows = (
        Fellow.objects.filter(cohort_id__in=cohort_ids)
        .exclude(status=FellowStatus.WITHDRAWN)
        .values("cohort_id")
        .annotate(n=Count("pk"))
    )
    return {row["cohort_id"]: row["n"] for row in rows}


def cohort_rows(user) -> list[CohortRow]:
    """Every cohort the user may see with its places taken, applications by status and confirmed hosts.
    Four queries whatever the number of cohorts and applications."""
    cohorts = list(visible_to(user, Cohort.objects.select_related("school_year")))
    ids = [c.pk for c in cohorts]
    rows = {c.pk: CohortRow(c) for c in cohorts}
    for cohort_id, taken in _taken_by_cohort(ids).items():
        rows[cohort_id].taken = taken
    statuses = (
        FellowshipApplication.objects.filter(cohort_id__in=ids)
        .values("cohort_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in statuses:
        rows[row["cohort_id"]].by_status[row["status"]] = row["n"]
    hosts = (
        Host.objects.filter(cohort_id__in=ids, status=HostStatus.CONFIRMED)
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in hosts:
        rows[row["cohort_id"]].hosts_confirmed = row["n"]
    return list(rows.values())


@dataclass
class CohortPage:
    row: CohortRow
    hosts_invited: int
    fellows: list
    hours_logged: float

    @property
    def cohort(self) -> Cohort:
        return self.row.cohort

    @property
    def placed(self) -> int:
        return sum(1 for fellow in self.fellows if fellow.placed)


def cohort_page(user, pk: int) -> CohortPage:
    """A cohort's summary and its fellows table: each fellow with their school, host and host school when
    placed, and ``hours_logged`` annotated in the same query. Five queries."""
    cohort = get_visible_or_404(user, Cohort.objects.select_related("school_year"), pk=pk)
    row = CohortRow(cohort)
    row.taken = _taken_by_cohort([cohort.pk]).get(cohort.pk, 0)
    for status, n in (
        FellowshipApplication.objects.filter(cohort=cohort)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        row.by_status[status] = n
    hosts = Host.objects.filter(cohort=cohort).aggregate(
        confirmed=Count("pk", filter=Q(status=HostStatus.CONFIRMED)),
        invited=Count("pk", filter=Q(status=HostStatus.INVITED)),
    )
    row.hosts_confirmed = hosts["confirmed"]
    fellows = list(
        Fellow.objects.filter(cohort=cohort)
        .select_related("person__school", "residency__host__person", "residency__school")
        .annotate(hours_logged=Sum("residency__hours__hours"), placed=Count("residency", distinct=True))
        .order_by(
            Case(When(status=FellowStatus.WITHDRAWN, then=Value(1)), default=Value(0)),
            "person__last_name",
            "person__first_name",
            "pk",
        )
    )
    total = sum(f.hours_logged or 0 for f in fellows)
    return CohortPage(row=row, hosts_invited=hosts["invited"], fellows=fellows, hours_logged=total)


# --- Staff: applications ----------------------------------------------------------------------------------


def cohorts() -> QuerySet:
    return Cohort.objects.order_by("-residency_starts_on")


def default_cohort(today: datetime.date) -> Cohort | None:
    """The cohort staff are most likely selecting for: the open one, else the latest whose window opened,
    else the next one."""
    return (
        open_cohort(today)
        or Cohort.objects.filter(applications_open_on__lte=today).order_by("-applications_open_on").first()
        or next_cohort(today)
    )


def application_list() -> QuerySet:
    """Applications for staff's list, by name, with the person's school and network, the cohort, the
    supervisor and the recommendation's endorsement in words (``endorsement_label``, empty when it has not
    arrived): one query."""
    return (
        FellowshipApplication.objects.select_related("person__school__network", "cohort", "supervisor")
        .annotate(
            endorsement_label=Case(
                *(
                    When(recommendation__endorsement=value, then=Value(label))
                    for value, label in Endorsement.choices
                ),
                default=Value(""),
                output_field=CharField(),
            )
        )
        .order_by("person__last_name", "person__first_name", "pk")
    )


def places_summary(cohort: Cohort) -> tuple[int, int]:
    """(taken, places) of a cohort. One query."""
    return _taken_by_cohort([cohort.pk]).get(cohort.pk, 0), cohort.places


def application_detail(user, pk: int) -> FellowshipApplication:
    """An application for staff: the person, school, supervisor, cohort, recommendation and its author,
    the status history (``status_history``) with who moved it. Two queries."""
    return get_visible_or_404(
        user,
        FellowshipApplication.objects.select_related(
            "person__school__network",
            "supervisor__school",
            "cohort",
            "recommendation__written_by",
            "fellow",
        ).prefetch_related(
            Prefetch(
                "status_changes",
                queryset=ApplicationStatusChange.objects.select_related("changed_by").order_by(
                    "-changed_at", "-pk"
                ),
                to_attr="status_history",
            )
        ),
        pk=pk,
    )


def application_for_staff(user, pk: int) -> FellowshipApplication:
    return get_visible_or_404(user, FellowshipApplication.objects.select_related("person", "cohort"), pk=pk)
