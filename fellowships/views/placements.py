"""Program staff's placement pages: match a cohort's fellows to host principals, review and approve; a
fellow's page with the end-of-year readiness decision.

The matching is mentoring's engine (fellowships.services.placement); these views only ask it to run,
show what it proposes with each score explained, and approve or adjust.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from leaderdev.errors import DomainError
from leaderdev.permissions import Role, get_visible_or_404, role_required

from ..forms_placements import PlaceFellowForm, ReadinessForm
from ..models import Cohort, Fellow, PlacementProposal
from ..queries import placements as queries
from ..queries.residency import hours_progress
from ..services import outcomes, placement

UNMATCHED_SHOWN = 10


def _cohort(request, pk):
    return get_visible_or_404(request.user, Cohort.objects.select_related("school_year"), pk=pk)


@require_GET
@role_required(Role.PROGRAM_STAFF)
def placements(request, pk):
    cohort = _cohort(request, pk)
    return render(
        request,
        "fellowships/placements/placements.html",
        {
            "cohort": cohort,
            "counts": queries.counts(cohort),
            "rows": queries.proposal_rows(cohort),
            "weights": queries.weights(),
            "max_score": queries.max_score(),
            "residencies": queries.residencies(cohort),
            "hosts": queries.hosts(cohort),
            "unproposed": queries.unproposed_count(cohort),
            "form": PlaceFellowForm(cohort=cohort),
        },
    )


@require_POST
@role_required(Role.PROGRAM_STAFF)
def placements_run(request, pk):
    cohort = _cohort(request, pk)
    try:
        proposals, unmatched = placement.propose_placements(cohort)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("fellowships:placements", cohort.pk)
    if proposals:
        messages.success(request, f"{len(proposals)} placement{'s' if len(proposals) != 1 else ''} proposed.")
    else:
        messages.info(request, "No placement could be proposed.")
    for fellow, detail in unmatched[:UNMATCHED_SHOWN]:
        messages.warning(request, f"{fellow.person.full_name} has no host: {detail}")
    if len(unmatched) > UNMATCHED_SHOWN:
        messages.warning(request, f"…and {len(unmatched) - UNMATCHED_SHOWN} more fellows without a host.")
    return redirect("fellowships:placements", cohort.pk)


@require_POST
@role_required(Role.PROGRAM_STAFF)
def proposal_pin(request, pk):
    proposal = get_object_or_404(PlacementProposal.objects.select_related("fellow__person"), pk=pk)
    _cohort(request, proposal.cohort_id)
    pinned = request.POST.get("pinned") == "1"
    placement.pin_proposal(proposal, pinned)
    verb = "kept when the matching runs again" if pinned else "free to change when the matching runs again"
    messages.success(request, f"{proposal.fellow.person.full_name}'s placement is {verb}.")
    return redirect("fellowships:placements", proposal.cohort_id)


@require_POST
@role_required(Role.PROGRAM_STAFF)
def placements_approve(request, pk):
    cohort = _cohort(request, pk)
    try:
        made = placement.approve_placements(cohort, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{len(made)} residenc{'ies' if len(made) != 1 else 'y'} started, with their milestones."
        )
    return redirect("fellowships:placements", cohort.pk)


@require_POST
@role_required(Role.PROGRAM_STAFF)
def place_by_hand(request, pk):
    cohort = _cohort(request, pk)
    form = PlaceFellowForm(request.POST, cohort=cohort)
    if form.is_valid():
        try:
            residency = placement.place_fellow(
                form.cleaned_data["fellow"], form.cleaned_data["host"], user=request.user
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"{residency.fellow.person.full_name} starts their residency at {residency.school}."
            )
    else:
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, f"Not placed: {errors}")
    return redirect("fellowships:placements", cohort.pk)


# --- A fellow, and the end-of-year decision ---------------------------------------------------------


def _fellow(request, pk):
    return get_visible_or_404(
        request.user,
        Fellow.objects.select_related(
            "person__school",
            "cohort__school_year",
            "application",
            "residency__host__person",
            "residency__school",
            "readiness_decided_by",
            "pool_application__cycle",
            "pool_application__opening__school",
        ),
        pk=pk,
    )


@require_GET
@role_required(Role.PROGRAM_STAFF)
def fellow_detail(request, pk):
    fellow = _fellow(request, pk)
    residency = getattr(fellow, "residency", None)
    return render(
        request,
        "fellowships/placements/fellow_detail.html",
        {
            "fellow": fellow,
            "residency": residency,
            "progress": hours_progress(residency) if residency else None,
            "growth_areas": fellow.growth_areas.select_related("domain"),
            "form": ReadinessForm(
                initial={"readiness": fellow.readiness, "rationale": fellow.readiness_rationale}
            ),
            "next_cycle": outcomes.next_cycle(fellow),
        },
    )


@require_POST
@role_required(Role.PROGRAM_STAFF)
def fellow_readiness(request, pk):
    fellow = _fellow(request, pk)
    form = ReadinessForm(request.POST)
    if form.is_valid():
        try:
            fellow = outcomes.decide_readiness(
                fellow,
                form.cleaned_data["readiness"],
                rationale=form.cleaned_data["rationale"],
                user=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            note = ""
            if fellow.pool_application_id:
                note = f" {fellow.person.full_name} is in the {fellow.pool_application.cycle} pool."
            elif fellow.readiness in outcomes.ROLE_FOR:
                note = (
                    " Recruitment has no hiring cycle for next year yet: add them to the pool when it opens."
                )
            messages.success(request, f"Decision recorded.{note}")
            return redirect("fellowships:fellow_detail", fellow.pk)
    residency = getattr(fellow, "residency", None)
    return render(
        request,
        "fellowships/placements/fellow_detail.html",
        {
            "fellow": fellow,
            "residency": residency,
            "progress": hours_progress(residency) if residency else None,
            "growth_areas": fellow.growth_areas.select_related("domain"),
            "form": form,
            "next_cycle": outcomes.next_cycle(fellow),
        },
        status=400,
    )


urlpatterns = [
    path("cohorts/<int:pk>/placements/", placements, name="placements"),
    path("cohorts/<int:pk>/placements/run/", placements_run, name="placements_run"),
    path("cohorts/<int:pk>/placements/approve/", placements_approve, name="placements_approve"),
    path("cohorts/<int:pk>/placements/place/", place_by_hand, name="place_by_hand"),
    path("proposals/<int:pk>/pin/", proposal_pin, name="proposal_pin"),
    path("staff/fellows/<int:pk>/", fellow_detail, name="fellow_detail"),
    path("staff/fellows/<int:pk>/readiness/", fellow_readiness, name="fellow_readiness"),
]
