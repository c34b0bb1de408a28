"""A new leader's mentoring wishes page: needs, languages and ranked mentors, saved for the round."""

import pytest
from django.urls import reverse

from leaderdev.permissions import Role
from mentoring.models import MenteeProfile, MentorStatus
from tests.factories.district import PersonFactory, SchoolFactory
from tests.factories.mentoring import MenteeProfileFactory, MentorFactory, MentorshipFactory

pytestmark = pytest.mark.django_db
URL = reverse("mentoring:my_wishes")


@pytest.fixture
def new_leader(leader, school_year):
    return leader.person


def test_it_saves_needs_languages_and_ranked_mentors(client, leader, new_leader, framework_v4):
    first, second = MentorFactory(), MentorFactory()
    needs = list(framework_v4.domains.get(number=1).competencies.all()[:2])
    client.force_login(leader)

    response = client.post(
        URL,
        {
            "needs": [c.pk for c in needs],
            "languages": ["es"],
            "first_choice": second.pk,
            "second_choice": first.pk,
            "notes": "I lead a dual-language school.",
        },
    )

    assert response.status_code == 302
    profile = MenteeProfile.objects.get(person=new_leader)
    assert set(profile.needs.all()) == set(needs)
    assert profile.languages == ["es"]
    assert [(p.rank, p.mentor) for p in profile.preferences.all()] == [(1, second), (2, first)]


def test_it_replaces_earlier_wishes(client, leader, new_leader):
    mentor = MentorFactory()
    client.force_login(leader)
    client.post(URL, {"first_choice": mentor.pk, "languages": ["es"]})

    client.post(URL, {"languages": ["ht"]})

    profile = MenteeProfile.objects.get(person=new_leader)
    assert profile.languages == ["ht"]
    assert not profile.preferences.exists()


def test_it_refuses_the_same_mentor_twice_and_keeps_what_was_typed(client, leader, new_leader):
    mentor = MentorFactory()
    client.force_login(leader)

    response = client.post(URL, {"first_choice": mentor.pk, "second_choice": mentor.pk, "notes": "kept"})

    assert response.status_code == 200
    assert "Choose each mentor only once." in response.content.decode()
    assert "kept" in response.content.decode()
    assert not MenteeProfile.objects.filter(person=new_leader).exists()


def test_it_refuses_more_than_five_needs(client, leader, new_leader, framework_v4):
    client.force_login(leader)
    needs = [c.pk for c in framework_v4.domains.get(number=1).competencies.all()] + [
        c.pk for c in framework_v4.domains.get(number=2).competencies.all()
    ]

    response = client.post(URL, {"needs": needs[:6]})

    assert "Choose at most 5" in response.content.decode()
    assert not MenteeProfile.objects.exists()


def test_it_offers_no_mentor_of_the_leaders_own_school_or_outside_the_pool(client, leader, new_leader):
    colleague = MentorFactory(person__school=new_leader.school, person__last_name="Colleague")
    screening = MentorFactory(status=MentorStatus.SCREENING, person__last_name="Screening")
    elsewhere = MentorFactory(person__school=SchoolFactory(), person__last_name="Elsewhere")
    client.force_login(leader)

    choices = client.get(URL).context["form"].fields["first_choice"].queryset

    assert list(choices) == [elsewhere]
    response = client.post(URL, {"first_choice": colleague.pk})
    assert "first_choice" in response.context["form"].errors
    assert screening not in choices


def test_a_matched_leader_sees_their_mentor_and_no_form(client, leader, new_leader, school_year):
    mentorship = MentorshipFactory(mentee=new_leader, school_year=school_year)
    client.force_login(leader)

    response = client.get(URL)

    assert response.context.get("form") is None
    assert mentorship.mentor.person.full_name in response.content.decode()
    assert client.post(URL, {"languages": ["es"]}).status_code == 200
    assert not MenteeProfile.objects.exists()


def test_a_veteran_cannot_file_wishes(client, make_user, school_year):
    user = make_user(Role.LEADER)
    PersonFactory(user=user, role_start_date=school_year.start_date.replace(year=2012))
    client.force_login(user)

    response = client.get(URL)

    assert response.context.get("form") is None
    assert "not among them" in response.content.decode()


def test_it_requires_the_leader_role(client, make_user, school_year):
    client.force_login(make_user(Role.MENTOR))
    assert client.get(URL).status_code == 403


def test_it_sends_anonymous_people_to_sign_in(client, school_year):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response.url


def test_it_rejects_other_methods(client, leader, school_year):
    client.force_login(leader)
    assert client.put(URL).status_code == 405


def test_the_profile_page_shows_a_matched_leaders_needs_in_fixed_queries(
    client, leader, new_leader, school_year, framework_v4, django_assert_max_num_queries
):
    MentorshipFactory(mentee=new_leader, school_year=school_year)
    profile = MenteeProfileFactory(person=new_leader, school_year=school_year)
    client.force_login(leader)
    profile.needs.set(framework_v4.domains.get(number=1).competencies.all()[:1])
    with django_assert_max_num_queries(12):
        client.get(URL)
    profile.needs.set(list(framework_v4.domains.get(number=1).competencies.all()))
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert response.status_code == 200
