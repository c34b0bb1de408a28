"""A school's Call-to-Action plan: its page, and the forms that draft, edit, adopt, review and close it,
record check-ins and move actions along.

Whoever sees the school's teams sees the plan (programs.rules, "School teams"); a school outside their reach
is a 404, with or without a plan. Those who ``may_manage_team`` write the plan itself; those who
``may_contribute`` (everyone who sees it) record check-ins and update an action's status; anyone else 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from leaderdev.errors import DomainError
from leaderdev.permissions import Role, get_visible_or_404, role_required

from ..forms_cta import (
    ADD_ACTION,
    ADD_GOAL,
    ADD_TARGET,
    ADOPT,
    CLOSE,
    DRAFT,
    EDIT,
    REMOVE,
    REVIEW,
    VISION,
    ActionForm,
    ActionStatusForm,
    CheckInForm,
    DraftPlanForm,
    GoalForm,
    ReviewForm,
    TargetForm,
    VisionForm,
)
from ..models import GoalAction, GoalTarget, PlanStatus, StrategicGoal
from ..queries import cta as queries
from ..rules import may_contribute, may_manage_team
from ..services import cta as services

PLAN_ROLES = (Role.PROGRAM_STAFF, Role.NETWORK_STAFF, Role.LEADER, Role.MENTOR, Role.COACH)


def plan_url(plan_or_school, school_year=None, anchor: str = "") -> str:
    """The plan page of a plan (or of a school and year), with ?year= and an optional #anchor."""
    if school_year is None:
        school, school_year = plan_or_school.school, plan_or_school.school_year
    else:
        school = plan_or_school
    url = f"{reverse('programs:cta_plan', args=[school.pk])}?year={school_year.pk}"
    return f"{url}#{anchor}" if anchor else url


def _require_manager(user, school):
    if not may_manage_team(user, school):
        raise PermissionDenied(
            "Only the school's principal, its team leads, network and program staff change the plan."
        )


def _require_contributor(user, school):
    if not may_contribute(user, school):
        raise PermissionDenied("You may not record progress on this plan.")


@require_http_methods(["GET", "POST"])
@role_required(*PLAN_ROLES)
def cta_plan(request, pk):
    """The school's plan for the year (?year=, default current), and the forms of whoever may manage it."""
    school = queries.visible_school_or_404(request.user, pk)
    school_year = queries.school_year_or_404(request.GET.get("year"))
    plan = queries.plan_of(request.user, school, school_year)
    may_manage = may_manage_team(request.user, school)
    forms = {}
    if may_manage and school_year is not None:
        if plan is None:
            forms[DRAFT] = DraftPlanForm(school_year=school_year)
        elif plan.status != PlanStatus.CLOSED:
            forms[VISION] = VisionForm(initial={"vision": plan.vision})
            forms[ADD_GOAL] = GoalForm()
            if plan.status == PlanStatus.ADOPTED:
                forms[REVIEW] = ReviewForm(
                    school_year=school_year,
                    initial={"reviewed_at": plan.reviewed_at_id, "notes": plan.review_notes},
                )

    if request.method == "POST":
        _require_manager(request.user, school)
        action = request.POST.get("action")
        if action not in (*forms, ADOPT, CLOSE):
            return HttpResponseBadRequest("Unknown action, or not one this plan takes now.")
        try:
            if action == DRAFT:
                form = forms[DRAFT] = DraftPlanForm(request.POST, school_year=school_year)
                if form.is_valid():
                    plan = services.draft_plan(school, school_year, **form.cleaned_data)
                    messages.success(request, f"The {school_year} plan is started as a draft.")
                    return redirect(plan_url(school, school_year))
            elif action == VISION:
                form = forms[VISION] = VisionForm(request.POST)
                if form.is_valid():
                    services.save_vision(plan, form.cleaned_data["vision"])
                    messages.success(request, "The vision is saved.")
                    return redirect(plan_url(plan, anchor="vision"))
            elif action == ADD_GOAL:
                form = forms[ADD_GOAL] = GoalForm(request.POST, instance=StrategicGoal(plan=plan))
                if form.is_valid():
                    goal = services.save_part(form.instance)
                    messages.success(request, "The goal is added. Give it a measurable target and actions.")
                    return redirect(reverse("programs:cta_goal", args=[goal.pk]))
            elif action == REVIEW:
                form = forms[REVIEW] = ReviewForm(request.POST, school_year=school_year)
                if form.is_valid():
                    services.review_plan(plan, **form.cleaned_data)
                    messages.success(request, "The Winter Institute review is recorded.")
                    return redirect(plan_url(plan, anchor="review"))
            elif action == ADOPT and plan is not None:
                services.adopt_plan(plan)
                messages.success(request, "The plan is adopted: its targets are monitored from today.")
                return redirect(plan_url(plan))
            elif action == CLOSE and plan is not None:
                services.close_plan(plan)
                messages.success(request, "The plan is closed: it stays as the record of its year.")
                return redirect(plan_url(plan))
            else:
                return HttpResponseBadRequest("There is no plan to do that to.")
        except DomainError as error:
            if action in forms:
                forms[action].add_error(None, str(error))
            else:
                messages.error(request, str(error))
                return redirect(plan_url(plan))

    page = queries.plan_page(plan) if plan is not None else None
    may_record = (
        plan is not None and plan.status == PlanStatus.ADOPTED and may_contribute(request.user, school)
    )
    if page is not None and may_record:
        for goal in page.goals:
            for action in goal.actions:
                action.status_form = ActionStatusForm(action=action)
    return render(
        request,
        "programs/cta/plan.html",
        {
            "school": school,
            "school_year": school_year,
            "plan": plan,
            "page": page,
            "forms": forms,
            "may_manage": may_manage,
            "may_record": may_record,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*PLAN_ROLES)
def cta_goal(request, pk):
    """One goal of a plan, to edit or remove, with forms to add its measurable targets and actions."""
    goal = get_visible_or_404(
        request.user,
        StrategicGoal.objects.select_related("plan__school", "plan__school_year", "system"),
        pk=pk,
    )
    plan = goal.plan
    _require_manager(request.user, plan.school)
    is_open = plan.status != PlanStatus.CLOSED
    goal_form = GoalForm(instance=goal)
    target_form = TargetForm()
    action_form = ActionForm(school=plan.school)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == EDIT:
                goal_form = GoalForm(request.POST, instance=goal)
                if goal_form.is_valid():
                    services.save_part(goal_form.instance)
                    messages.success(request, "The goal is saved.")
                    return redirect(plan_url(plan, anchor=f"goal-{goal.pk}"))
            elif action == REMOVE:
                services.remove_part(goal)
                messages.success(request, f"The goal “{goal.statement}” is removed.")
                return redirect(plan_url(plan))
            elif action == ADD_TARGET:
                target_form = TargetForm(request.POST, instance=GoalTarget(goal=goal))
                if target_form.is_valid():
                    services.save_part(target_form.instance)
                    messages.success(request, "The target is added.")
                    return redirect(f"{reverse('programs:cta_goal', args=[goal.pk])}#targets")
            elif action == ADD_ACTION:
                action_form = ActionForm(request.POST, instance=GoalAction(goal=goal), school=plan.school)
                if action_form.is_valid():
                    services.save_part(action_form.instance)
                    messages.success(request, "The action is added.")
                    return redirect(f"{reverse('programs:cta_goal', args=[goal.pk])}#actions")
            else:
                return HttpResponseBadRequest("Unknown action.")
        except DomainError as error:
            form = {EDIT: goal_form, ADD_TARGET: target_form, ADD_ACTION: action_form}.get(action)
            if form is None:
                messages.error(request, str(error))
                return redirect(reverse("programs:cta_goal", args=[goal.pk]))
            form.add_error(None, str(error))
    return render(
        request,
        "programs/cta/goal.html",
        {
            "goal": goal,
            "plan": plan,
            "targets": goal.targets.all(),
            "actions": goal.actions.select_related("owner"),
            "is_open": is_open,
            "goal_form": goal_form,
            "target_form": target_form,
            "action_form": action_form,
        },
    )


def _edit_part(request, part, form, what: str):
    """Edit or remove a target or an action of a plan (shared by the two views below)."""
    plan = part.goal.plan
    _require_manager(request.user, plan.school)
    goal_url = reverse("programs:cta_goal", args=[part.goal_id])
    if request.method == "POST":
        try:
            if request.POST.get("action") == REMOVE:
                services.remove_part(part)
                messages.success(request, f"The {what} is removed.")
                return redirect(goal_url)
            if form.is_valid():
                services.save_part(form.instance)
                messages.success(request, f"The {what} is saved.")
                return redirect(goal_url)
        except DomainError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "programs/cta/edit_part.html",
        {"part": part, "plan": plan, "form": form, "what": what, "goal_url": goal_url},
    )


@require_http_methods(["GET", "POST"])
@role_required(*PLAN_ROLES)
def cta_target_edit(request, pk):
    target = get_visible_or_404(
        request.user,
        GoalTarget.objects.select_related("goal__plan__school", "goal__plan__school_year"),
        pk=pk,
    )
    form = TargetForm(request.POST if request.method == "POST" else None, instance=target)
    return _edit_part(request, target, form, "target")


@require_http_methods(["GET", "POST"])
@role_required(*PLAN_ROLES)
def cta_action_edit(request, pk):
    action = get_visible_or_404(
        request.user,
        GoalAction.objects.select_related("goal__plan__school", "goal__plan__school_year", "owner"),
        pk=pk,
    )
    school = action.goal.plan.school
    form = ActionForm(request.POST if request.method == "POST" else None, instance=action, school=school)
    return _edit_part(request, action, form, "action")


@require_http_methods(["GET", "POST"])
@role_required(*PLAN_ROLES)
def cta_check_in(request, pk):
    """Record a measurement of a target: everyone who contributes to the school's plan may."""
    target = get_visible_or_404(
        request.user,
        GoalTarget.objects.select_related("goal__plan__school", "goal__plan__school_year"),
        pk=pk,
    )
    plan = target.goal.plan
    _require_contributor(request.user, plan.school)
    form = CheckInForm(request.POST or None, school_year=plan.school_year)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_check_in(target, **form.cleaned_data, by=request.user)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The check-in on “{target.measure}” is recorded.")
            return redirect(plan_url(plan, anchor=f"target-{target.pk}"))
    return render(request, "programs/cta/check_in.html", {"target": target, "plan": plan, "form": form})


@require_POST
@role_required(*PLAN_ROLES)
def cta_action_status(request, pk):
    """Move a line of the action plan along (from its row on the plan page)."""
    action = get_visible_or_404(
        request.user,
        GoalAction.objects.select_related("goal__plan__school", "goal__plan__school_year"),
        pk=pk,
    )
    plan = action.goal.plan
    _require_contributor(request.user, plan.school)
    form = ActionStatusForm(request.POST, action=action)
    if not form.is_valid():
        messages.error(request, "Choose one of the statuses.")
    else:
        try:
            action = services.set_action_status(action, form.cleaned_data["status"])
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"“{action.description}” is now {action.get_status_display().lower()}.")
    return redirect(plan_url(plan, anchor=f"action-{action.pk}"))


urlpatterns = [
    path("schools/<int:pk>/plan/", cta_plan, name="cta_plan"),
    path("plan-goals/<int:pk>/", cta_goal, name="cta_goal"),
    path("plan-targets/<int:pk>/", cta_target_edit, name="cta_target_edit"),
    path("plan-targets/<int:pk>/check-in/", cta_check_in, name="cta_check_in"),
    path("plan-actions/<int:pk>/", cta_action_edit, name="cta_action_edit"),
    path("plan-actions/<int:pk>/status/", cta_action_status, name="cta_action_status"),
]
