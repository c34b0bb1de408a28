"""TEMPORARY: replaced by the real pages of this area (every function here must go)."""

from django.http import Http404


def self_assessment(request, **kwargs):
    raise Http404("not built yet")


def assess_person(request, **kwargs):
    raise Http404("not built yet")


def assessment_detail(request, **kwargs):
    raise Http404("not built yet")
