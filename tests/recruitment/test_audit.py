"""The audit history (django-simple-history): every change to an application, an interview, a scorecard
and a reference check leaves a historical record; changes made on the web name the signed-in user
(HistoryRequestMiddleware)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from competencies.models import Competency
from leaderdev.permissions import Role
from recruitment.models import InterviewKind, Recommendation, Scorecard, Stage
from recruitment.services import interviews, pipeline, references
from tests.factories import UserFactory
from tests.factories.recruitment import (
    ApplicationFactory,
    CandidateFactory,
    HiringCycleFactory,
    ReferenceCheckFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_user):
    return make_user(Role.RECRUITMENT_STAFF, is_staff=True)


@pytest.fixture
def competencies(framework_v4):
    return list(Competency.objects.of_version(framework_v4)[:2])


def changed_fields(record) -> set[str]:
    """The fields a historical record changed, against the record before it."""
    return set(record.diff_against(record.prev_record).changed_fields)


def scheduled(staff, competencies, panelists):
    return interviews.schedule_interview(
        ApplicationFactory(stage=Stage.FIRST_INTERVIEW),
        kind=InterviewKind.FIRST,
        scheduled_at=timezone.now() + datetime.timedelta(days=1),
        panelists=panelists,
        competencies=competencies,
        user=staff,
    )


# --- Service calls -----------------------------------------------------------------------------------


def test_moving_an_application_keeps_its_history(staff):
    application = pipeline.apply(
        CandidateFactory(), HiringCycleFactory(), role="principal", source=SourceFactory(), user=staff
    )

    pipeline.move(application, Stage.SCREENED, user=staff, reason="Strong résumé.")

    latest = application.history.first()
    assert application.history.count() == 2
    assert (latest.history_type, latest.stage) == ("~", Stage.SCREENED)
    assert {"stage", "stage_entered_at"} <= changed_fields(latest)


def test_an_interview_keeps_its_history_and_its_panels(staff, competencies):
    ana, ben = UserFactory(), UserFactory()
    interview = scheduled(staff, competencies, [ana])

    interviews.update_panel(interview, [ana, ben], user=staff)

    assert interview.history.filter(history_type="+").exists()
    latest = interview.history.first()
    assert {row.user_id for row in latest.panelists.all()} == {ana.pk, ben.pk}


def test_a_scorecard_keeps_its_history_from_draft_to_submitted(staff, competencies):
    ana = UserFactory()
    interview = scheduled(staff, competencies, [ana])
    card = Scorecard.objects.get(interview=interview, panelist=ana)
    ratings = {c: {"score": 3, "evidence": ""} for c in competencies}

    interviews.save_scorecard(card, user=ana, ratings=ratings, notes="First look.")
    interviews.save_scorecard(card, user=ana, ratings=ratings, recommendation=Recommendation.YES, submit=True)

    history = list(card.history.all())
    assert [h.history_type for h in history] == ["~", "~", "+"]
    assert {"recommendation", "submitted_at"} <= changed_fields(history[0])
    assert changed_fields(history[1]) >= {"notes"}


def test_a_reference_check_keeps_its_history(staff):
    reference = references.add_reference(
        ApplicationFactory(stage=Stage.REFERENCE_CHECKS), referee_name="Rosa Vega", user=staff
    )

    references.record_answers(reference, answers={"relationship": "Her supervisor."}, user=staff)
    references.decline(reference, note="Would not say more.", user=staff)

    history = list(reference.history.all())
    assert [h.history_type for h in history] == ["~", "~", "+"]
    assert history[0].status == "declined"
    assert {"status", "notes"} <= changed_fields(history[0])
    assert "answers" in changed_fields(history[1])


# --- Web changes name the user -----------------------------------------------------------------------


def test_a_scheduled_interview_and_its_scorecards_name_who_scheduled_it(client, staff, competencies):
    panelist = UserFactory()
    application = ApplicationFactory(stage=Stage.FIRST_INTERVIEW)
    client.force_login(staff)

    client.post(
        reverse("recruitment:interview_new", args=[application.pk]),
        {
            "kind": InterviewKind.FIRST,
            "scheduled_at": "2027-01-12T15:30",
            "panelists": [panelist.pk],
            "competencies": [c.pk for c in competencies],
        },
    )

    interview = application.interviews.get()
    assert interview.history.earliest("history_date").history_user == staff
    assert Scorecard.history.get(interview_id=interview.pk).history_user == staff


def test_a_submitted_scorecard_names_the_panelist(client, staff, competencies):
    ana = UserFactory()
    interview = scheduled(staff, competencies, [ana])
    client.force_login(ana)
    data = {"action": "submit", "recommendation": Recommendation.YES}
    data.update({f"score_{c.pk}": "3" for c in competencies})

    client.post(reverse("recruitment:scorecard_edit", args=[interview.pk]), data)

    card = Scorecard.objects.get(interview=interview, panelist=ana)
    latest = card.history.first()
    assert latest.submitted_at is not None
    assert latest.history_user == ana


def test_a_declined_reference_check_names_who_declined_it(client, staff):
    reference = ReferenceCheckFactory()
    client.force_login(staff)

    client.post(reverse("recruitment:reference_decline", args=[reference.pk]), {"note": "No answer."})

    latest = reference.history.first()
    assert latest.status == "declined"
    assert latest.history_user == staff
