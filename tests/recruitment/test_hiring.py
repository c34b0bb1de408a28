"""Hiring from the pool: it updates the district's shared schema (an internal candidate's staff record, a
new record for an external one), fills the opening, and refuses what it must; through the service and
through the application page's Hire form."""

import datetime
import re

import pytest
from django.urls import reverse

from leaderdev.errors import DomainError
from leaderdev.models import Person, Position
from leaderdev.permissions import Role
from recruitment.models import HiringRole, OpeningStatus, Stage, StageChange
from recruitment.services.hiring import hire
from tests.factories import PersonFactory, SchoolFactory
from tests.factories.recruitment import (
    ApplicationFactory,
    CandidateFactory,
    HiringCycleFactory,
    OpeningFactory,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2027, 8, 30)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def staff(make_user):
    return make_user(Role.RECRUITMENT_STAFF)


@pytest.fixture
def cycle(db):
    return HiringCycleFactory()


@pytest.fixture
def internal(cycle):
    """An assistant principal of six years, in the pool for principal."""
    person = PersonFactory(
        position=Position.ASSISTANT_PRINCIPAL,
        role_start_date=datetime.date(2021, 8, 1),
        email="ap@district.test",
    )
    candidate = CandidateFactory(person=person, email="ap@district.test")
    return ApplicationFactory(
        candidate=candidate, cycle=cycle, stage=Stage.IN_POOL, role=HiringRole.PRINCIPAL
    )


@pytest.fixture
def external(cycle):
    candidate = CandidateFactory(first_name="Ana", last_name="Lima", email="ana.lima@example.test")
    return ApplicationFactory(
        candidate=candidate, cycle=cycle, stage=Stage.IN_POOL, role=HiringRole.PRINCIPAL
    )


# --- The service -----------------------------------------------------------------------------------------


def test_hiring_an_internal_candidate_updates_their_staff_record(internal, staff):
    school = SchoolFactory(name="Mission Hill K-8")

    person = hire(internal, user=staff, school=school, start_date=START)

    person.refresh_from_db()
    assert person == internal.candidate.person
    assert (person.position, person.school, person.role_start_date) == (Position.PRINCIPAL, school, START)


def test_a_hired_internal_candidate_becomes_a_first_year_leader(internal, staff, cycle):
    person = internal.candidate.person
    assert person not in Person.objects.new_leaders(cycle.school_year)

    hire(internal, user=staff, school=SchoolFactory(), start_date=cycle.school_year.start_date)

    assert person in Person.objects.new_leaders(cycle.school_year)
    assert person in Person.objects.school_leaders().in_year_of_role(cycle.school_year, years=(1,))


def test_hiring_moves_the_application_to_hired_and_records_the_move(internal, staff):
    school = SchoolFactory(name="Mission Hill K-8")
    hire(internal, user=staff, school=school, start_date=START)
    internal.refresh_from_db()
    assert internal.stage == Stage.HIRED
    change = StageChange.objects.get(application=internal)
    assert (change.from_stage, change.to_stage, change.changed_by) == (Stage.IN_POOL, Stage.HIRED, staff)
    assert change.reason == "Hired at Mission Hill K-8, starting August 30, 2027."


def test_hiring_an_external_candidate_creates_their_staff_record(external, staff):
    school = SchoolFactory()

    person = hire(external, user=staff, school=school, start_date=START, employee_id="E900001")

    person = Person.objects.get(employee_id="E900001")
    assert (person.first_name, person.last_name, person.email) == ("Ana", "Lima", "ana.lima@example.test")
    assert (person.position, person.school, person.role_start_date) == (Position.PRINCIPAL, school, START)
    external.candidate.refresh_from_db()
    assert external.candidate.person == person


def test_hiring_fills_the_opening(internal, staff, cycle):
    opening = OpeningFactory(cycle=cycle, role=HiringRole.PRINCIPAL)
    hire(internal, user=staff, school=opening.school, start_date=START, opening=opening)
    opening.refresh_from_db()
    internal.refresh_from_db()
    assert opening.status == OpeningStatus.FILLED
    assert internal.opening == opening


@pytest.mark.parametrize("stage", [Stage.FINALIST, Stage.APPLIED, Stage.REJECTED, Stage.HIRED])
def test_only_candidates_in_the_pool_can_be_hired(cycle, staff, stage):
    application = ApplicationFactory(cycle=cycle, stage=stage)
    with pytest.raises(DomainError, match="only candidates in the pool"):
        hire(application, user=staff, school=SchoolFactory(), start_date=START, employee_id="E1")
    application.refresh_from_db()
    assert application.stage == stage


def test_an_employee_id_of_someone_else_is_refused(external, staff):
    PersonFactory(employee_id="E123456")
    with pytest.raises(DomainError, match="Employee id E123456 belongs to someone else"):
        hire(external, user=staff, school=SchoolFactory(), start_date=START, employee_id="E123456")
    external.refresh_from_db()
    assert external.stage == Stage.IN_POOL
    assert external.candidate.person is None


def test_an_external_candidate_needs_an_employee_id(external, staff):
    with pytest.raises(DomainError, match="needs the employee id"):
        hire(external, user=staff, school=SchoolFactory(), start_date=START)


def test_an_opening_of_another_school_is_refused(internal, staff, cycle):
    opening = OpeningFactory(cycle=cycle, role=HiringRole.PRINCIPAL)
    with pytest.raises(DomainError, match="for another school or role"):
        hire(internal, user=staff, school=SchoolFactory(), start_date=START, opening=opening)
    opening.refresh_from_db()
    assert opening.status == OpeningStatus.OPEN


# --- The page --------------------------------------------------------------------------------------------


def hire_url(application):
    return reverse("recruitment:application_hire", args=[application.pk])


def test_the_hire_form_shows_only_in_the_pool(client, staff, cycle, internal):
    finalist = ApplicationFactory(cycle=cycle, stage=Stage.FINALIST)
    client.force_login(staff)
    assert (
        "hire-heading"
        in client.get(reverse("recruitment:application_detail", args=[internal.pk])).content.decode()
    )
    assert (
        "hire-heading"
        not in client.get(reverse("recruitment:application_detail", args=[finalist.pk])).content.decode()
    )


def test_the_hire_form_asks_an_employee_id_of_external_candidates_only(client, staff, internal, external):
    client.force_login(staff)
    assert (
        'name="employee_id"'
        in client.get(reverse("recruitment:application_detail", args=[external.pk])).content.decode()
    )
    assert (
        'name="employee_id"'
        not in client.get(reverse("recruitment:application_detail", args=[internal.pk])).content.decode()
    )


def test_hiring_through_the_page(client, staff, cycle, external):
    opening = OpeningFactory(cycle=cycle, role=HiringRole.PRINCIPAL)
    client.force_login(staff)

    response = client.post(
        hire_url(external), {"opening": opening.pk, "start_date": "2027-08-30", "employee_id": "E765432"}
    )

    assert response.status_code == 302
    external.refresh_from_db()
    opening.refresh_from_db()
    assert external.stage == Stage.HIRED
    assert opening.status == OpeningStatus.FILLED
    person = Person.objects.get(employee_id="E765432")
    assert (person.school, person.role_start_date) == (opening.school, START)


def test_a_refused_hire_shows_the_form_again_with_what_was_typed(client, staff, external):
    PersonFactory(employee_id="E111111")
    school = SchoolFactory()
    client.force_login(staff)

    response = client.post(
        hire_url(external), {"school": school.pk, "start_date": "2027-08-30", "employee_id": "E111111"}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Employee id E111111 belongs to someone else." in text(content)
    assert 'value="E111111"' in content
    external.refresh_from_db()
    assert external.stage == Stage.IN_POOL


def test_hiring_needs_a_school_or_an_opening(client, staff, internal):
    client.force_login(staff)
    response = client.post(hire_url(internal), {"start_date": "2027-08-30"})
    assert "Choose the school they will lead" in text(response.content.decode())
    internal.refresh_from_db()
    assert internal.stage == Stage.IN_POOL


def test_hiring_rejects_get(client, staff, internal):
    client.force_login(staff)
    assert client.get(hire_url(internal)).status_code == 405
