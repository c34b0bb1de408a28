"""TEMPORARY: replaced by the real pages of this area (every function here must go)."""

from django.http import Http404


def framework_list(request, **kwargs):
    raise Http404("not built yet")


def version_detail(request, **kwargs):
    raise Http404("not built yet")


def version_diff(request, **kwargs):
    raise Http404("not built yet")
