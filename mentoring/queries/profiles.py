"""Read paths of the mentee's wishes page."""

from django.db.models import Prefetch

from competencies.models import Competency

from ..models import MenteeProfile, Mentor, MentorPreference, Mentorship, MentorshipStatus, MentorStatus


def choosable_mentors(person, school_year):
    """The year's selected mentors a mentee may ask for: not themselves, not at their school."""
    mentors = Mentor.objects.filter(school_year=school_year, status=MentorStatus.SELECTED).select_related(
        "person__school"
    )
    mentors = mentors.exclude(person=person)
    if person.school_id:
        mentors = mentors.exclude(person__school_id=person.school_id)
    return mentors.order_by("person__last_name", "person__first_name")


def profile_of(person, school_year) -> MenteeProfile | None:
    return (
        MenteeProfile.objects.filter(person=person, school_year=school_year)
        .prefetch_related(
            Prefetch("needs", queryset=Competency.objects.select_related("domain")),
            Prefetch(
                "preferences", queryset=MentorPreference.objects.select_related("mentor__person__school")
            ),
        )
        .first()
    )


def active_mentorship(person, school_year) -> Mentorship | None:
    return (
        Mentorship.objects.filter(mentee=person, school_year=school_year, status=MentorshipStatus.ACTIVE)
        .select_related("mentor__person__school")
        .first()
    )
