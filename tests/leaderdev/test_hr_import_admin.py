"""Uploading HR CSV exports from the admin's School and Person lists (django-import-export's import)."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains

from leaderdev.models import Network, Person, School
from leaderdev.permissions import Role
from tests.factories import NetworkFactory, PersonFactory, SchoolFactory

pytestmark = pytest.mark.django_db

STAFF_IMPORT = reverse("admin:leaderdev_person_import")
STAFF_CONFIRM = reverse("admin:leaderdev_person_process_import")
SCHOOL_IMPORT = reverse("admin:leaderdev_school_import")
SCHOOL_CONFIRM = reverse("admin:leaderdev_school_process_import")

STAFF_HEADER = "employee_id,first_name,last_name,email,position,tier,school_code,role_start_date"
GOOD_STAFF = f"""{STAFF_HEADER}
E104233,Maria,Delgado,mdelgado@district.example,Principal,Building administrator,4010,2026-07-01
E106220,Daniel,Murphy,dmurphy@district.example,Central office,,,2023-01-09
"""
BAD_STAFF = f"""{STAFF_HEADER}
E104233,Maria,Delgado,mdelgado@district.example,Principal,Building administrator,4010,2026-07-01
E105112,Aisha,Nwosu,not-an-email,Principal,,4010,2026-07-01
E106220,Daniel,Murphy,dmurphy@district.example,Central office,,,July 2023
"""
SCHOOLS = """school_code,school_name,level,network_code,network_name
4010,Fort Hill Elementary School,Elementary,roxbury,Roxbury Network
4030,Savin Hill Middle School,Middle,dorchester,Dorchester Network
"""


@pytest.fixture
def school(db):
    return SchoolFactory(code="4010", network=NetworkFactory(code="roxbury", name="Roxbury Network"))


def upload(client, url, content, name="export.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return client.post(url, {"resource": "0", "format": "0", "import_file": SimpleUploadedFile(name, data)})


def confirm(client, url, preview):
    """Press "Confirm import" on a preview page."""
    return client.post(url, preview.context["confirm_form"].initial)


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_it_shows_the_import_form_to_program_staff(client, program_staff):
    client.force_login(program_staff)

    response = client.get(STAFF_IMPORT)

    assert response.status_code == 200
    assert b"employee_id" in response.content


def test_the_person_list_offers_import_and_keeps_its_columns(client, program_staff, school):
    PersonFactory(school=school)
    client.force_login(program_staff)

    response = client.get(reverse("admin:leaderdev_person_changelist"))

    assert response.status_code == 200
    assert STAFF_IMPORT.encode() in response.content
    assert response.context["cl"].list_display[1:] == [
        "full_name",
        "employee_id",
        "position",
        "tier",
        "school",
        "network",
        "role_start_date",
        "is_active",
    ]


def test_a_preview_writes_nothing(client, program_staff, school):
    client.force_login(program_staff)

    response = upload(client, STAFF_IMPORT, GOOD_STAFF)

    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    assert Person.objects.count() == 0


def test_program_staff_import_staff_after_confirming(client, program_staff, school):
    client.force_login(program_staff)
    preview = upload(client, STAFF_IMPORT, GOOD_STAFF)

    response = confirm(client, STAFF_CONFIRM, preview)

    assert response.status_code == 302
    assert response.url == reverse("admin:leaderdev_person_changelist")
    assert set(Person.objects.values_list("employee_id", flat=True)) == {"E104233", "E106220"}
    assert "Imported people: 2 new, 0 updated, 0 unchanged." in message_texts(response)


def test_a_superuser_imports_schools_and_their_networks(client, superuser):
    client.force_login(superuser)
    preview = upload(client, SCHOOL_IMPORT, SCHOOLS)

    confirm(client, SCHOOL_CONFIRM, preview)

    assert set(School.objects.values_list("code", flat=True)) == {"4010", "4030"}
    assert set(Network.objects.values_list("code", flat=True)) == {"roxbury", "dorchester"}


def test_reuploading_the_same_file_changes_nothing(client, program_staff, school):
    client.force_login(program_staff)
    confirm(client, STAFF_CONFIRM, upload(client, STAFF_IMPORT, GOOD_STAFF))
    stamps = dict(Person.objects.values_list("employee_id", "updated_at"))

    response = confirm(client, STAFF_CONFIRM, upload(client, STAFF_IMPORT, GOOD_STAFF))

    assert "Imported people: 0 new, 0 updated, 2 unchanged." in message_texts(response)
    assert dict(Person.objects.values_list("employee_id", "updated_at")) == stamps


def test_bad_rows_are_listed_by_line_and_cannot_be_confirmed(client, program_staff, school):
    client.force_login(program_staff)

    response = upload(client, STAFF_IMPORT, BAD_STAFF)

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert message_texts(response) == [
        "line 3: email: Enter a valid email address.",
        'line 4: role_start_date: "July 2023" is not a date; use YYYY-MM-DD (or M/D/YYYY).',
        "2 rows have errors; nothing was imported.",
    ]
    assert [row.number for row in response.context["result"].invalid_rows] == [3, 4]


def test_the_preview_page_shows_each_error_by_line(client, program_staff, school):
    client.force_login(program_staff)

    response = upload(client, STAFF_IMPORT, BAD_STAFF)

    # The admin's message list capitalises the first letter of each message.
    assertContains(response, "Line 3: email: Enter a valid email address.")
    assertContains(response, "2 rows have errors; nothing was imported.")


def test_an_upload_with_bad_rows_writes_nothing(client, program_staff, school):
    client.force_login(program_staff)
    before = (Network.objects.count(), School.objects.count(), Person.objects.count())

    upload(client, STAFF_IMPORT, BAD_STAFF)

    assert (Network.objects.count(), School.objects.count(), Person.objects.count()) == before


def test_a_file_that_went_bad_before_confirming_writes_nothing(client, program_staff, school):
    client.force_login(program_staff)
    preview = upload(client, STAFF_IMPORT, GOOD_STAFF)
    PersonFactory(employee_id="E999", email="dmurphy@district.example")  # someone took the e-mail meanwhile

    response = confirm(client, STAFF_CONFIRM, preview)

    assert response.status_code == 302
    assert response.url == STAFF_IMPORT
    assert not Person.objects.filter(employee_id__in=["E104233", "E106220"]).exists()
    error = "line 3: email: dmurphy@district.example already belongs to employee E999."
    assert error in message_texts(response)


def test_it_names_missing_headers(client, program_staff):
    client.force_login(program_staff)

    response = upload(client, STAFF_IMPORT, "employee_id,email\nE1,a@district.example\n")

    assert response.status_code == 200
    assert message_texts(response)[0] == (
        "line 1: The header is missing required columns: first_name, last_name, position, tier, school_code, "
        "role_start_date."
    )


def test_it_explains_a_file_that_is_not_utf8(client, program_staff):
    client.force_login(program_staff)

    response = upload(client, SCHOOL_IMPORT, "school_code\n4010,École\n".encode("latin-1"))

    assert response.status_code == 200
    assert response.context["form"].errors["import_file"] == [
        "line 2: The file is not UTF-8 text (byte 0xC9 cannot be read). "
        'Save it as "CSV UTF-8 (Comma delimited)" and import it again.'
    ]


def test_a_leader_is_sent_to_the_admin_login(client, leader):
    client.force_login(leader)

    response = upload(client, STAFF_IMPORT, GOOD_STAFF)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert Person.objects.count() == 1  # the leader's own


def test_anonymous_is_sent_to_the_admin_login(client):
    response = client.get(STAFF_IMPORT)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_staff_who_may_only_view_people_cannot_import(client, make_user):
    client.force_login(make_user(Role.RECRUITMENT_STAFF, is_staff=True))

    response = upload(client, STAFF_IMPORT, GOOD_STAFF)

    assert response.status_code == 403
    assert Person.objects.count() == 0


def test_staff_who_may_only_view_people_cannot_confirm_an_import(client, make_user, program_staff, school):
    client.force_login(program_staff)
    preview = upload(client, STAFF_IMPORT, GOOD_STAFF)
    client.force_login(make_user(Role.RECRUITMENT_STAFF, is_staff=True))

    response = confirm(client, STAFF_CONFIRM, preview)

    assert response.status_code == 403
    assert Person.objects.count() == 0
