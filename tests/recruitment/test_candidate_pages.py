"""Adding a candidate, and the application and candidate pages: personal data, stage history, moves and
the audit history."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from leaderdev.models import SchoolLevel
from leaderdev.permissions import Role
from recruitment.models import Application, Candidate, HiringRole, ReferenceStatus, Stage, StageChange
from recruitment.services import pipeline
from tests.factories import PersonFactory
from tests.factories.recruitment import (
    ApplicationFactory,
    CandidateFactory,
    HiringCycleFactory,
    ReferenceCheckFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

NEW = reverse("recruitment:candidate_new")


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def page_text(response) -> str:
    return text(response.content.decode())


def detail(application) -> str:
    return reverse("recruitment:application_detail", args=[application.pk])


def move_url(application) -> str:
    return reverse("recruitment:application_move", args=[application.pk])


@pytest.fixture
def staff(make_user):
    return make_user(Role.RECRUITMENT_STAFF, full_name="Rita Recruiter")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def cycle(db):
    return HiringCycleFactory()


@pytest.fixture
def source(db):
    return SourceFactory(name="Lesley University")


def new_candidate(cycle, from_source, **overrides):
    data = {
        "first_name": "Maya",
        "last_name": "Angelou",
        "email": "maya.angelou@example.test",
        "phone": "617-555-0100",
        "current_role": "Assistant principal, Revere",
        "notes": "",
        "add_application": "on",
        "cycle": cycle.pk,
        "role": HiringRole.PRINCIPAL,
        "source": from_source.pk,
        "school_level": SchoolLevel.MIDDLE,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- Adding a candidate ----------------------------------------------------------------------------------


def test_the_new_candidate_form_offers_the_default_cycle(staff_client, cycle):
    html = staff_client.get(NEW).content.decode()
    assert re.search(rf'<option value="{cycle.pk}" selected>', html)


def test_adding_a_candidate_with_an_application(staff_client, staff, cycle, source):
    response = staff_client.post(NEW, new_candidate(cycle, source))

    candidate = Candidate.objects.get()
    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == detail(application)
    assert (candidate.full_name, candidate.email, candidate.phone, candidate.created_by) == (
        "Maya Angelou",
        "maya.angelou@example.test",
        "617-555-0100",
        staff,
    )
    assert (application.candidate, application.cycle, application.role, application.source) == (
        candidate,
        cycle,
        HiringRole.PRINCIPAL,
        source,
    )
    assert application.school_level == SchoolLevel.MIDDLE
    assert application.stage == Stage.APPLIED
    assert StageChange.objects.get().changed_by == staff


def test_adding_a_candidate_without_an_application(staff_client, cycle, source):
    response = staff_client.post(NEW, new_candidate(cycle, source, add_application=None))
    candidate = Candidate.objects.get()
    assert response.url == reverse("recruitment:candidate_detail", args=[candidate.pk])
    assert not Application.objects.exists()


def test_an_application_needs_its_source(staff_client, cycle, source):
    response = staff_client.post(NEW, new_candidate(cycle, source, source=""))
    assert response.status_code == 200
    assert "Choose where they come from." in page_text(response)
    assert not Candidate.objects.exists()


def test_a_candidate_with_a_staff_email_is_internal(staff_client, cycle, source):
    person = PersonFactory(email="t.leader@district.test")
    staff_client.post(NEW, new_candidate(cycle, source, email="T.Leader@district.test"))
    assert Candidate.objects.get().person == person


def test_the_new_candidate_page_rejects_put(staff_client):
    assert staff_client.put(NEW).status_code == 405


# --- The application page --------------------------------------------------------------------------------


def test_the_application_page_shows_the_candidate_and_the_application(staff_client, cycle, source):
    application = ApplicationFactory(
        cycle=cycle,
        source=source,
        candidate=CandidateFactory(
            first_name="Maya", last_name="Angelou", email="maya@example.test", current_role="AP, Revere"
        ),
    )
    content = page_text(staff_client.get(detail(application)))
    assert "Maya Angelou" in content
    assert "maya@example.test" in content
    assert "AP, Revere" in content
    assert "Lesley University" in content
    assert "External" in content


def test_the_application_page_shows_the_stage_history(staff_client, staff, cycle):
    application = ApplicationFactory(cycle=cycle)
    pipeline.move(application, Stage.SCREENED, user=staff, reason="Strong writing sample.")
    html = staff_client.get(detail(application)).content.decode()
    history = text(re.search(r'<section aria-labelledby="history-heading".*?</section>', html, re.S).group(0))
    assert "Applied → to Screened Rita Recruiter Strong writing sample." in history


def test_the_application_page_offers_the_allowed_moves_only(staff_client, cycle):
    application = ApplicationFactory(cycle=cycle, stage=Stage.SCREENED)
    html = staff_client.get(detail(application)).content.decode()
    offered = re.findall(r'name="to_stage" value="(\w+)"', html)
    assert offered == [Stage.FIRST_INTERVIEW, Stage.REJECTED, Stage.WITHDRAWN]


def test_the_application_page_has_no_move_for_hired(staff_client, cycle):
    application = ApplicationFactory(cycle=cycle, stage=Stage.HIRED)
    html = staff_client.get(detail(application)).content.decode()
    assert 'name="to_stage"' not in html


def test_the_application_page_says_how_many_references_are_complete(staff_client, cycle, settings):
    settings.RECRUITMENT_REQUIRED_REFERENCES = 2
    application = ApplicationFactory(cycle=cycle, stage=Stage.REFERENCE_CHECKS)
    ReferenceCheckFactory(application=application, status=ReferenceStatus.COMPLETED)
    content = page_text(staff_client.get(detail(application)))
    assert "1 of 2 required reference checks completed: it cannot pass to finalist yet." in content


def test_a_move_button_moves_the_application(staff_client, staff, cycle):
    application = ApplicationFactory(cycle=cycle, stage=Stage.SCREENED)

    response = staff_client.post(move_url(application), {"to_stage": Stage.FIRST_INTERVIEW, "reason": "Go."})

    assert response.url == detail(application)
    application.refresh_from_db()
    assert application.stage == Stage.FIRST_INTERVIEW
    change = StageChange.objects.get(application=application)
    assert (change.changed_by, change.reason) == (staff, "Go.")
    assert texts(response) == [f"Moved {application.candidate} to first interview."]


def test_a_refused_move_says_why_and_changes_nothing(staff_client, cycle):
    application = ApplicationFactory(cycle=cycle, stage=Stage.REFERENCE_CHECKS)

    response = staff_client.post(move_url(application), {"to_stage": Stage.FINALIST})

    application.refresh_from_db()
    assert application.stage == Stage.REFERENCE_CHECKS
    assert "completed reference checks to pass; it has 0" in texts(response)[0]


def test_rejecting_needs_a_reason(staff_client, cycle):
    application = ApplicationFactory(cycle=cycle, stage=Stage.SCREENED)
    response = staff_client.post(move_url(application), {"to_stage": Stage.REJECTED, "reason": ""})
    application.refresh_from_db()
    assert application.stage == Stage.SCREENED
    assert "Say why it is rejected." in texts(response)[0]


def test_rejecting_with_a_reason_shows_it(staff_client, cycle):
    application = ApplicationFactory(cycle=cycle, stage=Stage.SCREENED)
    staff_client.post(move_url(application), {"to_stage": Stage.REJECTED, "reason": "No license yet."})
    application.refresh_from_db()
    assert application.closed_reason == "No license yet."
    assert "Rejected: No license yet." in page_text(staff_client.get(detail(application)))


def test_a_move_to_hired_is_refused(staff_client, cycle):
    application = ApplicationFactory(cycle=cycle, stage=Stage.IN_POOL)
    response = staff_client.post(move_url(application), {"to_stage": Stage.HIRED})
    application.refresh_from_db()
    assert application.stage == Stage.IN_POOL
    assert texts(response) == ["Choose a stage to move to."]


def test_a_move_rejects_get(staff_client, cycle):
    application = ApplicationFactory(cycle=cycle)
    assert staff_client.get(move_url(application)).status_code == 405


def test_the_application_page_rejects_post(staff_client, cycle):
    application = ApplicationFactory(cycle=cycle)
    assert staff_client.post(detail(application)).status_code == 405


def test_an_unknown_application_is_404(staff_client):
    assert staff_client.get(reverse("recruitment:application_detail", args=[999999])).status_code == 404


# --- The audit history -----------------------------------------------------------------------------------


def test_the_audit_history_says_who_changed_what(staff_client, cycle):
    application = ApplicationFactory(cycle=cycle, stage=Stage.SCREENED)
    staff_client.post(move_url(application), {"to_stage": Stage.WITHDRAWN, "reason": "Moved away."})

    html = staff_client.get(detail(application)).content.decode()
    audit = text(re.search(r'<section aria-labelledby="audit-heading".*?</section>', html, re.S).group(0))

    assert (
        "Rita Recruiter Stage : Screened → changed to Withdrawn Closed reason : — → changed to Moved away."
        in audit
    )
    assert "Created" in audit


def test_the_audit_history_names_a_changed_source(staff_client, cycle):
    application = ApplicationFactory(cycle=cycle, source=SourceFactory(name="Old source"))
    application.source = SourceFactory(name="New source")
    application.save()
    html = staff_client.get(detail(application)).content.decode()
    assert "Source : Old source → changed to New source" in text(html)


# --- The candidate page ----------------------------------------------------------------------------------


def test_the_candidate_page_lists_their_applications(staff_client, cycle):
    candidate = CandidateFactory(first_name="Maya", last_name="Angelou")
    ApplicationFactory(candidate=candidate, cycle=cycle, role=HiringRole.PRINCIPAL)
    ApplicationFactory(candidate=candidate, cycle=cycle, role=HiringRole.HEAD_OF_SCHOOL, stage=Stage.FINALIST)
    content = page_text(staff_client.get(reverse("recruitment:candidate_detail", args=[candidate.pk])))
    assert "Principal" in content and "Head of school" in content and "Finalist" in content


def test_a_known_candidate_applies_for_another_role(staff_client, staff, cycle, source):
    candidate = CandidateFactory()
    ApplicationFactory(candidate=candidate, cycle=cycle, role=HiringRole.PRINCIPAL)

    response = staff_client.post(
        reverse("recruitment:candidate_apply", args=[candidate.pk]),
        {"cycle": cycle.pk, "role": HiringRole.ASSISTANT_PRINCIPAL, "source": source.pk},
    )

    application = Application.objects.get(candidate=candidate, role=HiringRole.ASSISTANT_PRINCIPAL)
    assert response.url == detail(application)
    assert application.stage_changes.get().changed_by == staff


def test_applying_twice_for_the_same_role_is_refused(staff_client, cycle, source):
    candidate = CandidateFactory()
    ApplicationFactory(candidate=candidate, cycle=cycle, role=HiringRole.PRINCIPAL)
    response = staff_client.post(
        reverse("recruitment:candidate_apply", args=[candidate.pk]),
        {"cycle": cycle.pk, "role": HiringRole.PRINCIPAL, "source": source.pk},
    )
    assert response.status_code == 200
    assert "already applied for this role" in page_text(response)
    assert Application.objects.filter(candidate=candidate).count() == 1


def test_the_candidate_page_shows_its_audit_history(staff_client, cycle):
    candidate = CandidateFactory(phone="")
    candidate.phone = "617-555-0199"
    candidate.save()
    content = page_text(staff_client.get(reverse("recruitment:candidate_detail", args=[candidate.pk])))
    assert "Phone : — → changed to 617-555-0199" in content
