"""A person's own reminders page: one tick box per kind, saved choices, and what was sent to them lately."""

import html

import pytest
from django.urls import reverse

from leaderdev.notifications import kinds, services
from leaderdev.notifications.models import NotificationPreference
from leaderdev.permissions import Role
from tests.factories import UserFactory
from tests.factories.notifications import (
    NotificationFactory,
    NotificationPreferenceFactory,
    SentNotificationFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("notification_preferences")


def test_it_requires_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("roles", [[Role.LEADER], [Role.PROGRAM_STAFF], [Role.NETWORK_STAFF], []])
def test_every_signed_in_user_opens_it(client, roles):
    client.force_login(UserFactory(roles=roles))
    assert client.get(URL).status_code == 200


def test_it_offers_one_tick_box_per_kind_with_its_description(client, leader):
    client.force_login(leader)
    content = html.unescape(client.get(URL).content.decode())
    for kind in kinds.all_kinds():
        assert f'name="{kind.code}"' in content
        assert kind.label in content
        assert kind.description in content


def test_it_shows_the_current_choices(client, leader):
    NotificationPreferenceFactory(user=leader, kind="session_invitation", enabled=False)
    client.force_login(leader)
    form = client.get(URL).context["form"]
    assert form["session_invitation"].value() is False
    assert form["session_upcoming"].value() is True


def test_it_saves_the_choices(client, leader):
    client.force_login(leader)
    response = client.post(URL, {"session_upcoming": "on"})
    assert response.status_code == 302
    assert response.url == URL
    choices = services.preferences_of(leader)
    assert choices["session_upcoming"] is True
    assert choices["session_invitation"] is False
    assert choices["attendance_not_taken"] is False
    stored = set(NotificationPreference.objects.filter(user=leader).values_list("kind", "enabled"))
    assert ("session_invitation", False) in stored
    assert ("session_upcoming", True) not in stored  # the default is not stored


def test_unticking_everything_turns_every_reminder_off(client, leader):
    client.force_login(leader)
    client.post(URL, {})
    assert not any(services.preferences_of(leader).values())


def test_it_turns_a_reminder_back_on(client, leader):
    NotificationPreferenceFactory(user=leader, kind="session_invitation", enabled=False)
    client.force_login(leader)
    client.post(URL, {code: "on" for code, _ in kinds.choices()})
    assert all(services.preferences_of(leader).values())
    assert not NotificationPreference.objects.filter(user=leader).exists()


def test_it_says_the_choices_are_saved(client, leader):
    client.force_login(leader)
    response = client.post(URL, {"session_upcoming": "on"}, follow=True)
    assert "Your reminder choices are saved." in response.content.decode()


def test_it_only_changes_the_signed_in_users_choices(client, leader):
    other = UserFactory()
    client.force_login(leader)
    client.post(URL, {})
    assert all(services.preferences_of(other).values())


def test_it_rejects_put(client, leader):
    client.force_login(leader)
    assert client.put(URL).status_code == 405


def test_it_lists_my_notifications_and_not_others(client, leader):
    mine = SentNotificationFactory(recipient=leader)
    theirs = SentNotificationFactory()
    client.force_login(leader)
    response = client.get(URL)
    assert [n.pk for n in response.context["notifications"]] == [mine.pk]
    content = response.content.decode()
    assert mine.title in content
    assert theirs.title not in content


def test_it_lists_my_last_twenty_newest_first(client, leader):
    made = NotificationFactory.create_batch(22, recipient=leader)
    client.force_login(leader)
    listed = [n.pk for n in client.get(URL).context["notifications"]]
    assert listed == [n.pk for n in reversed(made)][:20]


def test_its_queries_do_not_grow_with_my_notifications(client, leader, django_assert_max_num_queries):
    client.force_login(leader)
    NotificationFactory.create_batch(2, recipient=leader)
    with django_assert_max_num_queries(5):
        assert client.get(URL).status_code == 200
    NotificationFactory.create_batch(20, recipient=leader)
    with django_assert_max_num_queries(5):
        assert client.get(URL).status_code == 200
