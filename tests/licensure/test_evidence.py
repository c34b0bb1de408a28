"""Evidence through the pages: adding a file or a link, the upload checks (size, kind by content,
extension, empty), where and how a file is stored, who may download it and how, and removing it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leaderdev.permissions import Role
from licensure.models import Evidence, ProgressStatus, RequirementProgress
from licensure.services import progress as services
from tests.factories.licensure import RequirementProgressFactory

from .pursuit_data import (
    PDF_BYTES,
    facilitator_of,
    last_year,
    make_pursuit,
    pdf,
    png_bytes,
    pursuer_login,
    requirement,
    stored_files,
)

pytestmark = pytest.mark.django_db

LINK = "https://www.mtel.nesinc.com/score-report/123"


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
def coursework(pursuit):
    return requirement(pursuit, "Coursework")


def add_url(pursuit, req):
    return reverse("licensure:evidence_add", args=[pursuit.pk, req.pk])


def download_url(evidence):
    return reverse("licensure:evidence_download", args=[evidence.pk])


def post_file(client, pursuit, req, file, description="Transcript"):
    prefix = f"evidence-{req.pk}"
    return client.post(add_url(pursuit, req), {f"{prefix}-file": file, f"{prefix}-description": description})


@pytest.fixture
def stored(pursuit, employee, coursework):
    """A PDF the employee uploaded for their coursework."""
    return services.add_evidence(pursuit, coursework, file=pdf(), description="Transcript", user=employee)


# --- Adding evidence ----------------------------------------------------------------------------------


def test_a_valid_pdf_is_stored_privately_under_a_random_name(client, settings, pursuit, employee, coursework):
    client.force_login(employee)
    response = post_file(client, pursuit, coursework, pdf("Jordan Rivera transcript.pdf"))
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.original_name, evidence.description, evidence.uploaded_by) == (
        "Jordan Rivera transcript.pdf",
        "Transcript",
        employee,
    )
    [path] = stored_files(settings)
    assert path.is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    for public in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
        assert not path.is_relative_to(public)
    assert path.read_bytes() == PDF_BYTES
    assert "Rivera" not in str(path) and "Jordan" not in str(path)
    assert RequirementProgress.objects.get().status == ProgressStatus.IN_PROGRESS


def test_a_link_is_kept(client, pursuit, employee, coursework):
    client.force_login(employee)
    prefix = f"evidence-{coursework.pk}"
    client.post(
        add_url(pursuit, coursework), {f"{prefix}-link": LINK, f"{prefix}-description": "MTEL report"}
    )
    evidence = Evidence.objects.get()
    assert (evidence.link, evidence.description, bool(evidence.file)) == (LINK, "MTEL report", False)


def test_an_oversized_file_is_refused_with_a_message_and_nothing_stored(
    client, settings, pursuit, employee, coursework
):
    client.force_login(employee)
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024 + 1))
    response = post_file(client, pursuit, coursework, big)
    assert response.status_code == 200
    assert "the limit is 10 MB" in response.content.decode()
    assert not Evidence.objects.exists() and stored_files(settings) == []


def test_a_text_file_renamed_pdf_is_refused(client, settings, pursuit, employee, coursework):
    client.force_login(employee)
    fake = SimpleUploadedFile("transcript.pdf", b"<html><script>alert(1)</script></html>")
    response = post_file(client, pursuit, coursework, fake)
    assert "content is not one of the allowed kinds" in response.content.decode()
    assert not Evidence.objects.exists() and stored_files(settings) == []


def test_a_real_png_named_pdf_is_refused(client, settings, pursuit, employee, coursework):
    client.force_login(employee)
    response = post_file(client, pursuit, coursework, SimpleUploadedFile("transcript.pdf", png_bytes()))
    assert "This file is a PNG image but is named" in response.content.decode()
    assert not Evidence.objects.exists() and stored_files(settings) == []


def test_an_empty_file_is_refused(client, settings, pursuit, employee, coursework):
    client.force_login(employee)
    response = post_file(client, pursuit, coursework, SimpleUploadedFile("transcript.pdf", b""))
    assert response.status_code == 200 and "empty" in response.content.decode()
    assert not Evidence.objects.exists() and stored_files(settings) == []


def test_a_file_and_a_link_together_are_refused(client, pursuit, employee, coursework):
    client.force_login(employee)
    prefix = f"evidence-{coursework.pk}"
    response = client.post(
        add_url(pursuit, coursework),
        {f"{prefix}-file": pdf(), f"{prefix}-link": LINK, f"{prefix}-description": "Both"},
    )
    assert "not both" in response.content.decode()
    assert not Evidence.objects.exists()


def test_the_form_with_errors_comes_back_open(client, pursuit, employee, coursework):
    client.force_login(employee)
    html = post_file(client, pursuit, coursework, SimpleUploadedFile("x.pdf", b"")).content.decode()
    assert 'class="border rounded px-3 py-2 mt-2" open>' in html


def test_only_the_employee_adds_evidence(client, school_year, pursuit, coursework, team):
    for user in (team, facilitator_of(pursuit.person, school_year)):
        client.force_login(user)
        assert post_file(client, pursuit, coursework, pdf()).status_code == 403
    client.force_login(pursuer_login())
    assert post_file(client, pursuit, coursework, pdf()).status_code == 404
    assert not Evidence.objects.exists()


def test_adding_evidence_needs_a_login_and_a_post(client, pursuit, employee, coursework):
    response = post_file(client, pursuit, coursework, pdf())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(employee)
    assert client.get(add_url(pursuit, coursework)).status_code == 405


def test_evidence_is_listed_with_a_download_link(client, pursuit, employee, stored):
    client.force_login(employee)
    html = client.get(reverse("licensure:pursuit_detail", args=[pursuit.pk])).content.decode()
    assert f'href="{download_url(stored)}"' in html
    assert "Smith transcript.pdf" in html


# --- Downloading -----------------------------------------------------------------------------------------


def test_the_owner_downloads_an_attachment_that_is_not_sniffed(client, employee, stored):
    client.force_login(employee)
    response = client.get(download_url(stored))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Smith_transcript.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_the_team_downloads(client, team, stored):
    client.force_login(team)
    response = client.get(download_url(stored))
    assert response.status_code == 200
    response.close()


def test_a_facilitator_of_their_group_downloads(client, school_year, pursuit, stored):
    client.force_login(facilitator_of(pursuit.person, school_year))
    response = client.get(download_url(stored))
    assert response.status_code == 200
    response.close()


def test_a_facilitator_of_last_years_group_gets_404(client, pursuit, stored):
    client.force_login(facilitator_of(pursuit.person, last_year()))
    assert client.get(download_url(stored)).status_code == 404


def test_another_employee_gets_404(client, stored):
    client.force_login(pursuer_login())
    assert client.get(download_url(stored)).status_code == 404


def test_downloading_needs_a_login(client, stored):
    response = client.get(download_url(stored))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_downloading_rejects_post(client, employee, stored):
    client.force_login(employee)
    assert client.post(download_url(stored)).status_code == 405


def test_a_link_has_no_file_to_download(client, pursuit, employee, coursework):
    evidence = services.add_evidence(pursuit, coursework, link=LINK, description="Report", user=employee)
    client.force_login(employee)
    assert client.get(download_url(evidence)).status_code == 404


# --- Removing ------------------------------------------------------------------------------------------


def remove_url(evidence):
    return reverse("licensure:evidence_remove", args=[evidence.pk])


def test_the_uploader_removes_evidence_and_its_file(
    client, settings, employee, stored, django_capture_on_commit_callbacks
):
    client.force_login(employee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url(stored))
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert stored_files(settings) == []


def test_verified_evidence_cannot_be_removed(client, employee, team, stored):
    RequirementProgress.objects.filter(pk=stored.progress_id).update(status=ProgressStatus.SUBMITTED)
    services.verify(RequirementProgress.objects.get(pk=stored.progress_id), team)
    client.force_login(employee)
    assert client.post(remove_url(stored)).status_code == 403
    assert Evidence.objects.filter(pk=stored.pk).exists()


def test_the_remove_button_shows_only_to_the_uploader(client, pursuit, employee, team, stored):
    detail = reverse("licensure:pursuit_detail", args=[pursuit.pk])
    client.force_login(employee)
    assert remove_url(stored) in client.get(detail).content.decode()
    client.force_login(team)
    assert remove_url(stored) not in client.get(detail).content.decode()


def test_others_cannot_remove_evidence(client, school_year, pursuit, team, stored):
    client.force_login(team)
    assert client.post(remove_url(stored)).status_code == 403
    client.force_login(pursuer_login())
    assert client.post(remove_url(stored)).status_code == 404
    assert Evidence.objects.filter(pk=stored.pk).exists()


def test_removing_needs_a_login_and_a_post(client, employee, stored):
    response = client.post(remove_url(stored))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(employee)
    assert client.get(remove_url(stored)).status_code == 405
    assert Evidence.objects.filter(pk=stored.pk).exists()


def test_progress_factory_items_without_evidence_show_no_list(client, pursuit, employee, coursework):
    RequirementProgressFactory(pursuit=pursuit, requirement=coursework)
    client.force_login(employee)
    html = client.get(reverse("licensure:pursuit_detail", args=[pursuit.pk])).content.decode()
    assert ">Evidence</h4>" not in html
