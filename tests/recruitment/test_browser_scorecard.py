"""Interviews in headless Chromium: a panelist fills in and submits their scorecard on a phone, then reads
the panel's scores; recruitment staff read an interview with two submitted scorecards on a desktop.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded (the shipped framework, the role groups).
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from competencies.models import Competency, FrameworkVersion
from leaderdev.permissions import Role
from recruitment.models import Recommendation, Scorecard, Stage
from recruitment.services.interviews import save_scorecard
from tests.browser import WIDEST, chromium_page, fits_the_screen, log_in, screenshot
from tests.factories import UserFactory
from tests.factories.recruitment import ApplicationFactory, CandidateFactory, InterviewFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def interview(db):
    """Nadia Haddad's first interview for principal, with three panelists rating three competencies;
    Ben Lee has submitted."""
    version = FrameworkVersion.objects.get(
        framework__name="Unified Set of BPS Leader Competencies", label="4"
    )
    competencies = list(Competency.objects.of_version(version).filter(number=1)[:3])
    ana = UserFactory(email="ana.ortiz@district.test", full_name="Ana Ortiz", roles=[Role.LEADER])
    ben = UserFactory(email="ben.lee@district.test", full_name="Ben Lee", roles=[Role.LEADER])
    cal = UserFactory(email="cal.park@district.test", full_name="Cal Park", roles=[Role.LEADER])
    application = ApplicationFactory(
        stage=Stage.FIRST_INTERVIEW,
        candidate=CandidateFactory(first_name="Nadia", last_name="Haddad", email="nadia@applicant.test"),
    )
    interview = InterviewFactory(
        application=application,
        panelists=[ana, ben, cal],
        competencies=competencies,
        location="Bolling Building, room 4",
        scheduled_at=timezone.now() - datetime.timedelta(hours=2),
    )
    cards = {user: Scorecard.objects.create(interview=interview, panelist=user) for user in (ana, ben, cal)}
    save_scorecard(
        cards[ben],
        user=ben,
        ratings={
            c: {"score": score, "evidence": evidence}
            for c, score, evidence in zip(
                competencies,
                [4, 3, 3],
                [
                    "Named her own blind spot in hiring and how she checks it with a peer.",
                    "Family council she built doubled attendance at conferences.",
                    "Clear plan for culturally responsive instruction walkthroughs.",
                ],
                strict=True,
            )
        },
        recommendation=Recommendation.STRONG_YES,
        notes="Ready to lead a K-8. Probe her budgeting experience in the in-depth round.",
        submit=True,
    )
    return {"interview": interview, "competencies": competencies, "ana": ana, "cal": cal}


def test_a_panelist_fills_in_and_submits_a_scorecard_on_a_phone(live_server, interview):
    ana_card = Scorecard.objects.get(interview=interview["interview"], panelist=interview["ana"])
    detail = reverse("recruitment:interview_detail", args=[interview["interview"].pk])
    with chromium_page(PHONE) as page:
        log_in(page, live_server.url, "ana.ortiz@district.test")
        page.goto(f"{live_server.url}{detail}")
        assert "hidden until you submit yours" in page.inner_text("main")
        assert "Named her own blind spot" not in page.content()

        with page.expect_navigation():
            page.get_by_role("link", name="Fill in your scorecard").first.click()
        evidence = [
            "Spoke about bias in discipline data with specifics.",
            "Strong family engagement examples.",
            "Some ideas, little evidence of follow-through.",
        ]
        for competency, score, text in zip(interview["competencies"], [3, 4, 2], evidence, strict=True):
            page.locator(f'label[for="id_score_{competency.pk}_{score - 1}"]').click()
            page.get_by_label(f"Evidence for {competency.code}").fill(text)
        page.locator('label[for="id_recommendation_1"]').click()  # Yes
        page.get_by_label("Notes for the Office").fill("Would pair well with a strong AP for instruction.")
        assert fits_the_screen(page), page.evaluate(WIDEST)
        screenshot(page, "recruitment-scorecard-phone")

        page.once("dialog", lambda dialog: dialog.accept())
        with page.expect_navigation():
            page.get_by_role("button", name="Submit").click()

        main = page.inner_text("main")
        assert "Your scorecard is submitted" in main
        assert "Named her own blind spot" in main  # Ben's evidence, readable now
        assert fits_the_screen(page), page.evaluate(WIDEST)
        screenshot(page, "recruitment-interview-phone")

    ana_card.refresh_from_db()
    assert ana_card.is_submitted
    assert ana_card.recommendation == Recommendation.YES
    assert sorted(ana_card.ratings.values_list("score", flat=True)) == [2, 3, 4]


def test_staff_read_an_interview_with_two_submitted_scorecards(live_server, interview):
    save_scorecard(
        Scorecard.objects.get(interview=interview["interview"], panelist=interview["ana"]),
        user=interview["ana"],
        ratings={
            c: {"score": s, "evidence": e}
            for c, s, e in zip(
                interview["competencies"],
                [3, 4, 2],
                [
                    "Spoke about bias in discipline data with specifics.",
                    "Strong family engagement examples.",
                    "Some ideas, little evidence of follow-through.",
                ],
                strict=True,
            )
        },
        recommendation=Recommendation.YES,
        notes="Would pair well with a strong AP for instruction.",
        submit=True,
    )
    UserFactory(email="rita.staff@district.test", full_name="Rita Gomes", roles=[Role.RECRUITMENT_STAFF])
    detail = reverse("recruitment:interview_detail", args=[interview["interview"].pk])
    with chromium_page(DESKTOP) as page:
        log_in(page, live_server.url, "rita.staff@district.test")
        page.goto(f"{live_server.url}{detail}")
        main = page.inner_text("main")
        assert "First interview of Nadia Haddad" in main
        assert "2 of 3 scorecards submitted; still to submit: Cal Park" in main
        assert "Strong yes: 1" in main and "Yes: 1" in main
        assert "3.5" in main  # the average of 3 and 4 on the first competency
        assert fits_the_screen(page), page.evaluate(WIDEST)
        screenshot(page, "recruitment-interview")

        with page.expect_navigation():
            page.get_by_role("link", name="Nadia Haddad · Principal").click()
        section = page.inner_text("main")
        assert "Interviews" in section and "Reference checks" in section
        assert "Strong yes: 1" in section
        screenshot(page, "recruitment-application-interviews")
