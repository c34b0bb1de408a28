"""The pursuit pages: My licensure (starting a pursuit), a pursuit's checklist with the employee's
progress form, the team's verify / return buttons and status form; and the checklist query."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from leaderdev.permissions import Role
from licensure.models import LicensePursuit, ProgressStatus, PursuitStatus, RequirementProgress
from licensure.queries.pursuits import checklist
from licensure.services import progress as services
from tests.factories import UserFactory
from tests.factories.licensure import (
    LicenseTypeFactory,
    LinkEvidenceFactory,
    RequirementFactory,
    RequirementProgressFactory,
)

from .pursuit_data import facilitator_of, last_year, make_pursuit, pursuer_login, requirement

pytestmark = pytest.mark.django_db

MINE = reverse("licensure:my_licensure")


def text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def today():
    return timezone.localdate()


def detail_url(pursuit):
    return reverse("licensure:pursuit_detail", args=[pursuit.pk])


def progress_url(pursuit, req):
    return reverse("licensure:progress_update", args=[pursuit.pk, req.pk])


def progress_data(req, **overrides):
    prefix = f"progress-{req.pk}"
    data = {f"{prefix}-status": "in_progress", f"{prefix}-note": "Spring semester at the Mather."}
    data.update({f"{prefix}-{key}": value for key, value in overrides.items()})
    return data


@pytest.fixture
def team(make_user):
    return make_user(Role.LICENSURE_TEAM)


@pytest.fixture
def pursuit(school_year):
    return make_pursuit()


@pytest.fixture
def employee(pursuit):
    return pursuit.person.user


@pytest.fixture
def practicum(pursuit):
    return requirement(pursuit, "Practicum, 500 hours")


@pytest.fixture
def coursework(pursuit):
    return requirement(pursuit, "Coursework")


def submitted(pursuit, req):
    LinkEvidenceFactory(progress=RequirementProgressFactory(pursuit=pursuit, requirement=req))
    return RequirementProgress.objects.filter(pursuit=pursuit, requirement=req).update(
        status=ProgressStatus.SUBMITTED
    )


# --- The checklist query ------------------------------------------------------------------------------


def test_checklist_lists_active_requirements_in_order_with_not_started_ones(pursuit, practicum, coursework):
    RequirementFactory(license_type=pursuit.license_type, title="Retired", order=0, is_active=False)
    RequirementProgressFactory(pursuit=pursuit, requirement=practicum, amount_done=Decimal("125"))
    items = checklist(pursuit)
    assert [item.requirement.title for item in items] == ["Coursework", "Practicum, 500 hours"]
    assert [item.status for item in items] == [ProgressStatus.NOT_STARTED, ProgressStatus.IN_PROGRESS]
    assert items.items[1].percent == 25 and items.items[0].percent is None


def test_checklist_shows_this_pursuits_progress_only(pursuit, practicum):
    other = make_pursuit(license_type=pursuit.license_type)
    RequirementProgressFactory(pursuit=other, requirement=practicum, status=ProgressStatus.SUBMITTED)
    assert {item.status for item in checklist(pursuit)} == {ProgressStatus.NOT_STARTED}


# --- A pursuit's page ---------------------------------------------------------------------------------


def test_the_employee_sees_their_checklist_with_forms(client, pursuit, employee, practicum):
    RequirementProgressFactory(pursuit=pursuit, requirement=practicum, amount_done=Decimal("120"))
    client.force_login(employee)
    response = client.get(detail_url(pursuit))
    page = text(response.content.decode())
    assert response.status_code == 200
    assert "Coursework" in page and "120 of 500 hours" in page and "0 of 2" in page
    assert page.count("Update progress") == 2 and page.count("Add evidence") == 2
    assert "Verify" not in page


def test_a_verified_item_has_no_forms(client, pursuit, employee, coursework, team):
    submitted(pursuit, coursework)
    services.verify(RequirementProgress.objects.get(requirement=coursework), team)
    client.force_login(employee)
    html = client.get(detail_url(pursuit)).content.decode()
    assert reverse("licensure:progress_update", args=[pursuit.pk, coursework.pk]) not in html
    assert "Verified" in text(html) and "1 of 2" in text(html)


def test_the_team_sees_verify_and_return_buttons(client, pursuit, coursework, team):
    submitted(pursuit, coursework)
    progress = RequirementProgress.objects.get(requirement=coursework)
    client.force_login(team)
    html = client.get(detail_url(pursuit)).content.decode()
    assert reverse("licensure:progress_verify", args=[progress.pk]) in html
    assert reverse("licensure:progress_return", args=[progress.pk]) in html
    assert reverse("licensure:pursuit_status", args=[pursuit.pk]) in html
    assert "Update progress" not in text(html)


def test_the_page_says_when_the_target_has_passed(client, employee):
    late = make_pursuit(employee, started_on=today() - datetime.timedelta(days=400), target_date=today())
    client.force_login(employee)
    assert "Passed" not in text(client.get(detail_url(late)).content.decode())
    type(late).objects.filter(pk=late.pk).update(target_date=today() - datetime.timedelta(days=1))
    assert "Passed" in text(client.get(detail_url(late)).content.decode())


def test_a_facilitator_reads_without_forms(client, school_year, pursuit, coursework):
    submitted(pursuit, coursework)
    client.force_login(facilitator_of(pursuit.person, school_year))
    response = client.get(detail_url(pursuit))
    page = text(response.content.decode())
    assert response.status_code == 200
    assert "Coursework" in page
    assert "Update progress" not in page and "Add evidence" not in page and "Verify" not in page


def test_last_years_facilitator_gets_404(client, pursuit):
    client.force_login(facilitator_of(pursuit.person, last_year()))
    assert client.get(detail_url(pursuit)).status_code == 404


def test_another_employee_gets_404(client, pursuit):
    client.force_login(pursuer_login())
    assert client.get(detail_url(pursuit)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, pursuit):
    response = client.get(detail_url(pursuit))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_rejects_post(client, pursuit, employee):
    client.force_login(employee)
    assert client.post(detail_url(pursuit)).status_code == 405


@pytest.mark.parametrize("size", [3, 30])
def test_the_page_costs_the_same_queries_whatever_the_checklist(
    client, pursuit, employee, size, django_assert_max_num_queries
):
    for n in range(size):
        req = RequirementFactory(license_type=pursuit.license_type, title=f"Item {n}")
        progress = RequirementProgressFactory(pursuit=pursuit, requirement=req)
        LinkEvidenceFactory(progress=progress, uploaded_by=employee)
    client.force_login(employee)
    with django_assert_max_num_queries(7):
        response = client.get(detail_url(pursuit))
    assert len(response.context["checklist"]) == size + 2


@pytest.mark.parametrize("size", [3, 30])
def test_the_team_page_costs_the_same_queries_whatever_the_checklist(
    client, pursuit, team, size, django_assert_max_num_queries
):
    for n in range(size):
        req = RequirementFactory(license_type=pursuit.license_type, title=f"Item {n}")
        LinkEvidenceFactory(progress=RequirementProgressFactory(pursuit=pursuit, requirement=req))
    client.force_login(team)
    with django_assert_max_num_queries(7):
        response = client.get(detail_url(pursuit))
    assert len(response.context["checklist"]) == size + 2


# --- Updating progress ---------------------------------------------------------------------------------


def test_the_employee_records_practicum_hours(client, pursuit, employee, practicum):
    client.force_login(employee)
    response = client.post(progress_url(pursuit, practicum), progress_data(practicum, amount_done="212.5"))
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(pursuit)}#requirement-{practicum.pk}"
    progress = RequirementProgress.objects.get(pursuit=pursuit, requirement=practicum)
    assert (progress.status, progress.amount_done, progress.note) == (
        ProgressStatus.IN_PROGRESS,
        Decimal("212.5"),
        "Spring semester at the Mather.",
    )
    assert "is saved" in text(client.get(response["Location"]).content.decode())


def test_too_many_hours_are_refused_on_the_form(client, pursuit, employee, practicum):
    client.force_login(employee)
    response = client.post(progress_url(pursuit, practicum), progress_data(practicum, amount_done="5000"))
    assert response.status_code == 200
    assert "more than twice the 500 needed" in text(response.content.decode())
    assert not RequirementProgress.objects.exists()


def test_submitting_without_evidence_is_refused_on_the_form(client, pursuit, employee, coursework):
    client.force_login(employee)
    response = client.post(progress_url(pursuit, coursework), progress_data(coursework, status="submitted"))
    assert "Add evidence for “Coursework” before submitting it" in text(response.content.decode())
    assert not RequirementProgress.objects.exists()


def test_submitting_with_evidence_works(client, pursuit, employee, coursework):
    LinkEvidenceFactory(progress=RequirementProgressFactory(pursuit=pursuit, requirement=coursework))
    client.force_login(employee)
    client.post(progress_url(pursuit, coursework), progress_data(coursework, status="submitted"))
    assert RequirementProgress.objects.get(requirement=coursework).status == ProgressStatus.SUBMITTED


def test_a_requirement_of_another_license_answers_404(client, pursuit, employee):
    stranger = RequirementFactory(title="Elsewhere")
    client.force_login(employee)
    assert client.post(progress_url(pursuit, stranger), progress_data(stranger)).status_code == 404


@pytest.mark.parametrize("who", ["team", "facilitator"])
def test_only_the_employee_updates_progress(client, school_year, pursuit, practicum, team, who):
    client.force_login(team if who == "team" else facilitator_of(pursuit.person, school_year))
    response = client.post(progress_url(pursuit, practicum), progress_data(practicum, amount_done="10"))
    assert response.status_code == 403
    assert not RequirementProgress.objects.exists()


def test_another_employee_cannot_update_progress(client, pursuit, practicum):
    client.force_login(pursuer_login())
    assert client.post(progress_url(pursuit, practicum), progress_data(practicum)).status_code == 404


def test_updating_progress_needs_a_login(client, pursuit, practicum):
    response = client.post(progress_url(pursuit, practicum), progress_data(practicum))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_updating_progress_rejects_get(client, pursuit, employee, practicum):
    client.force_login(employee)
    assert client.get(progress_url(pursuit, practicum)).status_code == 405


# --- The team: verify, return, status --------------------------------------------------------------------


def test_the_team_verifies(client, pursuit, coursework, team):
    submitted(pursuit, coursework)
    progress = RequirementProgress.objects.get(requirement=coursework)
    client.force_login(team)
    response = client.post(reverse("licensure:progress_verify", args=[progress.pk]))
    assert response["Location"] == f"{detail_url(pursuit)}#requirement-{coursework.pk}"
    progress.refresh_from_db()
    assert (progress.status, progress.verified_by) == (ProgressStatus.VERIFIED, team)


def test_verifying_without_evidence_says_why(client, pursuit, practicum, team):
    progress = RequirementProgressFactory(pursuit=pursuit, requirement=practicum)
    client.force_login(team)
    response = client.post(reverse("licensure:progress_verify", args=[progress.pk]), follow=True)
    assert "needs evidence before it can be verified" in text(response.content.decode())
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.IN_PROGRESS


@pytest.mark.parametrize("name", ["progress_verify", "progress_return"])
def test_only_the_team_verifies_or_returns(client, school_year, pursuit, coursework, employee, name):
    submitted(pursuit, coursework)
    progress = RequirementProgress.objects.get(requirement=coursework)
    for user in (employee, facilitator_of(pursuit.person, school_year)):
        client.force_login(user)
        response = client.post(
            reverse(f"licensure:{name}", args=[progress.pk]), {f"return-{progress.pk}-reason": "x"}
        )
        assert response.status_code == 403
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.SUBMITTED


@pytest.mark.parametrize("name", ["progress_verify", "progress_return"])
def test_verify_and_return_reject_get(client, pursuit, coursework, team, name):
    progress = RequirementProgressFactory(pursuit=pursuit, requirement=coursework)
    client.force_login(team)
    assert client.get(reverse(f"licensure:{name}", args=[progress.pk])).status_code == 405


@pytest.mark.parametrize("name", ["progress_verify", "progress_return"])
def test_verify_and_return_need_a_login(client, pursuit, coursework, name):
    progress = RequirementProgressFactory(pursuit=pursuit, requirement=coursework)
    response = client.post(reverse(f"licensure:{name}", args=[progress.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.IN_PROGRESS


def test_the_team_returns_with_a_reason_the_employee_then_reads(client, pursuit, employee, coursework, team):
    submitted(pursuit, coursework)
    progress = RequirementProgress.objects.get(requirement=coursework)
    client.force_login(team)
    client.post(
        reverse("licensure:progress_return", args=[progress.pk]),
        {f"return-{progress.pk}-reason": "We need the official transcript, not a screenshot."},
    )
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.RETURNED
    client.force_login(employee)
    page = text(client.get(detail_url(pursuit)).content.decode())
    assert "Returned for changes: We need the official transcript, not a screenshot." in page


def test_returning_without_a_reason_changes_nothing(client, pursuit, coursework, team):
    submitted(pursuit, coursework)
    progress = RequirementProgress.objects.get(requirement=coursework)
    client.force_login(team)
    response = client.post(
        reverse("licensure:progress_return", args=[progress.pk]),
        {f"return-{progress.pk}-reason": ""},
        follow=True,
    )
    assert "Say what needs to change" in text(response.content.decode())
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.SUBMITTED


def test_the_team_marks_a_pursuit_licensed(client, pursuit, team):
    client.force_login(team)
    client.post(
        reverse("licensure:pursuit_status", args=[pursuit.pk]),
        {"status": "licensed", "licensed_on": today().isoformat()},
    )
    pursuit.refresh_from_db()
    assert (pursuit.status, pursuit.licensed_on) == (PursuitStatus.LICENSED, today())


def test_licensed_without_a_date_is_refused(client, pursuit, team):
    client.force_login(team)
    response = client.post(
        reverse("licensure:pursuit_status", args=[pursuit.pk]), {"status": "licensed"}, follow=True
    )
    assert "Give the date of the license" in text(response.content.decode())
    pursuit.refresh_from_db()
    assert pursuit.status == PursuitStatus.IN_PROGRESS


def test_changing_the_status_needs_a_login_and_a_post(client, pursuit, team):
    url = reverse("licensure:pursuit_status", args=[pursuit.pk])
    response = client.post(url, {"status": "applied"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(team)
    assert client.get(url).status_code == 405
    pursuit.refresh_from_db()
    assert pursuit.status == PursuitStatus.IN_PROGRESS


def test_only_the_team_changes_a_pursuits_status(client, pursuit, employee):
    client.force_login(employee)
    response = client.post(reverse("licensure:pursuit_status", args=[pursuit.pk]), {"status": "applied"})
    assert response.status_code == 403
    pursuit.refresh_from_db()
    assert pursuit.status == PursuitStatus.IN_PROGRESS


# --- My licensure -----------------------------------------------------------------------------------------


def test_my_licensure_lists_my_pursuits_with_progress(client, pursuit, employee, coursework):
    submitted(pursuit, coursework)
    RequirementProgress.objects.filter(requirement=coursework).update(
        status=ProgressStatus.VERIFIED, verified_at=timezone.now()
    )
    make_pursuit()  # someone else's
    client.force_login(employee)
    response = client.get(MINE)
    page = text(response.content.decode())
    assert list(response.context["pursuits"]) == [pursuit]
    assert f"{pursuit.license_type.name}" in page and "1 of 2 requirements verified" in page


def test_my_licensure_starts_a_pursuit(client, school_year):
    user = pursuer_login()
    license_type = LicenseTypeFactory(name="Principal/Assistant Principal (Initial) test")
    target = today() + datetime.timedelta(days=365)
    client.force_login(user)
    response = client.post(MINE, {"license_type": license_type.pk, "target_date": target.isoformat()})
    pursuit = LicensePursuit.objects.get(person=user.person)
    assert response.status_code == 302 and response["Location"] == detail_url(pursuit)
    assert (pursuit.license_type, pursuit.target_date, pursuit.started_on) == (license_type, target, today())


def test_my_licensure_offers_only_active_licenses_not_yet_pursued(client, pursuit, employee):
    retired = LicenseTypeFactory(name="Retired license", is_active=False)
    offered = LicenseTypeFactory(name="Offered license")
    client.force_login(employee)
    choices = list(client.get(MINE).context["form"].fields["license_type"].queryset)
    assert offered in choices and retired not in choices and pursuit.license_type not in choices


def test_my_licensure_refuses_a_past_target(client):
    user = pursuer_login()
    client.force_login(user)
    response = client.post(
        MINE,
        {
            "license_type": LicenseTypeFactory().pk,
            "target_date": (today() - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200 and "Choose a date from today on" in text(response.content.decode())
    assert not LicensePursuit.objects.exists()


def test_my_licensure_refuses_a_license_already_pursued(client, pursuit, employee):
    client.force_login(employee)
    client.post(MINE, {"license_type": pursuit.license_type.pk, "target_date": today().isoformat()})
    assert LicensePursuit.objects.count() == 1


def test_my_licensure_needs_a_staff_record(client):
    client.force_login(UserFactory(roles=[Role.COACH]))
    assert client.get(MINE).status_code == 403


def test_my_licensure_needs_a_login(client):
    response = client.get(MINE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_my_licensure_rejects_put(client, employee):
    client.force_login(employee)
    assert client.put(MINE).status_code == 405


@pytest.mark.parametrize("size", [3, 30])
def test_my_licensure_costs_the_same_queries_whatever_the_number(
    client, employee, size, django_assert_max_num_queries
):
    for _ in range(size):
        make_pursuit(employee)
    client.force_login(employee)
    with django_assert_max_num_queries(7):
        response = client.get(MINE)
    assert len(response.context["pursuits"]) == size + 1
