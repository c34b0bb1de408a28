"""Every URL of the project, for every role: the status each must answer, so no view slips in unchecked.

The tables below are written by hand from each view's intent (its role, its object rule), not computed
from the code: a URL missing from them fails, and so does a view whose answer changes. The world they run
against (tests/url_matrix.py) holds one of each object, none of them the role users' own: a role that may
open a page but not see the object gets 404 from the object rules; the office that runs it gets 200.

Roles, in the order of every row: anonymous, leader, mentor, coach, network staff, program staff,
recruitment staff, licensure team, superuser.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse

from tests.url_matrix import (
    ADMIN_ROLES,
    ROLES,
    URL_KWARGS,
    admin_models,
    build_world,
    project_url_names,
)

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("url_matrix")]

# fmt: off
# Common rows.                 anon lead ment coach netw prog recr lic  super
ANY_SIGNED_IN =               "302  200  200  200   200  200  200  200  200"
EVERYONE =                    "200  200  200  200   200  200  200  200  200"
STAFF =                       "302  403  403  403   403  200  200  200  200"
PORTAL =                      "302  200  200  200   403  403  403  403  200"
PROGRAM =                     "302  403  403  403   403  200  403  403  200"
RECRUITMENT =                 "302  403  403  403   403  403  200  403  200"
LICENSURE =                   "302  403  403  403   403  403  403  200  200"
POST_ONLY =                   "405  405  405  405   405  405  405  405  405"
# A page of program staff and network staff about one school: the portal roles may enter, but the
# world's school is not theirs (404); the network staff support no network in the world (404).
SCHOOL_PAGE =                 "302  404  404  404   404  200  403  403  200"
# A person-scoped portal page open to program staff and the portal roles: someone else's object is
# hidden from the portal roles (404); the other offices may not enter (403).
PERSON_PAGE =                 "302  404  404  404   403  200  403  403  200"
# Sessions: any role may try to sign in / download, only staff and facilitators see the session.
SESSION_PAGE =                "302  404  404  404   404  200  404  404  200"
# Signed in, someone else's object: only the team that owns it (or the superuser) sees it.
RECRUITMENT_OBJECT =          "302  403  403  403   403  403  200  403  200"
LICENSURE_OBJECT =            "302  404  404  404   404  404  404  200  200"

# The expected GET status for every named URL outside the admin.
EXPECTED = {
    # The site: home sends each role to its area (see REDIRECTS), the health check is public.
    "home":                                "302  302  302  302   302  302  302  302  302",
    "healthz":                             EVERYONE,
    "staff_dashboard":                     STAFF,
    "people":                              STAFF,
    "people_export":                       STAFF,
    "audit_history":                       STAFF,
    "portal":                              PORTAL,
    "notification_preferences":            ANY_SIGNED_IN,
    "notification_list":                   STAFF,
    "notification_resend":                 POST_ONLY,
    # Django's auth pages: signing in is for the signed out (others go home), logout is POST only.
    "login":                               "200  302  302  302   302  302  302  302  302",
    "logout":                              POST_ONLY,
    "password_change":                     ANY_SIGNED_IN,
    "password_change_done":                ANY_SIGNED_IN,
    "password_reset":                      EVERYONE,
    "password_reset_done":                 EVERYONE,
    "password_reset_confirm":              EVERYONE,  # a bad link shows "invalid link", never a 500
    "password_reset_complete":             EVERYONE,
    # Competencies: the framework is every role's; growth and assessments are person-scoped.
    "competencies:framework_list":         ANY_SIGNED_IN,
    "competencies:version_detail":         ANY_SIGNED_IN,
    "competencies:version_diff":           ANY_SIGNED_IN,
    "competencies:my_growth":              PORTAL,
    "competencies:self_assessment":        PORTAL,
    "competencies:person_growth":          PERSON_PAGE,
    "competencies:assess_person":          "302  403  403  403   403  200  403  403  200",
    "competencies:assessment_detail":      "302  404  404  404   404  200  404  404  200",
    "competencies:school_distribution":    PROGRAM,
    "competencies:implementation_overview": PROGRAM,
    "competencies:school_rubric":          "302  404  403  403   403  200  403  403  200",
    # Programs: offerings, rosters, attendance and equity are program staff's.
    "programs:offering_list":              PROGRAM,
    "programs:offering_roster":            PROGRAM,
    "programs:roster_export":              PROGRAM,
    "programs:bulk_enroll":                POST_ONLY,
    "programs:attendance_grid":            PROGRAM,
    "programs:attendance_export":          PROGRAM,
    "programs:offering_feedback":          PROGRAM,
    "programs:sign_in":                    SESSION_PAGE,
    "programs:sign_in_sheet":              SESSION_PAGE,
    "programs:sign_in_export":             SESSION_PAGE,
    "programs:session_ics":                SESSION_PAGE,
    "programs:session_feedback":           PERSON_PAGE,
    "programs:equity_compliance":          PROGRAM,
    "programs:equity_export":              PROGRAM,
    "programs:my_plan":                    PORTAL,
    "programs:plan_detail":                PERSON_PAGE,
    "programs:calendar_feed":              EVERYONE,  # the secret token is the key (calendar apps)
    # Programs: school teams, initiatives, Call-to-Action plans, coaching and spotlights.
    "programs:school_team":                SCHOOL_PAGE,
    "programs:team_member_add":            SCHOOL_PAGE,
    "programs:team_member_end":            SCHOOL_PAGE,
    "programs:team_member_tier":           SCHOOL_PAGE,
    "programs:initiative_edit":            SCHOOL_PAGE,
    "programs:step_add":                   SCHOOL_PAGE,
    "programs:note_add":                   SCHOOL_PAGE,
    "programs:step_adjust":                SCHOOL_PAGE,
    "programs:step_status":                SCHOOL_PAGE,
    "programs:cta_plan":                   SCHOOL_PAGE,
    "programs:cta_goal":                   SCHOOL_PAGE,
    "programs:cta_target_edit":            SCHOOL_PAGE,
    "programs:cta_check_in":               SCHOOL_PAGE,
    "programs:cta_action_edit":            SCHOOL_PAGE,
    "programs:cta_action_status":          POST_ONLY,
    "programs:coaching_list":              SCHOOL_PAGE,
    "programs:coaching_add":               "302  403  403  403   404  200  403  403  200",
    "programs:coaching_detail":            SCHOOL_PAGE,
    "programs:spotlight_list":             ANY_SIGNED_IN,
    "programs:spotlight_add":              "302  403  403  403   200  200  403  403  200",
    # Network staff see spotlights but edit only their networks' schools'.
    "programs:spotlight_edit":             PROGRAM,
    "programs:team_overview":              "302  403  403  403   200  200  403  403  200",
    "programs:team_overview_export":       "302  403  403  403   200  200  403  403  200",
    # Mentoring: rounds, the pool and health are program staff's; logs belong to the pair.
    "mentoring:round_list":                PROGRAM,
    "mentoring:round_create":              PROGRAM,
    "mentoring:round_detail":              PROGRAM,
    "mentoring:round_progress":            PROGRAM,
    "mentoring:round_pair":                PROGRAM,
    "mentoring:round_run":                 POST_ONLY,
    "mentoring:round_lift":                POST_ONLY,
    "mentoring:round_approve":             POST_ONLY,
    "mentoring:my_people":                 "302  403  200  200   403  403  403  403  200",
    "mentoring:mentorship_detail":         PERSON_PAGE,
    "mentoring:log_new":                   "302  403  404  404   403  200  403  403  200",
    "mentoring:mentorship_feedback":       "302  404  403  403   403  403  403  403  404",
    "mentoring:coaching_detail":           PERSON_PAGE,
    "mentoring:coaching_log_new":          "302  403  404  404   403  200  403  403  200",
    # Only the author edits a log entry: program staff and the superuser read it but get 403.
    "mentoring:log_edit":                  "302  403  404  404   403  403  403  403  403",
    "mentoring:log_delete":                POST_ONLY,
    "mentoring:pool":                      PROGRAM,
    "mentoring:pool_move":                 POST_ONLY,
    "mentoring:pool_mentees":              PROGRAM,
    "mentoring:coaching_coverage":         PROGRAM,
    # Without ?leader= there is nobody to assign a coach to: 404 for those who may enter.
    "mentoring:assign_coach":              "302  403  403  403   403  404  403  403  404",
    "mentoring:health":                    PROGRAM,
    "mentoring:health_export":             PROGRAM,
    "mentoring:my_wishes":                 "302  200  403  403   403  403  403  403  200",
    # Recruitment: the pipeline is recruitment staff's; panel pages need the panelist.
    "recruitment:board":                   RECRUITMENT,
    "recruitment:application_list":        RECRUITMENT,
    "recruitment:application_export":      RECRUITMENT,
    "recruitment:application_bulk_move":   POST_ONLY,
    "recruitment:application_detail":      RECRUITMENT_OBJECT,
    "recruitment:application_move":        POST_ONLY,
    "recruitment:application_hire":        POST_ONLY,
    "recruitment:candidate_new":           RECRUITMENT,
    "recruitment:candidate_detail":        RECRUITMENT_OBJECT,
    "recruitment:candidate_apply":         POST_ONLY,
    "recruitment:candidate_import":        RECRUITMENT,
    "recruitment:interview_new":           RECRUITMENT,
    "recruitment:reference_new":           RECRUITMENT,
    "recruitment:my_interviews":           ANY_SIGNED_IN,
    "recruitment:interview_detail":        RECRUITMENT_OBJECT,
    "recruitment:interview_panel":         RECRUITMENT,
    # A scorecard is its panelist's own: nobody in the world sits on the interview's panel.
    "recruitment:scorecard_edit":          "302  403  403  403   403  403  403  403  403",
    "recruitment:reference_detail":        RECRUITMENT_OBJECT,
    "recruitment:reference_attempt":       POST_ONLY,
    "recruitment:reference_answers":       RECRUITMENT,
    "recruitment:reference_decline":       POST_ONLY,
    "recruitment:funnel":                  RECRUITMENT,
    "recruitment:funnel_export":           RECRUITMENT,
    # Fellowships: anyone with a staff record applies; the superuser has none (403).
    "fellowships:apply":                   "302  200  200  200   200  200  200  200  403",
    "fellowships:my_application":          "302  200  200  200   200  200  200  200  403",
    "fellowships:withdraw":                POST_ONLY,
    "fellowships:recommendation":          "302  404  404  404   404  200  404  404  200",
    "fellowships:cohort_list":             PROGRAM,
    "fellowships:cohort_detail":           PROGRAM,
    "fellowships:application_list":        PROGRAM,
    "fellowships:application_bulk_move":   POST_ONLY,
    "fellowships:application_detail":      PROGRAM,
    "fellowships:application_move":        POST_ONLY,
    "fellowships:application_score":       POST_ONLY,
    "fellowships:placements":              PROGRAM,
    "fellowships:placements_run":          POST_ONLY,
    "fellowships:placements_approve":      POST_ONLY,
    "fellowships:place_by_hand":           POST_ONLY,
    "fellowships:proposal_pin":            POST_ONLY,
    "fellowships:fellow_detail":           PROGRAM,
    "fellowships:fellow_readiness":        POST_ONLY,
    "fellowships:my_residency":            "302  200  200  200   403  200  403  403  200",
    "fellowships:residency_detail":        PERSON_PAGE,
    # Only the fellow keeps their hours and reflections: staff read the residency but get 403 here.
    "fellowships:hours_new":               "302  404  404  404   403  403  403  403  403",
    "fellowships:hours_edit":              "302  404  404  404   403  403  403  403  403",
    "fellowships:reflection_new":          "302  404  404  404   403  403  403  403  403",
    "fellowships:hours_sign_off_all":      POST_ONLY,
    "fellowships:hours_sign_off":          POST_ONLY,
    "fellowships:hours_reopen":            POST_ONLY,
    "fellowships:milestone_complete":      POST_ONLY,
    "fellowships:milestone_undo":          POST_ONLY,
    "fellowships:milestone_sign_off":      POST_ONLY,
    "fellowships:milestone_reopen":        POST_ONLY,
    "fellowships:public_cohort_list":      EVERYONE,
    "fellowships:public_cohort":           EVERYONE,
    # No fellow in the world made a photo public.
    "fellowships:public_photo":            "404  404  404  404   404  404  404  404  404",
    "fellowships:my_profile":              "302  200  200  200   403  200  403  403  200",
    "fellowships:fellow_profile":          PERSON_PAGE,
    # The fellow has no photo: 404 for those who may see it, 404 for those who may not see the fellow.
    "fellowships:profile_photo":           "302  404  404  404   403  404  403  403  404",
    # Licensure: the board and groups are the licensure team's; a pursuit is its employee's.
    "licensure:board":                     LICENSURE,
    "licensure:board_export":              LICENSURE,
    "licensure:my_licensure":              "302  200  200  200   200  200  200  200  403",
    "licensure:pursuit_detail":            LICENSURE_OBJECT,
    "licensure:pursuit_status":            POST_ONLY,
    "licensure:progress_update":           POST_ONLY,
    "licensure:evidence_add":              POST_ONLY,
    "licensure:progress_verify":           POST_ONLY,
    "licensure:progress_return":           POST_ONLY,
    # The world's evidence is a link, not a file: nothing to download, even for the team.
    "licensure:evidence_download":         "302  404  404  404   404  404  404  404  404",
    "licensure:evidence_remove":           POST_ONLY,
    "licensure:group_list":                LICENSURE,
    "licensure:group_detail":              LICENSURE_OBJECT,
    "licensure:group_add_member":          POST_ONLY,
    "licensure:group_remove_member":       POST_ONLY,
    "licensure:group_schedule_meeting":    POST_ONLY,
    "licensure:group_schedule_monthly":    POST_ONLY,
    "licensure:meeting_detail":            LICENSURE_OBJECT,
    "licensure:meeting_attendance":        POST_ONLY,
    "licensure:meeting_notes":             POST_ONLY,
}

# Where a signed-in role's 302 must go (anonymous 302s always go to the login page).
REDIRECTS = {
    "home": {
        "leader": "/portal/", "mentor": "/portal/", "coach": "/portal/",
        "network_staff": "/programs/teams/", "program_staff": "/staff/", "recruitment_staff": "/staff/",
        "licensure_team": "/staff/", "superuser": "/staff/",
    },
    "login": dict.fromkeys(ROLES[1:], "/"),
}

# POST-only URLs: what an empty POST answers. "ok" marks the roles allowed in (their empty POST may be
# a form error, a redirect or a 404 for a missing choice, never a 500); every other role is refused
# and nothing is written.
#                                        anon lead ment coach netw prog recr lic  super
PROGRAM_POST =                          "302  403  403  403   403  ok   403  403  ok"
RECRUITMENT_POST =                      "302  403  403  403   403  403  ok   403  ok"
LICENSURE_POST =                        "302  403  403  403   403  403  403  ok   ok"
RESIDENCY_POST =                        "302  404  404  404   403  ok   403  403  ok"
GROUP_POST =                            "302  404  404  404   404  404  404  ok   ok"
POST_EXPECTED = {
    "notification_resend":               "302  403  403  403   403  ok   ok   ok   ok",
    "programs:bulk_enroll":              PROGRAM_POST,
    "programs:cta_action_status":        "302  404  404  404   404  ok   403  403  ok",
    "mentoring:round_run":               PROGRAM_POST,
    "mentoring:round_lift":              PROGRAM_POST,
    "mentoring:round_approve":           PROGRAM_POST,
    "mentoring:pool_move":               PROGRAM_POST,
    # Only the author deletes a log entry; the mentor and coach may not even see this pair's.
    "mentoring:log_delete":              "302  403  404  404   403  403  403  403  403",
    "recruitment:application_bulk_move": RECRUITMENT_POST,
    "recruitment:application_move":      RECRUITMENT_POST,
    "recruitment:application_hire":      RECRUITMENT_POST,
    "recruitment:candidate_apply":       RECRUITMENT_POST,
    "recruitment:reference_attempt":     RECRUITMENT_POST,
    "recruitment:reference_decline":     RECRUITMENT_POST,
    # Withdrawing is the applicant's own: someone else's application is hidden from everyone.
    "fellowships:withdraw":              "302  404  404  404   404  404  404  404  404",
    "fellowships:application_bulk_move": PROGRAM_POST,
    "fellowships:application_move":      PROGRAM_POST,
    "fellowships:application_score":     PROGRAM_POST,
    "fellowships:placements_run":        PROGRAM_POST,
    "fellowships:placements_approve":    PROGRAM_POST,
    "fellowships:place_by_hand":         PROGRAM_POST,
    "fellowships:proposal_pin":          PROGRAM_POST,
    "fellowships:fellow_readiness":      PROGRAM_POST,
    "fellowships:hours_sign_off_all":    RESIDENCY_POST,
    "fellowships:hours_sign_off":        RESIDENCY_POST,
    "fellowships:hours_reopen":          RESIDENCY_POST,
    "fellowships:milestone_complete":    RESIDENCY_POST,
    "fellowships:milestone_undo":        RESIDENCY_POST,
    "fellowships:milestone_sign_off":    RESIDENCY_POST,
    "fellowships:milestone_reopen":      RESIDENCY_POST,
    "licensure:pursuit_status":          LICENSURE_POST,
    "licensure:progress_verify":         LICENSURE_POST,
    "licensure:progress_return":         LICENSURE_POST,
    # Progress and evidence are the employee's own: the team sees the pursuit but may not write it.
    "licensure:progress_update":         "302  404  404  404   404  404  404  403  403",
    "licensure:evidence_add":            "302  404  404  404   404  404  404  403  403",
    "licensure:evidence_remove":         "302  404  404  404   404  404  404  403  403",
    "licensure:group_add_member":        GROUP_POST,
    "licensure:group_remove_member":     GROUP_POST,
    "licensure:group_schedule_meeting":  GROUP_POST,
    "licensure:group_schedule_monthly":  GROUP_POST,
    "licensure:meeting_attendance":      GROUP_POST,
    "licensure:meeting_notes":           GROUP_POST,
}

# The admin, from the grants in each app's rules.py: P program staff, R recruitment staff, L licensure
# team; "full" = add/change/delete/view, "view" = read only, "acv" = add/change/view (no delete),
# "cv" = change/view, "vd" = view/delete. A role not named has no access (403). The superuser has every
# permission.
_DISTRICT = "P:full R:view L:view"
_PROGRAM = "P:full"
ADMIN_ACCESS = {
    "auth.group": "",
    # Program staff read failed sign-ins and clear a lockout by deleting its attempt.
    "axes.accessattempt": "P:vd",
    "axes.accessfailurelog": "P:view",
    "axes.accesslog": "P:view",
    "leaderdev.user": "",
    "leaderdev.network": _DISTRICT,
    "leaderdev.school": _DISTRICT,
    "leaderdev.schoolyear": _DISTRICT,
    "leaderdev.person": _DISTRICT,
    "leaderdev.notification": "P:cv R:view L:view",
    "leaderdev.outboxtask": "P:view R:view L:view",
    "leaderdev.notificationpreference": "",
    "django_celery_beat.periodictask": "P:acv",
    "django_celery_beat.crontabschedule": "P:acv",
    "django_celery_beat.intervalschedule": "P:acv",
    "django_celery_beat.clockedschedule": "",
    "django_celery_beat.solarschedule": "",
    **{f"competencies.{m}": _PROGRAM for m in (
        "framework", "frameworkversion", "domain", "competency", "proficiencyscale", "assessment",
        "implementationsystem", "implementationrating")},
    **{f"programs.{m}": _PROGRAM for m in (
        "programkind", "program", "facilitator", "offering", "enrollment", "session", "attendance",
        "sessionfeedback", "pdplan", "calendarfeed", "sessionseries", "schoolteam", "teammembership",
        "initiative", "actionstep", "monitoringnote", "calltoactionplan", "strategicgoal", "goaltarget",
        "goalaction", "checkin", "coachingsession", "spotlight")},
    "programs.blackoutdate": "P:full L:view",
    **{f"mentoring.{m}": _PROGRAM for m in (
        "mentor", "mentorstatuschange", "menteeprofile", "mentorpreference", "conflict", "matchround",
        "matchproposal", "unmatchedmentee", "matchconstraint", "mentorship", "partnerorganization", "coach",
        "coachassignment", "logentry", "menteefeedback")},
    **{f"recruitment.{m}": "R:full" for m in (
        "hiringcycle", "opening", "source", "candidate", "application", "stagechange", "interview",
        "scorecard", "referencecheck")},
    **{f"fellowships.{m}": _PROGRAM for m in (
        "cohort", "cohortmilestone", "fellowshipapplication", "applicationstatuschange", "recommendation",
        "fellow", "host", "hostpreference", "placementproposal", "residency", "milestone", "hoursentry",
        "reflection")},
    **{f"licensure.{m}": "L:full" for m in (
        "licensetype", "requirement", "licensepursuit", "requirementprogress", "evidence", "supportgroup",
        "groupmembership", "supportmeeting", "meetingattendance")},
}
# Admin pages no role may open whatever its grants, because the ModelAdmin forbids the action: records
# made by a workflow (no "add"), published or in-use records (no "delete").
ADMIN_CLOSED = {
    "axes.accessattempt": {"add"},  # sign-in records are written by django-axes alone
    "axes.accessfailurelog": {"add"},
    "axes.accesslog": {"add"},
    "leaderdev.notification": {"add"},  # notifications are sent by the reminder tasks
    "leaderdev.outboxtask": {"add"},
    "competencies.frameworkversion": {"delete"},  # the shipped version is published: the record
    "competencies.domain": {"delete"},
    "competencies.competency": {"delete"},
    "programs.calendarfeed": {"add"},  # a person makes their own feed link
    "mentoring.mentorship": {"add"},  # mentorships come from approved rounds
    "mentoring.mentorstatuschange": {"add"},  # history rows, written by the pool's services
    "mentoring.matchconstraint": {"add"},
    "mentoring.matchproposal": {"add"},
    "mentoring.unmatchedmentee": {"add"},
    "recruitment.stagechange": {"add", "delete"},  # the pipeline's history
    "fellowships.fellowshipapplication": {"add"},  # people apply on the apply page
    "fellowships.applicationstatuschange": {"add"},
    "fellowships.fellow": {"add"},  # a fellow is made by selecting their application
    "fellowships.placementproposal": {"add"},
    "fellowships.residency": {"add"},  # a residency is made by placing a fellow
    "fellowships.reflection": {"add"},  # the fellow writes reflections in the portal
}
# fmt: on
ADMIN_PAGES = ("changelist", "add", "change", "history", "delete")
_ACTIONS = {
    "full": {"changelist", "add", "change", "history", "delete"},
    "acv": {"changelist", "add", "change", "history"},
    "cv": {"changelist", "change", "history"},
    "view": {"changelist", "change", "history"},
    "vd": {"changelist", "change", "history", "delete"},
}
_ROLE_LETTER = {"P": "program_staff", "R": "recruitment_staff", "L": "licensure_team"}


def _row(table_row: str) -> dict[str, str]:
    tokens = table_row.split()
    assert len(tokens) == len(ROLES), f"a row needs one status per role: {table_row!r}"
    return dict(zip(ROLES, tokens, strict=True))


def _admin_expected(label: str, role: str) -> dict[str, int]:
    """The status of each admin page of `label` for `role`, from ADMIN_ACCESS and ADMIN_CLOSED."""
    if role not in ADMIN_ROLES:
        return dict.fromkeys(ADMIN_PAGES, 302)
    if role == "superuser":
        allowed = set(ADMIN_PAGES)
    else:
        grants = dict(part.split(":") for part in ADMIN_ACCESS[label].split())
        letter = next(k for k, v in _ROLE_LETTER.items() if v == role)
        allowed = set(_ACTIONS.get(grants.get(letter, ""), ()))
    allowed -= ADMIN_CLOSED.get(label, set())
    return {page: 200 if page in allowed else 403 for page in ADMIN_PAGES}


# --- The world, built once per module and shared (read-only: each test runs in a savepoint) ----------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The role users, one of each object, and a signed-in session per role, rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                built = build_world()
                built.sessions = {}
                for role, user in built.users.items():
                    if user is not None:
                        client = Client()
                        client.force_login(user)
                        built.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _client(world, role) -> Client:
    client = Client(raise_request_exception=False)
    if role in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def _url(world, name: str) -> str:
    make_kwargs = URL_KWARGS.get(name)
    try:
        return reverse(name, kwargs=make_kwargs(world.objects) if make_kwargs else None)
    except NoReverseMatch as error:
        pytest.fail(f"URL {name} needs kwargs: add them to URL_KWARGS in tests/url_matrix.py ({error})")


def _writes() -> int:
    """Rows inserted, updated or deleted so far in this transaction (sessions and login audit aside)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
            " WHERE relname NOT LIKE 'axes%%' AND relname <> 'django_session'"
        )
        return cursor.fetchone()[0]


def _check_redirect(response, name, role, expected_target=None):
    location = response["Location"]
    if role == "anonymous":
        login = resolve_url(settings.LOGIN_URL)
        assert location.startswith(login), f"{name} sent anonymous to {location}, not the login page"
    elif expected_target is not None:
        assert location == expected_target, f"{name} sent {role} to {location}, not {expected_target}"


ALL_URL_NAMES = sorted(project_url_names() | set(EXPECTED))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ALL_URL_NAMES)
def test_get(world, name, role):
    if name not in EXPECTED:
        pytest.fail(f"new URL {name}: add it to the matrix with the expected status per role")
    if name not in project_url_names():
        pytest.fail(f"URL {name} no longer exists: remove it from the matrix")
    expected = int(_row(EXPECTED[name])[role])
    response = _client(world, role).get(_url(world, name))
    assert response.status_code == expected, (
        f"GET {name} as {role}: {response.status_code}, expected {expected}"
    )
    if expected == 302:
        _check_redirect(response, name, role, REDIRECTS.get(name, {}).get(role))


def test_every_post_only_url_has_post_expectations():
    post_only = {name for name, row in EXPECTED.items() if row == POST_ONLY} - {"logout"}
    assert post_only == set(POST_EXPECTED), "POST_EXPECTED must list exactly the POST-only URLs"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(POST_EXPECTED))
def test_post(world, name, role):
    expected = _row(POST_EXPECTED[name])[role]
    client = _client(world, role)
    before = _writes()
    response = client.post(_url(world, name), {})
    if expected == "ok":
        assert response.status_code < 500, f"POST {name} as {role}: {response.status_code}"
        return
    assert response.status_code == int(expected), (
        f"POST {name} as {role}: {response.status_code}, expected {expected}"
    )
    if response.status_code == 302:
        _check_redirect(response, name, role)
    assert _writes() == before, f"POST {name} as {role} was refused but wrote to the database"


# --- The admin -------------------------------------------------------------------------------------


def _admin_urls(label: str) -> dict[str, str]:
    from django.apps import apps

    model = apps.get_model(label)
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the world has no {label}: add one in tests/url_matrix.py _fill_the_admin"
    return {
        "changelist": reverse(f"{prefix}_changelist"),
        "add": reverse(f"{prefix}_add"),
        "change": reverse(f"{prefix}_change", args=[obj.pk]),
        "history": reverse(f"{prefix}_history", args=[obj.pk]),
        "delete": reverse(f"{prefix}_delete", args=[obj.pk]),
    }


ALL_ADMIN_MODELS = sorted(set(admin_models()) | set(ADMIN_ACCESS))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", ALL_ADMIN_MODELS)
def test_admin(world, label, role):
    if label not in ADMIN_ACCESS:
        pytest.fail(f"new admin model {label}: add it to ADMIN_ACCESS with each role's access")
    if label not in admin_models():
        pytest.fail(f"{label} is no longer in the admin: remove it from ADMIN_ACCESS")
    expected = _admin_expected(label, role)
    client = _client(world, role)
    wrong = []
    for page, url in _admin_urls(label).items():
        response = client.get(url)
        if response.status_code != expected[page]:
            wrong.append(f"{page} {url}: {response.status_code}, expected {expected[page]}")
        elif response.status_code == 302 and not response["Location"].startswith(reverse("admin:login")):
            wrong.append(f"{page} {url}: sent to {response['Location']}, not the admin login")
    assert not wrong, f"admin {label} as {role}:\n" + "\n".join(wrong)


def test_role_users_hold_exactly_their_role(world):
    for role, user in world.users.items():
        if user is None or role == "superuser":
            continue
        assert list(user.groups.values_list("name", flat=True)) == [
            Group.objects.get(name__iexact=role.replace("_", " ")).name
        ]
