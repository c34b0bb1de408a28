"""Server-side SVG charts of recruitment, drawn with pygal like competencies.charts (and with its helpers):
no JavaScript, no external URL, a <title> and a <desc> that say in words what the chart shows. The funnel
page puts a table with the same numbers beside the chart.
"""

import pygal
from django.utils.safestring import SafeString

from competencies.charts import _base_config, _render, _style

from .models import Stage
from .queries.funnel import FunnelReport

FUNNEL_COLOUR = "#0072B2"  # Okabe-Ito blue, as the growth charts' first series
FUNNEL_WIDTH = 640
NARROW_FUNNEL_WIDTH = 380
ROW_HEIGHT = 40
SHORT_LABELS = {
    Stage.IN_POOL: "In pool",
    Stage.IN_DEPTH_INTERVIEW: "In-depth",
    Stage.FIRST_INTERVIEW: "1st interview",
}


def _count_and_share(count: int, applied: int) -> str:
    """ "23 (40%)": how many reached a stage, and their share of all applications."""
    if not applied:
        return f"{count}"
    return f"{count} ({100 * count / applied:.0f}%)"


def _stage_label(row, applied: int, narrow: bool) -> str:
    """The stage and its numbers; on a phone the short name and the count only, to leave room for bars."""
    if narrow:
        return f"{SHORT_LABELS.get(row.stage, row.label)}: {row.reached}"
    return f"{row.label}: {_count_and_share(row.reached, applied)}"


def funnel_chart(report: FunnelReport, *, narrow: bool = False) -> SafeString:
    """A horizontal bar per pipeline stage, applied at the top: how many applications reached it, and
    what share of all applications that is. `narrow` lays it out for a phone's width."""
    rows = report.stages
    applied = report.applications
    # pygal draws the first bar at the bottom; reverse so that applied is at the top, hired at the bottom.
    ordered = list(reversed(rows))
    # The numbers go in the stage labels, not inside the bars: a short bar (hired: 2) has no room for them.
    chart = pygal.HorizontalBar(
        **_base_config(
            width=NARROW_FUNNEL_WIDTH if narrow else FUNNEL_WIDTH,
            height=50 + ROW_HEIGHT * len(rows),
            style=_style([FUNNEL_COLOUR], font_size=13 if narrow else 14),
            x_labels=[_stage_label(row, applied, narrow) for row in ordered],
            print_values=False,
            show_legend=False,
            show_x_guides=True,
            show_y_guides=False,
            range=(0, max(applied, 1)),
            min_scale=1,
            max_scale=min(max(applied, 1), 5 if narrow else 8),
            value_formatter=lambda n: f"{n:g}",
            truncate_label=-1,
            spacing=8,
        )
    )
    chart.add("Applications that reached the stage", [row.reached for row in ordered])
    title = f"Recruitment funnel: {report.cycle}" if report.cycle else "Recruitment funnel"
    return _render(chart, title, _funnel_description(report))


def _funnel_description(report: FunnelReport) -> str:
    if not report.applications:
        return "No applications match these filters."
    parts = [f"{row.label}: {row.reached}" for row in report.stages]
    return "Applications that reached each stage of the pipeline. " + "; ".join(parts) + "."
