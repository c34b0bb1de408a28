"""seed_demo's recruitment data: a realistic cycle for next year at every scale, idempotent, and the
recruiter's pages populated."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from leaderdev.models import SchoolYear, User
from recruitment.models import (
    PIPELINE,
    Application,
    Candidate,
    ContactAttempt,
    HiringCycle,
    Interview,
    Opening,
    ReferenceCheck,
    ReferenceStatus,
    Scorecard,
    ScorecardRating,
    Source,
    SourceKind,
    Stage,
    StageChange,
)
from recruitment.queries import funnel
from tests.demo_data import flush

pytestmark = pytest.mark.django_db

MODELS = (
    HiringCycle,
    Opening,
    Source,
    Candidate,
    Application,
    StageChange,
    Interview,
    Scorecard,
    ScorecardRating,
    ReferenceCheck,
    ContactAttempt,
)


def seed_demo(**options) -> str:
    out = StringIO()
    call_command("seed_demo", allow_production=True, stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The small demo, seeded once for the module's read-only tests."""
    with django_db_blocker.unblock():
        flush()
        seed_demo(scale="small")
    yield
    with django_db_blocker.unblock():
        flush()


def test_seeding_twice_changes_nothing(seeded):
    before = counts()
    seed_demo(scale="small")
    assert counts() == before


def test_it_makes_a_cycle_for_next_school_year(seeded):
    cycle = HiringCycle.objects.get()
    assert cycle.school_year.name == "2027-2028"
    assert not cycle.school_year.is_current
    assert SchoolYear.objects.current().name == "2026-2027"
    assert cycle.openings.exists()


def test_it_has_every_kind_of_source(seeded):
    kinds = set(Source.objects.values_list("kind", flat=True))
    assert kinds == set(SourceKind.values)
    assert not Source.objects.filter(kind=SourceKind.RECRUITMENT_FELLOW, fellow__isnull=True).exists()


def test_some_candidates_are_district_staff(seeded):
    assert Candidate.objects.filter(person__isnull=False).exists()
    assert (
        Candidate.objects.filter(person__isnull=True).count()
        > Candidate.objects.filter(person__isnull=False).count()
    )


def test_applications_spread_across_the_pipeline_with_history(seeded):
    stages = set(Application.objects.values_list("stage", flat=True))
    assert {Stage.APPLIED, Stage.SCREENED, Stage.FIRST_INTERVIEW, Stage.REJECTED} <= stages
    assert len(stages) >= 6
    without_history = Application.objects.annotate(n=Count("stage_changes")).filter(n=0)
    assert not without_history.exists()


def test_every_application_ends_where_its_history_does(seeded):
    for application in Application.objects.prefetch_related("stage_changes"):
        latest = max(application.stage_changes.all(), key=lambda change: change.changed_at)
        assert latest.to_stage == application.stage
        assert latest.changed_at == application.stage_entered_at


def test_closed_applications_say_why(seeded):
    closed = Application.objects.filter(stage__in=[Stage.REJECTED, Stage.WITHDRAWN])
    assert closed.exists()
    assert not closed.filter(closed_reason="").exists()


def test_history_runs_from_september_to_november(seeded):
    days = [at.date() for at in StageChange.objects.values_list("changed_at", flat=True)]
    assert min(days).isoformat() >= "2026-09-01"
    assert max(days).isoformat() <= "2026-11-25"


def test_interviews_have_panels_with_the_recruiter_and_submitted_scorecards(seeded):
    recruiter = User.objects.get(email="recruiter@leaderdev.example")
    assert Interview.objects.filter(panelists=recruiter).exists()
    assert Scorecard.objects.filter(submitted_at__isnull=False).exists()
    assert ScorecardRating.objects.exists()
    assert not Interview.objects.annotate(n=Count("panelists")).filter(n__lt=2).exists()


def test_applications_past_references_have_enough_completed(seeded):
    beyond = PIPELINE[PIPELINE.index(Stage.REFERENCE_CHECKS) + 1 :]
    for application in Application.objects.filter(stage__in=beyond):
        assert application.references.filter(status=ReferenceStatus.COMPLETED).count() >= 2


def test_some_references_are_still_pending(seeded):
    statuses = set(ReferenceCheck.objects.values_list("status", flat=True))
    assert ReferenceStatus.COMPLETED in statuses
    assert statuses - {ReferenceStatus.COMPLETED}


def test_the_recruiter_sees_the_board_and_funnel_populated(seeded, client):
    client.force_login(User.objects.get(email="recruiter@leaderdev.example"))
    board = client.get(reverse("recruitment:board"))
    assert board.status_code == 200
    latest = Application.objects.filter(stage__in=PIPELINE).order_by("-stage_entered_at").first()
    candidate = latest.candidate
    assert candidate.last_name in board.content.decode()
    report = client.get(reverse("recruitment:funnel")).context["report"]
    assert report.applications == Application.objects.count()
    assert report.stages[2].reached > 0


def test_the_funnel_counts_the_demo_by_its_history(seeded):
    report = funnel.funnel_report(funnel.FunnelFilter({}, queryset=Application.objects.all()))
    assert report.stages[0].reached == Application.objects.count()
    assert [row.reached for row in report.stages] == sorted(
        (row.reached for row in report.stages), reverse=True
    )


def test_the_district_scale_works_and_is_idempotent():
    flush()
    try:
        seed_demo(scale="district")
        first = counts()
        assert first["Application"] >= 400
        seed_demo(scale="district")
        assert counts() == first
    finally:
        flush()
