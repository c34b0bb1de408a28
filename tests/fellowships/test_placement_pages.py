"""Program staff's placement pages: the cohort's proposals explained, run, pin, approve, place by hand;
and a fellow's page with the readiness decision."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from fellowships.models import PlacementProposal, Readiness, Residency
from fellowships.services import placement
from leaderdev.models import SchoolYear
from leaderdev.permissions import Role
from recruitment.models import Stage
from tests.factories.district import SchoolFactory
from tests.factories.fellowships import CohortFactory, FellowFactory, HostFactory
from tests.factories.mentoring import VeteranFactory
from tests.factories.recruitment import HiringCycleFactory

pytestmark = pytest.mark.django_db


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def cohort(school_year):
    return CohortFactory(school_year=school_year)


@pytest.fixture
def staff_client(client, program_staff):
    client.force_login(program_staff)
    return client


def page(cohort):
    return reverse("fellowships:placements", args=[cohort.pk])


def make_pool(cohort, size):
    fellows = [FellowFactory(application__cohort=cohort) for _ in range(size)]
    hosts = [HostFactory(cohort=cohort, capacity=2) for _ in range(size)]
    return fellows, hosts


def test_it_shows_each_proposal_with_its_reasons(staff_client, cohort):
    fellow = FellowFactory(application__cohort=cohort, application__person__first_name="Rosa")
    HostFactory(cohort=cohort, person=VeteranFactory(first_name="Marcus"))
    placement.propose_placements(cohort)

    response = staff_client.get(page(cohort))

    assert response.status_code == 200
    html = response.content.decode()
    assert fellow.person.full_name in html and "Marcus" in html
    assert "Fellow&#x27;s preference" in html or "Fellow's preference" in html
    assert "Not among the fellow" in html
    assert "Approve 1 placement" in html


@pytest.mark.parametrize("size", [3, 30])
def test_the_page_costs_the_same_queries_at_any_size(
    staff_client, cohort, size, django_assert_max_num_queries
):
    make_pool(cohort, size)
    placement.propose_placements(cohort)
    with django_assert_max_num_queries(14):
        response = staff_client.get(page(cohort))
    assert response.status_code == 200


def test_it_requires_program_staff(client, make_user, cohort):
    client.force_login(make_user(Role.RECRUITMENT_STAFF))
    assert client.get(page(cohort)).status_code == 403
    assert client.post(reverse("fellowships:placements_run", args=[cohort.pk])).status_code == 403


def test_anonymous_people_are_sent_to_sign_in(client, cohort):
    response = client.get(page(cohort))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_missing_cohort_is_404(staff_client):
    assert staff_client.get(reverse("fellowships:placements", args=[999999])).status_code == 404


def test_running_proposes_and_reports_the_unmatched(staff_client, cohort):
    FellowFactory(application__cohort=cohort)
    FellowFactory(application__cohort=cohort, application__person__first_name="Unlucky")
    HostFactory(cohort=cohort, capacity=1)

    response = staff_client.post(reverse("fellowships:placements_run", args=[cohort.pk]))

    assert response.status_code == 302
    assert PlacementProposal.objects.filter(cohort=cohort).count() == 1
    messages = texts(response)
    assert "1 placement proposed." in messages
    assert any("has no host" in m and "every place went to other fellows" in m for m in messages)


def test_running_refuses_get(staff_client, cohort):
    assert staff_client.get(reverse("fellowships:placements_run", args=[cohort.pk])).status_code == 405


def test_pinning_keeps_the_pair(staff_client, cohort):
    FellowFactory(application__cohort=cohort)
    HostFactory(cohort=cohort)
    proposal = placement.propose_placements(cohort)[0][0]

    staff_client.post(reverse("fellowships:proposal_pin", args=[proposal.pk]), {"pinned": "1"})
    proposal.refresh_from_db()
    assert proposal.pinned
    staff_client.post(reverse("fellowships:proposal_pin", args=[proposal.pk]), {"pinned": "0"})
    proposal.refresh_from_db()
    assert not proposal.pinned


def test_approving_starts_the_residencies(staff_client, cohort, program_staff):
    fellow = FellowFactory(application__cohort=cohort)
    HostFactory(cohort=cohort)
    placement.propose_placements(cohort)

    response = staff_client.post(reverse("fellowships:placements_approve", args=[cohort.pk]))

    assert response.status_code == 302
    assert Residency.objects.get(fellow=fellow).approved_by == program_staff
    assert "1 residency started, with their milestones." in texts(response)


def test_approving_nothing_says_so_and_changes_nothing(staff_client, cohort):
    response = staff_client.post(reverse("fellowships:placements_approve", args=[cohort.pk]))
    assert "There are no proposals to approve; run the matching first." in texts(response)
    assert not Residency.objects.exists()


def test_placing_by_hand_places_the_fellow(staff_client, cohort):
    fellow = FellowFactory(application__cohort=cohort)
    host = HostFactory(cohort=cohort)

    staff_client.post(
        reverse("fellowships:place_by_hand", args=[cohort.pk]), {"fellow": fellow.pk, "host": host.pk}
    )

    assert Residency.objects.get(fellow=fellow).host == host


def test_placing_by_hand_at_the_fellows_own_school_is_refused_with_the_reason(staff_client, cohort):
    school = SchoolFactory()
    fellow = FellowFactory(application__cohort=cohort, application__person__school=school)
    host = HostFactory(cohort=cohort, person=VeteranFactory(school=school))

    response = staff_client.post(
        reverse("fellowships:place_by_hand", args=[cohort.pk]), {"fellow": fellow.pk, "host": host.pk}
    )

    assert not Residency.objects.exists()
    assert any("own school" in m for m in texts(response))


def test_placing_by_hand_with_a_full_host_is_refused(staff_client, cohort):
    host = HostFactory(cohort=cohort, capacity=1)
    placement.place_fellow(FellowFactory(application__cohort=cohort), host)
    fellow = FellowFactory(application__cohort=cohort)

    response = staff_client.post(
        reverse("fellowships:place_by_hand", args=[cohort.pk]), {"fellow": fellow.pk, "host": host.pk}
    )

    assert not Residency.objects.filter(fellow=fellow).exists()
    assert any(m.startswith("Not placed") for m in texts(response))


# --- The fellow's page and the readiness decision ---------------------------------------------------


@pytest.fixture
def fellow(cohort):
    return FellowFactory(application__cohort=cohort)


def test_the_fellow_page_shows_the_residency_and_the_decision_form(staff_client, fellow):
    host = HostFactory(cohort=fellow.cohort)
    placement.place_fellow(fellow, host)

    response = staff_client.get(reverse("fellowships:fellow_detail", args=[fellow.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert host.person.full_name in html
    assert "Record the decision" in html


def test_the_fellow_page_is_for_program_staff_only(client, fellow):
    client.force_login(fellow.person.user or _login_for(fellow))
    assert client.get(reverse("fellowships:fellow_detail", args=[fellow.pk])).status_code == 403


def _login_for(fellow):
    from tests.factories.district import UserFactory

    user = UserFactory(roles=[Role.LEADER])
    fellow.person.user = user
    fellow.person.save()
    return user


def test_recording_readiness_puts_a_ready_fellow_in_next_years_pool(staff_client, fellow):
    next_year = SchoolYear.objects.create(
        name="2027-2028", start_date=datetime.date(2027, 9, 1), end_date=datetime.date(2028, 6, 22)
    )
    HiringCycleFactory(school_year=next_year)

    response = staff_client.post(
        reverse("fellowships:fellow_readiness", args=[fellow.pk]),
        {"readiness": Readiness.READY, "rationale": "Ran the spring data cycle."},
    )

    assert response.status_code == 302
    fellow.refresh_from_db()
    assert fellow.pool_application.stage == Stage.IN_POOL
    assert any("pool" in m for m in texts(response))


def test_a_decision_without_a_rationale_re_renders_with_the_error(staff_client, fellow):
    response = staff_client.post(
        reverse("fellowships:fellow_readiness", args=[fellow.pk]),
        {"readiness": Readiness.READY, "rationale": ""},
    )

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    fellow.refresh_from_db()
    assert fellow.readiness == ""


def test_readiness_refuses_get(staff_client, fellow):
    assert staff_client.get(reverse("fellowships:fellow_readiness", args=[fellow.pk])).status_code == 405
