"""TEMPORARY: replaced by the real pages of this area (every function here must go)."""

from django.http import Http404


def attendance_grid(request, **kwargs):
    raise Http404("not built yet")


def attendance_export(request, **kwargs):
    raise Http404("not built yet")


def sign_in(request, **kwargs):
    raise Http404("not built yet")


def sign_in_sheet(request, **kwargs):
    raise Http404("not built yet")


def sign_in_export(request, **kwargs):
    raise Http404("not built yet")


def session_feedback(request, **kwargs):
    raise Http404("not built yet")


def offering_feedback(request, **kwargs):
    raise Http404("not built yet")
