"""The board, the list and an application's page run a fixed number of SQL queries, whatever the number of
applications (100 or 20,000) or the length of an application's history."""

import datetime
import itertools

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from leaderdev.models import SchoolLevel
from leaderdev.permissions import Role
from recruitment.models import Application, Candidate, HiringRole, SourceKind, Stage
from recruitment.services import pipeline
from tests.factories.recruitment import ApplicationFactory, HiringCycleFactory, SourceFactory

pytestmark = pytest.mark.django_db

SIZES = [100, 20_000]
# The same bound at both sizes: the pages' queries do not grow with the data.
# Measured: the board 9, the list 7, an application's page 9 (with the interviews' section); one spare
# each for the session and messages machinery.
BOARD_QUERIES = 10
LIST_QUERIES = 8
DETAIL_QUERIES = 10


@pytest.fixture
def staff_client(client, make_user):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    return client


def make_applications(count: int):
    """`count` applications of one cycle spread over every stage, roles, levels and sources (bulk)."""
    cycle = HiringCycleFactory()
    sources = [
        SourceFactory(kind=kind, name=f"Source {kind}") for kind in SourceKind if kind != "recruitment_fellow"
    ]
    candidates = Candidate.objects.bulk_create(
        [
            Candidate(first_name=f"First{n}", last_name=f"Last{n}", email=f"c{n}@bulk.test")
            for n in range(count)
        ],
        batch_size=5000,
    )
    now = timezone.now()
    stages, roles, levels = (
        itertools.cycle(Stage.values),
        itertools.cycle(HiringRole.values),
        itertools.cycle(SchoolLevel.values),
    )
    Application.objects.bulk_create(
        [
            Application(
                cycle=cycle,
                candidate=candidate,
                role=next(roles),
                source=sources[n % len(sources)],
                school_level=next(levels),
                stage=next(stages),
                stage_entered_at=now - datetime.timedelta(hours=n),
            )
            for n, candidate in enumerate(candidates)
        ],
        batch_size=5000,
    )
    # Freshly filled tables have no planner statistics, and without them Postgres may join 20,000
    # applications to their candidates by nested loops (one run of this test took over 17 minutes).
    # A real database has them: autovacuum analyses tables as they grow.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE recruitment_candidate, recruitment_application, recruitment_source")
    return cycle


@pytest.mark.parametrize("size", SIZES)
def test_the_board_runs_a_fixed_number_of_queries(staff_client, django_assert_max_num_queries, size):
    cycle = make_applications(size)
    with django_assert_max_num_queries(BOARD_QUERIES):
        response = staff_client.get(reverse("recruitment:board"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{size} applications match" in html
    # Ten stages share the applications evenly; each of the eight columns shows at most 25 cards.
    assert html.count('class="ld-card"') == min(size // len(Stage.values), 25) * 8
    assert cycle.name in html


@pytest.mark.parametrize("size", SIZES)
def test_the_filtered_board_runs_a_fixed_number_of_queries(staff_client, django_assert_max_num_queries, size):
    make_applications(size)
    with django_assert_max_num_queries(BOARD_QUERIES):
        response = staff_client.get(
            reverse("recruitment:board"),
            {"role": HiringRole.PRINCIPAL, "level": SchoolLevel.HIGH, "source_kind": SourceKind.UNIVERSITY},
        )
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_the_list_runs_a_fixed_number_of_queries(staff_client, django_assert_max_num_queries, size):
    make_applications(size)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = staff_client.get(reverse("recruitment:application_list"), {"page": 2})
    assert response.status_code == 200
    assert response.content.decode().count('name="applications"') == 50


@pytest.mark.parametrize("size", SIZES)
def test_the_filtered_list_runs_a_fixed_number_of_queries(staff_client, django_assert_max_num_queries, size):
    cycle = make_applications(size)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = staff_client.get(
            reverse("recruitment:application_list"),
            {"cycle": cycle.pk, "stage": Stage.SCREENED, "source_kind": SourceKind.JOB_BOARD, "q": "First1"},
        )
    assert response.status_code == 200


@pytest.mark.parametrize("moves", [2, 40])
def test_an_application_page_runs_a_fixed_number_of_queries(
    staff_client, make_user, django_assert_max_num_queries, moves
):
    user = make_user(Role.RECRUITMENT_STAFF)
    application = ApplicationFactory()
    for n in range(moves // 2):
        pipeline.move(application, Stage.WITHDRAWN, user=user, reason=f"Reason {n}")
        pipeline.move(application, Stage.APPLIED, user=user, reason=f"Back {n}")
        application.source = SourceFactory(name=f"Source {n}")
        application.save()
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = staff_client.get(reverse("recruitment:application_detail", args=[application.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("Reason ") >= moves // 2
