"""PD plan pages: a leader's own plan for the current year, and one plan for whoever may see it.

My plan is the leader's working page: it opens (and on the first visit creates) their plan for the current
school year, and holds the forms to add a goal, move a goal's status and write the reflection. A plan's
page is read-only but for comments: the leader, program staff and (once the mentoring app registers its
rules) their coach or mentor may see it; whoever ``can_comment`` may comment. Anyone else gets 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from competencies.queries.assessments import own_person
from leaderdev.errors import DomainError
from leaderdev.models import SchoolYear
from leaderdev.permissions import PORTAL_ROLES, Role, get_visible_or_404, role_required

from ..forms_plans import (
    ADD_GOAL,
    GOAL_STATUS,
    REFLECTION,
    CommentForm,
    GoalForm,
    GoalStatusForm,
    ReflectionForm,
)
from ..models import PlanGoal
from ..queries import plans as queries
from ..services import plans as services

PLAN_VIEWER_ROLES = (Role.PROGRAM_STAFF, *PORTAL_ROLES)


def _posted_goal(plan, request) -> PlanGoal:
    """The goal named by the posted goal_id, which must be one of `plan`'s (404 otherwise)."""
    goal_id = request.POST.get("goal_id", "")
    goal = (
        PlanGoal.objects.select_related("competency__domain").filter(plan=plan, pk=goal_id).first()
        if goal_id.isdigit()
        else None
    )
    if goal is None:
        raise Http404("No such goal in your plan.")
    goal.plan = plan  # the plan already loaded, with its person, for the service's permission check
    return goal


@require_http_methods(["GET", "POST"])
@role_required(*PORTAL_ROLES)
def my_plan(request):
    """The leader's PD plan for the current school year, with its forms."""
    person = own_person(request.user)
    school_year = SchoolYear.objects.current()
    if person is None or school_year is None:
        return render(request, "programs/my_plan.html", {"person": person, "school_year": school_year})
    plan = services.get_or_create_plan(person, school_year)

    goal_form = GoalForm()
    reflection_form = ReflectionForm(initial={"reflection": plan.reflection})
    posted_status_form = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == ADD_GOAL:
                goal_form = GoalForm(request.POST)
                if goal_form.is_valid():
                    goal = services.add_goal(
                        plan,
                        goal_form.cleaned_data["competency"],
                        goal_form.cleaned_data["goal"],
                        by=request.user,
                    )
                    messages.success(request, f"Your goal on {goal.competency.code} is added to your plan.")
                    return redirect(f"{reverse('programs:my_plan')}#goal-{goal.pk}")
            elif action == GOAL_STATUS:
                goal = _posted_goal(plan, request)
                posted_status_form = GoalStatusForm(request.POST, goal=goal)
                if posted_status_form.is_valid():
                    services.update_goal_status(
                        goal, posted_status_form.cleaned_data["status"], by=request.user
                    )
                    messages.success(
                        request, f"Your goal on {goal.competency.code} is now “{goal.get_status_display()}”."
                    )
                    return redirect(f"{reverse('programs:my_plan')}#goal-{goal.pk}")
            elif action == REFLECTION:
                reflection_form = ReflectionForm(request.POST)
                if reflection_form.is_valid():
                    services.save_reflection(
                        plan, reflection_form.cleaned_data["reflection"], by=request.user
                    )
                    messages.success(request, "Your reflection is saved.")
                    return redirect(f"{reverse('programs:my_plan')}#reflection")
            else:
                return HttpResponseBadRequest("Unknown action.")
        except DomainError as error:
            form = {ADD_GOAL: goal_form, GOAL_STATUS: posted_status_form, REFLECTION: reflection_form}[action]
            form.add_error(None, str(error))

    page = queries.plan_page(plan)
    for goal in page.goals:
        posted = posted_status_form is not None and posted_status_form.goal.pk == goal.pk
        goal.status_form = posted_status_form if posted else GoalStatusForm(goal=goal)
    return render(
        request,
        "programs/my_plan.html",
        {
            "person": person,
            "school_year": school_year,
            "page": page,
            "goal_form": goal_form,
            "reflection_form": reflection_form,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*PLAN_VIEWER_ROLES)
def plan_detail(request, pk):
    """One plan, for those who may see it; whoever may comment gets the comment form."""
    plan = get_visible_or_404(request.user, queries.plans(), pk=pk)
    may_comment = services.can_comment(request.user, plan)
    form = CommentForm(request.POST or None) if may_comment else None
    if request.method == "POST":
        if not may_comment:
            raise PermissionDenied("You may not comment on this plan.")
        if form.is_valid():
            try:
                comment = services.add_comment(plan, request.user, form.cleaned_data["body"])
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Your comment on {plan.person.full_name}'s plan is added.")
                return redirect(f"{reverse('programs:plan_detail', args=[plan.pk])}#comment-{comment.pk}")
    is_own = plan.person.user_id == request.user.pk
    return render(
        request,
        "programs/plan_detail.html",
        {
            "plan": plan,
            "page": queries.plan_page(plan),
            "form": form,
            "is_own": is_own,
            "is_current": plan.school_year.is_current,
        },
    )
