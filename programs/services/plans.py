"""Write workflows of PD plans: a leader's plan for a school year, its goals, reflection and comments.

get_or_create_plan   the person's plan for a school year, made empty the first time
add_goal             a goal tied to a competency of a published (active or retired) framework version
update_goal_status   not started -> in progress -> met, in any order (plans change)
save_reflection      the leader's own notes on the year
add_comment          a coach's, mentor's or program staff member's comment

Who may change a plan: its leader and program staff (``may_edit_plan``). Who may comment is pluggable,
like competencies.rules.assessor_rule: ``plan_commenter_rule`` registers ``fn(user) -> True | False | Q``
where a Q filters Person (the plan's leader). Program staff may comment on every plan; the mentoring app
registers "a mentor or coach may comment on the plans of the people assigned to them" when it exists::

    from programs.services.plans import plan_commenter_rule

    @plan_commenter_rule
    def mentors_comment_on_their_mentees_plans(user):
        return Q(mentorships__mentor__user=user, mentorships__is_active=True)

A commenter must also be able to see the plan (the PDPlan object rules): register both.
"""

from collections.abc import Callable

from django.db import transaction
from django.db.models import Q

from competencies.tagging import taggable_competencies
from leaderdev.errors import DomainError
from leaderdev.models import Person, SchoolYear
from leaderdev.permissions import Role, has_role

from ..models import GoalStatus, PDPlan, PlanComment, PlanGoal

CommenterRule = Callable[[object], "bool | Q"]
_commenter_rules: list[CommenterRule] = []

MAX_TEXT = 4000


def plan_commenter_rule(fn: CommenterRule) -> CommenterRule:
    """Register who may comment on plans: ``fn(user) -> True | False | Q over Person`` (OR-ed)."""
    _commenter_rules.append(fn)
    return fn


@plan_commenter_rule
def program_staff_comment_on_every_plan(user):
    return has_role(user, Role.PROGRAM_STAFF)


def can_comment(user, plan: PDPlan) -> bool:
    """Whether `user` may comment on `plan` under the registered rules (at most one query)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    filters = []
    for fn in _commenter_rules:
        verdict = fn(user)
        if verdict is True:
            return True
        if isinstance(verdict, Q):
            filters.append(verdict)
    if not filters:
        return False
    combined = filters[0]
    for extra in filters[1:]:
        combined |= extra
    return Person.objects.filter(pk=plan.person_id).filter(combined).exists()


def may_edit_plan(user, plan: PDPlan) -> bool:
    """The plan's own leader and program staff may change its goals and reflection."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or has_role(user, Role.PROGRAM_STAFF) or plan.person.user_id == user.pk


def _check_editor(plan: PDPlan, by) -> None:
    if not may_edit_plan(by, plan):
        raise DomainError("Only the leader whose plan this is and program staff may change it.")


def _clean_text(text: str, what: str, *, required: bool) -> str:
    text = (text or "").strip()
    if required and not text:
        raise DomainError(f"Write the {what}.")
    if len(text) > MAX_TEXT:
        raise DomainError(f"Keep the {what} under {MAX_TEXT} characters.")
    return text


def get_or_create_plan(person: Person, school_year: SchoolYear) -> PDPlan:
    """`person`'s PD plan for `school_year`, created empty the first time anyone asks for it.

    get_or_create is its own transaction (and survives two first visits at once, thanks to the
    one-plan-per-year constraint); opening an existing plan is a single read.
    """
    if school_year is None:
        raise DomainError("There is no current school year yet, so there is no plan to open.")
    plan, _created = PDPlan.objects.select_related("person", "school_year").get_or_create(
        person=person, school_year=school_year
    )
    return plan


@transaction.atomic
def add_goal(plan: PDPlan, competency, goal: str, *, by) -> PlanGoal:
    """Add a goal to `plan`, tied to `competency`, which must be of a published framework version.

    A draft version's competencies may still change or vanish, so goals use only active ones (the
    framework in use) or retired ones (a goal carried over from a plan written on an older version).
    """
    _check_editor(plan, by)
    text = _clean_text(goal, "goal", required=True)
    if not taggable_competencies().filter(pk=competency.pk).exists():
        raise DomainError(
            f"{competency.code} belongs to a draft framework version: "
            "choose a competency of the version in use."
        )
    return PlanGoal.objects.create(plan=plan, competency=competency, goal=text)


@transaction.atomic
def update_goal_status(goal: PlanGoal, status: str, *, by) -> PlanGoal:
    """Move `goal` to `status` (any of GoalStatus: a goal met early can be reopened)."""
    _check_editor(goal.plan, by)
    if status not in GoalStatus.values:
        raise DomainError(f"“{status}” is not a goal status.")
    if goal.status != status:
        goal.status = status
        goal.save(update_fields=["status", "updated_at"])
    return goal


@transaction.atomic
def save_reflection(plan: PDPlan, reflection: str, *, by) -> PDPlan:
    """Replace the leader's reflection notes on `plan` (empty clears them)."""
    _check_editor(plan, by)
    plan.reflection = _clean_text(reflection, "reflection", required=False)
    plan.save(update_fields=["reflection", "updated_at"])
    return plan


@transaction.atomic
def add_comment(plan: PDPlan, author, body: str) -> PlanComment:
    """Add `author`'s comment to `plan`; they must be allowed to comment (see ``plan_commenter_rule``)."""
    if not can_comment(author, plan):
        raise DomainError("Only program staff and the leader's coach or mentor may comment on this plan.")
    text = _clean_text(body, "comment", required=True)
    return PlanComment.objects.create(plan=plan, author=author, body=text)
