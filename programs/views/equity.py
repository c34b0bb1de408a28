"""TEMPORARY: replaced by the real pages of this area (every function here must go)."""

from django.http import Http404


def equity_compliance(request, **kwargs):
    raise Http404("not built yet")


def equity_export(request, **kwargs):
    raise Http404("not built yet")
