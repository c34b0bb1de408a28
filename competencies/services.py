"""Write workflows of competencies: versions, assessments, implementation ratings."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from leaderdev.errors import DomainError
from leaderdev.models import Person, School, SchoolYear

from .models import (
    VERSION_TRANSITIONS,
    Assessment,
    Competency,
    Domain,
    Framework,
    FrameworkVersion,
    ImplementationLevel,
    ImplementationRating,
    ImplementationSystem,
    Rating,
    VersionStatus,
)


def draft_next_version(source: FrameworkVersion, label: str) -> FrameworkVersion:
    """Start the next version of a framework as a draft copy of `source` (its domains and competencies).

    The copy is what staff edit; `source` and every assessment made against it stay as they are. Each
    copied competency remembers where it came from, so the diff page can follow renumbered ones.
    """
    label = label.strip()
    if not label:
        raise DomainError("Give the new version a label, for example “5”.")
    with transaction.atomic():
        Framework.objects.select_for_update().get(pk=source.framework_id)
        if FrameworkVersion.objects.filter(framework_id=source.framework_id, label=label).exists():
            raise DomainError(f"{source.framework} already has a version “{label}”.")
        draft = FrameworkVersion.objects.create(
            framework_id=source.framework_id,
            label=label,
            status=VersionStatus.DRAFT,
            description=source.description,
            scale_id=source.scale_id,
            based_on=source,
        )
        old_domains = list(source.domains.order_by("number"))
        new_domains = Domain.objects.bulk_create(
            Domain(version=draft, number=d.number, title=d.title, description=d.description)
            for d in old_domains
        )
        new_domain_by_old_id = {old.pk: new for old, new in zip(old_domains, new_domains, strict=True)}
        Competency.objects.bulk_create(
            Competency(
                domain=new_domain_by_old_id[c.domain_id],
                number=c.number,
                statement=c.statement,
                copied_from=c,
            )
            for c in Competency.objects.filter(domain__version=source).order_by("domain__number", "number")
        )
    return draft


def publish(version: FrameworkVersion, on: datetime.date | None = None) -> FrameworkVersion:
    """Make a draft the active version of its framework; the version active until now is retired."""
    on = on or timezone.localdate()
    with transaction.atomic():
        Framework.objects.select_for_update().get(pk=version.framework_id)
        version = FrameworkVersion.objects.get(pk=version.pk)
        if VersionStatus.ACTIVE not in VERSION_TRANSITIONS[VersionStatus(version.status)]:
            raise DomainError(
                f"Only a draft can be published; {version} is {version.get_status_display().lower()}."
            )
        if not Competency.objects.filter(domain__version=version).exists():
            raise DomainError(f"{version} has no competencies yet; add them before publishing.")
        FrameworkVersion.objects.filter(
            framework_id=version.framework_id, status=VersionStatus.ACTIVE
        ).update(status=VersionStatus.RETIRED, retired_on=on, updated_at=timezone.now())
        version.status = VersionStatus.ACTIVE
        version.published_on = on
        version.save(update_fields=["status", "published_on", "updated_at"])
    return version


@dataclass(frozen=True)
class RatingInput:
    level: int
    evidence: str = ""


def record_assessment(
    *,
    person: Person,
    version: FrameworkVersion,
    kind: str,
    assessor,
    ratings: Mapping[int, RatingInput],
    assessed_on: datetime.date | None = None,
    notes: str = "",
) -> Assessment:
    """Record one assessment of `person` against `version`, with a rating per competency id.

    Who may assess whom is the caller's question (competencies.rules.can_assess); this checks what the
    framework demands: an active version, competencies of that version, levels on its scale.
    """
    if version.status != VersionStatus.ACTIVE:
        raise DomainError(
            f"Assessments use the active version; {version} is {version.get_status_display().lower()}."
        )
    if not ratings:
        raise DomainError("Rate at least one competency.")
    valid_levels = set(version.scale.levels.values_list("value", flat=True))
    competency_ids = set(Competency.objects.filter(domain__version=version).values_list("pk", flat=True))
    foreign = set(ratings) - competency_ids
    if foreign:
        raise DomainError("Some ratings are for competencies of another framework version.")
    off_scale = sorted({r.level for r in ratings.values()} - valid_levels)
    if off_scale:
        raise DomainError(
            f"Ratings must be one of {', '.join(map(str, sorted(valid_levels)))} on {version.scale}; "
            f"got {', '.join(map(str, off_scale))}."
        )
    with transaction.atomic():
        assessment = Assessment.objects.create(
            person=person,
            version=version,
            kind=kind,
            assessor=assessor,
            assessed_on=assessed_on or timezone.localdate(),
            notes=notes,
        )
        Rating.objects.bulk_create(
            Rating(assessment=assessment, competency_id=cid, level=r.level, evidence=r.evidence.strip())
            for cid, r in ratings.items()
        )
    return assessment


def rate_implementation(
    *,
    school: School,
    school_year: SchoolYear,
    system: ImplementationSystem,
    level: int,
    rated_by,
    notes: str = "",
    rated_on: datetime.date | None = None,
) -> ImplementationRating:
    """Add a school's rating on one system for a school year; earlier ratings stay as its history."""
    if level not in ImplementationLevel.values:
        raise DomainError("Choose one of the four implementation levels.")
    if not system.is_active:
        raise DomainError(f"“{system}” is no longer part of the implementation framework.")
    return ImplementationRating.objects.create(
        school=school,
        school_year=school_year,
        system=system,
        level=level,
        notes=notes.strip(),
        rated_by=rated_by,
        rated_on=rated_on or timezone.localdate(),
    )
