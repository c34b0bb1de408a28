"""PD plans: the services, the progress numbers, my plan and a plan's page, role by role."""

import datetime

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from competencies.models import Competency, VersionStatus
from leaderdev import permissions
from leaderdev.errors import DomainError
from leaderdev.permissions import Role
from programs.models import AttendanceStatus, EnrollmentStatus, GoalStatus, PDPlan, PlanComment, PlanGoal
from programs.queries.attendance import AttendanceSummary, attendance_summary
from programs.queries.plans import plan_page
from programs.services import plans as services
from tests.factories import PersonFactory, SchoolYearFactory
from tests.factories.competencies import framework_with_content
from tests.factories.programs import (
    AttendanceFactory,
    EnrollmentFactory,
    OfferingFactory,
    PDPlanFactory,
    PlanCommentFactory,
    PlanGoalFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

MY_PLAN = reverse("programs:my_plan")


def days(n: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=n)


def session_at(offering, start, **kwargs):
    return SessionFactory(
        offering=offering, starts_at=start, ends_at=start + datetime.timedelta(hours=3), **kwargs
    )


def competency(version, code):
    return Competency.objects.by_code(version, code)


@pytest.fixture
def plan(leader, school_year):
    return PDPlanFactory(person=leader.person, school_year=school_year)


@pytest.fixture
def other_plan(school_year, framework_v4):
    plan = PDPlanFactory(person=PersonFactory(first_name="Ophelia"), school_year=school_year)
    PlanGoalFactory(plan=plan, competency=competency(framework_v4, "3.2"), goal="Private goal of Ophelia")
    return plan


@pytest.fixture
def coach(make_user):
    return make_user(Role.COACH, full_name="Cora Coach")


@pytest.fixture
def coach_rule(monkeypatch, coach):
    """Let the coach comment on (and see) the plans of people at the coach's schools: a stand-in for the
    rule the mentoring app will register."""

    def coaches_comment(user):
        return Q(school__staff__user=user) if user.pk == coach.pk else False

    def coaches_see(user):
        return Q(person__school__staff__user=user) if user.pk == coach.pk else False

    monkeypatch.setattr(services, "_commenter_rules", [*services._commenter_rules, coaches_comment])
    monkeypatch.setitem(permissions._rules, PDPlan, [*permissions._rules[PDPlan], coaches_see])
    return coach


# --- services ------------------------------------------------------------------------------------------


def test_it_creates_one_plan_per_person_and_year(leader, school_year):
    first = services.get_or_create_plan(leader.person, school_year)
    again = services.get_or_create_plan(leader.person, school_year)
    assert first.pk == again.pk
    assert PDPlan.objects.filter(person=leader.person).count() == 1


def test_it_adds_a_goal_on_an_active_competency(plan, leader, framework_v4):
    goal = services.add_goal(plan, competency(framework_v4, "2.1"), "  Listen to every team.  ", by=leader)
    goal.refresh_from_db()
    assert goal.plan == plan
    assert goal.competency.code == "2.1"
    assert goal.goal == "Listen to every team."
    assert goal.status == GoalStatus.NOT_STARTED


def test_it_accepts_a_retired_versions_competency(plan, leader):
    retired = framework_with_content(status=VersionStatus.RETIRED)
    goal = services.add_goal(plan, competency(retired, "1.2"), "Carried over.", by=leader)
    assert PlanGoal.objects.get(pk=goal.pk).competency.domain.version == retired


def test_it_refuses_a_draft_versions_competency(plan, leader):
    draft = framework_with_content(status=VersionStatus.DRAFT)
    with pytest.raises(DomainError, match="draft framework version"):
        services.add_goal(plan, competency(draft, "1.1"), "Too early.", by=leader)
    assert not plan.goals.exists()


def test_it_refuses_an_empty_goal(plan, leader, framework_v4):
    with pytest.raises(DomainError, match="Write the goal"):
        services.add_goal(plan, competency(framework_v4, "1.1"), "   ", by=leader)


def test_it_refuses_goals_from_another_leader(plan, make_user, framework_v4):
    other = make_user(Role.LEADER)
    PersonFactory(user=other)
    with pytest.raises(DomainError, match="Only the leader"):
        services.add_goal(plan, competency(framework_v4, "1.1"), "Not mine to add.", by=other)
    assert not plan.goals.exists()


def test_program_staff_may_change_a_plan(plan, program_staff, framework_v4):
    goal = services.add_goal(plan, competency(framework_v4, "1.1"), "Written with staff.", by=program_staff)
    services.update_goal_status(goal, GoalStatus.MET, by=program_staff)
    goal.refresh_from_db()
    assert goal.status == GoalStatus.MET


def test_it_refuses_an_unknown_goal_status(plan, leader, framework_v4):
    goal = PlanGoalFactory(plan=plan, competency=competency(framework_v4, "1.1"))
    with pytest.raises(DomainError, match="not a goal status"):
        services.update_goal_status(goal, "abandoned", by=leader)
    goal.refresh_from_db()
    assert goal.status == GoalStatus.IN_PROGRESS


def test_it_saves_the_reflection(plan, leader):
    services.save_reflection(plan, "  Learning to listen.  ", by=leader)
    plan.refresh_from_db()
    assert plan.reflection == "Learning to listen."


def test_program_staff_may_comment(plan, program_staff):
    comment = services.add_comment(plan, program_staff, "Strong goals.")
    assert PlanComment.objects.get(pk=comment.pk).author == program_staff


def test_the_leader_may_not_comment_on_their_own_plan(plan, leader):
    with pytest.raises(DomainError, match="may comment"):
        services.add_comment(plan, leader, "Talking to myself.")
    assert not plan.comments.exists()


def test_a_registered_rule_lets_a_coach_comment_on_their_leaders_only(plan, other_plan, coach_rule):
    PersonFactory(user=coach_rule, school=plan.person.school, position="central_office")
    assert services.can_comment(coach_rule, plan)
    assert not services.can_comment(coach_rule, other_plan)
    services.add_comment(plan, coach_rule, "Good progress on 2.1.")
    with pytest.raises(DomainError):
        services.add_comment(other_plan, coach_rule, "Not my leader.")
    assert plan.comments.count() == 1 and not other_plan.comments.exists()


def test_a_coach_without_a_rule_may_not_comment(plan, coach):
    assert not services.can_comment(coach, plan)


# --- progress ------------------------------------------------------------------------------------------


def test_plan_progress_counts_goals_and_attendance_per_offering(plan, school_year, framework_v4):
    person = plan.person
    for code, status in (
        ("1.1", GoalStatus.MET),
        ("2.1", GoalStatus.IN_PROGRESS),
        ("3.1", GoalStatus.NOT_STARTED),
    ):
        PlanGoalFactory(plan=plan, competency=competency(framework_v4, code), status=status)
    taking_part = OfferingFactory(school_year=school_year)
    EnrollmentFactory(offering=taking_part, person=person)
    marks = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.EXCUSED, None)
    for index, status in enumerate(marks):
        held = session_at(taking_part, days(-30 + index))
        if status:
            AttendanceFactory(session=held, person=person, status=status)
    session_at(taking_part, days(10))
    withdrawn = OfferingFactory(school_year=school_year)
    EnrollmentFactory(offering=withdrawn, person=person, status=EnrollmentStatus.WITHDRAWN)
    AttendanceFactory(session=session_at(withdrawn, days(-40)), person=person)
    session_at(withdrawn, days(-20))
    last_year = SchoolYearFactory(
        name="2025-2026",
        start_date=datetime.date(2025, 8, 31),
        end_date=datetime.date(2026, 6, 30),
        is_current=False,
    )
    EnrollmentFactory(offering=OfferingFactory(school_year=last_year), person=person)

    page = plan_page(plan)
    assert (page.goals_met, page.goals_in_progress, page.goals_not_started) == (1, 1, 1)
    by_offering = {row.offering: row for row in page.offerings}
    assert set(by_offering) == {taking_part, withdrawn}
    row = by_offering[taking_part]
    assert (row.sessions, row.held) == (5, 4)
    assert row.attendance == AttendanceSummary(attended=2, expected=3, excused=1, held=4)  # excused leaves
    assert row.attendance.percent == 67
    gone = by_offering[withdrawn]
    assert gone.held == 2
    assert (gone.attendance.expected, gone.attendance.attended) == (0, 0)  # marks kept, counted nowhere
    assert page.attendance == AttendanceSummary(attended=2, expected=3, excused=1, held=4)
    assert page.attendance == attendance_summary(person, school_year)


def test_attendance_of_others_does_not_count(plan, school_year):
    offering = OfferingFactory(school_year=school_year)
    EnrollmentFactory(offering=offering, person=plan.person)
    held = session_at(offering, days(-3))
    AttendanceFactory(session=held, person=PersonFactory())
    row = plan_page(plan).offerings[0]
    assert (row.attendance.expected, row.attendance.attended) == (1, 0)


# --- my plan -------------------------------------------------------------------------------------------


def test_my_plan_creates_the_plan_on_the_first_visit(client, leader, school_year):
    client.force_login(leader)
    response = client.get(MY_PLAN)
    assert response.status_code == 200
    plan = PDPlan.objects.get(person=leader.person, school_year=school_year)
    assert response.context["page"].plan == plan
    client.get(MY_PLAN)
    assert PDPlan.objects.filter(person=leader.person).count() == 1


def test_my_plan_adds_a_goal(client, leader, school_year, framework_v4):
    client.force_login(leader)
    chosen = competency(framework_v4, "4.5")
    response = client.post(
        MY_PLAN, {"action": "add_goal", "goal-competency": chosen.pk, "goal-goal": "Weekly PLCs on data."}
    )
    goal = PlanGoal.objects.get(plan__person=leader.person)
    assert response.status_code == 302
    assert response.url == f"{MY_PLAN}#goal-{goal.pk}"
    assert (goal.competency, goal.goal) == (chosen, "Weekly PLCs on data.")
    assert "Your goal on 4.5 is added" in client.get(response.url).content.decode()


def test_my_plan_groups_competencies_by_domain(client, leader, school_year, framework_v4):
    client.force_login(leader)
    html = client.get(MY_PLAN).content.decode()
    assert '<optgroup label="Version 4 · 1. Lead with equity and authenticity">' in html
    assert "1.1 Recognize and disrupt the effects of personal biases" in html


def test_my_plan_keeps_what_was_typed_when_a_goal_is_invalid(client, leader, school_year, framework_v4):
    client.force_login(leader)
    chosen = competency(framework_v4, "2.2")
    response = client.post(MY_PLAN, {"action": "add_goal", "goal-competency": chosen.pk, "goal-goal": ""})
    assert response.status_code == 200
    form = response.context["goal_form"]
    assert form.errors["goal"]
    assert f'<option value="{chosen.pk}" selected>' in response.content.decode()
    assert not PlanGoal.objects.exists()


def test_my_plan_does_not_offer_draft_competencies(client, leader, school_year):
    draft = framework_with_content(status=VersionStatus.DRAFT)
    client.force_login(leader)
    response = client.post(
        MY_PLAN, {"action": "add_goal", "goal-competency": competency(draft, "1.1").pk, "goal-goal": "Early."}
    )
    assert response.status_code == 200
    assert response.context["goal_form"].errors["competency"]
    assert not PlanGoal.objects.exists()


def test_my_plan_changes_a_goals_status(client, leader, plan, framework_v4):
    goal = PlanGoalFactory(plan=plan, competency=competency(framework_v4, "1.3"))
    client.force_login(leader)
    response = client.post(
        MY_PLAN, {"action": "goal_status", "goal_id": goal.pk, f"goal-{goal.pk}-status": "met"}
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == GoalStatus.MET


def test_my_plan_reports_a_bad_status_on_its_goal(client, leader, plan, framework_v4):
    goal = PlanGoalFactory(plan=plan, competency=competency(framework_v4, "1.3"))
    client.force_login(leader)
    response = client.post(
        MY_PLAN, {"action": "goal_status", "goal_id": goal.pk, f"goal-{goal.pk}-status": "x"}
    )
    assert response.status_code == 200
    assert response.context["page"].goals[0].status_form.errors["status"]
    goal.refresh_from_db()
    assert goal.status == GoalStatus.IN_PROGRESS


def test_my_plan_never_changes_another_leaders_goal(client, leader, plan, other_plan):
    goal = other_plan.goals.get()
    client.force_login(leader)
    response = client.post(
        MY_PLAN, {"action": "goal_status", "goal_id": goal.pk, f"goal-{goal.pk}-status": "met"}
    )
    assert response.status_code == 404
    goal.refresh_from_db()
    assert goal.status == GoalStatus.IN_PROGRESS


def test_my_plan_saves_the_reflection(client, leader, plan):
    client.force_login(leader)
    response = client.post(MY_PLAN, {"action": "reflection", "reflection-reflection": "Halfway there."})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.reflection == "Halfway there."


def test_my_plan_refuses_an_unknown_action(client, leader, plan):
    client.force_login(leader)
    assert client.post(MY_PLAN, {"action": "delete_everything"}).status_code == 400


def test_my_plan_rejects_put(client, leader, plan):
    client.force_login(leader)
    assert client.put(MY_PLAN).status_code == 405


@pytest.mark.parametrize("role", [Role.PROGRAM_STAFF, Role.RECRUITMENT_STAFF, Role.LICENSURE_TEAM])
def test_my_plan_is_for_portal_roles(client, make_user, school_year, role):
    client.force_login(make_user(role))
    assert client.get(MY_PLAN).status_code == 403


def test_my_plan_requires_login(client):
    response = client.get(MY_PLAN)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_my_plan_explains_an_unlinked_login(client, make_user, school_year):
    client.force_login(make_user(Role.LEADER))
    response = client.get(MY_PLAN)
    assert b"not yet linked" in response.content
    assert not PDPlan.objects.exists()


def test_my_plan_waits_for_a_school_year(client, leader):
    client.force_login(leader)
    assert b"has not opened a school year" in client.get(MY_PLAN).content
    assert not PDPlan.objects.exists()


def test_my_plan_shows_only_the_leaders_own_plan(client, leader, plan, other_plan):
    client.force_login(leader)
    html = client.get(MY_PLAN).content.decode()
    assert "Ophelia" not in html


# --- a plan's page -------------------------------------------------------------------------------------


def detail(plan):
    return reverse("programs:plan_detail", args=[plan.pk])


def test_a_leader_sees_their_own_plan(client, leader, plan, framework_v4):
    PlanGoalFactory(plan=plan, competency=competency(framework_v4, "2.3"), goal="Believe in every student.")
    client.force_login(leader)
    response = client.get(detail(plan))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Believe in every student." in html
    assert response.context["form"] is None
    assert f'href="{MY_PLAN}"' in html


def test_a_leader_gets_404_for_another_leaders_plan(client, leader, plan, other_plan):
    client.force_login(leader)
    assert client.get(detail(other_plan)).status_code == 404


def test_program_staff_see_any_plan_with_a_comment_form(client, program_staff, other_plan):
    client.force_login(program_staff)
    response = client.get(detail(other_plan))
    assert response.status_code == 200
    assert "Private goal of Ophelia" in response.content.decode()
    assert response.context["form"] is not None


def test_program_staff_comment(client, program_staff, other_plan):
    client.force_login(program_staff)
    response = client.post(detail(other_plan), {"comment-body": "Let's talk about 3.2 in December."})
    comment = other_plan.comments.get()
    assert response.status_code == 302
    assert response.url == f"{detail(other_plan)}#comment-{comment.pk}"
    assert (comment.author, comment.body) == (program_staff, "Let's talk about 3.2 in December.")


def test_an_empty_comment_is_refused_and_nothing_is_lost(client, program_staff, other_plan):
    client.force_login(program_staff)
    response = client.post(detail(other_plan), {"comment-body": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["body"]
    assert not other_plan.comments.exists()


def test_the_leader_cannot_post_a_comment(client, leader, plan):
    client.force_login(leader)
    assert client.post(detail(plan), {"comment-body": "Me again."}).status_code == 403
    assert not plan.comments.exists()


def test_a_coach_under_a_registered_rule_comments_on_their_leaders_plan(client, coach_rule, plan, other_plan):
    PersonFactory(user=coach_rule, school=plan.person.school, position="central_office")
    client.force_login(coach_rule)
    assert client.get(detail(other_plan)).status_code == 404
    response = client.post(detail(plan), {"comment-body": "Proud of this."})
    assert response.status_code == 302
    assert plan.comments.get().author == coach_rule


def test_a_coach_without_rules_gets_404(client, coach, plan):
    client.force_login(coach)
    assert client.get(detail(plan)).status_code == 404


@pytest.mark.parametrize("role", [Role.RECRUITMENT_STAFF, Role.LICENSURE_TEAM])
def test_a_plan_is_not_for_other_staff(client, make_user, plan, role):
    client.force_login(make_user(role))
    assert client.get(detail(plan)).status_code == 403


def test_a_plan_requires_login(client, plan):
    response = client.get(detail(plan))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_plan_rejects_put(client, program_staff, plan):
    client.force_login(program_staff)
    assert client.put(detail(plan)).status_code == 405


# --- queries per page ----------------------------------------------------------------------------------


def fill(plan, count, framework):
    """`count` goals, offerings (each with a held, attended session and one to come) and comments."""
    competencies = list(Competency.objects.of_version(framework))
    for index in range(count):
        PlanGoalFactory(plan=plan, competency=competencies[index % len(competencies)], goal=f"Goal {index}")
        offering = OfferingFactory(school_year=plan.school_year)
        EnrollmentFactory(offering=offering, person=plan.person)
        AttendanceFactory(session=session_at(offering, days(-5 - index)), person=plan.person)
        session_at(offering, days(5 + index))
        PlanCommentFactory(plan=plan, body=f"Comment {index}")


@pytest.mark.parametrize("count", [2, 20])
def test_my_plan_costs_the_same_queries_whatever_the_size(
    client, leader, plan, framework_v4, django_assert_max_num_queries, count
):
    fill(plan, count, framework_v4)
    client.force_login(leader)
    with django_assert_max_num_queries(10):
        response = client.get(MY_PLAN)
    assert len(response.context["page"].goals) == count
    assert response.context["page"].attendance.attended == count


@pytest.mark.parametrize("count", [2, 20])
def test_a_plans_page_costs_the_same_queries_whatever_the_size(
    client, program_staff, plan, framework_v4, django_assert_max_num_queries, count
):
    fill(plan, count, framework_v4)
    client.force_login(program_staff)
    with django_assert_max_num_queries(7):
        response = client.get(detail(plan))
    assert len(response.context["page"].comments) == count
    assert len(response.context["page"].offerings) == count
