"""How far a Call-to-Action plan has come, and the rules of its writes (programs.services.cta)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from leaderdev.errors import DomainError
from programs.models import CallToActionPlan, CheckIn, GoalAction, GoalTarget, PlanStatus, Program, StepStatus
from programs.services import cta
from programs.services.cta import PlanHealth, TargetStatus
from tests.factories import SchoolFactory
from tests.factories.programs import SessionFactory
from tests.factories.teams import (
    CallToActionPlanFactory,
    GoalActionFactory,
    GoalTargetFactory,
    StrategicGoalFactory,
)

START = datetime.date(2026, 9, 1)
DUE = datetime.date(2027, 6, 1)  # 273 days after START
HALFWAY = START + datetime.timedelta(days=136)  # the calendar is half the way


def _progress(latest, *, baseline="40", target="60", today=HALFWAY):
    return cta.target_progress(
        baseline=Decimal(baseline),
        target=Decimal(target),
        due_date=DUE,
        start=START,
        latest=None if latest is None else Decimal(latest),
        latest_on=today,
        today=today,
    )


# --- Progress ---------------------------------------------------------------------------------------


def test_a_target_reached_is_met():
    progress = _progress("61")
    assert progress.status == TargetStatus.MET
    assert progress.percent == 100


def test_a_target_keeping_up_with_the_calendar_is_on_track():
    progress = _progress("49")  # 45% of the way when 50% of the year has gone: within the slack
    assert progress.status == TargetStatus.ON_TRACK
    assert progress.percent == 45
    assert progress.expected_percent == 50


def test_a_target_lagging_the_calendar_is_behind():
    progress = _progress("46")  # 30% of the way at half time
    assert progress.status == TargetStatus.BEHIND
    assert progress.percent == 30


def test_a_target_without_a_check_in_has_no_data():
    progress = _progress(None)
    assert progress.status == TargetStatus.NO_DATA
    assert progress.percent is None


def test_a_target_pointing_down_measures_the_way_down():
    # Chronic absence from 18% to 12%: 15% is half the way, 11% is past the target.
    assert _progress("15", baseline="18", target="12").percent == 50
    assert _progress("15", baseline="18", target="12").status == TargetStatus.ON_TRACK
    assert _progress("11", baseline="18", target="12").status == TargetStatus.MET
    going_the_wrong_way = _progress("20", baseline="18", target="12")
    assert going_the_wrong_way.percent == 0
    assert going_the_wrong_way.status == TargetStatus.BEHIND


def test_the_plan_health_is_its_worst_target():
    met, on_track, behind, no_data = _progress("61"), _progress("49"), _progress("46"), _progress(None)
    assert cta.plan_health(PlanStatus.ADOPTED, [met, on_track, behind, no_data]) == PlanHealth.BEHIND
    assert cta.plan_health(PlanStatus.ADOPTED, [met, on_track, no_data]) == PlanHealth.NO_DATA
    assert cta.plan_health(PlanStatus.ADOPTED, [met, on_track]) == PlanHealth.ON_TRACK
    assert cta.plan_health(PlanStatus.ADOPTED, [met]) == PlanHealth.MET
    assert cta.plan_health(PlanStatus.DRAFT, [behind]) == PlanHealth.DRAFT
    assert cta.plan_health(None, []) == PlanHealth.NO_PLAN


def test_the_plan_percent_is_the_mean_of_the_measured_targets():
    # 100% and 30% measured; the target with no check-in does not pull the mean down.
    assert cta.plan_percent([_progress("61"), _progress("46"), _progress(None)]) == 65
    assert cta.plan_percent([_progress(None)]) is None


# --- Drafting, adopting, reviewing, closing ---------------------------------------------------------


@pytest.fixture
def summer_session(school_year):
    return SessionFactory(
        offering__program=Program.objects.get(name="Summer Institute"), offering__school_year=school_year
    )


@pytest.fixture
def winter_session(school_year):
    return SessionFactory(
        offering__program=Program.objects.get(name="Winter Institute"), offering__school_year=school_year
    )


@pytest.mark.django_db
def test_it_drafts_one_plan_per_school_and_year(school_year, summer_session):
    school = SchoolFactory()
    plan = cta.draft_plan(school, school_year, vision="Every student a reader.", drafted_at=summer_session)
    plan.refresh_from_db()
    assert (plan.status, plan.drafted_at) == (PlanStatus.DRAFT, summer_session)
    assert plan.vision == "Every student a reader."
    with pytest.raises(DomainError, match="already has a Call-to-Action plan"):
        cta.draft_plan(school, school_year)
    assert CallToActionPlan.objects.filter(school=school).count() == 1


@pytest.mark.django_db
def test_a_plan_is_drafted_at_the_summer_institute_and_reviewed_at_the_winter_one(
    school_year, summer_session, winter_session
):
    school = SchoolFactory()
    with pytest.raises(DomainError, match="Summer Institute"):
        cta.draft_plan(school, school_year, drafted_at=winter_session)
    with pytest.raises(DomainError, match="Summer Institute"):
        cta.draft_plan(school, school_year, drafted_at=SessionFactory(offering__school_year=school_year))
    plan = CallToActionPlanFactory(school=school, school_year=school_year)
    with pytest.raises(DomainError, match="Winter Institute"):
        cta.review_plan(plan, notes="Half-way", reviewed_at=summer_session)
    cta.review_plan(plan, notes="Reading is up; attendance lags.", reviewed_at=winter_session)
    plan.refresh_from_db()
    assert plan.reviewed_at == winter_session
    assert plan.reviewed_on == timezone.localdate(winter_session.starts_at)
    assert plan.review_notes == "Reading is up; attendance lags."


@pytest.mark.django_db
def test_adopting_needs_a_measurable_target(school_year):
    plan = CallToActionPlanFactory(school_year=school_year, status=PlanStatus.DRAFT)
    goal = StrategicGoalFactory(plan=plan)
    with pytest.raises(DomainError, match="at least one goal with a measurable target"):
        cta.adopt_plan(plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    GoalTargetFactory(goal=goal)
    cta.adopt_plan(plan, on_date=datetime.date(2026, 9, 10))
    plan.refresh_from_db()
    assert (plan.status, plan.adopted_on) == (PlanStatus.ADOPTED, datetime.date(2026, 9, 10))
    with pytest.raises(DomainError, match="not a draft"):
        cta.adopt_plan(plan)


@pytest.mark.django_db
def test_a_closed_plan_takes_no_more_changes(school_year):
    target = GoalTargetFactory(goal__plan__school_year=school_year)
    plan = target.goal.plan
    cta.close_plan(plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED
    with pytest.raises(DomainError, match="closed"):
        cta.save_part(target, measure="Changed")
    with pytest.raises(DomainError, match="closed"):
        cta.save_vision(plan, "New vision")
    with pytest.raises(DomainError, match="adopted plan"):
        cta.record_check_in(target, value=Decimal("50"), checked_on=timezone.localdate())
    with pytest.raises(DomainError, match="Only an adopted plan"):
        cta.close_plan(plan)
    target.refresh_from_db()
    assert target.measure != "Changed"


@pytest.mark.django_db
def test_an_adopted_plan_keeps_a_target(school_year):
    target = GoalTargetFactory(goal__plan__school_year=school_year)
    with pytest.raises(DomainError, match="at least one measurable target"):
        cta.remove_part(target)
    with pytest.raises(DomainError, match="at least one measurable target"):
        cta.remove_part(target.goal)
    second = GoalTargetFactory(goal=StrategicGoalFactory(plan=target.goal.plan))
    cta.remove_part(target.goal)
    assert list(GoalTarget.objects.filter(goal__plan=second.goal.plan)) == [second]


@pytest.mark.django_db
def test_a_target_differs_from_its_baseline(school_year):
    goal = StrategicGoalFactory(plan__school_year=school_year)
    with pytest.raises(DomainError, match="differ from its baseline"):
        cta.save_part(
            GoalTarget(goal=goal),
            measure="Reading",
            baseline=Decimal("40"),
            target=Decimal("40"),
            due_date=DUE,
        )
    assert not GoalTarget.objects.filter(goal=goal).exists()


# --- Check-ins and actions --------------------------------------------------------------------------


@pytest.mark.django_db
def test_check_ins_are_on_adopted_plans_and_not_in_the_future(school_year):
    today = timezone.localdate()
    draft_target = GoalTargetFactory(goal__plan__school_year=school_year, goal__plan__status=PlanStatus.DRAFT)
    with pytest.raises(DomainError, match="adopted plan"):
        cta.record_check_in(draft_target, value=Decimal("45"), checked_on=today)
    target = GoalTargetFactory(goal__plan__school_year=school_year)
    with pytest.raises(DomainError, match="future"):
        cta.record_check_in(target, value=Decimal("45"), checked_on=today + datetime.timedelta(days=1))
    assert not CheckIn.objects.exists()
    cta.record_check_in(target, value=Decimal("45"), checked_on=today, note=" first ")
    cta.record_check_in(target, value=Decimal("47"), checked_on=today, note="corrected")
    check_in = CheckIn.objects.get(target=target)
    assert (check_in.value, check_in.note) == (Decimal("47"), "corrected")


@pytest.mark.django_db
def test_an_action_records_the_day_it_is_done(school_year):
    action = GoalActionFactory(goal__plan__school_year=school_year)
    cta.set_action_status(action, StepStatus.DONE, on_date=datetime.date(2026, 11, 2))
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (StepStatus.DONE, datetime.date(2026, 11, 2))
    cta.set_action_status(action, StepStatus.IN_PROGRESS)
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (StepStatus.IN_PROGRESS, None)
    with pytest.raises(DomainError, match="Unknown status"):
        cta.set_action_status(action, "finished")
    assert GoalAction.objects.get(pk=action.pk).status == StepStatus.IN_PROGRESS
