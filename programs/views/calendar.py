"""TEMPORARY: replaced by the real pages of this area (every function here must go)."""

from django.http import Http404


def session_ics(request, **kwargs):
    raise Http404("not built yet")


def calendar_feed(request, **kwargs):
    raise Http404("not built yet")
