"""Recruitment's reminders: overdue reference checks to the staff member responsible, and scorecards not
submitted after the interview to the panelist."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from leaderdev.models import Notification
from leaderdev.notifications import services
from leaderdev.permissions import Role
from recruitment.models import ReferenceCheck, ReferenceStatus, Stage
from recruitment.reminders import REFERENCE_CHECK_DAYS, references_overdue, scorecards_not_submitted
from tests.factories import UserFactory
from tests.factories.recruitment import (
    ContactAttemptFactory,
    InterviewFactory,
    ReferenceCheckFactory,
    ScorecardFactory,
)

pytestmark = pytest.mark.django_db

ADDED = datetime.date(2026, 11, 2)
OVERDUE = ADDED + datetime.timedelta(days=REFERENCE_CHECK_DAYS)
INTERVIEWED = datetime.date(2026, 11, 2)
DAY_AFTER = INTERVIEWED + datetime.timedelta(days=1)


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_default_timezone())


def plan(kind, today, capture):
    with capture(execute=True):
        return services.plan(kind, today)


@pytest.fixture
def staff(make_user):
    return make_user(Role.RECRUITMENT_STAFF)


def reference(added_by, *, added_on=ADDED, **kwargs) -> ReferenceCheck:
    """A reference check added by `added_by` (as the audit history records it) late on `added_on`."""
    check = ReferenceCheckFactory(**kwargs)
    ReferenceCheck.objects.filter(pk=check.pk).update(created_at=at(added_on, 22))
    check.history.filter(history_type="+").update(history_user=added_by)
    return check


# --- Reference checks --------------------------------------------------------------------------------


def test_it_finds_an_open_check_to_whoever_added_it(staff):
    check = reference(staff)
    assert list(references_overdue(OVERDUE)) == [(staff.pk, check.pk, OVERDUE)]


def test_it_is_not_overdue_the_day_before(staff):
    reference(staff)
    assert list(references_overdue(OVERDUE - datetime.timedelta(days=1))) == []


def test_the_due_date_stays_the_day_it_became_overdue(staff):
    reference(staff)
    assert [due for _, _, due in references_overdue(OVERDUE + datetime.timedelta(days=5))] == [OVERDUE]


def test_whoever_last_tried_the_referee_is_responsible_before_whoever_added_it(staff, make_user):
    caller = make_user(Role.RECRUITMENT_STAFF)
    check = reference(staff, status=ReferenceStatus.IN_PROGRESS)
    ContactAttemptFactory(reference=check, by=staff, at=at(ADDED, 23))
    ContactAttemptFactory(reference=check, by=caller, at=at(OVERDUE, 8))
    assert [row[0] for row in references_overdue(OVERDUE)] == [caller.pk]


def test_whoever_recorded_the_answers_is_responsible_first(staff, make_user):
    checker, caller = make_user(Role.RECRUITMENT_STAFF), make_user(Role.RECRUITMENT_STAFF)
    check = reference(staff, status=ReferenceStatus.IN_PROGRESS, checked_by=checker)
    ContactAttemptFactory(reference=check, by=caller)
    assert [row[0] for row in references_overdue(OVERDUE)] == [checker.pk]


def test_it_skips_closed_checks_and_closed_applications(staff):
    reference(staff, status=ReferenceStatus.COMPLETED)
    reference(staff, status=ReferenceStatus.DECLINED)
    reference(staff, application__stage=Stage.REJECTED)
    assert list(references_overdue(OVERDUE)) == []


def test_it_skips_checks_whose_responsible_cannot_sign_in_or_is_unknown():
    reference(UserFactory(is_active=False))
    reference(None)
    assert list(references_overdue(OVERDUE)) == []


def test_planning_twice_sends_one_email_about_the_check(staff, django_capture_on_commit_callbacks):
    check = reference(staff)
    plan("reference_check_overdue", OVERDUE, django_capture_on_commit_callbacks)
    plan("reference_check_overdue", OVERDUE + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    assert Notification.objects.filter(kind="reference_check_overdue").count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff.email]
    assert check.referee_name in message.subject
    assert check.application.candidate.full_name in message.subject
    assert "not contacted yet" in message.body
    assert f"/recruitment/references/{check.pk}/" in message.body


def test_staff_who_opted_out_get_no_reference_reminder(staff, django_capture_on_commit_callbacks):
    reference(staff)
    services.set_preferences(staff, [])
    result = plan("reference_check_overdue", OVERDUE, django_capture_on_commit_callbacks)
    assert (result.due, result.opted_out) == (1, 1)
    assert mail.outbox == []


def test_finding_overdue_references_is_one_query(staff, django_assert_max_num_queries):
    for _ in range(3):
        ContactAttemptFactory(reference=reference(staff), by=staff)
    with django_assert_max_num_queries(1):
        assert len(list(references_overdue(OVERDUE))) == 3


# --- Scorecards --------------------------------------------------------------------------------------


def scorecard(**kwargs):
    interview = InterviewFactory(scheduled_at=at(INTERVIEWED, 16), **kwargs)
    return ScorecardFactory(interview=interview)


def test_it_finds_an_unsubmitted_scorecard_the_day_after_the_interview():
    card = scorecard()
    assert list(scorecards_not_submitted(DAY_AFTER)) == [(card.panelist_id, card.pk, DAY_AFTER)]
    later = DAY_AFTER + datetime.timedelta(days=3)
    assert list(scorecards_not_submitted(later)) == [(card.panelist_id, card.pk, DAY_AFTER)]


def test_it_waits_until_the_interview_day_is_over():
    scorecard()
    assert list(scorecards_not_submitted(INTERVIEWED)) == []


def test_it_skips_submitted_scorecards_closed_applications_and_inactive_panelists():
    submitted = scorecard()
    submitted.submitted_at = timezone.now()
    submitted.save()
    scorecard(application__stage=Stage.WITHDRAWN)
    ScorecardFactory(interview=InterviewFactory(scheduled_at=at(INTERVIEWED, 9)), panelist__is_active=False)
    assert list(scorecards_not_submitted(DAY_AFTER)) == []


def test_planning_twice_sends_one_email_about_the_scorecard(django_capture_on_commit_callbacks):
    card = scorecard(application__candidate__last_name="O'Brien")
    plan("scorecard_not_submitted", DAY_AFTER, django_capture_on_commit_callbacks)
    plan("scorecard_not_submitted", DAY_AFTER, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [card.panelist.email]
    assert card.interview.application.candidate.full_name in message.subject  # not O&#x27;Brien
    assert f"interview of {card.interview.application.candidate.full_name} " in message.body
    assert "Monday, November 2" in message.body
    assert f"/recruitment/interviews/{card.interview_id}/scorecard/" in message.body


def test_panelists_who_opted_out_get_no_scorecard_reminder(django_capture_on_commit_callbacks):
    card = scorecard()
    services.set_preferences(card.panelist, ["reference_check_overdue"])
    result = plan("scorecard_not_submitted", DAY_AFTER, django_capture_on_commit_callbacks)
    assert (result.due, result.opted_out) == (1, 1)
    assert mail.outbox == []


def test_finding_unsubmitted_scorecards_is_one_query(django_assert_max_num_queries):
    for _ in range(3):
        scorecard()
    with django_assert_max_num_queries(1):
        assert len(list(scorecards_not_submitted(DAY_AFTER))) == 3
