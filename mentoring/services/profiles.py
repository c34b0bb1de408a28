"""Write workflow of a mentee's wishes: what they want to grow, languages, and mentors they would like.

save_profile   create or replace a new leader's profile for a school year, in one transaction

Only the people a round would match may say what they want (a new leader of the year without an active
mentor yet): once matched, the wishes have done their work and stay as they were.
"""

from django.db import transaction

from leaderdev.errors import DomainError

from ..models import Language, MenteeProfile, MentorPreference, MentorStatus

MAX_NEEDS = 5
MAX_PREFERENCES = 3


def save_profile(person, school_year, *, needs, languages, preferred_mentors, notes="") -> MenteeProfile:
    """Save `person`'s mentoring wishes for `school_year`; `preferred_mentors` in order of preference.

    Refused when the person is not a new leader without a mentor this year, with more than
    MAX_NEEDS needs or MAX_PREFERENCES mentors, the same mentor twice, a mentor outside the year's
    selected pool, or themselves.
    """
    from .matching import eligible_mentees

    if not eligible_mentees(school_year).filter(pk=person.pk).exists():
        raise DomainError(
            "Mentoring wishes are for first- and second-year school leaders who do not have a mentor yet."
        )
    needs = list(needs)
    if len(needs) > MAX_NEEDS:
        raise DomainError(f"Choose at most {MAX_NEEDS} competencies to grow, the ones that matter most.")
    if any(code not in Language.values for code in languages):
        raise DomainError("Choose languages from the list.")
    mentors = [mentor for mentor in preferred_mentors if mentor is not None]
    if len(mentors) > MAX_PREFERENCES:
        raise DomainError(f"Choose at most {MAX_PREFERENCES} mentors.")
    if len({mentor.pk for mentor in mentors}) != len(mentors):
        raise DomainError("Choose each mentor only once.")
    for mentor in mentors:
        if mentor.school_year_id != school_year.pk or mentor.status != MentorStatus.SELECTED:
            raise DomainError(f"{mentor.person} is not in this year's mentor pool.")
        if mentor.person_id == person.pk:
            raise DomainError("You cannot choose yourself as a mentor.")

    with transaction.atomic():
        profile, _ = MenteeProfile.objects.update_or_create(
            person=person,
            school_year=school_year,
            defaults={"languages": sorted(set(languages)), "notes": notes},
        )
        profile.needs.set(needs)
        profile.preferences.all().delete()
        MentorPreference.objects.bulk_create(
            [
                MentorPreference(profile=profile, mentor=mentor, rank=rank)
                for rank, mentor in enumerate(mentors, 1)
            ]
        )
    return profile
