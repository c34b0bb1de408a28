"""Who may see what in mentoring and coaching (see leaderdev.permissions for how rules combine).

Program staff run mentoring and coaching and see all of it. A mentor sees their own pool record, their
active mentees of the current school year (a pair of a past year that nobody ended reaches nothing),
those mentees' PD plans and assessments, and the logs of their mentorships; a coach the same for the
leaders they coach. A leader sees their own mentorships, coach assignments and the shared part of their
logs. The private part of a log entry (``private_notes``) is seen only by the mentor or coach of that
pair and by program staff: ``private_notes_visible`` says which entries, and every page and export that
shows log entries reads them through it.

This module also plugs mentors and coaches into the other apps' pluggable rules: who may record a
mentor or coach assessment (competencies.rules.assessor_rule) and who may comment on a plan
(programs.services.plans.plan_commenter_rule).
"""

from django.db.models import Q

from competencies.models import Assessment, AssessmentKind
from competencies.rules import assessor_rule
from leaderdev.models import Person
from leaderdev.permissions import Role, grant_admin, has_role, rule
from programs.models import PDPlan, PlanComment, PlanGoal
from programs.services.plans import plan_commenter_rule

from .models import (
    CoachAssignment,
    LogEntry,
    MatchRound,
    MenteeFeedback,
    MenteeProfile,
    Mentor,
    Mentorship,
    MentorshipStatus,
)


def _program_staff(user):
    return has_role(user, Role.PROGRAM_STAFF)


def mentees_of(user):
    """Person ids of the user's active mentees this school year (a subquery)."""
    return Mentorship.objects.filter(
        mentor__person__user=user, status=MentorshipStatus.ACTIVE, school_year__is_current=True
    ).values("mentee_id")


def coachees_of(user):
    """Person ids of the leaders the user actively coaches this school year (a subquery)."""
    return CoachAssignment.objects.filter(
        coach__user=user, status=MentorshipStatus.ACTIVE, school_year__is_current=True
    ).values("leader_id")


def supported_people(user, field="pk") -> Q:
    """A Q over a model whose `field` is a Person id: the people the user mentors or coaches now."""
    q = Q()
    if has_role(user, Role.MENTOR):
        q |= Q(**{f"{field}__in": mentees_of(user)})
    if has_role(user, Role.COACH):
        q |= Q(**{f"{field}__in": coachees_of(user)})
    return q


def _supported(user, field):
    if not has_role(user, Role.MENTOR, Role.COACH):
        return False
    return supported_people(user, field)


# --- The shared schema and other apps: mentors and coaches reach the people they support ------------


@rule(Person)
def mentors_and_coaches_see_their_people(user):
    return _supported(user, "pk")


@rule(PDPlan)
@rule(Assessment)
def mentors_and_coaches_see_their_peoples_plans_and_assessments(user):
    return _supported(user, "person_id")


@rule(PlanGoal)
@rule(PlanComment)
def mentors_and_coaches_see_their_peoples_plan_parts(user):
    return _supported(user, "plan__person_id")


@plan_commenter_rule
def mentors_and_coaches_comment_on_their_peoples_plans(user):
    return _supported(user, "pk")


@assessor_rule(AssessmentKind.MENTOR)
def mentors_assess_their_mentees(user):
    if not has_role(user, Role.MENTOR):
        return False
    return Q(pk__in=mentees_of(user))


@assessor_rule(AssessmentKind.COACH)
def coaches_assess_their_coachees(user):
    if not has_role(user, Role.COACH):
        return False
    return Q(pk__in=coachees_of(user))


# --- Mentoring's own records --------------------------------------------------------------------------

for _model in (Mentor, MenteeProfile, MatchRound, Mentorship, CoachAssignment, LogEntry, MenteeFeedback):
    rule(_model)(_program_staff)


@rule(Mentor)
def mentors_see_their_own_pool_record(user):
    return Q(person__user=user)


@rule(MenteeProfile)
def mentees_see_their_own_profile(user):
    return Q(person__user=user)


@rule(Mentorship)
def the_pair_sees_its_mentorship(user):
    return Q(mentee__user=user) | Q(mentor__person__user=user)


@rule(CoachAssignment)
def the_pair_sees_its_coaching(user):
    return Q(leader__user=user) | Q(coach__user=user)


@rule(LogEntry)
def the_pair_sees_its_log(user):
    return (
        Q(mentorship__mentee__user=user)
        | Q(mentorship__mentor__person__user=user)
        | Q(coaching__leader__user=user)
        | Q(coaching__coach__user=user)
    )


@rule(MenteeFeedback)
def mentees_see_their_own_feedback(user):
    return Q(mentorship__mentee__user=user)


def private_notes_visible(user) -> Q | bool:
    """Which log entries' private notes `user` may read: True (all), False (none) or a Q over LogEntry."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or _program_staff(user):
        return True
    return Q(mentorship__mentor__person__user=user) | Q(coaching__coach__user=user)


def may_log(user, relationship) -> bool:
    """Whether `user` may add to the log of a mentorship or coaching assignment: its mentor or coach
    while it is active in the current school year, and program staff."""
    if _program_staff(user) or getattr(user, "is_superuser", False):
        return True
    if relationship.status != MentorshipStatus.ACTIVE or not relationship.school_year.is_current:
        return False
    if isinstance(relationship, Mentorship):
        return has_role(user, Role.MENTOR) and relationship.mentor.person.user_id == user.pk
    return has_role(user, Role.COACH) and relationship.coach.user_id == user.pk


for _label in (
    "mentoring.mentor",
    "mentoring.mentorstatuschange",
    "mentoring.menteeprofile",
    "mentoring.mentorpreference",
    "mentoring.conflict",
    "mentoring.matchround",
    "mentoring.matchconstraint",
    "mentoring.matchproposal",
    "mentoring.unmatchedmentee",
    "mentoring.mentorship",
    "mentoring.partnerorganization",
    "mentoring.coach",
    "mentoring.coachassignment",
    "mentoring.logentry",
    "mentoring.menteefeedback",
):
    grant_admin(Role.PROGRAM_STAFF, _label, "add", "change", "delete", "view")
