"""The audit history: changes made through the services and pages are recorded with who made them, and
staff read them on the "Audit history" page (and in each record's admin history), each office its own."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fellowships.models import FellowshipApplication
from leaderdev.audit import KINDS, kinds_for
from leaderdev.models import Person
from leaderdev.permissions import Role
from licensure.models import ProgressStatus, RequirementProgress
from mentoring.models import ConstraintKind, MatchRound, Mentorship
from mentoring.services.matching import run_round, set_constraint
from programs.models import Enrollment
from recruitment.models import Application, Stage
from recruitment.services import pipeline
from tests.factories import NetworkFactory, PersonFactory, SchoolFactory, UserFactory
from tests.factories.fellowships import FellowshipApplicationFactory
from tests.factories.licensure import RequirementProgressFactory
from tests.factories.mentoring import MatchRoundFactory, MentorFactory, MentorshipFactory
from tests.factories.programs import EnrollmentFactory, OfferingFactory
from tests.factories.recruitment import ApplicationFactory

pytestmark = pytest.mark.django_db

AUDIT = reverse("audit_history")


def rows(response):
    return list(response.context["page"].object_list)


def row_for(response, record_startswith):
    found = [row for row in rows(response) if row.record.startswith(record_startswith)]
    assert found, [row.record for row in rows(response)]
    return found[0]


@pytest.fixture
def recruiter(make_user):
    return make_user(Role.RECRUITMENT_STAFF, is_staff=True)


@pytest.fixture
def licensure_team(make_user):
    return make_user(Role.LICENSURE_TEAM, is_staff=True)


# --- Each audited kind, changed through its real service or page ------------------------------------------


def test_the_hr_import_in_the_admin_records_each_person_with_the_importer(client, program_staff):
    SchoolFactory(code="4010", name="Fort Hill", network=NetworkFactory(code="roxbury"))
    PersonFactory(
        employee_id="E104233",
        first_name="Maria",
        last_name="Delgado",
        email="m@d.example",
        school=SchoolFactory(name="Another School"),
    )
    csv = (
        "employee_id,first_name,last_name,email,position,tier,school_code,role_start_date\n"
        "E104233,Maria,Delgado-Ruiz,m@d.example,Principal,Building administrator,4010,2026-07-01\n"
        "E106220,Daniel,Murphy,dmurphy@district.example,Central office,,,2023-01-09\n"
    )
    client.force_login(program_staff)
    preview = client.post(
        reverse("admin:leaderdev_person_import"),
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("x.csv", csv.encode())},
    )
    client.post(reverse("admin:leaderdev_person_process_import"), preview.context["confirm_form"].initial)

    changed = Person.history.filter(employee_id="E104233").latest("history_date")
    created = Person.history.get(employee_id="E106220")
    assert (changed.history_type, changed.history_user, changed.history_change_reason) == (
        "~",
        program_staff,
        "HR staff import",
    )
    assert (created.history_type, created.history_user) == ("+", program_staff)
    response = client.get(AUDIT, {"kind": "person", "change": "~"})
    row = row_for(response, "Person: Maria Delgado-Ruiz")
    assert (row.who, row.change) == (program_staff.get_full_name() or program_staff.email, "changed")
    assert ("last name", "Delgado", "Delgado-Ruiz") in [(c.field, c.old, c.new) for c in row.changes]
    assert "first name" not in [c.field for c in row.changes]  # only what changed
    assert ("school", "Another School", "Fort Hill") in [(c.field, c.old, c.new) for c in row.changes]


def test_bulk_enrolling_on_the_roster_page_records_the_enrollments(client, program_staff, school_year):
    offering = OfferingFactory(school_year=school_year, capacity=5)
    person = PersonFactory(first_name="Amina", last_name="Ali")
    client.force_login(program_staff)
    client.post(reverse("programs:bulk_enroll", args=[offering.pk]), {"people": [person.pk]})

    record = Enrollment.history.get(person=person)
    assert (record.history_type, record.history_user, record.status) == ("+", program_staff, "enrolled")
    row = row_for(client.get(AUDIT, {"kind": "enrollment"}), "Enrollment #")
    assert row.record.endswith("of Amina Ali")
    assert (row.change, row.reason) == ("created", "Bulk enroll")


def test_the_waitlist_moving_up_is_recorded_as_a_status_change(client, program_staff, school_year):
    from programs.services import enrollment as services

    offering = OfferingFactory(school_year=school_year, capacity=1)
    first = EnrollmentFactory(offering=offering, status="enrolled")
    waiting = EnrollmentFactory(offering=offering, status="waitlisted", status_changed_at=timezone.now())
    services.withdraw(first, by=program_staff)

    withdrawn = Enrollment.history.filter(id=first.pk).latest("history_date")
    moved_up = Enrollment.history.filter(id=waiting.pk).latest("history_date")
    assert (withdrawn.status, withdrawn.history_user) == ("withdrawn", program_staff)
    assert (moved_up.status, moved_up.history_user) == ("enrolled", program_staff)
    assert moved_up.history_change_reason == "Moved up from the waitlist"
    client.force_login(program_staff)
    changes = {
        row.record: [(c.field, c.old, c.new) for c in row.changes if c.field == "status"]
        for row in rows(client.get(AUDIT, {"kind": "enrollment", "change": "~"}))
    }
    assert [("status", "Waitlisted", "Enrolled")] in changes.values()
    assert [("status", "Enrolled", "Withdrawn")] in changes.values()


def test_approving_a_round_in_the_admin_records_the_round_and_its_mentorships(
    client, program_staff, school_year
):
    MentorFactory(school_year=school_year)
    mentee = PersonFactory(first_name="Nia", last_name="Lee")
    match_round = MatchRoundFactory(school_year=school_year, name="Fall round")
    run_round(match_round.pk)
    client.force_login(program_staff)
    client.post(
        reverse("admin:mentoring_matchround_changelist"),
        {"action": "approve_rounds", "_selected_action": [match_round.pk]},
    )

    # The worker's run is in the history too, by no user: its result is what staff then approved.
    ran = MatchRound.history.get(id=match_round.pk, history_change_reason="Matching run proposed its pairs")
    assert (ran.status, ran.history_user) == ("proposed", None)
    mentorship = Mentorship.history.get(mentee=mentee)
    assert (mentorship.history_type, mentorship.history_user) == ("+", program_staff)
    approved = MatchRound.history.filter(id=match_round.pk).latest("history_date")
    assert (approved.status, approved.history_user, approved.history_change_reason) == (
        "approved",
        program_staff,
        "Approved",
    )
    response = client.get(AUDIT, {"kind": "match_round", "change": "~"})
    row = row_for(response, "Match round: Fall round")
    assert ("status", "Proposed", "Approved") in [(c.field, c.old, c.new) for c in row.changes]


def test_ending_a_mentorship_in_the_admin_is_recorded(client, program_staff, school_year):
    mentorship = MentorshipFactory(school_year=school_year, started_on=datetime.date(2026, 9, 1))
    client.force_login(program_staff)
    client.post(
        reverse("admin:mentoring_mentorship_changelist"),
        {"action": "end_mentorships", "_selected_action": [mentorship.pk]},
    )
    row = row_for(client.get(AUDIT, {"kind": "mentorship"}), "Mentorship #")
    assert row.who == (program_staff.get_full_name() or program_staff.email)
    assert ("status", "Active", "Ended") in [(c.field, c.old, c.new) for c in row.changes]


def test_a_lifted_pin_shows_as_deleted(client, program_staff, school_year):
    mentor = MentorFactory(school_year=school_year)
    mentee = PersonFactory(first_name="Ola", last_name="Pin")
    match_round = MatchRoundFactory(school_year=school_year)
    set_constraint(match_round, mentee, mentor, ConstraintKind.PIN, user=program_staff)
    set_constraint(match_round, mentee, mentor, None, user=program_staff)

    client.force_login(program_staff)
    response = client.get(AUDIT, {"kind": "match_constraint"})
    deleted, created = rows(response)
    assert (deleted.change, created.change) == ("deleted", "created")
    assert deleted.record == created.record and created.record.endswith("of Ola Pin")
    assert deleted.url == ""  # the record is gone: nothing to link to
    assert deleted.who == (program_staff.get_full_name() or program_staff.email)


def test_moving_a_fellowship_application_on_its_page_is_recorded(client, program_staff):
    application = FellowshipApplicationFactory()
    client.force_login(program_staff)
    client.post(
        reverse("fellowships:application_move", args=[application.pk]),
        {"to_status": "screening", "reason": ""},
    )
    application.refresh_from_db()
    assert application.status == "screening"
    record = FellowshipApplication.history.filter(id=application.pk).latest("history_date")
    assert (record.history_user, record.history_change_reason) == (program_staff, "Moved to screening")
    row = row_for(client.get(AUDIT, {"kind": "fellowship_application"}), "Fellowship application #")
    assert ("status", "Submitted", "Screening") in [(c.field, c.old, c.new) for c in row.changes]


def test_verifying_a_requirement_on_its_page_is_recorded(client, licensure_team):
    progress = RequirementProgressFactory(
        status=ProgressStatus.SUBMITTED, requirement__evidence_required=False
    )
    client.force_login(licensure_team)
    client.post(reverse("licensure:progress_verify", args=[progress.pk]))
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.VERIFIED
    record = RequirementProgress.history.filter(id=progress.pk).latest("history_date")
    assert (record.history_user, record.history_change_reason) == (licensure_team, "Verified")
    row = row_for(client.get(AUDIT, {"kind": "requirement_progress"}), "Licensure requirement #")
    assert ("status", "Submitted for verification", "Verified") in [
        (c.field, c.old, c.new) for c in row.changes
    ]


def test_moving_a_job_application_is_recorded(client, recruiter):
    application = ApplicationFactory(candidate__first_name="Rae", candidate__last_name="Diaz")
    pipeline.move(application, Stage.SCREENED, user=recruiter)
    record = Application.history.filter(id=application.pk).latest("history_date")
    assert (record.stage, record.history_user) == (Stage.SCREENED, recruiter)
    client.force_login(recruiter)
    row = row_for(client.get(AUDIT, {"kind": "application", "change": "~"}), "Job application #")
    assert row.record.endswith("of Rae Diaz")
    assert ("stage", "Applied", "Screened") in [(c.field, c.old, c.new) for c in row.changes]


def test_the_admin_shows_a_records_history_read_only(client, program_staff, school_year):
    offering = OfferingFactory(school_year=school_year, capacity=5)
    person = PersonFactory()
    client.force_login(program_staff)
    client.post(reverse("programs:bulk_enroll", args=[offering.pk]), {"people": [person.pk]})
    enrollment = Enrollment.objects.get(person=person)
    history = client.get(reverse("admin:programs_enrollment_history", args=[enrollment.pk]))
    assert history.status_code == 200
    assert "Bulk enroll" in history.content.decode()
    version = Enrollment.history.get(id=enrollment.pk).history_id
    revert = reverse("admin:programs_enrollment_simple_history", args=[enrollment.pk, version])
    assert client.get(revert).status_code == 200
    assert client.post(revert, {"status": "withdrawn"}).status_code == 403
    enrollment.refresh_from_db()
    assert enrollment.status == "enrolled"


# --- The page's filters ----------------------------------------------------------------------------------


@pytest.fixture
def two_changes(program_staff, make_user):
    """Two people, changed by two different staff members on different days."""
    other = make_user(Role.PROGRAM_STAFF, email="zed@district.example", full_name="Zed Ng")
    alma = PersonFactory(first_name="Alma", last_name="Ruiz", email="alma@district.example")
    bert = PersonFactory(first_name="Bert", last_name="Okafor", email="bert@district.example")
    Person.history.filter(id=alma.pk).update(history_user=program_staff, history_date=timezone.now())
    Person.history.filter(id=bert.pk).update(
        history_user=other, history_date=timezone.now() - datetime.timedelta(days=10)
    )
    return alma, bert, other


def records(response):
    return [row.record for row in rows(response)]


def test_it_lists_newest_first(client, program_staff, two_changes):
    client.force_login(program_staff)
    assert records(client.get(AUDIT)) == ["Person: Alma Ruiz", "Person: Bert Okafor"]


def test_it_filters_by_who_made_the_change(client, program_staff, two_changes):
    client.force_login(program_staff)
    assert records(client.get(AUDIT, {"who": "zed@district"})) == ["Person: Bert Okafor"]
    assert records(client.get(AUDIT, {"who": "Zed Ng"})) == ["Person: Bert Okafor"]


def test_it_filters_by_the_person_the_record_is_about(client, program_staff, two_changes, school_year):
    alma, _, _ = two_changes
    EnrollmentFactory(person=alma, offering=OfferingFactory(school_year=school_year))
    client.force_login(program_staff)
    found = records(client.get(AUDIT, {"about": "Alma Ruiz"}))
    assert found[-1] == "Person: Alma Ruiz"
    assert len(found) == 2 and found[0].startswith("Enrollment #")
    assert records(client.get(AUDIT, {"about": "bert@district"})) == ["Person: Bert Okafor"]


def test_it_filters_by_date_range(client, program_staff, two_changes):
    client.force_login(program_staff)
    since = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    assert records(client.get(AUDIT, {"since": since})) == ["Person: Alma Ruiz"]
    until = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    assert records(client.get(AUDIT, {"until": until})) == ["Person: Bert Okafor"]


def test_it_filters_by_kind(client, program_staff, two_changes, school_year):
    EnrollmentFactory(offering=OfferingFactory(school_year=school_year))
    client.force_login(program_staff)
    found = records(client.get(AUDIT, {"kind": "enrollment"}))
    assert len(found) == 1 and found[0].startswith("Enrollment #")


def test_bad_filter_values_are_refused_politely(client, program_staff, two_changes):
    client.force_login(program_staff)
    response = client.get(AUDIT, {"since": "yesterday", "kind": "nope", "page": "x", "change": "?"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors
    assert records(response) == ["Person: Alma Ruiz", "Person: Bert Okafor"]


def test_it_pages_by_fifty(client, program_staff):
    PersonFactory.create_batch(51)
    client.force_login(program_staff)
    first = client.get(AUDIT)
    assert len(rows(first)) == 50
    assert first.context["page"].paginator.count == 51
    assert len(rows(client.get(AUDIT, {"page": 2}))) == 1


# --- Who may read what -----------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(AUDIT)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.LEADER, Role.MENTOR, Role.COACH, Role.NETWORK_STAFF])
def test_portal_and_network_roles_are_refused(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(AUDIT).status_code == 403


def test_it_rejects_post(client, program_staff):
    client.force_login(program_staff)
    assert client.post(AUDIT).status_code == 405


def test_each_office_reads_its_own_kinds():
    by_role = {
        role: {kind.key for kind in kinds_for(UserFactory(roles=[role]))}
        for role in (Role.PROGRAM_STAFF, Role.RECRUITMENT_STAFF, Role.LICENSURE_TEAM)
    }
    assert by_role[Role.PROGRAM_STAFF] == {
        "person",
        "enrollment",
        "match_round",
        "match_constraint",
        "mentorship",
        "fellowship_application",
        "recommendation",
    }
    assert by_role[Role.RECRUITMENT_STAFF] == {"person", "candidate", "application"}
    assert by_role[Role.LICENSURE_TEAM] == {"person", "license_pursuit", "requirement_progress"}
    assert {k.key for k in kinds_for(UserFactory(is_superuser=True))} == {k.key for k in KINDS}


@pytest.fixture
def one_of_each(school_year):
    """A person, an enrollment, a job application and a licensure item: one record of several offices."""
    EnrollmentFactory(offering=OfferingFactory(school_year=school_year))
    ApplicationFactory()
    RequirementProgressFactory()


def kinds_seen(response):
    return {row.kind.key for row in rows(response)}


def test_program_staff_see_people_and_programs_records_only(client, program_staff, one_of_each):
    client.force_login(program_staff)
    assert kinds_seen(client.get(AUDIT)) == {"person", "enrollment"}


def test_recruitment_staff_see_people_and_applications_only(client, recruiter, one_of_each):
    client.force_login(recruiter)
    response = client.get(AUDIT)
    assert kinds_seen(response) == {"person", "candidate", "application"}
    assert "enrollment" not in dict(response.context["filter"].form.fields["kind"].choices)


def test_the_licensure_team_sees_people_and_licensure_only(client, licensure_team, one_of_each):
    client.force_login(licensure_team)
    assert kinds_seen(client.get(AUDIT)) == {"person", "license_pursuit", "requirement_progress"}


def test_asking_for_another_offices_kind_shows_nothing_of_it(client, licensure_team, one_of_each):
    client.force_login(licensure_team)
    response = client.get(AUDIT, {"kind": "enrollment"})
    assert "enrollment" not in kinds_seen(response)
    assert response.context["filter"].form.errors


def test_a_superuser_sees_every_kind(client, superuser, one_of_each):
    client.force_login(superuser)
    assert {"person", "enrollment", "application", "requirement_progress"} <= kinds_seen(client.get(AUDIT))


def test_the_staff_dashboard_links_to_it(client, program_staff):
    client.force_login(program_staff)
    assert AUDIT in client.get(reverse("staff_dashboard")).content.decode()


# --- Bounded queries --------------------------------------------------------------------------------------


def make_changes(n, school_year, staff):
    for _ in range(n):
        enrollment = EnrollmentFactory(offering=OfferingFactory(school_year=school_year))
        enrollment.status = "withdrawn"
        enrollment._history_user = staff
        enrollment.save()
        FellowshipApplicationFactory()
        MentorshipFactory(school_year=school_year)
        moved = enrollment.person  # moves school: the page names both schools
        moved.school = SchoolFactory()
        moved._history_user = staff
        moved.save()


@pytest.mark.parametrize("n", [2, 20])
def test_the_page_costs_the_same_queries_for_any_number_of_changes(
    client, program_staff, school_year, django_assert_max_num_queries, n
):
    make_changes(n, school_year, program_staff)
    client.force_login(program_staff)
    # session, user, roles; count and page over the union; per kind on the page its rows and the versions
    # before them (5 kinds here: people, enrollments, mentorships, fellowship applications, recommendations);
    # at most one more per kind of linked record named (people, schools, users): never one per row.
    with django_assert_max_num_queries(18):  # measured: 15 queries with n=2, 12 with n=20
        response = client.get(AUDIT)
    assert len(rows(response)) == min(50, response.context["page"].paginator.count)
    assert response.context["page"].paginator.count > 3 * n


# --- In a browser -----------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("orm_beside_playwright")
@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_in_a_browser(live_server, width):
    from programs.services import enrollment as services
    from tests.browser import WIDEST, chromium_page, fits_the_screen, log_in, screenshot
    from tests.factories import SchoolYearFactory

    staff = UserFactory(
        email="audit@district.test", full_name="Ana Auditor", roles=[Role.PROGRAM_STAFF], is_staff=True
    )
    offering = OfferingFactory(school_year=SchoolYearFactory(), capacity=1)
    first, second = PersonFactory(first_name="Amina", last_name="Ali"), PersonFactory(last_name="Bo")
    services.enroll_many(offering, [first, second], by=staff)
    services.withdraw(Enrollment.objects.get(person=first), by=staff, note="Moved to another district")
    with chromium_page(viewport={"width": width, "height": 900}) as page:
        log_in(page, live_server.url, staff.email)
        page.goto(f"{live_server.url}{AUDIT}")
        screenshot(page, f"audit-history-{width}")
        assert fits_the_screen(page), page.evaluate(WIDEST)
        table = page.locator("main").inner_text()  # what shows: the table, or the cards on a phone
        assert "Enrolled → Withdrawn" in table
        assert "Waitlisted → Enrolled" in table
        assert "Ana Auditor" in table


def test_every_audited_model_keeps_its_old_versions_read_only_in_the_admin():
    """Reverting writes a whole old row past the services' rules, so no admin of an audited model may."""
    from django.contrib import admin
    from simple_history.models import registered_models

    from leaderdev.audit_admin import AuditedAdmin

    audited = [model for model in admin.site._registry if model in registered_models.values()]
    assert len(audited) >= 10
    loose = [
        model._meta.label for model in audited if not isinstance(admin.site._registry[model], AuditedAdmin)
    ]
    assert not loose, f"audited models whose admin allows reverting: {loose}"
