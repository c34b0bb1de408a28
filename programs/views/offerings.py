"""TEMPORARY: replaced by the real pages of this area (every function here must go)."""

from django.http import Http404


def offering_list(request, **kwargs):
    raise Http404("not built yet")


def offering_roster(request, **kwargs):
    raise Http404("not built yet")


def roster_export(request, **kwargs):
    raise Http404("not built yet")


def bulk_enroll(request, **kwargs):
    raise Http404("not built yet")
