"""The public "Meet our fellows" pages, no login: the list of published cohorts, a cohort's page with a card
per opted-in fellow showing only what they chose, and the public photo. Above all: nothing private leaks
(opted-out and withdrawn fellows, unticked fields, e-mail, employee id, essays, readiness, host, hours)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from fellowships.models import FellowStatus, Readiness
from fellowships.queries.public import public_fellows
from tests.factories.district import SchoolFactory, SchoolYearFactory
from tests.factories.fellowships import CohortFactory, HoursEntryFactory, ReflectionFactory

from .plan_helpers import cohort_under_way, give_photo, make_plan, text, weeks_ago

pytestmark = pytest.mark.django_db

LIST = reverse("fellowships:public_cohort_list")


def cohort_url(cohort):
    return reverse("fellowships:public_cohort", args=[cohort.slug])


def photo_url(fellow):
    return reverse("fellowships:public_photo", args=[fellow.pk])


def publish(fellow, *, school=False, bio="", photo=False, status=FellowStatus.ACTIVE):
    fellow.public_opt_in = True
    fellow.show_school, fellow.show_bio, fellow.show_photo = school, bool(bio), photo
    fellow.bio = bio
    fellow.status = status
    fellow.save()
    return fellow


def other_year(start: int):
    """A school year other than the current one, starting in September of `start`."""
    return SchoolYearFactory(
        name=f"{start}-{start + 1}",
        start_date=datetime.date(start, 9, 1),
        end_date=datetime.date(start + 1, 6, 30),
        is_current=False,
    )


def set_school(fellow, name):
    fellow.person.school = SchoolFactory(name=name)
    fellow.person.save()


@pytest.fixture
def cohort(school_year):
    cohort = cohort_under_way(public_intro="Five educators, one year, five schools.")
    cohort.is_public = True
    cohort.save()
    return cohort


@pytest.fixture
def shown(cohort):
    """Amara shows everything: school, bio and photo."""
    plan = make_plan(cohort)
    set_school(plan.fellow, "Hernández K-8")
    give_photo(plan.fellow)
    publish(plan.fellow, school=True, bio="Former math coach; loves data cycles.", photo=True)
    return plan


@pytest.fixture
def name_only(cohort):
    """Jonah opted in but ticked nothing else; he has a school, a bio and a photo all the same."""
    plan = make_plan(cohort, fellow_name=("Jonah", "Berg"), host_name=("Ines", "Duarte"))
    set_school(plan.fellow, "Quincy Upper School")
    give_photo(plan.fellow)
    publish(plan.fellow)
    plan.fellow.bio = "Jonah's unpublished bio."
    plan.fellow.save()
    return plan


@pytest.fixture
def opted_out(cohort):
    """Lucía never opted in (and has a school, a bio and a photo with show flags on)."""
    plan = make_plan(cohort, fellow_name=("Lucía", "Ferrer"), host_name=("Kofi", "Asante"))
    set_school(plan.fellow, "Mather Elementary")
    give_photo(plan.fellow)
    fellow = plan.fellow
    fellow.bio, fellow.show_school, fellow.show_bio, fellow.show_photo = (
        "Lucía's private bio.",
        True,
        True,
        True,
    )
    fellow.save()
    return plan


@pytest.fixture
def withdrawn(cohort):
    """Omar opted in to everything, then withdrew from the fellowship."""
    plan = make_plan(cohort, fellow_name=("Omar", "Haddad"), host_name=("Dana", "Whitfield"))
    give_photo(plan.fellow)
    publish(plan.fellow, school=True, bio="Omar's bio.", photo=True, status=FellowStatus.WITHDRAWN)
    return plan


def public_html(client, cohort):
    response = client.get(cohort_url(cohort))
    assert response.status_code == 200
    return response.content.decode()


# --- The list of cohorts ----------------------------------------------------------------------------------


def test_the_list_shows_published_cohorts_to_anyone(client, cohort, shown, name_only, opted_out):
    response = client.get(LIST)
    assert response.status_code == 200
    page = text(response.content.decode())
    assert f"{cohort.name} 2 fellows" in page
    assert cohort_url(cohort) in response.content.decode()


def test_the_list_leaves_out_unpublished_cohorts(client, cohort):
    hidden = CohortFactory(school_year=other_year(2027), name="Fellowship 2027-2028", is_public=False)
    page = text(client.get(LIST).content.decode())
    assert cohort.name in page
    assert hidden.name not in page


def test_the_list_rejects_post(client):
    assert client.post(LIST).status_code == 405


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_costs_the_same_queries_at_any_size(client, count, django_assert_max_num_queries):
    for n in range(count):
        CohortFactory(school_year=other_year(2000 + n), name=f"Cohort {n}")
    with django_assert_max_num_queries(1):
        response = client.get(LIST)
    assert text(response.content.decode()).count("0 fellows") == count


# --- A cohort's page --------------------------------------------------------------------------------------


def test_the_page_shows_the_intro_and_an_opted_in_fellow_with_what_they_chose(client, cohort, shown):
    html = public_html(client, cohort)
    page = text(html)
    assert "Five educators, one year, five schools." in page
    assert "Amara Okafor Hernández K-8 Former math coach; loves data cycles." in page
    assert f'src="{photo_url(shown.fellow)}"' in html


def test_an_opted_out_fellow_does_not_appear_at_all(client, cohort, shown, opted_out):
    html = public_html(client, cohort)
    assert "Lucía" not in html and "Ferrer" not in html
    assert "Mather Elementary" not in html
    assert "Lucía's private bio." not in html and "Lucía&#x27;s private bio." not in html
    assert photo_url(opted_out.fellow) not in html


def test_a_name_only_fellow_shows_nothing_else(client, cohort, name_only):
    html = public_html(client, cohort)
    assert "Jonah Berg" in text(html)
    assert "Quincy Upper School" not in html
    assert "unpublished bio" not in html
    assert photo_url(name_only.fellow) not in html
    assert ">JB<" in html  # initials stand in for the photo


def test_a_withdrawn_fellow_never_appears(client, cohort, shown, withdrawn):
    html = public_html(client, cohort)
    assert "Omar" not in html and "Haddad" not in html and "Omar's bio" not in html
    assert photo_url(withdrawn.fellow) not in html


def test_nothing_private_ever_appears(client, cohort, shown):
    fellow = shown.fellow
    fellow.readiness, fellow.readiness_rationale = Readiness.READY, "Ran the building for a week in March."
    fellow.save()
    HoursEntryFactory(
        residency=shown.residency, week_of=weeks_ago(1), hours=Decimal("37.5"), activities="Chaired the SST."
    )
    ReflectionFactory(residency=shown.residency, title="A hard week", body="The budget cut hurt.")
    html = public_html(client, cohort)
    person, application = fellow.person, fellow.application
    for private in (
        person.email,
        person.employee_id,
        person.phone or "617-",
        application.why_principal,
        application.leadership_experience,
        application.equity_commitment,
        "Ran the building for a week in March.",
        Readiness.READY.label,
        "Renée",
        "Castillo",
        "Chaired the SST.",
        "A hard week",
        "37.5",
        "hours",
        "Residency",
    ):
        assert private not in html, private


def test_anonymous_visitors_see_no_staff_navigation(client, cohort, shown):
    html = public_html(client, cohort)
    for item in (
        "Dashboard",
        "People",
        "Admin",
        "Log out",
        "My portal",
        "Programs",
        "Mentoring",
        "navbar-toggler",
    ):
        assert item not in html, item


def test_an_unpublished_cohort_answers_404(client, cohort, shown):
    cohort.is_public = False
    cohort.save()
    assert client.get(cohort_url(cohort)).status_code == 404
    assert public_fellows(cohort) == []


def test_an_unknown_cohort_answers_404(client, db):
    assert client.get(reverse("fellowships:public_cohort", args=["no-such-year"])).status_code == 404


def test_the_page_rejects_post(client, cohort):
    assert client.post(cohort_url(cohort)).status_code == 405


def test_a_cohort_with_no_one_opted_in_says_so(client, cohort, opted_out):
    assert "Our fellows will introduce themselves here soon." in text(public_html(client, cohort))


@pytest.mark.parametrize("count", [3, 30])
def test_the_page_costs_the_same_queries_at_any_size(client, cohort, count, django_assert_max_num_queries):
    for n in range(count):
        plan = make_plan(cohort, fellow_name=(f"Fellow{n}", "Public"), host_name=(f"Host{n}", "Extra"))
        give_photo(plan.fellow)
        publish(plan.fellow, school=True, bio=f"Bio {n}", photo=n % 2 == 0)
    with django_assert_max_num_queries(2):
        html = public_html(client, cohort)
    assert text(html).count(" Public ") == count


# --- The public photo -------------------------------------------------------------------------------------


def test_a_shown_photo_is_served_inline(client, shown):
    response = client.get(photo_url(shown.fellow))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


def test_an_opted_out_fellows_photo_answers_404(client, opted_out):
    assert client.get(photo_url(opted_out.fellow)).status_code == 404


def test_a_name_only_fellows_photo_answers_404(client, name_only):
    assert client.get(photo_url(name_only.fellow)).status_code == 404


def test_a_withdrawn_fellows_photo_answers_404(client, withdrawn):
    assert client.get(photo_url(withdrawn.fellow)).status_code == 404


def test_a_photo_of_an_unpublished_cohort_answers_404(client, cohort, shown):
    cohort.is_public = False
    cohort.save()
    assert client.get(photo_url(shown.fellow)).status_code == 404


def test_the_photo_rejects_post(client, shown):
    assert client.post(photo_url(shown.fellow)).status_code == 405
