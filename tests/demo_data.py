"""Helpers for tests that seed the demo district more than once."""

from django.apps import apps

from leaderdev.models import Network, Person, School, SchoolYear, User


def flush():
    """Delete everything seed_demo makes, so a test can seed again from nothing."""
    # Later apps' demo rows point at people and schools; clear them first (they are re-seeded too).
    from competencies.models import Assessment, ImplementationRating
    from fellowships.models import Cohort, Fellow, FellowshipApplication, Host
    from leaderdev.models import NetworkSupportMember
    from licensure.models import LicensePursuit, SupportGroup
    from mentoring.models import (
        Coach,
        CoachAssignment,
        Conflict,
        MatchRound,
        MenteeProfile,
        Mentor,
        Mentorship,
        PartnerOrganization,
    )
    from programs.models import (
        CallToActionPlan,
        CoachingSession,
        Facilitator,
        Offering,
        PDPlan,
        SchoolTeam,
        Spotlight,
    )
    from recruitment.models import Application, Candidate, HiringCycle, Source

    # School teams first: coaching PROTECTs its coach (a facilitator), memberships, steps and plan actions
    # PROTECT people, initiatives and plans their school year. A team cascades its memberships, initiative
    # (steps, notes) and coaching; a plan its goals, targets, actions and check-ins.
    CoachingSession.objects.all().delete()
    Spotlight.objects.all().delete()
    SchoolTeam.objects.all().delete()
    CallToActionPlan.objects.all().delete()
    NetworkSupportMember.objects.all().delete()
    # Fellows, hosts and applications PROTECT people, and fellows their applications: fellows go first
    # (cascading residencies with their milestones, hours and reflections, host preferences and proposals),
    # then hosts, applications (their history and recommendations) and cohorts (their milestones). A
    # fellow's pool application is SET_NULL, so recruitment's applications may go before or after.
    Fellow.objects.all().delete()
    Host.objects.all().delete()
    FellowshipApplication.objects.all().delete()
    Cohort.objects.all().delete()
    # Pursuits PROTECT people and cascade their progress and evidence (links only, no files); groups
    # cascade memberships, meetings and attendance. License types and their requirements stay: they are
    # the licensure data migration's rows, like the competency framework.
    LicensePursuit.objects.all().delete()
    SupportGroup.objects.all().delete()
    # Applications PROTECT their candidates, sources and cycles; they cascade their moves, interviews
    # (with scorecards) and reference checks. Cycles cascade their openings; sources protect fellows.
    Application.objects.all().delete()
    Candidate.objects.all().delete()
    Source.objects.all().delete()
    HiringCycle.objects.all().delete()
    Assessment.objects.all().delete()
    ImplementationRating.objects.all().delete()
    Offering.objects.all().delete()  # cascades enrollments, sessions, attendance, feedback, materials
    PDPlan.objects.all().delete()  # cascades goals and comments
    Facilitator.objects.all().delete()
    Mentorship.objects.all().delete()  # cascades their logs and feedback
    CoachAssignment.objects.all().delete()  # cascades their logs
    MatchRound.objects.all().delete()  # cascades proposals, the unmatched, pins and forbids
    MenteeProfile.objects.all().delete()  # cascades preferences
    Mentor.objects.all().delete()  # cascades status history
    Conflict.objects.all().delete()
    Coach.objects.all().delete()
    PartnerOrganization.objects.all().delete()
    Person.objects.all().delete()
    School.objects.all().delete()
    Network.objects.all().delete()
    SchoolYear.objects.all().delete()
    User.objects.all().delete()
    # The audit history of every row above, and of their deletion just now (django-simple-history).
    for model in apps.get_models():
        if model.__name__.startswith("Historical") and hasattr(model, "history_date"):
            model.objects.all().delete()


def row_counts() -> dict[str, int]:
    """Every model's row count: what a test that commits data compares before and after it."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}
