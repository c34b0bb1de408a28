"""The application pages: the applicant's My application (status, history, withdrawing; never the
recommendation), and program staff's list (filters, bulk moves, places) and one application (essays,
recommendation, score, history, moves)."""

import datetime
import re
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from fellowships.models import (
    ApplicationStatus,
    ApplicationStatusChange,
    Endorsement,
    Fellow,
    FellowshipApplication,
)
from leaderdev.permissions import Role
from tests.factories import NetworkFactory, SchoolFactory, SchoolYearFactory, UserFactory
from tests.factories.fellowships import (
    AspiringLeaderFactory,
    CohortFactory,
    FellowFactory,
    FellowshipApplicationFactory,
    RecommendationFactory,
)
from tests.factories.mentoring import VeteranFactory

pytestmark = pytest.mark.django_db

MY_APPLICATION = reverse("fellowships:my_application")
LIST = reverse("fellowships:application_list")
BULK = reverse("fellowships:application_bulk_move")


def text(html: str) -> str:
    flat = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
    return unescape(re.sub(r" ([.,:;)])", r"\1", flat))


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def detail(application):
    return reverse("fellowships:application_detail", args=[application.pk])


def withdraw_url(application):
    return reverse("fellowships:withdraw", args=[application.pk])


@pytest.fixture
def cohort(school_year):
    """A cohort of two places whose application window is open."""
    today = timezone.localdate()
    return CohortFactory(
        school_year=school_year,
        places=2,
        applications_open_on=today - datetime.timedelta(days=30),
        applications_close_on=today + datetime.timedelta(days=30),
    )


@pytest.fixture
def applicant():
    user = UserFactory(roles=[Role.LEADER])
    AspiringLeaderFactory(user=user, first_name="Ana", last_name="Ruiz")
    return user


@pytest.fixture
def application(cohort, applicant):
    return FellowshipApplicationFactory(
        cohort=cohort,
        person=applicant.person,
        supervisor=VeteranFactory(first_name="Marcus", last_name="Bell"),
        why_principal="Every child known by name.",
    )


@pytest.fixture
def staff_client(client, program_staff):
    client.force_login(program_staff)
    return client


def add_applications(cohort, count):
    """`count` applications, half with a recommendation, each with a history row."""
    for index in range(count):
        application = FellowshipApplicationFactory(cohort=cohort, status=ApplicationStatus.SCREENING)
        ApplicationStatusChange.objects.create(application=application, to_status=ApplicationStatus.SUBMITTED)
        if index % 2:
            RecommendationFactory(application=application)


# --- My application ----------------------------------------------------------------------------------------


def test_my_application_shows_the_status_in_words_and_the_history(
    client, applicant, application, program_staff
):
    ApplicationStatusChange.objects.create(application=application, to_status=ApplicationStatus.SUBMITTED)
    ApplicationStatusChange.objects.create(
        application=application,
        from_status=ApplicationStatus.SUBMITTED,
        to_status=ApplicationStatus.SCREENING,
        reason="Internal: strong essays, check references.",
        changed_by=program_staff,
    )
    application.status = ApplicationStatus.SCREENING
    application.save()
    client.force_login(applicant)
    response = client.get(MY_APPLICATION)
    assert response.status_code == 200
    page = text(response.content.decode())
    assert application.cohort.name in page
    assert "The selection committee is reading your application." in page
    assert "Submitted" in page and "Screening" in page
    assert "Internal: strong essays" not in page  # the committee's notes on a move stay with the committee


def test_my_application_says_whether_the_recommendation_arrived_but_never_shows_it(
    client, applicant, application
):
    client.force_login(applicant)
    assert "Asked of Marcus Bell; not received yet" in text(client.get(MY_APPLICATION).content.decode())
    RecommendationFactory(
        application=application, endorsement=Endorsement.RESERVATIONS, text="Confidential: needs more time."
    )
    html = client.get(MY_APPLICATION).content.decode()
    assert "Received from Marcus Bell" in text(html)
    assert "Confidential" not in html and "reservations" not in html.lower()


@pytest.mark.parametrize("status", [ApplicationStatus.NOT_SELECTED, ApplicationStatus.WAITLISTED])
def test_the_decision_reason_is_shown_to_the_applicant(client, applicant, application, status):
    application.status = status
    application.decision_reason = "Strong candidate; apply again next year."
    application.save()
    client.force_login(applicant)
    assert "Strong candidate; apply again next year." in text(client.get(MY_APPLICATION).content.decode())


def test_my_application_shows_only_mine(client, applicant, application, cohort):
    other = FellowshipApplicationFactory(cohort=cohort, why_principal="Someone else's essay.")
    client.force_login(applicant)
    response = client.get(MY_APPLICATION)
    assert [a.pk for a in response.context["applications"]] == [application.pk]
    assert other.person.full_name not in response.content.decode()


def test_with_no_application_it_invites_to_apply_while_open(client, applicant, cohort):
    client.force_login(applicant)
    html = client.get(MY_APPLICATION).content.decode()
    assert "You have not applied" in text(html)
    assert reverse("fellowships:apply") in html


def test_my_application_without_a_staff_record_is_a_friendly_page(client, make_user):
    client.force_login(make_user(Role.LEADER))
    response = client.get(MY_APPLICATION)
    assert response.status_code == 403 and "need a district staff record" in text(response.content.decode())


def test_my_application_sends_anonymous_people_to_sign_in(client):
    response = client.get(MY_APPLICATION)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_my_application_rejects_post(client, applicant):
    client.force_login(applicant)
    assert client.post(MY_APPLICATION).status_code == 405


def test_the_applicant_withdraws_with_a_reason(client, applicant, application):
    client.force_login(applicant)
    response = client.post(withdraw_url(application), {"reason": "Staying in my role this year."})
    assert response.status_code == 302 and response.url == MY_APPLICATION
    application.refresh_from_db()
    assert (application.status, application.decision_reason) == ("withdrawn", "Staying in my role this year.")
    change = application.status_changes.get()
    assert (change.to_status, change.changed_by) == ("withdrawn", applicant)
    assert any("is withdrawn" in m for m in texts(response))


def test_withdrawing_needs_a_reason(client, applicant, application):
    client.force_login(applicant)
    response = client.post(withdraw_url(application), {"reason": "  "})
    assert any("why you are withdrawing" in m for m in texts(response))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_decided_application_cannot_be_withdrawn_here(client, applicant, application):
    FellowFactory(application=application)
    application.status = ApplicationStatus.SELECTED
    application.save()
    client.force_login(applicant)
    response = client.post(withdraw_url(application), {"reason": "Changed my mind."})
    assert any("has been decided" in m for m in texts(response))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SELECTED
    assert "Withdraw my application" not in client.get(MY_APPLICATION).content.decode()


def test_someone_elses_application_cannot_be_withdrawn(client, applicant, cohort):
    other = FellowshipApplicationFactory(cohort=cohort)
    client.force_login(applicant)
    assert client.post(withdraw_url(other), {"reason": "Mischief."}).status_code == 404
    other.refresh_from_db()
    assert other.status == ApplicationStatus.SUBMITTED


def test_the_supervisor_cannot_withdraw_it(client, application):
    supervisor = UserFactory(roles=[Role.LEADER])
    application.supervisor.user = supervisor
    application.supervisor.save()
    client.force_login(supervisor)
    assert client.post(withdraw_url(application), {"reason": "No."}).status_code == 404


def test_withdraw_rejects_get(client, applicant, application):
    client.force_login(applicant)
    assert client.get(withdraw_url(application)).status_code == 405


# --- Staff: the list ---------------------------------------------------------------------------------------


def test_the_list_shows_applications_and_places_taken(staff_client, cohort, application):
    FellowFactory(application__cohort=cohort)
    response = staff_client.get(LIST)
    assert response.status_code == 200
    page = text(response.content.decode())
    assert "1 of 2 places taken" in page
    assert "Ana Ruiz" in page and "Not yet, from Marcus Bell" in page


def test_the_list_shows_the_endorsement(staff_client, application):
    RecommendationFactory(application=application, endorsement=Endorsement.RESERVATIONS)
    assert "Recommend with reservations" in text(staff_client.get(LIST).content.decode())


def test_the_list_defaults_to_the_open_cohort_and_can_show_every_cohort(staff_client, cohort, application):
    last_year = SchoolYearFactory(
        name="2025-2026",
        start_date=datetime.date(2025, 8, 25),
        end_date=datetime.date(2026, 6, 30),
        is_current=False,
    )
    closed = CohortFactory(
        school_year=last_year,
        applications_open_on=datetime.date(2025, 1, 6),
        applications_close_on=datetime.date(2025, 3, 31),
        residency_starts_on=datetime.date(2025, 9, 1),
        residency_ends_on=datetime.date(2026, 6, 18),
    )
    old = FellowshipApplicationFactory(cohort=closed)
    assert [a.pk for a in staff_client.get(LIST).context["page"].object_list] == [application.pk]
    every = staff_client.get(LIST, {"cohort": ""}).context["page"].object_list
    assert {a.pk for a in every} == {application.pk, old.pk}


def test_the_list_filters_by_status_recommendation_network_and_name(staff_client, cohort):
    north = NetworkFactory(name="North")
    screened = FellowshipApplicationFactory(
        cohort=cohort,
        status=ApplicationStatus.SCREENING,
        person=AspiringLeaderFactory(
            first_name="Zora", last_name="Neale", school=SchoolFactory(network=north)
        ),
    )
    recommended = FellowshipApplicationFactory(cohort=cohort)
    RecommendationFactory(application=recommended)

    def names(**params):
        page = staff_client.get(LIST, {"cohort": cohort.pk, **params}).context["page"]
        return {a.pk for a in page.object_list}

    assert names(status="screening") == {screened.pk}
    assert names(has_recommendation="yes") == {recommended.pk}
    assert names(has_recommendation="no") == {screened.pk}
    assert names(network=north.pk) == {screened.pk}
    assert names(q="zora nea") == {screened.pk}


def test_the_list_pages_by_fifty(staff_client, cohort):
    add_applications(cohort, 51)
    response = staff_client.get(LIST)
    assert len(response.context["page"].object_list) == 50
    assert len(staff_client.get(LIST, {"page": 2}).context["page"].object_list) == 1


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_costs_the_same_queries_at_any_size(
    staff_client, cohort, size, django_assert_max_num_queries
):
    add_applications(cohort, size)
    with django_assert_max_num_queries(12):
        response = staff_client.get(LIST)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == size


def test_the_list_requires_program_staff(client, make_user, applicant):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    assert client.get(LIST).status_code == 403
    client.force_login(applicant)
    assert client.get(LIST).status_code == 403


def test_the_list_sends_anonymous_people_to_sign_in(client):
    assert "/accounts/login/" in client.get(LIST).url


def test_the_list_rejects_post(staff_client):
    assert staff_client.post(LIST).status_code == 405


# --- Staff: bulk moves ------------------------------------------------------------------------------------


def test_a_bulk_move_moves_and_reports_what_it_refused(staff_client, program_staff, cohort):
    first, second, third = (
        FellowshipApplicationFactory(cohort=cohort, status=ApplicationStatus.INTERVIEW) for _ in range(3)
    )
    submitted = FellowshipApplicationFactory(cohort=cohort)
    response = staff_client.post(
        f"{BULK}?cohort={cohort.pk}&status=interview",
        {
            "applications": [first.pk, second.pk, third.pk, submitted.pk],
            "to_status": "selected",
            "reason": "",
        },
    )
    assert response.status_code == 302 and response.url == f"{LIST}?cohort={cohort.pk}&status=interview"
    messages = texts(response)
    assert "Moved 2 applications to “selected”." in messages
    assert "2 applications could not move to “selected”:" in messages
    assert any("places" in m and "are taken" in m for m in messages)
    assert any("can move only to" in m for m in messages)
    statuses = sorted(FellowshipApplication.objects.filter(cohort=cohort).values_list("status", flat=True))
    assert statuses == ["interview", "selected", "selected", "submitted"]
    assert Fellow.objects.filter(cohort=cohort).count() == 2
    assert ApplicationStatusChange.objects.filter(changed_by=program_staff).count() == 2


def test_a_bulk_decision_keeps_its_reason(staff_client, cohort):
    application = FellowshipApplicationFactory(cohort=cohort, status=ApplicationStatus.INTERVIEW)
    staff_client.post(BULK, {"applications": [application.pk], "to_status": "waitlisted", "reason": "Full."})
    application.refresh_from_db()
    assert (application.status, application.decision_reason) == ("waitlisted", "Full.")


def test_a_bulk_move_needs_ticks_and_a_status(staff_client, cohort):
    application = FellowshipApplicationFactory(cohort=cohort)
    response = staff_client.post(BULK, {"to_status": "", "reason": ""})
    messages = texts(response)
    assert "Tick at least one application to move." in messages
    assert "Choose the status to move them to." in messages
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_bulk_move_requires_program_staff(client, make_user, cohort):
    application = FellowshipApplicationFactory(cohort=cohort)
    client.force_login(make_user(Role.LEADER))
    assert client.post(BULK, {"applications": [application.pk], "to_status": "screening"}).status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_bulk_move_rejects_get(staff_client):
    assert staff_client.get(BULK).status_code == 405


# --- Staff: one application -------------------------------------------------------------------------------


def test_the_page_shows_essays_recommendation_history_and_moves(staff_client, application, program_staff):
    RecommendationFactory(application=application, endorsement=Endorsement.STRONG, text="Ready to lead.")
    ApplicationStatusChange.objects.create(
        application=application, to_status=ApplicationStatus.SUBMITTED, changed_by=application.person.user
    )
    response = staff_client.get(detail(application))
    assert response.status_code == 200
    page = text(response.content.decode())
    assert "Every child known by name." in page
    assert "Recommend strongly" in page and "Ready to lead." in page
    assert "0 of 2 places taken" in page
    assert [status for status, _ in response.context["moves"]] == ["screening", "not_selected", "withdrawn"]


@pytest.mark.parametrize("size", [3, 30])
def test_the_page_costs_the_same_queries_at_any_history(
    staff_client, application, size, django_assert_max_num_queries
):
    for _ in range(size):
        ApplicationStatusChange.objects.create(application=application, to_status=ApplicationStatus.SUBMITTED)
    with django_assert_max_num_queries(10):
        assert staff_client.get(detail(application)).status_code == 200


def test_a_move_goes_through_the_service(staff_client, program_staff, application):
    response = staff_client.post(
        reverse("fellowships:application_move", args=[application.pk]), {"to_status": "screening"}
    )
    assert response.url == detail(application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SCREENING
    assert application.status_changes.get().changed_by == program_staff
    assert "Moved Ana Ruiz to “screening”." in texts(response)


def test_a_refused_move_says_why_and_changes_nothing(staff_client, cohort, application):
    FellowFactory(application__cohort=cohort)
    FellowFactory(application__cohort=cohort)
    application.status = ApplicationStatus.INTERVIEW
    application.save()
    response = staff_client.post(
        reverse("fellowships:application_move", args=[application.pk]), {"to_status": "selected"}
    )
    assert response.status_code == 302
    assert any("All 2 places" in m for m in texts(response))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERVIEW
    assert not application.status_changes.exists()
    assert not Fellow.objects.filter(application=application).exists()


def test_a_decision_without_a_reason_is_refused(staff_client, application):
    response = staff_client.post(
        reverse("fellowships:application_move", args=[application.pk]), {"to_status": "not_selected"}
    )
    assert "Give a reason for “not selected”." in texts(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_the_score_is_saved_and_cleared(staff_client, application):
    url = reverse("fellowships:application_score", args=[application.pk])
    staff_client.post(url, {"screening_score": "87"})
    application.refresh_from_db()
    assert application.screening_score == 87
    staff_client.post(url, {"screening_score": ""})
    application.refresh_from_db()
    assert application.screening_score is None


def test_a_score_over_100_is_refused(staff_client, application):
    response = staff_client.post(
        reverse("fellowships:application_score", args=[application.pk]), {"screening_score": "101"}
    )
    assert any("not saved" in m for m in texts(response))
    application.refresh_from_db()
    assert application.screening_score is None


def test_saving_the_score_does_not_undo_a_move(staff_client, application):
    url = reverse("fellowships:application_score", args=[application.pk])
    FellowshipApplication.objects.filter(pk=application.pk).update(status=ApplicationStatus.SCREENING)
    staff_client.post(url, {"screening_score": "70"})
    application.refresh_from_db()
    assert (application.status, application.screening_score) == (ApplicationStatus.SCREENING, 70)


@pytest.mark.parametrize("name", ["application_detail", "application_move", "application_score"])
def test_the_application_pages_require_program_staff(client, applicant, application, name):
    client.force_login(applicant)  # the applicant themselves
    url = reverse(f"fellowships:{name}", args=[application.pk])
    response = (
        client.get(url) if name == "application_detail" else client.post(url, {"to_status": "screening"})
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_an_unknown_application_is_404(staff_client):
    assert staff_client.get(reverse("fellowships:application_detail", args=[999999])).status_code == 404
    assert (
        staff_client.post(reverse("fellowships:application_move", args=[999999]), {"to_status": "screening"})
    ).status_code == 404


def test_the_application_page_sends_anonymous_people_to_sign_in(client, application):
    assert "/accounts/login/" in client.get(detail(application)).url


def test_the_wrong_methods_are_refused(staff_client, application):
    assert staff_client.post(detail(application)).status_code == 405
    assert staff_client.get(reverse("fellowships:application_move", args=[application.pk])).status_code == 405
    assert (
        staff_client.get(reverse("fellowships:application_score", args=[application.pk])).status_code == 405
    )
