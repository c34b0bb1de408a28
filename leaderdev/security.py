"""Sign-in safety: how django-axes names who is trying to log in, and when a sign-in ends.

django-axes counts failed logins per (e-mail, IP address) and locks the pair out after
``AXES_FAILURE_LIMIT`` failures (settings.py). Three hooks here make its records match this site:

- ``login_username``: the e-mail typed, lower-cased, because logins are not case-sensitive
  (``UserManager.get_by_natural_key``) and "Maria.Lopez@" and "maria.lopez@" are one person;
- ``client_ip_address``: behind a proxy (``BEHIND_PROXY``) the address the proxy saw, never one the
  client wrote into ``X-Forwarded-For`` itself;
- ``lockout_response``: the friendly lockout page, with the time to try again and whom to ask.

``SessionTimeoutMiddleware`` ends a sign-in after ``SESSION_COOKIE_AGE`` seconds however busy, and after
``SESSION_IDLE_TIMEOUT`` seconds without a request: office staff share computers.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone

SIGNED_IN_AT = "leaderdev_signed_in_at"
LAST_SEEN_AT = "leaderdev_last_seen_at"
# Writing the session on every request costs a query; a minute's precision is plenty for an idle limit.
LAST_SEEN_PRECISION = 60


def login_username(request, credentials=None) -> str | None:
    """The e-mail address a login attempt used, normalised, or None.

    The login forms send it as ``username`` (Django's AuthenticationForm, also the admin's); code calling
    ``authenticate(request, email=...)`` sends ``email``.
    """
    sources = [credentials or {}, getattr(request, "POST", None) or {}]
    for source in sources:
        for key in ("username", "email"):
            value = source.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip().lower()
    return None


def client_ip_address(request) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or behind a proxy the entry the proxy appended.

    Each proxy appends the address it received the request from to ``X-Forwarded-For``, so with
    ``PROXY_COUNT`` proxies the trustworthy entry is the PROXY_COUNT-th from the right; anything to its
    left was written by the client and may be forged (taking the left-most would let an attacker pick a
    fresh address for every guess).
    """
    remote = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_PROXY:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    count = max(settings.PROXY_COUNT, 1)
    if len(forwarded) >= count:
        return forwarded[-count]
    return remote


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets: status 429, when to try again, whom to ask."""
    minutes = settings.AXES_COOLOFF_MINUTES
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": minutes,
        "try_again_at": timezone.localtime() + settings.AXES_COOLOFF_TIME,
        "contact": settings.LOCKOUT_CONTACT,
    }
    return render(request, "registration/locked_out.html", context, status=429)


@receiver(user_logged_in)
def _start_the_clock(sender, request, user, **kwargs):
    """A new sign-in starts both clocks, even in a session that already had them (signing in again)."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = int(time.time())


class SessionTimeoutMiddleware:
    """Sign out a session older than SESSION_COOKIE_AGE or idle for longer than SESSION_IDLE_TIMEOUT.

    Django's own expiry is one number (the cookie's age, renewed whenever the session is saved); this
    keeps a hard limit from the sign-in and a shorter one from the last request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            signed_in_at = session.get(SIGNED_IN_AT)
            last_seen_at = session.get(LAST_SEEN_AT, signed_in_at)
            if signed_in_at is None:
                session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = now
            elif now - signed_in_at > settings.SESSION_COOKIE_AGE:
                self._sign_out(request, "Your sign-in has ended after a full day. Please log in again.")
            elif now - last_seen_at > settings.SESSION_IDLE_TIMEOUT:
                minutes = settings.SESSION_IDLE_TIMEOUT // 60
                self._sign_out(
                    request,
                    f"You were signed out after {minutes} minutes without activity. Please log in again.",
                )
            elif now - last_seen_at >= LAST_SEEN_PRECISION:
                session[LAST_SEEN_AT] = now
        return self.get_response(request)

    @staticmethod
    def _sign_out(request, message):
        logout(request)  # flushes the session; the view then sees an anonymous user
        messages.info(request, message)
