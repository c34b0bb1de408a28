"""The offering list, an offering's roster (filters and row actions) and the bulk enrollment form."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from leaderdev.models import Position, SchoolLevel
from leaderdev.permissions import Role
from programs.models import Enrollment, EnrollmentStatus
from tests.factories import NetworkFactory, PersonFactory, SchoolFactory, SchoolYearFactory
from tests.factories.programs import (
    EnrollmentFactory,
    FacilitatorFactory,
    OfferingFactory,
    ProgramFactory,
    ProgramKindFactory,
)

pytestmark = pytest.mark.django_db

ENROLLED, WAITLISTED, INVITED = (
    EnrollmentStatus.ENROLLED,
    EnrollmentStatus.WAITLISTED,
    EnrollmentStatus.INVITED,
)
WITHDRAWN, COMPLETED = EnrollmentStatus.WITHDRAWN, EnrollmentStatus.COMPLETED
OFFERINGS = reverse("programs:offering_list")


def roster_url(offering):
    return reverse("programs:offering_roster", args=[offering.pk])


def bulk_url(offering):
    return reverse("programs:bulk_enroll", args=[offering.pk])


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def names(rows) -> list[str]:
    return [row.person.last_name for row in rows]


@pytest.fixture
def offering(school_year):
    return OfferingFactory(
        school_year=school_year, capacity=2, program=ProgramFactory(name="New Leader PD"), cohort="Cohort A"
    )


@pytest.fixture
def staff_client(client, program_staff):
    client.force_login(program_staff)
    return client


# --- the offering list ---------------------------------------------------------------------------------


def test_the_list_shows_this_years_offerings_with_their_counts(staff_client, offering, school_year):
    offering.facilitators.add(FacilitatorFactory(name="Dr. Ayo"), FacilitatorFactory(person=PersonFactory()))
    for status in (ENROLLED, COMPLETED, WAITLISTED, INVITED, WITHDRAWN):
        EnrollmentFactory(offering=offering, status=status)
    old_year = SchoolYearFactory(
        name="2025-2026",
        start_date=datetime.date(2025, 8, 31),
        end_date=datetime.date(2026, 6, 30),
        is_current=False,
    )
    OfferingFactory(school_year=old_year, program=ProgramFactory(name="Last year's program"))
    response = staff_client.get(OFFERINGS)
    assert response.status_code == 200
    [row] = response.context["page"]
    assert (row.enrolled_count, row.waitlisted_count, row.invited_count) == (2, 1, 1)
    html = response.content.decode()
    assert "2 of 2" in html and ">full<" in html
    assert "Dr. Ayo (Partner Org)" in html


def test_the_list_shows_every_year_when_asked(staff_client, offering):
    response = staff_client.get(OFFERINGS, {"school_year": ""})
    assert len(response.context["page"]) == 1


def test_the_list_filters_by_kind_and_program(staff_client, offering, school_year):
    other_kind = ProgramKindFactory(name="Convenings")
    convening = OfferingFactory(school_year=school_year, program=ProgramFactory(kind=other_kind))
    response = staff_client.get(OFFERINGS, {"kind": other_kind.pk})
    assert list(response.context["page"]) == [convening]
    response = staff_client.get(OFFERINGS, {"program": offering.program.pk})
    assert list(response.context["page"]) == [offering]


def test_the_list_requires_program_staff(client, make_user):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    assert client.get(OFFERINGS).status_code == 403


def test_the_list_sends_anonymous_users_to_log_in(client):
    response = client.get(OFFERINGS)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_list_rejects_post(staff_client):
    assert staff_client.post(OFFERINGS).status_code == 405


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_costs_the_same_queries_for_any_number_of_offerings(
    staff_client, school_year, django_assert_max_num_queries, count
):
    for _ in range(count):
        offering = OfferingFactory(school_year=school_year)
        offering.facilitators.add(FacilitatorFactory(person=PersonFactory()))
        EnrollmentFactory(offering=offering)
    with django_assert_max_num_queries(12):
        response = staff_client.get(OFFERINGS)
    assert len(response.context["page"]) == count


# --- the roster ----------------------------------------------------------------------------------------


@pytest.fixture
def roster(offering):
    """Two enrolled (Adams, Baker), two waitlisted in order (Young before Xu), one withdrawn (Ward)."""
    east, west = NetworkFactory(name="East"), NetworkFactory(name="West")
    elementary = SchoolFactory(name="Alcott Elementary", network=east, level=SchoolLevel.ELEMENTARY)
    high = SchoolFactory(name="Brighton High", network=west, level=SchoolLevel.HIGH)
    now = datetime.datetime(2026, 9, 1, 12, tzinfo=datetime.UTC)
    people = {
        "Adams": PersonFactory(first_name="Ann", last_name="Adams", school=elementary),
        "Baker": PersonFactory(
            first_name="Ben",
            last_name="Baker",
            school=high,
            position=Position.ASSISTANT_PRINCIPAL,
            role_start_date=datetime.date(2025, 8, 1),
        ),
        "Young": PersonFactory(
            first_name="Yara", last_name="Young", school=high, role_start_date=datetime.date(2020, 8, 1)
        ),
        "Xu": PersonFactory(first_name="Xin", last_name="Xu", school=elementary),
        "Ward": PersonFactory(first_name="Will", last_name="Ward", school=elementary),
    }
    for name, status, minutes in [
        ("Adams", ENROLLED, 0),
        ("Baker", ENROLLED, 1),
        ("Young", WAITLISTED, 2),
        ("Xu", WAITLISTED, 3),
        ("Ward", WITHDRAWN, 4),
    ]:
        EnrollmentFactory(
            offering=offering,
            person=people[name],
            status=status,
            status_changed_at=now + datetime.timedelta(minutes=minutes),
        )
    return people


def test_the_roster_lists_participants_by_name_and_the_waitlist_in_order(staff_client, offering, roster):
    response = staff_client.get(roster_url(offering))
    assert response.status_code == 200
    assert names(response.context["participants"]) == ["Adams", "Baker", "Ward"]
    assert names(response.context["waitlist"]) == ["Young", "Xu"]
    assert [row.waitlist_position for row in response.context["waitlist"]] == [1, 2]
    assert [row.year_in_role for row in response.context["participants"]] == [1, 2, 1]
    html = response.content.decode()
    assert "Alcott Elementary" in html and "West" in html
    assert "Principals, heads of school, assistant principals and admin team members" in html


def test_the_waitlist_keeps_its_positions_when_filtered(staff_client, offering, roster):
    response = staff_client.get(roster_url(offering), {"school": roster["Xu"].school.pk})
    assert [(row.person.last_name, row.waitlist_position) for row in response.context["waitlist"]] == [
        ("Xu", 2)
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"network": "West"}, ["Baker", "Young"]),
        ({"level": SchoolLevel.ELEMENTARY}, ["Adams", "Ward", "Xu"]),
        ({"position": Position.ASSISTANT_PRINCIPAL}, ["Baker"]),
        ({"year_in_role": "1"}, ["Adams", "Ward", "Xu"]),
        ({"year_in_role": "2"}, ["Baker"]),
        ({"year_in_role": "3"}, ["Young"]),
        ({"status": WAITLISTED}, ["Young", "Xu"]),
        ({"q": "ada"}, ["Adams"]),
    ],
)
def test_the_roster_filters(staff_client, offering, roster, query, expected):
    if "network" in query:
        query = {"network": roster["Baker"].school.network.pk}
    response = staff_client.get(roster_url(offering), query)
    shown = names(response.context["participants"]) + names(response.context["waitlist"])
    assert shown == expected


def test_the_roster_offers_schools_of_its_people_only(staff_client, offering, roster):
    SchoolFactory(name="Elsewhere Academy")
    response = staff_client.get(roster_url(offering))
    schools = [str(s) for s in response.context["filter"].form.fields["school"].queryset]
    assert schools == ["Alcott Elementary", "Brighton High"]


def test_the_roster_shows_why_a_waitlisted_person_is_no_longer_eligible(staff_client, offering, roster):
    roster["Xu"].is_active = False
    roster["Xu"].save()
    response = staff_client.get(roster_url(offering))
    assert response.context["waitlist"][1].problems == ["no longer active in the district"]
    assert b"Not eligible: no longer active in the district" in response.content


def test_the_roster_offers_the_actions_of_each_status(staff_client, offering, roster):
    response = staff_client.get(roster_url(offering))
    rows = response.context["participants"] + response.context["waitlist"]
    actions = {row.person.last_name: [a for a, _ in row.actions] for row in rows}
    assert actions == {
        "Adams": ["complete", "withdraw"],
        "Baker": ["complete", "withdraw"],
        "Ward": ["enroll"],
        "Young": ["enroll", "withdraw"],
        "Xu": ["enroll", "withdraw"],
    }


def test_the_roster_requires_program_staff(client, leader, offering):
    EnrollmentFactory(offering=offering, person=leader.person)
    client.force_login(leader)
    assert client.get(roster_url(offering)).status_code == 403


def test_the_roster_sends_anonymous_users_to_log_in(client, offering):
    assert client.get(roster_url(offering)).status_code == 302


def test_the_roster_of_a_missing_offering_is_404(staff_client, offering):
    assert staff_client.get(reverse("programs:offering_roster", args=[offering.pk + 100])).status_code == 404


def test_the_roster_rejects_put(staff_client, offering):
    assert staff_client.put(roster_url(offering)).status_code == 405


@pytest.mark.parametrize("count", [3, 40])
def test_the_roster_costs_the_same_queries_for_any_size(
    staff_client, offering, django_assert_max_num_queries, count
):
    offering.capacity = count // 2
    offering.save()
    for index in range(count):
        status = ENROLLED if index < count // 2 else WAITLISTED
        EnrollmentFactory(offering=offering, status=status, person=PersonFactory(school=SchoolFactory()))
    PersonFactory.create_batch(count)  # candidates for the bulk form
    with django_assert_max_num_queries(15):
        response = staff_client.get(roster_url(offering), {"status": "", "add-q": ""})
    assert response.context["page"].paginator.count == count
    assert response.context["candidates"].paginator.count == count


# --- row actions ---------------------------------------------------------------------------------------


def act(client, offering, enrollment, action, query=""):
    return client.post(f"{roster_url(offering)}{query}", {"enrollment": enrollment.pk, "action": action})


def test_withdrawing_promotes_the_first_waitlisted(staff_client, offering, roster):
    adams = Enrollment.objects.get(person=roster["Adams"])
    response = act(staff_client, offering, adams, "withdraw", "?status=enrolled")
    assert response.status_code == 302
    assert response.url == f"{roster_url(offering)}?status=enrolled"
    adams.refresh_from_db()
    young = Enrollment.objects.get(person=roster["Young"])
    assert (adams.status, young.status) == (WITHDRAWN, ENROLLED)
    assert texts(response) == [
        f"{roster['Adams'].full_name} is withdrawn. Moved up from the waitlist: {roster['Young'].full_name}."
    ]


def test_marking_completed(staff_client, offering, roster):
    baker = Enrollment.objects.get(person=roster["Baker"])
    act(staff_client, offering, baker, "complete")
    baker.refresh_from_db()
    assert baker.status == COMPLETED


def test_enrolling_from_a_full_waitlist_explains_the_refusal(staff_client, offering, roster):
    xu = Enrollment.objects.get(person=roster["Xu"])
    response = act(staff_client, offering, xu, "enroll")
    assert response.status_code == 302
    xu.refresh_from_db()
    assert xu.status == WAITLISTED
    assert texts(response) == [
        "New Leader PD · Cohort A (2026-2027) is full (2 of 2 places taken): raise its capacity, "
        "or wait for a place to free up."
    ]


def test_enrolling_from_the_waitlist_when_a_place_is_free(staff_client, offering, roster):
    offering.capacity = 3
    offering.save()
    xu = Enrollment.objects.get(person=roster["Xu"])
    act(staff_client, offering, xu, "enroll")
    xu.refresh_from_db()
    assert xu.status == ENROLLED


def test_re_enrolling_a_withdrawn_person_joins_the_waitlist_when_full(staff_client, offering, roster):
    ward = Enrollment.objects.get(person=roster["Ward"])
    response = act(staff_client, offering, ward, "enroll")
    ward.refresh_from_db()
    assert ward.status == WAITLISTED
    assert texts(response) == [f"{offering} is full: {roster['Ward'].full_name} is on the waitlist."]


def test_an_action_that_does_not_apply_is_refused(staff_client, offering, roster):
    ward = Enrollment.objects.get(person=roster["Ward"])
    response = act(staff_client, offering, ward, "complete")
    ward.refresh_from_db()
    assert ward.status == WITHDRAWN
    assert "does not apply" in texts(response)[0]


def test_an_enrollment_of_another_offering_is_refused(staff_client, offering, roster, school_year):
    elsewhere = EnrollmentFactory(offering=OfferingFactory(school_year=school_year))
    response = act(staff_client, offering, elsewhere, "withdraw")
    elsewhere.refresh_from_db()
    assert elsewhere.status == ENROLLED
    assert texts(response) == ["That person is not on this roster (any more)."]


def test_accepting_an_invitation_to_an_opt_in_offering(staff_client, school_year):
    think_tank = OfferingFactory(school_year=school_year, is_opt_in=True)
    invited = EnrollmentFactory(offering=think_tank, status=INVITED)
    response = staff_client.get(roster_url(think_tank))
    assert [label for _, label in response.context["participants"][0].actions] == [
        "Accepted: enroll",
        "Withdraw",
    ]
    act(staff_client, think_tank, invited, "enroll")
    invited.refresh_from_db()
    assert invited.status == ENROLLED


def test_row_actions_require_program_staff(client, leader, offering, roster):
    client.force_login(leader)
    adams = Enrollment.objects.get(person=roster["Adams"])
    assert act(client, offering, adams, "withdraw").status_code == 403
    adams.refresh_from_db()
    assert adams.status == ENROLLED


# --- bulk enrollment -----------------------------------------------------------------------------------


@pytest.fixture
def candidates(offering):
    """Two first-year principals, a second-year AP, a third-year principal, and someone who left."""
    return {
        "Ali": PersonFactory(first_name="Amina", last_name="Ali"),
        "Bo": PersonFactory(first_name="Bea", last_name="Bo"),
        "Cruz": PersonFactory(
            first_name="Carl",
            last_name="Cruz",
            position=Position.ASSISTANT_PRINCIPAL,
            role_start_date=datetime.date(2025, 9, 1),
        ),
        "Dunn": PersonFactory(first_name="Dora", last_name="Dunn", role_start_date=datetime.date(2023, 9, 1)),
        "Gone": PersonFactory(first_name="Gus", last_name="Gone", is_active=False),
    }


def test_the_bulk_form_lists_eligible_people_not_yet_in(staff_client, offering, candidates):
    EnrollmentFactory(offering=offering, person=candidates["Bo"])
    response = staff_client.get(roster_url(offering))
    assert [p.last_name for p in response.context["candidates"]] == ["Ali", "Cruz", "Dunn"]
    assert response.context["new_leaders_shown"] == 2


def test_the_bulk_form_filters_candidates(staff_client, offering, candidates):
    response = staff_client.get(roster_url(offering), {"add-year_in_role": "2"})
    assert [p.last_name for p in response.context["candidates"]] == ["Cruz"]


def test_it_enrolls_the_people_ticked(staff_client, offering, candidates):
    chosen = [candidates["Ali"].pk, candidates["Cruz"].pk, candidates["Dunn"].pk]
    response = staff_client.post(
        f"{bulk_url(offering)}?status=enrolled", {"people": chosen, "scope": "chosen"}
    )
    assert response.status_code == 302
    assert response.url == f"{roster_url(offering)}?status=enrolled"
    statuses = dict(Enrollment.objects.filter(offering=offering).values_list("person__last_name", "status"))
    assert statuses == {"Ali": ENROLLED, "Cruz": ENROLLED, "Dunn": WAITLISTED}
    assert texts(response) == [
        f"Enrolled 2: {candidates['Ali'].full_name}, {candidates['Cruz'].full_name}.",
        f"{offering} is full: 1 waitlisted, in this order: {candidates['Dunn'].full_name}.",
    ]


def test_it_enrolls_every_new_leader_shown(staff_client, offering, candidates):
    offering.capacity = None
    offering.save()
    response = staff_client.post(f"{bulk_url(offering)}?add-position=principal", {"scope": "new_leaders"})
    assert response.status_code == 302
    enrolled = set(Enrollment.objects.filter(offering=offering).values_list("person__last_name", flat=True))
    assert enrolled == {"Ali", "Bo"}  # Cruz is an AP (filtered out), Dunn is in year 4


def test_nobody_ticked_re_renders_the_page_with_the_error_and_the_filters(staff_client, offering, candidates):
    response = staff_client.post(f"{bulk_url(offering)}?add-q=Ali", {"scope": "chosen"})
    assert response.status_code == 200
    assert "Tick at least one person" in response.content.decode()
    assert [p.last_name for p in response.context["candidates"]] == ["Ali"]
    assert not Enrollment.objects.exists()


def test_someone_no_longer_eligible_cannot_be_ticked(staff_client, offering, candidates):
    gone = candidates["Gone"]
    response = staff_client.post(bulk_url(offering), {"people": [gone.pk, candidates["Ali"].pk]})
    assert response.status_code == 200
    assert "can no longer be enrolled" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_the_ticks_survive_an_invalid_post(staff_client, offering, candidates):
    ali = candidates["Ali"]
    response = staff_client.post(bulk_url(offering), {"people": [ali.pk, 999999]})
    assert re.search(rf'id="candidate-{ali.pk}" checked', response.content.decode())


def test_bulk_enroll_invites_on_an_opt_in_offering(staff_client, school_year, candidates):
    think_tank = OfferingFactory(school_year=school_year, is_opt_in=True)
    response = staff_client.post(bulk_url(think_tank), {"people": [candidates["Ali"].pk]})
    assert Enrollment.objects.get(offering=think_tank).status == INVITED
    assert texts(response)[0].startswith("Invited 1 (the offering is opt-in")


def test_bulk_enroll_rejects_get(staff_client, offering):
    assert staff_client.get(bulk_url(offering)).status_code == 405


def test_bulk_enroll_requires_program_staff(client, make_user, offering, candidates):
    client.force_login(make_user(Role.LICENSURE_TEAM))
    response = client.post(bulk_url(offering), {"people": [candidates["Ali"].pk]})
    assert response.status_code == 403
    assert not Enrollment.objects.exists()


def test_bulk_enroll_sends_anonymous_users_to_log_in(client, offering, candidates):
    assert client.post(bulk_url(offering), {"people": [candidates["Ali"].pk]}).status_code == 302
    assert not Enrollment.objects.exists()


def test_bulk_enroll_into_a_missing_offering_is_404(staff_client, offering, candidates):
    url = reverse("programs:bulk_enroll", args=[offering.pk + 100])
    assert staff_client.post(url, {"people": [candidates["Ali"].pk]}).status_code == 404


@pytest.mark.parametrize("count", [3, 40])
def test_bulk_enroll_costs_the_same_queries_for_any_number(
    staff_client, offering, django_assert_max_num_queries, count
):
    offering.capacity = None
    offering.save()
    PersonFactory.create_batch(count)
    # 13: one INSERT of the enrollments and one of their audit history records, however many.
    with django_assert_max_num_queries(13):
        response = staff_client.post(bulk_url(offering), {"scope": "new_leaders"})
    assert response.status_code == 302
    assert Enrollment.objects.filter(offering=offering).count() == count
