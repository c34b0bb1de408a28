"""The log pages: a mentor's or coach's people (the phone page), the log form, a relationship's page with
its log, correcting and removing one's own entry; and the log service they call."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from competencies.models import Competency
from leaderdev.errors import DomainError
from leaderdev.permissions import Role
from mentoring.models import LogEntry, LogKind, MentorshipStatus
from mentoring.services import logs as services
from tests.factories import UserFactory
from tests.factories.mentoring import (
    LogEntryFactory,
    MentorFactory,
    MentorshipFactory,
)

pytestmark = pytest.mark.django_db

MY_PEOPLE = reverse("mentoring:my_people")


def text(html: str) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def today():
    return timezone.localdate()


def log_url(mentorship):
    return reverse("mentoring:log_new", args=[mentorship.pk])


def detail_url(mentorship):
    return reverse("mentoring:mentorship_detail", args=[mentorship.pk])


def form_data(**overrides):
    data = {
        "date": today().isoformat(),
        "kind": LogKind.MEETING,
        "duration_minutes": "45",
        "notes": "Looked at the master schedule together.",
        "next_steps": "Draft the ILT agenda.",
        "private_notes": "Tired; ask about workload.",
    }
    data.update(overrides)
    return data


def more_mentees(mentor, school_year, count):
    """`count` more active mentorships of `mentor`, each with two entries (one this month)."""
    for _ in range(count):
        pair = MentorshipFactory(school_year=school_year, mentor=mentor)
        LogEntryFactory(mentorship=pair, date=today())
        LogEntryFactory(mentorship=pair, date=pair.started_on)


# --- The log service ---------------------------------------------------------------------------------


def test_log_entry_records_every_field_and_who_logged(mentorship, framework_v4):
    focus = list(Competency.objects.of_version(framework_v4)[:2])
    entry = services.log_entry(
        mentorship.mentor.person.user,
        mentorship,
        date=today(),
        kind=LogKind.OBSERVATION,
        duration_minutes=50,
        focus=focus,
        notes=" Watched a grade 3 math block. ",
        next_steps="Debrief with the team.",
        private_notes="Nervous about the visit.",
    )
    entry = LogEntry.objects.get(pk=entry.pk)
    assert entry.mentorship == mentorship and entry.coaching is None
    assert (entry.date, entry.kind, entry.duration_minutes) == (today(), LogKind.OBSERVATION, 50)
    assert entry.notes == "Watched a grade 3 math block."
    assert entry.private_notes == "Nervous about the visit."
    assert entry.logged_by == mentorship.mentor.person.user
    assert set(entry.focus.all()) == set(focus)


def test_log_entry_logs_a_coaching(coaching):
    entry = services.log_entry(coaching.coach.user, coaching, date=today(), kind=LogKind.FEEDBACK)
    assert LogEntry.objects.get(pk=entry.pk).coaching == coaching


def test_log_entry_refuses_a_future_date(mentorship):
    with pytest.raises(DomainError, match="future"):
        services.log_entry(
            mentorship.mentor.person.user, mentorship, date=today() + datetime.timedelta(days=1)
        )
    assert not LogEntry.objects.exists()


def test_log_entry_refuses_a_date_before_the_pair_started(mentorship):
    with pytest.raises(DomainError, match="before this relationship started"):
        services.log_entry(
            mentorship.mentor.person.user,
            mentorship,
            date=mentorship.started_on - datetime.timedelta(days=1),
        )


def test_log_entry_refuses_an_ended_mentorship(mentorship):
    mentorship.status = MentorshipStatus.ENDED
    mentorship.ended_on = today()
    mentorship.save()
    with pytest.raises(DomainError, match="Only the mentor or coach"):
        services.log_entry(mentorship.mentor.person.user, mentorship, date=today())


def test_program_staff_may_log(mentorship, program_staff):
    entry = services.log_entry(program_staff, mentorship, date=today(), notes="Checked in by phone.")
    assert entry.logged_by == program_staff


def test_edit_entry_changes_ones_own_entry(mentorship):
    user = mentorship.mentor.person.user
    entry = services.log_entry(user, mentorship, date=today(), notes="First draft.")
    services.edit_entry(
        user,
        entry,
        date=today(),
        kind=LogKind.CHECK_IN,
        duration_minutes=None,
        focus=[],
        notes="Corrected.",
        next_steps="",
        private_notes="",
    )
    entry.refresh_from_db()
    assert (entry.notes, entry.kind, entry.duration_minutes) == ("Corrected.", LogKind.CHECK_IN, None)


def test_edit_entry_refuses_someone_elses_entry(mentorship, program_staff):
    entry = LogEntryFactory(mentorship=mentorship, logged_by=program_staff)
    with pytest.raises(DomainError, match="Only the person who wrote"):
        services.edit_entry(
            mentorship.mentor.person.user,
            entry,
            date=today(),
            kind=LogKind.MEETING,
            duration_minutes=None,
            focus=[],
            notes="Overwritten.",
            next_steps="",
            private_notes="",
        )
    entry.refresh_from_db()
    assert entry.notes != "Overwritten."


def test_delete_entry_refuses_someone_elses_entry(mentorship, program_staff):
    entry = LogEntryFactory(mentorship=mentorship, logged_by=program_staff)
    with pytest.raises(DomainError, match="Only the person who wrote"):
        services.delete_entry(mentorship.mentor.person.user, entry)
    assert LogEntry.objects.filter(pk=entry.pk).exists()


# --- My people -----------------------------------------------------------------------------------------


def test_my_people_lists_the_mentors_mentees_with_contact_links(client, mentorship):
    mentee = mentorship.mentee
    mentee.phone = "617 555 0101"
    mentee.save()
    LogEntryFactory(mentorship=mentorship, date=today())
    client.force_login(mentorship.mentor.person.user)
    html = client.get(MY_PEOPLE).content.decode()
    card = text(re.search(rf'<li id="mentorship-{mentorship.pk}".*?</li>', html, re.S).group(0))
    assert mentee.full_name in card
    assert mentee.school.name in card and "Principal" in card
    assert 'href="tel:6175550101"' in html and f'href="mailto:{mentee.email}"' in html
    assert f"Last contact {today():%b} {today().day}" in card
    assert "This month 1 meeting" in card
    assert f'href="{log_url(mentorship)}"' in html


def test_my_people_says_when_nothing_is_logged(client, mentorship):
    client.force_login(mentorship.mentor.person.user)
    card = text(client.get(MY_PEOPLE).content.decode())
    assert "None logged yet" in card and "0 meetings" in card


def test_my_people_flags_a_quiet_pair(client, school_year, mentorship):
    LogEntryFactory(mentorship=mentorship, date=today() - datetime.timedelta(weeks=5))
    client.force_login(mentorship.mentor.person.user)
    assert "No contact in 4+ weeks" in client.get(MY_PEOPLE).content.decode()


def test_my_people_uses_the_offices_no_contact_threshold(client, school_year, mentorship, settings):
    settings.MENTORING_NO_CONTACT_WEEKS = 6
    LogEntryFactory(mentorship=mentorship, date=today() - datetime.timedelta(weeks=5))
    client.force_login(mentorship.mentor.person.user)
    html = client.get(MY_PEOPLE).content.decode()
    assert "No contact in" not in html
    LogEntryFactory(mentorship=mentorship, date=today() - datetime.timedelta(weeks=7))
    settings.MENTORING_NO_CONTACT_WEEKS = 2
    assert "No contact in 2+ weeks" in client.get(MY_PEOPLE).content.decode()


def test_my_people_lists_a_coachs_coachees(client, coaching):
    client.force_login(coaching.coach.user)
    html = client.get(MY_PEOPLE).content.decode()
    assert "Leaders I coach" in html and coaching.leader.full_name in html
    assert f'href="{reverse("mentoring:coaching_log_new", args=[coaching.pk])}"' in html


def test_my_people_leaves_out_ended_pairs_and_other_mentors_mentees(client, school_year, mentorship):
    ended = MentorshipFactory(
        school_year=school_year,
        mentor=mentorship.mentor,
        status=MentorshipStatus.ENDED,
        ended_on=today(),
    )
    someone_elses = MentorshipFactory(school_year=school_year)
    client.force_login(mentorship.mentor.person.user)
    html = client.get(MY_PEOPLE).content.decode()
    assert mentorship.mentee.full_name in html
    assert ended.mentee.full_name not in html
    assert someone_elses.mentee.full_name not in html


def test_my_people_says_when_there_is_no_one(client, make_user, school_year):
    user = make_user(Role.MENTOR)
    MentorFactory(person__user=user, school_year=school_year)
    client.force_login(user)
    assert "You have no active mentees or coachees" in client.get(MY_PEOPLE).content.decode()


def test_my_people_refuses_a_leader(client, leader):
    client.force_login(leader)
    assert client.get(MY_PEOPLE).status_code == 403


def test_my_people_sends_anonymous_to_login(client):
    response = client.get(MY_PEOPLE)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_my_people_rejects_post(client, mentorship):
    client.force_login(mentorship.mentor.person.user)
    assert client.post(MY_PEOPLE).status_code == 405


@pytest.mark.parametrize("count", [2, 12])
def test_my_people_costs_the_same_queries_whatever_the_number(
    client, school_year, mentorship, count, django_assert_max_num_queries
):
    more_mentees(mentorship.mentor, school_year, count)
    client.force_login(mentorship.mentor.person.user)
    with django_assert_max_num_queries(6):
        response = client.get(MY_PEOPLE)
    assert len(response.context["people"].mentorships) == count + 1


# --- The log form --------------------------------------------------------------------------------------


def test_log_form_defaults_to_today_and_a_meeting(client, mentorship):
    client.force_login(mentorship.mentor.person.user)
    html = client.get(log_url(mentorship)).content.decode()
    assert f'value="{today().isoformat()}"' in html
    assert re.search(r'<input[^>]*value="meeting"[^>]*checked', html)
    assert "Private: only you and program staff" in html


def test_log_form_offers_the_active_frameworks_sixteen_competencies_by_domain(
    client, mentorship, framework_v4
):
    client.force_login(mentorship.mentor.person.user)
    response = client.get(log_url(mentorship))
    groups = response.context["form"].focus_groups()
    assert sum(len(boxes) for _, boxes in groups) == 16
    assert [label for label, _ in groups] == [str(d) for d in framework_v4.domains.order_by("number")]
    assert "Version" not in response.content.decode().split("Focus competencies")[1].split("</details>")[0]


def test_log_form_saves_and_goes_back_to_my_people(client, mentorship, framework_v4):
    competency = Competency.objects.by_code(framework_v4, "2.1")
    client.force_login(mentorship.mentor.person.user)
    response = client.post(log_url(mentorship), form_data(focus=[competency.pk]))
    assert response.status_code == 302
    assert response.url == f"{MY_PEOPLE}#mentorship-{mentorship.pk}"
    entry = LogEntry.objects.get(mentorship=mentorship)
    assert entry.notes == "Looked at the master schedule together."
    assert entry.private_notes == "Tired; ask about workload."
    assert entry.duration_minutes == 45
    assert list(entry.focus.all()) == [competency]
    assert entry.logged_by == mentorship.mentor.person.user
    page = client.get(response.url).content.decode()
    assert f"Meeting with {mentorship.mentee.full_name} on {today():%b} {today().day} is logged." in page


def test_log_form_keeps_everything_on_bad_input(client, mentorship, framework_v4):
    competency = Competency.objects.by_code(framework_v4, "3.2")
    client.force_login(mentorship.mentor.person.user)
    future = (today() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        log_url(mentorship), form_data(date=future, kind=LogKind.CHECK_IN, focus=[competency.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The date is in the future" in html
    assert "Looked at the master schedule together." in html and "Tired; ask about workload." in html
    assert re.search(r'<input[^>]*value="check_in"[^>]*checked', html)
    assert re.search(rf'<input[^>]*value="{competency.pk}"[^>]*checked', html)
    assert "<details" in html and re.search(r"<details[^>]*open", html)
    assert not LogEntry.objects.exists()


def test_log_form_shows_field_errors(client, mentorship):
    client.force_login(mentorship.mentor.person.user)
    response = client.post(log_url(mentorship), form_data(duration_minutes="2", kind="nap"))
    form = response.context["form"]
    assert set(form.errors) == {"duration_minutes", "kind"}
    assert not LogEntry.objects.exists()


def test_log_form_follows_a_safe_next(client, mentorship):
    client.force_login(mentorship.mentor.person.user)
    response = client.post(log_url(mentorship), form_data(next=detail_url(mentorship)))
    assert response.url == detail_url(mentorship)


def test_log_form_ignores_an_outside_next(client, mentorship):
    client.force_login(mentorship.mentor.person.user)
    response = client.post(log_url(mentorship), form_data(next="https://evil.example/"))
    assert response.url.startswith(MY_PEOPLE)


def test_program_staff_log_and_land_on_the_mentorship(client, mentorship, program_staff):
    client.force_login(program_staff)
    response = client.post(log_url(mentorship), form_data())
    assert response.url == detail_url(mentorship)
    assert LogEntry.objects.get().logged_by == program_staff


def test_a_coach_logs_an_observation(client, coaching):
    client.force_login(coaching.coach.user)
    url = reverse("mentoring:coaching_log_new", args=[coaching.pk])
    response = client.post(url, form_data(kind=LogKind.OBSERVATION))
    assert response.url == f"{MY_PEOPLE}#coaching-{coaching.pk}"
    entry = LogEntry.objects.get()
    assert (entry.coaching, entry.mentorship, entry.kind) == (coaching, None, LogKind.OBSERVATION)


def test_log_form_refuses_an_ended_mentorship(client, mentorship):
    mentorship.status = MentorshipStatus.ENDED
    mentorship.ended_on = today()
    mentorship.save()
    client.force_login(mentorship.mentor.person.user)
    assert client.get(log_url(mentorship)).status_code == 403


def test_log_form_rejects_put(client, mentorship):
    client.force_login(mentorship.mentor.person.user)
    assert client.put(log_url(mentorship)).status_code == 405


# --- A relationship's page -----------------------------------------------------------------------------


def test_the_page_shows_the_pair_and_the_log_newest_first(client, mentorship):
    mentorship.mentor.availability = "Tuesday afternoons"
    mentorship.mentor.save()
    LogEntryFactory(mentorship=mentorship, date=mentorship.started_on, notes="The first meeting.")
    LogEntryFactory(mentorship=mentorship, date=today(), notes="The latest meeting.")
    client.force_login(mentorship.mentee.user)
    page = text(client.get(detail_url(mentorship)).content.decode())
    assert mentorship.mentor.person.full_name in page and mentorship.mentee.full_name in page
    assert "Available: Tuesday afternoons" in page
    assert page.index("The latest meeting.") < page.index("The first meeting.")


def test_the_mentor_gets_a_log_button_back_to_the_page(client, mentorship):
    client.force_login(mentorship.mentor.person.user)
    html = client.get(detail_url(mentorship)).content.decode()
    assert f'href="{log_url(mentorship)}?next={detail_url(mentorship)}' in html.replace("%2F", "/")


def test_the_mentee_gets_no_log_button(client, mentorship):
    client.force_login(mentorship.mentee.user)
    assert f'href="{log_url(mentorship)}' not in client.get(detail_url(mentorship)).content.decode()


def test_a_coaching_page_shows_the_coach_and_organisation(client, coaching):
    coaching.coach.phone = "617-555-0199"
    coaching.coach.save()
    client.force_login(coaching.leader.user)
    html = client.get(reverse("mentoring:coaching_detail", args=[coaching.pk])).content.decode()
    assert coaching.coach.full_name in html and coaching.coach.organization.name in html
    assert 'href="tel:617-555-0199"' in html and f'href="mailto:{coaching.coach.email}"' in html


def test_the_page_rejects_post(client, mentorship):
    client.force_login(mentorship.mentor.person.user)
    assert client.post(detail_url(mentorship)).status_code == 405


@pytest.mark.parametrize("count", [2, 20])
def test_the_page_costs_the_same_queries_whatever_the_log(
    client, mentorship, framework_v4, count, django_assert_max_num_queries
):
    competencies = list(Competency.objects.of_version(framework_v4)[:3])
    for index in range(count):
        entry = LogEntryFactory(mentorship=mentorship, logged_by=mentorship.mentor.person.user)
        entry.focus.set(competencies[: index % 3 + 1])
    client.force_login(mentorship.mentor.person.user)
    with django_assert_max_num_queries(8):
        response = client.get(detail_url(mentorship))
    assert len(response.context["entries"]) == count


# --- Correcting and removing one's own entry -----------------------------------------------------------


@pytest.fixture
def own_entry(mentorship):
    return LogEntryFactory(mentorship=mentorship, logged_by=mentorship.mentor.person.user, date=today())


def test_the_author_corrects_an_entry(client, mentorship, own_entry):
    client.force_login(mentorship.mentor.person.user)
    url = reverse("mentoring:log_edit", args=[own_entry.pk])
    assert "Tired" not in client.get(url).content.decode()
    assert own_entry.private_notes in client.get(url).content.decode()
    response = client.post(url, form_data(notes="Corrected notes.", duration_minutes=""))
    assert response.url == f"{detail_url(mentorship)}#entry-{own_entry.pk}"
    own_entry.refresh_from_db()
    assert own_entry.notes == "Corrected notes." and own_entry.duration_minutes is None


def test_only_the_author_may_correct(client, mentorship, program_staff):
    entry = LogEntryFactory(mentorship=mentorship, logged_by=program_staff)
    client.force_login(mentorship.mentor.person.user)
    assert client.get(reverse("mentoring:log_edit", args=[entry.pk])).status_code == 403
    assert client.post(reverse("mentoring:log_delete", args=[entry.pk])).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_the_author_removes_an_entry(client, mentorship, own_entry):
    client.force_login(mentorship.mentor.person.user)
    response = client.post(reverse("mentoring:log_delete", args=[own_entry.pk]))
    assert response.url == detail_url(mentorship)
    assert not LogEntry.objects.filter(pk=own_entry.pk).exists()


def test_removing_needs_post(client, mentorship, own_entry):
    client.force_login(mentorship.mentor.person.user)
    assert client.get(reverse("mentoring:log_delete", args=[own_entry.pk])).status_code == 405
    assert LogEntry.objects.filter(pk=own_entry.pk).exists()


def test_another_mentor_cannot_reach_the_entry(client, school_year, own_entry):
    other = UserFactory(roles=[Role.MENTOR])
    MentorshipFactory(school_year=school_year, mentor__person__user=other)
    client.force_login(other)
    assert client.get(reverse("mentoring:log_edit", args=[own_entry.pk])).status_code == 404
    assert client.post(reverse("mentoring:log_delete", args=[own_entry.pk])).status_code == 404


def test_a_leader_cannot_correct(client, mentorship, own_entry):
    client.force_login(mentorship.mentee.user)
    assert client.get(reverse("mentoring:log_edit", args=[own_entry.pk])).status_code == 403


def test_a_person_record_is_unneeded_for_a_coach(coaching):
    """Coaches have a login but no Person: logging must not depend on one."""
    assert not hasattr(coaching.coach.user, "person") or coaching.coach.user.person is None
    entry = services.log_entry(coaching.coach.user, coaching, date=today())
    assert entry.logged_by == coaching.coach.user


def test_the_author_gets_correct_links_on_their_own_entries_only(
    client, mentorship, own_entry, program_staff
):
    staff_entry = LogEntryFactory(mentorship=mentorship, logged_by=program_staff)
    client.force_login(mentorship.mentor.person.user)
    html = client.get(detail_url(mentorship)).content.decode()
    assert f'href="{reverse("mentoring:log_edit", args=[own_entry.pk])}"' in html
    assert reverse("mentoring:log_edit", args=[staff_entry.pk]) not in html


def test_the_correct_page_offers_removal_with_a_confirmation(client, mentorship, own_entry):
    client.force_login(mentorship.mentor.person.user)
    html = client.get(reverse("mentoring:log_edit", args=[own_entry.pk])).content.decode()
    delete = reverse("mentoring:log_delete", args=[own_entry.pk])
    assert re.search(rf'<form method="post" action="{delete}"[^>]*data-confirm="Remove this entry', html)
    assert "mentoring/log_form.js" in html
