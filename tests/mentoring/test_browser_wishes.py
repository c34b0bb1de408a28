"""A new leader tells the Office what they want from a mentor, from the portal, on a phone (Chromium).

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded (the shipped framework, the role groups).
"""

import pytest
from django.urls import reverse

from leaderdev.permissions import Role
from mentoring.models import MenteeProfile
from tests.browser import chromium_page, screenshot
from tests.factories import PersonFactory, SchoolFactory, SchoolYearFactory, UserFactory
from tests.factories.district import PASSWORD
from tests.factories.mentoring import MentorFactory, VeteranFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

PHONE = {"width": 390, "height": 844}


def test_a_new_leader_saves_their_mentoring_wishes_on_a_phone(live_server):
    year = SchoolYearFactory()
    login = UserFactory(email="amara.diallo@district.test", full_name="Amara Diallo", roles=[Role.LEADER])
    amara = PersonFactory(user=login, first_name="Amara", last_name="Diallo", school=SchoolFactory())
    MentorFactory(
        school_year=year,
        person=VeteranFactory(first_name="Marisol", last_name="Ortiz", school=SchoolFactory(name="Mather")),
    )

    with chromium_page(viewport=PHONE) as page:
        page.goto(f"{live_server.url}{reverse('login')}")
        page.get_by_label("E-mail address").fill(login.email)
        page.get_by_label("Password").fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Log in").click()
        page.goto(f"{live_server.url}{reverse('portal')}")
        with page.expect_navigation():
            page.get_by_role("link", name="Tell us what you want from a mentor").click()

        page.get_by_label("1.1", exact=False).first.check()
        page.get_by_label("Spanish").check()
        page.get_by_label("First choice").select_option(label="Marisol Ortiz — Principal, Mather")
        screenshot(page, "mentoring-wishes-phone")
        with page.expect_navigation():
            page.get_by_role("button", name="Save my wishes").click()

        assert "Your mentoring wishes are saved" in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    profile = MenteeProfile.objects.get(person=amara)
    assert profile.languages == ["es"]
    assert [c.code for c in profile.needs.all()] == ["1.1"]
    assert profile.preferences.get().mentor.person.last_name == "Ortiz"
