"""seed_demo's fellowship data: this year's cohort in residency and next year's open call, at every scale,
idempotent, placed by the real matching, and readable by fellow@ and their host mentor@."""

import datetime
import re
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum
from django.utils import timezone

from competencies.queries.assessments import office_version
from fellowships.models import (
    ApplicationStatus,
    ApplicationStatusChange,
    Cohort,
    CohortMilestone,
    Fellow,
    FellowshipApplication,
    FellowStatus,
    Host,
    HostPreference,
    HostStatus,
    HoursEntry,
    Milestone,
    PlacementProposal,
    Recommendation,
    Reflection,
    Residency,
)
from fellowships.queries.public import public_fellows
from fellowships.queries.residency import hours_progress
from fellowships.services.selection import places_left
from leaderdev.models import Person, Position, SchoolYear, User
from leaderdev.permissions import visible_to
from recruitment.models import Source, SourceKind
from tests.demo_data import flush

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)
MODELS = (
    Cohort,
    CohortMilestone,
    FellowshipApplication,
    ApplicationStatusChange,
    Recommendation,
    Fellow,
    Host,
    HostPreference,
    PlacementProposal,
    Residency,
    Milestone,
    HoursEntry,
    Reflection,
)
HEADS = (Position.PRINCIPAL, Position.HEAD_OF_SCHOOL)


def seed_demo(**options) -> str:
    out = StringIO()
    call_command("seed_demo", allow_production=True, stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def digest():
    """What the fellowship demo made, by natural keys and dates (never primary keys)."""
    return {
        "applications": sorted(
            FellowshipApplication.objects.values_list(
                "cohort__slug", "person__employee_id", "supervisor__employee_id", "status", "decision_reason"
            )
        ),
        "changes": sorted(
            ApplicationStatusChange.objects.values_list(
                "application__person__employee_id", "to_status", "changed_at"
            )
        ),
        "fellows": sorted(
            Fellow.objects.values_list("person__employee_id", "status", "public_opt_in", "show_school", "bio")
        ),
        "residencies": sorted(
            Residency.objects.values_list(
                "fellow__person__employee_id", "host__person__employee_id", "started_on"
            )
        ),
        "hours": sorted(
            HoursEntry.objects.values_list(
                "residency__fellow__person__employee_id", "week_of", "hours", "signed_off_at"
            ),
            key=str,
        ),
        "milestones": sorted(
            Milestone.objects.values_list(
                "residency__fellow__person__employee_id", "title", "completed_on", "signed_off_at"
            ),
            key=str,
        ),
        "proposals": sorted(
            PlacementProposal.objects.values_list("fellow__person__employee_id", "host__person__employee_id")
        ),
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The small demo, seeded once for the module's read-only tests."""
    with django_db_blocker.unblock():
        flush()
        output = seed_demo(scale="small")
    yield output
    with django_db_blocker.unblock():
        flush()


@pytest.fixture
def cohort(seeded):
    return Cohort.objects.get(school_year=SchoolYear.objects.current())


def person_of(email) -> Person:
    return Person.objects.get(user__email=email)


# --- Every model, once, and nothing more the second time ------------------------------------------------


def test_every_fellowship_model_has_rows_at_the_small_scale(seeded):
    assert all(counts().values()), counts()


def test_seeding_twice_changes_nothing(seeded):
    before = counts()
    stamps = {
        model: dict(model.objects.values_list("pk", "updated_at"))
        for model in (Cohort, Fellow, Host, Milestone)
    }
    output = seed_demo(scale="small")
    assert counts() == before
    for model, stamp in stamps.items():
        assert dict(model.objects.values_list("pk", "updated_at")) == stamp, model
    assert re.search(r"fellowship applications +0 created", output)


# --- Cohorts and selection ---------------------------------------------------------------------------------


def test_this_years_cohort_is_published_with_its_residency_dates(cohort):
    assert cohort.name == "Aspiring Principal Fellowship 2026-2027"
    assert cohort.slug == "2026-2027" and cohort.is_public and cohort.public_intro
    assert cohort.places == 4 and cohort.required_hours == 500
    assert (cohort.applications_open_on, cohort.applications_close_on) == (
        datetime.date(2026, 1, 5),
        datetime.date(2026, 3, 13),
    )
    assert (cohort.residency_starts_on, cohort.residency_ends_on) == (
        datetime.date(2026, 9, 1),
        datetime.date(2027, 6, 18),
    )


def test_milestones_are_tagged_with_the_office_frameworks_competencies(cohort):
    milestones = list(CohortMilestone.objects.filter(cohort=cohort).prefetch_related("competencies__domain"))
    assert 4 <= len(milestones) <= 6
    assert {"Entry plan", "Equity audit", "Capstone presentation"} <= {m.title for m in milestones}
    version = office_version()
    for milestone in milestones:
        assert milestone.competencies.exists()
        assert {c.domain.version_id for c in milestone.competencies.all()} == {version.pk}
        assert cohort.residency_starts_on < milestone.due_on < cohort.residency_ends_on


def test_selected_fellows_never_exceed_the_places(cohort):
    selected = cohort.applications.filter(status=ApplicationStatus.SELECTED).count()
    in_cohort = Fellow.objects.filter(cohort=cohort).exclude(status=FellowStatus.WITHDRAWN).count()
    assert selected == in_cohort <= cohort.places
    assert places_left(cohort) == cohort.places - in_cohort
    assert cohort.applications.count() > cohort.places


def test_applications_are_spread_across_decisions_with_reasons(cohort):
    statuses = Counter(cohort.applications.values_list("status", flat=True))
    assert {ApplicationStatus.SELECTED, ApplicationStatus.WAITLISTED, ApplicationStatus.NOT_SELECTED} <= set(
        statuses
    )
    decided = cohort.applications.filter(
        status__in=[ApplicationStatus.WAITLISTED, ApplicationStatus.NOT_SELECTED, ApplicationStatus.WITHDRAWN]
    )
    assert not decided.filter(decision_reason="").exists()
    assert not cohort.applications.filter(recommendation__isnull=True).exists()
    assert not cohort.applications.filter(screening_score__isnull=True).exists()


def test_every_application_ends_where_its_history_does(cohort):
    for application in FellowshipApplication.objects.prefetch_related("status_changes"):
        history = sorted(application.status_changes.all(), key=lambda change: (change.changed_at, change.pk))
        assert history[0].from_status == "" and history[0].to_status == ApplicationStatus.SUBMITTED
        assert history[-1].to_status == application.status, application
        assert all(change.changed_at.date() <= TODAY for change in history)
    first = ApplicationStatusChange.objects.filter(application__cohort=cohort, from_status="")
    for change in first:
        assert (
            cohort.applications_open_on
            <= timezone.localtime(change.changed_at).date()
            <= cohort.applications_close_on
        )


def test_applicants_are_aspiring_leaders_recommended_by_principals(cohort):
    applications = FellowshipApplication.objects.select_related("person", "supervisor")
    assert {a.person.position for a in applications} <= {
        Position.ASSISTANT_PRINCIPAL,
        Position.ADMIN_TEAM_MEMBER,
        Position.TEACHER_LEADER,
    }
    assert all(a.supervisor.position in HEADS for a in applications)
    same_school = [a for a in applications if a.supervisor.school_id == a.person.school_id]
    assert len(same_school) >= applications.count() * 0.7


def test_next_years_call_is_open_with_submitted_applications(seeded):
    following = Cohort.objects.get(slug="2027-2028")
    assert following.school_year.name == "2027-2028" and not following.is_public
    assert (following.applications_open_on, following.applications_close_on) == (
        datetime.date(2026, 11, 2),
        datetime.date(2027, 1, 29),
    )
    assert following.applications_open(TODAY)
    statuses = Counter(following.applications.values_list("status", flat=True))
    assert statuses[ApplicationStatus.SUBMITTED] >= 3
    assert set(statuses) <= {ApplicationStatus.SUBMITTED, ApplicationStatus.SCREENING}
    assert not Fellow.objects.filter(cohort=following).exists()


def test_the_fellowship_is_one_of_recruitments_sources(seeded):
    source = Source.objects.get(kind=SourceKind.FELLOWSHIP)
    assert source.name == "Aspiring Principal Fellowship"
    assert not Fellow.objects.filter(pool_application__isnull=False).exists()  # decided in June, not November


# --- Fellows, hosts and placements ------------------------------------------------------------------------


def test_some_fellows_opted_into_the_public_page_and_some_did_not(cohort):
    in_residency = Fellow.objects.filter(cohort=cohort, status=FellowStatus.ACTIVE)
    assert in_residency.filter(public_opt_in=True).exists()
    assert in_residency.filter(public_opt_in=False).exists()
    shown = public_fellows(cohort)
    assert len(shown) == in_residency.filter(public_opt_in=True).count()
    assert any(fellow.bio for fellow in shown) and any(fellow.school for fellow in shown)
    assert not Fellow.objects.filter(public_opt_in=False).exclude(show_school=False, show_bio=False).exists()
    assert all(fellow.growth_areas.exists() and "en" in fellow.languages for fellow in in_residency)


def test_hosts_are_confirmed_veteran_principals_with_strengths(cohort):
    hosts = Host.objects.filter(cohort=cohort, status=HostStatus.CONFIRMED).select_related("person")
    assert hosts.exists()
    year = cohort.school_year
    for host in hosts:
        assert host.person.position in HEADS
        assert host.person.year_in_role(year) >= 3
        assert 1 <= host.capacity <= 2
        assert host.strengths.exists()


def test_placements_respect_capacity_and_never_the_fellows_own_school(cohort):
    for host in Host.objects.filter(cohort=cohort).annotate(taken=Count("residencies")):
        assert host.taken <= host.capacity
    for residency in Residency.objects.select_related("fellow__person", "host__person"):
        assert residency.school_id == residency.host.person.school_id
        assert residency.school_id != residency.fellow.person.school_id
        assert residency.match_score is not None and residency.match_breakdown
        assert residency.approved_by.email == "staff@leaderdev.example"


def test_fellow_login_is_placed_with_mentor_and_both_see_the_residency(cohort):
    fellow_user = User.objects.get(email="fellow@leaderdev.example")
    mentor = person_of("mentor@leaderdev.example")
    residency = Residency.objects.get(fellow__person__user=fellow_user)
    assert residency.fellow.cohort == cohort
    assert residency.host.person == mentor
    assert residency.started_on == cohort.residency_starts_on
    for user in (fellow_user, mentor.user):
        assert visible_to(user, Residency.objects.all()).filter(pk=residency.pk).exists()
    assert HostPreference.objects.filter(fellow=residency.fellow, host=residency.host, rank=1).exists()


def test_a_fellow_withdrew_and_the_first_on_the_waiting_list_waits_for_a_host(cohort):
    withdrawn = Fellow.objects.get(cohort=cohort, status=FellowStatus.WITHDRAWN)
    assert withdrawn.application.status == ApplicationStatus.WITHDRAWN
    assert withdrawn.residency.hours.exists()
    proposal = PlacementProposal.objects.select_related("fellow__application", "host__person").get(
        cohort=cohort
    )
    newcomer = proposal.fellow
    assert not Residency.objects.filter(fellow=newcomer).exists()
    moves = list(
        newcomer.application.status_changes.order_by("changed_at").values_list("to_status", flat=True)
    )
    assert moves[-2:] == [ApplicationStatus.WAITLISTED, ApplicationStatus.SELECTED]
    assert proposal.host.person.school_id != newcomer.person.school_id
    assert cohort.applications.filter(status=ApplicationStatus.WAITLISTED).exists()  # someone still waits


# --- Residencies -------------------------------------------------------------------------------------------


def test_hours_are_weekly_from_september_to_today_with_plausible_totals(cohort):
    entries = HoursEntry.objects.filter(residency__fellow__cohort=cohort)
    for week_of in entries.values_list("week_of", flat=True):
        assert week_of.weekday() == 0
        assert cohort.residency_starts_on - datetime.timedelta(days=6) <= week_of <= TODAY
    assert entries.filter(signed_off_at__isnull=False).count() >= entries.count() * 0.7
    assert entries.filter(signed_off_at__isnull=True).exists()
    assert not entries.filter(signed_off_at__date__gt=TODAY).exists()
    for residency in Residency.objects.filter(fellow__cohort=cohort, fellow__status=FellowStatus.ACTIVE):
        progress = hours_progress(residency, TODAY)
        weeks = ((TODAY - residency.started_on).days // 7) + 1
        assert Decimal(0) < progress.logged <= weeks * 30
        assert progress.signed_off <= progress.logged
    paces = [
        hours_progress(r, TODAY).behind_by
        for r in Residency.objects.filter(fellow__cohort=cohort, started_on=cohort.residency_starts_on)
    ]
    assert any(behind > 20 for behind in paces)  # someone is behind an even pace
    assert any(behind == 0 for behind in paces)  # and someone is on it


def test_hours_name_the_competencies_practised_and_mentor_signs_off_their_fellows(cohort):
    entries = HoursEntry.objects.filter(residency__fellow__cohort=cohort).annotate(n=Count("competencies"))
    assert not entries.filter(n=0).exists()
    mentor = User.objects.get(email="mentor@leaderdev.example")
    hosted = entries.filter(residency__host__person__user=mentor, signed_off_at__isnull=False)
    assert hosted.exists() and not hosted.exclude(signed_off_by=mentor).exists()


def test_milestones_due_are_done_and_mostly_signed_off(cohort):
    due = Milestone.objects.filter(
        residency__fellow__cohort=cohort, residency__started_on=cohort.residency_starts_on, due_on__lte=TODAY
    )
    assert due.filter(completed_on__isnull=False).count() >= due.count() * 0.5
    assert due.filter(signed_off_at__isnull=False).exists()
    assert not Milestone.objects.filter(completed_on__gt=TODAY).exists()
    assert not Milestone.objects.filter(
        due_on__gt=TODAY + datetime.timedelta(days=10), completed_on__isnull=False
    ).exists()
    for residency in Residency.objects.filter(fellow__cohort=cohort):
        assert residency.milestones.count() == cohort.milestones.count()


def test_some_reflections_are_not_shared_with_the_host(cohort):
    reflections = Reflection.objects.filter(residency__fellow__cohort=cohort)
    assert reflections.filter(shared_with_host=True).exists()
    private = reflections.filter(shared_with_host=False)
    assert private.filter(residency__fellow__person__user__email="fellow@leaderdev.example").exists()
    mentor = User.objects.get(email="mentor@leaderdev.example")
    assert not visible_to(mentor, private.filter(residency__host__person__user=mentor)).exists()
    assert not reflections.filter(written_on__gt=TODAY).exists()


def test_the_logins_are_printed_with_what_they_see(seeded):
    assert "fellow@leaderdev.example" in seeded
    assert "Host principal" in seeded and "(fellow@)" in seeded


# --- Scales and determinism (slow: several full seeds) ------------------------------------------------------


@pytest.mark.slow
def test_the_district_scale_only_adds_to_the_small_one_and_is_idempotent():
    flush()
    try:
        seed_demo(scale="small")
        small, small_digest = counts(), digest()
        seed_demo(scale="district")
        district = counts()
        assert all(district[name] >= small[name] for name in small)
        cohort = Cohort.objects.get(slug="2026-2027")
        assert cohort.places == 8  # 125 schools // 15
        after = digest()
        for key in ("applications", "residencies", "hours", "milestones"):
            assert set(small_digest[key]) <= set(after[key]), key
        in_cohort = Fellow.objects.filter(cohort=cohort).exclude(status=FellowStatus.WITHDRAWN).count()
        assert in_cohort <= cohort.places
        for host in Host.objects.annotate(taken=Count("residencies")):
            assert host.taken <= host.capacity
        seed_demo(scale="district")
        assert counts() == district
    finally:
        flush()


@pytest.mark.slow
def test_the_same_seed_makes_the_same_fellowship_whatever_the_real_date(monkeypatch):
    flush()
    try:
        seed_demo(scale="small", seed=3)
        first = digest()
        logged = HoursEntry.objects.aggregate(total=Sum("hours"))["total"]
        flush()
        later = timezone.now() + datetime.timedelta(days=800)
        monkeypatch.setattr(timezone, "now", lambda: later)
        seed_demo(scale="small", seed=3)
        assert digest() == first
        assert HoursEntry.objects.aggregate(total=Sum("hours"))["total"] == logged
    finally:
        monkeypatch.undo()
        flush()
