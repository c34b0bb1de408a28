"""The candidate import page: check a file, then import it; recruitment staff only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leaderdev.permissions import Role
from recruitment.models import Application
from tests.factories.recruitment import HiringCycleFactory, SourceFactory

pytestmark = pytest.mark.django_db
URL = reverse("recruitment:candidate_import")
GOOD = b"first_name,last_name,email\nAna,Lopes,ana@x.test\n"


@pytest.fixture
def recruiter(make_user):
    return make_user(Role.RECRUITMENT_STAFF)


def post(client, content, *, action="check", role="principal"):
    cycle, source = HiringCycleFactory(), SourceFactory()
    return client.post(
        URL,
        {
            "cycle": cycle.pk,
            "source": source.pk,
            "role": role,
            "file": SimpleUploadedFile("nominees.csv", content, "text/csv"),
            action: "1",
        },
    )


def test_checking_writes_nothing_and_says_what_would_happen(client, recruiter):
    client.force_login(recruiter)
    response = post(client, GOOD)
    assert "Dry run: 1 applications" in response.content.decode()
    assert not Application.objects.exists()


def test_importing_writes_and_redirects(client, recruiter):
    client.force_login(recruiter)
    response = post(client, GOOD, action="import")
    assert response.status_code == 302
    assert Application.objects.get().candidate.email == "ana@x.test"


def test_bad_lines_are_listed(client, recruiter):
    client.force_login(recruiter)
    html = post(client, b"first_name,last_name,email\nAna,,nope\n", action="import").content.decode()
    assert "line 2: last_name: This value is required." in html
    assert not Application.objects.exists()


def test_a_file_over_two_megabytes_is_refused(client, recruiter):
    client.force_login(recruiter)
    response = post(client, GOOD + b"x" * (2 * 1024 * 1024))
    assert "the limit is 2 MB" in response.content.decode()


@pytest.mark.parametrize("role", [Role.LEADER, Role.MENTOR, Role.PROGRAM_STAFF])
def test_other_roles_get_403(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(URL).status_code == 403


def test_anonymous_people_are_sent_to_sign_in(client):
    assert reverse("login") in client.get(URL).url
