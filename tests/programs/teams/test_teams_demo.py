"""seed_demo's school teams: support teams and the network@ login, each school's ILT and pipeline team with
history, this year's initiative and steps, Call-to-Action plans with check-ins, coaching and spotlights;
idempotent, consistent with the demo's "today", and leader@ is on their school's team."""

import datetime
import re
from io import StringIO

import pytest
from django.conf import global_settings
from django.core.management import call_command
from django.db.models import Count, F

from leaderdev.demo import DEMO_PASSWORD
from leaderdev.models import NetworkSupportMember, Person, School, User
from leaderdev.permissions import Role, visible_to
from programs.models import (
    ActionStep,
    CallToActionPlan,
    CheckIn,
    CoachingKind,
    CoachingSession,
    GoalAction,
    GoalTarget,
    Initiative,
    Institute,
    MonitoringKind,
    MonitoringNote,
    PlanStatus,
    SchoolTeam,
    Spotlight,
    StepStatus,
    StrategicGoal,
    TeamKind,
    TeamMembership,
)
from tests.demo_data import flush
from tests.login import log_in_with_the_form

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 25)
NETWORK_LOGIN = "network@leaderdev.example"
MODELS = (
    NetworkSupportMember,
    SchoolTeam,
    TeamMembership,
    Initiative,
    ActionStep,
    MonitoringNote,
    CallToActionPlan,
    StrategicGoal,
    GoalTarget,
    GoalAction,
    CheckIn,
    CoachingSession,
    Spotlight,
)


def seed_demo(**options) -> str:
    out = StringIO()
    call_command("seed_demo", allow_production=True, stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The small demo, seeded once for the module's read-only tests."""
    with django_db_blocker.unblock():
        flush()
        seed_demo(scale="small")
    yield
    with django_db_blocker.unblock():
        flush()


# --- Every kind of row, once --------------------------------------------------------------------------


def test_every_team_model_has_rows_at_the_small_scale(seeded):
    assert all(counts().values()), counts()


def test_seeding_twice_inserts_nothing(seeded):
    before = counts()
    output = seed_demo(scale="small")
    assert counts() == before
    assert re.search(r"school teams +0 created", output), output


def test_most_schools_have_both_teams(seeded):
    schools = School.objects.count()
    with_both = School.objects.annotate(n=Count("teams")).filter(n=2).count()
    assert schools * 0.5 <= with_both <= schools
    assert SchoolTeam.objects.filter(kind=TeamKind.ILT).count() == with_both


def test_teams_have_history_people_who_left_and_people_who_moved_up(seeded):
    ended = TeamMembership.objects.filter(end_date__isnull=False)
    assert ended.exists()
    assert ended.filter(end_reason="Moved up to emerging leader", tier="lead_learner").exists()
    moved = ended.filter(end_reason="Moved up to emerging leader").first()
    assert (
        TeamMembership.objects.current()
        .filter(team=moved.team, person=moved.person, tier="emerging_leader")
        .exists()
    )
    assert ended.exclude(end_reason="Moved up to emerging leader").exists()


def test_every_pipeline_team_has_all_three_tiers_between_them(seeded):
    tiers = set(
        TeamMembership.objects.current().filter(team__kind=TeamKind.PIPELINE).values_list("tier", flat=True)
    )
    assert tiers == {"building_administrator", "emerging_leader", "lead_learner"}


# --- Consistency --------------------------------------------------------------------------------------


def test_members_are_the_schools_own_staff(seeded):
    assert not TeamMembership.objects.exclude(person__school=F("team__school")).exists()
    assert (
        not ActionStep.objects.exclude(owner__isnull=True)
        .exclude(owner__school=F("initiative__team__school"))
        .exists()
    )


def test_completed_on_is_set_exactly_for_done_steps_and_never_after_today(seeded):
    assert not ActionStep.objects.filter(status=StepStatus.DONE, completed_on__isnull=True).exists()
    assert not ActionStep.objects.exclude(status=StepStatus.DONE).filter(completed_on__isnull=False).exists()
    assert not ActionStep.objects.filter(completed_on__gt=AS_OF).exists()
    assert not GoalAction.objects.filter(completed_on__gt=AS_OF).exists()
    # Nothing due after the demo's today is done yet, and steps due long ago are mostly done.
    past = ActionStep.objects.filter(due_date__lt=AS_OF)
    assert past.filter(status=StepStatus.DONE).count() > past.count() / 2
    assert past.filter(status=StepStatus.IN_PROGRESS).exists() or past.count() < 10


def test_each_dropped_step_has_an_adjustment_note(seeded):
    dropped = ActionStep.objects.filter(status=StepStatus.DROPPED)
    for step in dropped:
        assert step.notes.filter(kind=MonitoringKind.ADJUSTMENT).exists()


def test_initiatives_have_four_to_nine_steps_this_year(seeded):
    sizes = Initiative.objects.annotate(n=Count("steps")).values_list("n", "school_year__is_current")
    assert all(4 <= n <= 9 and current for n, current in sizes)


def test_adopted_plans_have_targets_and_check_ins_drafts_have_none(seeded):
    adopted = CallToActionPlan.objects.filter(status=PlanStatus.ADOPTED)
    assert adopted.exists()
    assert CallToActionPlan.objects.filter(status=PlanStatus.DRAFT).exists() or School.objects.count() < 10
    assert not adopted.filter(goals__targets__isnull=True).exists()
    assert not adopted.annotate(n=Count("goals__targets")).filter(n=0).exists()
    assert not CheckIn.objects.filter(target__goal__plan__status=PlanStatus.DRAFT).exists()
    assert GoalTarget.objects.filter(target__lt=F("baseline")).exists()  # some point down


def test_plans_were_drafted_at_the_summer_institute(seeded):
    plans = CallToActionPlan.objects.all()
    assert not plans.filter(drafted_at__isnull=True).exists()
    assert not plans.exclude(drafted_at__offering__program__institute=Institute.SUMMER).exists()
    # The Winter Institute (January) is still to come on the demo's today: no reviews yet.
    assert not plans.filter(reviewed_at__isnull=False).exists()


def test_coaching_is_team_and_individual_with_observations(seeded):
    assert CoachingSession.objects.filter(kind=CoachingKind.TEAM).exists()
    individual = CoachingSession.objects.filter(kind=CoachingKind.INDIVIDUAL)
    assert individual.filter(is_observation=True).exists()
    assert not individual.annotate(n=Count("participants")).exclude(n=1).exists()
    assert not CoachingSession.objects.filter(held_on__gte=AS_OF).exists()


def test_spotlights_show_a_host_schools_initiative(seeded):
    for spotlight in Spotlight.objects.select_related("initiative__team", "session"):
        assert spotlight.initiative.team.school_id == spotlight.school_id == spotlight.session.school_id
        assert spotlight.presenters.exists()


# --- The demo logins ------------------------------------------------------------------------------------


def test_leader_is_on_their_schools_team_and_owns_steps(seeded):
    person = Person.objects.get(user__email="leader@leaderdev.example")
    assert TeamMembership.objects.current().filter(person=person, team__school=person.school).exists()
    mine = ActionStep.objects.filter(owner=person, initiative__school_year__is_current=True)
    assert mine.count() >= 1
    assert mine.filter(due_date__gt=AS_OF).exists()
    assert CallToActionPlan.objects.filter(school=person.school, status=PlanStatus.ADOPTED).exists()


def test_each_network_has_two_or_three_support_staff(seeded):
    sizes = NetworkSupportMember.objects.values("network").annotate(n=Count("pk")).values_list("n", flat=True)
    assert sizes and all(2 <= n <= 3 for n in sizes)
    assert not NetworkSupportMember.objects.exclude(person__position="central_office").exists()
    assert NetworkSupportMember.objects.filter(title="Senior director").count() == len(sizes)


def test_the_network_login_signs_in_and_sees_only_its_networks(seeded, client, settings):
    # The module's demo was seeded before this test's fast MD5 hasher took over: check with the real one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    user = User.objects.get(email=NETWORK_LOGIN)
    assert user.groups.filter(name=Role.NETWORK_STAFF.group_name).exists()
    networks = set(
        NetworkSupportMember.objects.filter(person__user=user).values_list("network_id", flat=True)
    )
    assert networks
    seen = visible_to(user, SchoolTeam.objects.all())
    assert seen.exists()
    assert set(seen.values_list("school__network_id", flat=True)) <= networks
    assert seen.count() < SchoolTeam.objects.count()
    plans = visible_to(user, CallToActionPlan.objects.all())
    assert not plans.exclude(school__network__in=networks).exists()
    assert log_in_with_the_form(client, NETWORK_LOGIN, DEMO_PASSWORD)


def test_the_network_login_is_listed(seeded):
    output = seed_demo(scale="small")
    assert NETWORK_LOGIN in output
