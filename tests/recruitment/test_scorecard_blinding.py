"""Scorecard blinding: a panelist reads the other panelists' scorecards, and the summary, only after
submitting their own; a panelist of another interview or candidate reads none; recruitment staff read all.

Checked where it matters: the rules (visible_to), the summary service, the interview page's HTML and the
application page's interviews section.
"""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from competencies.models import Competency
from leaderdev.permissions import Role, visible_to
from recruitment.models import InterviewKind, Recommendation, Scorecard, ScorecardRating, Stage
from recruitment.queries.interviews import application_extra
from recruitment.services.interviews import interview_summary, save_scorecard
from tests.factories import UserFactory
from tests.factories.recruitment import ApplicationFactory, InterviewFactory

pytestmark = pytest.mark.django_db

B_EVIDENCE = "Ben saw a sharp data-cycle answer"
B_NOTES = "Ben has a private hunch about the candidate"
C_DRAFT = "Cal has an unfinished thought"
HIDDEN = "hidden until you submit yours"


@pytest.fixture
def competencies(framework_v4):
    return list(Competency.objects.of_version(framework_v4)[:2])


@pytest.fixture
def panel(db, competencies):
    """A first interview with Ana (a draft), Ben (submitted) and Cal (a draft) on the panel."""
    ana, ben, cal = (UserFactory(full_name=n) for n in ("Ana Ortiz", "Ben Lee", "Cal Park"))
    application = ApplicationFactory(stage=Stage.FIRST_INTERVIEW)
    interview = InterviewFactory(
        application=application, panelists=[ana, ben, cal], competencies=competencies
    )
    cards = {u: Scorecard.objects.create(interview=interview, panelist=u) for u in (ana, ben, cal)}
    save_scorecard(
        cards[ben],
        user=ben,
        ratings={c: {"score": 4, "evidence": B_EVIDENCE} for c in competencies},
        recommendation=Recommendation.STRONG_NO,
        notes=B_NOTES,
        submit=True,
    )
    save_scorecard(cards[ana], user=ana, ratings={competencies[0]: {"score": 2, "evidence": "Ana's draft"}})
    save_scorecard(cards[cal], user=cal, ratings={competencies[0]: {"score": 1, "evidence": C_DRAFT}})
    return {
        "interview": interview,
        "application": application,
        "ana": ana,
        "ben": ben,
        "cal": cal,
        "cards": cards,
    }


def submit_ana(panel, competencies):
    save_scorecard(
        panel["cards"][panel["ana"]],
        user=panel["ana"],
        ratings={c: {"score": 2, "evidence": "Ana's evidence"} for c in competencies},
        recommendation=Recommendation.YES,
        submit=True,
    )


def page(client, user, interview):
    client.force_login(user)
    return client.get(reverse("recruitment:interview_detail", args=[interview.pk]))


# --- The rules ---------------------------------------------------------------------------------------


def test_with_a_draft_the_rules_show_a_panelist_only_their_own_scorecard(panel):
    ana = panel["ana"]
    assert list(visible_to(ana, Scorecard.objects.all())) == [panel["cards"][ana]]
    assert set(visible_to(ana, ScorecardRating.objects.all()).values_list("evidence", flat=True)) == {
        "Ana's draft"
    }


def test_after_submitting_the_rules_show_the_other_submitted_scorecards_but_no_draft(panel, competencies):
    submit_ana(panel, competencies)
    ana = panel["ana"]

    assert set(visible_to(ana, Scorecard.objects.all())) == {
        panel["cards"][ana],
        panel["cards"][panel["ben"]],
    }
    evidence = set(visible_to(ana, ScorecardRating.objects.all()).values_list("evidence", flat=True))
    assert B_EVIDENCE in evidence
    assert C_DRAFT not in evidence


# --- The summary -------------------------------------------------------------------------------------


def test_with_a_draft_the_summary_gives_a_panelist_no_numbers(panel):
    [summary] = interview_summary(panel["application"], panel["ana"])

    assert summary.scores_visible is False
    assert summary.competencies == []
    assert summary.recommendations == []
    assert summary.scorecards == []


def test_after_submitting_the_summary_gives_a_panelist_the_panels_numbers(panel, competencies):
    submit_ana(panel, competencies)

    [summary] = interview_summary(panel["application"], panel["ana"])

    assert summary.scores_visible
    assert [row.average for row in summary.competencies] == [3.0, 3.0]
    assert dict(summary.recommendations)["Strong no"] == 1
    assert {card.panelist for card in summary.scorecards} == {panel["ana"], panel["ben"]}


# --- The interview page ------------------------------------------------------------------------------


def test_with_a_draft_the_interview_page_hides_the_other_scorecards(client, panel):
    response = page(client, panel["ana"], panel["interview"])

    assert response.status_code == 200
    html = response.content.decode()
    assert HIDDEN in html
    for secret in (B_EVIDENCE, B_NOTES, "Strong no", C_DRAFT, "<meter"):
        assert secret not in html
    # The panel's progress is no secret: Ana sees that Ben submitted.
    assert "Ben Lee" in html
    assert "Submitted" in html


def test_after_submitting_the_interview_page_shows_the_other_submitted_scorecards(
    client, panel, competencies
):
    submit_ana(panel, competencies)

    html = page(client, panel["ana"], panel["interview"]).content.decode()

    assert HIDDEN not in html
    assert B_EVIDENCE in html
    assert B_NOTES in html
    assert "Strong no" in html
    assert "<meter" in html
    assert C_DRAFT not in html  # Cal has not submitted: nobody reads a draft but its author


def test_a_panelist_of_another_candidate_gets_403_and_reads_no_scorecard(client, panel, competencies):
    stranger = UserFactory()
    elsewhere = InterviewFactory(panelists=[stranger], competencies=competencies)
    save_scorecard(
        Scorecard.objects.create(interview=elsewhere, panelist=stranger),
        user=stranger,
        ratings={c: {"score": 3, "evidence": ""} for c in competencies},
        recommendation=Recommendation.YES,
        submit=True,
    )

    response = page(client, stranger, panel["interview"])

    assert response.status_code == 403
    assert B_EVIDENCE not in response.content.decode()
    assert not visible_to(stranger, Scorecard.objects.filter(interview=panel["interview"])).exists()
    assert not visible_to(
        stranger, ScorecardRating.objects.filter(scorecard__interview=panel["interview"])
    ).exists()


def test_a_panelist_of_another_interview_of_the_candidate_sees_it_but_not_its_scores(
    client, panel, competencies
):
    """Dee sat on the in-depth panel and submitted there: she may see the first interview exists, not its
    scores, since she has no scorecard of her own on it."""
    dee = UserFactory()
    in_depth = InterviewFactory(
        application=panel["application"],
        kind=InterviewKind.IN_DEPTH,
        panelists=[dee],
        competencies=competencies,
    )
    save_scorecard(
        Scorecard.objects.create(interview=in_depth, panelist=dee),
        user=dee,
        ratings={c: {"score": 3, "evidence": ""} for c in competencies},
        recommendation=Recommendation.YES,
        submit=True,
    )

    response = page(client, dee, panel["interview"])

    assert response.status_code == 200
    html = response.content.decode()
    assert HIDDEN in html
    assert B_EVIDENCE not in html
    assert "<meter" not in html
    assert not visible_to(dee, Scorecard.objects.filter(interview=panel["interview"])).exists()


def test_recruitment_staff_read_every_submitted_scorecard_without_sitting_on_the_panel(
    client, panel, make_user
):
    staff = make_user(Role.RECRUITMENT_STAFF)

    html = page(client, staff, panel["interview"]).content.decode()

    assert HIDDEN not in html
    assert B_EVIDENCE in html
    assert B_NOTES in html
    assert "<meter" in html


# --- The application page's interviews section -------------------------------------------------------


def section(panel, user):
    """The application page's interviews section as `user` gets it (the view passes application_extra)."""
    application = panel["application"]
    return render_to_string(
        "recruitment/pipeline/partials/application_extra.html",
        {
            "application": application,
            "may_change": False,
            "user": user,
            "extra": application_extra(user, application),
        },
    )


def test_the_application_pages_section_hides_the_summary_from_a_panelist_with_a_draft(panel):
    html = section(panel, panel["ana"])

    assert HIDDEN in html
    assert "<meter" not in html
    assert "Strong no" not in html


def test_the_application_pages_section_shows_the_summary_once_the_panelist_submitted(panel, competencies):
    submit_ana(panel, competencies)

    html = section(panel, panel["ana"])

    assert HIDDEN not in html
    assert "<meter" in html
    assert "Strong no: 1" in html


def test_the_application_page_itself_hides_the_summary_until_the_panelist_submits(
    client, panel, competencies
):
    url = reverse("recruitment:application_detail", args=[panel["application"].pk])
    client.force_login(panel["ana"])

    before = client.get(url).content.decode()
    submit_ana(panel, competencies)
    after = client.get(url).content.decode()

    assert HIDDEN in before
    assert "Strong no: 1" not in before
    assert HIDDEN not in after
    assert "Strong no: 1" in after
