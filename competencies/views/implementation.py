"""TEMPORARY: replaced by the real pages of this area (every function here must go)."""

from django.http import Http404


def overview(request, **kwargs):
    raise Http404("not built yet")


def school_rubric(request, **kwargs):
    raise Http404("not built yet")
