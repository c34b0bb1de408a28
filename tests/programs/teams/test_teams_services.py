"""programs.services.teams: membership history, initiatives and steps, adjustments and roll-ups."""

import datetime

import pytest

from leaderdev.errors import DomainError
from leaderdev.models import LeadershipTier
from programs.models import MonitoringKind, MonitoringNote, StepStatus, TeamMembership
from programs.services import teams as services
from tests.factories import PersonFactory, SchoolFactory
from tests.factories.teams import (
    ActionStepFactory,
    InitiativeFactory,
    SchoolTeamFactory,
    TeamMembershipFactory,
)

pytestmark = pytest.mark.django_db

SEP_1 = datetime.date(2026, 9, 1)


def test_it_adds_a_member_in_their_tier(school_year):
    team = SchoolTeamFactory()
    person = PersonFactory(school=team.school, tier=LeadershipTier.LEAD_LEARNER)

    membership = services.add_member(team, person, start_date=SEP_1)

    membership.refresh_from_db()
    assert (membership.tier, membership.end_date) == (LeadershipTier.LEAD_LEARNER, None)


def test_it_refuses_double_membership():
    membership = TeamMembershipFactory()
    with pytest.raises(DomainError, match="already on"):
        services.add_member(membership.team, membership.person, start_date=SEP_1)


def test_it_refuses_a_spell_overlapping_an_earlier_one():
    membership = TeamMembershipFactory(
        start_date=datetime.date(2025, 9, 1), end_date=datetime.date(2026, 9, 30)
    )
    with pytest.raises(DomainError, match="start the new spell later"):
        services.add_member(membership.team, membership.person, start_date=SEP_1)
    later = services.add_member(membership.team, membership.person, start_date=datetime.date(2026, 10, 1))
    assert TeamMembership.objects.filter(person=membership.person).count() == 2
    assert later.end_date is None


def test_it_refuses_someone_from_another_school():
    team = SchoolTeamFactory()
    with pytest.raises(DomainError, match="works at"):
        services.add_member(team, PersonFactory(school=SchoolFactory()), start_date=SEP_1)


def test_it_ends_a_membership_and_keeps_it_as_history():
    membership = TeamMembershipFactory(start_date=datetime.date(2025, 9, 1))

    services.end_membership(membership, end_date=datetime.date(2026, 10, 2), reason=" Moved to Boston Latin ")

    membership.refresh_from_db()
    assert (membership.end_date, membership.end_reason) == (
        datetime.date(2026, 10, 2),
        "Moved to Boston Latin",
    )
    assert not membership.is_current
    with pytest.raises(DomainError, match="left this team"):
        services.end_membership(membership, end_date=datetime.date(2026, 10, 3))


def test_it_refuses_to_end_before_the_start():
    membership = TeamMembershipFactory(start_date=SEP_1)
    with pytest.raises(DomainError, match="before it starts"):
        services.end_membership(membership, end_date=datetime.date(2026, 8, 1))


def test_moving_up_a_tier_ends_one_spell_and_starts_the_next():
    membership = TeamMembershipFactory(tier=LeadershipTier.LEAD_LEARNER, start_date=datetime.date(2024, 9, 1))

    moved = services.change_tier(membership, tier=LeadershipTier.EMERGING_LEADER, on_date=SEP_1)

    membership.refresh_from_db()
    assert membership.end_date == datetime.date(2026, 8, 31)
    assert membership.end_reason == "Became an emerging leader"
    assert (moved.tier, moved.start_date, moved.end_date) == (LeadershipTier.EMERGING_LEADER, SEP_1, None)
    with pytest.raises(DomainError, match="no longer on"):
        services.change_tier(membership, tier=LeadershipTier.BUILDING_ADMINISTRATOR, on_date=SEP_1)


def test_it_refuses_a_move_to_the_same_tier_or_before_the_spell():
    membership = TeamMembershipFactory(tier=LeadershipTier.LEAD_LEARNER, start_date=SEP_1)
    with pytest.raises(DomainError, match="already a lead learner"):
        services.change_tier(membership, tier=LeadershipTier.LEAD_LEARNER, on_date=datetime.date(2026, 10, 1))
    with pytest.raises(DomainError, match="Choose a date after"):
        services.change_tier(membership, tier=LeadershipTier.EMERGING_LEADER, on_date=SEP_1)


def test_during_a_year_includes_who_left_during_it(school_year):
    team = SchoolTeamFactory()
    left_in_october = TeamMembershipFactory(team=team, end_date=datetime.date(2026, 10, 15))
    left_before = TeamMembershipFactory(
        team=team, start_date=datetime.date(2024, 9, 1), end_date=datetime.date(2026, 6, 30)
    )
    joins_later = TeamMembershipFactory(team=team, start_date=datetime.date(2027, 8, 1))
    current = TeamMembershipFactory(team=team)

    during = set(TeamMembership.objects.during(school_year))

    assert during == {left_in_october, current}
    assert left_before not in during and joins_later not in during


def test_it_starts_an_initiative_once_a_year(school_year):
    team = SchoolTeamFactory()
    initiative = services.start_initiative(team, school_year, title="Student work", focus="Why")
    with pytest.raises(DomainError, match="already has an initiative"):
        services.start_initiative(team, school_year, title="Again")
    services.edit_initiative(initiative, title="Looking at student work", success_measure="All teams")
    initiative.refresh_from_db()
    assert (initiative.title, initiative.focus, initiative.success_measure) == (
        "Looking at student work",
        "",
        "All teams",
    )


def test_it_adds_steps_owned_by_the_schools_staff():
    initiative = InitiativeFactory()
    owner = PersonFactory(school=initiative.team.school)

    first = services.add_step(initiative, tier=LeadershipTier.LEAD_LEARNER, description="Pilot", owner=owner)
    second = services.add_step(initiative, tier=LeadershipTier.LEAD_LEARNER, description="Share")

    assert (first.order, second.order, first.owner) == (1, 2, owner)
    with pytest.raises(DomainError, match="not on the staff"):
        services.add_step(
            initiative, tier=LeadershipTier.LEAD_LEARNER, description="X", owner=PersonFactory()
        )


def test_adjusting_a_step_writes_a_monitoring_note(make_user):
    step = ActionStepFactory(description="Pilot the protocol", due_date=datetime.date(2026, 12, 18))
    user = make_user()

    step, note = services.adjust_step(
        step, reason="Winter break came early.", by=user, due_date=datetime.date(2027, 1, 29)
    )

    step.refresh_from_db()
    assert step.due_date == datetime.date(2027, 1, 29)
    assert note.kind == MonitoringKind.ADJUSTMENT
    assert note.text == "Due: Dec 18, 2026 → Jan 29, 2027. Winter break came early."
    assert (note.step, note.author, note.initiative) == (step, user, step.initiative)


def test_an_adjustment_needs_a_reason_and_a_change():
    step = ActionStepFactory(description="Pilot")
    with pytest.raises(DomainError, match="Say why"):
        services.adjust_step(step, reason=" ", description="Pilot twice")
    _, note = services.adjust_step(step, reason="", description="Pilot")
    assert note is None
    assert not MonitoringNote.objects.exists()


def test_dropping_a_step_needs_a_note_and_records_an_adjustment():
    step = ActionStepFactory()
    with pytest.raises(DomainError, match="Say why"):
        services.set_step_status(step, StepStatus.DROPPED)

    services.set_step_status(step, StepStatus.DROPPED, note="Folded into the ILT's work.")

    step.refresh_from_db()
    assert step.status == StepStatus.DROPPED
    note = MonitoringNote.objects.get()
    assert note.kind == MonitoringKind.ADJUSTMENT
    assert note.text == "Not started → Dropped: Folded into the ILT's work."


def test_done_records_the_day():
    step = ActionStepFactory()
    services.set_step_status(step, StepStatus.DONE, on_date=datetime.date(2026, 11, 2))
    step.refresh_from_db()
    assert step.completed_on == datetime.date(2026, 11, 2)
    services.set_step_status(step, StepStatus.IN_PROGRESS)
    step.refresh_from_db()
    assert step.completed_on is None


def test_the_rollup_counts_per_tier_leaves_dropped_out_and_counts_overdue():
    today = datetime.date(2026, 11, 30)
    initiative = InitiativeFactory()
    el, ll = LeadershipTier.EMERGING_LEADER, LeadershipTier.LEAD_LEARNER
    ActionStepFactory(
        initiative=initiative, tier=el, status=StepStatus.DONE, due_date=datetime.date(2026, 10, 1)
    )
    ActionStepFactory(
        initiative=initiative, tier=el, status=StepStatus.IN_PROGRESS, due_date=datetime.date(2026, 11, 1)
    )
    ActionStepFactory(
        initiative=initiative, tier=el, status=StepStatus.DROPPED, due_date=datetime.date(2026, 1, 1)
    )
    ActionStepFactory(initiative=initiative, tier=ll, status=StepStatus.NOT_STARTED, due_date=None)
    ActionStepFactory(initiative=initiative, tier=ll, status=StepStatus.DONE)

    result = services.initiative_rollup(initiative.steps.all(), today)

    assert (result.overall.total, result.overall.done, result.overall.overdue) == (4, 2, 1)
    assert result.overall.percent_done == 50
    assert result.overall.dropped == 1
    emerging = result.by_tier[el]
    assert (emerging.total, emerging.done, emerging.overdue, emerging.percent_done) == (2, 1, 1, 50)
    assert result.by_tier[ll].overdue == 0
    assert result.by_tier[LeadershipTier.BUILDING_ADMINISTRATOR].percent_done is None
    assert list(result.by_tier) == LeadershipTier.values


def test_it_adds_a_note_on_a_step_of_the_initiative_only(make_user):
    step = ActionStepFactory()
    note = services.add_note(step.initiative, "Two teams used it.", step=step, by=make_user())
    assert (note.kind, note.step) == (MonitoringKind.OBSERVATION, step)
    with pytest.raises(DomainError, match="another initiative"):
        services.add_note(InitiativeFactory(), "x", step=step)
