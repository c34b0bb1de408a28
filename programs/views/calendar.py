"""Calendars: "add to calendar" for one session, and each person's personal calendar feed.

The feed is read by calendar apps, which cannot log in: its URL carries a secret token and is the only
key, so it is public and answers 404 for any token that is not a current one. The same URL, POSTed by
its signed-in owner (the portal's "get a new link" button), retires that secret and issues a new one;
anyone else's POST answers 404, exactly like a wrong token.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from competencies.queries.assessments import own_person
from leaderdev.permissions import PORTAL_ROLES, Role, public, role_required

from .. import calendars
from ..queries import portal as queries

# Anyone signed in may ask for a session they may see (the object rules decide which: their own
# offerings' sessions for a leader, the ones they lead for a facilitator, all for program staff).
ANY_ROLE = tuple(Role)


@require_GET
@role_required(*ANY_ROLE)
def session_ics(request, pk):
    """One session as an .ics file (404 for a session the user may not see)."""
    session = queries.calendar_session(request.user, pk)
    return calendars.session_calendar(request, session)


@public
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_feed(request, token):
    """GET: the token's person's sessions (past 60 days and to come). POST: its owner gets a new link."""
    if request.method == "POST":
        return _new_link(request, token)
    feed = calendars.feed_by_token(token)
    if feed is None:
        raise Http404("No such calendar.")
    return calendars.feed_calendar(request, feed.person, queries.feed_sessions(feed.person))


@role_required(*PORTAL_ROLES)
def _new_link(request, token):
    person = own_person(request.user)
    feed = calendars.feed_by_token(token)
    if person is None or feed is None or feed.person_id != person.pk:
        raise Http404("No such calendar.")
    calendars.rotate_feed(person)
    messages.success(
        request,
        "Your calendar has a new link. The old one no longer works: "
        "subscribe again with the new link in every calendar app you used.",
    )
    return redirect(f"{reverse('portal')}#my-calendar")
