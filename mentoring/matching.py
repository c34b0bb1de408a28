"""The matching engine: the optimal assignment of mentees to mentors' places, explained.

It knows nothing of Django. A ``Problem`` holds arrays (one row per mentee, one column per mentor); the
engine scores every pair at once with NumPy, masks the pairs the hard rules forbid, expands each mentor
into as many columns as they have free places, and solves the linear assignment problem with
``scipy.optimize.linear_sum_assignment``. The mentoring services turn database rows into a Problem and
the result back into proposals; the fellowships app reuses the same engine for fellow-to-host matching.

Objective. The assignment first matches as many mentees as the hard rules allow, then, among all such
assignments, maximises the total score. Each feasible pair's cost is ``-(BIG + score)`` where ``BIG``
exceeds any possible difference of total scores, so one more matched pair always beats any gain in
score; forbidden pairs cost 0, the same as leaving the mentee unmatched, and are dropped afterwards.
Because an unmatched mentee and a mentee on a forbidden pair cost the same, no dummy columns are
needed and the matrix stays mentees x places.

Scores. Each criterion gives a pair a value in [0, 1], multiplied by the round's weight for it (0-10):
points per criterion, which are what staff see in the breakdown, and the pair's score is their sum.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

# Criteria in display order (keys match MatchRound.weight_<key>).
CRITERIA = ("same_level", "same_network", "strengths", "language", "distance", "preference")

# How alike two school levels are for mentoring: K-8 leaders share much with elementary and middle.
LEVELS = ("elementary", "middle", "k8", "high")
LEVEL_SIMILARITY = np.array(
    [
        # elem  mid   k8    high
        [1.0, 0.0, 0.5, 0.0],  # elementary
        [0.0, 1.0, 0.5, 0.25],  # middle
        [0.5, 0.5, 1.0, 0.0],  # k8
        [0.0, 0.25, 0.0, 1.0],  # high
    ]
)
# Travel scores fall linearly to 0 at this distance when the round sets no limit of its own.
DEFAULT_TRAVEL_SCALE_KM = 25.0
# A pair whose distance is unknown (a school without coordinates) scores this much for travel.
UNKNOWN_DISTANCE_SCORE = 0.5
MAX_PREFERENCE_RANK = 5
EARTH_RADIUS_KM = 6371.0
# Mentees scored at a time: a block of (rows x mentors) scratch stays in the CPU's cache.
SCORE_BLOCK_ROWS = 256


class MatchingError(ValueError):
    """The problem cannot be solved as given (e.g. a pin breaks a hard rule)."""


@dataclass
class Side:
    """People on one side of the matching (mentees or mentors), one entry per person.

    level: index into LEVELS (or -1 if unknown); school, network: ids (-1 for none);
    lat/lon: degrees, NaN when unknown; skills: (people x competencies) booleans, needs for mentees,
    strengths for mentors; languages: (people x languages) booleans.
    """

    ids: np.ndarray
    person_ids: np.ndarray
    school: np.ndarray
    network: np.ndarray
    level: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    skills: np.ndarray
    languages: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Problem:
    """Everything a round needs, as arrays. Pair matrices are (mentees x mentors)."""

    mentees: Side
    mentors: Side
    capacity: np.ndarray  # free places per mentor (after active mentorships)
    weights: dict[str, float]
    preference_rank: np.ndarray  # 0 = not ranked, 1 = first choice ...
    conflict: np.ndarray  # bool: recorded conflicts
    forbidden: np.ndarray  # bool: forbidden by staff in this round
    pins: list[tuple[int, int]] = field(default_factory=list)  # (mentee index, mentor index)
    max_distance_km: float | None = None
    # What the two sides are called in the explanations (fellowships match fellows to hosts).
    nouns: tuple[str, str] = ("mentee", "mentor")


@dataclass
class Unmatched:
    mentee: int
    reason: str  # "no_eligible_mentor" or "capacity"
    detail: str


@dataclass
class Result:
    pairs: list[tuple[int, int]]  # (mentee index, mentor index)
    pinned: set[tuple[int, int]]
    unmatched: list[Unmatched]
    scores: np.ndarray  # (mentees x mentors) total score
    total_score: float
    problem: Problem | None = None

    def pair_score(self, i: int, j: int) -> float:
        return float(self.scores[i, j])

    def pair_points(self, rows, cols) -> dict[str, np.ndarray]:
        """Points per criterion of the pairs (rows[k], cols[k]): one array per criterion, for all at once."""
        rows, cols = np.asarray(rows, dtype=int), np.asarray(cols, dtype=int)
        return {
            name: values * float(self.problem.weights.get(name, 0))
            for name, values in criterion_values(self.problem, rows=rows, cols=cols).items()
        }

    def breakdown(self, i: int, j: int) -> dict[str, float]:
        points = self.pair_points([i], [j])
        return {name: round(float(points[name][0]), 2) for name in CRITERIA}


# --- Scoring -----------------------------------------------------------------------------------------


def _unit_vectors(side: Side) -> np.ndarray:
    """Each school's position as a 3-D unit vector (zeros where unknown; callers mask those)."""
    lat, lon = np.radians(np.nan_to_num(side.lat)), np.radians(np.nan_to_num(side.lon))
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))


def _chord_to_km(chord_squared: np.ndarray) -> np.ndarray:
    """Great-circle distance from the squared straight-line distance between two unit vectors."""
    np.clip(chord_squared, 0.0, 4.0, out=chord_squared)
    np.sqrt(chord_squared, out=chord_squared)
    chord_squared *= 0.5
    np.arcsin(chord_squared, out=chord_squared)
    chord_squared *= 2 * EARTH_RADIUS_KM
    return chord_squared


def distances_km(mentees: Side, mentors: Side, rows=None, cols=None) -> np.ndarray:
    """Great-circle distances between mentees' and mentors' schools (NaN when unknown).

    Every pair as a (mentees x mentors) matrix, or only the pairs (rows[k], cols[k]) when given. The
    matrix comes from one product of unit vectors (|a - b|^2 = 2 - 2 a.b) rather than trigonometry on
    every pair: ten times faster, and within a metre at any distance.
    """
    a, b = _unit_vectors(mentees), _unit_vectors(mentors)
    unknown_e = np.isnan(mentees.lat) | np.isnan(mentees.lon)
    unknown_m = np.isnan(mentors.lat) | np.isnan(mentors.lon)
    if rows is None:
        distance, unknown = a @ b.T, unknown_e[:, None] | unknown_m[None, :]
    else:
        distance, unknown = np.einsum("ij,ij->i", a[rows], b[cols]), unknown_e[rows] | unknown_m[cols]
    distance *= -2.0
    distance += 2.0  # now the squared chord, 2 - 2 a.b
    distance = _chord_to_km(distance)
    distance[unknown] = np.nan
    return distance


def criterion_values(
    problem: Problem, distance: np.ndarray | None = None, rows=None, cols=None
) -> dict[str, np.ndarray]:
    """Each criterion's value in [0, 1]: for every pair as (mentees x mentors) arrays, or only for the
    pairs (rows[k], cols[k]) when given (the breakdown of a result's pairs).

    One definition serves both: ``left``/``right`` put a mentee's and a mentor's attribute where
    NumPy's broadcasting pairs them.
    """
    e, m = problem.mentees, problem.mentors
    if rows is None:

        def left(values):
            return values[:, None]

        def right(values):
            return values[None, :]

        def overlap(a, b):
            return a.astype(float) @ b.astype(float).T

        rank = problem.preference_rank
    else:

        def left(values):
            return values[rows]

        def right(values):
            return values[cols]

        def overlap(a, b):
            return (a[rows] & b[cols]).sum(axis=1).astype(float)

        rank = problem.preference_rank[rows, cols]

    known = (left(e.level) >= 0) & (right(m.level) >= 0)
    level = LEVEL_SIMILARITY[left(np.maximum(e.level, 0)), right(np.maximum(m.level, 0))]
    level = np.where(known, level, 0.0)

    network = ((left(e.network) == right(m.network)) & (left(e.network) >= 0)).astype(float)

    met = overlap(e.skills, m.skills)
    need_counts = left(e.skills.sum(axis=1).astype(float))
    strengths = np.divide(met, need_counts, out=np.zeros_like(met), where=need_counts > 0)

    language = (overlap(e.languages, m.languages) > 0).astype(float)

    if distance is None:
        distance = distances_km(e, m, rows, cols)
    scale = float(problem.max_distance_km or DEFAULT_TRAVEL_SCALE_KM)
    travel = np.where(np.isnan(distance), UNKNOWN_DISTANCE_SCORE, np.clip(1.0 - distance / scale, 0.0, 1.0))

    preference = np.where(rank > 0, (MAX_PREFERENCE_RANK + 1 - rank) / MAX_PREFERENCE_RANK, 0.0)
    preference = np.clip(preference, 0.0, 1.0)

    return {
        "same_level": level,
        "same_network": network,
        "strengths": strengths,
        "language": language,
        "distance": travel,
        "preference": preference,
    }


def score(problem: Problem, distance: np.ndarray | None = None) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Points per criterion (value x weight) and the total score of every pair."""
    values = criterion_values(problem, distance)
    points = {name: values[name] * float(problem.weights.get(name, 0)) for name in CRITERIA}
    total = np.zeros((len(problem.mentees), len(problem.mentors)))
    for name in CRITERIA:
        total += points[name]
    return points, total


def total_scores(problem: Problem, distance: np.ndarray | None = None) -> np.ndarray:
    """The total score of every pair, equal to ``score``'s total, computed the fast way for the solver.

    Same criteria, same operations in the same order (so the same numbers, to the last bit), but
    accumulated in place, a block of mentees at a time, with one small scratch array: a large round
    would otherwise allocate and fault in a dozen (mentees x mentors) arrays, which costs more than
    the arithmetic. The breakdown is computed afterwards for the chosen pairs alone
    (``Result.pair_points``).
    """
    e, m = problem.mentees, problem.mentors
    n, k = len(e), len(m)
    weight = {name: float(problem.weights.get(name, 0)) for name in CRITERIA}
    total = np.zeros((n, k))
    if not n or not k:
        return total
    if weight["distance"] and distance is None:
        distance = distances_km(e, m)
    # A 5x5 level table whose last row and column (index -1) stand for an unknown level: 0 points.
    level_table = np.zeros((len(LEVELS) + 1, len(LEVELS) + 1))
    level_table[: len(LEVELS), : len(LEVELS)] = LEVEL_SIMILARITY
    level_rows = level_table[e.level]
    needs, strengths = _as_words(e.skills), _as_words(m.skills)
    need_counts = e.skills.sum(axis=1).astype(float)[:, None]
    asks, speaks = _as_words(e.languages), _as_words(m.languages)
    travel_scale = float(problem.max_distance_km or DEFAULT_TRAVEL_SCALE_KM)
    block = np.empty((min(SCORE_BLOCK_ROWS, n), k))

    for first in range(0, n, SCORE_BLOCK_ROWS):
        rows = slice(first, min(first + SCORE_BLOCK_ROWS, n))
        out = total[rows]
        scratch = block[: out.shape[0]]

        if weight["same_level"]:
            np.take(level_rows[rows], m.level, axis=1, out=scratch)
            scratch *= weight["same_level"]
            out += scratch

        if weight["same_network"]:
            network = e.network[rows, None]
            np.add(
                out, weight["same_network"], out=out, where=(network == m.network[None, :]) & (network >= 0)
            )

        if weight["strengths"] and e.skills.shape[1]:
            _count_shared(needs[rows], strengths, out=scratch)
            # A mentee with no needs meets none of them: their row is 0 already, left as it is.
            np.divide(scratch, need_counts[rows], out=scratch, where=need_counts[rows] > 0)
            scratch *= weight["strengths"]
            out += scratch

        if weight["language"] and e.languages.shape[1]:
            _count_shared(asks[rows], speaks, out=scratch)
            np.add(out, weight["language"], out=out, where=scratch > 0)

        if weight["distance"]:
            np.divide(distance[rows], travel_scale, out=scratch)
            np.subtract(1.0, scratch, out=scratch)
            np.clip(scratch, 0.0, 1.0, out=scratch)
            scratch[np.isnan(distance[rows])] = UNKNOWN_DISTANCE_SCORE
            scratch *= weight["distance"]
            out += scratch

        if weight["preference"]:
            rank = problem.preference_rank[rows]
            np.subtract(MAX_PREFERENCE_RANK + 1, rank, out=scratch, casting="unsafe")
            scratch /= MAX_PREFERENCE_RANK
            scratch[rank <= 0] = 0.0
            np.clip(scratch, 0.0, 1.0, out=scratch)
            scratch *= weight["preference"]
            out += scratch
    return total


def _as_words(flags: np.ndarray) -> np.ndarray:
    """Each row's booleans packed into 64-bit words, (rows x words), to count shared flags by popcount."""
    packed = np.packbits(flags, axis=1, bitorder="little")
    words = max(1, -(-packed.shape[1] // 8))
    padded = np.zeros((flags.shape[0], words * 8), dtype=np.uint8)
    padded[:, : packed.shape[1]] = packed
    return padded.view(np.uint64)


def _count_shared(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> np.ndarray:
    """out[i, j] = how many flags row i of `a` and row j of `b` (packed by _as_words) have in common.

    The same counts as a product of 0/1 matrices, without BLAS: these products are too small to gain
    from its threads, which only contend with everything else on a busy machine.
    """
    out[...] = 0.0
    for word in range(a.shape[1]):
        out += np.bitwise_count(a[:, word, None] & b[None, :, word])
    return out


# --- Hard rules --------------------------------------------------------------------------------------


def exclusions(problem: Problem, distance: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Each hard rule's (mentees x mentors) mask of the pairs it rules out."""
    e, m = problem.mentees, problem.mentors
    rules = {
        "themselves": e.person_ids[:, None] == m.person_ids[None, :],
        "same school": (e.school[:, None] == m.school[None, :]) & (e.school[:, None] >= 0),
        "conflict": problem.conflict.astype(bool),
        "forbidden": problem.forbidden.astype(bool),
    }
    if problem.max_distance_km is not None:
        if distance is None:
            distance = distances_km(e, m)
        rules["too far"] = distance > problem.max_distance_km  # an unknown (NaN) distance is never too far
    return rules


def allowed(rules: dict[str, np.ndarray], shape: tuple[int, int]) -> np.ndarray:
    ok = np.ones(shape, dtype=bool)
    for mask in rules.values():
        ok &= ~mask
    return ok


# --- Solving -----------------------------------------------------------------------------------------


def big_m(scores: np.ndarray) -> float:
    """A bonus per matched pair larger than any difference in total score between two assignments."""
    if scores.size == 0:
        return 1.0
    return float(scores.shape[0] * max(float(scores.max()), 0.0) + 1.0)


def assignment_cost(scores: np.ndarray, feasible: np.ndarray, slot_mentor: np.ndarray) -> np.ndarray:
    """The (mentees x places) cost matrix: -(BIG + score) on feasible pairs, 0 elsewhere.

    Places come mentor by mentor (``slot_mentor`` as ``solve`` makes it, sorted), so each mentor's
    column is repeated into their places with ``np.repeat``, several times faster than a gather;
    the costs are then finished in place, in the one large array the solver needs.
    """
    bonus = big_m(scores)
    if slot_mentor.size and np.all(slot_mentor[1:] >= slot_mentor[:-1]):
        places = np.bincount(slot_mentor, minlength=scores.shape[1])
        cost, infeasible = np.repeat(scores, places, axis=1), np.repeat(feasible, places, axis=1)
    else:
        cost, infeasible = scores[:, slot_mentor], feasible[:, slot_mentor]
    np.logical_not(infeasible, out=infeasible)
    cost += bonus
    np.negative(cost, out=cost)
    np.copyto(cost, 0.0, where=infeasible)
    return cost


def solve_cost(cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The bare solver: rows and columns of the minimum-cost assignment."""
    if cost.size == 0:
        return np.array([], dtype=int), np.array([], dtype=int)
    return linear_sum_assignment(cost)


def solve(problem: Problem) -> Result:
    """The optimal assignment under the problem's hard rules, pins and weights (see module docstring)."""
    n, m = len(problem.mentees), len(problem.mentors)
    distance = distances_km(problem.mentees, problem.mentors) if n and m else np.zeros((n, m))
    scores = total_scores(problem, distance)
    rules = exclusions(problem, distance)
    feasible = allowed(rules, (n, m))

    capacity = np.asarray(problem.capacity, dtype=int).copy()
    pinned_rows = np.zeros(n, dtype=bool)
    pairs: list[tuple[int, int]] = []
    for i, j in problem.pins:
        if pinned_rows[i]:
            raise MatchingError("A mentee is pinned to two mentors.")
        broken = [name for name, mask in rules.items() if name != "forbidden" and mask[i, j]]
        if broken:
            raise MatchingError(f"A pinned pair breaks a hard rule ({', '.join(broken)}).")
        if capacity[j] <= 0:
            raise MatchingError("More pairs are pinned to a mentor than they have places.")
        capacity[j] -= 1
        pinned_rows[i] = True
        pairs.append((i, j))

    free_rows = np.flatnonzero(~pinned_rows)
    slot_mentor = np.repeat(np.arange(m), np.minimum(np.maximum(capacity, 0), len(free_rows)))
    if problem.pins:
        cost = assignment_cost(scores[free_rows], feasible[free_rows], slot_mentor)
    else:  # every row is free: spare copying the matrices
        cost = assignment_cost(scores, feasible, slot_mentor)
    rows, cols = solve_cost(cost)
    matched = np.zeros(n, dtype=bool)
    matched[pinned_rows] = True
    for r, c in zip(rows, cols, strict=True):
        i, j = int(free_rows[r]), int(slot_mentor[c])
        if feasible[i, j]:
            pairs.append((i, j))
            matched[i] = True

    with_places = capacity > 0
    unmatched = [
        _why_unmatched(i, rules, feasible, with_places, problem.nouns) for i in np.flatnonzero(~matched)
    ]
    total = float(sum(scores[i, j] for i, j in pairs))
    return Result(
        pairs=sorted(pairs),
        pinned={tuple(p) for p in problem.pins},
        unmatched=unmatched,
        scores=scores,
        total_score=total,
        problem=problem,
    )


def _why_unmatched(i, rules, feasible, with_places, nouns=("mentee", "mentor")) -> Unmatched:
    """Say why row `i` has no partner: no one is eligible, or every eligible partner is full."""
    one, other = nouns
    eligible = feasible[i] & with_places
    if eligible.any():
        count = int(eligible.sum())
        return Unmatched(
            int(i),
            "capacity",
            f"{count} eligible {other}{'s' if count != 1 else ''}, but every place went to other {one}s "
            f"in the best overall matching. Add a {other} or a place, or pin this {one}.",
        )
    m = feasible.shape[1]
    if m == 0:
        return Unmatched(int(i), "no_eligible_mentor", f"There are no selected {other}s with free places.")
    parts = []
    for name, mask in rules.items():
        count = int(mask[i].sum())
        if count:
            parts.append(f"{count} {name}")
    full = int((~with_places & feasible[i]).sum())
    if full:
        parts.append(f"{full} already full")
    detail = f"None of the {m} {other}{'s' if m != 1 else ''} is eligible: " + ", ".join(parts) + "."
    return Unmatched(int(i), "no_eligible_mentor", detail)


def total_of(pairs, scores) -> float:
    return float(sum(scores[i, j] for i, j in pairs))
