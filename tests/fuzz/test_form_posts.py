"""Junk posted to every form page never gives a 500, and a refused post saves nothing.

The form pages are the pages whose GET renders a form (found by the sweep) and the POST-only actions
(which answer a GET with 405). Each is posted as a login that may use it: empty, with every field set to
known-nasty values (wrong types, huge strings, NUL bytes, malformed dates and numbers, ids of objects that
do not exist or are someone else's), with extra fields, and with hypothesis-drawn junk. The answer is a
re-render with the form's errors (200), a clear refusal (4xx) or a redirect after a post the form accepted;
on a re-render the form's model has not gained or lost a row.
"""

import pytest
from django.forms import ModelForm
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import LOGINS, NASTY

pytestmark = pytest.mark.django_db

# Values for posted fields: NASTY plus ids of rows that do not exist or are probably someone else's.
POSTED = [*NASTY, "999999", "1", "2", "2026-02-30", "25:61", "1,5", "on", "yes"]
LIKELY = {
    "programs": ["staff", "leader", "ap", "coach"],
    "mentoring": ["staff", "mentor", "coach", "leader"],
    "recruitment": ["recruiter", "staff"],
    "licensure": ["licensure", "leader", "ap"],
    "fellowships": ["staff", "fellow", "leader"],
    "competencies": ["staff", "leader", "coach"],
}
# Field names POST-only actions commonly read, for the actions whose form the sweep cannot see.
ACTION_FIELDS = ["status", "stage", "to", "note", "reason", "person", "mentor", "mentee", "ids", "pk", "tier"]


def _logins_for(name):
    app = name.split(":")[0] if ":" in name else ""
    first = [f"{who}@leaderdev.example" for who in LIKELY.get(app, ["staff", "leader"])]
    return ["admin@leaderdev.example", *first, *(e for e in LOGINS[1:] if e not in first)]


def _fields(form):
    """The posted names of a form's fields (MultiWidgets post one name per sub-widget)."""
    names = []
    for name, field in form.fields.items():
        posted = form.add_prefix(name)
        widgets = getattr(field.widget, "widgets_names", None)
        if widgets:
            names.extend(f"{posted}{suffix}" for suffix in widgets)
        else:
            names.append(posted)
    return names


def _model(form):
    return form._meta.model if isinstance(form, ModelForm) else None


class FormPages:
    """Each form page's address, the login that may post to it, its fields and the models its forms save."""

    def __init__(self, sweep, django_db_blocker):
        from leaderdev.models import User

        self.url, self.login, self.fields, self.models = {}, {}, {}, {}
        clients = {}
        with django_db_blocker.unblock():
            users = {email: User.objects.get(email=email) for email in LOGINS}
            for name, status in sweep.status.items():
                if name not in sweep.forms and status != 405:
                    continue
                for email in _logins_for(name):
                    if email not in clients:
                        clients[email] = Client(raise_request_exception=False)
                        clients[email].force_login(users[email])
                    # A GET tells a permitted login (200, or 405 for a POST-only action) from a refused one.
                    if clients[email].get(sweep.urls[name]).status_code in (200, 405):
                        self.login[name] = email
                        break
                if name not in self.login:
                    continue
                self.url[name] = sweep.urls[name]
                forms = sweep.forms.get(name, [])
                self.fields[name] = sorted({f for form in forms for f in _fields(form)}) or ACTION_FIELDS
                self.models[name] = sorted({m for form in forms if (m := _model(form))}, key=str)
        self.names = sorted(self.login)


@pytest.fixture(scope="module")
def form_pages(sweep, django_db_blocker):
    return FormPages(sweep, django_db_blocker)


def _client(email):
    from leaderdev.models import User

    client = Client(raise_request_exception=True)
    client.force_login(User.objects.get(email=email))
    return client


def _post(form_pages, name, data, client=None):
    """POST `data` to a form page: never a 500, and a re-render leaves the form's models as they were."""
    client = client or _client(form_pages.login[name])
    before = {model: model._default_manager.count() for model in form_pages.models[name]}
    response = client.post(form_pages.url[name], data)
    shown = {key: (value[:40] if isinstance(value, str) else value) for key, value in data.items()}
    assert response.status_code < 500, f"{response.status_code} from {name} with {shown!r}"
    if response.status_code == 200:
        after = {model: model._default_manager.count() for model in form_pages.models[name]}
        assert after == before, f"{name} re-rendered but saved rows: {before} -> {after} with {shown!r}"
    return response


def test_it_finds_the_form_pages_and_a_login_for_each(form_pages):
    assert len(form_pages.names) >= 40
    for name in ("recruitment:candidate_new", "mentoring:round_create", "programs:spotlight_add"):
        assert name in form_pages.names, name
    counted = [name for name in form_pages.names if form_pages.models[name]]
    assert len(counted) >= 10, counted  # pages whose ModelForms' rows a re-render must leave alone
    logins = {name: form_pages.login[name].split("@")[0] for name in form_pages.names}
    print(f"{len(logins)} form pages:", logins)


def test_empty_posts_are_refused_or_rerendered(form_pages):
    statuses = {}
    for name in form_pages.names:
        statuses[name] = _post(form_pages, name, {}).status_code
    print("empty posts:", statuses)
    # Most form pages re-render an empty post with "This field is required" (rather than refusing it).
    assert sum(status == 200 for status in statuses.values()) >= len(statuses) // 3


def test_known_nasty_values_in_every_field(form_pages):
    """Every field gets every sixth nasty value (rotated, so each post mixes many), plus extra fields."""
    for name in form_pages.names:
        client = _client(form_pages.login[name])
        fields = form_pages.fields[name]
        for shift in range(0, len(POSTED), 6):
            data = {field: POSTED[(i + shift) % len(POSTED)] for i, field in enumerate(fields)}
            data["not_a_field"] = "\x00"
            _post(form_pages, name, data, client)


def test_lists_where_one_value_is_expected(form_pages):
    for name in form_pages.names:
        data = {field: ["1", "abc", "\x00"] for field in form_pages.fields[name]}
        _post(form_pages, name, data)


junk = st.one_of(
    st.text(max_size=80),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.dates().map(str),
    st.datetimes().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(POSTED),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_junk_posts(form_pages, data):
    name = data.draw(st.sampled_from(form_pages.names), label="page")
    fields = data.draw(st.lists(st.sampled_from(form_pages.fields[name]), unique=True), label="fields")
    _post(form_pages, name, {field: data.draw(junk, label=field) for field in fields})
