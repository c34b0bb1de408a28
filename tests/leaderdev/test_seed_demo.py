"""seed_demo: deterministic, idempotent, nested demo data and the demo logins it prints."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from leaderdev import demo
from leaderdev.models import Network, Person, Position, School, SchoolLevel, SchoolYear, User
from tests.demo_data import flush
from tests.login import log_in_with_the_form

pytestmark = pytest.mark.django_db

DEMO_GROUPS = {
    "admin@leaderdev.example": set(),
    "staff@leaderdev.example": {"Program staff"},
    "recruiter@leaderdev.example": {"Recruitment staff"},
    "licensure@leaderdev.example": {"Licensure team"},
    "mentor@leaderdev.example": {"Mentor"},
    "coach@leaderdev.example": {"Coach"},
    "leader@leaderdev.example": {"Leader"},
    "ap@leaderdev.example": {"Leader"},
    "fellow@leaderdev.example": {"Leader"},
    "network@leaderdev.example": {"Network staff"},
}
MODELS = (Network, School, SchoolYear, Person, User)


def seed_demo(**options) -> str:
    out = StringIO()
    call_command("seed_demo", allow_production=True, stdout=out, **options)
    return out.getvalue()


def digest() -> list[tuple]:
    people = Person.objects.values_list(
        "employee_id", "first_name", "last_name", "email", "position", "school__code", "role_start_date"
    )
    schools = School.objects.values_list("code", "name", "level", "network__code")
    return sorted(people) + sorted(schools)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def person_of(email) -> Person:
    return User.objects.get(email=email).person


def test_it_refuses_without_debug():
    with pytest.raises(CommandError, match="published password"):
        call_command("seed_demo", stdout=StringIO())
    assert not School.objects.exists()
    assert not User.objects.exists()


def test_it_runs_when_debug_is_on(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    assert School.objects.count() == demo.SCALES["small"].schools


def test_small_makes_a_handful_of_schools_and_the_current_year():
    seed_demo()
    assert School.objects.count() == 8
    assert Network.objects.count() == 3
    assert sorted(SchoolYear.objects.values_list("name", flat=True)) == [
        "2025-2026",
        "2026-2027",
        "2027-2028",
    ]
    assert SchoolYear.objects.current().name == "2026-2027"


def test_it_creates_the_demo_logins_with_their_groups():
    seed_demo()
    users = {user.email: user for user in User.objects.prefetch_related("groups")}
    assert set(users) == set(DEMO_GROUPS)
    for email, groups in DEMO_GROUPS.items():
        assert {group.name for group in users[email].groups.all()} == groups, email
    assert users["admin@leaderdev.example"].is_superuser
    staff = {email for email, user in users.items() if user.is_staff}
    assert staff == {
        "admin@leaderdev.example",
        "staff@leaderdev.example",
        "recruiter@leaderdev.example",
        "licensure@leaderdev.example",
    }


def test_leader_is_a_first_year_elementary_principal():
    seed_demo()
    person = person_of("leader@leaderdev.example")
    assert person.position == Position.PRINCIPAL
    assert person.school.level == SchoolLevel.ELEMENTARY
    assert person.year_in_role() == 1


def test_ap_is_a_second_year_assistant_principal():
    seed_demo()
    person = person_of("ap@leaderdev.example")
    assert person.position == Position.ASSISTANT_PRINCIPAL
    assert person.year_in_role() == 2


def test_mentor_is_a_veteran_principal():
    seed_demo()
    person = person_of("mentor@leaderdev.example")
    assert person.position == Position.PRINCIPAL
    assert person.year_in_role() >= 3


def test_only_the_demo_logins_exist():
    seed_demo()
    assert User.objects.count() == len(DEMO_GROUPS)
    assert Person.objects.filter(user__isnull=False).count() == 5  # leader, ap, mentor, fellow, network
    assert not Person.objects.filter(user__email="coach@leaderdev.example").exists()


def test_demo_users_can_log_in(client):
    seed_demo()
    for email in DEMO_GROUPS:
        assert log_in_with_the_form(client, email, demo.DEMO_PASSWORD), email
        client.logout()


def test_it_prints_the_counts_and_the_logins():
    output = seed_demo()
    assert "schools" in output
    assert "8 created" in output
    for email in DEMO_GROUPS:
        assert email in output
    assert demo.DEMO_PASSWORD in output


def test_it_is_deterministic():
    seed_demo(seed=7)
    first = digest()
    flush()
    seed_demo(seed=7)
    assert digest() == first


def test_another_seed_makes_another_district():
    seed_demo(seed=1)
    first = digest()
    flush()
    seed_demo(seed=2)
    assert digest() != first


def test_a_second_run_creates_and_changes_nothing():
    seed_demo()
    before = counts()
    stamps = {model: dict(model.objects.values_list("pk", "updated_at")) for model in MODELS[:-1]}
    passwords = dict(User.objects.values_list("email", "password"))
    linked = dict(Person.objects.filter(user__isnull=False).values_list("employee_id", "user__email"))

    output = seed_demo()

    assert counts() == before
    for model, stamp in stamps.items():
        assert dict(model.objects.values_list("pk", "updated_at")) == stamp, model
    assert dict(User.objects.values_list("email", "password")) == passwords
    assert dict(Person.objects.filter(user__isnull=False).values_list("employee_id", "user__email")) == linked
    for email, groups in DEMO_GROUPS.items():
        assert set(User.objects.get(email=email).groups.values_list("name", flat=True)) == groups
    assert " 8 created" not in output
    assert "0 created" in output


def test_a_larger_scale_adds_to_a_smaller_one():
    seed_demo(scale="small")
    small = digest()
    seed_demo(scale="district")
    district = digest()
    assert set(small) < set(district)

    flush()
    seed_demo(scale="district")
    assert digest() == district  # the same rows as a fresh district: nothing duplicated, nothing moved
    assert User.objects.count() == len(DEMO_GROUPS)


def test_district_has_about_125_schools_and_400_school_leaders():
    seed_demo(scale="district")
    assert School.objects.count() == 125
    assert 9 <= Network.objects.count() <= 12
    assert 350 <= Person.objects.school_leaders().count() <= 450
    assert Person.objects.filter(school__isnull=True).exists()  # central office staff


def test_every_school_has_one_principal_or_head_of_school():
    seed_demo(scale="district")
    for school in School.objects.prefetch_related("staff"):
        heads = [
            p.position
            for p in school.staff.all()
            if p.position in (Position.PRINCIPAL, Position.HEAD_OF_SCHOOL)
        ]
        expected = Position.HEAD_OF_SCHOOL if school.level == SchoolLevel.HIGH else Position.PRINCIPAL
        assert heads == [expected], school.code


def test_district_has_first_and_second_year_leaders_and_veterans():
    seed_demo(scale="district")
    year = SchoolYear.objects.current()
    leaders = Person.objects.school_leaders()
    first = leaders.in_year_of_role(year, years=(1, 1)).count()
    second = leaders.in_year_of_role(year, years=(2, 2)).count()
    assert 0.08 < first / leaders.count() < 0.25
    assert 0.08 < second / leaders.count() < 0.25
    assert first + second < leaders.count() / 2


def test_it_refuses_to_mix_seeds():
    seed_demo(seed=1)
    before = digest()
    with pytest.raises(CommandError, match="--seed"):
        seed_demo(seed=2)
    assert digest() == before


def test_it_keeps_a_school_renamed_since_the_last_run():
    seed_demo()
    School.objects.filter(code="S0001").update(name="Renamed in the admin")
    seed_demo()
    assert School.objects.get(code="S0001").name == "Renamed in the admin"
    assert School.objects.count() == 8


def test_a_registered_seeder_runs_after_the_district(monkeypatch):
    monkeypatch.setattr(demo, "SEEDERS", list(demo.SEEDERS))
    seen = []

    @demo.seeder
    def seed_extra(run):
        seen.append(Person.objects.count())
        run.insert_missing(Network, [Network(code="extra", name="Extra network")], keys=("code",))
        run.ensure_login("extra@leaderdev.example", "Extra", sees="Nothing much.")

    first = seed_demo()
    second = seed_demo()

    assert seen[0] > 0  # the district was there when it ran
    assert Network.objects.filter(code="extra").count() == 1
    assert "extra@leaderdev.example" in first
    assert "extra@leaderdev.example" in second
    assert User.objects.filter(email="extra@leaderdev.example").count() == 1
