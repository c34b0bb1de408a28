"""TEMPORARY: replaced by the real pages of this area (every function here must go)."""

from django.http import Http404


def my_growth(request, **kwargs):
    raise Http404("not built yet")


def person_growth(request, **kwargs):
    raise Http404("not built yet")


def school_distribution(request, **kwargs):
    raise Http404("not built yet")
