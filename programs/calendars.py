"""Calendars: an .ics file for one session, and each person's personal calendar feed (icalendar).

An event is one session: UID ``session-<pk>@<host>`` (stable, so re-importing the file or refreshing the
feed updates the event instead of adding a second one), SUMMARY the session's title, LOCATION where it
is held, DESCRIPTION the program, the session's description and its materials' links, URL the portal.

Times are written in the district's zone (``settings.TIME_ZONE``) as ``DTSTART;TZID=America/New_York:...``
with a VTIMEZONE describing that zone over the calendar's dates, so a calendar shows "9:00 AM" for a 9 AM
session whatever zone it runs in, and clocks changing in between are handled by the calendar app.
DTSTAMP and LAST-MODIFIED are the session's last change, so the same data gives the same file.

The personal feed's secret URL is its only key: ``CalendarFeed`` rows are created the first time the
portal shows the link (``feed_of``) and a person can replace the secret at any time (``rotate_feed``).
"""

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.urls import reverse
from icalendar import Calendar, Event

from leaderdev.models import Person

from .models import CalendarFeed, Session

PRODID = "-//Office of Leadership Development//LeaderDev//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# How often calendar apps should fetch a feed again (a hint; most apps choose for themselves).
FEED_REFRESH = datetime.timedelta(hours=6)


def district_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def calendar_host(request) -> str:
    """The host name events' UIDs end with: the site's, without a port."""
    domain, _port = split_domain_port(request.get_host())
    return domain or "leaderdev"


def session_uid(session: Session, host: str) -> str:
    return f"session-{session.pk}@{host}"


def _description(session: Session) -> str:
    offering = session.offering
    lines = [f"{offering.program.name}{f' · {offering.cohort}' if offering.cohort else ''}"]
    if session.description:
        lines += ["", session.description.strip()]
    materials = list(session.materials.all())
    if materials:
        lines += ["", "Materials:"]
        lines += [f"- {material.title}: {material.url}" for material in materials]
    return "\n".join(lines)


def session_event(session: Session, *, host: str, url: str) -> Event:
    """The VEVENT of one session (the session needs offering__program, school and materials loaded)."""
    zone = district_zone()
    event = Event()
    event.add("uid", session_uid(session, host))
    event.add("dtstamp", session.updated_at)
    event.add("last-modified", session.updated_at)
    event.add("created", session.created_at)
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("summary", session.title)
    if session.where:
        event.add("location", session.where)
    event.add("description", _description(session))
    event.add("url", url)
    return event


def build_calendar(sessions: Iterable[Session], *, host: str, url: str, name: str | None = None) -> Calendar:
    """A VCALENDAR of `sessions`, with the district zone's VTIMEZONE when there is any event."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", FEED_REFRESH)
    first = last = None
    for session in sessions:
        calendar.add_component(session_event(session, host=host, url=url))
        first = min(first or session.starts_at, session.starts_at)
        last = max(last or session.ends_at, session.ends_at)
    if first is not None:
        # Describe the zone from a little before the first event to a year after the last one: enough
        # for every event, without the decades of transitions a default VTIMEZONE would carry.
        zone = district_zone()
        calendar.add_missing_timezones(
            first_date=first.astimezone(zone).date() - datetime.timedelta(days=1),
            last_date=last.astimezone(zone).date() + datetime.timedelta(days=366),
        )
    return calendar


def calendar_response(calendar: Calendar, *, filename: str | None = None) -> HttpResponse:
    """The calendar as text/calendar: an attachment named `filename`, or inline for a feed."""
    response = HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def session_calendar(request, session: Session) -> HttpResponse:
    """One session as an .ics file to add to one's calendar."""
    calendar = build_calendar(
        [session], host=calendar_host(request), url=request.build_absolute_uri(reverse("portal"))
    )
    return calendar_response(calendar, filename=f"session-{session.pk}.ics")


def feed_calendar(request, person: Person, sessions: Iterable[Session]) -> HttpResponse:
    """A person's personal feed: their sessions, named so calendar apps label it."""
    calendar = build_calendar(
        sessions,
        host=calendar_host(request),
        url=request.build_absolute_uri(reverse("portal")),
        name=f"PD sessions · {person.full_name}",
    )
    return calendar_response(calendar)


# --- Feed secrets ---------------------------------------------------------------------------------------


def feed_of(person: Person) -> CalendarFeed:
    """`person`'s calendar feed, created with a new secret the first time it is asked for."""
    feed, _created = CalendarFeed.objects.get_or_create(person=person)
    return feed


def rotate_feed(person: Person) -> CalendarFeed:
    """Give `person`'s feed a new secret (creating the feed if need be); the old URL stops working."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(person=person)
        if not created:
            feed.rotate()
    return feed


def feed_by_token(token: str) -> CalendarFeed | None:
    """The feed whose secret is `token`, of a person still in the district; None for anything else."""
    return CalendarFeed.objects.filter(token=token, person__is_active=True).select_related("person").first()
