"""Who may see what in programs (see leaderdev.permissions for how rules combine).

Program staff see everything. A leader sees their own enrollments, attendance, feedback and plan, and the
sessions of the offerings they take part in. A facilitator with a login sees the sessions they lead and
their attendance, which is how they take attendance. Mentors and coaches gain their mentees' plans when
the mentoring app registers its rules.
"""

from django.db.models import Exists, OuterRef, Q

from leaderdev.permissions import Role, grant_admin, has_role, rule

from .models import (
    Attendance,
    Enrollment,
    Offering,
    PDPlan,
    PlanComment,
    PlanGoal,
    Program,
    ProgramKind,
    Session,
    SessionFeedback,
)


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
):
    grant_admin(Role.PROGRAM_STAFF, _label, "add", "change", "delete", "view")
