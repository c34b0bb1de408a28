"""The bench_matching command at a small size (its table, a zero optimality gap, no rows left), and the
fast paths it times: they must compute exactly what the engine's reference scoring computes. No timing
is asserted."""

import io
import re

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings

from leaderdev.models import Network, Person, School, SchoolYear
from mentoring import matching
from mentoring.models import MatchProposal, MatchRound, Mentor
from tests.mentoring.test_matching_engine import problems

SMALL = ("--mentees", "60", "--mentors", "30", "--capacity", "2", "--seed", "3")


def bench(*args) -> list[str]:
    out = io.StringIO()
    call_command("bench_matching", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.django_db
def test_it_prints_the_parts_of_the_round_and_the_targets(framework_v4):
    lines = bench(*SMALL)

    assert lines[0].startswith("Pool: 60 new leaders, 30 mentors x 2 places (seed 3;")
    assert lines[0].endswith("best of 3 runs.")
    assert re.match(r"Proposed 60 pairs \(bare solver 60, independent solver 60\); 0 unmatched", lines[1])
    parts = {line.rsplit(maxsplit=1)[0].strip(): line.rsplit(maxsplit=1)[1] for line in lines[3:12]}
    assert list(parts) == [
        "load",
        "score+solve",
        "explain",
        "save (db writes)",
        "whole round",
        "whole round (wall)",
        "whole round, first run",
        "bare solver",
        "independent check",
    ]
    assert all(re.fullmatch(r"\d+\.\d{3}", seconds) for seconds in parts.values())
    targets = [line for line in lines if line.startswith("whole round <=")]
    assert len(targets) == 2 and all(line.split()[-1] in {"PASS", "FAIL"} for line in targets)


@pytest.mark.django_db
def test_its_round_is_optimal(framework_v4):
    assert "optimality gap: 0" in bench(*SMALL)


@pytest.mark.django_db
def test_it_leaves_no_rows(framework_v4):
    counts = [model.objects.count() for model in (SchoolYear, Network, School, Person, Mentor, MatchRound)]

    lines = bench(*SMALL)

    assert lines[-1] == "Rolled back: the benchmark left no rows."
    assert [model.objects.count() for model in (SchoolYear, Network, School, Person, Mentor, MatchRound)] == (
        counts
    )
    assert not MatchProposal.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_capacity_no_mentor_may_have():
    with pytest.raises(CommandError, match="between 1 and 6"):
        bench("--capacity", "7")


@pytest.mark.django_db
def test_it_refuses_to_run_nothing():
    with pytest.raises(CommandError, match="at least 1"):
        bench("--repeat", "0")


@settings(max_examples=300, deadline=None)
@given(problems())
def test_the_solvers_scoring_equals_the_reference_scoring(problem):
    _points, reference = matching.score(problem)
    assert np.array_equal(matching.total_scores(problem), reference)


@settings(max_examples=200, deadline=None)
@given(problems())
def test_the_breakdown_of_chosen_pairs_equals_the_full_matrices(problem):
    points, _scores = matching.score(problem)
    result = matching.solve(problem)
    rows = np.array([i for i, _ in result.pairs], dtype=int)
    cols = np.array([j for _, j in result.pairs], dtype=int)
    for name, values in result.pair_points(rows, cols).items():
        assert np.allclose(values, points[name][rows, cols], atol=1e-3), name
