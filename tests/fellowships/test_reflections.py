"""Reflections: the fellow writes one, shared with their host or kept between them and the Office; the
host reads only the shared ones and cannot write any."""

import re

import pytest
from django.urls import reverse

from competencies.models import Competency
from fellowships.models import FellowStatus, Reflection
from leaderdev.permissions import Role

from .plan_helpers import make_plan, text, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(school_year):
    return make_plan()


def new_url(plan):
    return reverse("fellowships:reflection_new", args=[plan.residency.pk])


def page_url(plan):
    return reverse("fellowships:residency_detail", args=[plan.residency.pk])


def reflection_data(**overrides):
    data = {
        "title": " Running my first ILT ",
        "body": "I talked too much. Next time I ask first.",
        "shared_with_host": "on",
    }
    data.update(overrides)
    return data


def test_the_form_shares_with_the_host_unless_unticked(client, plan):
    client.force_login(plan.fellow_user)
    response = client.get(new_url(plan))
    assert response.status_code == 200
    checkbox = re.search(r'<input[^>]*name="shared_with_host"[^>]*>', response.content.decode()).group()
    assert checkbox.endswith(" checked>")


def test_the_fellow_writes_a_shared_reflection(client, plan, framework_v4):
    touched = Competency.objects.of_version(framework_v4).first()
    client.force_login(plan.fellow_user)
    response = client.post(new_url(plan), reflection_data(competencies=[touched.pk]), follow=True)
    reflection = Reflection.objects.get(residency=plan.residency)
    assert (reflection.title, reflection.written_on, reflection.shared_with_host) == (
        "Running my first ILT",
        today(),
        True,
    )
    assert reflection.body == "I talked too much. Next time I ask first."
    assert list(reflection.competencies.all()) == [touched]
    assert "saved, shared with your host." in text(response.content.decode())


def test_the_fellow_keeps_a_reflection_from_the_host(client, plan):
    client.force_login(plan.fellow_user)
    data = reflection_data(title="Doubts", body="Am I ready?")
    del data["shared_with_host"]
    response = client.post(new_url(plan), data, follow=True)
    assert "kept for you and the Office" in text(response.content.decode())
    assert Reflection.objects.get().shared_with_host is False
    client.force_login(plan.host_user)
    html = client.get(page_url(plan)).content.decode()
    assert "Doubts" not in html and "Am I ready?" not in html


def test_a_title_and_body_are_required(client, plan):
    client.force_login(plan.fellow_user)
    response = client.post(new_url(plan), reflection_data(title="", body=""))
    assert response.status_code == 200
    assert not Reflection.objects.exists()


def test_a_withdrawn_fellow_cannot_write(client, plan):
    plan.fellow.status = FellowStatus.WITHDRAWN
    plan.fellow.save()
    client.force_login(plan.fellow_user)
    response = client.post(new_url(plan), reflection_data())
    assert "can no longer change" in text(response.content.decode())
    assert not Reflection.objects.exists()


def test_the_host_cannot_write_a_reflection(client, plan):
    client.force_login(plan.host_user)
    assert client.get(new_url(plan)).status_code == 403
    assert client.post(new_url(plan), reflection_data()).status_code == 403
    assert not Reflection.objects.exists()


def test_staff_cannot_write_for_the_fellow(client, plan, program_staff):
    client.force_login(program_staff)
    assert client.post(new_url(plan), reflection_data()).status_code == 403


def test_another_fellow_gets_404(client, plan):
    other = make_plan(plan.cohort, fellow_name=("Jonah", "Berg"), host_name=("Ines", "Duarte"))
    client.force_login(other.fellow_user)
    assert client.post(new_url(plan), reflection_data()).status_code == 404
    assert not Reflection.objects.exists()


def test_a_role_outside_the_fellowship_gets_403(client, plan, make_user):
    client.force_login(make_user(Role.LICENSURE_TEAM))
    assert client.get(new_url(plan)).status_code == 403


def test_anonymous_is_sent_to_log_in(client, plan):
    assert client.post(new_url(plan), reflection_data())["Location"].startswith(reverse("login"))
    assert not Reflection.objects.exists()


def test_it_rejects_delete(client, plan):
    client.force_login(plan.fellow_user)
    assert client.delete(new_url(plan)).status_code == 405
