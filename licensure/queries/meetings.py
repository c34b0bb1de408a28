"""Read paths of the monthly support groups and meetings."""

from django.utils import timezone

from ..models import SupportMeeting


def next_meeting(person, now=None) -> SupportMeeting | None:
    """The next meeting of any current-year group `person` belongs to (one query), or None."""
    now = now or timezone.now()
    return (
        SupportMeeting.objects.filter(
            group__memberships__person=person, group__school_year__is_current=True, ends_at__gte=now
        )
        .select_related("group")
        .order_by("starts_at")
        .first()
    )
