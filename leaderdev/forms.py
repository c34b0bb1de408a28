"""Forms of the shared pages."""

from django.contrib.auth.forms import AuthenticationForm


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form, worded for e-mail logins (which are not case-sensitive here)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Please enter a correct e-mail address and password. Passwords are case-sensitive.",
    }
