"""Weekly hours: the fellow logs a week (any day of it files under its Monday) and corrects a week not
signed off; the host or staff sign off one week or all pending weeks, and reopen one. Each action is a
POST of its own with its own permission check, re-read from the database."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from competencies.models import Competency
from fellowships.models import FellowStatus, HoursEntry
from fellowships.services import residency as services
from leaderdev.errors import DomainError
from leaderdev.permissions import Role
from tests.factories.fellowships import HoursEntryFactory

from .plan_helpers import make_plan, text, this_monday, today, weeks_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(school_year):
    return make_plan()


def new_url(plan):
    return reverse("fellowships:hours_new", args=[plan.residency.pk])


def edit_url(entry):
    return reverse("fellowships:hours_edit", args=[entry.pk])


def sign_off_url(entry):
    return reverse("fellowships:hours_sign_off", args=[entry.pk])


def reopen_url(entry):
    return reverse("fellowships:hours_reopen", args=[entry.pk])


def sign_off_all_url(plan):
    return reverse("fellowships:hours_sign_off_all", args=[plan.residency.pk])


def hours_data(**overrides):
    data = {"week_of": today().isoformat(), "hours": "12.5", "activities": "Ran the grade 5 data meeting."}
    data.update(overrides)
    return data


# --- Logging a week --------------------------------------------------------------------------------


def test_the_form_opens_on_this_week(client, plan):
    client.force_login(plan.fellow_user)
    response = client.get(new_url(plan))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{today().isoformat()}"' in html
    assert 'inputmode="decimal"' in html


def test_the_form_groups_the_office_competencies_by_domain(client, plan, framework_v4):
    client.force_login(plan.fellow_user)
    html = client.get(new_url(plan)).content.decode()
    assert html.count("<legend") == 4
    assert html.count('name="competencies"') == Competency.objects.of_version(framework_v4).count()


def test_the_fellow_logs_a_week_under_its_monday(client, plan, framework_v4):
    practised = list(Competency.objects.of_version(framework_v4)[:2])
    client.force_login(plan.fellow_user)
    day = weeks_ago(1) + datetime.timedelta(days=3)  # a Thursday
    response = client.post(
        new_url(plan), hours_data(week_of=day.isoformat(), competencies=[c.pk for c in practised])
    )
    entry = HoursEntry.objects.get(residency=plan.residency)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#week-{entry.pk}")
    assert entry.week_of == weeks_ago(1)
    assert entry.hours == Decimal("12.5")
    assert entry.activities == "Ran the grade 5 data meeting."
    assert set(entry.competencies.all()) == set(practised)
    assert entry.signed_off_at is None


def test_logging_says_what_was_logged(client, plan):
    client.force_login(plan.fellow_user)
    response = client.post(new_url(plan), hours_data(), follow=True)
    assert f"12.5 hours logged for the week of {this_monday():%B} {this_monday().day}." in text(
        response.content.decode()
    )


def test_a_week_already_logged_is_not_silently_replaced(client, plan):
    HoursEntryFactory(residency=plan.residency, week_of=this_monday(), hours=8)
    client.force_login(plan.fellow_user)
    response = client.post(new_url(plan), hours_data(hours="20"))
    assert response.status_code == 200
    assert "You already logged the week of" in text(response.content.decode())
    assert HoursEntry.objects.get(residency=plan.residency).hours == 8


def test_a_future_week_is_refused_with_the_reason(client, plan):
    client.force_login(plan.fellow_user)
    next_week = this_monday() + datetime.timedelta(weeks=1)
    response = client.post(new_url(plan), hours_data(week_of=next_week.isoformat()))
    assert response.status_code == 200
    assert "not a future one" in text(response.content.decode())
    assert not HoursEntry.objects.exists()


def test_a_week_before_the_residency_is_refused(client, plan):
    client.force_login(plan.fellow_user)
    before = plan.cohort.residency_starts_on - datetime.timedelta(weeks=2)
    response = client.post(new_url(plan), hours_data(week_of=before.isoformat()))
    assert "The residency runs from" in text(response.content.decode())
    assert not HoursEntry.objects.exists()


@pytest.mark.parametrize("hours", ["0", "0.2", "61", "1.25", "many"])
def test_impossible_hours_are_refused(client, plan, hours):
    client.force_login(plan.fellow_user)
    response = client.post(new_url(plan), hours_data(hours=hours))
    assert response.status_code == 200
    assert not HoursEntry.objects.exists()


def test_activities_are_required(client, plan):
    client.force_login(plan.fellow_user)
    response = client.post(new_url(plan), hours_data(activities="  "))
    assert response.status_code == 200
    assert not HoursEntry.objects.exists()


def test_a_withdrawn_fellow_cannot_log(client, plan):
    plan.fellow.status = FellowStatus.WITHDRAWN
    plan.fellow.save()
    client.force_login(plan.fellow_user)
    response = client.post(new_url(plan), hours_data())
    assert "can no longer change" in text(response.content.decode())
    assert not HoursEntry.objects.exists()


def test_the_host_cannot_log_hours(client, plan):
    client.force_login(plan.host_user)
    assert client.get(new_url(plan)).status_code == 403
    assert client.post(new_url(plan), hours_data()).status_code == 403
    assert not HoursEntry.objects.exists()


def test_staff_do_not_log_for_the_fellow(client, plan, program_staff):
    client.force_login(program_staff)
    assert client.post(new_url(plan), hours_data()).status_code == 403


def test_another_fellow_gets_404(client, plan):
    other = make_plan(plan.cohort, fellow_name=("Jonah", "Berg"), host_name=("Ines", "Duarte"))
    client.force_login(other.fellow_user)
    assert client.post(new_url(plan), hours_data()).status_code == 404
    assert not HoursEntry.objects.exists()


def test_logging_needs_a_fellowship_role(client, plan, make_user):
    client.force_login(make_user(Role.LICENSURE_TEAM))
    assert client.get(new_url(plan)).status_code == 403


def test_logging_sends_anonymous_to_log_in(client, plan):
    response = client.post(new_url(plan), hours_data())
    assert response["Location"].startswith(reverse("login"))
    assert not HoursEntry.objects.exists()


def test_logging_rejects_put(client, plan):
    client.force_login(plan.fellow_user)
    assert client.put(new_url(plan)).status_code == 405


def test_the_service_turns_a_model_error_into_a_domain_error(plan):
    with pytest.raises(DomainError, match="decimal place"):
        services.log_hours(plan.residency, week_of=today(), hours=Decimal("1.25"), activities="Walkthroughs")
    assert not HoursEntry.objects.exists()


# --- Correcting a week ------------------------------------------------------------------------------


def test_the_fellow_corrects_a_week(client, plan, framework_v4):
    entry = HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(1), hours=8)
    practised = Competency.objects.of_version(framework_v4).first()
    client.force_login(plan.fellow_user)
    assert f'value="{entry.week_of.isoformat()}"' in client.get(edit_url(entry)).content.decode()
    response = client.post(
        edit_url(entry),
        {
            "week_of": today().isoformat(),
            "hours": "9.5",
            "activities": "Fixed",
            "competencies": [practised.pk],
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.week_of, entry.hours, entry.activities) == (weeks_ago(1), Decimal("9.5"), "Fixed")
    assert list(entry.competencies.all()) == [practised]
    assert HoursEntry.objects.count() == 1  # the week stays put: the posted date is ignored


def test_a_signed_off_week_cannot_be_corrected(client, plan):
    entry = HoursEntryFactory(
        residency=plan.residency, week_of=weeks_ago(1), hours=8, signed_off_at=timezone.now()
    )
    client.force_login(plan.fellow_user)
    response = client.post(edit_url(entry), hours_data(hours="30"))
    assert response.status_code == 200
    assert "ask them to reopen it" in text(response.content.decode())
    entry.refresh_from_db()
    assert entry.hours == 8


def test_the_host_cannot_correct_a_week(client, plan):
    entry = HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(1), hours=8)
    client.force_login(plan.host_user)
    assert client.post(edit_url(entry), hours_data(hours="30")).status_code == 403
    entry.refresh_from_db()
    assert entry.hours == 8


def test_another_fellows_week_is_404(client, plan):
    entry = HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(1))
    other = make_plan(plan.cohort, fellow_name=("Jonah", "Berg"), host_name=("Ines", "Duarte"))
    client.force_login(other.fellow_user)
    assert client.get(edit_url(entry)).status_code == 404


# --- Signing off --------------------------------------------------------------------------------------


def test_the_host_signs_off_a_week(client, plan):
    entry = HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(1))
    client.force_login(plan.host_user)
    response = client.post(sign_off_url(entry))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#week-{entry.pk}")
    entry.refresh_from_db()
    assert entry.signed_off_at is not None
    assert entry.signed_off_by == plan.host_user


def test_staff_sign_off_a_week(client, plan, program_staff):
    entry = HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(1))
    client.force_login(program_staff)
    client.post(sign_off_url(entry))
    entry.refresh_from_db()
    assert entry.signed_off_by == program_staff


def test_signing_off_twice_keeps_the_first_sign_off(client, plan, program_staff):
    signed_at = timezone.now() - datetime.timedelta(days=3)
    entry = HoursEntryFactory(
        residency=plan.residency, week_of=weeks_ago(1), signed_off_at=signed_at, signed_off_by=plan.host_user
    )
    client.force_login(program_staff)
    response = client.post(sign_off_url(entry), follow=True)
    assert "was already signed off" in text(response.content.decode())
    entry.refresh_from_db()
    assert (entry.signed_off_at, entry.signed_off_by) == (signed_at, plan.host_user)


def test_the_fellow_cannot_sign_off_their_own_week(client, plan):
    entry = HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(1))
    client.force_login(plan.fellow_user)
    assert client.post(sign_off_url(entry)).status_code == 403
    entry.refresh_from_db()
    assert entry.signed_off_at is None


def test_another_host_cannot_sign_off(client, plan):
    entry = HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(1))
    other = make_plan(plan.cohort, fellow_name=("Jonah", "Berg"), host_name=("Ines", "Duarte"))
    client.force_login(other.host_user)
    assert client.post(sign_off_url(entry)).status_code == 404
    entry.refresh_from_db()
    assert entry.signed_off_at is None


def test_sign_off_rejects_get(client, plan):
    entry = HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(1))
    client.force_login(plan.host_user)
    assert client.get(sign_off_url(entry)).status_code == 405


def test_sign_off_sends_anonymous_to_log_in(client, plan):
    entry = HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(1))
    assert client.post(sign_off_url(entry))["Location"].startswith(reverse("login"))


def test_the_host_signs_off_every_pending_week_at_once(client, plan):
    earlier = timezone.now() - datetime.timedelta(days=9)
    signed = HoursEntryFactory(
        residency=plan.residency, week_of=weeks_ago(3), signed_off_at=earlier, signed_off_by=plan.host_user
    )
    pending = [HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(n)) for n in (1, 2)]
    other = make_plan(plan.cohort, fellow_name=("Jonah", "Berg"), host_name=("Ines", "Duarte"))
    elsewhere = HoursEntryFactory(residency=other.residency, week_of=weeks_ago(1))
    client.force_login(plan.host_user)
    response = client.post(sign_off_all_url(plan), follow=True)
    assert "2 weeks signed off." in text(response.content.decode())
    for entry in pending:
        entry.refresh_from_db()
        assert entry.signed_off_by == plan.host_user
    signed.refresh_from_db()
    assert signed.signed_off_at == earlier
    elsewhere.refresh_from_db()
    assert elsewhere.signed_off_at is None


def test_signing_off_all_with_nothing_pending_says_so(client, plan):
    client.force_login(plan.host_user)
    response = client.post(sign_off_all_url(plan), follow=True)
    assert "No week was waiting for your sign-off." in text(response.content.decode())


def test_the_fellow_cannot_sign_off_all(client, plan):
    entry = HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(1))
    client.force_login(plan.fellow_user)
    assert client.post(sign_off_all_url(plan)).status_code == 403
    entry.refresh_from_db()
    assert entry.signed_off_at is None


def test_another_host_cannot_sign_off_all(client, plan):
    other = make_plan(plan.cohort, fellow_name=("Jonah", "Berg"), host_name=("Ines", "Duarte"))
    client.force_login(other.host_user)
    assert client.post(sign_off_all_url(plan)).status_code == 404


def test_sign_off_all_rejects_get(client, plan):
    client.force_login(plan.host_user)
    assert client.get(sign_off_all_url(plan)).status_code == 405


# --- Reopening ----------------------------------------------------------------------------------------


def test_the_host_reopens_a_week_and_the_fellow_can_correct_it(client, plan):
    entry = HoursEntryFactory(
        residency=plan.residency,
        week_of=weeks_ago(1),
        signed_off_at=timezone.now(),
        signed_off_by=plan.host_user,
    )
    client.force_login(plan.host_user)
    assert client.post(reopen_url(entry)).status_code == 302
    entry.refresh_from_db()
    assert (entry.signed_off_at, entry.signed_off_by) == (None, None)
    client.force_login(plan.fellow_user)
    client.post(edit_url(entry), hours_data(hours="14"))
    entry.refresh_from_db()
    assert entry.hours == 14


def test_the_fellow_cannot_reopen(client, plan):
    entry = HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(1), signed_off_at=timezone.now())
    client.force_login(plan.fellow_user)
    assert client.post(reopen_url(entry)).status_code == 403
    entry.refresh_from_db()
    assert entry.signed_off_at is not None


def test_reopen_rejects_get(client, plan):
    entry = HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(1), signed_off_at=timezone.now())
    client.force_login(plan.host_user)
    assert client.get(reopen_url(entry)).status_code == 405


def test_a_leader_outside_the_plan_cannot_reopen(client, plan, leader):
    entry = HoursEntryFactory(residency=plan.residency, week_of=weeks_ago(1), signed_off_at=timezone.now())
    client.force_login(leader)
    assert client.post(reopen_url(entry)).status_code == 404
