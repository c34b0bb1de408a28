"""The staff's notification list in headless Chromium, on a desktop and a phone: a failure shows its error,
a stuck outbox shows the broker warning, and a notification is sent again through the confirm step."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leaderdev.notifications.models import Notification, NotificationStatus, OutboxTask
from leaderdev.permissions import Role
from tests.browser import WIDEST, chromium_page, fits_the_screen, log_in, screenshot
from tests.factories import UserFactory
from tests.factories.notifications import (
    FailedNotificationFactory,
    NotificationFactory,
    OutboxTaskFactory,
    SentNotificationFactory,
)
from tests.factories.programs import SessionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def staff(db):
    return UserFactory(
        email="coordinator@district.test", full_name="Rosa Delgado", roles=[Role.PROGRAM_STAFF]
    )


@pytest.fixture
def notifications(db):
    session = SessionFactory(title="Instructional leadership: feedback cycles")
    ana = UserFactory(email="ana.lopez@district.test", full_name="Ana López")
    marcus = UserFactory(email="marcus.bell@district.test", full_name="Marcus Bell")
    sent = SentNotificationFactory(session=session, recipient=ana)
    failed = FailedNotificationFactory(session=session, recipient=marcus)
    NotificationFactory(
        session=SessionFactory(title="Budget planning"), recipient=ana, kind="session_upcoming"
    )
    stuck = OutboxTaskFactory()
    OutboxTask.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=20))
    return sent, failed


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_staff_read_the_list_and_send_one_again(live_server, staff, notifications, viewport):
    sent, failed = notifications
    name = "desktop" if viewport is DESKTOP else "phone"
    mail.outbox.clear()
    with chromium_page(viewport=viewport) as page:
        log_in(page, live_server.url, staff.email)
        page.goto(f"{live_server.url}{reverse('notification_list')}")
        assert page.get_by_role("heading", name="Notifications", exact=True).is_visible()
        assert page.get_by_text("The task broker is not taking work.").is_visible()
        assert page.get_by_text("Connection unexpectedly closed").is_visible()
        screenshot(page, f"notifications-list-{name}")
        assert fits_the_screen(page), page.evaluate(WIDEST)

        row = page.get_by_role("row").filter(has_text="Marcus Bell")
        row.get_by_text("Send again…").click()
        assert row.get_by_text("E-mail this again to marcus.bell@district.test?").is_visible()
        screenshot(page, f"notifications-confirm-{name}")
        with page.expect_navigation():
            row.get_by_role("button", name="Yes, send again").click()
        assert page.get_by_text("Sent again to marcus.bell@district.test.").is_visible()
        screenshot(page, f"notifications-resent-{name}")
        assert fits_the_screen(page), page.evaluate(WIDEST)

    again = Notification.objects.get(resend_of=failed)
    assert (again.sequence, again.resent_by_id, again.status) == (1, staff.pk, NotificationStatus.SENT)
    assert [message.to for message in mail.outbox] == [["marcus.bell@district.test"]]
    assert not Notification.objects.filter(resend_of=sent).exists()


def test_a_person_chooses_their_reminders_on_a_phone(live_server, notifications):
    sent, _ = notifications
    with chromium_page(viewport=PHONE) as page:
        log_in(page, live_server.url, sent.recipient.email)
        page.goto(f"{live_server.url}{reverse('notification_preferences')}")
        page.get_by_label("New sessions").uncheck()
        with page.expect_navigation():
            page.get_by_role("button", name="Save my choices").click()
        assert page.get_by_text("Your reminder choices are saved.").is_visible()
        assert not page.get_by_label("New sessions").is_checked()
        screenshot(page, "notifications-preferences-phone")
        assert fits_the_screen(page), page.evaluate(WIDEST)
