"""Security hardening: the Content-Security-Policy on every kind of response, the login lockout
(django-axes), sign-ins that end, and the password rules.

The production settings' `check --deploy` is in test_settings.py (settings are read in a fresh process).
"""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from leaderdev.permissions import Role
from leaderdev.security import LAST_SEEN_AT, SIGNED_IN_AT, client_ip_address, login_username
from tests.factories import UserFactory
from tests.factories.district import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_strict(response):
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]


# --- Content-Security-Policy ---------------------------------------------------------------------------


def test_pages_carry_the_policy(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert_strict(response)


def test_a_page_without_a_chart_allows_no_inline_style_at_all(client):
    assert policy(client.get(LOGIN))["style-src"] == ["'self'"]


def test_the_admin_carries_the_policy(client, program_staff):
    client.force_login(program_staff)
    response = client.get(reverse("admin:leaderdev_person_changelist"))
    assert response.status_code == 200
    assert_strict(response)


def test_error_pages_carry_the_policy(client, leader):
    client.force_login(leader)
    not_found = client.get("/no-such-page/")
    assert not_found.status_code == 404
    assert_strict(not_found)
    forbidden = client.get(reverse("people"))
    assert forbidden.status_code == 403
    assert_strict(forbidden)


def test_a_chart_gets_a_nonce_for_its_own_style_only():
    request = RequestFactory().get("/")
    request.csp_nonce = "abc123"
    template = engines["django"].from_string("{% load security %}{{ chart|csp_nonce:request }}|{{ text }}")
    chart = mark_safe(
        '<svg><defs><style type="text/css">.a{fill:red}</style></defs><g style="opacity: 0"/></svg>'
    )
    html = template.render({"chart": chart, "text": "<style>", "request": request})
    assert '<style nonce="abc123" type="text/css">' in html
    assert 'style="opacity: 0"' not in html
    assert html.endswith("|&lt;style&gt;")  # people's text is escaped, never given the nonce


def test_the_nonce_filter_leaves_text_from_people_alone():
    request = RequestFactory().get("/")
    request.csp_nonce = "abc123"
    template = engines["django"].from_string("{% load security %}{{ text|csp_nonce:request }}")
    assert template.render({"text": "<style>x</style>", "request": request}) == "&lt;style&gt;x&lt;/style&gt;"


# --- Login lockout (django-axes) -------------------------------------------------------------------------


WRONG_PASSWORD = "wrong-password-1"


def attempt(client, email, password=WRONG_PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def fail(client, email, times, **extra):
    for _ in range(times):
        response = attempt(client, email, **extra)
        assert response.status_code == 200
        assert b"Please enter a correct e-mail address and password" in response.content


def test_five_wrong_passwords_lock_the_email_out_with_a_page_that_says_what_to_do(client, leader):
    fail(client, leader.email, 4)
    response = attempt(client, leader.email)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many login attempts" in html
    assert "paused for 15 minutes" in html
    assert "Try again after" in html
    assert "Office of Leadership Development" in html  # whom to ask


def test_the_right_password_is_refused_while_locked_out(client, leader):
    fail(client, leader.email, 4)
    attempt(client, leader.email)
    response = attempt(client, leader.email, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_axes_records_the_email_typed_in_lower_case(client, leader):
    attempt(client, leader.email.upper())
    assert AccessAttempt.objects.get().username == leader.email.lower()


def test_the_case_of_the_email_does_not_dodge_the_lockout(client, leader):
    fail(client, leader.email.upper(), 2)
    fail(client, leader.email.lower(), 2)
    assert attempt(client, leader.email.title()).status_code == 429


def test_the_lockout_is_per_email(client, leader):
    other = UserFactory()
    fail(client, leader.email, 4)
    attempt(client, leader.email)
    response = attempt(client, other.email, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_the_lockout_is_per_address(client, leader):
    fail(client, leader.email, 4, REMOTE_ADDR="10.0.0.1")
    assert attempt(client, leader.email, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert attempt(client, leader.email, PASSWORD, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_login_works_again_after_the_cool_off(client, leader):
    fail(client, leader.email, 4)
    attempt(client, leader.email)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = attempt(client, leader.email, PASSWORD)
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()  # a success clears the count


def test_a_success_resets_the_count(client, leader):
    fail(client, leader.email, 4)
    assert attempt(client, leader.email, PASSWORD).status_code == 302
    client.logout()
    fail(client, leader.email, 4)  # would be locked at the fifth failure overall without the reset


def test_program_staff_see_and_clear_a_lockout_in_the_admin(client, leader, program_staff):
    fail(client, leader.email, 4)
    attempt(client, leader.email)
    lockout = AccessAttempt.objects.get()

    staff = client.__class__()
    staff.force_login(program_staff)
    changelist = staff.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200
    assert leader.email.encode() in changelist.content
    delete_url = reverse("admin:axes_accessattempt_delete", args=[lockout.pk])
    assert staff.post(delete_url, {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.exists()

    assert attempt(client, leader.email, PASSWORD).status_code == 302


def test_other_roles_do_not_see_lockouts(client, make_user):
    client.force_login(make_user(Role.RECRUITMENT_STAFF, is_staff=True))
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_the_username_comes_from_the_form_or_the_credentials():
    post = RequestFactory().post(LOGIN, {"username": " Ana@District.Test "})
    assert login_username(post) == "ana@district.test"
    assert login_username(None, {"email": "BO@x.test"}) == "bo@x.test"
    assert login_username(RequestFactory().post(LOGIN, {})) is None


def test_the_address_is_remote_addr_without_a_proxy(settings):
    settings.BEHIND_PROXY = False
    request = RequestFactory().post(LOGIN, REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip_address(request) == "10.0.0.9"


def test_behind_a_proxy_the_address_is_the_one_the_proxy_appended(settings):
    settings.BEHIND_PROXY = True
    settings.PROXY_COUNT = 1
    # The client forged "6.6.6.6"; the proxy appended the address it really saw.
    request = RequestFactory().post(
        LOGIN, REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    assert client_ip_address(request) == "203.0.113.7"
    no_header = RequestFactory().post(LOGIN, REMOTE_ADDR="172.18.0.5")
    assert client_ip_address(no_header) == "172.18.0.5"


# --- Sign-ins that end ---------------------------------------------------------------------------------


def test_session_cookie_settings(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    assert settings.SESSION_IDLE_TIMEOUT == 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_the_session_cookie_ends_with_the_browser(client, leader):
    response = attempt(client, leader.email, PASSWORD)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie


def age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"signed_in": SIGNED_IN_AT, "last_seen": LAST_SEEN_AT}[key]] = now - ago
    session.save()


def test_an_active_sign_in_stays(client, program_staff):
    client.force_login(program_staff)
    age_session(client, signed_in=3 * 60 * 60, last_seen=30 * 60)
    assert client.get(reverse("people")).status_code == 200
    assert client.session[LAST_SEEN_AT] >= int(time.time()) - 5  # the request counts as activity


def test_an_idle_sign_in_ends_and_says_why(client, program_staff):
    client.force_login(program_staff)
    age_session(client, last_seen=60 * 60 + 1)
    response = client.get(reverse("people"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert "_auth_user_id" not in client.session
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["You were signed out after 60 minutes without activity. Please log in again."]


def test_a_sign_in_ends_after_a_working_day_however_busy(client, program_staff):
    client.force_login(program_staff)
    age_session(client, signed_in=12 * 60 * 60 + 1, last_seen=10)
    response = client.get(reverse("people"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_signing_in_again_restarts_the_clock(client, leader):
    client.force_login(leader)
    age_session(client, signed_in=11 * 60 * 60, last_seen=50 * 60)
    client.force_login(leader)  # in the same session, as after the lock screen of a shared computer
    assert client.session[SIGNED_IN_AT] >= int(time.time()) - 5
    assert client.session[LAST_SEEN_AT] >= int(time.time()) - 5


# --- Passwords -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["short1", "password123", "1234567890123"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted():
    validate_password("correct-horse-battery-staple")
