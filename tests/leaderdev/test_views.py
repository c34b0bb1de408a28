"""Home routing, the staff dashboard, the staff directory and the portal: role by role."""

import pytest
from django.urls import reverse

from leaderdev.permissions import Role
from tests.factories import PersonFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- home --------------------------------------------------------------------------------------------


def test_home_sends_anonymous_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"


def test_home_sends_staff_to_dashboard(client, program_staff):
    client.force_login(program_staff)
    assert client.get("/").url == reverse("staff_dashboard")


def test_home_sends_network_staff_to_their_schools_teams(client, make_user):
    client.force_login(make_user(Role.NETWORK_STAFF))
    assert client.get("/").url == reverse("programs:team_overview")


def test_home_sends_office_staff_who_also_support_a_network_to_the_dashboard(client, make_user):
    client.force_login(make_user(Role.PROGRAM_STAFF, Role.NETWORK_STAFF))
    assert client.get("/").url == reverse("staff_dashboard")


@pytest.mark.parametrize("role", [Role.LEADER, Role.MENTOR, Role.COACH])
def test_home_sends_portal_roles_with_a_staff_record_to_portal(client, make_user, role):
    user = make_user(role)
    PersonFactory(user=user)
    client.force_login(user)
    assert client.get("/").url == reverse("portal")


def test_home_sends_a_partner_coach_to_the_leaders_they_coach(client, make_user):
    client.force_login(make_user(Role.COACH))  # partner coaches have no staff record
    assert client.get("/").url == reverse("mentoring:my_people")


def test_the_portal_points_a_partner_coach_to_their_leaders(client, make_user):
    client.force_login(make_user(Role.COACH))
    html = client.get(reverse("portal")).content.decode()
    assert reverse("mentoring:my_people") in html
    assert "not yet linked" not in html


def test_home_explains_a_missing_role(client, db):
    client.force_login(UserFactory())
    response = client.get("/")
    assert response.status_code == 403
    assert b"no role yet" in response.content


# --- staff dashboard ---------------------------------------------------------------------------------


def test_dashboard_counts_the_district(client, program_staff, school_year):
    PersonFactory.create_batch(2)  # first-year principals by default
    client.force_login(program_staff)
    response = client.get(reverse("staff_dashboard"))
    assert response.status_code == 200
    summary = response.context["summary"]
    assert (summary["people"], summary["school_leaders"], summary["new_leaders"]) == (2, 2, 2)
    assert summary["school_year"] == school_year


@pytest.mark.parametrize("role", [Role.RECRUITMENT_STAFF, Role.LICENSURE_TEAM])
def test_dashboard_admits_every_office_team(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("staff_dashboard")).status_code == 200


def test_dashboard_refuses_leaders(client, leader):
    client.force_login(leader)
    assert client.get(reverse("staff_dashboard")).status_code == 403


def test_dashboard_requires_login(client):
    assert client.get(reverse("staff_dashboard")).status_code == 302


def test_dashboard_rejects_post(client, program_staff):
    client.force_login(program_staff)
    assert client.post(reverse("staff_dashboard")).status_code == 405


def test_dashboard_says_when_no_year_is_current(client, program_staff):
    client.force_login(program_staff)
    assert b"No current school year" in client.get(reverse("staff_dashboard")).content


def test_dashboard_query_count_does_not_grow(
    client, program_staff, school_year, django_assert_max_num_queries
):
    client.force_login(program_staff)
    PersonFactory.create_batch(3)
    with django_assert_max_num_queries(12):
        client.get(reverse("staff_dashboard"))
    PersonFactory.create_batch(30)
    with django_assert_max_num_queries(12):
        client.get(reverse("staff_dashboard"))


# --- staff directory ---------------------------------------------------------------------------------


def test_people_lists_everyone_for_staff(client, program_staff, school_year):
    people = PersonFactory.create_batch(3)
    client.force_login(program_staff)
    response = client.get(reverse("people"))
    assert response.status_code == 200
    assert {p.pk for p in response.context["page"]} == {p.pk for p in people}


def test_people_filters_new_leaders(client, program_staff, school_year):
    import datetime

    new = PersonFactory(role_start_date=datetime.date(2025, 9, 1))  # second year in 2026-2027
    PersonFactory(role_start_date=datetime.date(2019, 8, 1))  # veteran
    client.force_login(program_staff)
    response = client.get(reverse("people"), {"new_leaders": "true"})
    assert [p.pk for p in response.context["page"]] == [new.pk]


def test_people_filters_by_school_level_and_search(client, program_staff, school_year):
    high = PersonFactory(last_name="Zamora", school=SchoolFactory(level="high"))
    PersonFactory(last_name="Zamora")
    client.force_login(program_staff)
    response = client.get(reverse("people"), {"level": "high", "q": "zamo"})
    assert [p.pk for p in response.context["page"]] == [high.pk]


def test_people_ignores_malformed_filters(client, program_staff, school_year):
    PersonFactory()
    client.force_login(program_staff)
    response = client.get(reverse("people"), {"network": "not-a-number", "page": "x", "level": "moon"})
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_people_refuses_leaders(client, leader):
    client.force_login(leader)
    assert client.get(reverse("people")).status_code == 403


def test_people_query_count_does_not_grow(client, program_staff, school_year, django_assert_max_num_queries):
    client.force_login(program_staff)
    PersonFactory.create_batch(3)
    with django_assert_max_num_queries(10):
        client.get(reverse("people"))
    PersonFactory.create_batch(60)
    with django_assert_max_num_queries(10):
        client.get(reverse("people"))


# --- portal ------------------------------------------------------------------------------------------


def test_portal_shows_the_leaders_own_record(client, leader, school_year):
    client.force_login(leader)
    response = client.get(reverse("portal"))
    assert response.status_code == 200
    assert response.context["person"] == leader.person
    assert response.context["year_in_role"] == 1
    assert leader.person.school.name.encode() in response.content


def test_portal_never_shows_someone_else(client, leader, school_year):
    other = PersonFactory(first_name="Somebodyelse")
    client.force_login(leader)
    response = client.get(reverse("portal"))
    assert other.first_name.encode() not in response.content
    assert other.email.encode() not in response.content


def test_portal_explains_an_unlinked_login(client, make_user, school_year):
    client.force_login(make_user(Role.LEADER))
    response = client.get(reverse("portal"))
    assert response.status_code == 200
    assert response.context["person"] is None
    assert b"not yet linked" in response.content


def test_portal_refuses_staff_without_portal_role(client, make_user):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    assert client.get(reverse("portal")).status_code == 403


def test_portal_requires_login(client):
    response = client.get(reverse("portal"))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_portal_shows_each_apps_sections_by_order(client, leader, school_year, monkeypatch):
    from leaderdev import portal as registry

    registry.section_builders()  # discover the apps' sections before taking a copy to add to
    monkeypatch.setattr(registry, "_builders", dict(registry._builders))

    @registry.portal_section(order=15)
    def between_plan_and_sessions(request, person, school_year):
        return registry.PortalSection("A later app's block", "partials/messages.html", {})

    @registry.portal_section(order=16)
    def nothing_to_say(request, person, school_year):
        return None

    client.force_login(leader)
    response = client.get(reverse("portal"))
    titles = [section.title for section in response.context["sections"]]
    assert titles[:3] == ["My PD plan", "A later app's block", "My upcoming sessions"]
    assert 'aria-labelledby="a-later-apps-block-heading"' in response.content.decode()


def test_portal_has_no_sections_for_an_unlinked_login(client, make_user, school_year):
    client.force_login(make_user(Role.LEADER))
    assert client.get(reverse("portal")).context["sections"] == []


# --- navigation --------------------------------------------------------------------------------------


def test_navigation_follows_roles(client, make_user):
    client.force_login(make_user(Role.LEADER))
    response = client.get(reverse("portal"))
    labels = [label for label, _ in response.context["nav_items"]]
    assert labels == ["My portal", "My plan", "My growth", "My interviews", "My reminders"]


def test_navigation_for_staff_links_admin(client, program_staff):
    client.force_login(program_staff)
    labels = [label for label, _ in client.get(reverse("staff_dashboard")).context["nav_items"]]
    assert labels == [
        "Dashboard",
        "People",
        "Notifications",
        "Programs",
        "Mentoring",
        "Fellowship",
        "My reminders",
        "Admin",
    ]
    programs = dict(response_items(client))["Programs"]
    assert [child.label for child in programs] == [
        "Offerings",
        "Equity rule",
        "School teams",
        "Spotlights",
        "School rubric",
        "Competencies",
    ]


def test_navigation_for_network_staff_leads_to_their_schools_teams(client, make_user):
    client.force_login(make_user(Role.NETWORK_STAFF))
    response = client.get(reverse("programs:team_overview"))
    assert [(label, target) for label, target in response.context["nav_items"]] == [
        ("School teams", reverse("programs:team_overview")),
        ("Spotlights", reverse("programs:spotlight_list")),
        ("My reminders", reverse("notification_preferences")),
    ]
    assert response.context["nav_current"] == "School teams"


def response_items(client):
    return client.get(reverse("staff_dashboard")).context["nav_items"]


def test_navigation_groups_a_staff_members_own_pages(client, make_user):
    client.force_login(make_user(Role.PROGRAM_STAFF, Role.MENTOR))
    items = dict(response_items(client))
    assert [child.label for child in items["My pages"]] == [
        "My portal",
        "My plan",
        "My growth",
        "My mentees",
        "My interviews",
        "My reminders",
    ]


def test_navigation_marks_the_group_of_the_current_page(client, program_staff):
    client.force_login(program_staff)
    response = client.get(reverse("programs:equity_compliance"))
    assert response.context["nav_current"] == "Programs"
    assert 'class="nav-link dropdown-toggle text-nowrap active"' in response.content.decode()


def test_navigation_for_the_licensure_team_leads_to_the_board(client, make_user):
    client.force_login(make_user(Role.LICENSURE_TEAM))
    labels = [label for label, _ in client.get(reverse("staff_dashboard")).context["nav_items"]]
    assert labels == ["Dashboard", "People", "Notifications", "Competencies", "Licensure", "My reminders"]


def test_navigation_gives_coaches_no_interviews(client, make_user):
    client.force_login(make_user(Role.COACH))
    labels = [label for label, _ in client.get(reverse("portal")).context["nav_items"]]
    assert "My interviews" not in labels


def test_people_can_exclude_new_leaders(client, program_staff, school_year):
    import datetime

    PersonFactory(role_start_date=datetime.date(2026, 9, 1))
    veteran = PersonFactory(role_start_date=datetime.date(2019, 8, 1))
    client.force_login(program_staff)
    response = client.get(reverse("people"), {"new_leaders": "false"})
    assert [p.pk for p in response.context["page"]] == [veteran.pk]


def test_navigation_for_recruiters_has_no_rubric(client, make_user):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    labels = [label for label, _ in client.get(reverse("staff_dashboard")).context["nav_items"]]
    assert labels == [
        "Dashboard",
        "People",
        "Notifications",
        "Competencies",
        "Recruitment",
        "My pages",
    ]


def test_portal_links_to_competencies(client, leader, school_year):
    client.force_login(leader)
    content = client.get(reverse("portal")).content.decode()
    assert reverse("competencies:self_assessment") in content
    assert reverse("competencies:my_growth") in content
