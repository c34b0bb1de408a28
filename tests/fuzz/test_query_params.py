"""Malformed query parameters on every GET page never give a 500.

Every page the seeded world can address is requested as the superuser and as the first demo login of its
own role that may see it, with junk in every parameter its FilterSets read and in the parameters pages
commonly read (page, sort, order, o, format, q...): the page answers with the filter form's errors, ignores
the junk, or refuses it with a 4xx, never a crash.
"""

import pytest
from django.http import QueryDict
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import LOGINS, NASTY

pytestmark = pytest.mark.django_db

COMMON_PARAMS = ["page", "sort", "order", "o", "format", "q", "kind", "year", "weeks", "status", "stage"]
# The values every page (with or without a FilterSet) gets; FilterSet pages get every NASTY value.
FEW = ["\x00", "x" * 5000, str(2**70), "-1", "abc", "2026-13-45", "🙂"]


class Pages:
    """The GET pages, the login of each that may see it besides the superuser, and their parameters."""

    def __init__(self, sweep, django_db_blocker):
        from leaderdev.models import User

        self.users = {}
        self.readers: dict[str, list[str]] = {}
        clients = {}
        with django_db_blocker.unblock():
            for email in LOGINS:
                clients[email] = Client(raise_request_exception=False)
                clients[email].force_login(User.objects.get(email=email))
            for name, status in sweep.status.items():
                if status == 405:
                    continue  # POST only: test_form_posts' business
                readers = ["admin@leaderdev.example"] if status == 200 else []
                for email in _likely_readers(name):
                    if clients[email].get(sweep.urls[name]).status_code == 200:
                        readers.append(email)
                        break
                if readers:
                    self.readers[name] = readers
        self.urls = sweep.urls
        self.params = {
            name: sorted(set(sweep.page_filters.get(name, [])) | set(COMMON_PARAMS)) for name in self.readers
        }
        self.filter_pages = sorted(name for name in self.readers if sweep.page_filters.get(name))


# The logins to try a page as, by its app, most likely first (the first that sees it is the page's role).
LIKELY = {
    "programs": ["staff", "leader", "ap"],
    "mentoring": ["staff", "mentor", "coach", "leader"],
    "recruitment": ["recruiter", "staff"],
    "licensure": ["licensure", "leader", "ap"],
    "fellowships": ["staff", "fellow", "leader"],
    "competencies": ["staff", "leader", "coach"],
}


def _likely_readers(name):
    app = name.split(":")[0] if ":" in name else ""
    first = [f"{who}@leaderdev.example" for who in LIKELY.get(app, ["staff", "leader"])]
    return first + [email for email in LOGINS[1:] if email not in first]


@pytest.fixture(scope="module")
def pages(sweep, django_db_blocker):
    return Pages(sweep, django_db_blocker)


def _get(client, url, query):
    response = client.get(url, query)
    where = f"{url}?{query.urlencode() if hasattr(query, 'urlencode') else query}"[:300]
    assert response.status_code < 500, f"{response.status_code} from {where}"
    return response


def _client(email):
    from leaderdev.models import User

    client = Client(raise_request_exception=True)
    client.force_login(User.objects.get(email=email))
    return client


def test_every_list_page_is_reached_with_its_filters(pages):
    assert len(pages.readers) >= 60
    for name in ("people", "recruitment:application_list", "licensure:board", "mentoring:pool"):
        assert name in pages.filter_pages, name
    assert pages.readers["programs:my_plan"] == ["admin@leaderdev.example", "leader@leaderdev.example"]


def test_nasty_values_in_every_parameter_of_filter_pages(pages):
    """Every known-nasty value in every parameter as the superuser (rotated, so one request tries many
    values at once and every parameter meets every third one); the worst few, in all at once, as the
    page's role."""
    for name in pages.filter_pages:
        params = pages.params[name]
        admin, *own = pages.readers[name]
        client = _client(admin)
        for shift in range(0, len(NASTY), 3):
            _get(client, pages.urls[name], {p: NASTY[(i + shift) % len(NASTY)] for i, p in enumerate(params)})
        for email in own:
            client = _client(email)
            for value in FEW[:4]:
                _get(client, pages.urls[name], dict.fromkeys(params, value))


def test_junk_parameters_on_every_other_page(pages):
    """Pages without a FilterSet still read page, sort, format...; each gets the worst values, mixed."""
    for name, readers in pages.readers.items():
        if name in pages.filter_pages:
            continue
        for email in readers:
            client = _client(email)
            for shift in (0, 3):
                mixed = {param: FEW[(i + shift) % len(FEW)] for i, param in enumerate(pages.params[name])}
                _get(client, pages.urls[name], mixed)


def test_repeated_and_array_parameters_on_filter_pages(pages):
    for name in pages.filter_pages:
        client = _client(pages.readers[name][-1])
        repeated = QueryDict(mutable=True)
        for param in pages.params[name]:
            repeated.setlist(param, ["1", "abc", "\x00", ""])
            repeated.setlist(f"{param}[]", ["1", "2"])
        _get(client, pages.urls[name], repeated)


def test_pagination_junk_on_filter_pages(pages):
    for name in pages.filter_pages:
        client = _client(pages.readers[name][0])
        for page in ["abc", "0", "99999", str(2**70)]:
            _get(client, pages.urls[name], {"page": page})


junk = st.one_of(
    st.text(max_size=60),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.dates().map(str),
    st.sampled_from(NASTY),
    st.lists(st.text(max_size=10), max_size=3),
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_junk_on_filter_pages(pages, data):
    name = data.draw(st.sampled_from(pages.filter_pages), label="page")
    email = data.draw(st.sampled_from(pages.readers[name]), label="login")
    params = data.draw(st.lists(st.sampled_from(pages.params[name]), min_size=1, unique=True), label="params")
    query = {param: data.draw(junk, label=param) for param in params}
    response = _get(_client(email), pages.urls[name], query)
    assert response.status_code in (200, 400, 404), f"{response.status_code} from {name} with {query!r}"


def test_a_bad_filter_value_shows_the_filter_forms_error(pages):
    """Junk in a filter is the form's error on the page (the list is then shown unfiltered), not a crash."""
    client = _client("staff@leaderdev.example")
    response = _get(client, pages.urls["people"], {"network": "abc", "position": "\x00", "q": "a\x00b"})
    assert response.status_code == 200
    errors = response.context["filter"].form.errors
    assert set(errors) == {"network", "position", "q"}
    assert "Null characters are not allowed." in errors["q"]
