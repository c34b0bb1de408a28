"""Server-side SVG charts of growth, drawn with pygal and embedded inline in the pages.

Every chart is a self-contained SVG: no JavaScript (pygal's tooltips script would load from a CDN, and
even with ``js=[]`` pygal writes an inline config <script>, which we remove), no external URL, no XML
declaration, a <title> and a <desc> that say in words what the chart shows. Pages put a table with the
same numbers beside each chart, for screen readers and for anyone who wants the numbers.

Colours are from the Okabe-Ito palette, which stays distinct for the common colour-vision deficiencies;
kinds of assessment also differ by line dash, and levels by lightness, so no chart relies on hue alone.
"""

import datetime
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import NamedTuple

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

from .queries.growth import (
    KIND_LABELS,
    CompetencyGrowth,
    Distribution,
    DomainDistribution,
    DomainGrowth,
    PersonGrowth,
    ScaleLevel,
)

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
INK = "#212529"

# Kind of assessment -> (colour, stroke dash pattern or None for a solid line).
KIND_LOOKS = {
    "self": ("#0072B2", None),
    "coach": ("#D55E00", "9, 5"),
    "mentor": ("#009E73", "2, 5"),
    "supervisor": ("#CC79A7", "12, 4, 3, 4"),
}
OTHER_KIND_LOOK = ("#6c757d", "4, 4")

# Levels from light to dark (ColorBrewer "Blues", colour-blind safe as a single-hue ramp).
LEVEL_RAMP = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b")
NOT_YET_RATED = "Not yet rated"
NOT_YET_RATED_COLOUR = "#e9ecef"

GROWTH_SIZE = (400, 250)
LEGEND_ROW = 21  # pygal's height of a row of legend at the bottom, with our 14-pixel legend boxes
DISTRIBUTION_WIDTH = 520
NARROW_DISTRIBUTION_WIDTH = 360


def _style(colours, value_colours=(), stroke_width=1, font_size=13) -> Style:
    return Style(
        background="transparent",
        plot_background="#ffffff",
        foreground=INK,
        foreground_strong=INK,
        foreground_subtle="#ced4da",
        font_family=FONT,
        label_font_family=FONT,
        major_label_font_family=FONT,
        legend_font_family=FONT,
        title_font_family=FONT,
        value_font_family=FONT,
        title_font_size=15,
        label_font_size=font_size,
        major_label_font_size=font_size,
        legend_font_size=13,
        value_font_size=font_size,
        colors=tuple(colours),
        value_colors=tuple(value_colours),
        opacity="1",
        opacity_hover="1",
        stroke_opacity="1",
        stroke_opacity_hover="1",
        stroke_width=str(stroke_width),
        stroke_width_hover=str(stroke_width),
        guide_stroke_dasharray="none",
        major_guide_stroke_dasharray="none",
        guide_stroke_color="#dee2e6",
        major_guide_stroke_color="#adb5bd",
        transition="0ms",
    )


def _accessible(title: str, description: str):
    """An xml filter: drop scripts and comments, and give the chart a <title>, a <desc> and role=img."""

    def apply(root):
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "script" or child.tag is ET.Comment:
                    parent.remove(child)
        suffix = root.get("id", "chart")
        for old_title in root.findall("title"):  # pygal's, placed after its <defs>
            root.remove(old_title)
        title_node = ET.Element("title", id=f"{suffix}-title")
        title_node.text = title
        desc = ET.Element("desc", id=f"{suffix}-desc")
        desc.text = description
        root.insert(0, title_node)
        root.insert(1, desc)
        root.set("role", "img")
        root.set("aria-labelledby", f"{suffix}-title {suffix}-desc")
        root.set("class", f"{root.get('class', '')} ld-chart".strip())
        return root

    return apply


def _render(chart, title: str, description: str) -> SafeString:
    chart.add_xml_filter(_accessible(title, description))
    svg = chart.render(is_unicode=True)
    # Safe: the markup is pygal's own, and every text in it (titles, labels, our <desc>) went through
    # ElementTree, which escapes it. Nothing else is ever passed to mark_safe here.
    return mark_safe(svg)  # noqa: S308


def _base_config(**extra):
    return {
        "js": [],
        "disable_xml_declaration": True,
        "explicit_size": False,  # the viewBox is enough; CSS makes the chart fluid
        "show_x_guides": False,
        "show_y_guides": True,
        "legend_at_bottom": True,
        "legend_box_size": 14,
        "margin": 8,
        "spacing": 10,
        **extra,
    }


def _y_axis(levels: tuple[ScaleLevel, ...], top: int) -> list[dict]:
    labels = {lv.value: lv.label for lv in levels}
    return [
        {"label": f"{value} {labels.get(value, '')}".strip(), "value": value} for value in range(1, top + 1)
    ]


def _date(day: datetime.date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def growth_chart(
    competency: CompetencyGrowth,
    levels: tuple[ScaleLevel, ...],
    *,
    period: tuple[datetime.date, datetime.date] | None = None,
) -> SafeString:
    """A line-and-dot chart of one competency's level over time, one series per kind of assessment.

    `period` (first day, last day) puts small multiples on one shared time axis; without it the axis
    spans this competency's own ratings.
    """
    kinds = list(competency.points)
    top = max([len(levels), *(p.scale_max for points in competency.points.values() for p in points), 1])
    days = sorted(
        {p.assessed_on for points in competency.points.values() for p in points} | set(period or ())
    )
    # Every growth chart keeps room for two legend rows (up to four kinds in two columns), so that
    # small multiples have plots of one size; pygal reserves entries // columns rows by itself.
    columns = min(max(len(kinds), 1), 2)
    reserved_rows = max(len(kinds) // columns, 1)
    chart = pygal.DateLine(
        **_base_config(
            width=GROWTH_SIZE[0],
            height=GROWTH_SIZE[1],
            style=_style(
                (KIND_LOOKS.get(kind, OTHER_KIND_LOOK)[0] for kind in kinds), stroke_width=3, font_size=14
            ),
            range=(0.6, top + 0.4),
            # pygal cannot place y labels on a chart without series: it says "Not rated yet" instead.
            y_labels=_y_axis(levels, top) if kinds else None,
            xrange=_padded(days),
            x_labels=_x_ticks(days),
            x_value_formatter=_date_formatter(days),
            x_label_rotation=0,
            truncate_label=-1,
            truncate_legend=-1,
            legend_at_bottom_columns=columns,
            margin_bottom=8 + (2 - reserved_rows) * LEGEND_ROW,
            dots_size=5,
            stroke_style={"width": 3},
            no_data_text="Not rated yet",
            no_data_font_size=16,
        )
    )
    for kind in kinds:
        dash = KIND_LOOKS.get(kind, OTHER_KIND_LOOK)[1]
        chart.add(
            KIND_LABELS.get(kind, kind),
            [(p.assessed_on, p.level) for p in competency.points[kind]],
            stroke_style={"width": 3, **({"dasharray": dash} if dash else {})},
        )
    return _render(chart, f"{competency.code} over time", _growth_description(competency, levels))


def _padded(days: list[datetime.date]) -> tuple[datetime.date, datetime.date] | None:
    """Room on both sides, so the first and last dots and their date labels are not cut off."""
    if not days:
        return None
    pad = max(datetime.timedelta(days=20), (days[-1] - days[0]) * 0.12)
    return days[0] - pad, days[-1] + pad


def _x_ticks(days: list[datetime.date]) -> list[datetime.date]:
    """A few readable date ticks: the first and the last day, and one between when there is room."""
    if len(days) <= 1:
        return days
    first, last = days[0], days[-1]
    if (last - first).days < 120:
        return [first, last]
    return [first, first + (last - first) / 2, last]


def _date_formatter(days: list[datetime.date]):
    """Month and year, or the full date when the assessments are close together (or only one)."""
    close = bool(days) and (days[-1] - days[0]).days < 120
    return _date if close else (lambda day: f"{day:%b %Y}")


def _growth_description(competency: CompetencyGrowth, levels: tuple[ScaleLevel, ...]) -> str:
    labels = {lv.value: lv.label for lv in levels}
    if not competency.points:
        return f"{competency.code} {competency.statement}: not rated yet."
    parts = []
    for kind, points in competency.points.items():
        ratings = ", ".join(
            f"{p.level}{' ' + labels[p.level] if p.level in labels else ''} on {_date(p.assessed_on)}"
            for p in points
        )
        parts.append(f"{KIND_LABELS.get(kind, kind)}: {ratings}")
    return f"{competency.code} {competency.statement}. Level by date. " + "; ".join(parts) + "."


def distribution_chart(
    domain: DomainDistribution, levels: tuple[ScaleLevel, ...], *, narrow: bool = False
) -> SafeString:
    """A horizontal stacked bar per competency of `domain`: how many people are at each level.

    `narrow` draws it for phone screens: same content, laid out for a 360-pixel wide column, so the text
    keeps a readable size instead of shrinking with a wide chart.
    """
    ramp = _level_colours(len(levels))
    # pygal draws the first bar at the bottom; reverse so that the list reads top to bottom in code order.
    rows = list(reversed(domain.competencies))
    most = max([c.rated + c.not_yet_rated for c in rows] or [0])
    entries = len(levels) + 1
    legend_columns = 2 if narrow else min(entries, 3)
    legend_rows = -(-entries // legend_columns)
    # pygal reserves entries // columns legend rows, one short when the last row is partly filled.
    missing_legend_rows = legend_rows - max(entries // legend_columns, 1)
    chart = pygal.HorizontalStackedBar(
        **_base_config(
            width=NARROW_DISTRIBUTION_WIDTH if narrow else DISTRIBUTION_WIDTH,
            height=70 + 44 * len(rows) + 30 * legend_rows,
            style=_style(
                [*ramp, NOT_YET_RATED_COLOUR],
                value_colours=[_text_on(colour) for colour in [*ramp, NOT_YET_RATED_COLOUR]],
                font_size=14,
            ),
            x_labels=[c.code for c in rows],
            print_values=True,
            print_zeroes=False,
            show_x_guides=True,
            show_y_guides=False,
            range=(0, max(most, 1)),
            min_scale=1,
            max_scale=min(max(most, 1), 10),
            value_formatter=lambda n: f"{n:g}",
            legend_at_bottom_columns=legend_columns,
            truncate_legend=-1,
            spacing=12,
            margin_bottom=8 + missing_legend_rows * LEGEND_ROW,
        )
    )
    for level in levels:
        chart.add(f"{level.value} {level.label}".strip(), [c.counts.get(level.value, 0) for c in rows])
    chart.add(NOT_YET_RATED, [c.not_yet_rated for c in rows])
    return _render(
        chart,
        f"Domain {domain.number}: {domain.title}",
        _distribution_description(domain, levels),
    )


def _level_colours(count: int) -> list[str]:
    if count <= 0:
        return []
    if count == 1:
        return [LEVEL_RAMP[3]]
    step = (len(LEVEL_RAMP) - 1) / (count - 1)
    return [LEVEL_RAMP[round(i * step)] for i in range(count)]


def _text_on(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return INK if (0.299 * red + 0.587 * green + 0.114 * blue) > 150 else "#ffffff"


def _distribution_description(domain: DomainDistribution, levels: tuple[ScaleLevel, ...]) -> str:
    parts = []
    for c in domain.competencies:
        counts = ", ".join(f"{c.counts.get(lv.value, 0)} at {lv.label or lv.value}" for lv in levels)
        parts.append(f"{c.code}: {counts}, {c.not_yet_rated} not yet rated")
    return "People at each level, by competency. " + "; ".join(parts) + "."


class KindKey(NamedTuple):
    kind: str
    label: str
    colour: str
    dash: str | None


def kind_key(growth: PersonGrowth) -> list[KindKey]:
    """How to tell the kinds of assessment apart in `growth`'s charts: the page prints it once."""
    present = {kind for competency in growth.competencies.values() for kind in competency.points}
    return [
        KindKey(kind, KIND_LABELS[kind], *KIND_LOOKS.get(kind, OTHER_KIND_LOOK))
        for kind in KIND_LABELS
        if kind in present
    ]


# --- What each page shows --------------------------------------------------------------------------


@dataclass(frozen=True)
class GrowthFigure:
    competency: CompetencyGrowth
    svg: SafeString | None  # None when the competency was never rated: the page says so in words


@dataclass(frozen=True)
class DomainGrowthFigures:
    domain: DomainGrowth
    figures: list[GrowthFigure]


def growth_figures(growth: PersonGrowth) -> list[DomainGrowthFigures]:
    """Small multiples for a person: per domain, one chart per competency that has ratings, all on the
    same time axis (from the person's first assessment to their last) so they compare at a glance."""
    days = [a.assessed_on for a in growth.assessments]
    period = (min(days), max(days)) if days else None
    return [
        DomainGrowthFigures(
            domain,
            [
                GrowthFigure(c, growth_chart(c, growth.levels, period=period) if c.is_rated else None)
                for c in domain.competencies
            ],
        )
        for domain in growth.domains
    ]


@dataclass(frozen=True)
class DistributionFigure:
    domain: DomainDistribution
    svg: SafeString  # for screens from tablet width up
    narrow_svg: SafeString  # the same chart laid out for phones


def distribution_figures(result: Distribution) -> list[DistributionFigure]:
    """One stacked bar chart per domain, in a wide and a phone layout."""
    return [
        DistributionFigure(
            domain,
            distribution_chart(domain, result.levels),
            distribution_chart(domain, result.levels, narrow=True),
        )
        for domain in result.domains
    ]
