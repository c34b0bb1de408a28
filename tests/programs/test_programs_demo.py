"""seed_demo's programs data: a realistic year for the demo logins, the equity rule's states, idempotent."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from competencies.queries.assessments import office_version
from leaderdev.demo import DEMO_PASSWORD
from leaderdev.models import Person, SchoolYear
from programs import demo
from programs.models import (
    PARTICIPATING,
    Attendance,
    Enrollment,
    EnrollmentStatus,
    Facilitator,
    Offering,
    PDPlan,
    PlanComment,
    PlanGoal,
    Session,
    SessionFeedback,
)
from programs.queries import equity
from tests.demo_data import flush
from tests.login import log_in_with_the_form

pytestmark = pytest.mark.django_db

MODELS = (
    Facilitator,
    Offering,
    Session,
    Enrollment,
    Attendance,
    SessionFeedback,
    PDPlan,
    PlanGoal,
    PlanComment,
)
TODAY = datetime.date(2026, 11, 25)


def seed_demo(**options) -> str:
    out = StringIO()
    call_command("seed_demo", allow_production=True, stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def person_of(email) -> Person:
    return Person.objects.get(user__email=email)


def programs_of(person, school_year=None) -> dict[str, str]:
    """program name -> enrollment status, for `person` in `school_year` (the current one by default)."""
    school_year = school_year or SchoolYear.objects.current()
    return dict(
        person.enrollments.filter(offering__school_year=school_year).values_list(
            "offering__program__name", "status"
        )
    )


def counted_equity(person) -> int:
    return equity.counted_enrollments(SchoolYear.objects.current()).filter(person=person).count()


def digest() -> list[tuple]:
    enrollments = Enrollment.objects.values_list(
        "offering__program__name",
        "offering__school_year__name",
        "offering__cohort",
        "person__employee_id",
        "status",
    )
    attendance = Attendance.objects.values_list(
        "session__offering__program__name",
        "session__title",
        "session__starts_at",
        "person__employee_id",
        "status",
    )
    return sorted(enrollments) + sorted(attendance)


@pytest.fixture
def seeded(db):
    return seed_demo()


# --- the demo logins ---------------------------------------------------------------------------------------


def test_leader_takes_new_leader_pd_the_conference_the_convening_and_one_equity_series(seeded):
    leader = person_of("leader@leaderdev.example")
    taken = programs_of(leader)

    for program in ("New Leader PD", "Leadership Conference", "Leadership Convening"):
        assert taken[program] == EnrollmentStatus.ENROLLED, program
    assert counted_equity(leader) == 1


def test_leader_has_attendance_feedback_and_a_plan(seeded, framework_v4):
    leader = person_of("leader@leaderdev.example")

    assert leader.attendance.filter(session__starts_at__date__lt=TODAY).exists()
    assert leader.session_feedback.exists()
    plan = PDPlan.objects.get(person=leader, school_year=SchoolYear.objects.current())
    goals = list(plan.goals.select_related("competency__domain__version"))
    assert 1 <= len(goals) <= 3
    assert {goal.competency.domain.version for goal in goals} == {office_version()}


def test_ap_takes_the_ap_conference_new_leader_pd_and_one_equity_series(seeded):
    ap = person_of("ap@leaderdev.example")
    taken = programs_of(ap)

    for program in ("New Leader PD", "Assistant Principal Conference", "Leadership Convening"):
        assert taken[program] == EnrollmentStatus.ENROLLED, program
    assert "Leadership Conference" not in taken
    assert counted_equity(ap) == 1


def test_ap_has_attendance_a_plan_and_last_years_history(seeded):
    ap = person_of("ap@leaderdev.example")
    last_year = SchoolYear.objects.get(name="2025-2026")

    assert ap.attendance.filter(session__offering__school_year__is_current=True).exists()
    assert PDPlan.objects.filter(person=ap, school_year__is_current=True).exists()
    assert programs_of(ap, last_year)["New Leader PD"] == EnrollmentStatus.COMPLETED
    assert ap.attendance.filter(session__offering__school_year=last_year).exists()


def test_mentor_facilitates_the_spotlight_sessions(seeded):
    mentor = person_of("mentor@leaderdev.example")

    assert Session.objects.filter(
        offering__program__name="Spotlight Sessions", facilitators__person=mentor
    ).exists()


# --- the equity rule -----------------------------------------------------------------------------------


def test_the_compliance_page_has_people_in_each_state(seeded):
    report = equity.compliance_report(
        equity.EquityFilter(QueryDict("status=all"), queryset=Person.objects.all())
    )

    assert report.summary.none >= 1
    assert report.summary.more >= 1
    assert report.summary.one > report.summary.none + report.summary.more  # most follow the rule
    assert any(row.not_counted for group in report.groups for row in group.rows)  # waitlisted or withdrawn


def test_staff_see_the_demo_on_the_compliance_page(seeded, client):
    assert log_in_with_the_form(client, "staff@leaderdev.example", DEMO_PASSWORD)

    response = client.get(reverse("programs:equity_compliance"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="equity-none-heading"' in html
    assert "Self as Core" in html


def test_the_think_tanks_are_full_where_people_wait(db):
    seed_demo(scale="district")
    waiting = Offering.objects.annotate(
        taking_part=Count("enrollments", filter=Q(enrollments__status__in=PARTICIPATING)),
        waiting=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.WAITLISTED)),
    ).filter(waiting__gt=0)

    assert waiting.exists()
    for offering in waiting:
        assert offering.capacity is not None and offering.taking_part >= offering.capacity, offering


def test_no_offering_takes_more_than_its_capacity(seeded):
    offerings = Offering.objects.filter(capacity__isnull=False).annotate(
        taking_part=Count("enrollments", filter=Q(enrollments__status__in=PARTICIPATING))
    )

    assert offerings.exists()
    for offering in offerings:
        assert offering.taking_part <= offering.capacity, offering


# --- the calendar --------------------------------------------------------------------------------------


def test_sessions_fall_on_school_days_in_working_hours(seeded):
    for session in Session.objects.select_related("offering__school_year"):
        starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        closed = demo.holidays(session.offering.school_year.leadership_year)
        assert starts.weekday() < 5 and starts.date() not in closed, session
        assert starts.hour >= 7 and ends.hour <= 18 and ends > starts, session


def test_the_summer_institute_is_four_days_in_early_august(seeded):
    institute = Session.objects.get(offering__program__name="Summer Institute")
    starts, ends = timezone.localtime(institute.starts_at), timezone.localtime(institute.ends_at)

    assert starts.month == 8 and starts.day <= 7
    assert (ends.date() - starts.date()).days == 3


def test_the_leadership_conference_meets_on_the_second_tuesday_from_september_to_june(seeded):
    days = [
        timezone.localtime(s.starts_at).date()
        for s in Session.objects.filter(
            offering__program__name="Leadership Conference", offering__school_year__is_current=True
        )
    ]

    assert [day.month for day in days] == [9, 10, 11, 12, 1, 2, 3, 4, 5, 6]
    assert all(day.weekday() == 1 and 8 <= day.day <= 14 for day in days)


def test_attendance_is_taken_only_for_sessions_already_held(seeded):
    latest = (
        Attendance.objects.order_by("-session__starts_at")
        .values_list("session__starts_at", flat=True)
        .first()
    )

    assert timezone.localtime(latest).date() < TODAY
    assert Attendance.objects.filter(
        session__starts_at__gte=datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC)
    ).exists()


def test_attendance_is_mostly_present(seeded):
    statuses = dict(Attendance.objects.values_list("status").annotate(n=Count("pk")))

    assert statuses["present"] / sum(statuses.values()) > 0.7
    assert len(statuses) >= 3  # some late, excused or absent too


# --- the seeder's contract -------------------------------------------------------------------------------


def test_a_second_run_inserts_nothing(seeded):
    before = counts()
    stamps = dict(Offering.objects.values_list("pk", "updated_at"))

    output = seed_demo()

    assert counts() == before
    assert dict(Offering.objects.values_list("pk", "updated_at")) == stamps
    for model in MODELS:
        assert f"{model._meta.verbose_name_plural}" in output
    assert " 0 created" in output


def test_it_is_deterministic(db):
    seed_demo(seed=3)
    first = digest()
    flush()
    seed_demo(seed=3)

    assert digest() == first


def test_it_fills_every_program_of_the_catalogue(seeded):
    offered = set(
        Offering.objects.filter(school_year__is_current=True).values_list("program__name", flat=True)
    )

    assert offered >= {
        "New Leader PD", "Leadership Conference", "Assistant Principal Conference", "Level-alike Meeting",
        "Summer Institute", "Winter Institute", "Leadership Convening", "Self as Core", "Micro Disruptions",
        "School-Team Coaching", "Spotlight Sessions",
    }  # fmt: skip


def test_the_current_year_has_its_closed_days_and_testing_windows_as_blackouts(seeded):
    from programs.models import BlackoutDate, BlackoutKind
    from programs.services.scheduling import next_school_day

    current = SchoolYear.objects.current()
    blackouts = list(BlackoutDate.objects.filter(school_year=current))
    closed = {
        day
        for b in blackouts
        if b.kind == BlackoutKind.HOLIDAY
        for day in (
            b.start_date + datetime.timedelta(days=n) for n in range((b.end_date - b.start_date).days + 1)
        )
    }
    assert closed == demo.holidays(current.start_date.year)
    winter = [b for b in blackouts if b.start_date.month == 12 and b.start_date.day == 24]
    assert [(w.end_date - w.start_date).days for w in winter] == [8]  # winter recess is one range
    assert sorted(b.reason for b in blackouts if b.kind == BlackoutKind.TESTING) == [
        "MCAS ELA testing window",
        "MCAS Mathematics and science testing window",
    ]
    thanksgiving = demo.nth_weekday(current.start_date.year, 11, 3, 4)
    monday = thanksgiving + datetime.timedelta(days=4)
    assert next_school_day(thanksgiving, blackouts, last=monday) == monday
