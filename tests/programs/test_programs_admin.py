"""The programs admin: cheap changelists, enrollment through the rules, actions that call the services."""

import csv
import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from competencies.models import Competency
from leaderdev.models import Position
from programs.models import CalendarFeed, Enrollment, EnrollmentStatus, ProgramKind
from tests.factories import PersonFactory, SchoolFactory
from tests.factories.programs import (
    AttendanceFactory,
    CalendarFeedFactory,
    EnrollmentFactory,
    FacilitatorFactory,
    OfferingFactory,
    PDPlanFactory,
    PlanCommentFactory,
    PlanGoalFactory,
    ProgramFactory,
    SessionFactory,
    SessionFeedbackFactory,
)

pytestmark = pytest.mark.django_db

ENROLLED, WAITLISTED, WITHDRAWN = (
    EnrollmentStatus.ENROLLED,
    EnrollmentStatus.WAITLISTED,
    EnrollmentStatus.WITHDRAWN,
)
CHANGELISTS = [
    "programkind",
    "program",
    "facilitator",
    "offering",
    "enrollment",
    "session",
    "attendance",
    "sessionfeedback",
    "pdplan",
    "calendarfeed",
]


def changelist(model):
    return reverse(f"admin:programs_{model}_changelist")


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@pytest.fixture
def staff_client(client, program_staff):
    client.force_login(program_staff)
    return client


@pytest.fixture
def offering(school_year):
    return OfferingFactory(school_year=school_year, capacity=2, program=ProgramFactory(name="New Leader PD"))


def grow(school_year, count):
    """`count` of everything the changelists show, each with its relations."""
    competency = Competency.objects.first()
    for _ in range(count):
        offering = OfferingFactory(school_year=school_year)
        offering.facilitators.add(FacilitatorFactory(person=PersonFactory()))
        enrollment = EnrollmentFactory(offering=offering)
        session = SessionFactory(offering=offering, school=SchoolFactory())
        AttendanceFactory(session=session, person=enrollment.person)
        SessionFeedbackFactory(session=session, person=enrollment.person)
        plan = PDPlanFactory(person=enrollment.person, school_year=school_year)
        PlanGoalFactory(plan=plan, competency=competency)
        PlanCommentFactory(plan=plan)
        CalendarFeedFactory(person=enrollment.person)


# --- changelists ---------------------------------------------------------------------------------------


def test_changelist_query_counts_do_not_grow(staff_client, school_year, django_assert_max_num_queries):
    """Every changelist, at 2 and at 32 rows of everything (one set-up for all, as growing data is slow)."""
    grow(school_year, 2)
    for model in CHANGELISTS:
        with django_assert_max_num_queries(13, info=model):
            assert staff_client.get(changelist(model)).status_code == 200
    grow(school_year, 30)
    for model in CHANGELISTS:
        with django_assert_max_num_queries(13, info=model):
            response = staff_client.get(changelist(model))
        assert response.status_code == 200
        assert response.context["cl"].result_count >= 30, model


@pytest.mark.parametrize("model", CHANGELISTS)
def test_changelists_search(staff_client, school_year, model):
    grow(school_year, 1)
    assert staff_client.get(changelist(model), {"q": "a"}).status_code == 200


def test_enrollments_filter_by_offering_and_status(staff_client, offering, school_year):
    EnrollmentFactory(offering=offering, status=WAITLISTED)
    EnrollmentFactory(offering=offering)
    EnrollmentFactory(offering=OfferingFactory(school_year=school_year), status=WAITLISTED)
    response = staff_client.get(
        changelist("enrollment"), {"offering__id__exact": offering.pk, "status": "waitlisted"}
    )
    assert response.context["cl"].result_count == 1


def test_the_offering_changelist_counts_places(staff_client, offering):
    for status in (ENROLLED, ENROLLED, WAITLISTED):
        EnrollmentFactory(offering=offering, status=status)
    [row] = staff_client.get(changelist("offering")).context["cl"].result_list
    assert (row.enrolled_count, row.waitlisted_count, row.invited_count) == (2, 1, 0)


def test_leaders_are_kept_out(client, leader):
    client.force_login(leader)
    response = client.get(changelist("offering"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_program_staff_add_a_kind_of_program(staff_client):
    response = staff_client.post(
        reverse("admin:programs_programkind_add"),
        {"name": "Principal residency", "order": 9, "description": ""},
    )
    assert response.status_code == 302
    assert ProgramKind.objects.filter(name="Principal residency").exists()


# --- offerings -----------------------------------------------------------------------------------------


def offering_post(offering, *, rows=(), existing=(), **changes):
    """The offering change form as the admin posts it, with new enrollment `rows` (person, join_as)."""
    data = {
        "program": offering.program_id,
        "school_year": offering.school_year_id,
        "cohort": offering.cohort,
        "description": offering.description,
        "capacity": "" if offering.capacity is None else offering.capacity,
        "eligible_positions": offering.eligible_positions,
        "max_year_in_role": offering.max_year_in_role or "",
        "school_level": offering.school_level,
        "enrollments-TOTAL_FORMS": len(existing) + len(rows),
        "enrollments-INITIAL_FORMS": len(existing),
        "enrollments-MIN_NUM_FORMS": 0,
        "enrollments-MAX_NUM_FORMS": 1000,
    }
    if offering.is_opt_in:
        data["is_opt_in"] = "on"
    for index, enrollment in enumerate(existing):
        data |= {
            f"enrollments-{index}-id": enrollment.pk,
            f"enrollments-{index}-offering": offering.pk,
            f"enrollments-{index}-note": enrollment.note,
        }
    for index, (person, join_as) in enumerate(rows, start=len(existing)):
        data |= {
            f"enrollments-{index}-offering": offering.pk,
            f"enrollments-{index}-person": person.pk,
            f"enrollments-{index}-join_as": join_as,
            f"enrollments-{index}-note": "",
        }
    return data | changes


def change_url(offering):
    return reverse("admin:programs_offering_change", args=[offering.pk])


def test_the_offering_page_opens_with_its_enrollments(staff_client, offering):
    EnrollmentFactory(offering=offering)
    response = staff_client.get(change_url(offering))
    assert response.status_code == 200
    assert 'name="eligible_positions"' in response.content.decode()


def test_a_new_offering_is_added_with_its_people(staff_client, school_year):
    draft = OfferingFactory.build(
        school_year=school_year, program=ProgramFactory(name="Summer Institute"), cohort="", capacity=1
    )
    first, second = PersonFactory(), PersonFactory()
    data = offering_post(draft, rows=[(first, ""), (second, "")])
    data = {key: value for key, value in data.items() if not key.endswith("-offering")}
    response = staff_client.post(reverse("admin:programs_offering_add"), data)
    assert response.status_code == 302
    assert Enrollment.objects.get(person=first).status == ENROLLED
    assert Enrollment.objects.get(person=second).status == WAITLISTED


def test_eligible_positions_are_ticked_not_typed(staff_client, offering):
    data = offering_post(offering, eligible_positions=[Position.PRINCIPAL, Position.ASSISTANT_PRINCIPAL])
    assert staff_client.post(change_url(offering), data).status_code == 302
    offering.refresh_from_db()
    assert offering.eligible_positions == [Position.PRINCIPAL, Position.ASSISTANT_PRINCIPAL]


def test_people_added_inline_are_placed_or_waitlisted(staff_client, offering):
    people = PersonFactory.create_batch(3)
    response = staff_client.post(
        change_url(offering), offering_post(offering, rows=[(p, "") for p in people])
    )
    assert response.status_code == 302
    statuses = [Enrollment.objects.get(person=p).status for p in people]
    assert statuses == [ENROLLED, ENROLLED, WAITLISTED]


def test_an_ineligible_person_added_inline_is_refused_with_the_reason(staff_client, offering):
    veteran = PersonFactory(first_name="Vera", last_name="Veteran", position=Position.TEACHER_LEADER)
    response = staff_client.post(change_url(offering), offering_post(offering, rows=[(veteran, "")]))
    assert response.status_code == 200
    assert "Vera Veteran cannot join: a teacher leader" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_an_existing_enrollment_keeps_its_status_when_the_page_is_saved(staff_client, offering):
    enrollment = EnrollmentFactory(offering=offering, status=WAITLISTED)
    data = offering_post(offering, existing=[enrollment])
    data["enrollments-0-join_as"] = ENROLLED  # a disabled field: the posted value is ignored
    data["enrollments-0-note"] = "Asked to join in October"
    assert staff_client.post(change_url(offering), data).status_code == 302
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.note) == (WAITLISTED, "Asked to join in October")


def test_raising_the_capacity_in_the_admin_promotes_the_waitlist(staff_client, offering):
    for status in (ENROLLED, ENROLLED, WAITLISTED):
        EnrollmentFactory(offering=offering, status=status)
    waiting = Enrollment.objects.get(status=WAITLISTED)
    response = staff_client.post(change_url(offering), offering_post(offering, capacity=3))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == ENROLLED
    assert any("Moved up from the waitlist" in text for text in texts(response))


def test_the_promote_action_fills_free_places(staff_client, offering):
    waiting = EnrollmentFactory(offering=offering, status=WAITLISTED)
    response = staff_client.post(
        changelist("offering"), {"action": "promote_waitlists", "_selected_action": [offering.pk]}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == ENROLLED


def test_the_roster_export_action_downloads_every_selected_roster(staff_client, offering, school_year):
    other = OfferingFactory(school_year=school_year, program=ProgramFactory(name="Self as Core pilot"))
    EnrollmentFactory(offering=offering, person=PersonFactory(last_name="Adams"))
    EnrollmentFactory(offering=other, person=PersonFactory(last_name="Baker"))
    EnrollmentFactory(
        offering=OfferingFactory(school_year=school_year), person=PersonFactory(last_name="Nope")
    )
    response = staff_client.post(
        changelist("offering"), {"action": "export_rosters", "_selected_action": [offering.pk, other.pk]}
    )
    assert response.status_code == 200
    header, *rows = read_csv(response)
    assert header[:4] == ["Program", "Cohort", "School year", "Last name"]
    assert [(row[0], row[3]) for row in rows] == [("New Leader PD", "Adams"), ("Self as Core pilot", "Baker")]
    assert rows[0][11] == "1"  # year in role, counted for the offering's year


# --- enrollments ---------------------------------------------------------------------------------------


def enrollment_action(client, action, *enrollments):
    return client.post(
        changelist("enrollment"), {"action": action, "_selected_action": [e.pk for e in enrollments]}
    )


def test_the_withdraw_action_promotes_the_waitlist(staff_client, offering):
    enrolled = EnrollmentFactory(offering=offering)
    EnrollmentFactory(offering=offering)
    waiting = EnrollmentFactory(offering=offering, status=WAITLISTED)
    response = enrollment_action(staff_client, "make_withdrawn", enrolled)
    assert response.status_code == 302
    enrolled.refresh_from_db()
    waiting.refresh_from_db()
    assert (enrolled.status, waiting.status) == (WITHDRAWN, ENROLLED)


def test_the_complete_action_refuses_a_bad_transition_with_the_reason(staff_client, offering):
    withdrawn = EnrollmentFactory(offering=offering, status=WITHDRAWN)
    response = enrollment_action(staff_client, "make_completed", withdrawn)
    withdrawn.refresh_from_db()
    assert withdrawn.status == WITHDRAWN
    assert "can only become invited, enrolled and waitlisted" in texts(response)[0]


def test_the_enroll_action_takes_a_free_place(staff_client, offering):
    waiting = EnrollmentFactory(offering=offering, status=WAITLISTED)
    enrollment_action(staff_client, "make_enrolled", waiting)
    waiting.refresh_from_db()
    assert waiting.status == ENROLLED


def test_the_enrollment_export_action(staff_client, offering):
    enrollment = EnrollmentFactory(offering=offering, person=PersonFactory(last_name="Adams"))
    response = enrollment_action(staff_client, "export_enrollments_csv", enrollment)
    _, row = read_csv(response)
    assert (row[0], row[3], row[12]) == ("New Leader PD", "Adams", "Enrolled")


def test_adding_an_enrollment_goes_through_the_rules(staff_client, offering):
    for _ in range(2):
        EnrollmentFactory(offering=offering)
    person = PersonFactory()
    response = staff_client.post(
        reverse("admin:programs_enrollment_add"),
        {"offering": offering.pk, "person": person.pk, "join_as": ""},
    )
    assert response.status_code == 302
    assert Enrollment.objects.get(person=person).status == WAITLISTED


def test_a_withdrawn_person_is_added_again(staff_client, offering):
    withdrawn = EnrollmentFactory(offering=offering, status=WITHDRAWN)
    response = staff_client.post(
        reverse("admin:programs_enrollment_add"),
        {"offering": offering.pk, "person": withdrawn.person.pk, "join_as": ""},
    )
    assert response.status_code == 302
    withdrawn.refresh_from_db()
    assert withdrawn.status == ENROLLED


def test_adding_a_duplicate_enrollment_is_refused(staff_client, offering):
    existing = EnrollmentFactory(offering=offering)
    response = staff_client.post(
        reverse("admin:programs_enrollment_add"),
        {"offering": offering.pk, "person": existing.person.pk, "join_as": ""},
    )
    assert response.status_code == 200
    assert "cannot join: already enrolled" in response.content.decode()
    assert Enrollment.objects.count() == 1


def test_an_enrollments_status_is_not_edited_by_hand(staff_client, offering):
    enrollment = EnrollmentFactory(offering=offering, status=WAITLISTED)
    url = reverse("admin:programs_enrollment_change", args=[enrollment.pk])
    assert staff_client.get(url).status_code == 200
    staff_client.post(url, {"status": ENROLLED, "note": "Moved by hand"})
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.note) == (WAITLISTED, "Moved by hand")


def test_deleting_an_enrollment_frees_its_place(staff_client, offering):
    enrolled = EnrollmentFactory(offering=offering)
    EnrollmentFactory(offering=offering)
    waiting = EnrollmentFactory(offering=offering, status=WAITLISTED)
    response = staff_client.post(
        changelist("enrollment"),
        {"action": "delete_selected", "_selected_action": [enrolled.pk], "post": "yes"},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == ENROLLED


# --- the rest ------------------------------------------------------------------------------------------


def test_the_session_page_opens_with_its_materials(staff_client, offering):
    session = SessionFactory(offering=offering)
    assert staff_client.get(reverse("admin:programs_session_change", args=[session.pk])).status_code == 200


def test_a_plan_comment_added_in_the_admin_is_signed_by_its_author(staff_client, program_staff, school_year):
    plan = PDPlanFactory(school_year=school_year)
    data = {
        "person": plan.person_id,
        "school_year": plan.school_year_id,
        "reflection": "",
        "goals-TOTAL_FORMS": 0,
        "goals-INITIAL_FORMS": 0,
        "goals-MIN_NUM_FORMS": 0,
        "goals-MAX_NUM_FORMS": 1000,
        "comments-TOTAL_FORMS": 1,
        "comments-INITIAL_FORMS": 0,
        "comments-MIN_NUM_FORMS": 0,
        "comments-MAX_NUM_FORMS": 1000,
        "comments-0-body": "Strong goals.",
        "comments-0-plan": plan.pk,
    }
    response = staff_client.post(reverse("admin:programs_pdplan_change", args=[plan.pk]), data)
    assert response.status_code == 302
    assert plan.comments.get().author == program_staff


def test_attendance_saved_in_the_admin_records_who(staff_client, program_staff):
    attendance = AttendanceFactory()
    url = reverse("admin:programs_attendance_change", args=[attendance.pk])
    data = {"session": attendance.session_id, "person": attendance.person_id, "status": "late"}
    assert staff_client.post(url, data).status_code == 302
    attendance.refresh_from_db()
    assert (attendance.status, attendance.recorded_by) == ("late", program_staff)


def test_a_calendar_feed_shows_no_usable_secret_and_rotates(staff_client):
    feed = CalendarFeedFactory()
    old = feed.token
    response = staff_client.get(changelist("calendarfeed"))
    assert old not in response.content.decode()
    staff_client.post(changelist("calendarfeed"), {"action": "rotate_tokens", "_selected_action": [feed.pk]})
    feed.refresh_from_db()
    assert feed.token != old
    assert CalendarFeed.objects.count() == 1


def test_facilitators_are_district_staff_or_external(staff_client):
    FacilitatorFactory(name="Dr. Ayo")
    FacilitatorFactory(person=PersonFactory(first_name="Dee", last_name="Staff"), name="")
    html = staff_client.get(changelist("facilitator")).content.decode()
    assert "External" in html and "District staff" in html
    assert (
        staff_client.get(changelist("facilitator"), {"person__isempty": "1"}).context["cl"].result_count == 1
    )


def test_the_seeded_catalogue_is_listed(staff_client):
    response = staff_client.get(changelist("program"), {"q": "Black Male Leadership"})
    assert [p.name for p in response.context["cl"].result_list] == ["Black Male Leadership Think Tank"]


def test_session_school_year_filter(staff_client, offering):
    SessionFactory(offering=offering, starts_at=datetime.datetime(2026, 10, 1, 9, tzinfo=datetime.UTC))
    response = staff_client.get(
        changelist("session"), {"offering__school_year__id__exact": offering.school_year_id}
    )
    assert response.context["cl"].result_count == 1
