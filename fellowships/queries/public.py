"""The public "Meet our fellows" page: only fellows who opted in, only the fields they chose.

Nothing here goes through the permission rules, because nobody is signed in; instead this module is the
only read path the public page has, and it returns plain ``PublicFellow`` values holding exactly what
each fellow published. Templates never see a Fellow or Person object, so a later template change cannot
print an e-mail or an application essay by accident.
"""

from dataclasses import dataclass

from django.urls import reverse

from ..models import Cohort, Fellow, FellowStatus


@dataclass(frozen=True)
class PublicFellow:
    name: str
    photo_url: str | None
    school: str | None
    bio: str | None


def public_cohorts():
    """Cohorts whose page is published, newest first."""
    return Cohort.objects.filter(is_public=True).order_by("-residency_starts_on")


def public_fellows(cohort: Cohort) -> list[PublicFellow]:
    """The opted-in fellows of a published cohort, by last name, with only the fields they chose."""
    if not cohort.is_public:
        return []
    rows = (
        Fellow.objects.filter(cohort=cohort, public_opt_in=True)
        .exclude(status=FellowStatus.WITHDRAWN)
        .order_by("person__last_name", "person__first_name", "pk")
        .values(
            "pk",
            "person__first_name",
            "person__last_name",
            "show_photo",
            "photo",
            "show_school",
            "person__school__name",
            "show_bio",
            "bio",
        )
    )
    return [
        PublicFellow(
            name=f"{row['person__first_name']} {row['person__last_name']}",
            photo_url=reverse("fellowships:public_photo", args=[row["pk"]])
            if row["show_photo"] and row["photo"]
            else None,
            school=row["person__school__name"] if row["show_school"] else None,
            bio=row["bio"] if row["show_bio"] and row["bio"] else None,
        )
        for row in rows
    ]


def public_photo_fellow(pk: int) -> Fellow | None:
    """The fellow whose photo may be shown publicly, or None (opted out, no photo, page unpublished)."""
    return (
        Fellow.objects.filter(pk=pk, public_opt_in=True, show_photo=True, cohort__is_public=True)
        .exclude(status=FellowStatus.WITHDRAWN)
        .exclude(photo="")
        .first()
    )
