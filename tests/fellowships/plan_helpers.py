"""A residency under way, for the residency plan's and the public page's tests (plain functions, not
fixtures, so these modules share them without a conftest of their own)."""

import datetime
import re
from html import unescape
from types import SimpleNamespace

import factory
from django.utils import timezone

from leaderdev.permissions import Role
from tests.factories import UserFactory
from tests.factories.district import SchoolFactory, SchoolYearFactory
from tests.factories.fellowships import (
    AspiringLeaderFactory,
    CohortFactory,
    HostFactory,
    ResidencyFactory,
)
from tests.factories.mentoring import VeteranFactory


def text(html: str) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def today() -> datetime.date:
    return timezone.localdate()


def monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def this_monday() -> datetime.date:
    return monday(today())


def weeks_ago(n: int) -> datetime.date:
    return this_monday() - datetime.timedelta(weeks=n)


def cohort_under_way(**kwargs):
    """This school year's cohort, its residency twelve weeks in and thirty to go (whatever today is)."""
    kwargs.setdefault("residency_starts_on", this_monday() - datetime.timedelta(weeks=12))
    kwargs.setdefault("residency_ends_on", this_monday() + datetime.timedelta(weeks=30))
    kwargs.setdefault("applications_open_on", kwargs["residency_starts_on"] - datetime.timedelta(days=240))
    kwargs.setdefault("applications_close_on", kwargs["residency_starts_on"] - datetime.timedelta(days=60))
    kwargs.setdefault("school_year", SchoolYearFactory())
    return CohortFactory(**kwargs)


def login(*roles, password: bool = False, **kwargs):
    """A user in `roles`. Without `password` it has none (hashing one costs a second; the page tests use
    force_login); browser tests, which sign in through the form, ask for the tests' password."""
    if not password:
        kwargs["password"] = factory.Transformer.Force("!")  # unusable, and no hashing
    return UserFactory(roles=list(roles), **kwargs)


def make_plan(
    cohort=None, *, fellow_name=("Amara", "Okafor"), host_name=("Renée", "Castillo"), password: bool = False
):
    """A fellow (Leader login) placed with a host principal (Mentor and Leader login) at the host's school."""
    cohort = cohort or cohort_under_way()
    fellow_user = login(
        Role.LEADER,
        password=password,
        full_name=" ".join(fellow_name),
        email=f"{fellow_name[0]}.{fellow_name[1]}@district.test".lower(),
    )
    host_user = login(
        Role.MENTOR,
        Role.LEADER,
        password=password,
        full_name=" ".join(host_name),
        email=f"{host_name[0]}.{host_name[1]}@district.test".lower(),
    )
    fellow_person = AspiringLeaderFactory(
        user=fellow_user, first_name=fellow_name[0], last_name=fellow_name[1]
    )
    host = HostFactory(
        cohort=cohort,
        person=VeteranFactory(
            user=host_user,
            first_name=host_name[0],
            last_name=host_name[1],
            school=SchoolFactory(name=f"{host_name[1]} Elementary"),
        ),
    )
    residency = ResidencyFactory(
        fellow__application__cohort=cohort,
        fellow__application__person=fellow_person,
        host=host,
        started_on=cohort.residency_starts_on,
    )
    return SimpleNamespace(
        cohort=cohort,
        residency=residency,
        fellow=residency.fellow,
        fellow_user=fellow_user,
        host_user=host_user,
    )


def jpeg(*, gps: bool = False, size=(64, 48), color=(30, 90, 160)) -> bytes:
    """A small JPEG; with `gps`, carrying EXIF like a phone photo's (where it was taken, the camera)."""
    import io

    from PIL import Image

    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x0110] = "Pocket 12"  # Model
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[1] = "N"  # GPSLatitudeRef
        gps_ifd[2] = (42.0, 21.0, 3.6)  # GPSLatitude: Boston
        gps_ifd[3] = "W"
        gps_ifd[4] = (71.0, 3.0, 36.0)
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def give_photo(fellow, content: bytes | None = None):
    """Store a photo for `fellow` directly (as if uploaded earlier)."""
    from django.core.files.base import ContentFile

    fellow.photo.save("photo.jpg", ContentFile(content or jpeg()), save=True)
    return fellow
