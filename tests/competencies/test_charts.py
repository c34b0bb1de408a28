"""The growth charts are self-contained, accessible SVG: no script, no external URL, words for the data."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest

from competencies import charts
from competencies.queries.growth import (
    CompetencyDistribution,
    CompetencyGrowth,
    DomainDistribution,
    GrowthPoint,
    ScaleLevel,
)

SVG = "{http://www.w3.org/2000/svg}"
LEVELS = tuple(
    ScaleLevel(v, label) for v, label in enumerate(("Beginning", "Developing", "Proficient", "Exemplary"), 1)
)
SEP_15, NOV_10, JAN_20 = datetime.date(2026, 9, 15), datetime.date(2026, 11, 10), datetime.date(2027, 1, 20)


def growing(statement="Recognize and disrupt bias", **points):
    return CompetencyGrowth("1.1", 1, "Lead with equity", statement, points)


SELF_AND_COACH = growing(
    self=[GrowthPoint(SEP_15, "self", 2, 4, 1), GrowthPoint(JAN_20, "self", 3, 4, 3)],
    coach=[GrowthPoint(NOV_10, "coach", 3, 4, 2)],
)


def domain(title="Use data to make decisions"):
    return DomainDistribution(
        3,
        title,
        [
            CompetencyDistribution("3.1", 3, title, "Build assessment literacy", {1: 1, 2: 3, 3: 2, 4: 0}, 1),
            CompetencyDistribution("3.2", 3, title, "Collect and share data", {1: 0, 2: 0, 3: 0, 4: 0}, 7),
        ],
    )


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 (our own generated SVG, not untrusted input)
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return [t.strip() for t in root.itertext() if t.strip()]


def assert_self_contained(svg: str):
    assert "<script" not in svg.lower()
    assert "<?xml" not in svg
    assert "<!--" not in svg
    without_namespaces = re.sub(r'xmlns(:\w+)?="[^"]*"', "", svg)
    assert "http" not in without_namespaces
    assert "//" not in re.sub(r"<style[^>]*>.*?</style>", "", without_namespaces, flags=re.S)
    assert "href" not in without_namespaces
    assert "@import" not in svg


ALL_CHARTS = {
    "growth": lambda: charts.growth_chart(SELF_AND_COACH, LEVELS),
    "growth, one point": lambda: charts.growth_chart(
        growing(mentor=[GrowthPoint(SEP_15, "mentor", 1, 4, 1)]), LEVELS
    ),
    "growth, not rated": lambda: charts.growth_chart(growing(), LEVELS),
    "distribution": lambda: charts.distribution_chart(domain(), LEVELS),
    "distribution, narrow": lambda: charts.distribution_chart(domain(), LEVELS, narrow=True),
}


@pytest.mark.parametrize("make", ALL_CHARTS.values(), ids=ALL_CHARTS.keys())
def test_every_chart_is_well_formed_and_self_contained(make):
    svg = make()
    parse(svg)
    assert_self_contained(svg)


@pytest.mark.parametrize("make", ALL_CHARTS.values(), ids=ALL_CHARTS.keys())
def test_every_chart_is_an_image_with_a_title_and_a_description(make):
    root = parse(make())
    title, desc = root[0], root[1]
    assert (title.tag, desc.tag) == (f"{SVG}title", f"{SVG}desc")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text and desc.text


def test_growth_chart_names_its_series_and_levels():
    root = parse(charts.growth_chart(SELF_AND_COACH, LEVELS))
    words = texts(root)
    assert "Self-assessment" in words and "Coach" in words
    assert {"1 Beginning", "2 Developing", "3 Proficient", "4 Exemplary"} <= set(words)
    assert root[0].text == "1.1 over time"
    assert root[1].text == (
        "1.1 Recognize and disrupt bias. Level by date. "
        "Self-assessment: 2 Developing on Sep 15, 2026, 3 Proficient on Jan 20, 2027; "
        "Coach: 3 Proficient on Nov 10, 2026."
    )


def test_each_kind_keeps_its_colour_and_dash_whatever_else_is_on_the_chart():
    only_coach = charts.growth_chart(growing(coach=[GrowthPoint(NOV_10, "coach", 3, 4, 2)]), LEVELS)
    assert charts.KIND_LOOKS["coach"][0] in only_coach
    assert charts.KIND_LOOKS["self"][0] not in only_coach
    assert "stroke-dasharray:9,5" in only_coach


def test_distribution_chart_names_levels_and_not_yet_rated():
    root = parse(charts.distribution_chart(domain(), LEVELS))
    words = texts(root)
    assert {"1 Beginning", "2 Developing", "3 Proficient", "4 Exemplary", "Not yet rated"} <= set(words)
    assert {"3.1", "3.2"} <= set(words)
    assert root[0].text == "Domain 3: Use data to make decisions"
    assert (
        "3.1: 1 at Beginning, 3 at Developing, 2 at Proficient, 0 at Exemplary, 1 not yet rated"
        in root[1].text
    )


def test_text_from_the_database_is_escaped():
    hostile = '<script>alert("x")</script> & <b>bold</b>'
    for svg in (
        charts.growth_chart(growing(statement=hostile, self=[GrowthPoint(SEP_15, "self", 2, 4, 1)]), LEVELS),
        charts.distribution_chart(domain(title=hostile), LEVELS),
    ):
        root = parse(svg)
        assert "<script" not in svg
        assert hostile in " ".join(root.itertext())


def test_charts_are_marked_safe_for_templates():
    assert hasattr(charts.growth_chart(SELF_AND_COACH, LEVELS), "__html__")


def test_each_chart_has_its_own_ids_so_a_page_can_hold_many():
    first, second = (parse(charts.growth_chart(SELF_AND_COACH, LEVELS)) for _ in range(2))
    assert first.get("id") != second.get("id")
