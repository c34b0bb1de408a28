"""TEMPORARY: replaced by the real pages of this area (every function here must go)."""

from django.http import Http404


def my_plan(request, **kwargs):
    raise Http404("not built yet")


def plan_detail(request, **kwargs):
    raise Http404("not built yet")
