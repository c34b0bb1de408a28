"""Login, logout and password reset: Django's auth views in LeaderDev's layout."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory
from tests.factories.district import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_renders(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Log in to LeaderDev" in response.content


def test_login_with_email_lands_on_home(client, leader):
    response = client.post(reverse("login"), {"username": leader.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_login_refuses_a_wrong_password_and_keeps_the_email(client, leader):
    response = client.post(reverse("login"), {"username": leader.email, "password": "nope"})
    assert response.status_code == 200
    assert (
        b"Please enter a correct e-mail address and password. Passwords are case-sensitive."
        in response.content
    )
    assert leader.email.encode() in response.content


def test_logout_needs_post(client, leader):
    client.force_login(leader)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_working_link(client):
    user = UserFactory(email="reset.me@district.test")
    response = client.post(reverse("password_reset"), {"email": "reset.me@district.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    follow = client.get(link, follow=True)
    assert follow.status_code == 200
    new_password = "a-brand-new-password-42"
    response = client.post(
        follow.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_password_reset_does_not_reveal_unknown_addresses(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@district.test"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_login_page_sends_a_signed_in_user_home(client, leader):
    client.force_login(leader)
    response = client.get(reverse("login"))
    assert response.status_code == 302
    assert response.url == reverse("home")
