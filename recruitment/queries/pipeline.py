"""Read paths of the pipeline pages: the board, the list, one application and one candidate.

Every read here runs a fixed number of queries whatever the number of applications:

- the board counts every stage of the (filtered) cycle in ONE grouped query, and fetches the most recent
  ``per_column`` cards of every pipeline column in ONE query, numbering each stage's rows with a window
  function (ROW_NUMBER() OVER (PARTITION BY stage ORDER BY stage_entered_at DESC)) and keeping the first N;
- the list is a select_related queryset that the page paginates (a count and a page);
- an application's page reads its stage history, its audit history and the candidate's other
  applications once each.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from leaderdev.exports import Column as ExportColumn

from ..models import (
    PIPELINE,
    Application,
    Candidate,
    HiringCycle,
    Opening,
    OpeningStatus,
    ReferenceStatus,
    Stage,
    StageChange,
)

# How many cards each board column shows; "see all" opens the list filtered to the stage.
CARDS_PER_COLUMN = 25
# Column headings that would not fit a column in full; the page adds the rest for screen readers.
SHORT_LABELS = {Stage.IN_POOL: ("In pool", "(eligible for hire)")}
# Stages off the board: they are counted above it, not given a column.
OFF_BOARD = (Stage.REJECTED, Stage.WITHDRAWN)


def cycles() -> QuerySet[HiringCycle]:
    """Every hiring cycle, the newest first (the board's and the list's selector)."""
    return HiringCycle.objects.select_related("school_year").order_by("-is_active", "-opens_on", "pk")


def default_cycle() -> HiringCycle | None:
    """The active cycle that opened last; else the cycle that opened last; None without any."""
    return cycles().first()


def applications() -> QuerySet[Application]:
    """Applications with what a row or a card shows: the candidate, the source, the cycle."""
    return Application.objects.select_related("candidate", "source", "cycle")


# --- The board --------------------------------------------------------------------------------------------


@dataclass
class Column:
    stage: str
    label: str
    count: int
    cards: list = field(default_factory=list)

    @property
    def heading(self) -> tuple[str, str]:
        """(what the column's heading shows, what only screen readers hear after it)."""
        return SHORT_LABELS.get(self.stage, (self.label, ""))

    @property
    def more(self) -> int:
        """How many of the stage's applications the column does not show."""
        return self.count - len(self.cards)


@dataclass
class Board:
    columns: list[Column]
    closed: list[tuple[str, str, int]]  # (stage, label, count) of rejected and withdrawn
    total: int


def days_in_stage(application: Application, now: datetime.datetime) -> int:
    return max((now - application.stage_entered_at).days, 0)


def board(queryset: QuerySet[Application], *, per_column: int | None = None) -> Board:
    """The board of `queryset` (one cycle, filtered): a column per pipeline stage with its count and
    its `per_column` most recently entered cards; rejected and withdrawn as counts. Two queries."""
    per_column = per_column or CARDS_PER_COLUMN
    counts = dict(queryset.order_by().values_list("stage").annotate(n=Count("pk")))
    ranked = (
        queryset.filter(stage__in=PIPELINE)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("stage")],
                order_by=[F("stage_entered_at").desc(), F("pk").desc()],
            )
        )
        .filter(position__lte=per_column)
        .select_related("candidate", "source")
        .order_by("stage", "position")
    )
    now = timezone.now()
    cards: dict[str, list[Application]] = {stage: [] for stage in PIPELINE}
    for application in ranked:
        application.days_in_stage = days_in_stage(application, now)
        cards[application.stage].append(application)
    labels = dict(Stage.choices)
    columns = [Column(stage, labels[stage], counts.get(stage, 0), cards[stage]) for stage in PIPELINE]
    closed = [(stage, labels[stage], counts.get(stage, 0)) for stage in OFF_BOARD]
    return Board(columns=columns, closed=closed, total=sum(counts.values()))


# --- The list ---------------------------------------------------------------------------------------------


def application_list() -> QuerySet[Application]:
    """The list page's rows, by candidate name."""
    return applications().order_by("candidate__last_name", "candidate__first_name", "pk")


def with_days_in_stage(rows) -> list[Application]:
    now = timezone.now()
    rows = list(rows)
    for application in rows:
        application.days_in_stage = days_in_stage(application, now)
    return rows


# --- One application --------------------------------------------------------------------------------------


def application_detail() -> QuerySet[Application]:
    """An application with everything its page shows about it and its candidate."""
    return Application.objects.select_related(
        "candidate__person__school",
        "candidate__created_by",
        "cycle__school_year",
        "source__fellow",
        "opening__school",
    ).annotate(
        completed_references=Count("references", filter=Q(references__status=ReferenceStatus.COMPLETED))
    )


def stage_history(application: Application) -> QuerySet[StageChange]:
    """Every move of the application, the latest first, with who made it."""
    return application.stage_changes.select_related("changed_by").order_by("-changed_at", "-pk")


def open_openings(application: Application) -> QuerySet[Opening]:
    """The cycle's open openings for the application's role (a hire may fill one)."""
    return Opening.objects.filter(
        cycle_id=application.cycle_id, role=application.role, status=OpeningStatus.OPEN
    ).select_related("school")


def required_references() -> int:
    return settings.RECRUITMENT_REQUIRED_REFERENCES


def candidate_detail() -> QuerySet[Candidate]:
    return Candidate.objects.select_related("person__school", "created_by")


def candidate_applications(candidate: Candidate) -> QuerySet[Application]:
    return candidate.applications.select_related("cycle", "source", "opening__school").order_by(
        "-cycle__opens_on", "role"
    )


# --- The audit history ------------------------------------------------------------------------------------

# Bookkeeping columns that change with every save and say nothing to a reader.
UNINTERESTING = {"updated_at", "created_at", "stage_entered_at"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class AuditEntry:
    at: datetime.datetime
    who: str
    action: str
    changes: list[Change]


def _readable(model, field_name: str, value, related: dict) -> str:
    if value in (None, ""):
        return "—"
    model_field = model._meta.get_field(field_name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return str(related.get((model_field.related_model, value), f"#{value}"))
    return str(value)


def audit_trail(instance) -> list[AuditEntry]:
    """The instance's django-simple-history records, the latest first, as "who changed what, when".

    Each record is compared with the one before it in Python (``diff_against`` on two loaded records
    needs no query); the objects a changed foreign key names are loaded once per related model.
    """
    model = type(instance)
    order = {f.name: i for i, f in enumerate(model._meta.fields)}
    records = list(instance.history.select_related("history_user").order_by("history_date", "history_id"))
    diffs = []
    wanted: dict = {}
    previous = None
    for record in records:
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=UNINTERESTING)
            # In the model's field order, as the page reads top to bottom.
            changes = sorted(delta.changes, key=lambda c: order.get(c.field, len(order)))
            for change in changes:
                model_field = model._meta.get_field(change.field)
                if model_field.is_relation:
                    ids = wanted.setdefault(model_field.related_model, set())
                    ids.update(v for v in (change.old, change.new) if v is not None)
        diffs.append((record, changes))
        previous = record
    related = {}
    for related_model, ids in wanted.items():
        for pk, obj in related_model._default_manager.in_bulk(list(ids)).items():
            related[(related_model, pk)] = obj
    actions = {"+": "Created", "~": "Changed", "-": "Deleted"}
    entries = []
    for record, changes in diffs:
        if record.history_type == "~" and not changes:
            continue  # a save that only touched bookkeeping columns
        entries.append(
            AuditEntry(
                at=record.history_date,
                who=str(record.history_user) if record.history_user else "The system",
                action=actions.get(record.history_type, record.history_type),
                changes=[
                    Change(
                        field=str(model._meta.get_field(c.field).verbose_name).capitalize(),
                        old=_readable(model, c.field, c.old, related),
                        new=_readable(model, c.field, c.new, related),
                    )
                    for c in changes
                ],
            )
        )
    entries.reverse()
    return entries


# --- The applications export ----------------------------------------------------------------------------


def application_columns() -> list[ExportColumn]:
    """The applications CSV: the list page's rows with the candidate's contact details and the source."""
    from leaderdev.models import SchoolLevel

    from ..models import HiringRole, SourceKind, Stage

    return [
        ExportColumn("Last name", "candidate__last_name"),
        ExportColumn("First name", "candidate__first_name"),
        ExportColumn("E-mail", "candidate__email"),
        ExportColumn("Phone", "candidate__phone"),
        ExportColumn(
            "Internal",
            value=lambda row: "yes" if row["candidate__person_id"] else "no",
            uses=["candidate__person_id"],
        ),
        ExportColumn("Cycle", "cycle__name"),
        ExportColumn("Role", "role", choices=HiringRole),
        ExportColumn("Preferred level", "school_level", choices=SchoolLevel),
        ExportColumn("Source", "source__name"),
        ExportColumn("Kind of source", "source__kind", choices=SourceKind),
        ExportColumn("Stage", "stage", choices=Stage),
        ExportColumn("In stage since", "stage_entered_at"),
        ExportColumn("Closed because", "closed_reason"),
    ]
