"""The world, the users and the URL list behind tests/leaderdev/test_url_matrix.py.

The world holds one of each thing a URL can name. Every object belongs to somebody who is *not* one of
the role users, so a role that may enter a page but may not see the object answers 404 (object rules),
and only the office team that runs the object (or the superuser) gets 200.
"""

from dataclasses import dataclass, field

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from leaderdev.permissions import Role

# The nine ways to arrive at a page: nobody, each of the seven roles, and the superuser.
ROLES = [
    "anonymous",
    "leader",
    "mentor",
    "coach",
    "network_staff",
    "program_staff",
    "recruitment_staff",
    "licensure_team",
    "superuser",
]
# The office staff roles get is_staff (they work in the admin), as the demo logins do; the others do not.
ADMIN_ROLES = ("program_staff", "recruitment_staff", "licensure_team", "superuser")


def walk_patterns(resolver=None, namespace=None):
    """Yield (full name, URLPattern) for every named URL pattern of the project, in every namespace."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def project_url_names() -> set[str]:
    """Every named URL outside the Django admin (the admin is checked model by model)."""
    return {name for name, _ in walk_patterns() if not name.startswith("admin:")}


def admin_models() -> list[str]:
    """Every model registered in the admin, as "app_label.modelname"."""
    return sorted(f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry)


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role name -> User (None for anonymous)
    objects: dict = field(default_factory=dict)  # short name -> model instance


def build_world() -> World:
    """Make the role users and one of each object a URL names (none of them the role users')."""
    from django.utils import timezone

    from tests.factories import PersonFactory, SchoolFactory, SchoolYearFactory, UserFactory
    from tests.factories.competencies import AssessmentFactory
    from tests.factories.fellowships import (
        CohortFactory,
        FellowFactory,
        FellowshipApplicationFactory,
        HoursEntryFactory,
        MilestoneFactory,
        RecommendationFactory,
        ResidencyFactory,
    )
    from tests.factories.licensure import (
        GroupMembershipFactory,
        LicensePursuitFactory,
        LinkEvidenceFactory,
        RequirementProgressFactory,
        SupportGroupFactory,
        SupportMeetingFactory,
    )
    from tests.factories.mentoring import (
        CoachAssignmentFactory,
        LogEntryFactory,
        MatchConstraintFactory,
        MatchRoundFactory,
        MentorshipFactory,
    )
    from tests.factories.notifications import NotificationFactory
    from tests.factories.programs import (
        CalendarFeedFactory,
        OfferingFactory,
        PDPlanFactory,
        SessionFactory,
    )
    from tests.factories.recruitment import (
        ApplicationFactory,
        InterviewFactory,
        ReferenceCheckFactory,
    )
    from tests.factories.teams import (
        ActionStepFactory,
        CoachingSessionFactory,
        GoalActionFactory,
        GoalTargetFactory,
        InitiativeFactory,
        SpotlightFactory,
        TeamMembershipFactory,
    )

    world = World()
    year = SchoolYearFactory()
    users = world.users
    users["anonymous"] = None
    for name in ROLES[1:-1]:
        user = UserFactory(
            email=f"matrix-{name}@example.org", roles=[Role(name)], is_staff=name in ADMIN_ROLES
        )
        PersonFactory(user=user, first_name=name.title(), last_name="Matrix")
        users[name] = user
    users["superuser"] = UserFactory(email="matrix-superuser@example.org", is_superuser=True, is_staff=True)

    o = world.objects
    o["year"] = year
    o["school"] = SchoolFactory()
    o["person"] = PersonFactory(school=o["school"])
    o["offering"] = OfferingFactory(school_year=year)
    o["session"] = SessionFactory(offering=o["offering"])
    o["plan"] = PDPlanFactory(person=o["person"], school_year=year)
    o["feed"] = CalendarFeedFactory(person=o["person"])
    o["membership"] = TeamMembershipFactory(team__school=o["school"])
    o["initiative"] = InitiativeFactory(team=o["membership"].team, school_year=year)
    o["step"] = ActionStepFactory(initiative=o["initiative"])
    o["target"] = GoalTargetFactory(goal__plan__school=o["school"], goal__plan__school_year=year)
    o["goal"] = o["target"].goal
    o["action"] = GoalActionFactory(goal=o["goal"])
    o["coaching"] = CoachingSessionFactory(team=o["membership"].team)
    o["spotlight"] = SpotlightFactory(school=o["school"])
    o["round"] = MatchRoundFactory()
    o["constraint"] = MatchConstraintFactory(round=o["round"])
    o["mentorship"] = MentorshipFactory()
    o["assignment"] = CoachAssignmentFactory()
    o["log"] = LogEntryFactory(mentorship=o["mentorship"])
    o["application"] = ApplicationFactory()
    o["candidate"] = o["application"].candidate
    o["interview"] = InterviewFactory()
    o["reference"] = ReferenceCheckFactory()
    o["cohort"] = CohortFactory(school_year=year)
    o["fellowship_application"] = FellowshipApplicationFactory(cohort=o["cohort"])
    o["recommendation"] = RecommendationFactory(application=o["fellowship_application"])
    o["fellow"] = FellowFactory(application__cohort=o["cohort"])
    o["residency"] = ResidencyFactory(fellow=o["fellow"])
    o["hours"] = HoursEntryFactory(residency=o["residency"])
    o["milestone"] = MilestoneFactory(residency=o["residency"])
    o["progress"] = RequirementProgressFactory(pursuit=LicensePursuitFactory(person=o["person"]))
    o["pursuit"] = o["progress"].pursuit
    o["requirement"] = o["progress"].requirement
    o["evidence"] = LinkEvidenceFactory(progress=o["progress"])
    o["group"] = SupportGroupFactory(school_year=year)
    o["group_member"] = GroupMembershipFactory(group=o["group"]).person
    o["meeting"] = SupportMeetingFactory(group=o["group"])
    o["assessment"] = AssessmentFactory(person=o["person"])
    o["version"] = o["assessment"].version
    o["notification"] = NotificationFactory()
    o["now"] = timezone.now()
    _fill_the_admin(o)
    return world


def _fill_the_admin(o):
    """One row of every model the admin lists, so its change, history and delete pages have an object."""
    from axes.models import AccessAttempt, AccessFailureLog
    from django_celery_beat.models import ClockedSchedule, SolarSchedule

    from fellowships.models import ApplicationStatusChange, PlacementProposal
    from mentoring.models import MatchProposal, MentorStatusChange, UnmatchedMentee
    from tests.factories.competencies import ImplementationRatingFactory
    from tests.factories.fellowships import (
        CohortMilestoneFactory,
        HostFactory,
        HostPreferenceFactory,
        ReflectionFactory,
    )
    from tests.factories.licensure import MeetingAttendanceFactory
    from tests.factories.mentoring import (
        ConflictFactory,
        MenteeFeedbackFactory,
        MenteeProfileFactory,
        MentorPreferenceFactory,
    )
    from tests.factories.notifications import NotificationPreferenceFactory, OutboxTaskFactory
    from tests.factories.programs import AttendanceFactory, EnrollmentFactory, SessionFeedbackFactory
    from tests.factories.recruitment import OpeningFactory, ScorecardFactory, StageChangeFactory
    from tests.factories.scheduling import BlackoutDateFactory, SessionSeriesFactory
    from tests.factories.teams import CheckInFactory, MonitoringNoteFactory

    EnrollmentFactory(offering=o["offering"], person=o["person"])
    AttendanceFactory(session=o["session"], person=o["person"])
    SessionFeedbackFactory(session=o["session"], person=o["person"])
    BlackoutDateFactory()
    SessionSeriesFactory()
    CheckInFactory(target=o["target"])
    MonitoringNoteFactory(initiative=o["initiative"])
    MentorPreferenceFactory(profile=MenteeProfileFactory(), mentor=o["mentorship"].mentor)
    ConflictFactory()
    MenteeFeedbackFactory(mentorship=o["mentorship"])
    OpeningFactory()
    ScorecardFactory(interview=o["interview"])
    StageChangeFactory(application=o["application"])
    CohortMilestoneFactory(cohort=o["cohort"])
    HostPreferenceFactory(fellow=o["fellow"], host=o["residency"].host)
    ReflectionFactory(residency=o["residency"])
    MeetingAttendanceFactory(meeting=o["meeting"], person=o["group_member"])
    ImplementationRatingFactory(school=o["school"])
    NotificationPreferenceFactory()
    ClockedSchedule.objects.create(clocked_time=o["now"])
    SolarSchedule.objects.create(event="sunrise", latitude=42.36, longitude=-71.06)
    ApplicationStatusChange.objects.create(
        application=o["fellowship_application"], from_status="submitted", to_status="submitted", reason=""
    )
    PlacementProposal.objects.create(
        cohort=o["cohort"], fellow=o["fellow"], host=HostFactory(cohort=o["cohort"]), score=1.0
    )
    MatchProposal.objects.create(
        round=o["round"], mentee=o["person"], mentor=o["mentorship"].mentor, score=1.0
    )
    UnmatchedMentee.objects.create(round=o["round"], mentee=o["person"], reason="no_mentor", detail="")
    MentorStatusChange.objects.create(
        mentor=o["mentorship"].mentor, from_status="active", to_status="active", reason=""
    )
    AccessAttempt.objects.create(
        username="someone@example.org",
        ip_address="10.0.0.1",
        user_agent="matrix",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    AccessFailureLog.objects.create(
        username="someone@example.org",
        ip_address="10.0.0.1",
        user_agent="matrix",
        http_accept="*/*",
        path_info="/accounts/login/",
    )
    OutboxTaskFactory()


def _pk(key):
    return lambda o: {"pk": o[key].pk}


# The kwargs each URL is reversed with, by URL name. A URL without kwargs maps to None.
URL_KWARGS = {
    "competencies:version_detail": _pk("version"),
    "competencies:version_diff": _pk("version"),
    "competencies:person_growth": lambda o: {"person_id": o["person"].pk},
    "competencies:assess_person": lambda o: {"person_id": o["person"].pk},
    "competencies:assessment_detail": _pk("assessment"),
    "competencies:school_distribution": lambda o: {"school_id": o["school"].pk},
    "competencies:school_rubric": lambda o: {"school_id": o["school"].pk},
    "programs:offering_roster": _pk("offering"),
    "programs:roster_export": _pk("offering"),
    "programs:bulk_enroll": _pk("offering"),
    "programs:attendance_grid": _pk("offering"),
    "programs:attendance_export": _pk("offering"),
    "programs:offering_feedback": _pk("offering"),
    "programs:sign_in": _pk("session"),
    "programs:sign_in_sheet": _pk("session"),
    "programs:sign_in_export": _pk("session"),
    "programs:session_feedback": _pk("session"),
    "programs:plan_detail": _pk("plan"),
    "programs:session_ics": _pk("session"),
    "programs:calendar_feed": lambda o: {"token": o["feed"].token},
    "programs:school_team": _pk("school"),
    "programs:team_member_add": _pk("school"),
    "programs:team_member_end": _pk("membership"),
    "programs:team_member_tier": _pk("membership"),
    "programs:initiative_edit": _pk("school"),
    "programs:step_add": _pk("initiative"),
    "programs:note_add": _pk("initiative"),
    "programs:step_adjust": _pk("step"),
    "programs:step_status": _pk("step"),
    "programs:cta_plan": _pk("school"),
    "programs:cta_goal": _pk("goal"),
    "programs:cta_target_edit": _pk("target"),
    "programs:cta_check_in": _pk("target"),
    "programs:cta_action_edit": _pk("action"),
    "programs:cta_action_status": _pk("action"),
    "programs:coaching_list": _pk("school"),
    "programs:coaching_add": _pk("school"),
    "programs:coaching_detail": _pk("coaching"),
    "programs:spotlight_edit": _pk("spotlight"),
    "mentoring:round_detail": _pk("round"),
    "mentoring:round_progress": _pk("round"),
    "mentoring:round_run": _pk("round"),
    "mentoring:round_pair": _pk("round"),
    "mentoring:round_lift": lambda o: {"pk": o["round"].pk, "constraint_pk": o["constraint"].pk},
    "mentoring:round_approve": _pk("round"),
    "mentoring:mentorship_detail": _pk("mentorship"),
    "mentoring:log_new": _pk("mentorship"),
    "mentoring:mentorship_feedback": _pk("mentorship"),
    "mentoring:coaching_detail": _pk("assignment"),
    "mentoring:coaching_log_new": _pk("assignment"),
    "mentoring:log_edit": _pk("log"),
    "mentoring:log_delete": _pk("log"),
    "recruitment:application_detail": _pk("application"),
    "recruitment:application_move": _pk("application"),
    "recruitment:application_hire": _pk("application"),
    "recruitment:candidate_detail": _pk("candidate"),
    "recruitment:candidate_apply": _pk("candidate"),
    "recruitment:interview_new": _pk("application"),
    "recruitment:reference_new": _pk("application"),
    "recruitment:interview_detail": _pk("interview"),
    "recruitment:interview_panel": _pk("interview"),
    "recruitment:scorecard_edit": _pk("interview"),
    "recruitment:reference_detail": _pk("reference"),
    "recruitment:reference_attempt": _pk("reference"),
    "recruitment:reference_answers": _pk("reference"),
    "recruitment:reference_decline": _pk("reference"),
    "fellowships:withdraw": _pk("fellowship_application"),
    "fellowships:recommendation": _pk("fellowship_application"),  # the application recommended
    "fellowships:cohort_detail": _pk("cohort"),
    "fellowships:application_detail": _pk("fellowship_application"),
    "fellowships:application_move": _pk("fellowship_application"),
    "fellowships:application_score": _pk("fellowship_application"),
    "fellowships:placements": _pk("cohort"),
    "fellowships:placements_run": _pk("cohort"),
    "fellowships:placements_approve": _pk("cohort"),
    "fellowships:place_by_hand": _pk("cohort"),
    "fellowships:proposal_pin": lambda o: {"pk": 999999},  # no proposal exists: staff get 404 too
    "fellowships:fellow_detail": _pk("fellow"),
    "fellowships:fellow_readiness": _pk("fellow"),
    "fellowships:residency_detail": _pk("residency"),
    "fellowships:hours_new": _pk("residency"),
    "fellowships:hours_sign_off_all": _pk("residency"),
    "fellowships:reflection_new": _pk("residency"),
    "fellowships:hours_edit": _pk("hours"),
    "fellowships:hours_sign_off": _pk("hours"),
    "fellowships:hours_reopen": _pk("hours"),
    "fellowships:milestone_complete": _pk("milestone"),
    "fellowships:milestone_undo": _pk("milestone"),
    "fellowships:milestone_sign_off": _pk("milestone"),
    "fellowships:milestone_reopen": _pk("milestone"),
    "fellowships:public_photo": _pk("fellow"),
    "fellowships:public_cohort": lambda o: {"slug": o["cohort"].slug},
    "fellowships:fellow_profile": _pk("fellow"),
    "fellowships:profile_photo": _pk("fellow"),
    "licensure:pursuit_detail": _pk("pursuit"),
    "licensure:pursuit_status": _pk("pursuit"),
    "licensure:progress_update": lambda o: {"pk": o["pursuit"].pk, "requirement_pk": o["requirement"].pk},
    "licensure:evidence_add": lambda o: {"pk": o["pursuit"].pk, "requirement_pk": o["requirement"].pk},
    "licensure:progress_verify": _pk("progress"),
    "licensure:progress_return": _pk("progress"),
    "licensure:evidence_download": _pk("evidence"),
    "licensure:evidence_remove": _pk("evidence"),
    "licensure:group_detail": _pk("group"),
    "licensure:group_add_member": _pk("group"),
    "licensure:group_remove_member": lambda o: {"pk": o["group"].pk, "person_pk": o["group_member"].pk},
    "licensure:group_schedule_meeting": _pk("group"),
    "licensure:group_schedule_monthly": _pk("group"),
    "licensure:meeting_detail": _pk("meeting"),
    "licensure:meeting_attendance": _pk("meeting"),
    "licensure:meeting_notes": _pk("meeting"),
    "notification_resend": _pk("notification"),
    "password_reset_confirm": lambda o: {"uidb64": "MQ", "token": "set-password"},
}
