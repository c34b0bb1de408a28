"""The network overview (programs:team_overview): who may see it, which schools it lists, the plan status
at a glance, the totals, the filters and the pagination."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from leaderdev.models import SchoolLevel
from leaderdev.permissions import Role
from programs.models import PlanStatus, StepStatus, TeamKind
from tests.factories import PersonFactory
from tests.factories.district import NetworkFactory, NetworkSupportMemberFactory, SchoolFactory
from tests.factories.teams import (
    ActionStepFactory,
    CallToActionPlanFactory,
    CheckInFactory,
    GoalTargetFactory,
    InitiativeFactory,
    SchoolTeamFactory,
    StrategicGoalFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("programs:team_overview")


# --- Data shared by the network modules ------------------------------------------------------------------


def today():
    return timezone.localdate()


def network_staff_of(make_user, *networks):
    """A network-staff user on the support team of `networks`."""
    user = make_user(Role.NETWORK_STAFF)
    person = PersonFactory(user=user, school=None, position="central_office", tier="")
    for network in networks:
        NetworkSupportMemberFactory(network=network, person=person)
    return user


def plan_with_targets(school, school_year, *values, status=PlanStatus.ADOPTED):
    """A plan of `school` with one target (40 -> 60) per value: None = no check-in, "due" = a target due
    yesterday still at its baseline (behind whatever the date), a number = a check-in at that value on a
    target due next year (at least 90% of the way is on track whatever the date)."""
    plan = CallToActionPlanFactory(school=school, school_year=school_year, status=status)
    goal = StrategicGoalFactory(plan=plan)
    for value in values:
        if value == "due":
            target = GoalTargetFactory(goal=goal, due_date=today() - datetime.timedelta(days=1))
            CheckInFactory(target=target, value=Decimal("40"), checked_on=today())
            continue
        target = GoalTargetFactory(goal=goal, due_date=today() + datetime.timedelta(days=365))
        if value is not None:
            CheckInFactory(
                target=target, value=Decimal(value), checked_on=today() - datetime.timedelta(days=3)
            )
    return plan


def initiative_with_steps(school, school_year, *statuses, overdue=0, title="Student-work analysis"):
    """An initiative of the school's pipeline team with a step per status, and `overdue` steps past due."""
    initiative = InitiativeFactory(
        team=SchoolTeamFactory(school=school, kind=TeamKind.PIPELINE), school_year=school_year, title=title
    )
    for status in statuses:
        ActionStepFactory(
            initiative=initiative, status=status, due_date=today() + datetime.timedelta(days=30)
        )
    for _ in range(overdue):
        ActionStepFactory(initiative=initiative, due_date=today() - datetime.timedelta(days=2))
    return initiative


@pytest.fixture
def district(school_year):
    """North (Adams behind, Baker not yet measured) and South (Carver met, Dunbar a draft, Eliot none)."""
    north, south = NetworkFactory(name="North"), NetworkFactory(name="South")
    adams = SchoolFactory(name="Adams Elementary", network=north, level=SchoolLevel.ELEMENTARY)
    baker = SchoolFactory(name="Baker Middle", network=north, level=SchoolLevel.MIDDLE)
    carver = SchoolFactory(name="Carver High", network=south, level=SchoolLevel.HIGH)
    dunbar = SchoolFactory(name="Dunbar K-8", network=south, level=SchoolLevel.K8)
    eliot = SchoolFactory(name="Eliot Elementary", network=south, level=SchoolLevel.ELEMENTARY)
    plan_with_targets(adams, school_year, "due", "58")
    plan_with_targets(baker, school_year, "58", None)
    plan_with_targets(carver, school_year, "60", "61")
    plan_with_targets(dunbar, school_year, status=PlanStatus.DRAFT)
    initiative_with_steps(adams, school_year, StepStatus.DONE, StepStatus.IN_PROGRESS, overdue=2)
    initiative_with_steps(carver, school_year, StepStatus.DONE, StepStatus.DONE, StepStatus.DROPPED)
    return {"north": north, "south": south, "adams": adams, "baker": baker, "carver": carver,
            "dunbar": dunbar, "eliot": eliot}  # fmt: skip


def rows_of(response):
    return {row.school.name: row for row in response.context["page"].object_list}


# --- Who may see it ---------------------------------------------------------------------------------------


def test_program_staff_see_every_school(client, program_staff, district):
    client.force_login(program_staff)
    response = client.get(URL)
    assert response.status_code == 200
    assert set(rows_of(response)) == {
        "Adams Elementary", "Baker Middle", "Carver High", "Dunbar K-8", "Eliot Elementary"
    }  # fmt: skip
    assert "School teams: 2026-2027" in response.content.decode()


def test_network_staff_see_only_their_networks_schools(client, make_user, district):
    client.force_login(network_staff_of(make_user, district["north"]))
    response = client.get(URL)
    assert response.status_code == 200
    assert set(rows_of(response)) == {"Adams Elementary", "Baker Middle"}
    html = response.content.decode()
    assert "Carver High" not in html and "South" not in html
    assert [n.name for n in response.context["overview"].networks] == ["North"]


def test_network_staff_cannot_filter_their_way_into_another_network(client, make_user, district):
    client.force_login(network_staff_of(make_user, district["north"]))
    response = client.get(URL, {"network": district["south"].pk})
    assert "network" in response.context["filter"].form.errors  # South is not theirs to pick
    assert set(rows_of(response)) == {"Adams Elementary", "Baker Middle"}  # and they still see only theirs
    assert "Carver High" not in response.content.decode()


def test_network_staff_without_a_network_see_no_school(client, make_user, district):
    client.force_login(make_user(Role.NETWORK_STAFF))
    response = client.get(URL)
    assert response.status_code == 200
    assert rows_of(response) == {}


def test_it_requires_program_or_network_staff(client, leader, district):
    client.force_login(leader)
    assert client.get(URL).status_code == 403


def test_it_sends_anonymous_users_to_log_in(client, district):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_rejects_post(client, program_staff):
    client.force_login(program_staff)
    assert client.post(URL).status_code == 405


# --- What it shows ----------------------------------------------------------------------------------------


def test_it_shows_each_plans_status_at_a_glance(client, program_staff, district):
    client.force_login(program_staff)
    rows = rows_of(client.get(URL))
    assert {name: row.health.label for name, row in rows.items()} == {
        "Adams Elementary": "Behind",
        "Baker Middle": "Awaiting check-ins",
        "Carver High": "Targets met",
        "Dunbar K-8": "Draft",
        "Eliot Elementary": "No plan",
    }
    adams = rows["Adams Elementary"]
    assert (adams.targets_on_track, len(adams.targets)) == (1, 2)
    assert adams.percent == 45  # (0% + 90%) / 2
    assert adams.last_check_in == today()
    assert (adams.steps.done, adams.steps.total, adams.steps.overdue) == (1, 4, 2)
    carver = rows["Carver High"]
    assert (carver.steps.done, carver.steps.total, carver.steps.percent_done) == (2, 2, 100)  # dropped leaves


def test_it_shows_the_status_in_words_and_links_each_school(client, program_staff, district):
    client.force_login(program_staff)
    html = client.get(URL).content.decode()
    assert ">Behind</span>" in html and ">No plan</span>" in html and ">Targets met</span>" in html
    assert "1 of 4 (25%)" in html
    assert "2 overdue" in html


def test_it_totals_the_schools_and_each_network(client, program_staff, district):
    client.force_login(program_staff)
    overview = client.get(URL).context["overview"]
    totals = overview.totals
    assert (totals.schools, totals.adopted, totals.drafts, totals.no_plan, totals.behind) == (5, 3, 1, 1, 1)
    assert totals.targets == {"met": 2, "on_track": 2, "behind": 1, "no_data": 1}
    assert (totals.steps.done, totals.steps.total, totals.steps.overdue) == (3, 6, 2)
    north, south = overview.networks
    assert (north.name, north.totals.schools, north.totals.adopted, north.totals.behind) == ("North", 2, 2, 1)
    assert (north.totals.steps.percent_done, north.totals.steps.overdue) == (25, 2)
    assert (south.name, south.totals.schools, south.totals.adopted, south.totals.steps.percent_done) == (
        "South", 3, 1, 100
    )  # fmt: skip


def test_it_shows_another_year(client, program_staff, district, school_year):
    from tests.factories import SchoolYearFactory

    last_year = SchoolYearFactory(
        name="2025-2026", start_date=datetime.date(2025, 8, 25), end_date=datetime.date(2026, 6, 26),
        is_current=False,
    )  # fmt: skip
    plan_with_targets(district["eliot"], last_year, "60")
    client.force_login(program_staff)
    rows = rows_of(client.get(URL, {"year": last_year.pk}))
    assert rows["Eliot Elementary"].health.label == "Targets met"
    assert rows["Adams Elementary"].health.label == "No plan"


# --- Filters and pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"network": "south"}, {"Carver High", "Dunbar K-8", "Eliot Elementary"}),
        ({"level": SchoolLevel.ELEMENTARY}, {"Adams Elementary", "Eliot Elementary"}),
        ({"health": "behind"}, {"Adams Elementary"}),
        ({"health": "no_plan"}, {"Eliot Elementary"}),
        ({"overdue": "yes"}, {"Adams Elementary"}),
        ({"overdue": "no", "network": "north"}, {"Baker Middle"}),
        ({"q": "carv"}, {"Carver High"}),
    ],
)
def test_it_filters_the_schools(client, program_staff, district, params, expected):
    if "network" in params:
        params = {**params, "network": district[params["network"]].pk}
    client.force_login(program_staff)
    response = client.get(URL, params)
    assert set(rows_of(response)) == expected
    assert response.context["overview"].totals.schools == len(expected)


def test_it_pages_fifty_schools_and_keeps_the_filters(client, program_staff, school_year):
    network = NetworkFactory(name="Big")
    for n in range(55):
        SchoolFactory(name=f"School {n:02d}", network=network, level=SchoolLevel.HIGH)
    client.force_login(program_staff)
    first = client.get(URL, {"level": SchoolLevel.HIGH})
    assert len(first.context["page"].object_list) == 50
    html = first.content.decode()
    assert "Page 1 of 2" in html
    assert f"level=high&amp;year={school_year.pk}&amp;page=2" in html or (
        f"year={school_year.pk}&amp;level=high&amp;page=2" in html
    )
    second = client.get(URL, {"level": SchoolLevel.HIGH, "page": 2})
    assert [row.school.name for row in second.context["page"].object_list] == [
        f"School {n}" for n in range(50, 55)
    ]
    assert second.context["overview"].totals.schools == 55  # the totals count every page
