"""The end of the residency year: readiness, and the road into a leadership role the year after.

decide_readiness   staff record the fellow's readiness with a rationale. A fellow ready to lead a
                   school (or to be an assistant principal) enters the recruitment pool of the next
                   school year's hiring cycle, in "In pool (eligible for hire)": the fellowship's
                   screening, interviews and a year of residency stand in for the pipeline's earlier
                   stages. Placement itself is recruitment's hire (recruitment.services.hiring.hire),
                   so a fellow's role next year is read from that application, never copied here.
"""

from django.db import transaction
from django.utils import timezone

from leaderdev.errors import DomainError
from leaderdev.models import SchoolYear
from recruitment.models import (
    Application,
    Candidate,
    HiringCycle,
    HiringRole,
    Source,
    SourceKind,
    Stage,
    StageChange,
)

from ..models import Fellow, FellowStatus, Readiness

SOURCE_NAME = "Aspiring Principal Fellowship"
ROLE_FOR = {Readiness.READY: HiringRole.PRINCIPAL, Readiness.READY_AS_AP: HiringRole.ASSISTANT_PRINCIPAL}


def next_cycle(fellow: Fellow) -> HiringCycle | None:
    """The hiring cycle of the school year after the fellow's residency, if recruitment has opened one."""
    following = (
        SchoolYear.objects.filter(start_date__gt=fellow.cohort.school_year.start_date)
        .order_by("start_date")
        .first()
    )
    if following is None:
        return None
    return HiringCycle.objects.filter(school_year=following).first()


def decide_readiness(fellow: Fellow, readiness: str, *, rationale: str, user=None) -> Fellow:
    """Record the decision; a ready fellow joins next year's pool (once, whatever is decided again)."""
    rationale = rationale.strip()
    if readiness not in Readiness.values:
        raise DomainError("Choose a readiness decision.")
    if not rationale:
        raise DomainError("Give the rationale for the decision; the fellow will read it.")
    if fellow.status == FellowStatus.WITHDRAWN:
        raise DomainError(f"{fellow.person} withdrew from the fellowship.")
    with transaction.atomic():
        fellow = (
            Fellow.objects.select_for_update()
            .select_related("person", "cohort__school_year")
            .get(pk=fellow.pk)
        )
        fellow.readiness = readiness
        fellow.readiness_rationale = rationale
        fellow.readiness_decided_at = timezone.now()
        fellow.readiness_decided_by = user
        fellow.status = FellowStatus.COMPLETED
        if readiness in ROLE_FOR and fellow.pool_application_id is None:
            fellow.pool_application = _enter_pool(fellow, ROLE_FOR[readiness], user)
        fellow.save()
    return fellow


def _enter_pool(fellow: Fellow, role: str, user) -> Application | None:
    cycle = next_cycle(fellow)
    if cycle is None:
        return None  # recruitment has no cycle for that year yet; staff add them when it opens
    person = fellow.person
    candidate, _ = Candidate.objects.get_or_create(
        person=person,
        defaults={
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "phone": person.phone,
            "current_role": person.get_position_display(),
            "created_by": user,
        },
    )
    source, _ = Source.objects.get_or_create(name=SOURCE_NAME, defaults={"kind": SourceKind.FELLOWSHIP})
    now = timezone.now()
    application, created = Application.objects.get_or_create(
        cycle=cycle,
        candidate=candidate,
        role=role,
        defaults={
            "source": source,
            "stage": Stage.IN_POOL,
            "stage_entered_at": now,
            "school_level": person.school.level if person.school_id else "",
        },
    )
    if created:
        StageChange.objects.create(
            application=application,
            from_stage="",
            to_stage=Stage.IN_POOL,
            reason=f"Completed the {fellow.cohort} residency: {fellow.get_readiness_display().lower()}.",
            changed_by=user,
            changed_at=now,
        )
    return application
