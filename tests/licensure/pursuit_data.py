"""Shared data for the licensure pursuit tests: files that pass or fail the evidence rule, and a pursuit
whose employee has a login."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from leaderdev.permissions import Role
from tests.factories import PersonFactory, SchoolYearFactory, UserFactory
from tests.factories.licensure import (
    GroupMembershipFactory,
    LicensePursuitFactory,
    LicenseTypeFactory,
    PracticumRequirementFactory,
    RequirementFactory,
    SupportGroupFactory,
)
from tests.factories.mentoring import VeteranFactory

# Enough of a PDF for filetype (it reads the "%PDF" signature), and a real one to any reader.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def pdf(name: str = "Smith transcript.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(out, format="PNG")
    return out.getvalue()


def pursuer_login(**kwargs):
    """A leader with a login and a staff record."""
    user = UserFactory(roles=[Role.LEADER], **kwargs)
    PersonFactory(user=user)
    return user


def make_pursuit(user=None, **kwargs):
    """A pursuit of a fresh license with two requirements: coursework (order 1) and a 500-hour
    practicum (order 2), unless `license_type` is given; `user` is the employee's login (a new leader by
    default)."""
    user = user or pursuer_login()
    license_type = kwargs.pop("license_type", None)
    if license_type is None:
        license_type = LicenseTypeFactory()
        RequirementFactory(license_type=license_type, title="Coursework", order=1)
        PracticumRequirementFactory(license_type=license_type, title="Practicum, 500 hours", order=2)
    return LicensePursuitFactory(person=user.person, license_type=license_type, **kwargs)


def requirement(pursuit, title: str):
    return pursuit.license_type.requirements.get(title=title)


def stored_files(settings) -> list:
    """Every file in the private upload folder (none when nothing was ever stored)."""
    root = settings.PRIVATE_MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def facilitator_of(person, school_year):
    """The login of a district leader who facilitates a group of `school_year` that `person` belongs to."""
    login = UserFactory(roles=[Role.MENTOR])
    group = SupportGroupFactory(school_year=school_year, facilitators=[VeteranFactory(user=login)])
    GroupMembershipFactory(group=group, person=person)
    return login


def last_year():
    return SchoolYearFactory(
        name="2025-2026",
        start_date=datetime.date(2025, 8, 31),
        end_date=datetime.date(2026, 6, 30),
        is_current=False,
    )
