"""The pipeline board and the application list with its bulk moves: what they show, what they filter, and
what a bulk move changes."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from leaderdev.models import SchoolLevel
from leaderdev.permissions import Role
from recruitment.models import HiringRole, SourceKind, Stage, StageChange
from tests.factories import SchoolYearFactory
from tests.factories.recruitment import (
    ApplicationFactory,
    CandidateFactory,
    HiringCycleFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

BOARD = reverse("recruitment:board")
LIST = reverse("recruitment:application_list")
BULK = reverse("recruitment:application_bulk_move")


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def column(response, stage: str) -> str:
    """The text of one board column."""
    html = response.content.decode()
    match = re.search(rf'<section class="ld-column" data-stage="{stage}".*?</section>', html, re.S)
    assert match, f"no {stage} column"
    return text(match.group(0))


def listed(response) -> list[str]:
    html = response.content.decode()
    return [text(n) for n in re.findall(r'<th scope="row"[^>]*>\s*<a[^>]*>(.*?)</a>', html)]


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def staff_client(client, make_user):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    return client


@pytest.fixture
def cycle(db):
    return HiringCycleFactory()


def named(first, last, **kwargs):
    return ApplicationFactory(candidate=CandidateFactory(first_name=first, last_name=last), **kwargs)


# --- The board -------------------------------------------------------------------------------------------


def test_the_board_has_a_column_per_pipeline_stage_in_order(staff_client, cycle):
    html = staff_client.get(BOARD).content.decode()
    stages = re.findall(r'<section class="ld-column" data-stage="(\w+)"', html)
    assert stages == [
        "applied",
        "screened",
        "first_interview",
        "in_depth_interview",
        "reference_checks",
        "finalist",
        "in_pool",
        "hired",
    ]


def test_the_board_shows_each_stage_count_and_its_cards(staff_client, cycle):
    named("Ada", "Lovelace", cycle=cycle, stage=Stage.SCREENED)
    named("Grace", "Hopper", cycle=cycle, stage=Stage.SCREENED)
    named("Alan", "Turing", cycle=cycle, stage=Stage.FINALIST)

    response = staff_client.get(BOARD)

    screened = column(response, "screened")
    assert screened.startswith("Screened 2 ")
    assert "Ada Lovelace" in screened and "Grace Hopper" in screened
    assert "Alan Turing" in column(response, "finalist")
    assert column(response, "applied").startswith("Applied 0 ")


def test_a_card_shows_role_source_and_days_in_stage(staff_client, cycle):
    source = SourceFactory(name="Lesley University")
    named(
        "Ada",
        "Lovelace",
        cycle=cycle,
        stage=Stage.SCREENED,
        role=HiringRole.ASSISTANT_PRINCIPAL,
        source=source,
        stage_entered_at=timezone.now() - datetime.timedelta(days=12, hours=2),
    )
    screened = column(staff_client.get(BOARD), "screened")
    assert "Assistant principal" in screened
    assert "Lesley University" in screened
    assert "12 days in stage" in screened


def test_rejected_and_withdrawn_are_counted_not_columns(staff_client, cycle):
    named("Ada", "Lovelace", cycle=cycle, stage=Stage.REJECTED, closed_reason="No license.")
    response = staff_client.get(BOARD)
    html = response.content.decode()
    assert 'data-stage="rejected"' not in html
    assert "Rejected: 1" in text(html)
    assert "Withdrawn: 0" in text(html)


def test_a_column_shows_the_most_recent_cards_and_links_to_all(staff_client, cycle, monkeypatch):
    from recruitment.queries import pipeline as queries

    monkeypatch.setattr(queries, "CARDS_PER_COLUMN", 2)
    now = timezone.now()
    for days, name in ((1, "Newest"), (2, "Middle"), (3, "Oldest")):
        named(
            name,
            "Person",
            cycle=cycle,
            stage=Stage.APPLIED,
            stage_entered_at=now - datetime.timedelta(days=days),
        )

    applied = column(staff_client.get(BOARD), "applied")

    assert "Newest Person" in applied and "Middle Person" in applied
    assert "Oldest Person" not in applied
    assert "See all 3" in applied


def test_the_see_all_link_opens_the_list_filtered_to_the_stage(staff_client, cycle):
    named("Ada", "Lovelace", cycle=cycle, stage=Stage.SCREENED)
    html = staff_client.get(BOARD, {"role": HiringRole.PRINCIPAL}).content.decode()
    assert f"{LIST}?cycle={cycle.pk}&amp;role=principal&amp;stage=screened" in html


def test_the_board_shows_the_active_cycle_that_opened_last_by_default(staff_client):
    old = HiringCycleFactory(
        school_year=SchoolYearFactory(name="2026-2027"), opens_on=datetime.date(2025, 11, 1)
    )
    new = HiringCycleFactory()
    named("In", "Old", cycle=old)
    named("In", "New", cycle=new)

    response = staff_client.get(BOARD)

    assert "In New" in column(response, "applied")
    assert "In Old" not in column(response, "applied")


def test_the_board_shows_another_cycle_when_chosen(staff_client):
    old = HiringCycleFactory(
        school_year=SchoolYearFactory(name="2026-2027"), opens_on=datetime.date(2025, 11, 1)
    )
    HiringCycleFactory()
    named("In", "Old", cycle=old)
    assert "In Old" in column(staff_client.get(BOARD, {"cycle": old.pk}), "applied")


@pytest.mark.parametrize(
    ("query", "kept", "left_out"),
    [
        ({"role": HiringRole.ASSISTANT_PRINCIPAL}, "Assistant Person", "Principal Person"),
        ({"level": SchoolLevel.HIGH}, "Principal Person", "Assistant Person"),
        ({"source_kind": SourceKind.JOB_BOARD}, "Assistant Person", "Principal Person"),
    ],
)
def test_the_board_filters_by_role_level_and_source_kind(staff_client, cycle, query, kept, left_out):
    named("Principal", "Person", cycle=cycle, school_level=SchoolLevel.HIGH)
    named(
        "Assistant",
        "Person",
        cycle=cycle,
        role=HiringRole.ASSISTANT_PRINCIPAL,
        source=SourceFactory(kind=SourceKind.JOB_BOARD, name="EdJoin"),
    )
    applied = column(staff_client.get(BOARD, query), "applied")
    assert kept in applied
    assert left_out not in applied


def test_the_board_without_any_cycle_says_so(staff_client):
    response = staff_client.get(BOARD)
    assert response.status_code == 200
    assert "There is no hiring cycle yet" in response.content.decode()


def test_the_board_rejects_post(staff_client, cycle):
    assert staff_client.post(BOARD).status_code == 405


# --- The list --------------------------------------------------------------------------------------------


def test_the_list_shows_applications_by_name(staff_client, cycle):
    named("Grace", "Hopper", cycle=cycle)
    named("Ada", "Lovelace", cycle=cycle)
    assert listed(staff_client.get(LIST)) == ["Grace Hopper", "Ada Lovelace"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"stage": Stage.SCREENED}, ["Grace Hopper"]),
        ({"role": HiringRole.HEAD_OF_SCHOOL}, ["Ada Lovelace"]),
        ({"level": SchoolLevel.MIDDLE}, ["Ada Lovelace"]),
        ({"source_kind": SourceKind.COMMUNITY_PARTNER}, ["Grace Hopper"]),
        ({"q": "lovelace"}, ["Ada Lovelace"]),
        ({"q": "grace.h@"}, ["Grace Hopper"]),
    ],
)
def test_the_list_filters(staff_client, cycle, query, expected):
    ApplicationFactory(
        cycle=cycle,
        candidate=CandidateFactory(first_name="Grace", last_name="Hopper", email="grace.h@example.test"),
        stage=Stage.SCREENED,
        source=SourceFactory(kind=SourceKind.COMMUNITY_PARTNER, name="City Year"),
    )
    named("Ada", "Lovelace", cycle=cycle, role=HiringRole.HEAD_OF_SCHOOL, school_level=SchoolLevel.MIDDLE)
    assert listed(staff_client.get(LIST, query)) == expected


def test_the_list_filters_by_cycle_and_source(staff_client, cycle):
    other_cycle = HiringCycleFactory(
        school_year=SchoolYearFactory(name="2026-2027"), opens_on=datetime.date(2025, 11, 1)
    )
    source = SourceFactory(name="Teach Leaders")
    named("Ada", "Lovelace", cycle=cycle, source=source)
    named("Grace", "Hopper", cycle=other_cycle, source=source)
    named("Alan", "Turing", cycle=cycle)
    assert listed(staff_client.get(LIST, {"cycle": cycle.pk, "source": source.pk})) == ["Ada Lovelace"]


def test_the_list_is_paginated(staff_client, cycle):
    for n in range(51):
        named(f"N{n:02d}", "Person", cycle=cycle)
    response = staff_client.get(LIST)
    assert len(listed(response)) == 50
    assert "Page 1 of 2" in response.content.decode()


# --- Bulk moves ------------------------------------------------------------------------------------------


def test_a_bulk_move_moves_the_ticked_applications(staff_client, cycle):
    first = named("Ada", "Lovelace", cycle=cycle)
    second = named("Grace", "Hopper", cycle=cycle)
    untouched = named("Alan", "Turing", cycle=cycle)

    response = staff_client.post(
        BULK, {"applications": [first.pk, second.pk], "to_stage": Stage.SCREENED, "reason": "Strong résumés."}
    )

    assert response.status_code == 302
    for application in (first, second):
        application.refresh_from_db()
        assert application.stage == Stage.SCREENED
    untouched.refresh_from_db()
    assert untouched.stage == Stage.APPLIED
    assert StageChange.objects.filter(to_stage=Stage.SCREENED, reason="Strong résumés.").count() == 2
    assert "Moved 2 applications to screened." in texts(response)


def test_a_bulk_move_reports_each_refusal(staff_client, cycle):
    ready = named("Ada", "Lovelace", cycle=cycle)
    too_far = named("Grace", "Hopper", cycle=cycle, stage=Stage.FINALIST)

    response = staff_client.post(BULK, {"applications": [ready.pk, too_far.pk], "to_stage": Stage.SCREENED})

    messages = texts(response)
    assert "Moved 1 application to screened." in messages
    assert any(m.startswith("Grace Hopper: From finalist it can move only to") for m in messages)
    too_far.refresh_from_db()
    assert too_far.stage == Stage.FINALIST


def test_a_bulk_rejection_needs_a_reason(staff_client, cycle):
    application = named("Ada", "Lovelace", cycle=cycle)
    response = staff_client.post(BULK, {"applications": [application.pk], "to_stage": Stage.REJECTED})
    assert any("Say why it is rejected" in m for m in texts(response))
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_a_bulk_move_cannot_hire(staff_client, cycle):
    application = named("Ada", "Lovelace", cycle=cycle, stage=Stage.IN_POOL)
    response = staff_client.post(BULK, {"applications": [application.pk], "to_stage": Stage.HIRED})
    assert any("Select a valid choice" in m for m in texts(response))
    application.refresh_from_db()
    assert application.stage == Stage.IN_POOL


def test_a_bulk_move_without_ticks_says_so(staff_client, cycle):
    response = staff_client.post(BULK, {"to_stage": Stage.SCREENED})
    assert "Tick at least one application to move." in texts(response)


def test_a_bulk_move_returns_to_the_filtered_list(staff_client, cycle):
    application = named("Ada", "Lovelace", cycle=cycle)
    response = staff_client.post(
        f"{BULK}?stage=applied&page=1", {"applications": [application.pk], "to_stage": Stage.SCREENED}
    )
    assert response.url == f"{LIST}?stage=applied&page=1"


def test_a_bulk_move_rejects_get(staff_client):
    assert staff_client.get(BULK).status_code == 405
