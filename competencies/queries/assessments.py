"""Read paths of the assessment pages."""

from django.db.models import Prefetch

from leaderdev.models import Person
from leaderdev.permissions import get_visible_or_404, visible_to

from ..models import Assessment, AssessmentKind, FrameworkVersion, Rating

# The framework the Office assesses its leaders on, when more than one framework has an active version.
OFFICE_FRAMEWORK = "Unified Set of BPS Leader Competencies"


def office_version() -> FrameworkVersion | None:
    """The version people are assessed on: the only active version, or the Office framework's one."""
    active = list(FrameworkVersion.objects.active().select_related("framework", "scale"))
    if len(active) == 1:
        return active[0]
    return next((v for v in active if v.framework.name == OFFICE_FRAMEWORK), None)


def own_person(user) -> Person | None:
    """The staff record linked to `user`'s login, if any."""
    return visible_to(user, Person.objects.select_related("school__network")).filter(user=user).first()


def last_self_assessment(person: Person, version: FrameworkVersion) -> Assessment | None:
    """`person`'s most recent self-assessment against `version`, its ratings loaded."""
    return (
        Assessment.objects.filter(person=person, version=version, kind=AssessmentKind.SELF)
        .order_by("-assessed_on", "-created_at")
        .prefetch_related("ratings")
        .first()
    )


def assessment_page(user, pk: int) -> Assessment:
    """One assessment `user` may see, with its ratings in framework order, each with its scale level."""
    assessment = get_visible_or_404(
        user,
        Assessment.objects.select_related(
            "person", "assessor", "version__framework", "version__scale"
        ).prefetch_related(
            Prefetch("ratings", queryset=Rating.objects.select_related("competency__domain")),
            "version__scale__levels",
        ),
        pk=pk,
    )
    levels = {level.value: level for level in assessment.version.scale.levels.all()}
    for rating in assessment.ratings.all():
        rating.scale_level = levels.get(rating.level)
    return assessment
