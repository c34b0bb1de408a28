"""The mentor pool's write workflows: joining the pool, status moves with history, ending mentorships."""

import datetime

import pytest

from competencies.models import Competency
from leaderdev.errors import DomainError
from mentoring.models import MentorshipStatus, MentorSource, MentorStatus, MentorStatusChange
from mentoring.services.pool import (
    add_to_pool,
    allowed_moves,
    check_capacity,
    end_mentorship,
    move_mentor,
    move_mentors,
)
from tests.factories.mentoring import MentorFactory, MentorshipFactory, VeteranFactory

pytestmark = pytest.mark.django_db

S = MentorStatus


def history(mentor) -> list[tuple[str, str]]:
    return list(
        MentorStatusChange.objects.filter(mentor=mentor)
        .order_by("changed_at", "pk")
        .values_list("from_status", "to_status")
    )


# --- add_to_pool ----------------------------------------------------------------------------------------


def test_it_adds_a_nominated_mentor_with_the_first_status_in_history(school_year, program_staff):
    person = VeteranFactory()
    mentor = add_to_pool(
        person,
        school_year,
        source=MentorSource.NOMINATED,
        nominated_by="Network superintendent",
        capacity=2,
        user=program_staff,
    )
    mentor.refresh_from_db()
    assert (mentor.status, mentor.capacity, mentor.nominated_by) == (S.NOMINATED, 2, "Network superintendent")
    change = MentorStatusChange.objects.get(mentor=mentor)
    assert (change.from_status, change.to_status, change.changed_by) == ("", S.NOMINATED, program_staff)
    assert "Network superintendent" in change.reason


def test_an_applicant_starts_as_applied(school_year):
    mentor = add_to_pool(VeteranFactory(), school_year, source=MentorSource.APPLIED)
    assert mentor.status == S.APPLIED
    assert history(mentor) == [("", S.APPLIED)]


def test_it_keeps_strengths_and_languages(school_year):
    strengths = list(Competency.objects.all()[:2])
    mentor = add_to_pool(VeteranFactory(), school_year, strengths=strengths, languages=["es", "en"])
    mentor.refresh_from_db()
    assert set(mentor.strengths.all()) == set(strengths)
    assert mentor.languages == ["es", "en"]


def test_it_refuses_someone_already_in_that_years_pool(school_year):
    mentor = MentorFactory(school_year=school_year)
    with pytest.raises(DomainError, match="already in the 2026-2027 mentor pool"):
        add_to_pool(mentor.person, school_year)
    assert mentor.person.mentor_terms.count() == 1


def test_it_refuses_someone_who_left_the_district(school_year):
    person = VeteranFactory(is_active=False)
    with pytest.raises(DomainError, match="left the district"):
        add_to_pool(person, school_year)
    assert not person.mentor_terms.exists()


def test_it_refuses_an_unknown_language(school_year):
    person = VeteranFactory()
    with pytest.raises(DomainError, match="languages"):
        add_to_pool(person, school_year, languages=["klingon"])
    assert not person.mentor_terms.exists()


def test_it_refuses_a_capacity_over_six(school_year):
    person = VeteranFactory()
    with pytest.raises(DomainError):
        add_to_pool(person, school_year, capacity=7)
    assert not person.mentor_terms.exists()


# --- move_mentor ----------------------------------------------------------------------------------------


def test_it_moves_along_the_transitions_and_writes_each_move(school_year, program_staff):
    mentor = add_to_pool(VeteranFactory(), school_year)
    move_mentor(mentor, S.SCREENING, user=program_staff, reason="Strong nomination")
    move_mentor(mentor, S.SELECTED, user=program_staff, reason="Interview went well")
    mentor.refresh_from_db()
    assert mentor.status == S.SELECTED
    assert history(mentor) == [("", S.NOMINATED), (S.NOMINATED, S.SCREENING), (S.SCREENING, S.SELECTED)]
    last = MentorStatusChange.objects.filter(mentor=mentor).first()  # newest first
    assert (last.reason, last.changed_by) == ("Interview went well", program_staff)


def test_it_refuses_a_move_the_table_does_not_allow_and_names_the_allowed_ones(school_year):
    mentor = MentorFactory(school_year=school_year, status=S.NOMINATED)
    with pytest.raises(DomainError) as refused:
        move_mentor(mentor, S.SELECTED)
    message = str(refused.value)
    assert "not to “selected”" in message
    assert "“screening”" in message and "“withdrawn”" in message
    mentor.refresh_from_db()
    assert mentor.status == S.NOMINATED
    assert not MentorStatusChange.objects.filter(mentor=mentor).exists()


def test_it_refuses_a_move_to_the_same_status(school_year):
    mentor = MentorFactory(school_year=school_year, status=S.SCREENING)
    with pytest.raises(DomainError, match="already screening"):
        move_mentor(mentor, S.SCREENING)


def test_it_refuses_an_unknown_status(school_year):
    mentor = MentorFactory(school_year=school_year, status=S.SCREENING)
    with pytest.raises(DomainError, match="not a mentor status"):
        move_mentor(mentor, "retired")


def test_a_selected_mentor_with_mentees_cannot_withdraw(school_year):
    mentorship = MentorshipFactory(school_year=school_year)
    mentor = mentorship.mentor
    with pytest.raises(DomainError, match="End that mentorship first") as refused:
        move_mentor(mentor, S.WITHDRAWN)
    assert mentorship.mentee.full_name in str(refused.value)
    mentor.refresh_from_db()
    assert mentor.status == S.SELECTED


def test_a_selected_mentor_can_withdraw_once_their_mentorships_ended(school_year):
    mentorship = MentorshipFactory(school_year=school_year)
    end_mentorship(mentorship, ended_on=datetime.date(2026, 10, 1), reason="Moved schools")
    move_mentor(mentorship.mentor, S.WITHDRAWN, reason="Took a central office role")
    mentorship.mentor.refresh_from_db()
    assert mentorship.mentor.status == S.WITHDRAWN


def test_a_withdrawn_mentor_can_be_screened_again(school_year):
    mentor = MentorFactory(school_year=school_year, status=S.WITHDRAWN)
    move_mentor(mentor, S.SCREENING)
    mentor.refresh_from_db()
    assert mentor.status == S.SCREENING


def test_allowed_moves_follow_the_table_in_the_pools_order():
    assert allowed_moves(S.SCREENING) == [S.SELECTED, S.NOT_SELECTED, S.WITHDRAWN]
    assert allowed_moves(S.SELECTED) == [S.WITHDRAWN]
    assert allowed_moves(S.NOT_SELECTED) == [S.SCREENING]


def test_move_mentors_moves_who_it_can_and_reports_the_rest(school_year):
    nominated = MentorFactory(school_year=school_year, status=S.NOMINATED)
    selected = MentorFactory(school_year=school_year, status=S.SELECTED)
    report = move_mentors([nominated, selected], S.SCREENING, reason="Round two")
    nominated.refresh_from_db()
    selected.refresh_from_db()
    assert (nominated.status, selected.status) == (S.SCREENING, S.SELECTED)
    assert report.moved == [nominated]
    assert len(report.refused) == 1 and selected.person.full_name in report.refused[0]


# --- capacity and ending mentorships --------------------------------------------------------------------


def test_capacity_cannot_drop_below_mentees_taken(school_year):
    mentor = MentorFactory(school_year=school_year, capacity=2)
    MentorshipFactory(school_year=school_year, mentor=mentor)
    MentorshipFactory(school_year=school_year, mentor=mentor)
    with pytest.raises(DomainError, match="cannot be lower than 2"):
        check_capacity(mentor, 1)
    check_capacity(mentor, 2)  # no error


def test_end_mentorship_ends_it_and_frees_the_place(school_year):
    mentorship = MentorshipFactory(school_year=school_year)
    end_mentorship(mentorship, ended_on=datetime.date(2026, 11, 2), reason="Mentee left the district")
    mentorship.refresh_from_db()
    assert mentorship.status == MentorshipStatus.ENDED
    assert mentorship.ended_on == datetime.date(2026, 11, 2)
    assert mentorship.end_reason == "Mentee left the district"


def test_end_mentorship_refuses_an_ended_one(school_year):
    mentorship = MentorshipFactory(school_year=school_year, status=MentorshipStatus.ENDED)
    with pytest.raises(DomainError, match="already ended"):
        end_mentorship(mentorship)


def test_end_mentorship_refuses_a_day_before_it_started(school_year):
    mentorship = MentorshipFactory(school_year=school_year, started_on=datetime.date(2026, 9, 15))
    with pytest.raises(DomainError, match="cannot end before"):
        end_mentorship(mentorship, ended_on=datetime.date(2026, 9, 1))
    mentorship.refresh_from_db()
    assert mentorship.status == MentorshipStatus.ACTIVE
