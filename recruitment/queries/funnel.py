"""The recruitment funnel of a hiring cycle: how many applications reached each stage of the pipeline,
the conversion between consecutive stages, and how long applications stayed in each stage, overall and
per source. The funnel page, its chart and its CSV all read from here.

How it is counted (the Office's decisions):

- **Reached**: an application reached a stage if it is at that stage or beyond it in ``PIPELINE`` order,
  or if its history (``StageChange``) shows it entered that stage or one beyond. So a candidate rejected
  after the first interview counts as applied, screened and first interview, and a reopened application
  keeps what it reached before. The pipeline moves forward one stage at a time, so reaching a stage means
  having passed every stage before it.
- **Conversion**: the share of the applications that reached the previous stage which also reached this
  one; from applied to hired for a whole source.
- **Time in stage**: from entering a stage to the next move (forward, or rejected / withdrawn from it), in
  days, over completed stays only: an application still sitting in a stage has no end yet. Read with one
  window query (the next ``changed_at`` of the same application), not one query per application.

A report costs a fixed handful of queries whatever the number of applications: the counts are grouped in
SQL (one row per source, furthest stage and current stage) and the stays are streamed in one query.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

import django_filters
from django import forms
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Greatest, Lead
from django.http import QueryDict

from leaderdev.exports import Column

from ..models import PIPELINE, Application, HiringCycle, HiringRole, Source, SourceKind, Stage, StageChange
from .pipeline import default_cycle

STAGE_LABELS = dict(Stage.choices)
CLOSED_EARLY = (Stage.REJECTED, Stage.WITHDRAWN)
SECONDS_PER_DAY = 86400
# Sources are listed by kind in SourceKind's order (partners, universities, fellows, ...), then by name.
KIND_ORDER = {kind: rank for rank, kind in enumerate(SourceKind.values)}


def _pipeline_rank(field_name: str) -> Case:
    """The position of the stage in `field_name` in PIPELINE (0 = applied), -1 for rejected/withdrawn."""
    return Case(
        *[When(**{field_name: stage}, then=Value(rank)) for rank, stage in enumerate(PIPELINE)],
        default=Value(-1),
        output_field=IntegerField(),
    )


def with_furthest_stage(applications: QuerySet[Application]) -> QuerySet[Application]:
    """`applications` annotated with ``furthest``: the rank in PIPELINE of the furthest stage reached."""
    in_history = (
        StageChange.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(top=Max(_pipeline_rank("to_stage")))
        .values("top")
    )
    # Every application applied, even one rejected before its history was kept: at least rank 0.
    return applications.annotate(
        furthest=Greatest(
            _pipeline_rank("stage"),
            Coalesce(Subquery(in_history, output_field=IntegerField()), Value(0)),
            Value(0),
        )
    )


# --- Filters ------------------------------------------------------------------------------------------


class CycleSelect(forms.Select):
    """A select that always has a choice (no empty first option for the browser to require)."""

    def use_required_attribute(self, initial):
        return False


class FunnelFilter(django_filters.FilterSet):
    """The funnel's filters, shared by the page and the CSV: a cycle (the default one when not given) and
    optionally a role, a source or a kind of source."""

    cycle = django_filters.ModelChoiceFilter(
        queryset=HiringCycle.objects.order_by("-opens_on", "-pk"),
        label="Hiring cycle",
        empty_label=None,
        widget=CycleSelect,
    )
    role = django_filters.ChoiceFilter(choices=HiringRole.choices, empty_label="Any role")
    source_kind = django_filters.ChoiceFilter(
        field_name="source__kind", choices=SourceKind.choices, label="Kind of source", empty_label="Any kind"
    )
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.order_by("kind", "name"), empty_label="Any source"
    )

    class Meta:
        model = Application
        fields = ["cycle", "role", "source_kind", "source"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("cycle"):
            cycle = default_cycle()  # the board's: the active cycle that opened last
            if cycle is not None:
                data["cycle"] = str(cycle.pk)
        super().__init__(data, *args, **kwargs)

    @cached_property
    def chosen_cycle(self) -> HiringCycle | None:
        """The cycle reported on; None when there is no cycle at all (or the one asked for is gone)."""
        if not self.is_valid():
            return None
        return self.form.cleaned_data.get("cycle")

    def filter_queryset(self, queryset):
        if self.chosen_cycle is None:
            return queryset.none()
        return super().filter_queryset(queryset)


# --- The report ---------------------------------------------------------------------------------------


@dataclass
class Stays:
    """Completed stays in one stage, in days."""

    days: list[float] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.days)

    @property
    def median(self) -> float | None:
        return statistics.median(self.days) if self.days else None

    @property
    def average(self) -> float | None:
        return statistics.fmean(self.days) if self.days else None


def _percent(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


@dataclass
class StageRow:
    """One stage of a funnel (overall or of one source)."""

    stage: str
    reached: int
    previous_reached: int | None  # None for applied, the first stage
    now_here: int  # applications at this stage today
    closed_here: int  # rejected or withdrawn while at this stage
    stays: Stays

    @property
    def label(self) -> str:
        return STAGE_LABELS[self.stage]

    @property
    def conversion(self) -> float | None:
        """Percent of the previous stage's applications that reached this one."""
        if self.previous_reached is None:
            return None
        return _percent(self.reached, self.previous_reached)


@dataclass
class SourceFunnel:
    """The funnel of one source (or of all of them, ``source`` None)."""

    source: Source | None
    stages: list[StageRow]

    @property
    def name(self) -> str:
        return self.source.name if self.source else "All sources"

    @property
    def kind(self) -> str:
        return self.source.get_kind_display() if self.source else ""

    @property
    def applied(self) -> int:
        return self.stages[0].reached

    @property
    def hired(self) -> int:
        return self.stages[-1].reached

    @property
    def hire_rate(self) -> float | None:
        """Percent of the applications that were hired."""
        return _percent(self.hired, self.applied)


@dataclass
class FunnelReport:
    cycle: HiringCycle | None
    total: SourceFunnel
    sources: list[SourceFunnel]
    rejected: int = 0
    withdrawn: int = 0

    @property
    def applications(self) -> int:
        return self.total.applied

    @property
    def stages(self) -> list[StageRow]:
        return self.total.stages


class _Tally:
    """Counts and stays of one source while the rows are read."""

    def __init__(self):
        self.reached = [0] * len(PIPELINE)
        self.now_here = defaultdict(int)
        self.closed_here = [0] * len(PIPELINE)
        self.stays = defaultdict(Stays)

    def add(self, furthest: int, stage: str, count: int):
        for rank in range(furthest + 1):
            self.reached[rank] += count
        self.now_here[stage] += count
        if stage in CLOSED_EARLY:
            self.closed_here[furthest] += count

    def funnel(self, source: Source | None) -> SourceFunnel:
        rows = []
        for rank, stage in enumerate(PIPELINE):
            rows.append(
                StageRow(
                    stage=stage,
                    reached=self.reached[rank],
                    previous_reached=self.reached[rank - 1] if rank else None,
                    now_here=self.now_here[stage],
                    closed_here=self.closed_here[rank],
                    stays=self.stays[stage],
                )
            )
        return SourceFunnel(source, rows)


def stage_counts(applications: QuerySet[Application]):
    """(source id, furthest rank, current stage, how many) for `applications`: one grouped query."""
    return (
        with_furthest_stage(applications.order_by())
        .values_list("source_id", "furthest", "stage")
        .annotate(n=Count("pk"))
        .order_by()
    )


def stays(applications: QuerySet[Application]):
    """(source id, stage, entered at, left at) of every move of `applications`, in one streamed query.

    ``left_at`` is the next move's time (a window over the application's moves), None while it is there.
    """
    return (
        StageChange.objects.filter(application__in=applications.order_by().values("pk"))
        .annotate(
            left_at=Window(
                Lead("changed_at"),
                partition_by=[F("application_id")],
                order_by=[F("changed_at").asc(), F("pk").asc()],
            )
        )
        .order_by()
        .values_list("application__source_id", "to_stage", "changed_at", "left_at")
    )


def funnel_report(funnel_filter: FunnelFilter) -> FunnelReport:
    """The funnel of the filter's cycle and filters, overall and per source, in a fixed number of queries."""
    cycle = funnel_filter.chosen_cycle
    applications = funnel_filter.qs
    total = _Tally()
    per_source: dict[int, _Tally] = defaultdict(_Tally)
    rejected = withdrawn = 0
    if cycle is not None:
        for source_id, furthest, stage, count in stage_counts(applications):
            total.add(furthest, stage, count)
            per_source[source_id].add(furthest, stage, count)
            rejected += count if stage == Stage.REJECTED else 0
            withdrawn += count if stage == Stage.WITHDRAWN else 0
        pipeline_stages = set(PIPELINE)
        for source_id, stage, entered_at, left_at in stays(applications).iterator(chunk_size=5000):
            if left_at is None or stage not in pipeline_stages:
                continue
            days = (left_at - entered_at).total_seconds() / SECONDS_PER_DAY
            total.stays[stage].days.append(days)
            per_source[source_id].stays[stage].days.append(days)
    sources = sorted(
        Source.objects.filter(pk__in=list(per_source)) if per_source else [],
        key=lambda source: (KIND_ORDER.get(source.kind, len(KIND_ORDER)), source.name.lower()),
    )
    return FunnelReport(
        cycle=cycle,
        total=total.funnel(None),
        sources=[per_source[source.pk].funnel(source) for source in sources],
        rejected=rejected,
        withdrawn=withdrawn,
    )


# --- The CSV ------------------------------------------------------------------------------------------


def _rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


# One line per (source, stage), "All sources" first: long format, so a spreadsheet can pivot it.
EXPORT_COLUMNS = [
    Column("Source", "source"),
    Column("Kind of source", "kind", choices=SourceKind),
    Column("Stage", "stage", choices=Stage),
    Column("Reached", "reached"),
    Column("Conversion from the previous stage (%)", value=lambda row: _rounded(row["row"].conversion)),
    Column("At this stage now", "now_here"),
    Column("Rejected or withdrawn at this stage", "closed_here"),
    Column("Completed stays", value=lambda row: row["row"].stays.count),
    Column("Median days in stage", value=lambda row: _rounded(row["row"].stays.median)),
    Column("Average days in stage", value=lambda row: _rounded(row["row"].stays.average)),
]


def export_rows(report: FunnelReport):
    """The CSV's formatted lines for `report`, through the shared export module's columns."""
    for funnel in [report.total, *report.sources]:
        for row in funnel.stages:
            values = {
                "source": funnel.name,
                "kind": funnel.source.kind if funnel.source else "",
                "stage": row.stage,
                "reached": row.reached,
                "now_here": row.now_here,
                "closed_here": row.closed_here,
                "row": row,
            }
            yield [column.cell(values) for column in EXPORT_COLUMNS]
