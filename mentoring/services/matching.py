"""Write workflows of matching rounds: create, pin or forbid pairs, run (optimally), approve.

create_round       a draft round for a school year with staff's weights
set_constraint     pin or forbid a mentee-mentor pair in a round (or lift it)
queue_round        mark a round queued and run it on a Celery worker once the transaction commits
run_round          load the pool, score, solve (mentoring.matching), save proposals and the unmatched;
                   progress is written as it goes so the round's page can show it
approve_round      turn a round's proposals into active mentorships, in one transaction

Who is matched: every first- and second-year school leader of the round's year (derived from the shared
schema) who has no active mentorship that year, with the selected mentors of that year who still have
free places (capacity minus their active mentorships).
"""

import time
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from leaderdev.audit import note_change
from leaderdev.errors import DomainError
from leaderdev.models import Network, Person, SchoolLevel

from .. import matching
from ..models import (
    Conflict,
    ConstraintKind,
    Language,
    MatchConstraint,
    MatchProposal,
    MatchRound,
    MenteeProfile,
    Mentor,
    MentorPreference,
    Mentorship,
    MentorshipStatus,
    MentorStatus,
    RoundStatus,
    UnmatchedMentee,
)

LEVEL_INDEX = {level: index for index, level in enumerate(matching.LEVELS)}
LANGUAGE_INDEX = {code: index for index, code in enumerate(Language.values)}
# Rows per INSERT when saving a result: a 2,000-pair round in one or two statements.
SAVE_BATCH = 1000


def eligible_mentees(school_year):
    """New leaders of the year with no active mentorship yet: the people a round matches."""
    active = Mentorship.objects.filter(school_year=school_year, status=MentorshipStatus.ACTIVE)
    return Person.objects.new_leaders(school_year).exclude(pk__in=active.values("mentee_id"))


def mentors_with_places(school_year):
    """Selected mentors of the year, annotated with ``taken`` (active mentorships) and ``free`` places."""
    return (
        Mentor.objects.filter(school_year=school_year, status=MentorStatus.SELECTED)
        .annotate(
            taken=Count(
                "mentorships",
                filter=Q(mentorships__status=MentorshipStatus.ACTIVE, mentorships__school_year=school_year),
            )
        )
        .filter(capacity__gt=0)
    )


def create_round(school_year, *, name, created_by=None, **weights) -> MatchRound:
    """A draft round for `school_year`; `weights` are MatchRound fields (weight_*, max_distance_km)."""
    match_round = MatchRound(school_year=school_year, name=name, created_by=created_by, **weights)
    match_round.full_clean()
    note_change(match_round, user=created_by).save()
    return match_round


def set_constraint(match_round, mentee, mentor, kind, *, user=None):
    """Pin (must pair) or forbid (never pair) a mentee and a mentor in a round; kind None lifts it.

    A pin must respect the hard rules (no same school, no recorded conflict, the mentor has a place);
    pinning a mentee again moves their pin.
    """
    if not match_round.is_editable:
        raise DomainError("This round is approved or running; its pairs can no longer change.")
    if mentor.school_year_id != match_round.school_year_id or mentor.status != MentorStatus.SELECTED:
        raise DomainError("Only selected mentors of the round's school year can be paired.")
    with transaction.atomic():
        # One by one, not a queryset delete: each lifted pin or forbid is in the audit history, by `user`.
        for lifted in MatchConstraint.objects.filter(round=match_round, mentee=mentee, mentor=mentor):
            note_change(lifted, user=user, reason="Lifted").delete()
        if kind is None:
            return None
        if kind == ConstraintKind.PIN:
            problems = _pin_problems(match_round, mentee, mentor)
            if problems:
                raise DomainError(f"{mentee} cannot be pinned to {mentor.person}: {problems}.")
            earlier_pins = MatchConstraint.objects.filter(
                round=match_round, mentee=mentee, kind=ConstraintKind.PIN
            )
            for moved in earlier_pins:
                note_change(moved, user=user, reason="Pin moved").delete()
        constraint = MatchConstraint(
            round=match_round, mentee=mentee, mentor=mentor, kind=kind, created_by=user
        )
        note_change(constraint, user=user).save(force_insert=True)
        return constraint


def _pin_problems(match_round, mentee, mentor) -> str:
    reasons = []
    if mentee.pk == mentor.person_id:
        reasons.append("a mentor cannot mentor themselves")
    if mentee.school_id and mentee.school_id == mentor.person.school_id:
        reasons.append("they work at the same school")
    if Conflict.objects.filter(mentee=mentee, mentor_id=mentor.person_id).exists():
        reasons.append("a conflict is recorded between them")
    if not eligible_mentees(match_round.school_year).filter(pk=mentee.pk).exists():
        reasons.append("they are not a new leader without a mentor this year")
    pinned = MatchConstraint.objects.filter(round=match_round, mentor=mentor, kind=ConstraintKind.PIN)
    free = mentors_with_places(match_round.school_year).filter(pk=mentor.pk).first()
    if free is None or pinned.exclude(mentee=mentee).count() >= free.capacity - free.taken:
        reasons.append("the mentor has no free place left")
    return "; ".join(reasons)


def queue_round(match_round, *, user=None) -> MatchRound:
    """Queue a round to run on a worker after this transaction commits (eagerly without a broker). With
    the broker down the request still succeeds: the task waits in the outbox until it is back."""
    from leaderdev.notifications.outbox import enqueue

    if not match_round.is_editable:
        raise DomainError("This round is approved or already running.")
    match_round.status = RoundStatus.QUEUED
    match_round.progress = 0
    match_round.progress_message = "Waiting for a worker…"
    match_round.error = ""
    note_change(match_round, user=user, reason="Queued to run")
    match_round.save(update_fields=["status", "progress", "progress_message", "error", "updated_at"])
    enqueue("mentoring.tasks.run_match_round", match_round.pk)
    return match_round


# --- Running -----------------------------------------------------------------------------------------


@dataclass
class LoadedRound:
    """A round's pool as the engine's Problem, plus what is needed to explain and save the result."""

    problem: matching.Problem
    mentees: list[dict]
    mentors: list[dict]
    competency_codes: list[str]
    network_names: dict[int, str]


def _progress(match_round, percent, message, **extra):
    MatchRound.objects.filter(pk=match_round.pk).update(
        progress=percent, progress_message=message, updated_at=timezone.now(), **extra
    )


def side_from_rows(rows, prefix, skills, languages, ids, person_ids) -> matching.Side:
    """One side of a matching Problem from ``.values()`` rows of people and their schools.

    Each row holds ``<prefix>school_id``, ``<prefix>school__level``, ``<prefix>school__network_id``,
    ``<prefix>school__latitude`` and ``<prefix>school__longitude``; `skills` and `languages` are the
    (people x competencies / languages) boolean matrices. The fellowships app builds its fellows and
    hosts with it too.
    """

    def column(name, default, dtype):
        return np.array(
            [row[prefix + name] if row[prefix + name] is not None else default for row in rows],
            dtype=dtype,
        ).reshape(len(rows))

    return matching.Side(
        ids=np.array(ids, dtype=int),
        person_ids=np.array(person_ids, dtype=int),
        school=column("school_id", -1, int),
        network=column("school__network_id", -1, int),
        level=np.array([LEVEL_INDEX.get(row[prefix + "school__level"], -1) for row in rows], dtype=int),
        lat=column("school__latitude", np.nan, float),
        lon=column("school__longitude", np.nan, float),
        skills=skills,
        languages=languages,
    )


def language_matrix(rows_languages) -> np.ndarray:
    """(people x languages) booleans from each person's list of language codes."""
    out = np.zeros((len(rows_languages), len(LANGUAGE_INDEX)), dtype=bool)
    for i, codes in enumerate(rows_languages):
        for code in codes or ():
            if code in LANGUAGE_INDEX:
                out[i, LANGUAGE_INDEX[code]] = True
    return out


def load_round(match_round) -> LoadedRound:
    """Read the round's mentees, mentors, needs, strengths, preferences, conflicts and constraints.

    A fixed number of queries whatever the pool's size; everything becomes NumPy arrays.
    """
    school_year = match_round.school_year
    mentee_rows = list(
        eligible_mentees(school_year)
        .order_by("pk")
        .values(
            "pk",
            "first_name",
            "last_name",
            "school_id",
            "school__name",
            "school__level",
            "school__network_id",
            "school__latitude",
            "school__longitude",
        )
    )
    mentor_rows = list(
        mentors_with_places(school_year)
        .order_by("pk")
        .values(
            "pk",
            "person_id",
            "person__first_name",
            "person__last_name",
            "person__school_id",
            "person__school__name",
            "person__school__level",
            "person__school__network_id",
            "person__school__latitude",
            "person__school__longitude",
            "capacity",
            "taken",
            "languages",
        )
    )
    mentee_index = {row["pk"]: i for i, row in enumerate(mentee_rows)}
    mentor_index = {row["pk"]: j for j, row in enumerate(mentor_rows)}
    mentor_by_person = {row["person_id"]: j for j, row in enumerate(mentor_rows)}

    # The pool's other rows are selected by the year (and a join to the pool's mentors), not by lists
    # of its ids: a round of 2,000 mentees would otherwise send, and have Postgres plan, thousands of
    # parameters per query. The few rows outside the pool (a profile of someone who already has a
    # mentor, a conflict of a mentee from another year ...) are skipped here.
    in_pool = {"mentor__school_year": school_year, "mentor__status": MentorStatus.SELECTED}
    profiles = {
        person_id: languages
        for person_id, languages in MenteeProfile.objects.filter(school_year=school_year)
        .order_by()
        .values_list("person_id", "languages")
        if person_id in mentee_index
    }
    needs = [
        row
        for row in MenteeProfile.needs.through.objects.filter(
            menteeprofile__school_year=school_year
        ).values_list("menteeprofile__person_id", "competency__domain__number", "competency__number")
        if row[0] in mentee_index
    ]
    strengths = [
        row
        for row in Mentor.strengths.through.objects.filter(**in_pool).values_list(
            "mentor_id", "competency__domain__number", "competency__number"
        )
        if row[0] in mentor_index
    ]
    codes = sorted({(d, n) for _, d, n in needs} | {(d, n) for _, d, n in strengths})
    code_index = {code: k for k, code in enumerate(codes)}

    n, m = len(mentee_rows), len(mentor_rows)
    need_matrix = np.zeros((n, len(codes)), dtype=bool)
    for person_id, d, c in needs:
        need_matrix[mentee_index[person_id], code_index[(d, c)]] = True
    strength_matrix = np.zeros((m, len(codes)), dtype=bool)
    for mentor_id, d, c in strengths:
        strength_matrix[mentor_index[mentor_id], code_index[(d, c)]] = True

    mentee_languages = np.zeros((n, len(LANGUAGE_INDEX)), dtype=bool)
    for person_id, languages in profiles.items():
        for code in languages or ():
            if code in LANGUAGE_INDEX:
                mentee_languages[mentee_index[person_id], LANGUAGE_INDEX[code]] = True
    mentor_languages = np.zeros((m, len(LANGUAGE_INDEX)), dtype=bool)
    for j, row in enumerate(mentor_rows):
        for code in row["languages"] or ():
            if code in LANGUAGE_INDEX:
                mentor_languages[j, LANGUAGE_INDEX[code]] = True

    rank = np.zeros((n, m), dtype=int)
    preferences = MentorPreference.objects.filter(profile__school_year=school_year, **in_pool).order_by()
    for person_id, mentor_id, r in preferences.values_list("profile__person_id", "mentor_id", "rank"):
        if person_id in mentee_index and mentor_id in mentor_index:
            rank[mentee_index[person_id], mentor_index[mentor_id]] = r

    conflict = np.zeros((n, m), dtype=bool)
    conflicts = Conflict.objects.filter(
        mentor__mentor_terms__school_year=school_year, mentor__mentor_terms__status=MentorStatus.SELECTED
    ).order_by()
    for mentee_id, mentor_person_id in conflicts.values_list("mentee_id", "mentor_id"):
        if mentee_id in mentee_index and mentor_person_id in mentor_by_person:
            conflict[mentee_index[mentee_id], mentor_by_person[mentor_person_id]] = True

    forbidden = np.zeros((n, m), dtype=bool)
    pins = []
    for mentee_id, mentor_id, kind in MatchConstraint.objects.filter(round=match_round).values_list(
        "mentee_id", "mentor_id", "kind"
    ):
        if mentee_id not in mentee_index or mentor_id not in mentor_index:
            continue  # someone left the pool since the constraint was set
        i, j = mentee_index[mentee_id], mentor_index[mentor_id]
        if kind == ConstraintKind.FORBID:
            forbidden[i, j] = True
        else:
            pins.append((i, j))

    mentees_side = side_from_rows(
        mentee_rows,
        "",
        need_matrix,
        mentee_languages,
        [r["pk"] for r in mentee_rows],
        [r["pk"] for r in mentee_rows],
    )
    mentors_side = side_from_rows(
        mentor_rows,
        "person__",
        strength_matrix,
        mentor_languages,
        [r["pk"] for r in mentor_rows],
        [r["person_id"] for r in mentor_rows],
    )
    problem = matching.Problem(
        mentees=mentees_side,
        mentors=mentors_side,
        capacity=np.array([row["capacity"] - row["taken"] for row in mentor_rows], dtype=int).reshape(m),
        weights={key: float(value) for key, value in match_round.weights.items()},
        preference_rank=rank,
        conflict=conflict,
        forbidden=forbidden,
        pins=pins,
        max_distance_km=float(match_round.max_distance_km) if match_round.max_distance_km else None,
    )
    return LoadedRound(
        problem=problem,
        mentees=mentee_rows,
        mentors=mentor_rows,
        competency_codes=[f"{d}.{c}" for d, c in codes],
        network_names=dict(Network.objects.values_list("pk", "name")),
    )


def run_round(round_id: int) -> MatchRound | None:
    """Compute a round's optimal proposals and save them, replacing any earlier result of the round.

    Writes progress as it goes (load, score and solve, explain, save). A round that fails is marked
    failed with the reason and keeps no half result; an unexpected error is re-raised after that, so
    the worker logs it and the round's page is not left "running" for ever. Returns None when the
    round was deleted before a worker got to it.
    """
    match_round = MatchRound.objects.select_related("school_year").filter(pk=round_id).first()
    if match_round is None or match_round.status == RoundStatus.APPROVED:
        return match_round
    timings = {}
    try:
        started = time.perf_counter()
        _progress(match_round, 5, "Loading mentees and mentors…", status=RoundStatus.RUNNING)
        loaded = load_round(match_round)
        timings["load"] = time.perf_counter() - started

        step = time.perf_counter()
        n, m = len(loaded.mentees), len(loaded.mentors)
        _progress(match_round, 35, f"Scoring {n:,} mentees against {m:,} mentors and solving…")
        result = matching.solve(loaded.problem)
        timings["score_and_solve"] = time.perf_counter() - step

        step = time.perf_counter()
        _progress(match_round, 70, f"Explaining {len(result.pairs):,} proposed pairs…")
        breakdowns = explain_pairs(loaded, result)
        timings["explain"] = time.perf_counter() - step

        step = time.perf_counter()
        _progress(match_round, 80, f"Saving {len(result.pairs):,} proposals…")
        with transaction.atomic():
            _save_result(match_round, loaded, result, breakdowns)
            timings["save"] = time.perf_counter() - step
            timings["total"] = time.perf_counter() - started
            MatchRound.objects.filter(pk=match_round.pk).update(
                status=RoundStatus.PROPOSED,
                progress=100,
                progress_message=(
                    f"{len(result.pairs):,} pairs proposed, {len(result.unmatched):,} unmatched."
                ),
                total_score=result.total_score,
                timings={key: round(value, 4) for key, value in timings.items()},
                computed_at=timezone.now(),
                error="",
                updated_at=timezone.now(),
            )
            _record_run(match_round, "Matching run proposed its pairs")
    except matching.MatchingError as error:
        _progress(
            match_round, 100, "The round could not be computed.", status=RoundStatus.FAILED, error=str(error)
        )
        _record_run(match_round, "Matching run failed")
    except Exception:
        _progress(
            match_round,
            100,
            "The round could not be computed.",
            status=RoundStatus.FAILED,
            error="An unexpected error stopped it; it was logged for the developers. Try running it again.",
        )
        raise
    match_round.refresh_from_db()
    return match_round


def _record_run(match_round, reason: str) -> None:
    """Write the worker's outcome (status, score, error) to the round's audit history.

    The worker moves the round with queryset updates so its progress reports stay cheap; these records
    are the run's result, made by no user.
    """
    match_round.refresh_from_db()
    bulk_update_with_history([match_round], MatchRound, [], default_change_reason=reason)


def _save_result(match_round, loaded: LoadedRound, result: matching.Result, breakdowns: list[dict]) -> None:
    MatchProposal.objects.filter(round=match_round).delete()
    UnmatchedMentee.objects.filter(round=match_round).delete()
    proposals = [
        MatchProposal(
            round_id=match_round.pk,  # an id, not the object: 2,000 related-object checks add up
            mentee_id=loaded.mentees[i]["pk"],
            mentor_id=loaded.mentors[j]["pk"],
            score=round(result.pair_score(i, j), 4),
            breakdown=breakdown,
            pinned=(i, j) in result.pinned,
        )
        for (i, j), breakdown in zip(result.pairs, breakdowns, strict=True)
    ]
    MatchProposal.objects.bulk_create(proposals, batch_size=SAVE_BATCH)
    UnmatchedMentee.objects.bulk_create(
        [
            UnmatchedMentee(
                round_id=match_round.pk,
                mentee_id=loaded.mentees[u.mentee]["pk"],
                reason=u.reason,
                detail=u.detail[:300],
            )
            for u in result.unmatched
        ],
        batch_size=SAVE_BATCH,
    )


_LEVEL_LABELS = dict(SchoolLevel.choices)
_LANGUAGE_LABELS = [label for _, label in Language.choices]


def explain_pairs(loaded: LoadedRound, result: matching.Result, *, chooser: str = "Mentee") -> list[dict]:
    """Each proposed pair's points per criterion and a short reason people can read, in pair order.

    The numbers come from the engine for all pairs at once (``Result.pair_points``); only the wording
    is done pair by pair.
    """
    if not result.pairs:
        return []
    problem = loaded.problem
    rows = np.array([i for i, _ in result.pairs], dtype=int)
    cols = np.array([j for _, j in result.pairs], dtype=int)
    points = {name: np.round(values, 2).tolist() for name, values in result.pair_points(rows, cols).items()}
    distances = matching.distances_km(problem.mentees, problem.mentors, rows, cols).tolist()
    needs = problem.mentees.skills[rows]
    met = needs & problem.mentors.skills[cols]
    need_counts = needs.sum(axis=1).tolist()
    shared_languages = problem.mentees.languages[rows] & problem.mentors.languages[cols]
    asks_language = problem.mentees.languages[rows].any(axis=1).tolist()
    ranks = problem.preference_rank[rows, cols].tolist()
    codes = loaded.competency_codes

    breakdowns = []
    for k, (i, j) in enumerate(result.pairs):
        mentee, mentor = loaded.mentees[i], loaded.mentors[j]
        why = {
            "same_level": _level_why(mentee["school__level"], mentor["person__school__level"]),
            "same_network": _network_why(
                loaded, mentee["school__network_id"], mentor["person__school__network_id"]
            ),
            "strengths": _strengths_why(need_counts[k], [codes[c] for c in np.flatnonzero(met[k])]),
            "language": _language_why(np.flatnonzero(shared_languages[k]), asks_language[k]),
            "distance": "Distance unknown"
            if distances[k] != distances[k]
            else f"{distances[k]:.1f} km apart",
            "preference": f"{chooser}'s choice #{ranks[k]}"
            if ranks[k]
            else f"Not among the {chooser.lower()}'s choices",
        }
        breakdowns.append({name: {"points": points[name][k], "why": why[name]} for name in matching.CRITERIA})
    return breakdowns


def _level_name(level) -> str:
    """A school level as it reads mid-sentence: "elementary", "K-8"."""
    label = _LEVEL_LABELS.get(level, "unknown level")
    return label if label.startswith("K-") else label.lower()


def _level_why(level_e, level_m) -> str:
    if level_e == level_m:
        return f"Both {_level_name(level_e)}"
    first = _level_name(level_e)
    return f"{first[0].upper()}{first[1:]} and {_level_name(level_m)}"


def _network_why(loaded, network_e, network_m) -> str:
    if network_e == network_m:
        return f"Both in {loaded.network_names.get(network_e, 'the same network')}"
    return "Different networks"


def _strengths_why(need_count: int, met_codes: list[str]) -> str:
    if not need_count:
        return "No needs recorded"
    return f"Strong in {len(met_codes)} of {need_count} needs" + (
        f": {', '.join(met_codes)}" if met_codes else ""
    )


def _language_why(shared, asks_language: bool) -> str:
    if len(shared):
        return "Both speak " + ", ".join(_LANGUAGE_LABELS[k] for k in shared)
    return "No shared language asked for" if asks_language else "No language asked for"


# --- Approving ---------------------------------------------------------------------------------------


def approve_round(match_round, *, user) -> list[Mentorship]:
    """Turn the round's proposals into active mentorships, all or nothing.

    Refused when the round has no fresh result, or when a proposal went stale (the mentee got a mentor
    elsewhere, or the mentor no longer has the place): re-run the round then.
    """
    with transaction.atomic():
        match_round = MatchRound.objects.select_for_update().get(pk=match_round.pk)
        if match_round.status != RoundStatus.PROPOSED:
            raise DomainError("Only a round with proposals can be approved; run it first.")
        proposals = list(match_round.proposals.select_related("mentor"))
        if not proposals:
            raise DomainError("This round proposes no pairs.")
        still_eligible = set(
            eligible_mentees(match_round.school_year)
            .filter(pk__in=[p.mentee_id for p in proposals])
            .values_list("pk", flat=True)
        )
        free = {
            mentor.pk: mentor.capacity - mentor.taken
            for mentor in mentors_with_places(match_round.school_year).filter(
                pk__in={p.mentor_id for p in proposals}
            )
        }
        wanted: dict[int, int] = {}
        for proposal in proposals:
            wanted[proposal.mentor_id] = wanted.get(proposal.mentor_id, 0) + 1
        stale = [p for p in proposals if p.mentee_id not in still_eligible]
        full = [mentor_id for mentor_id, count in wanted.items() if free.get(mentor_id, 0) < count]
        if stale or full:
            raise DomainError(
                "The pool changed since this round ran "
                f"({len(stale)} mentees already have a mentor or left, {len(full)} mentors lack places). "
                "Run the round again, then approve."
            )
        today = timezone.localdate()
        start = max(today, match_round.school_year.start_date)
        mentorships = bulk_create_with_history(
            [
                Mentorship(
                    school_year=match_round.school_year,
                    mentor_id=p.mentor_id,
                    mentee_id=p.mentee_id,
                    match_round=match_round,
                    started_on=start,
                )
                for p in proposals
            ],
            Mentorship,
            batch_size=1000,
            default_user=user if getattr(user, "pk", None) else None,
            default_change_reason=f"Approved round {match_round.name}"[:100],
        )
        match_round.status = RoundStatus.APPROVED
        match_round.approved_by = user
        match_round.approved_at = timezone.now()
        note_change(match_round, user=user, reason="Approved")
        match_round.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return mentorships
