"""The racial-equity rule: who is held to it, which enrollments count, and each person's status."""

import datetime

import pytest
from django.http import QueryDict

from leaderdev.models import Position, SchoolLevel
from programs.models import EnrollmentStatus
from programs.queries import equity
from tests.factories import NetworkFactory, PersonFactory, SchoolFactory, SchoolYearFactory
from tests.factories.programs import EnrollmentFactory, OfferingFactory, ProgramFactory, equity_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_year(db):
    return SchoolYearFactory(
        name="2025-2026",
        start_date=datetime.date(2025, 9, 4),
        end_date=datetime.date(2026, 6, 23),
        is_current=False,
    )


def offering(school_year, name="Self as Core", cohort="", **kwargs):
    return OfferingFactory(program=equity_program(name), school_year=school_year, cohort=cohort, **kwargs)


def enroll(person, *offerings, status=EnrollmentStatus.ENROLLED):
    for each in offerings:
        EnrollmentFactory(person=person, offering=each, status=status)
    return person


def statuses(school_year, **filters) -> dict[str, tuple[str, int]]:
    """last name -> (status, counted enrollments), for everyone the report lists with `filters`."""
    data = QueryDict(mutable=True)
    data.update({"school_year": school_year.pk, "status": equity.EVERYONE, **filters})
    people = equity.EquityFilter(data, queryset=equity.Person.objects.all()).qs
    return {p.last_name: (p.equity_status, p.equity_count) for p in people}


def test_it_counts_none_one_and_more(school_year):
    first, second = offering(school_year), offering(school_year, "Micro Disruptions")
    PersonFactory(last_name="Nobody")
    enroll(PersonFactory(last_name="Once"), first)
    enroll(PersonFactory(last_name="Twice"), first, second)

    assert statuses(school_year) == {
        "Nobody": ("none", 0),
        "Once": ("one", 1),
        "Twice": ("more", 2),
    }


def test_completed_counts(school_year):
    enroll(PersonFactory(last_name="Done"), offering(school_year), status=EnrollmentStatus.COMPLETED)

    assert statuses(school_year)["Done"] == ("one", 1)


@pytest.mark.parametrize(
    "status", [EnrollmentStatus.INVITED, EnrollmentStatus.WAITLISTED, EnrollmentStatus.WITHDRAWN]
)
def test_it_does_not_count_people_who_do_not_take_part(school_year, status):
    enroll(PersonFactory(last_name="Waiting"), offering(school_year), status=status)

    assert statuses(school_year)["Waiting"] == ("none", 0)


def test_a_waitlisted_place_beside_an_enrolled_one_keeps_a_person_compliant(school_year):
    person = enroll(PersonFactory(last_name="Keen"), offering(school_year))
    enroll(person, offering(school_year, "Equity Leadership Think Tank"), status=EnrollmentStatus.WAITLISTED)

    assert statuses(school_year)["Keen"] == ("one", 1)


def test_other_years_do_not_count(school_year, last_year):
    veteran = PersonFactory(last_name="Lastyear", role_start_date=datetime.date(2019, 8, 1))
    enroll(veteran, offering(last_year))

    assert statuses(school_year)["Lastyear"] == ("none", 0)
    assert statuses(last_year)["Lastyear"] == ("one", 1)


def test_offerings_outside_the_equity_track_do_not_count(school_year):
    conference = OfferingFactory(
        program=ProgramFactory(name="Leadership Conference"), school_year=school_year
    )
    enroll(PersonFactory(last_name="Conference"), conference)

    assert statuses(school_year)["Conference"] == ("none", 0)


def test_it_includes_heads_of_school_and_assistant_principals(school_year):
    PersonFactory(last_name="Head", position=Position.HEAD_OF_SCHOOL, school__level=SchoolLevel.HIGH)
    PersonFactory(last_name="Assistant", position=Position.ASSISTANT_PRINCIPAL)

    assert set(statuses(school_year)) == {"Head", "Assistant"}


@pytest.mark.parametrize("position", [Position.TEACHER_LEADER, Position.ADMIN_TEAM_MEMBER])
def test_it_leaves_out_other_school_staff(school_year, position):
    PersonFactory(last_name="Other", position=position)

    assert statuses(school_year) == {}


def test_it_leaves_out_central_office_and_people_who_left(school_year):
    PersonFactory(last_name="Central", position=Position.CENTRAL_OFFICE, school=None)
    PersonFactory(last_name="Gone", is_active=False)

    assert statuses(school_year) == {}


def test_it_leaves_out_people_whose_role_starts_after_the_year(school_year, last_year):
    PersonFactory(last_name="New", role_start_date=datetime.date(2026, 8, 1))

    assert "New" in statuses(school_year)
    assert "New" not in statuses(last_year)


def test_it_defaults_to_the_current_year_and_to_who_needs_attention(school_year, last_year):
    self_as_core, macro = offering(school_year), offering(school_year, "Macro Disruptions")
    enroll(PersonFactory(last_name="Once"), self_as_core)
    PersonFactory(last_name="Nobody")
    enroll(PersonFactory(last_name="Twice"), self_as_core, macro)

    report_filter = equity.EquityFilter(QueryDict(), queryset=equity.Person.objects.all())

    assert report_filter.chosen_year == school_year
    assert [p.last_name for p in report_filter.qs] == ["Nobody", "Twice"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [("none", ["Nobody"]), ("one", ["Once"]), ("more", ["Twice"]), ("all", ["Nobody", "Twice", "Once"])],
)
def test_it_filters_by_status(school_year, status, expected):
    self_as_core, macro = offering(school_year), offering(school_year, "Macro Disruptions")
    enroll(PersonFactory(last_name="Once"), self_as_core)
    PersonFactory(last_name="Nobody")
    enroll(PersonFactory(last_name="Twice"), self_as_core, macro)

    assert list(statuses(school_year, status=status)) == expected


def test_it_filters_by_network_level_position_and_name(school_year):
    north = NetworkFactory(name="North")
    high = SchoolFactory(level=SchoolLevel.HIGH, network=north)
    PersonFactory(last_name="Ng", first_name="Mai", school=high, position=Position.HEAD_OF_SCHOOL)
    PersonFactory(last_name="Ortiz", school=high, position=Position.ASSISTANT_PRINCIPAL)
    PersonFactory(last_name="Park", school__level=SchoolLevel.ELEMENTARY)

    assert set(statuses(school_year, network=north.pk)) == {"Ng", "Ortiz"}
    assert set(statuses(school_year, level=SchoolLevel.ELEMENTARY)) == {"Park"}
    assert set(statuses(school_year, position=Position.ASSISTANT_PRINCIPAL)) == {"Ortiz"}
    assert set(statuses(school_year, q="mai ng")) == {"Ng"}


def test_the_report_lists_offerings_and_what_did_not_count(school_year):
    self_as_core, tank = offering(school_year), offering(school_year, "Equity Leadership Think Tank")
    person = enroll(PersonFactory(last_name="Keen"), self_as_core)
    enroll(person, tank, status=EnrollmentStatus.WAITLISTED)
    PersonFactory(last_name="Nobody")

    report = equity.compliance_report(
        equity.EquityFilter(QueryDict("status=all"), queryset=equity.Person.objects.all())
    )

    assert [(g.status, len(g.rows)) for g in report.groups] == [("none", 1), ("more", 0), ("one", 1)]
    row = report.groups[2].rows[0]
    assert [e.offering for e in row.counted] == [self_as_core]
    assert [(e.offering, e.status) for e in row.not_counted] == [(tank, EnrollmentStatus.WAITLISTED)]
    assert (report.summary.none, report.summary.one, report.summary.more) == (1, 1, 0)
    counts = {c.offering: (c.enrolled, c.waitlisted, c.invited) for c in report.offerings}
    assert counts == {self_as_core: (1, 0, 0), tank: (0, 1, 0)}


def test_the_summary_counts_every_status_whatever_the_status_filter(school_year):
    enroll(PersonFactory(last_name="Once"), offering(school_year))
    PersonFactory(last_name="Nobody")

    report = equity.compliance_report(
        equity.EquityFilter(QueryDict("status=none"), queryset=equity.Person.objects.all())
    )

    assert [g.status for g in report.groups] == ["none"]
    assert (report.summary.none, report.summary.one, report.summary.more) == (1, 1, 0)


def test_without_a_school_year_it_reports_nobody(db):
    PersonFactory()

    report_filter = equity.EquityFilter(QueryDict(), queryset=equity.Person.objects.all())

    assert report_filter.chosen_year is None
    assert list(report_filter.qs) == []
    assert equity.compliance_report(report_filter).groups == []
