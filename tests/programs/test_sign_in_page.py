"""The sign-in page and the printable sign-in sheet of a session."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from leaderdev.permissions import Role
from programs.models import Attendance, AttendanceStatus, EnrollmentStatus
from tests.factories import PersonFactory, SchoolFactory
from tests.factories.programs import (
    AttendanceFactory,
    EnrollmentFactory,
    FacilitatorFactory,
    OfferingFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

PRESENT, LATE, EXCUSED, ABSENT = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.LATE,
    AttendanceStatus.EXCUSED,
    AttendanceStatus.ABSENT,
)


@pytest.fixture
def offering(school_year):
    return OfferingFactory(school_year=school_year)


@pytest.fixture
def session(offering):
    start = timezone.now() - datetime.timedelta(hours=1)
    return SessionFactory(offering=offering, title="Data cycles", starts_at=start)


@pytest.fixture
def cohort(offering):
    """Adams, Baker and Clark, enrolled; Dunn withdrew."""
    school = SchoolFactory(name="Hernández K-8")
    people = [
        EnrollmentFactory(offering=offering, person=PersonFactory(last_name=name, school=school)).person
        for name in ("Adams", "Baker", "Clark")
    ]
    EnrollmentFactory(
        offering=offering, person=PersonFactory(last_name="Dunn"), status=EnrollmentStatus.WITHDRAWN
    )
    return people


@pytest.fixture
def facilitator(make_user, session):
    """A coach with a login who leads the session."""
    user = make_user(Role.COACH)
    session.facilitators.add(FacilitatorFactory(person=PersonFactory(user=user)))
    return user


def url(session, name="programs:sign_in"):
    return reverse(name, args=[session.pk])


def marks_of(session):
    return dict(Attendance.objects.filter(session=session).values_list("person_id", "status"))


def post_data(people, changes=None, shown=None):
    """What the page posts: every group with the mark the page showed, and the facilitator's taps."""
    shown = shown or {}
    data = {}
    for person in people:
        data[f"initial-p{person.pk}"] = shown.get(person.pk, "")
        if shown.get(person.pk):
            data[f"p{person.pk}"] = shown[person.pk]
    for person, status in (changes or {}).items():
        data[f"p{person.pk}"] = status
    return data


# --- GET ------------------------------------------------------------------------------------------------


def test_it_lists_the_expected_people_by_name_with_four_choices(client, program_staff, session, cohort):
    client.force_login(program_staff)
    response = client.get(url(session))
    assert response.status_code == 200
    html = response.content.decode()
    names = re.findall(r'<span class="ld-person-name fw-semibold">([^<]+)</span>', html)
    assert names == [p.full_name for p in cohort]  # Dunn withdrew
    for person in cohort:
        for status in AttendanceStatus.values:
            assert f'name="p{person.pk}" value="{status}"' in html
    assert "checked" not in html  # nobody marked yet: no choice is made for them


def test_it_shows_current_marks_and_counts(client, program_staff, session, cohort):
    AttendanceFactory(session=session, person=cohort[1], status=LATE)
    client.force_login(program_staff)
    response = client.get(url(session))
    html = response.content.decode()
    assert re.search(rf'name="p{cohort[1].pk}" value="late"[^>]*checked', html)
    assert response.context["counts"]["late"] == 1
    assert response.context["counts"]["not_marked"] == 2
    assert "Clear mark" in html  # only Baker has a mark to clear
    assert html.count("Clear mark") == 1


def test_it_searches_without_javascript(client, program_staff, session, cohort):
    client.force_login(program_staff)
    response = client.get(url(session), {"q": "bak"})
    assert [p.last_name for p in response.context["form"].people] == ["Baker"]
    assert f'name="p{cohort[0].pk}"' not in response.content.decode()


def test_it_loads_the_search_script_as_a_static_file(client, program_staff, session, cohort):
    client.force_login(program_staff)
    html = client.get(url(session)).content.decode()
    assert 'src="/static/programs/attendance.js"' in html
    assert "<script>" not in html


def test_it_links_the_sheet_and_the_csv(client, program_staff, session, cohort):
    client.force_login(program_staff)
    html = client.get(url(session)).content.decode()
    assert f'href="{url(session, "programs:sign_in_sheet")}"' in html
    assert f'href="{url(session, "programs:sign_in_export")}"' in html


def test_it_explains_an_empty_cohort(client, program_staff, session):
    client.force_login(program_staff)
    response = client.get(url(session))
    assert "nobody is expected at this session" in response.content.decode()


def test_the_sessions_facilitator_may_take_attendance(client, facilitator, session, cohort):
    client.force_login(facilitator)
    assert client.get(url(session)).status_code == 200


def test_a_facilitator_of_another_session_gets_404(client, make_user, session, offering, cohort):
    user = make_user(Role.COACH)
    other = SessionFactory(offering=offering)
    other.facilitators.add(FacilitatorFactory(person=PersonFactory(user=user)))
    client.force_login(user)
    assert client.get(url(session)).status_code == 404


def test_a_leader_of_the_cohort_gets_403(client, leader, session, offering):
    EnrollmentFactory(offering=offering, person=leader.person)
    client.force_login(leader)
    assert client.get(url(session)).status_code == 403


def test_a_leader_outside_the_cohort_gets_404(client, leader, session):
    client.force_login(leader)
    assert client.get(url(session)).status_code == 404


def test_anonymous_people_are_sent_to_log_in(client, session):
    response = client.get(url(session))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_rejects_put(client, program_staff, session):
    client.force_login(program_staff)
    assert client.put(url(session)).status_code == 405


def test_it_answers_404_for_an_unknown_session(client, program_staff):
    client.force_login(program_staff)
    assert client.get(reverse("programs:sign_in", args=[999999])).status_code == 404


@pytest.mark.parametrize("size", [3, 40])
def test_it_costs_the_same_queries_for_3_or_40_people(
    client, program_staff, session, offering, size, django_assert_max_num_queries
):
    for index in range(size):
        person = EnrollmentFactory(offering=offering).person
        if index % 2:
            AttendanceFactory(session=session, person=person, status=PRESENT)
    session.facilitators.add(FacilitatorFactory(), FacilitatorFactory())
    client.force_login(program_staff)
    with django_assert_max_num_queries(8):
        response = client.get(url(session))
    assert len(response.context["form"].people) == size


# --- POST -----------------------------------------------------------------------------------------------


def test_it_saves_every_mark_in_one_post(client, program_staff, session, cohort):
    adams, baker, clark = cohort
    client.force_login(program_staff)
    data = post_data(cohort, {adams: PRESENT, baker: LATE, clark: EXCUSED})
    response = client.post(url(session), data)
    assert response.status_code == 302
    assert response["Location"] == url(session)
    assert marks_of(session) == {adams.pk: PRESENT, baker.pk: LATE, clark.pk: EXCUSED}
    row = Attendance.objects.get(session=session, person=adams)
    assert row.recorded_by == program_staff
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Attendance saved: 1 present, 1 late, 1 excused."]


def test_a_facilitator_saves_marks_in_their_name(client, facilitator, session, cohort):
    client.force_login(facilitator)
    client.post(url(session), post_data(cohort, {cohort[0]: PRESENT}))
    row = Attendance.objects.get(session=session, person=cohort[0])
    row.refresh_from_db()
    assert (row.status, row.recorded_by) == (PRESENT, facilitator)


def test_it_changes_and_clears_marks(client, program_staff, session, cohort):
    adams, baker, _ = cohort
    AttendanceFactory(session=session, person=adams, status=ABSENT)
    AttendanceFactory(session=session, person=baker, status=PRESENT)
    client.force_login(program_staff)
    shown = {adams.pk: ABSENT, baker.pk: PRESENT}
    client.post(url(session), post_data(cohort, {adams: LATE, baker: ""}, shown=shown))
    assert marks_of(session) == {adams.pk: LATE}


def test_it_keeps_marks_another_facilitator_saved_meanwhile(client, program_staff, session, cohort):
    adams, baker, _ = cohort
    client.force_login(program_staff)
    # The page was drawn with nobody marked; meanwhile a colleague marked Baker on another phone.
    AttendanceFactory(session=session, person=baker, status=LATE)
    client.post(url(session), post_data(cohort, {adams: PRESENT}))
    assert marks_of(session) == {adams.pk: PRESENT, baker.pk: LATE}


def test_it_marks_everyone_not_yet_marked_absent(client, program_staff, session, cohort):
    adams, baker, clark = cohort
    AttendanceFactory(session=session, person=baker, status=EXCUSED)
    client.force_login(program_staff)
    data = post_data(cohort, {adams: PRESENT}, shown={baker.pk: EXCUSED})
    data["rest_absent"] = "1"
    client.post(url(session), data)
    assert marks_of(session) == {adams.pk: PRESENT, baker.pk: EXCUSED, clark.pk: ABSENT}


def test_it_keeps_the_search_after_saving(client, program_staff, session, cohort):
    client.force_login(program_staff)
    baker = cohort[1]
    response = client.post(f"{url(session)}?q=baker", post_data([baker], {baker: PRESENT}))
    assert response["Location"] == f"{url(session)}?q=baker"
    assert marks_of(session) == {baker.pk: PRESENT}


def test_it_says_when_nothing_changed(client, program_staff, session, cohort):
    client.force_login(program_staff)
    response = client.post(url(session), post_data(cohort), follow=True)
    assert "No mark changed" in response.content.decode()
    assert marks_of(session) == {}


def test_it_redraws_the_page_on_an_unknown_status_and_saves_nothing(client, program_staff, session, cohort):
    adams, baker, _ = cohort
    client.force_login(program_staff)
    response = client.post(url(session), post_data(cohort, {adams: "here", baker: PRESENT}))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert re.search(rf'name="p{baker.pk}" value="present"[^>]*checked', response.content.decode())
    assert marks_of(session) == {}


def test_it_ignores_people_not_on_the_list(client, program_staff, session, cohort):
    stranger = PersonFactory()
    client.force_login(program_staff)
    data = post_data(cohort, {cohort[0]: PRESENT})
    data[f"p{stranger.pk}"] = PRESENT
    client.post(url(session), data)
    assert marks_of(session) == {cohort[0].pk: PRESENT}


def test_a_leader_cannot_post_marks(client, leader, session, offering):
    EnrollmentFactory(offering=offering, person=leader.person)
    client.force_login(leader)
    response = client.post(url(session), post_data([leader.person], {leader.person: PRESENT}))
    assert response.status_code == 403
    assert marks_of(session) == {}


# --- The printable sheet --------------------------------------------------------------------------------


def test_the_sheet_lists_names_schools_and_a_line_to_sign(client, program_staff, session, cohort):
    client.force_login(program_staff)
    response = client.get(url(session, "programs:sign_in_sheet"))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r'<th scope="row" class="ld-name fw-normal">([^<]+)</th>', html) == [
        f"{p.last_name}, {p.first_name}" for p in cohort
    ]
    assert html.count("Hernández K-8") == 3
    assert '<th scope="col" class="ld-signature">Signature</th>' in html
    assert "Data cycles" in html


def test_the_sheet_hides_the_sites_menus_when_printed(client, program_staff, session, cohort):
    client.force_login(program_staff)
    html = client.get(url(session, "programs:sign_in_sheet")).content.decode()
    assert 'href="/static/programs/attendance.css"' in html
    from django.contrib.staticfiles import finders

    css = open(finders.find("programs/attendance.css")).read()  # noqa: SIM115
    assert "@media print" in css and ".ld-navbar, footer" in css


def test_the_sessions_facilitator_may_print_the_sheet(client, facilitator, session, cohort):
    client.force_login(facilitator)
    assert client.get(url(session, "programs:sign_in_sheet")).status_code == 200


def test_the_sheet_is_refused_to_a_leader_of_the_cohort(client, leader, session, offering):
    EnrollmentFactory(offering=offering, person=leader.person)
    client.force_login(leader)
    assert client.get(url(session, "programs:sign_in_sheet")).status_code == 403


def test_the_sheet_is_hidden_from_a_facilitator_of_another_offering(client, make_user, session):
    user = make_user(Role.MENTOR)
    SessionFactory().facilitators.add(FacilitatorFactory(person=PersonFactory(user=user)))
    client.force_login(user)
    assert client.get(url(session, "programs:sign_in_sheet")).status_code == 404


def test_the_sheet_sends_anonymous_people_to_log_in(client, session):
    assert client.get(url(session, "programs:sign_in_sheet")).status_code == 302


def test_the_sheet_rejects_post(client, program_staff, session):
    client.force_login(program_staff)
    assert client.post(url(session, "programs:sign_in_sheet")).status_code == 405


@pytest.mark.parametrize("size", [3, 40])
def test_the_sheet_costs_the_same_queries_for_3_or_40_people(
    client, program_staff, session, offering, size, django_assert_max_num_queries
):
    for _ in range(size):
        EnrollmentFactory(offering=offering)
    client.force_login(program_staff)
    with django_assert_max_num_queries(6):
        response = client.get(url(session, "programs:sign_in_sheet"))
    assert response.content.decode().count('class="ld-name fw-normal"') == size
