"""seed_demo's licensure data: pursuits with checklists at every stage, link evidence verified by the
licensure team, and this year's monthly support groups; idempotent, and fellow@ is one of the pursuers."""

import datetime
import re
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count
from django.utils.module_loading import autodiscover_modules

from fellowships.models import Fellow, FellowStatus
from fellowships.queries.residency import hours_progress
from leaderdev.demo import SCALES, DemoRun
from leaderdev.models import Person, SchoolYear, User
from leaderdev.permissions import visible_to
from licensure.models import (
    AttendanceStatus,
    Evidence,
    GroupMembership,
    LicensePursuit,
    LicenseType,
    MeetingAttendance,
    ProgressStatus,
    PursuitStatus,
    Requirement,
    RequirementProgress,
    SupportGroup,
    SupportMeeting,
)
from tests.demo_data import flush

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)
PRINCIPAL, SUPERVISOR = "dese-principal-ap", "dese-supervisor-director"
MODELS = (
    LicenseType,
    Requirement,
    LicensePursuit,
    RequirementProgress,
    Evidence,
    SupportGroup,
    GroupMembership,
    SupportMeeting,
    MeetingAttendance,
)


def seed_demo(**options) -> str:
    out = StringIO()
    call_command("seed_demo", allow_production=True, stdout=out, **options)
    return out.getvalue()


def licensure_demo():
    """licensure.demo, imported only after every app's seeders are registered: importing one demo module
    first would register its seeder ahead of the ones it builds on (seeders run in registration order)."""
    autodiscover_modules("demo")
    from licensure import demo

    return demo


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The small demo, seeded once for the module's read-only tests."""
    with django_db_blocker.unblock():
        flush()
        seed_demo(scale="small")
    yield
    with django_db_blocker.unblock():
        flush()


def person_of(email) -> Person:
    return Person.objects.get(user__email=email)


# --- Every model, once, and nothing more the second time ------------------------------------------------


def test_every_licensure_model_has_rows_at_the_small_scale(seeded):
    assert all(counts().values()), counts()


def test_seeding_twice_changes_nothing(seeded):
    before = counts()
    stamps = dict(RequirementProgress.objects.values_list("pk", "updated_at"))
    output = seed_demo(scale="small")
    assert counts() == before
    assert dict(RequirementProgress.objects.values_list("pk", "updated_at")) == stamps
    assert re.search(r"license pursuits +0 created", output)


# --- Licenses --------------------------------------------------------------------------------------------


def test_the_two_licenses_are_found_by_their_codes(seeded):
    names = dict(LicenseType.objects.filter(code__in=[PRINCIPAL, SUPERVISOR]).values_list("code", "name"))
    assert names == {
        PRINCIPAL: "Principal/Assistant Principal (Initial)",
        SUPERVISOR: "Supervisor/Director (Initial)",
    }
    for license_type in LicenseType.objects.filter(code__in=names):
        assert license_type.requirements.filter(kind="practicum", target_amount__gt=0).exists()


def test_it_makes_the_licenses_when_the_data_migration_has_not_run(db):
    LicensePursuit.objects.all().delete()
    Requirement.objects.all().delete()
    LicenseType.objects.all().delete()
    run = DemoRun(scale=SCALES["small"], seed=1)
    made = licensure_demo()._license_types(run)
    assert set(made) == {PRINCIPAL, SUPERVISOR}
    assert made[PRINCIPAL].name == "Principal/Assistant Principal (Initial)"
    assert made[PRINCIPAL].requirements.count() >= 4
    assert run.created["license types"] == 2
    again = DemoRun(scale=SCALES["small"], seed=1)
    licensure_demo()._license_types(again)
    assert again.created["license types"] == again.created["requirements"] == 0


def test_it_keeps_a_checklist_the_team_or_migration_made(db):
    LicensePursuit.objects.all().delete()
    Requirement.objects.all().delete()
    LicenseType.objects.all().delete()
    theirs = LicenseType.objects.create(code=PRINCIPAL, name="Principal/Assistant Principal (Initial)")
    Requirement.objects.create(license_type=theirs, kind="test", title="Their own item")
    run = DemoRun(scale=SCALES["small"], seed=1)
    licensure_demo()._license_types(run)
    assert list(theirs.requirements.values_list("title", flat=True)) == ["Their own item"]


# --- Pursuits and progress -------------------------------------------------------------------------------


def test_pursuers_are_sized_by_the_scale_and_include_every_fellow(seeded):
    pursuits = LicensePursuit.objects.all()
    assert pursuits.values("person").distinct().count() == SCALES["small"].schools // 4 + 6
    fellows = Fellow.objects.filter(
        cohort__school_year=SchoolYear.objects.current(), status=FellowStatus.ACTIVE
    )
    assert set(fellows.values_list("person_id", flat=True)) <= set(
        pursuits.filter(license_type__code=PRINCIPAL).values_list("person_id", flat=True)
    )
    assert pursuits.filter(license_type__code=SUPERVISOR).exists()
    fellow = pursuits.get(person__user__email="fellow@leaderdev.example")
    assert fellow.license_type.code == PRINCIPAL and fellow.status == PursuitStatus.IN_PROGRESS


def test_pursuits_are_spread_across_statuses_with_dates_that_fit(seeded):
    statuses = set(LicensePursuit.objects.values_list("status", flat=True))
    assert {
        PursuitStatus.PLANNING,
        PursuitStatus.IN_PROGRESS,
        PursuitStatus.APPLIED,
        PursuitStatus.LICENSED,
    } <= statuses
    for pursuit in LicensePursuit.objects.all():
        assert pursuit.started_on <= pursuit.target_date
        assert pursuit.started_on <= TODAY
        if pursuit.status == PursuitStatus.LICENSED:
            assert pursuit.licensed_on is not None and pursuit.licensed_on <= TODAY
        else:
            assert pursuit.licensed_on is None
        if pursuit.status == PursuitStatus.APPLIED:
            assert pursuit.target_date <= TODAY


def test_progress_has_verified_submitted_and_returned_items(seeded):
    progress = RequirementProgress.objects.all()
    statuses = set(progress.values_list("status", flat=True))
    assert {ProgressStatus.VERIFIED, ProgressStatus.SUBMITTED, ProgressStatus.RETURNED} <= statuses
    team = User.objects.get(email="licensure@leaderdev.example")
    verified = progress.filter(status=ProgressStatus.VERIFIED)
    assert not verified.exclude(verified_by=team).exists()
    assert not verified.filter(verified_at__isnull=True).exists()
    assert not progress.exclude(status=ProgressStatus.VERIFIED).filter(verified_at__isnull=False).exists()
    assert not progress.filter(status=ProgressStatus.RETURNED, returned_reason="").exists()
    licensed = progress.filter(pursuit__status=PursuitStatus.LICENSED)
    assert licensed.exists() and not licensed.exclude(status=ProgressStatus.VERIFIED).exists()


def test_evidence_is_links_only_for_what_was_handed_in(seeded):
    evidence = Evidence.objects.select_related("progress")
    assert evidence.exists()
    assert not evidence.exclude(file="").exists()
    assert not evidence.filter(link="").exists()
    for item in evidence:
        assert item.link.startswith("https://") and ".example" in item.link
        assert item.progress.status in (
            ProgressStatus.VERIFIED,
            ProgressStatus.SUBMITTED,
            ProgressStatus.RETURNED,
        )
        assert item.uploaded_at.date() <= TODAY


def test_a_fellows_practicum_counts_their_residency_hours(seeded):
    practicum = RequirementProgress.objects.get(
        pursuit__person__user__email="fellow@leaderdev.example", requirement__kind="practicum"
    )
    residency = Fellow.objects.get(person=practicum.pursuit.person).residency
    assert practicum.status == ProgressStatus.IN_PROGRESS
    assert practicum.amount_done == hours_progress(residency, TODAY).logged


# --- Support groups ----------------------------------------------------------------------------------------


def test_one_group_per_about_twelve_active_pursuers(seeded):
    year = SchoolYear.objects.current()
    groups = SupportGroup.objects.filter(school_year=year).annotate(n=Count("memberships"))
    assert groups.exists() and all(1 <= group.n <= 12 for group in groups)
    assert all(group.facilitators.exists() for group in groups)
    active = LicensePursuit.objects.filter(
        status__in=[PursuitStatus.PLANNING, PursuitStatus.IN_PROGRESS, PursuitStatus.APPLIED]
    ).values_list("person_id", flat=True)
    members = GroupMembership.objects.filter(group__school_year=year).values_list("person_id", flat=True)
    assert set(active) == set(members)


def test_mentor_facilitates_the_group_fellow_is_in_and_sees_their_pursuit(seeded):
    mentor, fellow = person_of("mentor@leaderdev.example"), person_of("fellow@leaderdev.example")
    group = SupportGroup.objects.get(facilitators=mentor)
    assert group.memberships.filter(person=fellow).exists()
    assert visible_to(mentor.user, LicensePursuit.objects.filter(person=fellow)).exists()
    assert visible_to(fellow.user, SupportMeeting.objects.filter(group=group)).count() == 10


def test_meetings_are_second_wednesdays_from_four_to_half_past_five(seeded):
    zone = ZoneInfo(settings.TIME_ZONE)
    days = licensure_demo().meeting_days(2026)
    assert days[0] == datetime.date(2026, 9, 9) and days[-1] == datetime.date(2027, 6, 9)
    assert datetime.date(2026, 11, 18) in days  # the second Wednesday is Veterans Day
    for meeting in SupportMeeting.objects.all():
        starts, ends = meeting.starts_at.astimezone(zone), meeting.ends_at.astimezone(zone)
        assert starts.date() in days
        assert (starts.hour, starts.minute, ends.hour, ends.minute) == (16, 0, 17, 30)
        assert meeting.agenda


def test_past_meetings_have_notes_attendance_and_next_steps(seeded):
    zone = ZoneInfo(settings.TIME_ZONE)
    for meeting in SupportMeeting.objects.prefetch_related("attendance"):
        held = meeting.starts_at.astimezone(zone).date() < TODAY
        assert bool(meeting.notes) == held
        assert bool(meeting.attendance.all()) == held
    attendance = MeetingAttendance.objects.all()
    assert attendance.filter(status=AttendanceStatus.PRESENT).exclude(next_steps="").exists()
    assert not attendance.exclude(status=AttendanceStatus.PRESENT).exclude(next_steps="").exists()
    for row in attendance.select_related("meeting__group"):
        joined = GroupMembership.objects.get(group=row.meeting.group, person_id=row.person_id).joined_on
        assert joined <= row.meeting.starts_at.astimezone(zone).date()


@pytest.mark.slow
def test_the_district_scale_only_adds_and_is_idempotent():
    flush()
    try:
        seed_demo(scale="small")
        small = counts()
        small_groups = set(SupportGroup.objects.values_list("name", flat=True))
        seed_demo(scale="district")
        district = counts()
        assert all(district[name] >= small[name] for name in small)
        assert (
            LicensePursuit.objects.values("person").distinct().count() == SCALES["district"].schools // 4 + 6
        )
        assert small_groups < set(SupportGroup.objects.values_list("name", flat=True))
        seed_demo(scale="district")
        assert counts() == district
    finally:
        flush()
