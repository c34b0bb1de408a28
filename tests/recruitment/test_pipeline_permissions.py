"""Who may use the pipeline pages: recruitment staff everything; a panelist of this candidate reads the
candidate's and the application's pages; a leader, a mentor and a panelist of another candidate get 403;
anonymous visitors are sent to log in."""

import pytest
from django.urls import reverse

from leaderdev.permissions import Role
from recruitment.models import Application, Candidate, HiringRole, Stage, StageChange
from tests.factories import PersonFactory, SchoolFactory
from tests.factories.recruitment import (
    ApplicationFactory,
    CandidateFactory,
    HiringCycleFactory,
    InterviewFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

STAFF_ONLY = [
    reverse("recruitment:board"),
    reverse("recruitment:application_list"),
    reverse("recruitment:candidate_new"),
]


@pytest.fixture
def cycle(db):
    return HiringCycleFactory()


@pytest.fixture
def application(cycle):
    return ApplicationFactory(cycle=cycle, stage=Stage.IN_POOL, candidate=CandidateFactory(first_name="Maya"))


@pytest.fixture
def panelist(make_user, application):
    """A school leader (a recruitment fellow) on this candidate's first-interview panel."""
    user = make_user(Role.LEADER)
    InterviewFactory(application=application, panelists=[user])
    return user


@pytest.fixture
def other_panelist(make_user, cycle):
    """A panelist of another candidate's interview."""
    user = make_user(Role.LEADER)
    InterviewFactory(application=ApplicationFactory(cycle=cycle), panelists=[user])
    return user


@pytest.fixture
def outsiders(make_user, other_panelist):
    leader = make_user(Role.LEADER)
    PersonFactory(user=leader)
    return {
        "leader": leader,
        "mentor": make_user(Role.MENTOR),
        "program staff": make_user(Role.PROGRAM_STAFF),
        "panelist of another candidate": other_panelist,
    }


OUTSIDERS = ["leader", "mentor", "program staff", "panelist of another candidate"]


def pages(application):
    return [
        reverse("recruitment:application_detail", args=[application.pk]),
        reverse("recruitment:candidate_detail", args=[application.candidate_id]),
    ]


def writes(application, cycle):
    school = SchoolFactory()
    return [
        (
            reverse("recruitment:application_move", args=[application.pk]),
            {"to_stage": Stage.REJECTED, "reason": "No."},
        ),
        (
            reverse("recruitment:application_hire", args=[application.pk]),
            {"school": school.pk, "start_date": "2027-08-30", "employee_id": "E999999"},
        ),
        (
            reverse("recruitment:application_bulk_move"),
            {"applications": [application.pk], "to_stage": Stage.WITHDRAWN, "reason": "No."},
        ),
        (
            reverse("recruitment:candidate_apply", args=[application.candidate_id]),
            {"cycle": cycle.pk, "role": HiringRole.HEAD_OF_SCHOOL, "source": SourceFactory().pk},
        ),
        (
            reverse("recruitment:candidate_new"),
            {"first_name": "New", "last_name": "Person", "email": "new@x.test"},
        ),
    ]


# --- Anonymous -------------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, application):
    for url in [*STAFF_ONLY, *pages(application)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_anonymous_writes_are_sent_to_log_in_and_change_nothing(client, application, cycle):
    for url, data in writes(application, cycle):
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url
    application.refresh_from_db()
    assert application.stage == Stage.IN_POOL
    assert Candidate.objects.count() == 1


# --- Staff-only pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [*OUTSIDERS, "panelist"])
@pytest.mark.parametrize("url", STAFF_ONLY)
def test_the_board_list_and_new_candidate_are_for_recruitment_staff_only(
    client, outsiders, panelist, who, url
):
    client.force_login(panelist if who == "panelist" else outsiders[who])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", STAFF_ONLY)
def test_recruitment_staff_open_the_staff_pages(client, make_user, cycle, url):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    assert client.get(url).status_code == 200


# --- A candidate's pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", OUTSIDERS)
def test_others_get_403_on_a_candidates_pages(client, outsiders, application, who):
    client.force_login(outsiders[who])
    for url in pages(application):
        assert client.get(url).status_code == 403, url


def test_a_panelist_of_this_candidate_reads_their_pages(client, panelist, application):
    client.force_login(panelist)
    for url in pages(application):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Maya" in response.content.decode()


def test_a_panelist_sees_no_moves_no_hire_and_no_audit(client, panelist, application):
    client.force_login(panelist)
    html = client.get(pages(application)[0]).content.decode()
    assert 'name="to_stage"' not in html
    assert "hire-heading" not in html
    assert "audit-heading" not in html


def test_a_panelist_sees_only_the_applications_they_interview_for(client, panelist, application, cycle):
    ApplicationFactory(candidate=application.candidate, cycle=cycle, role=HiringRole.HEAD_OF_SCHOOL)
    client.force_login(panelist)
    html = client.get(pages(application)[1]).content.decode()
    assert "Principal" in html
    assert "Head of school" not in html


@pytest.mark.parametrize("who", [*OUTSIDERS, "panelist"])
def test_only_recruitment_staff_change_anything(client, outsiders, panelist, application, cycle, who):
    client.force_login(panelist if who == "panelist" else outsiders[who])
    for url, data in writes(application, cycle):
        assert client.post(url, data).status_code == 403, url
    application.refresh_from_db()
    assert application.stage == Stage.IN_POOL
    assert not StageChange.objects.exists()
    assert Application.objects.count() == 2  # this one and the other panelist's candidate's
    assert Candidate.objects.count() == 2


def test_recruitment_staff_see_every_candidates_pages(client, make_user, application):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    for url in pages(application):
        assert client.get(url).status_code == 200, url


def test_a_page_that_does_not_exist_is_404(client, make_user, panelist):
    client.force_login(panelist)
    assert client.get(reverse("recruitment:application_detail", args=[999999])).status_code == 404
    assert client.get(reverse("recruitment:candidate_detail", args=[999999])).status_code == 404
