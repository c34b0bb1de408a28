"""Read paths of the school implementation rubric: the schools x systems overview and one school's page.

A school's *current* level on a system, for a school year, is its latest rating for that system and year:
latest by `rated_on`, then by `created_at` (two ratings on one day: the later entry wins). Every rating is
kept as the history.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from leaderdev.models import Network, School, SchoolYear
from leaderdev.permissions import Role, has_role, visible_to

from ..models import ImplementationRating, ImplementationSystem

NEWEST_FIRST = ("-rated_on", "-created_at", "-pk")


def default_school_year() -> SchoolYear | None:
    """The current school year, or the latest one when none is marked current."""
    return SchoolYear.objects.current() or SchoolYear.objects.order_by("-start_date").first()


def active_systems() -> list[ImplementationSystem]:
    return list(ImplementationSystem.objects.filter(is_active=True).order_by("order", "name"))


def current_ratings(school_year: SchoolYear) -> QuerySet:
    """Each school's current rating on each system for `school_year` (one row per school and system)."""
    latest = (
        ImplementationRating.objects.filter(
            school=OuterRef("school"), system=OuterRef("system"), school_year=OuterRef("school_year")
        )
        .order_by(*NEWEST_FIRST)
        .values("pk")[:1]
    )
    return ImplementationRating.objects.filter(school_year=school_year).filter(pk=Subquery(latest))


@dataclass(frozen=True)
class RubricRow:
    school: School
    cells: list[ImplementationRating | None]  # one per system, in the grid's order; None: not rated


@dataclass(frozen=True)
class RubricGrid:
    school_year: SchoolYear
    systems: list[ImplementationSystem]
    page: Page
    rows: list[RubricRow]


def rubric_grid(
    *,
    school_year: SchoolYear,
    network: Network | None = None,
    level: str = "",
    stage: int | None = None,
    page_number=None,
    per_page: int = 50,
) -> RubricGrid:
    """A page of active schools (rows) with their current level on each active system (columns).

    `network` and `level` filter the schools; `stage` keeps the schools with at least one system
    currently at that implementation level. Four queries whatever the number of schools and ratings.
    """
    systems = active_systems()
    schools = School.objects.filter(is_active=True).select_related("network").order_by("name", "pk")
    if network is not None:
        schools = schools.filter(network=network)
    if level:
        schools = schools.filter(level=level)
    if stage is not None:
        at_stage = current_ratings(school_year).filter(level=stage, system__is_active=True)
        schools = schools.filter(pk__in=at_stage.values("school_id"))
    page = Paginator(schools, per_page).get_page(page_number)
    school_ids = [school.pk for school in page]
    current = {
        (rating.school_id, rating.system_id): rating
        for rating in current_ratings(school_year).filter(
            school_id__in=school_ids, system__in=[s.pk for s in systems]
        )
    }
    rows = [
        RubricRow(school=school, cells=[current.get((school.pk, system.pk)) for system in systems])
        for school in page
    ]
    return RubricGrid(school_year=school_year, systems=systems, page=page, rows=rows)


# --- One school --------------------------------------------------------------------------------------


def rubric_school(user, school_id: int) -> School:
    """The school whose rubric `user` may open: any school for program staff, their own school for a
    leader (as competencies.rules lets them see its ratings); 404 otherwise, so nothing leaks."""
    schools = School.objects.select_related("network")
    if not has_role(user, Role.PROGRAM_STAFF):
        if not has_role(user, Role.LEADER):
            schools = schools.none()
        schools = schools.filter(staff__user=user, staff__is_active=True)
    return get_object_or_404(schools, pk=school_id)


@dataclass(frozen=True)
class SystemHistory:
    system: ImplementationSystem
    ratings: list[ImplementationRating]  # newest first

    @property
    def current(self) -> ImplementationRating | None:
        return self.ratings[0] if self.ratings else None

    @property
    def earlier(self) -> list[ImplementationRating]:
        return self.ratings[1:]


def school_histories(user, school: School, school_year: SchoolYear) -> list[SystemHistory]:
    """Each system of the rubric with the school's ratings for `school_year`, newest first (the first is
    the current level). Retired systems appear only when they were rated that year. Two queries."""
    ratings = (
        visible_to(user, ImplementationRating.objects.filter(school=school, school_year=school_year))
        .select_related("rated_by")
        .order_by(*NEWEST_FIRST)
    )
    by_system: dict[int, list[ImplementationRating]] = {}
    for rating in ratings:
        by_system.setdefault(rating.system_id, []).append(rating)
    systems = ImplementationSystem.objects.order_by("order", "name")
    return [
        SystemHistory(system=system, ratings=by_system.get(system.pk, []))
        for system in systems
        if system.is_active or system.pk in by_system
    ]
