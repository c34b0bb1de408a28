"""Who may see what in programs (see leaderdev.permissions for how rules combine).

Program staff see everything. A leader sees their own enrollments, attendance, feedback and plan, and the
sessions of the offerings they take part in. A facilitator with a login sees the sessions they lead and
their attendance, which is how they take attendance. Mentors and coaches gain their mentees' plans when
the mentoring app registers its rules.
"""

from django.db.models import Exists, OuterRef, Q

from leaderdev.models import SCHOOL_LEADER_POSITIONS, NetworkSupportMember, Person, Position, School
from leaderdev.permissions import Role, grant_admin, has_role, rule

from .models import (
    ActionStep,
    Attendance,
    CallToActionPlan,
    CheckIn,
    CoachingKind,
    CoachingSession,
    Enrollment,
    GoalAction,
    GoalTarget,
    Initiative,
    MonitoringNote,
    Offering,
    PDPlan,
    PlanComment,
    PlanGoal,
    Program,
    ProgramKind,
    SchoolTeam,
    Session,
    SessionFeedback,
    Spotlight,
    StrategicGoal,
    TeamMembership,
    TeamRole,
)

SCHOOL_HEADS = (Position.PRINCIPAL, Position.HEAD_OF_SCHOOL)


def _program_staff(user):
    return has_role(user, Role.PROGRAM_STAFF)


for _model in (Offering, Session, Enrollment, Attendance, SessionFeedback, PDPlan, PlanGoal, PlanComment):
    rule(_model)(_program_staff)


@rule(Program)
@rule(ProgramKind)
def the_catalogue_is_open_to_signed_in_users(user):
    return True


@rule(Offering)
def people_see_offerings_they_are_in(user):
    return Q(Exists(Enrollment.objects.filter(offering=OuterRef("pk"), person__user=user)))


@rule(Session)
def people_see_sessions_of_their_offerings(user):
    return Q(Exists(Enrollment.objects.filter(offering=OuterRef("offering"), person__user=user)))


@rule(Session)
def facilitators_see_the_sessions_they_lead(user):
    return Q(
        Exists(
            Session.facilitators.through.objects.filter(
                session=OuterRef("pk"), facilitator__person__user=user
            )
        )
    )


@rule(Attendance)
def facilitators_see_attendance_of_their_sessions(user):
    return Q(
        Exists(
            Session.facilitators.through.objects.filter(
                session=OuterRef("session"), facilitator__person__user=user
            )
        )
    )


@rule(Enrollment)
@rule(Attendance)
@rule(SessionFeedback)
@rule(PDPlan)
def people_see_their_own_records(user):
    return Q(person__user=user)


@rule(PlanGoal)
@rule(PlanComment)
def people_see_their_own_plans_parts(user):
    return Q(plan__person__user=user)


def can_take_attendance(user, session: Session) -> bool:
    """Program staff, and the facilitators of the session who have a login."""
    if _program_staff(user):
        return True
    if not user.is_authenticated:
        return False
    return session.facilitators.filter(person__user=user).exists()


for _label in (
    "programs.programkind",
    "programs.program",
    "programs.facilitator",
    "programs.offering",
    "programs.enrollment",
    "programs.session",
    "programs.sessionmaterial",
    "programs.attendance",
    "programs.sessionfeedback",
    "programs.pdplan",
    "programs.plangoal",
    "programs.plancomment",
    "programs.calendarfeed",
    "programs.schoolteam",
    "programs.teammembership",
    "programs.initiative",
    "programs.actionstep",
    "programs.monitoringnote",
    "programs.calltoactionplan",
    "programs.strategicgoal",
    "programs.goaltarget",
    "programs.goalaction",
    "programs.checkin",
    "programs.coachingsession",
    "programs.spotlight",
):
    grant_admin(Role.PROGRAM_STAFF, _label, "add", "change", "delete", "view")


# Program staff run the session series and the year's blackouts; the licensure team schedules its
# support groups around the blackouts, so it sees them.
for _label in ("programs.sessionseries", "programs.serieshost", "programs.blackoutdate"):
    grant_admin(Role.PROGRAM_STAFF, _label, "add", "change", "delete", "view")
grant_admin(Role.LICENSURE_TEAM, "programs.blackoutdate", "view")


# --- School teams --------------------------------------------------------------------------------------
# A school's teams, initiative and Call-to-Action plan are visible to: program staff (every school); the
# network staff on the support team of the school's network; the people on one of the school's teams
# today; and the school's own leaders (principal, head of school, APs, admin team). Not to other schools'
# leaders. Individual coaching is narrower: the participant, the coach, program and network staff.
# Spotlights showcase a school's practice to everyone, so every signed-in user sees them.


def _network_staff_of(user, school_path: str) -> Q:
    network = OuterRef(f"{school_path}__network" if school_path else "network")
    return Q(Exists(NetworkSupportMember.objects.filter(network=network, person__user=user)))


def school_team_scope(user, school_path: str) -> Q:
    """Rows of a school (reached by `school_path`: "school", "team__school"; "" for School itself) whose
    teams the user may see: its network's staff, its current team members and its own leaders."""
    school = OuterRef(school_path or "pk")
    return (
        _network_staff_of(user, school_path)
        | Q(Exists(TeamMembership.objects.current().filter(team__school=school, person__user=user)))
        | Q(
            Exists(
                Person.objects.filter(
                    user=user, school=school, position__in=SCHOOL_LEADER_POSITIONS, is_active=True
                )
            )
        )
    )


_SCHOOL_OF = {
    SchoolTeam: "school",
    TeamMembership: "team__school",
    Initiative: "team__school",
    ActionStep: "initiative__team__school",
    MonitoringNote: "initiative__team__school",
    CallToActionPlan: "school",
    StrategicGoal: "plan__school",
    GoalTarget: "goal__plan__school",
    GoalAction: "goal__plan__school",
    CheckIn: "target__goal__plan__school",
}
for _model, _path in _SCHOOL_OF.items():
    rule(_model)(_program_staff)
    rule(_model)(lambda user, _path=_path: school_team_scope(user, _path))
rule(CoachingSession)(_program_staff)


@rule(CoachingSession)
def team_coaching_is_the_teams_individual_coaching_is_private(user):
    # Team coaching is the school team's business; individual coaching only its participant's and coach's
    # (and the network staff who support the school).
    participant = CoachingSession.participants.through.objects.filter(
        coachingsession=OuterRef("pk"), person__user=user
    )
    return (
        _network_staff_of(user, "team__school")
        | (Q(kind=CoachingKind.TEAM) & school_team_scope(user, "team__school"))
        | Q(Exists(participant))
        | Q(coach__person__user=user)
    )


@rule(Spotlight)
def spotlights_are_for_everyone(user):
    # A spotlight exists to show a school's practice to other schools.
    return True


def may_manage_team(user, school) -> bool:
    """Who may change members, the initiative and the plan itself: program staff, the network's staff, the
    school's principal or head of school, and the leads of its teams."""
    if _program_staff(user):
        return True
    if not user.is_authenticated:
        return False
    if NetworkSupportMember.objects.filter(network_id=school.network_id, person__user=user).exists():
        return True
    if Person.objects.filter(user=user, school=school, position__in=SCHOOL_HEADS, is_active=True).exists():
        return True
    return (
        TeamMembership.objects.current()
        .filter(team__school=school, person__user=user, role=TeamRole.LEAD)
        .exists()
    )


def may_coach(user, school) -> bool:
    """Who may log coaching sessions: program staff and the network's staff."""
    if _program_staff(user):
        return True
    if not user.is_authenticated:
        return False
    return NetworkSupportMember.objects.filter(network_id=school.network_id, person__user=user).exists()


def may_contribute(user, school) -> bool:
    """Who may update step statuses, record check-ins and write monitoring notes: whoever sees the team.

    That is program staff, the network's staff, the school's leaders and everyone on one of its teams.
    """
    if _program_staff(user):
        return True
    if not user.is_authenticated:
        return False
    return School.objects.filter(pk=school.pk).filter(school_team_scope(user, "")).exists()
