"""Logging in through the login page, the way people do.

django-axes (login brute-force protection) needs the request in ``authenticate()``, which the test
client's ``client.login()`` does not pass; a test that proves someone *can* log in posts the login form
instead, so it also goes through axes, the e-mail form and the session.
"""

from django.urls import reverse


def log_in_with_the_form(client, email: str, password: str) -> bool:
    """Post the login form; True when it signed `email` in (a redirect and a session with a user)."""
    response = client.post(reverse("login"), {"username": email, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session
