"""Scheduling interviews and changing panels (services.interviews), and the per-application summary."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from competencies.models import Competency, VersionStatus
from leaderdev.errors import DomainError
from leaderdev.permissions import Role
from recruitment.models import InterviewKind, Recommendation, Scorecard, Stage
from recruitment.services import interviews as services
from tests.factories import UserFactory
from tests.factories.competencies import framework_with_content
from tests.factories.recruitment import ApplicationFactory

pytestmark = pytest.mark.django_db

WHEN = timezone.now() + datetime.timedelta(days=2)


@pytest.fixture
def staff(make_user):
    return make_user(Role.RECRUITMENT_STAFF, is_staff=True)


@pytest.fixture
def competencies(framework_v4):
    return list(Competency.objects.of_version(framework_v4)[:3])


def schedule(application, staff, panelists, competencies, kind=InterviewKind.FIRST):
    return services.schedule_interview(
        application,
        kind=kind,
        scheduled_at=WHEN,
        location="Bolling Building, room 4",
        panelists=panelists,
        competencies=competencies,
        user=staff,
    )


def test_it_schedules_an_interview_with_an_empty_scorecard_per_panelist(staff, competencies):
    application = ApplicationFactory(stage=Stage.FIRST_INTERVIEW)
    ana, ben = UserFactory(), UserFactory()

    interview = schedule(application, staff, [ana, ben], competencies)

    interview.refresh_from_db()
    assert (interview.application, interview.kind, interview.location) == (
        application,
        InterviewKind.FIRST,
        "Bolling Building, room 4",
    )
    assert set(interview.panelists.all()) == {ana, ben}
    assert set(interview.competencies.all()) == set(competencies)
    cards = Scorecard.objects.filter(interview=interview)
    assert {c.panelist for c in cards} == {ana, ben}
    assert all(not c.is_submitted and not c.recommendation for c in cards)


def test_an_in_depth_interview_happens_at_the_in_depth_stage(staff, competencies):
    application = ApplicationFactory(stage=Stage.IN_DEPTH_INTERVIEW)
    interview = schedule(application, staff, [UserFactory()], competencies, kind=InterviewKind.IN_DEPTH)
    assert interview.kind == InterviewKind.IN_DEPTH


@pytest.mark.parametrize(
    ("stage", "kind"),
    [
        (Stage.SCREENED, InterviewKind.FIRST),
        (Stage.IN_DEPTH_INTERVIEW, InterviewKind.FIRST),
        (Stage.FIRST_INTERVIEW, InterviewKind.IN_DEPTH),
        (Stage.REFERENCE_CHECKS, InterviewKind.IN_DEPTH),
    ],
)
def test_it_refuses_an_interview_at_another_stage(staff, competencies, stage, kind):
    application = ApplicationFactory(stage=stage)
    with pytest.raises(DomainError, match="happens at"):
        schedule(application, staff, [UserFactory()], competencies, kind=kind)
    assert not application.interviews.exists()


def test_it_needs_a_panelist(staff, competencies):
    application = ApplicationFactory(stage=Stage.FIRST_INTERVIEW)
    with pytest.raises(DomainError, match="at least one panelist"):
        schedule(application, staff, [], competencies)


def test_it_needs_a_competency(staff, framework_v4):
    application = ApplicationFactory(stage=Stage.FIRST_INTERVIEW)
    with pytest.raises(DomainError, match="at least one competency"):
        schedule(application, staff, [UserFactory()], [])


def test_it_refuses_competencies_outside_the_active_framework_version(staff, competencies):
    retired = framework_with_content(status=VersionStatus.RETIRED)
    old = Competency.objects.of_version(retired).first()
    application = ApplicationFactory(stage=Stage.FIRST_INTERVIEW)

    with pytest.raises(DomainError, match="only competencies of the active framework"):
        schedule(application, staff, [UserFactory()], [*competencies, old])
    assert not application.interviews.exists()


def test_only_recruitment_staff_schedule(make_user, competencies):
    leader = make_user(Role.LEADER)
    application = ApplicationFactory(stage=Stage.FIRST_INTERVIEW)
    with pytest.raises(PermissionDenied):
        schedule(application, leader, [UserFactory()], competencies)


def test_updating_the_panel_adds_and_removes_scorecards(staff, competencies):
    ana, ben, cal = UserFactory(), UserFactory(), UserFactory()
    interview = schedule(ApplicationFactory(stage=Stage.FIRST_INTERVIEW), staff, [ana, ben], competencies)

    services.update_panel(interview, [ana, cal], user=staff)

    assert set(interview.panelists.all()) == {ana, cal}
    assert {c.panelist for c in Scorecard.objects.filter(interview=interview)} == {ana, cal}


def test_a_panelist_who_submitted_stays_on_the_panel(staff, competencies):
    ana, ben = UserFactory(), UserFactory()
    interview = schedule(ApplicationFactory(stage=Stage.FIRST_INTERVIEW), staff, [ana, ben], competencies)
    Scorecard.objects.filter(interview=interview, panelist=ben).update(submitted_at=timezone.now())

    with pytest.raises(DomainError, match="already submitted"):
        services.update_panel(interview, [ana], user=staff)
    assert set(interview.panelists.all()) == {ana, ben}


def submit(interview, user, scores, recommendation, competencies):
    card = Scorecard.objects.get(interview=interview, panelist=user)
    return services.save_scorecard(
        card,
        user=user,
        ratings={c: {"score": s, "evidence": ""} for c, s in zip(competencies, scores, strict=True)},
        recommendation=recommendation,
        submit=True,
    )


def test_the_summary_averages_submitted_scores_counts_recommendations_and_names_who_is_missing(
    staff, competencies
):
    ana, ben, cal = (UserFactory(full_name=n) for n in ("Ana Ortiz", "Ben Lee", "Cal Park"))
    application = ApplicationFactory(stage=Stage.FIRST_INTERVIEW)
    interview = schedule(application, staff, [ana, ben, cal], competencies)
    submit(interview, ana, [4, 3, 2], Recommendation.STRONG_YES, competencies)
    submit(interview, ben, [3, 3, 1], Recommendation.NO, competencies)
    # Cal's draft counts for nothing.
    services.save_scorecard(
        Scorecard.objects.get(interview=interview, panelist=cal),
        user=cal,
        ratings={competencies[0]: {"score": 1, "evidence": ""}},
    )

    [summary] = services.interview_summary(application, staff)

    assert summary.scores_visible
    assert summary.submitted == 2
    assert [(row.competency, row.average, row.count) for row in summary.competencies] == [
        (competencies[0], 3.5, 2),
        (competencies[1], 3.0, 2),
        (competencies[2], 1.5, 2),
    ]
    assert dict(summary.recommendations) == {"Strong yes": 1, "Yes": 0, "No": 1, "Strong no": 0}
    assert summary.pending == [cal]


def test_the_summary_covers_each_interview_of_the_application_in_date_order(staff, competencies):
    application = ApplicationFactory(stage=Stage.FIRST_INTERVIEW)
    first = schedule(application, staff, [UserFactory()], competencies)
    application.stage = Stage.IN_DEPTH_INTERVIEW
    application.save()
    in_depth = schedule(application, staff, [UserFactory()], competencies, kind=InterviewKind.IN_DEPTH)
    in_depth.scheduled_at = WHEN + datetime.timedelta(days=7)
    in_depth.save()

    summaries = services.interview_summary(application, staff)

    assert [s.interview for s in summaries] == [first, in_depth]
