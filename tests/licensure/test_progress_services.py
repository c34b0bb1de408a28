"""licensure.services.progress: starting a pursuit, its status, progress per requirement, evidence,
verification and returns."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from leaderdev.errors import DomainError
from leaderdev.permissions import Role
from licensure.models import Evidence, LicensePursuit, ProgressStatus, PursuitStatus, RequirementProgress
from licensure.services import progress as services
from tests.factories.licensure import LicenseTypeFactory, RequirementFactory

from .pursuit_data import make_pursuit, pdf, pursuer_login, requirement, stored_files

pytestmark = pytest.mark.django_db

LINK = "https://mtel.example.org/score-report/42"


def today():
    return timezone.localdate()


@pytest.fixture
def team(make_user):
    return make_user(Role.LICENSURE_TEAM)


@pytest.fixture
def pursuit():
    return make_pursuit()


@pytest.fixture
def employee(pursuit):
    return pursuit.person.user


@pytest.fixture
def coursework(pursuit):
    return requirement(pursuit, "Coursework")


@pytest.fixture
def practicum(pursuit):
    return requirement(pursuit, "Practicum, 500 hours")


def submitted(pursuit, req, employee):
    services.add_evidence(pursuit, req, link=LINK, description="Transcript", user=employee)
    return services.update_progress(pursuit, req, status=ProgressStatus.SUBMITTED, user=employee)


# --- start_pursuit -----------------------------------------------------------------------------------


def test_start_pursuit_starts_planning_today():
    user = pursuer_login()
    license_type = LicenseTypeFactory()
    target = today() + datetime.timedelta(days=300)
    pursuit = services.start_pursuit(user.person, license_type, target, user=user)
    pursuit = LicensePursuit.objects.get(pk=pursuit.pk)
    assert (pursuit.person, pursuit.license_type) == (user.person, license_type)
    assert (pursuit.status, pursuit.started_on, pursuit.target_date) == (
        PursuitStatus.PLANNING,
        today(),
        target,
    )


def test_start_pursuit_refuses_a_second_pursuit_of_the_same_license(pursuit):
    with pytest.raises(DomainError, match="already pursues"):
        services.start_pursuit(pursuit.person, pursuit.license_type, today() + datetime.timedelta(days=30))
    assert LicensePursuit.objects.count() == 1


def test_start_pursuit_refuses_an_inactive_license():
    user = pursuer_login()
    retired = LicenseTypeFactory(is_active=False)
    with pytest.raises(DomainError, match="no longer offered"):
        services.start_pursuit(user.person, retired, today() + datetime.timedelta(days=30), user=user)
    assert not LicensePursuit.objects.exists()


def test_start_pursuit_refuses_a_target_before_the_start():
    user = pursuer_login()
    with pytest.raises(DomainError, match="before the start"):
        services.start_pursuit(
            user.person, LicenseTypeFactory(), today() - datetime.timedelta(days=1), user=user
        )


def test_start_pursuit_refuses_someone_elses_login():
    user, other = pursuer_login(), pursuer_login()
    with pytest.raises(DomainError, match="Only the employee or the licensure team"):
        services.start_pursuit(user.person, LicenseTypeFactory(), today(), user=other)


def test_the_team_may_start_a_pursuit_for_an_employee(team):
    user = pursuer_login()
    pursuit = services.start_pursuit(user.person, LicenseTypeFactory(), today(), user=team)
    assert pursuit.person == user.person


# --- set_pursuit_status ------------------------------------------------------------------------------


def test_set_pursuit_status_records_the_license_date(pursuit, team):
    services.set_pursuit_status(pursuit, PursuitStatus.LICENSED, today(), user=team)
    pursuit.refresh_from_db()
    assert (pursuit.status, pursuit.licensed_on) == (PursuitStatus.LICENSED, today())


def test_set_pursuit_status_needs_the_date_of_a_license(pursuit, team):
    with pytest.raises(DomainError, match="date of the license"):
        services.set_pursuit_status(pursuit, PursuitStatus.LICENSED, user=team)
    pursuit.refresh_from_db()
    assert pursuit.status == PursuitStatus.IN_PROGRESS


def test_set_pursuit_status_refuses_a_future_license_date(pursuit, team):
    with pytest.raises(DomainError, match="future"):
        services.set_pursuit_status(
            pursuit, PursuitStatus.LICENSED, today() + datetime.timedelta(days=1), user=team
        )


def test_set_pursuit_status_clears_the_license_date_otherwise(pursuit, team):
    services.set_pursuit_status(pursuit, PursuitStatus.LICENSED, today(), user=team)
    services.set_pursuit_status(pursuit, PursuitStatus.APPLIED, today(), user=team)
    pursuit.refresh_from_db()
    assert (pursuit.status, pursuit.licensed_on) == (PursuitStatus.APPLIED, None)


def test_set_pursuit_status_is_for_the_team(pursuit, employee):
    with pytest.raises(DomainError, match="Only the licensure team"):
        services.set_pursuit_status(pursuit, PursuitStatus.APPLIED, user=employee)
    pursuit.refresh_from_db()
    assert pursuit.status == PursuitStatus.IN_PROGRESS


# --- update_progress -------------------------------------------------------------------------------


def test_update_progress_creates_the_row_on_first_use(pursuit, practicum, employee):
    services.update_progress(
        pursuit,
        practicum,
        status=ProgressStatus.IN_PROGRESS,
        amount_done=Decimal("120"),
        completed_on=None,
        note=" Fall semester at the Hernández. ",
        user=employee,
    )
    progress = RequirementProgress.objects.get(pursuit=pursuit, requirement=practicum)
    assert (progress.status, progress.amount_done, progress.note) == (
        ProgressStatus.IN_PROGRESS,
        Decimal("120.0"),
        "Fall semester at the Hernández.",
    )


def test_update_progress_updates_the_same_row_again(pursuit, practicum, employee):
    for hours in ("120", "180"):
        services.update_progress(
            pursuit, practicum, status=ProgressStatus.IN_PROGRESS, amount_done=Decimal(hours), user=employee
        )
    assert RequirementProgress.objects.get(pursuit=pursuit).amount_done == Decimal("180")


def test_update_progress_refuses_another_licenses_requirement(pursuit, employee):
    stranger = RequirementFactory(title="Someone else's item")
    with pytest.raises(DomainError, match="not a requirement of"):
        services.update_progress(pursuit, stranger, status=ProgressStatus.IN_PROGRESS, user=employee)
    assert not RequirementProgress.objects.exists()


def test_update_progress_refuses_a_retired_requirement(pursuit, coursework, employee):
    coursework.is_active = False
    coursework.save()
    with pytest.raises(DomainError, match="retired"):
        services.update_progress(pursuit, coursework, status=ProgressStatus.IN_PROGRESS, user=employee)


def test_update_progress_refuses_a_verified_item(pursuit, coursework, employee, team):
    progress = submitted(pursuit, coursework, employee)
    services.verify(progress, team)
    with pytest.raises(DomainError, match="is verified"):
        services.update_progress(
            pursuit, coursework, status=ProgressStatus.IN_PROGRESS, note="Oops", user=employee
        )
    progress.refresh_from_db()
    assert (progress.status, progress.note) == (ProgressStatus.VERIFIED, "")


def test_update_progress_refuses_to_submit_without_evidence(pursuit, coursework, employee):
    with pytest.raises(DomainError, match="Add evidence"):
        services.update_progress(pursuit, coursework, status=ProgressStatus.SUBMITTED, user=employee)
    assert not RequirementProgress.objects.exists()


def test_update_progress_submits_an_item_with_evidence(pursuit, coursework, employee):
    progress = submitted(pursuit, coursework, employee)
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.SUBMITTED


def test_update_progress_submits_an_item_that_needs_no_evidence(pursuit, employee):
    attestation = RequirementFactory(
        license_type=pursuit.license_type, title="Attestation", evidence_required=False
    )
    progress = services.update_progress(pursuit, attestation, status=ProgressStatus.SUBMITTED, user=employee)
    assert progress.status == ProgressStatus.SUBMITTED


@pytest.mark.parametrize("hours", ["-1", "1000.5"])
def test_update_progress_refuses_amounts_out_of_bounds(pursuit, practicum, employee, hours):
    with pytest.raises(DomainError):
        services.update_progress(
            pursuit, practicum, status=ProgressStatus.IN_PROGRESS, amount_done=Decimal(hours), user=employee
        )
    assert not RequirementProgress.objects.exists()


def test_update_progress_accepts_twice_the_target(pursuit, practicum, employee):
    progress = services.update_progress(
        pursuit, practicum, status=ProgressStatus.IN_PROGRESS, amount_done=Decimal("1000"), user=employee
    )
    assert progress.amount_done == Decimal("1000")


def test_update_progress_refuses_an_amount_on_an_item_not_counted(pursuit, coursework, employee):
    with pytest.raises(DomainError, match="not counted"):
        services.update_progress(
            pursuit, coursework, status=ProgressStatus.IN_PROGRESS, amount_done=Decimal("3"), user=employee
        )


def test_update_progress_refuses_a_completion_date_in_the_future(pursuit, coursework, employee):
    with pytest.raises(DomainError, match="future"):
        services.update_progress(
            pursuit,
            coursework,
            status=ProgressStatus.IN_PROGRESS,
            completed_on=today() + datetime.timedelta(days=1),
            user=employee,
        )


@pytest.mark.parametrize(
    "status", [ProgressStatus.VERIFIED, ProgressStatus.RETURNED, ProgressStatus.NOT_STARTED]
)
def test_update_progress_refuses_the_teams_statuses(pursuit, coursework, employee, status):
    with pytest.raises(DomainError, match="in progress or submit"):
        services.update_progress(pursuit, coursework, status=status, user=employee)


def test_update_progress_is_for_the_employee_only(pursuit, coursework, team):
    with pytest.raises(DomainError, match="Only the employee"):
        services.update_progress(pursuit, coursework, status=ProgressStatus.IN_PROGRESS, user=team)


@pytest.mark.parametrize("status", [PursuitStatus.LICENSED, PursuitStatus.WITHDRAWN])
def test_update_progress_refuses_a_closed_pursuit(employee, status):
    pursuit = make_pursuit(
        employee, status=status, licensed_on=today() if status == PursuitStatus.LICENSED else None
    )
    with pytest.raises(DomainError, match="no longer changes"):
        services.update_progress(
            pursuit, requirement(pursuit, "Coursework"), status=ProgressStatus.IN_PROGRESS, user=employee
        )


def test_resubmitting_a_returned_item_clears_the_reason(pursuit, coursework, employee, team):
    progress = submitted(pursuit, coursework, employee)
    services.return_for_changes(progress, "The transcript is unofficial.", team)
    services.update_progress(pursuit, coursework, status=ProgressStatus.SUBMITTED, user=employee)
    progress.refresh_from_db()
    assert (progress.status, progress.returned_reason) == (ProgressStatus.SUBMITTED, "")


# --- add_evidence / remove_evidence ----------------------------------------------------------------


def test_add_evidence_keeps_a_link(pursuit, coursework, employee):
    evidence = services.add_evidence(
        pursuit, coursework, link=LINK, description=" Transcript ", user=employee
    )
    evidence = Evidence.objects.get(pk=evidence.pk)
    assert (evidence.link, evidence.description, evidence.uploaded_by) == (LINK, "Transcript", employee)
    assert not evidence.file
    assert evidence.progress.status == ProgressStatus.IN_PROGRESS


def test_add_evidence_stores_a_file_and_keeps_its_original_name(pursuit, coursework, employee, settings):
    evidence = services.add_evidence(pursuit, coursework, file=pdf(), description="Transcript", user=employee)
    evidence = Evidence.objects.get(pk=evidence.pk)
    assert evidence.original_name == "Smith transcript.pdf"
    assert (settings.PRIVATE_MEDIA_ROOT / evidence.file.name).is_file()
    assert "Smith" not in evidence.file.name


def test_add_evidence_touches_the_items_last_change(pursuit, coursework, employee):
    progress = services.update_progress(pursuit, coursework, status=ProgressStatus.IN_PROGRESS, user=employee)
    long_ago = timezone.now() - datetime.timedelta(days=90)
    RequirementProgress.objects.filter(pk=progress.pk).update(updated_at=long_ago)
    services.add_evidence(pursuit, coursework, link=LINK, description="Transcript", user=employee)
    progress.refresh_from_db()
    assert progress.updated_at > long_ago + datetime.timedelta(days=89)


@pytest.mark.parametrize("both", [True, False])
def test_add_evidence_needs_a_file_or_a_link(pursuit, coursework, employee, both):
    with pytest.raises(DomainError, match="one of the two"):
        services.add_evidence(
            pursuit,
            coursework,
            file=pdf() if both else None,
            link=LINK if both else "",
            description="x",
            user=employee,
        )
    assert not Evidence.objects.exists()


def test_add_evidence_refuses_a_bad_file_and_stores_nothing(pursuit, coursework, employee, settings):
    with pytest.raises(DomainError, match="not one of the allowed kinds"):
        services.add_evidence(
            pursuit, coursework, file=pdf("notes.pdf", b"just some text"), description="Notes", user=employee
        )
    assert not Evidence.objects.exists()
    assert not RequirementProgress.objects.exists()  # the row made for it is rolled back too
    assert stored_files(settings) == []


def test_add_evidence_refuses_a_verified_item(pursuit, coursework, employee, team):
    services.verify(submitted(pursuit, coursework, employee), team)
    with pytest.raises(DomainError, match="is verified"):
        services.add_evidence(pursuit, coursework, link=LINK, description="More", user=employee)
    assert Evidence.objects.count() == 1


def test_add_evidence_is_for_the_employee_only(pursuit, coursework, team):
    with pytest.raises(DomainError, match="Only the employee"):
        services.add_evidence(pursuit, coursework, link=LINK, description="x", user=team)


def test_remove_evidence_deletes_the_row_and_the_file(
    pursuit, coursework, employee, settings, django_capture_on_commit_callbacks
):
    evidence = services.add_evidence(pursuit, coursework, file=pdf(), description="Transcript", user=employee)
    stored = settings.PRIVATE_MEDIA_ROOT / evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_evidence(evidence, employee)
    assert not Evidence.objects.exists()
    assert not stored.exists()


def test_removing_the_last_evidence_of_a_submitted_item_reopens_it(pursuit, coursework, employee):
    progress = submitted(pursuit, coursework, employee)
    services.remove_evidence(progress.evidence.get(), employee)
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.IN_PROGRESS


def test_remove_evidence_is_for_its_uploader(pursuit, coursework, employee, team):
    evidence = services.add_evidence(pursuit, coursework, link=LINK, description="x", user=employee)
    with pytest.raises(DomainError, match="Only the person who added"):
        services.remove_evidence(evidence, team)
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_remove_evidence_refuses_a_verified_item(pursuit, coursework, employee, team):
    progress = services.verify(submitted(pursuit, coursework, employee), team)
    with pytest.raises(DomainError, match="is verified"):
        services.remove_evidence(progress.evidence.get(), employee)
    assert progress.evidence.count() == 1


# --- verify / return_for_changes ---------------------------------------------------------------------


def test_verify_stamps_who_and_when(pursuit, coursework, employee, team):
    before = timezone.now()
    services.verify(submitted(pursuit, coursework, employee), team)
    progress = RequirementProgress.objects.get(pursuit=pursuit, requirement=coursework)
    assert (progress.status, progress.verified_by) == (ProgressStatus.VERIFIED, team)
    assert progress.verified_at >= before


def test_verify_is_for_the_team(pursuit, coursework, employee):
    progress = submitted(pursuit, coursework, employee)
    with pytest.raises(DomainError, match="Only the licensure team"):
        services.verify(progress, employee)
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.SUBMITTED


def test_verify_needs_evidence_when_the_item_does(pursuit, practicum, employee, team):
    progress = services.update_progress(
        pursuit, practicum, status=ProgressStatus.IN_PROGRESS, amount_done=Decimal("500"), user=employee
    )
    with pytest.raises(DomainError, match="needs evidence"):
        services.verify(progress, team)
    progress.refresh_from_db()
    assert progress.verified_at is None


def test_verify_refuses_an_item_already_verified(pursuit, coursework, employee, team):
    progress = services.verify(submitted(pursuit, coursework, employee), team)
    with pytest.raises(DomainError, match="already verified"):
        services.verify(progress, team)


def test_return_for_changes_needs_a_reason(pursuit, coursework, employee, team):
    progress = submitted(pursuit, coursework, employee)
    with pytest.raises(DomainError, match="what needs to change"):
        services.return_for_changes(progress, "  ", team)
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.SUBMITTED


def test_return_for_changes_records_the_reason_and_reopens_a_verified_item(
    pursuit, coursework, employee, team
):
    progress = services.verify(submitted(pursuit, coursework, employee), team)
    services.return_for_changes(progress, "Wrong transcript: we need the official one.", team)
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.RETURNED
    assert progress.returned_reason == "Wrong transcript: we need the official one."
    assert (progress.verified_at, progress.verified_by) == (None, None)


def test_return_for_changes_is_for_the_team(pursuit, coursework, employee):
    progress = submitted(pursuit, coursework, employee)
    with pytest.raises(DomainError, match="Only the licensure team"):
        services.return_for_changes(progress, "Because.", employee)


def test_a_superuser_counts_as_the_team(pursuit, coursework, employee, superuser):
    assert (
        services.verify(submitted(pursuit, coursework, employee), superuser).status == ProgressStatus.VERIFIED
    )
