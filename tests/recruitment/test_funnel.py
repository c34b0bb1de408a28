"""The funnel report: who reached which stage (history included), conversion, time in stage, per source,
its filters, its CSV and its cost."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from leaderdev.permissions import Role
from recruitment.models import HiringRole, SourceKind, Stage
from tests.factories.district import SchoolYearFactory
from tests.factories.recruitment import (
    ApplicationFactory,
    HiringCycleFactory,
    SourceFactory,
    StageChangeFactory,
)

pytestmark = pytest.mark.django_db

START = timezone.make_aware(datetime.datetime(2026, 9, 1, 9, 0))
WALK = [Stage.APPLIED, Stage.SCREENED, Stage.FIRST_INTERVIEW, Stage.IN_DEPTH_INTERVIEW]


@pytest.fixture
def recruiter(make_user):
    return make_user(Role.RECRUITMENT_STAFF, is_staff=True)


@pytest.fixture
def recruiter_client(client, recruiter):
    client.force_login(recruiter)
    return client


@pytest.fixture
def cycle(db):
    return HiringCycleFactory()


def walked(cycle, stages, *, days=(), closed=None, **kwargs):
    """An application that moved through `stages` (then to `closed`, if given), `days[i]` days in each."""
    days = list(days) or [2] * len(stages)
    at = START
    previous = ""
    final = closed or stages[-1]
    application = ApplicationFactory(cycle=cycle, stage=final, stage_entered_at=at, **kwargs)
    for i, stage in enumerate(stages):
        StageChangeFactory(application=application, from_stage=previous, to_stage=stage, changed_at=at)
        previous = stage
        at += datetime.timedelta(days=days[i] if i < len(days) else 2)
    if closed:
        StageChangeFactory(application=application, from_stage=previous, to_stage=closed, changed_at=at)
    return application


def report(client, **params):
    response = client.get(reverse("recruitment:funnel"), params)
    assert response.status_code == 200
    return response.context["report"]


def reached(funnel) -> dict[str, int]:
    return {row.stage: row.reached for row in funnel.stages}


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


# --- permissions ---------------------------------------------------------------------------------------


def test_it_shows_the_funnel_to_recruitment_staff(recruiter_client, cycle):
    walked(cycle, WALK[:2])
    response = recruiter_client.get(reverse("recruitment:funnel"))
    assert response.status_code == 200
    assert "<svg" in response.content.decode()


@pytest.mark.parametrize("role", [Role.LEADER, Role.PROGRAM_STAFF, Role.MENTOR])
@pytest.mark.parametrize("url", ["recruitment:funnel", "recruitment:funnel_export"])
def test_it_refuses_other_roles(client, make_user, role, url):
    client.force_login(make_user(role))
    assert client.get(reverse(url)).status_code == 403


@pytest.mark.parametrize("url", ["recruitment:funnel", "recruitment:funnel_export"])
def test_it_sends_anonymous_people_to_sign_in(client, url):
    response = client.get(reverse(url))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("url", ["recruitment:funnel", "recruitment:funnel_export"])
def test_it_rejects_post(recruiter_client, url):
    assert recruiter_client.post(reverse(url)).status_code == 405


# --- counting ------------------------------------------------------------------------------------------


def test_it_counts_every_stage_an_application_passed(recruiter_client, cycle):
    walked(cycle, WALK)
    funnel = report(recruiter_client)
    assert reached(funnel)[Stage.IN_DEPTH_INTERVIEW] == 1
    assert reached(funnel)[Stage.APPLIED] == 1
    assert reached(funnel)[Stage.REFERENCE_CHECKS] == 0


def test_rejected_applications_count_for_the_stages_they_reached(recruiter_client, cycle):
    walked(cycle, WALK[:3], closed=Stage.REJECTED, closed_reason="Not a fit.")
    funnel = report(recruiter_client)
    assert [reached(funnel)[s] for s in WALK] == [1, 1, 1, 0]
    assert funnel.rejected == 1
    assert {row.stage: row.closed_here for row in funnel.stages}[Stage.FIRST_INTERVIEW] == 1


def test_a_reopened_application_keeps_what_it_reached(recruiter_client, cycle):
    application = walked(cycle, WALK[:3], closed=Stage.WITHDRAWN)
    StageChangeFactory(
        application=application,
        from_stage=Stage.WITHDRAWN,
        to_stage=Stage.APPLIED,
        changed_at=START + datetime.timedelta(days=30),
    )
    application.stage = Stage.APPLIED
    application.save()
    assert reached(report(recruiter_client))[Stage.FIRST_INTERVIEW] == 1


def test_an_application_without_history_counts_from_its_stage(recruiter_client, cycle):
    ApplicationFactory(cycle=cycle, stage=Stage.FINALIST)
    ApplicationFactory(cycle=cycle, stage=Stage.REJECTED)
    counts = reached(report(recruiter_client))
    assert (counts[Stage.APPLIED], counts[Stage.FINALIST], counts[Stage.IN_POOL]) == (2, 1, 0)


def test_it_gives_the_conversion_between_stages(recruiter_client, cycle):
    walked(cycle, WALK[:2])
    walked(cycle, WALK[:1])
    walked(cycle, WALK[:1])
    walked(cycle, WALK[:1])
    screened = report(recruiter_client).stages[1]
    assert screened.conversion == 25.0


def test_it_gives_median_and_average_days_in_stage(recruiter_client, cycle):
    walked(cycle, WALK[:2], days=[1, 9])
    walked(cycle, WALK[:2], days=[3, 9])
    walked(cycle, WALK[:2], days=[8, 9])
    applied = report(recruiter_client).stages[0]
    assert applied.stays.count == 3
    assert applied.stays.median == pytest.approx(3.0)
    assert applied.stays.average == pytest.approx(4.0)


def test_time_in_stage_counts_only_completed_stays(recruiter_client, cycle):
    walked(cycle, WALK[:2], days=[5])
    screened = report(recruiter_client).stages[1]
    assert screened.stays.count == 0
    assert screened.stays.median is None


def test_a_stay_ends_when_the_application_is_rejected(recruiter_client, cycle):
    walked(cycle, WALK[:2], days=[1, 6], closed=Stage.REJECTED)
    assert report(recruiter_client).stages[1].stays.median == pytest.approx(6.0)


def test_it_breaks_the_funnel_down_by_source(recruiter_client, cycle):
    university = SourceFactory(name="Lesley", kind=SourceKind.UNIVERSITY)
    board = SourceFactory(name="Job board", kind=SourceKind.JOB_BOARD)
    walked(cycle, WALK, source=university)
    walked(cycle, WALK[:1], source=university)
    walked(cycle, WALK[:2], source=board)
    funnel = report(recruiter_client)
    rows = {source.name: reached(source) for source in funnel.sources}
    assert rows["Lesley"][Stage.APPLIED] == 2
    assert rows["Lesley"][Stage.IN_DEPTH_INTERVIEW] == 1
    assert rows["Job board"][Stage.SCREENED] == 1
    assert [s.name for s in funnel.sources] == ["Lesley", "Job board"]  # by kind, then name


def test_it_gives_each_source_its_hire_rate(recruiter_client, cycle):
    source = SourceFactory(name="Partner")
    ApplicationFactory(cycle=cycle, source=source, stage=Stage.HIRED)
    ApplicationFactory(cycle=cycle, source=source)
    ApplicationFactory(cycle=cycle, source=source)
    ApplicationFactory(cycle=cycle, source=source)
    assert report(recruiter_client).sources[0].hire_rate == 25.0


# --- filters -------------------------------------------------------------------------------------------


def test_it_reports_on_the_latest_active_cycle_by_default(recruiter_client, cycle):
    older = HiringCycleFactory(
        school_year=SchoolYearFactory(
            name="2026-2027", start_date=datetime.date(2026, 8, 31), end_date=datetime.date(2027, 6, 24)
        ),
        opens_on=datetime.date(2025, 11, 1),
        closes_on=datetime.date(2026, 5, 31),
    )
    walked(older, WALK[:1])
    walked(cycle, WALK[:1])
    walked(cycle, WALK[:1])
    funnel = report(recruiter_client)
    assert (funnel.cycle, funnel.applications) == (cycle, 2)
    assert report(recruiter_client, cycle=older.pk).applications == 1


def test_an_inactive_cycle_is_not_the_default(recruiter_client, cycle):
    HiringCycleFactory(
        school_year=SchoolYearFactory(
            name="2028-2029", start_date=datetime.date(2028, 8, 30), end_date=datetime.date(2029, 6, 22)
        ),
        opens_on=datetime.date(2027, 11, 1),
        closes_on=datetime.date(2028, 5, 31),
        is_active=False,
    )
    assert report(recruiter_client).cycle == cycle


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"role": HiringRole.ASSISTANT_PRINCIPAL}, 1),
        ({"source_kind": SourceKind.JOB_BOARD}, 2),
        ({}, 3),
    ],
)
def test_it_filters_by_role_and_kind_of_source(recruiter_client, cycle, params, expected):
    board = SourceFactory(name="Board", kind=SourceKind.JOB_BOARD)
    walked(cycle, WALK[:1], source=board)
    walked(cycle, WALK[:1], source=board, role=HiringRole.ASSISTANT_PRINCIPAL)
    walked(cycle, WALK[:1])
    assert report(recruiter_client, **params).applications == expected


def test_it_filters_by_source(recruiter_client, cycle):
    source = SourceFactory(name="Fellows")
    walked(cycle, WALK[:1], source=source)
    walked(cycle, WALK[:1])
    assert report(recruiter_client, source=source.pk).applications == 1


def test_it_says_when_there_is_no_cycle(recruiter_client):
    response = recruiter_client.get(reverse("recruitment:funnel"))
    assert "No hiring cycle is set up yet" in response.content.decode()


def test_it_ignores_an_unknown_cycle(recruiter_client, cycle):
    response = recruiter_client.get(reverse("recruitment:funnel"), {"cycle": "99999"})
    assert response.status_code == 200
    assert response.context["report"].cycle is None


# --- the CSV -------------------------------------------------------------------------------------------


def test_the_export_has_a_line_per_source_and_stage(recruiter_client, cycle):
    source = SourceFactory(name="Lesley", kind=SourceKind.UNIVERSITY)
    walked(cycle, WALK[:2], days=[4], source=source)
    walked(cycle, WALK[:1], source=source)
    response = recruiter_client.get(reverse("recruitment:funnel_export"))
    rows = read_csv(response)
    assert response["Content-Type"].startswith("text/csv")
    assert rows[0][:4] == ["Source", "Kind of source", "Stage", "Reached"]
    assert rows[1][:9] == ["All sources", "", "Applied", "2", "", "1", "0", "1", "4.0"]
    assert rows[2][:5] == ["All sources", "", "Screened", "1", "50.0"]
    assert rows[9][:4] == ["Lesley", "University", "Applied", "2"]
    assert len(rows) == 1 + 2 * 8


def test_the_export_takes_the_page_filters(recruiter_client, cycle):
    walked(cycle, WALK[:1], role=HiringRole.ASSISTANT_PRINCIPAL)
    walked(cycle, WALK[:1])
    response = recruiter_client.get(
        reverse("recruitment:funnel_export"), {"role": HiringRole.ASSISTANT_PRINCIPAL}
    )
    assert read_csv(response)[1][3] == "1"


# --- cost ----------------------------------------------------------------------------------------------


def grow(cycle, count):
    """`count` applications across four sources, each with a four-move history, in bulk."""
    from recruitment.models import Application, Candidate, StageChange

    sources = [SourceFactory(name=f"Source {n}", kind=SourceKind.values[n]) for n in range(4) if n != 2]
    offset = Candidate.objects.count()
    candidates = Candidate.objects.bulk_create(
        Candidate(first_name="A", last_name=f"N{offset + i}", email=f"c{offset + i}@x.test")
        for i in range(count)
    )
    applications = Application.objects.bulk_create(
        Application(
            cycle=cycle,
            candidate=candidate,
            role=HiringRole.PRINCIPAL,
            source=sources[i % len(sources)],
            stage=WALK[i % 4] if i % 5 else Stage.REJECTED,
            stage_entered_at=START,
        )
        for i, candidate in enumerate(candidates)
    )
    StageChange.objects.bulk_create(
        StageChange(
            application=application,
            from_stage=WALK[step - 1] if step else "",
            to_stage=WALK[step],
            changed_at=START + datetime.timedelta(days=3 * step),
        )
        for i, application in enumerate(applications)
        for step in range(i % 4 + 1)
    )


@pytest.mark.parametrize("url", ["recruitment:funnel", "recruitment:funnel_export"])
def test_its_query_count_does_not_grow(recruiter_client, cycle, url, django_assert_max_num_queries):
    grow(cycle, 50)
    with django_assert_max_num_queries(10):
        response = recruiter_client.get(reverse(url))
        b"".join(response.streaming_content) if response.streaming else response.content
    grow(cycle, 1950)
    with django_assert_max_num_queries(10):
        response = recruiter_client.get(reverse(url))
        b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
