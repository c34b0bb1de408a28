"""The residency plan page: who may read it, what it shows (hours against the required hours, the weekly
table with its running total, milestones, reflections), which actions it offers whom, its query count;
and /fellowships/my-residency/, the fellow's way in."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from competencies.models import Competency
from fellowships.models import FellowStatus
from fellowships.queries.residency import hours_progress
from leaderdev.permissions import Role
from tests.factories import UserFactory
from tests.factories.fellowships import HoursEntryFactory, MilestoneFactory, ReflectionFactory

from .plan_helpers import cohort_under_way, make_plan, text, today, weeks_ago

pytestmark = pytest.mark.django_db


def page_url(plan):
    return reverse("fellowships:residency_detail", args=[plan.residency.pk])


@pytest.fixture
def plan(school_year):
    return make_plan()


def get_as(client, user, url):
    client.force_login(user)
    return client.get(url)


# --- Who may read it -----------------------------------------------------------------------------------


def test_the_fellow_reads_their_plan(client, plan):
    response = get_as(client, plan.fellow_user, page_url(plan))
    assert response.status_code == 200
    page = text(response.content.decode())
    assert "Residency plan: Amara Okafor" in page
    assert "Host principal Renée Castillo" in page
    assert "Host school Castillo Elementary" in page


def test_the_host_reads_the_plan_of_the_fellow_they_host(client, plan):
    assert get_as(client, plan.host_user, page_url(plan)).status_code == 200


def test_program_staff_read_any_plan(client, plan, program_staff):
    assert get_as(client, program_staff, page_url(plan)).status_code == 200


def test_another_fellow_gets_404(client, plan):
    other = make_plan(plan.cohort, fellow_name=("Jonah", "Berg"), host_name=("Ines", "Duarte"))
    assert get_as(client, other.fellow_user, page_url(plan)).status_code == 404


def test_another_host_gets_404(client, plan):
    other = make_plan(plan.cohort, fellow_name=("Jonah", "Berg"), host_name=("Ines", "Duarte"))
    assert get_as(client, other.host_user, page_url(plan)).status_code == 404


def test_a_leader_with_no_part_in_it_gets_404(client, plan, leader):
    assert get_as(client, leader, page_url(plan)).status_code == 404


def test_a_role_outside_the_fellowship_gets_403(client, plan, make_user):
    assert get_as(client, make_user(Role.RECRUITMENT_STAFF), page_url(plan)).status_code == 403


def test_anonymous_is_sent_to_log_in(client, plan):
    response = client.get(page_url(plan))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_rejects_post(client, plan):
    client.force_login(plan.fellow_user)
    assert client.post(page_url(plan)).status_code == 405


# --- Hours -----------------------------------------------------------------------------------------


def test_the_progress_bar_has_its_numbers_in_words(client, plan):
    HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(2), hours=10)
    HoursEntryFactory(
        residency=plan.residency, week_of=weeks_ago(1), hours=Decimal("12.5"), signed_off_at=timezone.now()
    )
    page = text(get_as(client, plan.fellow_user, page_url(plan)).content.decode())
    expected = hours_progress(plan.residency).expected_by_now
    assert "22.5 of 500 hours logged (4%)" in page
    assert "12.5 signed off by the host" in page
    assert "10 waiting for sign-off" in page
    assert f"{expected.normalize():f} expected by now at an even pace" in page
    assert f"{(expected - Decimal('22.5')).normalize():f} hours behind" in page


def test_a_fellow_on_pace_is_told_so(client, plan):
    for n in (1, 2, 3):  # 180 hours, twelve weeks into a 42-week residency (an even pace: about 143)
        HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(n), hours=60)
    page = text(get_as(client, plan.fellow_user, page_url(plan)).content.decode())
    assert "On pace" in page and "hours behind" not in page


def test_the_weeks_are_newest_first_with_a_running_total(client, plan):
    for n, hours in ((3, 8), (2, 10), (1, 12)):
        HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(n), hours=hours)
    html = get_as(client, plan.fellow_user, page_url(plan)).content.decode()
    rows = [text(row) for row in html.split("<tr id=")[1:]]
    assert [row.split('"')[1] for row in rows] == [
        f"week-{pk}" for pk in plan.residency.hours.order_by("-week_of").values_list("pk", flat=True)
    ]
    assert f"{weeks_ago(1):%b} {weeks_ago(1).day}, {weeks_ago(1):%Y} 12 30" in rows[0]
    assert f"{weeks_ago(3):%b} {weeks_ago(3).day}, {weeks_ago(3):%Y} 8 8" in rows[2]


def test_a_week_shows_its_competencies_by_code_named_in_the_title(client, plan, framework_v4):
    competency = Competency.objects.of_version(framework_v4).get(domain__number=2, number=1)
    entry = HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(1))
    entry.competencies.set([competency])
    html = get_as(client, plan.fellow_user, page_url(plan)).content.decode()
    assert f'title="{competency.short_statement}">2.1<' in html.replace("&#x27;", "'")


def test_a_signed_off_week_says_by_whom_and_when(client, plan):
    signer = plan.host_user
    HoursEntryFactory(
        residency=plan.residency,
        week_of=weeks_ago(1),
        signed_off_at=timezone.make_aware(datetime.datetime(2026, 11, 20, 15, 0)),
        signed_off_by=signer,
    )
    page = text(get_as(client, plan.fellow_user, page_url(plan)).content.decode())
    assert "Led the grade 4 data meeting. ✓ Signed off by Renée Castillo Nov 20" in page


def test_the_fellow_may_log_and_correct_but_not_sign_off(client, plan):
    waiting = HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(2))
    signed = HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(1), signed_off_at=timezone.now())
    html = get_as(client, plan.fellow_user, page_url(plan)).content.decode()
    assert reverse("fellowships:hours_new", args=[plan.residency.pk]) in html
    assert reverse("fellowships:hours_edit", args=[waiting.pk]) in html
    assert reverse("fellowships:hours_edit", args=[signed.pk]) not in html
    assert reverse("fellowships:hours_sign_off", args=[waiting.pk]) not in html
    assert reverse("fellowships:hours_sign_off_all", args=[plan.residency.pk]) not in html


def test_the_host_may_sign_off_and_reopen_but_not_log(client, plan):
    waiting = HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(2))
    signed = HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(1), signed_off_at=timezone.now())
    html = get_as(client, plan.host_user, page_url(plan)).content.decode()
    assert reverse("fellowships:hours_sign_off", args=[waiting.pk]) in html
    assert reverse("fellowships:hours_reopen", args=[signed.pk]) in html
    assert "Sign off all 1 pending week" in text(html)
    assert reverse("fellowships:hours_new", args=[plan.residency.pk]) not in html
    assert reverse("fellowships:hours_edit", args=[waiting.pk]) not in html
    assert reverse("fellowships:reflection_new", args=[plan.residency.pk]) not in html


def test_a_withdrawn_fellow_is_offered_no_changes(client, plan):
    plan.fellow.status = FellowStatus.WITHDRAWN
    plan.fellow.save()
    html = get_as(client, plan.fellow_user, page_url(plan)).content.decode()
    assert "Withdrawn" in text(html)
    assert reverse("fellowships:hours_new", args=[plan.residency.pk]) not in html


# --- Milestones ------------------------------------------------------------------------------------


def test_each_milestone_shows_its_status(client, plan):
    day = datetime.timedelta(days=1)
    MilestoneFactory(residency=plan.residency, title="Lead a data cycle", due_on=today() + 20 * day)
    MilestoneFactory(residency=plan.residency, title="Observe three classrooms", due_on=today() - day)
    MilestoneFactory(
        residency=plan.residency, title="Plan a PD session", due_on=today() - 9 * day, completed_on=today()
    )
    MilestoneFactory(
        residency=plan.residency,
        title="Entry plan",
        due_on=today() - 30 * day,
        completed_on=today() - 31 * day,
        evidence_note="Shared with the ILT.",
        signed_off_at=timezone.now(),
        signed_off_by=plan.host_user,
    )
    page = text(get_as(client, plan.fellow_user, page_url(plan)).content.decode())
    assert "Entry plan Signed off" in page
    assert "Plan a PD session Completed · awaiting sign-off" in page
    assert "Observe three classrooms Overdue" in page
    assert "Lead a data cycle Due" in page
    assert "What you did: Shared with the ILT." in page


def test_milestone_actions_follow_the_role(client, plan):
    open_one = MilestoneFactory(residency=plan.residency, title="Open", due_on=today())
    done = MilestoneFactory(residency=plan.residency, title="Done", due_on=today(), completed_on=today())
    fellow_html = get_as(client, plan.fellow_user, page_url(plan)).content.decode()
    assert reverse("fellowships:milestone_complete", args=[open_one.pk]) in fellow_html
    assert reverse("fellowships:milestone_undo", args=[done.pk]) in fellow_html
    assert reverse("fellowships:milestone_sign_off", args=[done.pk]) not in fellow_html
    host_html = get_as(client, plan.host_user, page_url(plan)).content.decode()
    assert reverse("fellowships:milestone_sign_off", args=[done.pk]) in host_html
    assert reverse("fellowships:milestone_complete", args=[open_one.pk]) not in host_html


# --- Reflections -----------------------------------------------------------------------------------


def reflections(plan):
    ReflectionFactory(residency=plan.residency, title="Leading the ILT", body="The agenda held.")
    ReflectionFactory(
        residency=plan.residency,
        title="Doubts about June",
        body="I am not sure I am ready for my own school.",
        shared_with_host=False,
    )


def test_the_host_never_sees_an_unshared_reflection(client, plan):
    reflections(plan)
    html = get_as(client, plan.host_user, page_url(plan)).content.decode()
    assert "Leading the ILT" in html and "The agenda held." in html
    assert "Doubts about June" not in html
    assert "I am not sure I am ready" not in html


def test_the_fellow_and_staff_see_every_reflection(client, plan, program_staff):
    reflections(plan)
    for user in (plan.fellow_user, program_staff):
        page = text(get_as(client, user, page_url(plan)).content.decode())
        assert "Doubts about June Not shared with the host" in page
        assert "I am not sure I am ready for my own school." in page


# --- Cost ------------------------------------------------------------------------------------------


def fill(plan, weeks, framework_v4):
    competencies = list(Competency.objects.of_version(framework_v4)[:3])
    for n in range(weeks):
        entry = HoursEntryFactory(
            residency=plan.residency,
            week_of=weeks_ago(n + 1),
            signed_off_at=timezone.now() if n % 2 else None,
        )
        entry.competencies.set(competencies)
    for n in range(weeks // 3):
        milestone = MilestoneFactory(
            residency=plan.residency, due_on=today(), completed_on=today() if n else None
        )
        milestone.competencies.set(competencies)
        ReflectionFactory(residency=plan.residency, title=f"Reflection {n}").competencies.set(competencies)


@pytest.mark.parametrize("weeks", [3, 30])
def test_the_page_costs_the_same_queries_at_any_size(
    client, plan, framework_v4, weeks, django_assert_max_num_queries
):
    plan.cohort.residency_starts_on = weeks_ago(31)
    plan.cohort.save()
    fill(plan, weeks, framework_v4)
    client.force_login(plan.fellow_user)
    with django_assert_max_num_queries(10):
        response = client.get(page_url(plan))
    assert response.status_code == 200
    assert text(response.content.decode()).count("Correct the week of") == (weeks + 1) // 2


# --- My residency ----------------------------------------------------------------------------------

MY_RESIDENCY = reverse("fellowships:my_residency")


def test_my_residency_takes_the_fellow_to_their_plan(client, plan):
    client.force_login(plan.fellow_user)
    response = client.get(MY_RESIDENCY)
    assert response.status_code == 302
    assert response["Location"] == page_url(plan)


def test_my_residency_prefers_this_years_residency(client, plan):
    from tests.factories.district import SchoolYearFactory
    from tests.factories.fellowships import ResidencyFactory

    last_year = cohort_under_way(
        school_year=SchoolYearFactory(
            name="2025-2026",
            start_date=datetime.date(2025, 9, 1),
            end_date=datetime.date(2026, 6, 30),
            is_current=False,
        ),
        residency_starts_on=datetime.date(2025, 9, 1),
        residency_ends_on=datetime.date(2026, 6, 19),
    )
    ResidencyFactory(fellow__application__cohort=last_year, fellow__application__person=plan.fellow.person)
    client.force_login(plan.fellow_user)
    assert client.get(MY_RESIDENCY)["Location"] == page_url(plan)


def test_my_residency_explains_when_there_is_none(client, leader):
    client.force_login(leader)
    response = client.get(MY_RESIDENCY)
    assert response.status_code == 200
    assert "You have no residency plan" in text(response.content.decode())


def test_my_residency_ignores_a_withdrawn_fellowship(client, plan):
    plan.fellow.status = FellowStatus.WITHDRAWN
    plan.fellow.save()
    client.force_login(plan.fellow_user)
    assert client.get(MY_RESIDENCY).status_code == 200


def test_my_residency_requires_a_portal_or_staff_role(client, make_user):
    client.force_login(make_user(Role.LICENSURE_TEAM))
    assert client.get(MY_RESIDENCY).status_code == 403


def test_my_residency_sends_anonymous_to_log_in(client):
    assert client.get(MY_RESIDENCY)["Location"].startswith(reverse("login"))


def test_my_residency_rejects_post(client, plan):
    client.force_login(plan.fellow_user)
    assert client.post(MY_RESIDENCY).status_code == 405


def test_a_user_without_a_login_role_is_refused(client, plan):
    client.force_login(UserFactory())
    assert client.get(page_url(plan)).status_code == 403


# --- Links -----------------------------------------------------------------------------------------------


def test_staff_get_the_staff_links(client, plan, program_staff):
    html = get_as(client, program_staff, page_url(plan)).content.decode()
    assert reverse("fellowships:fellow_profile", args=[plan.fellow.pk]) in html
    assert reverse("fellowships:fellow_detail", args=[plan.fellow.pk]) in html
    assert reverse("fellowships:cohort_detail", args=[plan.cohort.pk]) in html


def test_the_host_gets_no_staff_links(client, plan):
    html = get_as(client, plan.host_user, page_url(plan)).content.decode()
    assert reverse("fellowships:fellow_profile", args=[plan.fellow.pk]) not in html
    assert reverse("fellowships:fellow_detail", args=[plan.fellow.pk]) not in html
    assert reverse("fellowships:cohort_detail", args=[plan.cohort.pk]) not in html
    assert reverse("fellowships:my_profile") not in html


def test_the_fellow_is_pointed_at_their_public_profile(client, plan):
    html = get_as(client, plan.fellow_user, page_url(plan)).content.decode()
    assert reverse("fellowships:my_profile") in html
    assert reverse("fellowships:fellow_detail", args=[plan.fellow.pk]) not in html
