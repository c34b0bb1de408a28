"""The licensure admin: every licensure model's pages open for the licensure team and a superuser, the
changelists cost the same at two sizes, evidence files never show a storage URL, and the rules the
pages keep (verification stamps, attendance for members only) hold in the admin too."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from leaderdev.permissions import Role
from licensure.admin import evidence_download_link
from licensure.models import (
    Evidence,
    GroupMembership,
    LicensePursuit,
    LicenseType,
    MeetingAttendance,
    ProgressStatus,
    Requirement,
    RequirementProgress,
    SupportGroup,
    SupportMeeting,
)
from tests.factories import PersonFactory
from tests.factories.licensure import (
    LinkEvidenceFactory,
    MeetingAttendanceFactory,
    RequirementFactory,
    RequirementProgressFactory,
)

from .meetings_setup import a_group, a_member, fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db

MODELS = {
    "licensetype": LicenseType,
    "requirement": Requirement,
    "licensepursuit": LicensePursuit,
    "requirementprogress": RequirementProgress,
    "evidence": Evidence,
    "supportgroup": SupportGroup,
    "groupmembership": GroupMembership,
    "supportmeeting": SupportMeeting,
    "meetingattendance": MeetingAttendance,
}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def changelist(model):
    return reverse(f"admin:licensure_{model}_changelist")


def add(model):
    return reverse(f"admin:licensure_{model}_add")


def change(model, pk):
    return reverse(f"admin:licensure_{model}_change", args=[pk])


@pytest.fixture
def team(make_user):
    return make_user(Role.LICENSURE_TEAM, is_staff=True)


@pytest.fixture(params=["team", "superuser"])
def admin_client(request, client, team, superuser):
    client.force_login(team if request.param == "team" else superuser)
    return client


def file_evidence(progress) -> Evidence:
    return Evidence.objects.create(
        progress=progress,
        file=ContentFile(PDF, name="transcript.pdf"),
        original_name="Ortiz transcript.pdf",
        description="Transcript",
    )


def grow(school_year, count):
    """`count` of everything: a group with a held meeting and its attendance, members whose pursuits
    have progress on two requirements, with a link and a file as evidence."""
    for _ in range(count):
        scene = a_group(school_year)
        membership = a_member(scene.group)
        pursuit = membership.person.license_pursuits.get()
        progress = RequirementProgressFactory(pursuit=pursuit)
        RequirementProgressFactory(
            pursuit=pursuit, requirement=RequirementFactory(license_type=pursuit.license_type)
        )
        LinkEvidenceFactory(progress=progress)
        file_evidence(progress)
        MeetingAttendanceFactory(meeting=scene.held, person=membership.person)


# --- Every page opens ---------------------------------------------------------------------------------------


def test_changelist_query_counts_do_not_grow(client, team, school_year, django_assert_max_num_queries):
    """Every changelist at 2 and 12 rows of everything (one set-up for all: growing data is slow)."""
    client.force_login(team)
    grow(school_year, 2)
    for model in MODELS:
        with django_assert_max_num_queries(12, info=model):
            assert client.get(changelist(model)).status_code == 200, model
    grow(school_year, 10)
    for model in MODELS:
        with django_assert_max_num_queries(12, info=model):
            response = client.get(changelist(model))
        assert response.status_code == 200, model
        assert response.context["cl"].result_count >= 10, model


@pytest.mark.parametrize("model", MODELS)
def test_changelists_open_and_search(admin_client, school_year, model):
    grow(school_year, 1)
    assert admin_client.get(changelist(model)).status_code == 200
    assert admin_client.get(changelist(model), {"q": "a"}).status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_add_pages_open(admin_client, model):
    assert admin_client.get(add(model)).status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_change_pages_open(admin_client, school_year, model):
    grow(school_year, 1)
    obj = MODELS[model].objects.first()
    assert admin_client.get(change(model, obj.pk)).status_code == 200


@pytest.mark.parametrize("role", [Role.LEADER, Role.MENTOR, Role.PROGRAM_STAFF])
def test_other_roles_cannot_reach_licensure(client, make_user, role):
    client.force_login(make_user(role, is_staff=role == Role.PROGRAM_STAFF))
    for model in ("licensepursuit", "evidence", "supportgroup"):
        response = client.get(changelist(model))
        assert response.status_code in (302, 403), model
        if response.status_code == 302:
            assert "/admin/login/" in response.url


# --- Licenses and requirements ------------------------------------------------------------------------------


def test_requirements_are_edited_inline_in_their_order(admin_client):
    license_type = LicenseType.objects.create(name="Test principal license", code="test-principal")
    second = RequirementFactory(license_type=license_type, title="Second", order=2)
    first = RequirementFactory(license_type=license_type, title="First", order=1)
    html = admin_client.get(change("licensetype", license_type.pk)).content.decode()
    assert html.index(f'value="{first.pk}"') < html.index(f'value="{second.pk}"')


def test_the_requirement_list_filters_by_license_kind_and_active(admin_client):
    response = admin_client.get(changelist("requirement"))
    filters = {spec.title for spec in response.context["cl"].filter_specs}
    assert {"license type", "kind", "is active"} <= filters


def test_the_pursuit_list_shows_person_license_status_target_and_verified(admin_client):
    progress = RequirementProgressFactory(status=ProgressStatus.VERIFIED, verified_at=timezone.now())
    RequirementFactory(license_type=progress.pursuit.license_type)
    html = admin_client.get(changelist("licensepursuit")).content.decode()
    assert progress.pursuit.person.full_name in html
    assert progress.pursuit.license_type.name in html
    assert "1 of 2" in html


# --- Progress and evidence ----------------------------------------------------------------------------------


def test_the_verify_action_verifies_through_the_service(client, team):
    client.force_login(team)
    with_evidence = RequirementProgressFactory(status=ProgressStatus.SUBMITTED)
    LinkEvidenceFactory(progress=with_evidence)
    without = RequirementProgressFactory(status=ProgressStatus.SUBMITTED)
    response = client.post(
        changelist("requirementprogress"),
        {"action": "verify_selected", "_selected_action": [with_evidence.pk, without.pk]},
        follow=True,
    )
    with_evidence.refresh_from_db()
    without.refresh_from_db()
    assert with_evidence.status == ProgressStatus.VERIFIED
    assert with_evidence.verified_by == team and with_evidence.verified_at is not None
    assert without.status == ProgressStatus.SUBMITTED and without.verified_at is None
    html = response.content.decode()
    assert "Verified: " in html and "needs evidence before it can be verified" in html


def test_the_status_cannot_be_typed_in_the_change_form(client, team):
    client.force_login(team)
    progress = RequirementProgressFactory(status=ProgressStatus.SUBMITTED)
    data = {
        "status": "verified",
        "amount_done": "",
        "completed_on": "2026-10-01",
        "note": "Passed in October.",
        "returned_reason": "",
        "evidence-TOTAL_FORMS": 0,
        "evidence-INITIAL_FORMS": 0,
        "evidence-MIN_NUM_FORMS": 0,
        "evidence-MAX_NUM_FORMS": 1000,
    }
    assert client.post(change("requirementprogress", progress.pk), data).status_code == 302
    progress.refresh_from_db()
    assert (progress.status, progress.verified_at) == (ProgressStatus.SUBMITTED, None)
    assert progress.note == "Passed in October."


def test_a_row_cannot_be_added_already_verified(client, team):
    client.force_login(team)
    progress = RequirementProgressFactory()
    requirement = RequirementFactory(license_type=progress.pursuit.license_type)
    data = {
        "pursuit": progress.pursuit.pk,
        "requirement": requirement.pk,
        "status": "verified",
        "evidence-TOTAL_FORMS": 0,
        "evidence-INITIAL_FORMS": 0,
        "evidence-MIN_NUM_FORMS": 0,
        "evidence-MAX_NUM_FORMS": 1000,
    }
    response = client.post(add("requirementprogress"), data)
    assert response.status_code == 200
    assert "verify it with the" in response.content.decode()
    assert RequirementProgress.objects.count() == 1


def test_progress_for_another_licenses_requirement_is_refused(client, team):
    client.force_login(team)
    progress = RequirementProgressFactory()
    stranger = RequirementFactory()  # of another license
    data = {
        "pursuit": progress.pursuit.pk,
        "requirement": stranger.pk,
        "status": "in_progress",
        "evidence-TOTAL_FORMS": 0,
        "evidence-INITIAL_FORMS": 0,
        "evidence-MIN_NUM_FORMS": 0,
        "evidence-MAX_NUM_FORMS": 1000,
    }
    response = client.post(add("requirementprogress"), data)
    assert response.status_code == 200
    assert "is not a requirement of" in response.content.decode()
    assert RequirementProgress.objects.count() == 1


def test_an_evidence_file_is_read_only_and_linked_through_the_download_page(admin_client):
    evidence = file_evidence(RequirementProgressFactory())
    html = admin_client.get(change("evidence", evidence.pk)).content.decode()
    stored = evidence.file.name
    assert stored.startswith("licensure-evidence/")
    assert stored not in html  # no storage path, no /media/ URL
    assert 'type="file"' not in html
    assert "Ortiz transcript.pdf" in html
    try:
        url = reverse("licensure:evidence_download", args=[evidence.pk])
    except NoReverseMatch:
        assert "download page not available yet" in html
    else:
        assert f'href="{url}"' in html


def test_the_evidence_list_links_through_the_download_page(admin_client):
    evidence = file_evidence(RequirementProgressFactory())
    html = admin_client.get(changelist("evidence")).content.decode()
    assert evidence.file.name not in html
    assert "Ortiz transcript.pdf" in html


def test_the_progress_page_lists_its_evidence_without_storage_urls(admin_client):
    evidence = file_evidence(RequirementProgressFactory())
    html = admin_client.get(change("requirementprogress", evidence.progress.pk)).content.decode()
    assert "Ortiz transcript.pdf" in html
    assert evidence.file.name not in html


@pytest.fixture
def urls_without_download(settings):
    """A URL configuration whose licensure namespace has no evidence_download (before it lands)."""
    settings.ROOT_URLCONF = "tests.licensure.urls_without_download"


def test_the_download_link_says_so_when_the_download_page_is_missing(urls_without_download):
    evidence = file_evidence(RequirementProgressFactory())
    assert evidence_download_link(evidence) == "Ortiz transcript.pdf (download page not available yet)"


def test_evidence_added_in_the_admin_records_who_and_the_file_name(client, team):
    client.force_login(team)
    progress = RequirementProgressFactory()
    upload = ContentFile(PDF, name="score report.pdf")
    response = client.post(
        add("evidence"), {"progress": progress.pk, "file": upload, "link": "", "description": "Score report"}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.uploaded_by, evidence.original_name) == (team, "score report.pdf")
    assert re.fullmatch(r"licensure-evidence/[0-9a-f]{32}\.pdf", evidence.file.name)


def test_the_admin_refuses_a_file_that_is_not_what_it_says(client, team):
    client.force_login(team)
    progress = RequirementProgressFactory()
    upload = ContentFile(b"#!/bin/sh\necho hi\n", name="transcript.pdf")
    response = client.post(
        add("evidence"), {"progress": progress.pk, "file": upload, "link": "", "description": "Transcript"}
    )
    assert response.status_code == 200
    assert not Evidence.objects.exists()


# --- Groups, meetings and attendance ------------------------------------------------------------------------


def test_the_group_list_shows_facilitators_and_counts(admin_client, school_year):
    scene = a_group(school_year, name="Principal licensure")
    html = admin_client.get(changelist("supportgroup")).content.decode()
    row = re.search(r"Principal licensure.*?</tr>", html, re.S).group(0)
    assert scene.group.facilitators.get().full_name in row
    assert '<td class="field-member_count">2</td>' in row
    assert '<td class="field-meeting_count">2</td>' in row


def test_a_facilitator_added_as_a_member_in_the_admin_is_taken_off(client, team, school_year):
    client.force_login(team)
    scene = a_group(school_year, name="Principal licensure")
    facilitator = scene.group.facilitators.get()
    memberships = list(scene.group.memberships.all())
    data = {
        "school_year": school_year.pk,
        "name": "Principal licensure",
        "facilitators": [facilitator.pk],
        "usual_time": "",
        "memberships-TOTAL_FORMS": 3,
        "memberships-INITIAL_FORMS": 2,
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
        "memberships-2-person": facilitator.pk,
        "memberships-2-joined_on": "2026-09-01",
    }
    for index, membership in enumerate(memberships):
        data |= {
            f"memberships-{index}-id": membership.pk,
            f"memberships-{index}-group": scene.group.pk,
            f"memberships-{index}-person": membership.person_id,
            f"memberships-{index}-joined_on": "2026-09-01",
        }
    response = client.post(change("supportgroup", scene.group.pk), data)
    assert response.status_code == 302
    assert not GroupMembership.objects.filter(person=facilitator).exists()
    assert GroupMembership.objects.filter(group=scene.group).count() == 2


def test_attendance_for_someone_outside_the_group_is_refused(client, team, school_year):
    client.force_login(team)
    scene = a_group(school_year)
    stranger = PersonFactory()
    data = {"meeting": scene.held.pk, "person": stranger.pk, "status": "present", "next_steps": ""}
    response = client.post(add("meetingattendance"), data)
    assert response.status_code == 200
    assert "is not a member of" in response.content.decode()
    assert not MeetingAttendance.objects.exists()
    data["person"] = scene.member_person.pk
    assert client.post(add("meetingattendance"), data).status_code == 302
    assert MeetingAttendance.objects.get().person == scene.member_person


def test_a_meeting_shows_its_attendance_inline(admin_client, school_year):
    scene = a_group(school_year)
    MeetingAttendanceFactory(meeting=scene.held, person=scene.member_person, next_steps="Book the MTEL.")
    html = admin_client.get(change("supportmeeting", scene.held.pk)).content.decode()
    assert "Book the MTEL." in html


def test_the_school_year_filter_of_memberships(admin_client, school_year):
    scene = a_group(school_year)
    response = admin_client.get(
        changelist("groupmembership"), {"group__school_year__id__exact": school_year.pk}
    )
    assert {m.person for m in response.context["cl"].result_list} == {scene.member_person, scene.other_person}
