"""Who may join an offering: positions, year in role, school level, active people, opt-in offerings."""

import datetime

import pytest

from leaderdev.errors import DomainError
from leaderdev.models import Position, SchoolLevel
from programs.models import Enrollment, EnrollmentStatus
from programs.services import enrollment as services
from tests.factories import PersonFactory, SchoolFactory
from tests.factories.programs import OfferingFactory

pytestmark = pytest.mark.django_db

THIRD_YEAR_START = datetime.date(2024, 7, 1)  # year 3 of the role in 2026-2027
SECOND_YEAR_START = datetime.date(2025, 9, 1)


@pytest.fixture
def new_leader_pd(school_year):
    return OfferingFactory(school_year=school_year, max_year_in_role=2)


def test_a_first_year_leader_is_eligible_for_new_leader_pd(new_leader_pd):
    assert services.eligibility_problems(new_leader_pd, PersonFactory()) == []


def test_a_second_year_leader_is_eligible_for_new_leader_pd(new_leader_pd):
    person = PersonFactory(role_start_date=SECOND_YEAR_START)
    assert services.eligibility_problems(new_leader_pd, person) == []


def test_new_leader_pd_refuses_a_third_year_leader_with_the_reason(new_leader_pd):
    veteran = PersonFactory(first_name="Vera", last_name="Veteran", role_start_date=THIRD_YEAR_START)
    assert services.eligibility_problems(new_leader_pd, veteran) == [
        "in year 3 of their role; this offering is for first- and second-year leaders"
    ]
    with pytest.raises(DomainError) as refused:
        services.enroll(new_leader_pd, veteran)
    assert str(refused.value).startswith("Vera Veteran cannot join ")
    assert str(refused.value).endswith(
        ": in year 3 of their role; this offering is for first- and second-year leaders."
    )
    assert not Enrollment.objects.filter(person=veteran).exists()


def test_the_year_counts_in_the_offerings_school_year(school_year):
    from tests.factories import SchoolYearFactory

    last_year = SchoolYearFactory(
        name="2025-2026",
        start_date=datetime.date(2025, 8, 31),
        end_date=datetime.date(2026, 6, 30),
        is_current=False,
    )
    offering = OfferingFactory(school_year=last_year, max_year_in_role=2)
    assert services.eligibility_problems(offering, PersonFactory(role_start_date=THIRD_YEAR_START)) == []
    starts_later = PersonFactory(role_start_date=datetime.date(2026, 8, 1))
    assert services.eligibility_problems(offering, starts_later) == [
        "starts in their role only after 2025-2026 ends"
    ]


def test_a_level_alike_offering_refuses_another_level(school_year):
    offering = OfferingFactory(school_year=school_year, school_level=SchoolLevel.ELEMENTARY)
    high = PersonFactory(school=SchoolFactory(level=SchoolLevel.HIGH))
    assert services.eligibility_problems(offering, high) == [
        "works at a high school; this offering is for elementary schools"
    ]
    assert services.eligibility_problems(offering, PersonFactory()) == []


def test_a_level_alike_offering_refuses_someone_without_a_school(school_year):
    offering = OfferingFactory(
        school_year=school_year, school_level=SchoolLevel.K8, eligible_positions=[Position.CENTRAL_OFFICE]
    )
    central = PersonFactory(position=Position.CENTRAL_OFFICE, school=None)
    assert services.eligibility_problems(offering, central) == [
        "has no school; this offering is for K-8 schools"
    ]


def test_positions_limit_who_may_join(school_year):
    offering = OfferingFactory(school_year=school_year, eligible_positions=[Position.ASSISTANT_PRINCIPAL])
    assert services.eligibility_problems(offering, PersonFactory()) == [
        "a principal; this offering is for assistant principals"
    ]
    assert services.eligibility_problems(offering, PersonFactory(position=Position.ASSISTANT_PRINCIPAL)) == []


def test_no_positions_means_every_school_leader_position(school_year):
    offering = OfferingFactory(school_year=school_year)
    for position in (Position.PRINCIPAL, Position.HEAD_OF_SCHOOL, Position.ADMIN_TEAM_MEMBER):
        assert services.eligibility_problems(offering, PersonFactory(position=position)) == []
    [problem] = services.eligibility_problems(offering, PersonFactory(position=Position.TEACHER_LEADER))
    assert problem == (
        "a teacher leader; this offering is for principals, heads of school, assistant principals "
        "and admin team members"
    )


def test_an_inactive_person_is_refused(school_year):
    offering = OfferingFactory(school_year=school_year)
    gone = PersonFactory(is_active=False)
    assert services.eligibility_problems(offering, gone) == ["no longer active in the district"]
    with pytest.raises(DomainError, match="no longer active in the district"):
        services.enroll(offering, gone)


def test_every_problem_is_listed(school_year):
    offering = OfferingFactory(school_year=school_year, max_year_in_role=1, school_level=SchoolLevel.MIDDLE)
    person = PersonFactory(is_active=False, role_start_date=SECOND_YEAR_START)
    assert len(services.eligibility_problems(offering, person)) == 3


# --- opt-in offerings ------------------------------------------------------------------------------------


@pytest.fixture
def think_tank(school_year):
    return OfferingFactory(school_year=school_year, is_opt_in=True, capacity=1)


def test_staff_invite_to_an_opt_in_offering(think_tank):
    assert services.enroll(think_tank, PersonFactory()).status == EnrollmentStatus.INVITED


def test_staff_cannot_enroll_someone_into_an_opt_in_offering(think_tank):
    with pytest.raises(DomainError, match="opt-in: invite them"):
        services.enroll(think_tank, PersonFactory(), status=EnrollmentStatus.ENROLLED)


def test_someone_who_opts_in_is_enrolled(think_tank):
    assert services.enroll(think_tank, PersonFactory(), opted_in=True).status == EnrollmentStatus.ENROLLED


def test_accepting_an_invitation_takes_a_place_or_waits(think_tank):
    first, second = PersonFactory(), PersonFactory()
    services.enroll(think_tank, first)
    services.enroll(think_tank, second)
    assert services.enroll(think_tank, first, opted_in=True).status == EnrollmentStatus.ENROLLED
    assert services.enroll(think_tank, second, opted_in=True).status == EnrollmentStatus.WAITLISTED


def test_an_invitation_is_not_accepted_by_a_status_change_alone(think_tank):
    invited = services.enroll(think_tank, PersonFactory())
    with pytest.raises(DomainError, match="joins only when they choose to"):
        services.change_status(invited, EnrollmentStatus.ENROLLED)
    change = services.change_status(invited, EnrollmentStatus.ENROLLED, opted_in=True)
    assert change.enrollment.status == EnrollmentStatus.ENROLLED


# --- the SQL twin ----------------------------------------------------------------------------------------


def test_eligible_people_agrees_with_eligibility_problems(school_year):
    offering = OfferingFactory(
        school_year=school_year,
        max_year_in_role=2,
        school_level=SchoolLevel.ELEMENTARY,
        eligible_positions=[Position.PRINCIPAL, Position.ASSISTANT_PRINCIPAL],
    )
    high = SchoolFactory(level=SchoolLevel.HIGH)
    everyone = [
        PersonFactory(),
        PersonFactory(role_start_date=SECOND_YEAR_START),
        PersonFactory(role_start_date=THIRD_YEAR_START),
        PersonFactory(role_start_date=datetime.date(2027, 7, 1)),  # after the year ends
        PersonFactory(position=Position.ASSISTANT_PRINCIPAL),
        PersonFactory(position=Position.ADMIN_TEAM_MEMBER),
        PersonFactory(school=high),
        PersonFactory(is_active=False),
        PersonFactory(position=Position.CENTRAL_OFFICE, school=None),
    ]
    in_sql = set(services.eligible_people(offering).values_list("pk", flat=True))
    in_python = {p.pk for p in everyone if not services.eligibility_problems(offering, p)}
    assert in_sql == in_python
    assert len(in_sql) == 3


def test_check_enroll_answers_before_writing(think_tank):
    person = PersonFactory(is_active=False)
    assert services.check_enroll(think_tank, person) == "no longer active in the district"
    assert services.check_enroll(think_tank, PersonFactory()) is None
    assert not Enrollment.objects.exists()


def test_the_summary_says_who_may_join(school_year):
    offering = OfferingFactory(
        school_year=school_year,
        max_year_in_role=2,
        school_level=SchoolLevel.K8,
        eligible_positions=[Position.PRINCIPAL, Position.ASSISTANT_PRINCIPAL],
        is_opt_in=True,
    )
    assert services.eligibility_summary(offering) == [
        "Principals and assistant principals",
        "First- and second-year leaders",
        "K-8 schools",
        "Opt-in: staff invite, people choose to join",
    ]
