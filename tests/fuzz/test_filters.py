"""Every FilterSet of the project, given junk for its declared filters, filters Postgres without crashing.

Junk may make the filter form invalid (the page then shows the error, or ignores that filter); it must
never raise while the queryset is evaluated.
"""

import importlib
import pkgutil

import django_filters
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import NASTY, filter_params, rebind

APPS = ("leaderdev", "programs", "mentoring", "recruitment", "fellowships", "licensure", "competencies")
SKIPPED_MODULES = (".migrations", ".management", ".bench", ".tests", ".celery", ".wsgi", ".settings")


def _import_project_modules():
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if not any(part in module.name for part in SKIPPED_MODULES):
                importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def project_filtersets():
    _import_project_modules()
    # Private bases (a leading underscore) are fuzzed through their public subclasses.
    found = {
        sub
        for sub in _subclasses(django_filters.FilterSet)
        if sub.__module__.split(".")[0] in APPS and not sub.__name__.startswith("_")
    }
    return sorted(found, key=lambda sub: f"{sub.__module__}.{sub.__qualname__}")


FILTERSETS = project_filtersets()


def test_it_finds_the_projects_filtersets():
    names = {f"{sub.__module__}.{sub.__name__}" for sub in FILTERSETS}
    assert "leaderdev.filters.PersonFilter" in names
    assert "recruitment.filters.BoardFilter" in names
    assert len(FILTERSETS) >= 15


def _build(sweep, filterset_class, data):
    """The FilterSet bound to `data`, built as a page builds it (its queryset, offering, request...).

    A FilterSet no page reached is built over its model's whole table."""
    built = sweep.filtersets.get(filterset_class)
    if built is not None:
        return rebind(built, data)
    return filterset_class(data, queryset=filterset_class._meta.model._default_manager.all())


def _evaluate(sweep, filterset_class, data):
    filterset = _build(sweep, filterset_class, data)
    filterset.form.is_valid()  # errors are fine; the queryset must still evaluate
    list(filterset.qs[:20])
    return filterset


def _filter_params(sweep, filterset_class):
    return filter_params(_build(sweep, filterset_class, None))


@pytest.mark.django_db
@pytest.mark.parametrize("filterset_class", FILTERSETS, ids=lambda sub: f"{sub.__module__}.{sub.__name__}")
def test_known_nasty_values_never_crash(sweep, filterset_class):
    params = _filter_params(sweep, filterset_class)
    assert params, f"{filterset_class.__name__} declares no filters"
    for value in NASTY:
        _evaluate(sweep, filterset_class, dict.fromkeys(params, value))
    # The same value repeated, as ?a=1&a=2 gives it.
    from django.http import QueryDict

    repeated = QueryDict(mutable=True)
    for name in params:
        repeated.setlist(name, ["1", "abc", "\x00"])
    _evaluate(sweep, filterset_class, repeated)


junk = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.dates().map(str),
    st.sampled_from(NASTY),
)


@pytest.mark.django_db
@pytest.mark.parametrize("filterset_class", FILTERSETS, ids=lambda sub: f"{sub.__module__}.{sub.__name__}")
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_values_never_crash(sweep, filterset_class, data):
    params = _filter_params(sweep, filterset_class)
    chosen = data.draw(st.lists(st.sampled_from(params), min_size=1, unique=True), label="params")
    values = {name: data.draw(junk, label=name) for name in chosen}
    _evaluate(sweep, filterset_class, values)


@pytest.mark.django_db
def test_a_nul_byte_in_a_search_is_a_form_error_not_a_crash(sweep):
    """A NUL byte cannot reach Postgres (which refuses it in a string): the form reports it instead."""
    from leaderdev.filters import PersonFilter

    filterset = _evaluate(sweep, PersonFilter, {"q": "a\x00b"})
    assert "q" in filterset.form.errors


@pytest.mark.django_db
def test_every_page_filterset_is_fuzzed_over_its_pages_queryset(sweep):
    """The sweep saw the list pages build their FilterSets, so the fuzz runs on the queries pages run."""
    reached = {f"{cls.__module__}.{cls.__name__}" for cls in sweep.filtersets}
    assert "leaderdev.filters.PersonFilter" in reached
    assert "licensure.filters.BoardFilter" in reached
    assert sweep.page_filters["people"]
