"""Matching rounds, for program staff: the list, a new round, a round's page (weights, progress,
proposals with their score breakdowns, the unmatched, pins and forbids), and its actions: run or re-run,
pin or forbid a pair, lift a pin or forbid, approve.

round_list        a school year's rounds (the current year's by default) with their results
round_create      a new round's name and weights -> services.matching.create_round
round_detail      one round; while it is queued or running, a progress bar that round_progress.js updates
round_progress    the round's status and progress as JSON (what round_progress.js polls)
round_run         POST: queue the round on a worker (or run it at once without a broker)
round_pair        GET: the form to pin or forbid a chosen pair; POST: do it (the table's buttons too)
round_lift        POST: lift one pin or forbid
round_approve     POST: turn the proposals into active mentorships

Rounds are the program staff's shared work: the role is the rule, and a round that does not exist
answers 404, as does a pin or forbid of another round.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leaderdev.errors import DomainError
from leaderdev.permissions import Role, get_visible_or_404, role_required

from ..forms_rounds import PairForm, ProposalFilter, RoundFilter, RoundForm
from ..models import CRITERIA, ConstraintKind, MatchConstraint, RoundStatus
from ..queries import rounds as queries
from ..services import matching as services

PROPOSALS_PER_PAGE = 25
UNMATCHED_PER_PAGE = 50


def _round(request, pk):
    return get_visible_or_404(request.user, queries.rounds(), pk=pk)


def _detail_url(match_round, query=None) -> str:
    url = reverse("mentoring:round_detail", args=[match_round.pk])
    return f"{url}?{query.urlencode()}" if query else url


@require_GET
@role_required(Role.PROGRAM_STAFF)
def round_list(request):
    """A school year's matching rounds, newest first, with pairs, unmatched, score and approval."""
    round_filter = RoundFilter(request.GET, queryset=queries.round_list())
    page = Paginator(round_filter.qs, 50).get_page(request.GET.get("page"))
    return render(request, "mentoring/rounds/round_list.html", {"filter": round_filter, "page": page})


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def round_create(request):
    """A new draft round with staff's weights; it runs from its own page."""
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            match_round = services.create_round(
                form.cleaned_data["school_year"], created_by=request.user, **form.round_fields()
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Round “{match_round.name}” created. Run it to see its proposals.")
            return redirect(_detail_url(match_round))
    return render(request, "mentoring/rounds/round_form.html", {"form": form})


@require_GET
@role_required(Role.PROGRAM_STAFF)
def round_detail(request, pk):
    """A round's weights, progress, proposals (filtered, a page at a time), unmatched, pins and forbids."""
    match_round = _round(request, pk)
    round_constraints = queries.constraints(match_round)
    proposal_filter = ProposalFilter(request.GET, queryset=queries.proposals(match_round))
    page = Paginator(proposal_filter.qs, PROPOSALS_PER_PAGE).get_page(request.GET.get("page"))
    unmatched = Paginator(queries.unmatched(match_round), UNMATCHED_PER_PAGE).get_page(
        request.GET.get("unmatched_page")
    )
    return render(
        request,
        "mentoring/rounds/round_detail.html",
        {
            "round": match_round,
            "weights": queries.weights(match_round),
            "max_score": queries.max_score(match_round),
            "criteria": CRITERIA,
            "is_active": queries.is_active(match_round),
            "filter": proposal_filter,
            "page": page,
            "rows": queries.proposal_rows(match_round, page.object_list, round_constraints),
            "unmatched": unmatched,
            "constraints": round_constraints,
            "constraints_changed": queries.constraints_changed_since_run(match_round, round_constraints),
            "query": request.GET.urlencode(),
            "short_labels": queries.SHORT_LABELS,
        },
    )


@never_cache
@require_GET
@role_required(Role.PROGRAM_STAFF)
def round_progress(request, pk):
    """The round's status and progress, for the page's poller."""
    return JsonResponse(queries.progress(_round(request, pk)))


@require_POST
@role_required(Role.PROGRAM_STAFF)
def round_run(request, pk):
    """Queue the round on a worker; without a broker it runs at once, before the page comes back."""
    match_round = _round(request, pk)
    try:
        services.queue_round(match_round, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(_detail_url(match_round))
    match_round = _round(request, pk)
    if match_round.status == RoundStatus.PROPOSED:
        messages.success(
            request,
            f"Round computed: {match_round.pair_count:,} pairs proposed, "
            f"{match_round.unmatched_count:,} unmatched.",
        )
    elif match_round.status == RoundStatus.FAILED:
        messages.error(request, f"The round could not be computed: {match_round.error}")
    else:
        messages.info(request, "Round queued: this page shows its progress and refreshes when it is done.")
    return redirect(_detail_url(match_round))


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF)
def round_pair(request, pk):
    """Pin or forbid a pair: GET shows the form (a mentee may be chosen already), POST saves it."""
    match_round = _round(request, pk)
    if request.method == "POST":
        form = PairForm(match_round, request.POST)
        if form.is_valid():
            mentee, mentor, kind = (form.cleaned_data[k] for k in ("mentee", "mentor", "kind"))
            try:
                services.set_constraint(match_round, mentee, mentor, kind, user=request.user)
            except DomainError as error:
                messages.error(request, str(error))
            else:
                verb = "pinned to" if kind == ConstraintKind.PIN else "will never be paired with"
                messages.success(
                    request,
                    f"{mentee.full_name} {verb} {mentor.person.full_name}. Re-run the round to apply it.",
                )
            return redirect(_detail_url(match_round, request.GET))
        if request.POST.get("from") == "table":  # a row button whose pair no longer validates
            messages.error(request, _form_errors(form))
            return redirect(_detail_url(match_round, request.GET))
    else:
        form = PairForm(
            match_round, initial={"mentee": request.GET.get("mentee"), "kind": request.GET.get("kind")}
        )
    return render(request, "mentoring/rounds/pair_form.html", {"round": match_round, "form": form})


def _form_errors(form) -> str:
    return " ".join(error for errors in form.errors.values() for error in errors)


@require_POST
@role_required(Role.PROGRAM_STAFF)
def round_lift(request, pk, constraint_pk):
    """Lift one pin or forbid of the round (404 for another round's)."""
    match_round = _round(request, pk)
    constraint = get_object_or_404(
        MatchConstraint.objects.select_related("mentee", "mentor__person"),
        round=match_round,
        pk=constraint_pk,
    )
    try:
        services.set_constraint(match_round, constraint.mentee, constraint.mentor, None, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Lifted the {'pin' if constraint.kind == ConstraintKind.PIN else 'forbid'} of "
            f"{constraint.mentee.full_name} and {constraint.mentor.person.full_name}. Re-run to apply it.",
        )
    return redirect(_detail_url(match_round, request.GET))


@require_POST
@role_required(Role.PROGRAM_STAFF)
def round_approve(request, pk):
    """Turn the round's proposals into active mentorships (all or nothing)."""
    match_round = _round(request, pk)
    try:
        mentorships = services.approve_round(match_round, user=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Approved: {len(mentorships):,} mentorships are active from today. Mentors can log meetings.",
        )
    return redirect(_detail_url(match_round))


urlpatterns = [
    path("rounds/", round_list, name="round_list"),
    path("rounds/new/", round_create, name="round_create"),
    path("rounds/<int:pk>/", round_detail, name="round_detail"),
    path("rounds/<int:pk>/progress.json", round_progress, name="round_progress"),
    path("rounds/<int:pk>/run/", round_run, name="round_run"),
    path("rounds/<int:pk>/pair/", round_pair, name="round_pair"),
    path("rounds/<int:pk>/constraints/<int:constraint_pk>/lift/", round_lift, name="round_lift"),
    path("rounds/<int:pk>/approve/", round_approve, name="round_approve"),
]
