"""The shared schema's invariants: e-mail logins, one current year, derived years in role."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from leaderdev.models import Person, Position, SchoolYear, User
from tests.factories import PersonFactory, SchoolYearFactory, UserFactory
from tests.login import log_in_with_the_form

pytestmark = pytest.mark.django_db


def test_users_log_in_by_email_whatever_its_case(client):
    UserFactory(email="maria.lopez@district.test")
    assert log_in_with_the_form(client, "Maria.Lopez@District.test", "a-test-password-1234")


def test_email_is_unique_without_regard_to_case():
    User.objects.create_user("Ana@district.test", "x")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("ana@DISTRICT.test", "x")


def test_create_user_needs_an_email():
    with pytest.raises(ValueError):
        User.objects.create_user("", "x")


def test_only_one_school_year_is_current():
    SchoolYearFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolYearFactory(
            name="2027-2028", start_date=datetime.date(2027, 8, 30), end_date=datetime.date(2028, 6, 29)
        )


def test_make_current_moves_the_flag():
    old = SchoolYearFactory()
    new = SchoolYearFactory(
        name="2027-2028",
        start_date=datetime.date(2027, 8, 30),
        end_date=datetime.date(2028, 6, 29),
        is_current=False,
    )
    new.make_current()
    old.refresh_from_db()
    assert (old.is_current, SchoolYear.objects.current()) == (False, new)


def test_school_year_must_end_after_it_starts():
    year = SchoolYear(name="bad", start_date=datetime.date(2026, 9, 1), end_date=datetime.date(2026, 8, 1))
    with pytest.raises(ValidationError):
        year.full_clean()


@pytest.mark.parametrize(
    ("started", "year"),
    [
        (datetime.date(2026, 7, 1), 1),  # summer hire before the year starts
        (datetime.date(2026, 11, 2), 1),  # mid-year hire
        (datetime.date(2025, 9, 15), 2),  # hired early last year
        (datetime.date(2026, 6, 30), 2),  # last day of last leadership year
        (datetime.date(2024, 8, 1), 3),
        (datetime.date(2027, 8, 1), None),  # starts after this school year ends
    ],
)
def test_year_in_role_is_derived_from_start_date(school_year, started, year):
    person = PersonFactory(role_start_date=started)
    assert person.year_in_role(school_year) == year


def test_new_leaders_are_first_and_second_year_school_leaders(school_year):
    first = PersonFactory(role_start_date=datetime.date(2026, 8, 1))
    second = PersonFactory(role_start_date=datetime.date(2025, 8, 1), position=Position.ASSISTANT_PRINCIPAL)
    PersonFactory(role_start_date=datetime.date(2024, 8, 1))  # third year
    PersonFactory(role_start_date=datetime.date(2026, 8, 1), position=Position.TEACHER_LEADER)
    PersonFactory(role_start_date=datetime.date(2026, 8, 1), is_active=False)
    assert set(Person.objects.new_leaders(school_year)) == {first, second}
    assert first.is_new_leader and second.is_new_leader


def test_query_and_property_agree_on_year_in_role(school_year):
    starts = [datetime.date(2020 + y, m, 1) for y in range(8) for m in (1, 6, 7, 12)]
    people = [PersonFactory(role_start_date=d) for d in starts]
    by_query = set(Person.objects.in_year_of_role(school_year, years=(1, 2)))
    by_property = {p for p in people if p.year_in_role(school_year) in (1, 2)}
    assert by_query == by_property


def test_school_leaders_need_a_school():
    person = PersonFactory.build(school=None, position=Position.PRINCIPAL)
    with pytest.raises(ValidationError) as excinfo:
        person.full_clean(exclude=["school"])
    assert "need a school" in str(excinfo.value)


def test_database_refuses_a_principal_without_school():
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(school=None, position=Position.PRINCIPAL)


def test_central_office_staff_need_no_school():
    person = PersonFactory(school=None, position=Position.CENTRAL_OFFICE, tier="")
    assert person.pk and not person.is_school_leader
