"""The applications CSV: the list's filters, the candidates' contact details, recruitment staff only."""

import csv
import io

import pytest
from django.urls import reverse

from leaderdev.permissions import Role
from recruitment.models import Stage
from tests.factories.recruitment import ApplicationFactory, CandidateFactory, InterviewFactory

pytestmark = pytest.mark.django_db
URL = reverse("recruitment:application_export")


def rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def recruiter(make_user):
    return make_user(Role.RECRUITMENT_STAFF)


def test_it_exports_the_filtered_applications(client, recruiter):
    ApplicationFactory(
        candidate=CandidateFactory(last_name="Adeyemi", email="a@x.test"), stage=Stage.SCREENED
    )
    ApplicationFactory(stage=Stage.APPLIED)
    client.force_login(recruiter)

    got = rows(client.get(URL, {"stage": Stage.SCREENED}))

    assert [(r["Last name"], r["E-mail"], r["Stage"], r["Internal"]) for r in got] == [
        ("Adeyemi", "a@x.test", "Screened", "no")
    ]


def test_a_formula_in_a_name_is_neutralised(client, recruiter):
    ApplicationFactory(candidate=CandidateFactory(last_name="=HYPERLINK(1)"))
    client.force_login(recruiter)
    assert rows(client.get(URL))[0]["Last name"].startswith("'=")


@pytest.mark.parametrize("role", [Role.LEADER, Role.MENTOR, Role.PROGRAM_STAFF])
def test_other_roles_get_403(client, make_user, role):
    ApplicationFactory()
    client.force_login(make_user(role))
    assert client.get(URL).status_code == 403


def test_a_panelist_of_a_candidate_gets_403_on_the_export(client, make_user):
    panelist = make_user(Role.LEADER)
    InterviewFactory(panelists=[panelist])
    client.force_login(panelist)
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("size", [5, 60])
def test_it_costs_the_same_queries_whatever_the_size(client, recruiter, size, django_assert_max_num_queries):
    ApplicationFactory.create_batch(size)
    client.force_login(recruiter)
    with django_assert_max_num_queries(6):
        got = rows(client.get(URL))
    assert len(got) == size
