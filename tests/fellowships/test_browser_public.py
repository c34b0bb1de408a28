""" "Meet our fellows" in headless Chromium: an anonymous visitor reads a cohort's page on a desktop and a
phone (only opted-in fellows, only what they chose, photos served); a fellow opts in on a phone, uploads a
photo and sees the preview the public will see.

Runs against pytest-django's live server, so the database is transactional; the serialized rollback puts
back what the data migrations loaded (the shipped framework, the role groups).
"""

import io

import pytest
from django.urls import reverse
from PIL import Image, ImageDraw

from fellowships.models import Fellow, FellowStatus
from tests.browser import WIDEST, chromium_page, fits_the_screen, screenshot
from tests.factories.district import SchoolFactory

from .plan_helpers import cohort_under_way, give_photo, jpeg, make_plan

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("orm_beside_playwright"),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
INTRO = (
    "This year's fellows spend the school year beside a sitting principal: leading data cycles, running "
    "team meetings and learning the work of a school leader from the inside."
)


def portrait(background, shirt) -> bytes:
    """A placeholder portrait: a head and shoulders on a plain background."""
    image = Image.new("RGB", (600, 600), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((200, 110, 400, 330), fill=(222, 184, 150))
    draw.ellipse((110, 360, 490, 760), fill=shirt)
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return out.getvalue()


def fellow(cohort, first, last, school, **choices):
    plan = make_plan(cohort, fellow_name=(first, last), host_name=(f"Host of {first}", last), password=True)
    person = plan.fellow.person
    person.school = SchoolFactory(name=school)
    person.save()
    record = plan.fellow
    photo = choices.pop("photo", None)
    if photo:
        give_photo(record, photo)
    for field, value in choices.items():
        setattr(record, field, value)
    record.save()
    return plan


@pytest.fixture
def cohort(db):
    """A published cohort: three fellows show everything, one only their school, one only their name;
    Lucía never opted in and Omar withdrew."""
    cohort = cohort_under_way(public_intro=INTRO)
    shown = {"public_opt_in": True, "show_school": True, "show_bio": True, "show_photo": True}
    fellow(
        cohort,
        "Amara",
        "Okafor",
        "Hernández K-8",
        bio="A math coach for six years, Amara wants to lead a school where every child does real math.",
        photo=portrait((214, 228, 240), (29, 58, 95)),
        **shown,
    )
    fellow(
        cohort,
        "Thanh",
        "Nguyen",
        "Quincy Upper School",
        bio="Grade 9 English teacher and ILT member; building a family council for newcomers.",
        photo=portrait((240, 228, 214), (120, 60, 40)),
        **shown,
    )
    fellow(
        cohort,
        "Keisha",
        "Robinson",
        "Mather Elementary",
        bio="Assistant principal who rebuilt her school's attendance team.",
        photo=portrait((222, 240, 222), (40, 110, 70)),
        **shown,
    )
    fellow(cohort, "Marcus", "Greene", "Curley K-8", public_opt_in=True, show_school=True)
    fellow(cohort, "Rosa", "Vargas", "Tobin K-8", public_opt_in=True, bio="Rosa's unpublished bio.")
    fellow(cohort, "Lucía", "Ferrer", "Mendell Elementary", bio="Never shown.", photo=jpeg(), show_photo=True)
    fellow(
        cohort,
        "Omar",
        "Haddad",
        "Dever Elementary",
        photo=jpeg(),
        status=FellowStatus.WITHDRAWN,
        **shown,
    )
    return cohort


def read_the_page(page, base_url, cohort, list_shot=None):
    page.goto(f"{base_url}{reverse('fellowships:public_cohort_list')}")
    assert page.get_by_role("heading", name="Meet our fellows").is_visible()
    assert page.get_by_text("5 fellows").is_visible()
    if list_shot:
        screenshot(page, list_shot)
        assert fits_the_screen(page), page.evaluate(WIDEST)
    with page.expect_navigation():
        page.get_by_role("link", name=cohort.name).click()
    assert page.get_by_text(INTRO).is_visible()
    names = page.locator("article h3").all_inner_texts()
    assert names == ["Marcus Greene", "Thanh Nguyen", "Amara Okafor", "Keisha Robinson", "Rosa Vargas"]
    html = page.content()
    for private in (
        "Lucía",
        "Ferrer",
        "Never shown",
        "Omar",
        "Haddad",
        "unpublished bio",
        "Tobin K-8",
        "Log out",
    ):
        assert private not in html, private
    photos = page.locator("article img")
    assert photos.count() == 3
    photos.last.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    for n in range(3):
        assert photos.nth(n).evaluate("img => img.complete && img.naturalWidth > 0")


def test_a_visitor_meets_the_fellows_on_a_desktop(live_server, cohort):
    with chromium_page(viewport=DESKTOP) as page:
        read_the_page(page, live_server.url, cohort, list_shot="fellowships-public-list")
        screenshot(page, "fellowships-public")
        assert fits_the_screen(page), page.evaluate(WIDEST)


def test_a_visitor_meets_the_fellows_on_a_phone(live_server, cohort):
    with chromium_page(viewport=PHONE) as page:
        read_the_page(page, live_server.url, cohort)
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, "fellowships-public-phone")
        assert fits_the_screen(page), page.evaluate(WIDEST)


def test_a_fellow_opts_in_with_a_photo_on_a_phone(live_server, cohort, tmp_path):
    from tests.browser import log_in

    rosa = Fellow.objects.get(person__last_name="Vargas")
    upload = tmp_path / "rosa.jpg"
    upload.write_bytes(jpeg(gps=True, size=(1600, 1200), color=(200, 120, 90)))
    with chromium_page(viewport=PHONE) as page:
        log_in(page, live_server.url, rosa.person.user.email)
        page.goto(f"{live_server.url}{reverse('fellowships:my_profile')}")
        assert page.get_by_role("heading", name="My public profile").is_visible()
        page.get_by_label("Show my photo").check()
        page.get_by_label("Show my short bio").check()
        page.get_by_label("Short bio", exact=True).fill(
            "Special education teacher leading our inclusion work."
        )
        page.get_by_label("New photo").set_input_files(str(upload))
        with page.expect_navigation():
            page.get_by_role("button", name="Save my choices").click()
        assert page.get_by_text("Saved. The public page now shows what the preview shows.").is_visible()
        preview = page.locator(".ld-preview")
        assert preview.get_by_text("Special education teacher leading our inclusion work.").is_visible()
        assert preview.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
        screenshot(page, "fellowships-profile-phone")
        assert fits_the_screen(page), page.evaluate(WIDEST)

    rosa.refresh_from_db()
    assert rosa.show_photo and rosa.show_bio
    with rosa.photo.open("rb") as handle:
        assert not Image.open(io.BytesIO(handle.read())).getexif()
