"""The matching engine is optimal and obeys every hard rule: checked against brute force (hypothesis)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentoring import matching
from mentoring.matching import Problem, Side

N_COMPETENCIES = 4
N_LANGUAGES = 3


def side(draw, size, first_person_id):
    bools = st.booleans()
    return Side(
        ids=np.arange(size),
        person_ids=np.arange(first_person_id, first_person_id + size),
        school=np.array(draw(st.lists(st.integers(0, 3), min_size=size, max_size=size)), dtype=int),
        network=np.array(draw(st.lists(st.integers(0, 1), min_size=size, max_size=size)), dtype=int),
        level=np.array(draw(st.lists(st.integers(0, 3), min_size=size, max_size=size)), dtype=int),
        lat=np.array(
            draw(st.lists(st.one_of(st.none(), st.floats(42.2, 42.4)), min_size=size, max_size=size)),
            dtype=float,
        ),
        lon=np.full(size, -71.06),
        skills=np.array(
            draw(
                st.lists(
                    st.lists(bools, min_size=N_COMPETENCIES, max_size=N_COMPETENCIES),
                    min_size=size,
                    max_size=size,
                )
            )
            or np.zeros((0, N_COMPETENCIES)),
            dtype=bool,
        ).reshape(size, N_COMPETENCIES),
        languages=np.array(
            draw(
                st.lists(
                    st.lists(bools, min_size=N_LANGUAGES, max_size=N_LANGUAGES), min_size=size, max_size=size
                )
            )
            or np.zeros((0, N_LANGUAGES)),
            dtype=bool,
        ).reshape(size, N_LANGUAGES),
    )


@st.composite
def problems(draw):
    n = draw(st.integers(1, 5))
    m = draw(st.integers(1, 4))
    mentees = side(draw, n, 0)
    mentors = side(draw, m, 100)
    matrix = st.lists(st.lists(st.booleans(), min_size=m, max_size=m), min_size=n, max_size=n)
    ranks = st.lists(st.lists(st.integers(0, 5), min_size=m, max_size=m), min_size=n, max_size=n)
    return Problem(
        mentees=mentees,
        mentors=mentors,
        capacity=np.array(draw(st.lists(st.integers(0, 2), min_size=m, max_size=m)), dtype=int),
        weights={name: draw(st.integers(0, 10)) for name in matching.CRITERIA},
        preference_rank=np.array(draw(ranks), dtype=int),
        conflict=np.array(draw(matrix), dtype=bool) & np.array(draw(matrix), dtype=bool),
        forbidden=np.array(draw(matrix), dtype=bool) & np.array(draw(matrix), dtype=bool),
        max_distance_km=draw(st.one_of(st.none(), st.sampled_from([5.0, 15.0]))),
    )


def brute_force(problem):
    """The best (number matched, total score) over every assignment, by exhaustive search."""
    _points, scores = matching.score(problem)
    feasible = matching.allowed(matching.exclusions(problem), scores.shape)
    n, m = scores.shape
    best = (0, 0.0)

    def walk(i, capacity, count, total):
        nonlocal best
        if i == n:
            if count > best[0] or (count == best[0] and total > best[1] + 1e-9):
                best = (count, total)
            return
        walk(i + 1, capacity, count, total)
        for j in range(m):
            if feasible[i, j] and capacity[j] > 0:
                capacity[j] -= 1
                walk(i + 1, capacity, count + 1, total + scores[i, j])
                capacity[j] += 1

    walk(0, list(problem.capacity), 0, 0.0)
    return best


@settings(max_examples=300, deadline=None)
@given(problems())
def test_it_finds_the_brute_force_optimum(problem):
    result = matching.solve(problem)
    count, total = brute_force(problem)
    assert len(result.pairs) == count
    assert result.total_score == pytest.approx(total, abs=1e-6)


@settings(max_examples=300, deadline=None)
@given(problems())
def test_it_respects_every_hard_rule(problem):
    result = matching.solve(problem)
    feasible = matching.allowed(matching.exclusions(problem), result.scores.shape)
    per_mentor = np.bincount([j for _, j in result.pairs], minlength=len(problem.mentors))
    assert (per_mentor <= problem.capacity).all()
    assert len({i for i, _ in result.pairs}) == len(result.pairs)
    for i, j in result.pairs:
        assert feasible[i, j]
        assert problem.mentees.school[i] != problem.mentors.school[j]
        assert not problem.conflict[i, j] and not problem.forbidden[i, j]


@settings(max_examples=200, deadline=None)
@given(problems())
def test_every_unmatched_mentee_gets_a_reason(problem):
    result = matching.solve(problem)
    matched = {i for i, _ in result.pairs}
    unmatched = {u.mentee for u in result.unmatched}
    assert matched | unmatched == set(range(len(problem.mentees)))
    assert not matched & unmatched
    for u in result.unmatched:
        assert u.reason in ("no_eligible_mentor", "capacity") and u.detail
