"""The public "Meet our fellows" page: only fellows who opted in, only the fields they chose.

Nothing here goes through the permission rules, because nobody is signed in; instead this module is the
only read path the public page has, and it returns plain ``PublicFellow`` values holding exactly what
each fellow published. Templates never see a Fellow or Person object, so a later template change cannot
print an e-mail or an application essay by accident.

The fellow's own profile settings (at the end) are a signed-in page and do go through the rules.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse

from leaderdev.permissions import get_visible_or_404

from ..models import Cohort, Fellow, FellowStatus


@dataclass(frozen=True)
class PublicFellow:
    name: str
    photo_url: str | None
    school: str | None
    bio: str | None

    @property
    def initials(self) -> str:
        """For the card of a fellow who shows no photo."""
        return "".join(part[0] for part in self.name.split()[:2] if part).upper()


def public_cohorts():
    """Cohorts whose page is published, newest first, each with ``fellows_shown``: how many appear on it."""
    shown = Q(fellows__public_opt_in=True) & ~Q(fellows__status=FellowStatus.WITHDRAWN)
    return (
        Cohort.objects.filter(is_public=True)
        .annotate(fellows_shown=Count("fellows", filter=shown))
        .order_by("-residency_starts_on")
    )


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
        _card(
            first_name=row["person__first_name"],
            last_name=row["person__last_name"],
            photo_url=reverse("fellowships:public_photo", args=[row["pk"]])
            if row["show_photo"] and row["photo"]
            else None,
            school=row["person__school__name"] if row["show_school"] else None,
            bio=row["bio"] if row["show_bio"] else None,
        )
        for row in rows
    ]


def _card(*, first_name, last_name, photo_url, school, bio) -> PublicFellow:
    return PublicFellow(
        name=f"{first_name} {last_name}", photo_url=photo_url, school=school or None, bio=bio or None
    )


def preview_card(fellow: Fellow, *, photo_url: str) -> PublicFellow | None:
    """What the public page shows of `fellow` by their saved choices (None: they do not appear), for the
    fellow's own preview. `photo_url` is where the fellow may see their own photo before it is public."""
    if not fellow.is_public:
        return None
    person = fellow.person
    return _card(
        first_name=person.first_name,
        last_name=person.last_name,
        photo_url=photo_url if fellow.show_photo and fellow.photo else None,
        school=person.school.name if fellow.show_school and person.school else None,
        bio=fellow.bio if fellow.show_bio else None,
    )


def public_photo_fellow(pk: int) -> Fellow | None:
    """The fellow whose photo may be shown publicly, or None (opted out, no photo, page unpublished)."""
    return (
        Fellow.objects.filter(pk=pk, public_opt_in=True, show_photo=True, cohort__is_public=True)
        .exclude(status=FellowStatus.WITHDRAWN)
        .exclude(photo="")
        .first()
    )


# --- The fellow's own profile settings ---------------------------------------------------------------


def _fellows():
    return Fellow.objects.select_related("person__school", "cohort")


def own_fellow(user) -> Fellow | None:
    """The signed-in person's fellowship whose profile they edit: their latest, unless withdrawn."""
    return (
        _fellows()
        .filter(person__user=user)
        .exclude(status=FellowStatus.WITHDRAWN)
        .order_by("-cohort__residency_starts_on")
        .first()
    )


def fellow_for(user, pk: int) -> Fellow:
    """A fellow `user` may see (themself, their host, staff), or 404; editing asks may_edit_profile."""
    return get_visible_or_404(user, _fellows(), pk=pk)
