"""Read paths of licensure pursuits: a pursuit's checklist, the team's progress board and its CSV, and a
person's own pursuits (their page and the portal).

checklist(pursuit)        the license's active requirements in order, each with this pursuit's progress
                          (or "not started") and evidence: three queries whatever the checklist's size
board()                   pursuits annotated with verified / total requirements, percent, last activity
                          and the overdue and stale flags: one query per page of rows
board_summary(qs)         the board's cards (pursuits, active, overdue, stale, licensed): one query
board_columns()           the board's CSV
my_pursuits(person)       a person's pursuits with the board's numbers: one query
next_requirements(...)    for the portal, the first item each pursuit should work on: one query
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    Max,
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
from django.utils import timezone

from leaderdev.exports import Column

from ..models import (
    ACTIVE_PURSUIT_STATUSES,
    Evidence,
    LicensePursuit,
    LicenseType,
    ProgressStatus,
    PursuitStatus,
    Requirement,
    RequirementProgress,
)

# A pursuit whose checklist has not moved in this many days is flagged "stale" on the board.
STALE_AFTER_DAYS = 60
# Pursuits that can still fall behind: the flags never mark a licensed or withdrawn one.
OPEN_PURSUIT_STATUSES = (*ACTIVE_PURSUIT_STATUSES, PursuitStatus.PAUSED)


# --- One pursuit's checklist -------------------------------------------------------------------------


@dataclass
class ChecklistItem:
    """One requirement of a pursuit's checklist, with the pursuit's progress on it (None: not started)."""

    requirement: Requirement
    progress: RequirementProgress | None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else ProgressStatus.NOT_STARTED

    @property
    def status_label(self) -> str:
        return ProgressStatus(self.status).label

    @property
    def is_verified(self) -> bool:
        return self.status == ProgressStatus.VERIFIED

    @property
    def is_verifiable(self) -> bool:
        """Whether the team could verify it now (services.progress.verify says so again): recorded,
        not verified yet, and with evidence when it needs some."""
        return (
            self.progress is not None
            and not self.is_verified
            and (bool(self.evidence) or not self.requirement.evidence_required)
        )

    @property
    def is_countable(self) -> bool:
        return self.requirement.target_amount is not None

    @property
    def amount_done(self) -> Decimal | None:
        return self.progress.amount_done if self.progress else None

    @property
    def percent(self) -> int | None:
        """How much of a countable requirement is done, 0-100 (None for one that is not counted)."""
        target = self.requirement.target_amount
        if target is None:
            return None
        if not target:
            return 100
        return min(100, int((self.amount_done or 0) * 100 / target))


@dataclass
class Checklist:
    pursuit: LicensePursuit
    items: list[ChecklistItem]

    @property
    def verified(self) -> int:
        return sum(item.is_verified for item in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def percent(self) -> int:
        return percent_of(self.verified, self.total)

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


def percent_of(part: int, whole: int) -> int:
    return int(part * 100 / whole) if whole else 0


def pursuit_detail() -> QuerySet:
    """Pursuits with what their page shows about the person and the license (for get_visible_or_404)."""
    return LicensePursuit.objects.select_related("person__school__network", "license_type")


def checklist(pursuit: LicensePursuit) -> Checklist:
    """The license's active requirements in order, each with this pursuit's progress and its evidence.

    Three queries whatever the size: the requirements, LEFT JOINed in Python to this pursuit's progress
    rows (one prefetch; a requirement without a row is "not started"), and the evidence (one prefetch).
    """
    mine = (
        RequirementProgress.objects.filter(pursuit=pursuit)
        .select_related("verified_by")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("-uploaded_at", "-pk")))
    )
    requirements = (
        Requirement.objects.filter(license_type_id=pursuit.license_type_id, is_active=True)
        .order_by("order", "pk")
        .prefetch_related(Prefetch("progress", queryset=mine, to_attr="mine"))
    )
    items = []
    for requirement in requirements:
        progress = requirement.mine[0] if requirement.mine else None
        if progress is not None:
            progress.pursuit = pursuit
            progress.requirement = requirement
        evidence = list(progress.evidence.all()) if progress else []
        items.append(ChecklistItem(requirement, progress, evidence))
    return Checklist(pursuit, items)


def requirement_of(pursuit: LicensePursuit, requirement_pk) -> Requirement | None:
    """One active requirement of the pursuit's license, or None."""
    return Requirement.objects.filter(
        pk=requirement_pk, license_type_id=pursuit.license_type_id, is_active=True
    ).first()


def progress_detail() -> QuerySet:
    """Progress rows with their pursuit and requirement (for get_visible_or_404 on the team's buttons)."""
    return RequirementProgress.objects.select_related("pursuit__person", "requirement")


def evidence_detail() -> QuerySet:
    """Evidence with its progress and pursuit (for get_visible_or_404 on download and removal)."""
    return Evidence.objects.select_related("progress__pursuit__person", "progress__requirement")


# --- The board ----------------------------------------------------------------------------------------


def _with_numbers(queryset: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Annotate pursuits with verified_count, total_requirements, percent, last_activity and the flags.

    last_activity is the latest change of any progress row (evidence added touches its row), or the
    pursuit's own creation when nothing was recorded yet. overdue: the target date has passed and the
    pursuit is still open (neither licensed nor withdrawn). stale: open and no change in 60 days.
    """
    today = today or timezone.localdate()
    stale_before = timezone.now() - datetime.timedelta(days=STALE_AFTER_DAYS)
    active_requirements = (
        Requirement.objects.filter(license_type=OuterRef("license_type"), is_active=True)
        .order_by()
        .values("license_type")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        verified_count=Count(
            "progress",
            filter=Q(progress__status=ProgressStatus.VERIFIED, progress__requirement__is_active=True),
        ),
        total_requirements=Coalesce(Subquery(active_requirements, output_field=IntegerField()), 0),
        last_activity=Coalesce(Max("progress__updated_at"), F("created_at"), output_field=DateTimeField()),
        percent=Case(
            When(total_requirements=0, then=Value(0)),
            default=F("verified_count") * 100 / F("total_requirements"),
            output_field=IntegerField(),
        ),
        is_overdue=Case(
            When(Q(target_date__lt=today, status__in=OPEN_PURSUIT_STATUSES), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        is_stale=Case(
            When(Q(last_activity__lt=stale_before, status__in=OPEN_PURSUIT_STATUSES), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def is_overdue(pursuit: LicensePursuit, today: datetime.date | None = None) -> bool:
    """The board's overdue flag for one pursuit already loaded: open, and its target date has passed."""
    return pursuit.status in OPEN_PURSUIT_STATUSES and pursuit.target_date < (today or timezone.localdate())


def board(today: datetime.date | None = None) -> QuerySet:
    """Every pursuit with its numbers and flags (filter with filters.BoardFilter): open ones first, by
    soonest target, then licensed and withdrawn ones, so what needs the team is at the top."""
    return _with_numbers(
        LicensePursuit.objects.select_related("person__school__network", "license_type"), today
    ).order_by(
        Case(When(status__in=OPEN_PURSUIT_STATUSES, then=0), default=1),
        "target_date",
        "person__last_name",
        "person__first_name",
        "pk",
    )


def with_days_to_target(pursuits, today: datetime.date | None = None) -> list[LicensePursuit]:
    """One page of the board's rows, each with `days_to_target` (negative once it has passed) and
    `days_over` (how many days past it, 0 before). Computed here rather than in SQL: date arithmetic
    differs between Postgres and SQLite, and a page is at most a few dozen rows."""
    today = today or timezone.localdate()
    rows = list(pursuits)
    for pursuit in rows:
        pursuit.days_to_target = (pursuit.target_date - today).days
        pursuit.days_over = max(0, -pursuit.days_to_target)
    return rows


@dataclass(frozen=True)
class BoardSummary:
    pursuits: int
    active: int
    overdue: int
    stale: int
    licensed: int
    average_percent: int


def board_summary(queryset: QuerySet) -> BoardSummary:
    """The board's cards for the filtered pursuits, in one query."""

    def flag(condition):
        return Coalesce(Sum(Case(When(condition, then=1), default=0, output_field=IntegerField())), 0)

    numbers = (
        queryset.order_by()
        .values("pk", "status", "percent", "is_overdue", "is_stale")
        .aggregate(
            pursuits=Count("pk"),
            active=flag(Q(status__in=ACTIVE_PURSUIT_STATUSES)),
            overdue=flag(Q(is_overdue=True)),
            stale=flag(Q(is_stale=True)),
            licensed=flag(Q(status=PursuitStatus.LICENSED)),
            percent_sum=Coalesce(Sum("percent", filter=Q(status__in=ACTIVE_PURSUIT_STATUSES)), 0),
        )
    )
    return BoardSummary(
        pursuits=numbers["pursuits"],
        active=numbers["active"],
        overdue=numbers["overdue"],
        stale=numbers["stale"],
        licensed=numbers["licensed"],
        average_percent=int(numbers["percent_sum"] / numbers["active"]) if numbers["active"] else 0,
    )


def board_columns() -> list[Column]:
    """The board as CSV: one line per pursuit, the page's numbers included.

    Verified and total requirements are two number columns rather than one "3/7" cell, which a
    spreadsheet would read as the 7th of March.
    """
    return [
        Column("Employee ID", "person__employee_id"),
        Column("Last name", "person__last_name"),
        Column("First name", "person__first_name"),
        Column("School", "person__school__name"),
        Column("Network", "person__school__network__name"),
        Column("License", "license_type__name"),
        Column("Status", "status", choices=PursuitStatus),
        Column("Started", "started_on"),
        Column("Target date", "target_date"),
        Column("Licensed on", "licensed_on"),
        Column("Requirements verified", "verified_count"),
        Column("Requirements in all", "total_requirements"),
        Column("Percent verified", "percent"),
        Column("Overdue", "is_overdue"),
        Column("Stale", "is_stale"),
        Column("Last activity", "last_activity"),
    ]


# --- A person's own pursuits (their page and the portal) ---------------------------------------------------


def my_pursuits(person, *, active_only: bool = False) -> QuerySet:
    """`person`'s pursuits with the board's numbers, open ones first (one query)."""
    queryset = LicensePursuit.objects.filter(person=person).select_related("license_type")
    if active_only:
        queryset = queryset.filter(status__in=ACTIVE_PURSUIT_STATUSES)
    return _with_numbers(queryset).order_by(
        Case(When(status__in=ACTIVE_PURSUIT_STATUSES, then=0), default=1), "target_date", "pk"
    )


def startable_license_types(person) -> QuerySet:
    """Active license types `person` does not pursue yet (the choices of the start form)."""
    return LicenseType.objects.filter(is_active=True).exclude(pursuits__person=person).order_by("name")


def next_requirements(pursuits) -> dict[int, Requirement]:
    """For each pursuit, the first requirement in checklist order the employee should work on: neither
    verified nor waiting for the team (submitted). One query for all the pursuits; a pursuit whose items
    are all verified or submitted has no entry. Each requirement carries `progress_status`."""
    pursuits = list(pursuits)
    if not pursuits:
        return {}
    by_license = {pursuit.license_type_id: pursuit for pursuit in pursuits}
    progress = RequirementProgress.objects.filter(
        requirement=OuterRef("pk"), pursuit__in=[p.pk for p in pursuits]
    )
    waiting = progress.filter(status__in=[ProgressStatus.VERIFIED, ProgressStatus.SUBMITTED])
    requirements = (
        Requirement.objects.filter(license_type_id__in=by_license, is_active=True)
        .annotate(progress_status=Subquery(progress.values("status")[:1]))
        .exclude(Exists(waiting))
        .order_by("license_type_id", "order", "pk")
    )
    found: dict[int, Requirement] = {}
    for requirement in requirements:
        pursuit = by_license[requirement.license_type_id]
        found.setdefault(pursuit.pk, requirement)
    return found
