"""The framework list and a version's page: every role reads them; drafts are for program staff."""

import pytest
from django.urls import reverse

from competencies import services
from competencies.models import VersionStatus
from leaderdev.permissions import Role
from tests.factories import UserFactory
from tests.factories.competencies import framework_with_content

pytestmark = pytest.mark.django_db

LIST = reverse("competencies:framework_list")


def _detail(version):
    return reverse("competencies:version_detail", args=[version.pk])


# --- the list ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_list_is_open_to_every_role(client, make_user, framework_v4, role):
    client.force_login(make_user(role))
    response = client.get(LIST)
    assert response.status_code == 200
    assert b"Unified Set of BPS Leader Competencies" in response.content


def test_list_shows_versions_with_status_dates_and_counts(client, program_staff, framework_v4):
    client.force_login(program_staff)
    response = client.get(LIST)
    framework = next(f for f in response.context["frameworks"] if f.pk == framework_v4.framework_id)
    [version] = framework.visible_versions
    assert version.competency_count == 16
    html = response.content.decode()
    assert '<span class="badge text-bg-success">Active</span>' in html
    assert "Mar 20, 2017" in html
    assert _detail(framework_v4) in html


def test_list_shows_drafts_to_program_staff_only(client, program_staff, leader, framework_v4):
    draft = services.draft_next_version(framework_v4, "5")
    client.force_login(program_staff)
    staff_page = client.get(LIST)
    assert _detail(draft) in staff_page.content.decode()
    assert b"Changes since version 4" in staff_page.content
    client.force_login(leader)
    leader_page = client.get(LIST)
    assert _detail(draft) not in leader_page.content.decode()
    assert b"Draft" not in leader_page.content


def test_list_hides_a_framework_that_only_has_drafts_from_leaders(client, leader, framework_v4):
    framework_with_content(status=VersionStatus.DRAFT, framework__name="Teacher leader competencies")
    client.force_login(leader)
    response = client.get(LIST)
    assert [f.name for f in response.context["frameworks"]] == ["Unified Set of BPS Leader Competencies"]
    assert b"Teacher leader competencies" not in response.content


def test_list_shows_retired_versions_with_their_retirement(client, leader, framework_v4):
    services.publish(services.draft_next_version(framework_v4, "5"))
    client.force_login(leader)
    html = client.get(LIST).content.decode()
    assert '<span class="badge text-bg-secondary">Retired</span>' in html
    assert '<span class="badge text-bg-success">Active</span>' in html


def test_list_refuses_a_user_without_role(client, db):
    client.force_login(UserFactory())
    assert client.get(LIST).status_code == 403


def test_list_sends_anonymous_to_login(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_list_rejects_post(client, leader):
    client.force_login(leader)
    assert client.post(LIST).status_code == 405


def test_list_query_count_does_not_grow(client, program_staff, framework_v4, django_assert_max_num_queries):
    client.force_login(program_staff)
    with django_assert_max_num_queries(6):
        assert client.get(LIST).status_code == 200
    for _ in range(8):
        version = framework_with_content(domains=4, per_domain=6)
        services.draft_next_version(version, "next")
    with django_assert_max_num_queries(6):
        response = client.get(LIST)
    assert len(response.context["frameworks"]) == 9


# --- a version ---------------------------------------------------------------------------------------


def test_version_page_shows_framing_domains_and_competencies(client, leader, framework_v4):
    client.force_login(leader)
    response = client.get(_detail(framework_v4))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h3 class="h6 fw-semibold mt-3 mb-1">Why did we build these competencies?</h3>' in html
    assert "<p>To provide a guide for planning professional learning experiences for BPS leaders</p>" in html
    assert "Domain 3. Use data to make decisions" in html
    assert ">4.5</span>" in html
    assert "Listen effectively to and learn from different perspectives" in html
    assert html.count('class="badge text-bg-light border align-self-start"') == 16


def test_version_page_links_staff_to_the_admin_and_the_diff(client, superuser, framework_v4):
    draft = services.draft_next_version(framework_v4, "5")
    client.force_login(superuser)
    html = client.get(_detail(draft)).content.decode()
    assert reverse("admin:competencies_frameworkversion_change", args=[draft.pk]) in html
    assert "Edit this draft in the admin" in html
    assert f"{reverse('competencies:version_diff', args=[draft.pk])}?against={framework_v4.pk}" in html


def test_version_page_hides_the_admin_from_leaders(client, leader, framework_v4):
    client.force_login(leader)
    assert b"/admin/" not in client.get(_detail(framework_v4)).content


def test_draft_is_404_for_leaders(client, leader, framework_v4):
    draft = services.draft_next_version(framework_v4, "5")
    client.force_login(leader)
    assert client.get(_detail(draft)).status_code == 404


@pytest.mark.parametrize("role", [Role.RECRUITMENT_STAFF, Role.MENTOR])
def test_draft_is_404_for_other_roles(client, make_user, framework_v4, role):
    draft = services.draft_next_version(framework_v4, "5")
    client.force_login(make_user(role, is_staff=True))
    assert client.get(_detail(draft)).status_code == 404


def test_version_page_refuses_a_user_without_role(client, db, framework_v4):
    client.force_login(UserFactory())
    assert client.get(_detail(framework_v4)).status_code == 403


def test_version_page_sends_anonymous_to_login(client, framework_v4):
    assert client.get(_detail(framework_v4)).status_code == 302


def test_version_page_rejects_post(client, program_staff, framework_v4):
    client.force_login(program_staff)
    assert client.post(_detail(framework_v4)).status_code == 405


def test_unknown_version_is_404(client, leader):
    client.force_login(leader)
    assert client.get(reverse("competencies:version_detail", args=[424242])).status_code == 404


@pytest.mark.parametrize("size", [(1, 2), (8, 15)])
def test_version_page_query_count_does_not_grow(client, program_staff, django_assert_max_num_queries, size):
    domains, per_domain = size
    version = framework_with_content(domains=domains, per_domain=per_domain)
    draft = services.draft_next_version(version, "next")
    client.force_login(program_staff)
    with django_assert_max_num_queries(10):
        response = client.get(_detail(draft))
    assert response.status_code == 200
    assert response.content.decode().count('class="badge text-bg-light border align-self-start"') == (
        domains * per_domain
    )
