"""The fellow's public profile (/fellowships/my-profile/): opting in, choosing what shows, a short bio, a
photo (checked by content, re-encoded without its metadata) and a preview of exactly what the public sees.
Only the fellow themself and program staff may change it; the photo before it is public is theirs alone."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from fellowships.models import Fellow, FellowStatus
from leaderdev.permissions import Role
from tests.factories.district import SchoolFactory

from .plan_helpers import give_photo, jpeg, make_plan, text

pytestmark = pytest.mark.django_db

MY_PROFILE = reverse("fellowships:my_profile")


@pytest.fixture
def plan(school_year):
    plan = make_plan()
    plan.fellow.person.school = SchoolFactory(name="Hernández K-8")
    plan.fellow.person.save()
    return plan


def staff_url(fellow):
    return reverse("fellowships:fellow_profile", args=[fellow.pk])


def own_photo_url(fellow):
    return reverse("fellowships:profile_photo", args=[fellow.pk])


def choices(**overrides):
    data = {"public_opt_in": "on", "show_school": "on", "show_bio": "on", "bio": " Former math coach. "}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def upload(content: bytes, name="me.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png(size=(40, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, format="PNG")
    return out.getvalue()


def stored(fellow) -> Image.Image:
    fellow.refresh_from_db()
    with fellow.photo.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


# --- Reading and choosing -----------------------------------------------------------------------------------


def test_a_fellow_who_has_not_opted_in_is_told_they_do_not_appear(client, plan):
    client.force_login(plan.fellow_user)
    response = client.get(MY_PROFILE)
    assert response.status_code == 200
    page = text(response.content.decode())
    assert "You do not appear on the public page." in page
    assert "Hernández K-8" not in page


def test_the_fellow_opts_in_with_school_and_bio(client, plan):
    client.force_login(plan.fellow_user)
    response = client.post(MY_PROFILE, choices())
    assert response.status_code == 302
    fellow = Fellow.objects.get(pk=plan.fellow.pk)
    assert (fellow.public_opt_in, fellow.show_school, fellow.show_bio, fellow.show_photo) == (
        True,
        True,
        True,
        False,
    )
    assert fellow.bio == "Former math coach."


def test_the_preview_shows_exactly_the_public_card(client, plan):
    client.force_login(plan.fellow_user)
    page = text(client.post(MY_PROFILE, choices(), follow=True).content.decode())
    assert "Saved. The public page now shows what the preview shows." in page
    assert "Saved choices only. AO Amara Okafor Hernández K-8 Former math coach. Office of" in page


def test_name_only_previews_the_name_alone(client, plan):
    client.force_login(plan.fellow_user)
    page = text(
        client.post(MY_PROFILE, choices(show_school=None, show_bio=None), follow=True).content.decode()
    )
    assert "Saved choices only. AO Amara Okafor Office of" in page


def test_an_unpublished_page_is_explained_in_the_preview(client, plan):
    plan.cohort.is_public = False
    plan.cohort.save()
    client.force_login(plan.fellow_user)
    page = text(client.post(MY_PROFILE, choices(), follow=True).content.decode())
    assert "once the page is published" in page
    assert "has not published the" in page


def test_opting_out_clears_every_choice(client, plan):
    fellow = plan.fellow
    fellow.public_opt_in = fellow.show_school = fellow.show_bio = True
    fellow.save()
    client.force_login(plan.fellow_user)
    client.post(MY_PROFILE, choices(public_opt_in=None))
    fellow.refresh_from_db()
    assert (fellow.public_opt_in, fellow.show_school, fellow.show_bio) == (False, False, False)


def test_a_bio_longer_than_600_characters_is_refused(client, plan):
    client.force_login(plan.fellow_user)
    response = client.post(MY_PROFILE, choices(bio="x" * 601))
    assert response.status_code == 200
    assert "at most 600 characters" in text(response.content.decode())
    plan.fellow.refresh_from_db()
    assert plan.fellow.bio == ""


# --- The photo ----------------------------------------------------------------------------------------------


def test_an_uploaded_photo_keeps_no_exif(client, plan):
    original = jpeg(gps=True, size=(1200, 900))
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the upload does carry a GPS position
    client.force_login(plan.fellow_user)
    response = client.post(MY_PROFILE, choices(show_photo="on", photo=upload(original)))
    assert response.status_code == 302
    image = stored(plan.fellow)
    assert image.format == "JPEG"
    assert not image.getexif()
    assert "exif" not in image.info
    assert max(image.size) == 800
    fellow = Fellow.objects.get(pk=plan.fellow.pk)
    assert fellow.show_photo
    assert fellow.photo.name.startswith("fellow-photos/") and "me" not in os.path.basename(fellow.photo.name)


def test_a_png_photo_is_accepted_and_stored_as_jpeg(client, plan):
    client.force_login(plan.fellow_user)
    client.post(MY_PROFILE, choices(show_photo="on", photo=upload(png(), "me.png", "image/png")))
    assert stored(plan.fellow).format == "JPEG"


def test_a_gif_is_refused(client, plan):
    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, format="GIF")
    client.force_login(plan.fellow_user)
    response = client.post(MY_PROFILE, choices(photo=upload(out.getvalue(), "me.gif", "image/gif")))
    assert response.status_code == 200
    assert "not one of the allowed kinds" in text(response.content.decode())
    plan.fellow.refresh_from_db()
    assert not plan.fellow.photo


def test_a_script_named_like_a_photo_is_refused(client, plan):
    client.force_login(plan.fellow_user)
    response = client.post(MY_PROFILE, choices(photo=upload(b"<script>alert(1)</script>", "me.jpg")))
    assert response.status_code == 200
    plan.fellow.refresh_from_db()
    assert not plan.fellow.photo


def test_a_photo_over_5_mb_is_refused(client, plan):
    noise = Image.frombytes("RGB", (1400, 1400), os.urandom(1400 * 1400 * 3))
    out = io.BytesIO()
    noise.save(out, format="PNG")
    assert out.tell() > 5 * 1024 * 1024
    client.force_login(plan.fellow_user)
    response = client.post(MY_PROFILE, choices(photo=upload(out.getvalue(), "me.png", "image/png")))
    assert "the limit is 5 MB" in text(response.content.decode())
    plan.fellow.refresh_from_db()
    assert not plan.fellow.photo


def test_a_new_photo_replaces_the_old_file(client, plan, django_capture_on_commit_callbacks):
    give_photo(plan.fellow)
    old = plan.fellow.photo.name
    storage = plan.fellow.photo.storage
    client.force_login(plan.fellow_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(MY_PROFILE, choices(photo=upload(jpeg(color=(0, 0, 0)))))
    plan.fellow.refresh_from_db()
    assert plan.fellow.photo.name != old
    assert storage.exists(plan.fellow.photo.name)
    assert not storage.exists(old)


def test_the_fellow_removes_their_photo(client, plan, django_capture_on_commit_callbacks):
    give_photo(plan.fellow)
    old = plan.fellow.photo.name
    storage = plan.fellow.photo.storage
    client.force_login(plan.fellow_user)
    assert "Remove my photo" in client.get(MY_PROFILE).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(MY_PROFILE, choices(show_photo="on", remove_photo="on"))
    plan.fellow.refresh_from_db()
    assert not plan.fellow.photo
    assert not storage.exists(old)


def test_the_preview_shows_the_photo_from_the_fellows_own_address(client, plan):
    give_photo(plan.fellow)
    plan.cohort.is_public = False  # not public yet: the public photo address would answer 404
    plan.cohort.save()
    client.force_login(plan.fellow_user)
    html = client.post(MY_PROFILE, choices(show_photo="on"), follow=True).content.decode()
    assert f'src="{own_photo_url(plan.fellow)}"' in html
    assert client.get(own_photo_url(plan.fellow)).status_code == 200


def test_the_host_cannot_see_a_photo_that_is_not_public(client, plan):
    give_photo(plan.fellow)
    client.force_login(plan.host_user)
    assert client.get(own_photo_url(plan.fellow)).status_code == 403


def test_another_fellow_cannot_see_the_photo(client, plan):
    give_photo(plan.fellow)
    other = make_plan(plan.cohort, fellow_name=("Jonah", "Berg"), host_name=("Ines", "Duarte"))
    client.force_login(other.fellow_user)
    assert client.get(own_photo_url(plan.fellow)).status_code == 404


def test_the_own_photo_sends_anonymous_to_log_in(client, plan):
    give_photo(plan.fellow)
    assert client.get(own_photo_url(plan.fellow))["Location"].startswith(reverse("login"))


# --- Who may change it ------------------------------------------------------------------------------------


def test_staff_set_a_fellows_profile(client, plan, program_staff):
    client.force_login(program_staff)
    assert "Public profile of Amara Okafor" in text(client.get(staff_url(plan.fellow)).content.decode())
    client.post(staff_url(plan.fellow), choices())
    plan.fellow.refresh_from_db()
    assert plan.fellow.public_opt_in


def test_the_host_cannot_change_the_fellows_profile(client, plan):
    client.force_login(plan.host_user)
    assert client.post(staff_url(plan.fellow), choices()).status_code == 403
    plan.fellow.refresh_from_db()
    assert not plan.fellow.public_opt_in


def test_another_fellow_gets_404(client, plan):
    other = make_plan(plan.cohort, fellow_name=("Jonah", "Berg"), host_name=("Ines", "Duarte"))
    client.force_login(other.fellow_user)
    assert client.post(staff_url(plan.fellow), choices()).status_code == 404
    plan.fellow.refresh_from_db()
    assert not plan.fellow.public_opt_in


def test_a_leader_who_is_no_fellow_is_told_so(client, leader):
    client.force_login(leader)
    response = client.get(MY_PROFILE)
    assert response.status_code == 200
    assert "Your login is not a fellow's" in text(response.content.decode())


def test_a_withdrawn_fellow_has_no_profile_to_set(client, plan):
    plan.fellow.status = FellowStatus.WITHDRAWN
    plan.fellow.save()
    client.force_login(plan.fellow_user)
    assert "Your login is not a fellow's" in text(client.get(MY_PROFILE).content.decode())


def test_a_role_outside_the_fellowship_gets_403(client, make_user):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    assert client.get(MY_PROFILE).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    assert client.get(MY_PROFILE)["Location"].startswith(reverse("login"))


def test_it_rejects_put(client, plan):
    client.force_login(plan.fellow_user)
    assert client.put(MY_PROFILE).status_code == 405
