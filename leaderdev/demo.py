"""Demo data for trying LeaderDev: a made-up district, its leaders and a few demo logins.

``python manage.py seed_demo --scale small|district|large --seed N`` runs every registered *seeder* in
order inside one transaction. The data is

- deterministic: each network, school and school's staff is drawn from its own ``random.Random``
  seeded with (seed, its index), so the same seed always makes the same district;
- nested: ``small`` is a prefix of ``district`` and ``district`` of ``large`` (same codes, names and
  employee ids), so seeding a larger scale over a smaller one only adds rows;
- idempotent: rows are found by their natural keys (network code, school code, employee id, ...) and
  only the missing ones are inserted, in bulk. Running it again creates and changes nothing.

Demo logins share one published password, ``DEMO_PASSWORD``. It lives here and nowhere else, and the
command refuses to run outside DEBUG unless told otherwise.

Adding demo data for another app
--------------------------------
Write ``<app>/demo.py`` with a function that takes a ``DemoRun`` and register it::

    from leaderdev.demo import DemoRun, seeder

    @seeder
    def seed_programs(run: DemoRun) -> None:
        leaders = Person.objects.new_leaders(SchoolYear.objects.current())
        rng = run.rng("programs")  # deterministic for this seed
        cohorts = [Cohort(code=f"NLP-{n}", ...) for n in range(run.scale.schools // 25 + 1)]
        run.insert_missing(Cohort, cohorts, keys=("code",))
        run.ensure_login("fellow@leaderdev.example", "Fellow", roles=[Role.LEADER], sees="...")

``seed_demo`` imports every installed app's ``demo`` module (like the admin's autodiscovery), so
seeders run in ``INSTALLED_APPS`` order; ``leaderdev`` is listed first and its district seeder, which
makes the schools and people every other app builds on, always runs first. A seeder must be
deterministic (draw from ``run.rng(...)``, never the global ``random`` or unseeded Faker), idempotent
(insert through ``run.insert_missing`` or look up natural keys itself) and size its data from
``run.scale``. Everything it inserts through ``run.insert_missing`` is counted in the summary, and
every login it makes through ``run.ensure_login`` is printed in the logins table.
"""

import datetime
import random
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils.module_loading import autodiscover_modules

from leaderdev.audit import bulk_create_audited, note_change
from leaderdev.models import LeadershipTier, Network, Person, Position, School, SchoolLevel, SchoolYear, User
from leaderdev.permissions import Role

# The one password of every demo login. It is published (printed, documented) on purpose, which is
# why it exists only in demo data and the command refuses to run in production without being told.
DEMO_PASSWORD = "leaderdev-demo"  # noqa: S105

BATCH_SIZE = 1000


@dataclass(frozen=True)
class Scale:
    """How big a demo district is.

    ``networks`` only applies to the schools this scale adds beyond the smaller scales: school ``i`` is in
    network ``i % networks`` of the smallest scale that holds it, so a larger scale never moves a
    school of a smaller one.
    """

    name: str
    schools: int
    networks: int


SCALES = {
    scale.name: scale
    for scale in (
        Scale("small", schools=8, networks=3),
        Scale("district", schools=125, networks=10),
        Scale("large", schools=1500, networks=64),
    )
}
DEFAULT_SCALE = "small"


# --- The extension point ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    sees: str


@dataclass
class DemoRun:
    """What a seeder gets: the scale and seed to build for, and helpers that keep it idempotent.

    ``created`` counts the rows inserted per model (by verbose name) and ``logins`` the demo logins,
    both in the order seeders reported them; the command prints them at the end.
    """

    scale: Scale
    seed: int
    stdout: TextIO | None = None
    created: Counter = field(default_factory=Counter)
    logins: list[DemoLogin] = field(default_factory=list)
    elapsed: float = 0.0
    _password_hash: str | None = field(default=None, repr=False)

    def rng(self, *key) -> random.Random:
        """A random generator that depends only on the seed and `key`, e.g. ``run.rng("school", 17)``."""
        return random.Random(":".join(str(part) for part in (self.seed, *key)))

    def insert_missing(self, model: type[models.Model], objs: Sequence[models.Model], keys: Sequence[str]):
        """Bulk-insert the `objs` whose natural `keys` (unique fields) are all new; return those inserted.

        An object is skipped when any one of its keys already exists, so a second run inserts nothing.
        """
        existing = {key: set(model._default_manager.values_list(key, flat=True)) for key in keys}
        missing = [obj for obj in objs if not any(getattr(obj, key) in existing[key] for key in keys)]
        bulk_create_audited(model, missing, batch_size=BATCH_SIZE, reason="Demo data")
        self.created[str(model._meta.verbose_name_plural)] += len(missing)
        return missing

    def password_hash(self) -> str:
        """DEMO_PASSWORD, hashed once per run: hashing is deliberately slow."""
        if self._password_hash is None:
            self._password_hash = make_password(DEMO_PASSWORD)
        return self._password_hash

    def ensure_login(
        self,
        email: str,
        role: str,
        *,
        sees: str,
        roles: Iterable[Role] = (),
        full_name: str = "",
        person: Person | None = None,
        is_staff: bool = False,
        is_superuser: bool = False,
    ) -> User:
        """Make the demo login `email` (password DEMO_PASSWORD) unless it exists; give it `roles`' groups.

        An existing login keeps its password and flags; it only gains missing groups and, when it has
        no person yet, `person`. The login is listed in the summary with `role` and what it `sees`.
        """
        users_label = str(User._meta.verbose_name_plural)
        self.created[users_label] += 0  # listed in the summary even when every login exists
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create(
                email=email,
                full_name=full_name or (person.full_name if person else ""),
                password=self.password_hash(),
                is_staff=is_staff,
                is_superuser=is_superuser,
            )
            self.created[users_label] += 1
        groups = [Group.objects.get_or_create(name=held.group_name)[0] for held in roles]
        if groups:
            user.groups.add(*groups)
        if person is not None and not Person.objects.filter(user=user).exists():
            unlinked = Person.objects.filter(pk=person.pk, user__isnull=True).first()
            if unlinked is not None:  # a save, not an update(): the audit history shows the new login
                unlinked.user = user
                note_change(unlinked, reason="Demo login").save(update_fields=["user", "updated_at"])
        self.logins.append(DemoLogin(email=email, role=role, sees=sees))
        return user


Seeder = Callable[[DemoRun], None]
SEEDERS: list[Seeder] = []


def seeder(fn: Seeder) -> Seeder:
    """Register `fn(run)` as a step of seed_demo; steps run in registration order."""
    if fn not in SEEDERS:
        SEEDERS.append(fn)
    return fn


class DemoDataConflict(Exception):
    """The database already holds rows that this seed would make differently."""


def run_seeders(scale: str = DEFAULT_SCALE, seed: int = 1, stdout: TextIO | None = None) -> DemoRun:
    """Run every registered seeder for `scale` and `seed` in one transaction; return what they did."""
    autodiscover_modules("demo")
    run = DemoRun(scale=SCALES[scale], seed=seed, stdout=stdout)
    started = time.monotonic()
    with transaction.atomic():
        for step in SEEDERS:
            step(run)
    run.elapsed = time.monotonic() - started
    return run


# --- The district: networks, schools, school years, people ---------------------------------------------

NEIGHBORHOODS = [
    "Allston", "Back Bay", "Beacon Hill", "Brighton", "Charlestown", "Chinatown", "Dorchester",
    "East Boston", "Fenway", "Hyde Park", "Jamaica Plain", "Mattapan", "Mission Hill", "North End",
    "Roslindale", "Roxbury", "South Boston", "South End", "West Roxbury", "Fields Corner",
    "Codman Square", "Egleston Square", "Uphams Corner", "Grove Hall",
]  # fmt: skip

# People the district's schools might be named after (mixed freely, so the names are made up).
HONOREE_FIRST = [
    "Abigail", "Phillis", "Crispus", "Frederick", "Mary", "Julia", "Margaret", "Josiah", "Rafael",
    "Melnea", "Ruth", "Elma", "Hubert", "Otis", "Sarah", "Patrick", "Dennis", "Edward", "Catherine",
    "Lucy", "William", "John", "Rose", "Maurice", "Pauline", "Joseph", "Ellen", "Harriet", "Paul", "Ida",
]  # fmt: skip
HONOREE_LAST = [
    "Adams", "Wheatley", "Attucks", "Douglass", "Lyon", "Quincy", "Hernández", "Cass", "Batson", "Lewis",
    "Kennedy", "Curley", "O'Bryant", "Trotter", "Mendell", "Perkins", "Revere", "Emerson", "Alcott",
    "Sumner", "Bradley", "Haley", "Tynan", "McKay", "Guild", "Kenny", "Condon", "Mather", "Everett",
    "Winthrop", "Warren", "Channing", "Dever", "Tobin", "Ohrenberger", "Chittick", "Greenwood", "Hurley",
    "Mason", "Timilty", "Murphy", "Holmes", "Shaw", "Frazier", "King", "Snowden", "Madison", "Irving",
]  # fmt: skip
FOCUSES = [
    "Mathematics & Science", "the Arts", "Technology", "International Studies", "Public Service",
    "Health Careers", "Engineering", "Environmental Science", "Social Justice", "Newcomers",
]  # fmt: skip

SCHOOL_NAME_PATTERNS = {
    SchoolLevel.ELEMENTARY: [
        "{honoree} Elementary School", "{place} Elementary School", "{honoree} Early Learning Center",
    ],
    SchoolLevel.K8: ["{honoree} K-8 School", "{place} K-8 School", "{honoree} Innovation School"],
    SchoolLevel.MIDDLE: ["{honoree} Middle School", "{place} Middle School", "{place} Academy"],
    SchoolLevel.HIGH: [
        "{place} High School", "{honoree} High School", "{honoree} School of {focus}",
        "{place} Academy of {focus}", "Boston Collegiate Academy of {focus}",
    ],
}  # fmt: skip

FIRST_NAMES = [
    "Siobhan", "Brendan", "Kevin", "Maureen", "Kathleen", "Declan", "Anthony", "Gina", "Vincent",
    "Teresa", "Jean-Claude", "Marie-Ange", "Widline", "Rodley", "Nadège", "Djamila", "Edmilson",
    "Lucinda", "Yesenia", "Luis", "Marisol", "José", "Carmen", "Héctor", "Thanh", "Linh", "Minh",
    "Wei", "Mei", "Jun", "Keisha", "Jamal", "Darnell", "Tanisha", "Andre", "Monique", "Hodan", "Abdi",
    "Fatima", "Amina", "David", "Rachel", "Sarah", "Michael", "Jennifer", "Christopher", "Lauren",
    "Brian", "Erin", "Patrick", "Colleen", "Daniel", "Megan", "Samuel", "Grace", "Tiffany", "Marcus",
    "Alicia", "Jonathan", "Nicole", "Rosa", "Ana", "Paulo", "Isabel", "Kwame", "Adaeze", "Priya",
    "Rahul", "Sung-min", "Eun-ji", "Omar", "Leila", "Sean", "Courtney", "Derek", "Shanice",
]  # fmt: skip
LAST_NAMES = [
    "Murphy", "O'Brien", "Sullivan", "Walsh", "McCarthy", "Kelly", "Doherty", "Connolly", "Flaherty",
    "Santos", "Pereira", "Monteiro", "Gomes", "Barros", "Fernandes", "Tavares", "Rodriguez", "Martinez",
    "Rivera", "Pérez", "Ortiz", "Colón", "Nguyen", "Tran", "Le", "Pham", "Chen", "Wong", "Li", "Liu",
    "Joseph", "Jean-Baptiste", "Pierre", "Charles", "Louis", "Desir", "Johnson", "Williams", "Brown",
    "Jackson", "Green", "Robinson", "Washington", "Mohamed", "Hassan", "Ali", "Cohen", "Goldberg",
    "Rossi", "DiMarco", "Russo", "Ferrara", "Leone", "Greene", "Coleman", "Baptiste", "Andrade",
    "Medina", "Reyes", "Okafor", "Mensah", "Patel", "Shah", "Kim", "Park", "Tobin", "Fitzgerald",
    "Burke", "Lynch", "Carroll", "Moriarty", "Thompson", "Harris", "Edwards", "Vargas", "Cruz",
]  # fmt: skip

LEVEL_WEIGHTS = {
    SchoolLevel.ELEMENTARY: 45,
    SchoolLevel.K8: 20,
    SchoolLevel.MIDDLE: 12,
    SchoolLevel.HIGH: 23,
}
ASSISTANT_PRINCIPALS = {0: 25, 1: 45, 2: 30}  # how many a school has, and how often
ADMIN_TEAM_MEMBERS = {0: 25, 1: 40, 2: 25, 3: 10}
TEACHER_LEADERS = {1: 5, 2: 20, 3: 30, 4: 30, 5: 15}
OFFICE_STAFF = 8  # the Office of Leadership Development itself, in central office
NETWORK_SUPPORT_TEAM = {3: 30, 4: 40, 5: 30}  # central-office staff who support each network

# The current school year is 2026-2027 (its leadership year began on 2026-07-01). Role start dates are
# fixed, never relative to today, so a seed makes the same first- and second-year leaders every day.
SCHOOL_YEARS = [
    ("2025-2026", datetime.date(2025, 9, 4), datetime.date(2026, 6, 23), False),
    ("2026-2027", datetime.date(2026, 8, 31), datetime.date(2027, 6, 24), True),
    ("2027-2028", datetime.date(2027, 9, 1), datetime.date(2028, 6, 22), False),
]
FIRST_YEAR_FROM, FIRST_YEAR_TO = datetime.date(2026, 7, 1), datetime.date(2026, 11, 20)
SECOND_YEAR_FROM, SECOND_YEAR_TO = datetime.date(2025, 7, 1), datetime.date(2026, 6, 30)
VETERANS_FROM, VETERANS_TO = datetime.date(2004, 7, 1), datetime.date(2025, 6, 30)
COHORT_WEIGHTS = {"first": 15, "second": 15, "veteran": 70}

EMAIL_DOMAIN = "bostonpublicschools.example"

# The district's demo logins, as DemoRun.ensure_login arguments; "person" names the featured person
# (see _school) the login belongs to.
DISTRICT_LOGINS = [
    {
        "email": "admin@leaderdev.example",
        "role": "Superuser",
        "full_name": "Demo Administrator",
        "is_staff": True,
        "is_superuser": True,
        "sees": "Everything: every staff area, every portal and the Django admin.",
    },
    {
        "email": "staff@leaderdev.example",
        "role": "Program staff",
        "roles": [Role.PROGRAM_STAFF],
        "full_name": "Demo Program Staff",
        "is_staff": True,
        "sees": "Programs, cohorts, enrollment and attendance; district data in the admin.",
    },
    {
        "email": "recruiter@leaderdev.example",
        "role": "Recruitment staff",
        "roles": [Role.RECRUITMENT_STAFF],
        "full_name": "Demo Recruiter",
        "is_staff": True,
        "sees": "Candidate pools, applications, interviews and reference checks.",
    },
    {
        "email": "licensure@leaderdev.example",
        "role": "Licensure team",
        "roles": [Role.LICENSURE_TEAM],
        "full_name": "Demo Licensure Lead",
        "is_staff": True,
        "sees": "Leaders pursuing DESE licensure and their progress.",
    },
    {
        "email": "mentor@leaderdev.example",
        "role": "Mentor",
        "roles": [Role.MENTOR],
        "person": "mentor",
        "sees": "The mentor portal, as a veteran principal: their mentees.",
    },
    {
        "email": "coach@leaderdev.example",
        "role": "Coach",
        "roles": [Role.COACH],
        "full_name": "Demo Partner Coach",
        "sees": "The coach portal, as a partner organisation's coach: the new leaders they coach.",
    },
    {
        "email": "leader@leaderdev.example",
        "role": "Leader",
        "roles": [Role.LEADER],
        "person": "leader",
        "sees": "The leader portal, as a first-year elementary principal: programs, mentor, plan.",
    },
    {
        "email": "ap@leaderdev.example",
        "role": "Leader",
        "roles": [Role.LEADER],
        "person": "ap",
        "sees": "The leader portal, as a second-year assistant principal.",
    },
]


@dataclass
class PlannedPerson:
    first_name: str
    last_name: str
    position: str
    tier: str
    role_start_date: datetime.date
    phone: str
    school_code: str | None = None
    featured: str = ""  # which demo login this person belongs to, if any
    employee_id: str = ""
    email: str = ""


@dataclass
class DistrictPlan:
    """The whole district a (scale, seed) makes, before it touches the database."""

    seed: int
    networks: list[Network]
    schools: list[tuple[School, Network]]
    people: list[PlannedPerson]

    def featured(self, name: str) -> PlannedPerson:
        return next(person for person in self.people if person.featured == name)


def network_index(school_index: int) -> int:
    """Which network school `school_index` is in: round-robin over the networks of its scale."""
    for scale in SCALES.values():
        if school_index < scale.schools:
            return school_index % scale.networks
    raise ValueError(f"No scale holds school {school_index}.")


def network_letter(index: int) -> str:
    """A, B, ... Z, AA, AB, ...: the spreadsheet way, so every network keeps a letter of its own."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _role_start(rng: random.Random, cohort: str) -> datetime.date:
    """A role start date for a first-year, second-year or veteran leader of the 2026-2027 year."""
    if cohort == "first":
        # Most leaders start with the leadership year on July 1; some are hired into the fall.
        return FIRST_YEAR_FROM if rng.random() < 0.4 else _day_between(rng, FIRST_YEAR_FROM, FIRST_YEAR_TO)
    if cohort == "second":
        return SECOND_YEAR_FROM if rng.random() < 0.4 else _day_between(rng, SECOND_YEAR_FROM, SECOND_YEAR_TO)
    return _day_between(rng, VETERANS_FROM, VETERANS_TO)


def _person(rng, position, tier, *, school_code=None, cohort=None, featured="") -> PlannedPerson:
    return PlannedPerson(
        first_name=rng.choice(FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        position=position,
        tier=tier,
        role_start_date=_role_start(rng, cohort or _weighted(rng, COHORT_WEIGHTS)),
        phone=f"617-555-{rng.randint(100, 199):04d}",  # 555-0100..0199 are reserved for fiction
        school_code=school_code,
        featured=featured,
    )


def _network(seed: int, index: int) -> Network:
    order = random.Random(f"{seed}:neighborhoods").sample(NEIGHBORHOODS, len(NEIGHBORHOODS))
    letter = network_letter(index)
    return Network(name=f"Network {letter} - {order[index % len(order)]}", code=f"network-{letter.lower()}")


def _school_name(seed: int, index: int, level: str, neighborhood: str, taken: set[str]) -> str:
    """A made-up, Boston-sounding name no earlier school has, from name parts (half near its network)."""
    rng = random.Random(f"{seed}:school-name:{index}")
    for _ in range(100):
        initial = rng.choice("ABCDEFGHJKLMNPRSTW")
        name = rng.choice(SCHOOL_NAME_PATTERNS[level]).format(
            honoree=f"{rng.choice(HONOREE_FIRST)} {initial}. {rng.choice(HONOREE_LAST)}",
            place=neighborhood if rng.random() < 0.5 else rng.choice(NEIGHBORHOODS),
            focus=rng.choice(FOCUSES),
        )
        if name not in taken:
            return name
    return f"{name} {index + 1}"


# Where demo schools stand: a box around Boston (degrees), for travel distances in mentor matching.
SCHOOL_LATITUDES = (42.25, 42.40)
SCHOOL_LONGITUDES = (-71.17, -70.99)


def school_coordinates(seed: int, index: int) -> tuple[float, float]:
    """School `index`'s (latitude, longitude), from a generator of its own: adding coordinates to the
    demo changed no other draw, so every seed still makes the same schools and people."""
    rng = random.Random(f"{seed}:school:{index}:geo")
    return round(rng.uniform(*SCHOOL_LATITUDES), 5), round(rng.uniform(*SCHOOL_LONGITUDES), 5)


def _school(seed: int, index: int, network: Network, taken: set[str]) -> tuple[School, list[PlannedPerson]]:
    """School `index` (0-based) and its leaders, drawn from their own generator.

    The demo logins need particular people, so the first schools are made to hold them whatever the
    seed: school 0 is an elementary school with a first-year principal (leader@), school 1 has a
    second-year assistant principal (ap@) and school 2 a veteran principal (mentor@).
    """
    rng = random.Random(f"{seed}:school:{index}")
    level = _weighted(rng, LEVEL_WEIGHTS)
    if index == 0:
        level = SchoolLevel.ELEMENTARY
    if index == 2 and level == SchoolLevel.HIGH:
        level = SchoolLevel.K8  # high schools have a head of school, and mentor@ is a principal
    name = _school_name(seed, index, level, network.name.split(" - ")[-1], taken)
    taken.add(name)
    latitude, longitude = school_coordinates(seed, index)
    school = School(code=f"S{index + 1:04d}", name=name, level=level, latitude=latitude, longitude=longitude)
    admin = LeadershipTier.BUILDING_ADMINISTRATOR
    head = Position.HEAD_OF_SCHOOL if level == SchoolLevel.HIGH else Position.PRINCIPAL
    at_school = {"school_code": school.code}
    if index == 0:
        people = [_person(rng, head, admin, **at_school, cohort="first", featured="leader")]
    elif index == 2:
        people = [_person(rng, head, admin, **at_school, cohort="veteran", featured="mentor")]
    else:
        people = [_person(rng, head, admin, **at_school)]
    assistants = _weighted(rng, ASSISTANT_PRINCIPALS)
    if index == 1:
        people.append(
            _person(rng, Position.ASSISTANT_PRINCIPAL, admin, **at_school, cohort="second", featured="ap")
        )
        assistants = max(assistants - 1, 0)  # ap@ is one of them
    for _ in range(assistants):
        people.append(_person(rng, Position.ASSISTANT_PRINCIPAL, admin, **at_school))
    for _ in range(_weighted(rng, ADMIN_TEAM_MEMBERS)):
        people.append(_person(rng, Position.ADMIN_TEAM_MEMBER, LeadershipTier.EMERGING_LEADER, **at_school))
    for _ in range(_weighted(rng, TEACHER_LEADERS)):
        tier = LeadershipTier.EMERGING_LEADER if rng.random() < 0.45 else LeadershipTier.LEAD_LEARNER
        people.append(_person(rng, Position.TEACHER_LEADER, tier, **at_school))
    return school, people


def _central_office(seed: int, unit: str, size: int | dict) -> list[PlannedPerson]:
    rng = random.Random(f"{seed}:central:{unit}")
    count = size if isinstance(size, int) else _weighted(rng, size)
    return [_person(rng, Position.CENTRAL_OFFICE, "") for _ in range(count)]


def _email_local(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum() or ch == "-")


def plan_district(scale: Scale, seed: int) -> DistrictPlan:
    """The district of `scale` for `seed`, built in one fixed order so that scales nest.

    People are numbered in the order: the Office's own staff, then for each school (in code order) its
    network's support team when the network first appears, then the school's leaders. Employee ids
    and e-mail addresses follow that order, so a smaller scale's people keep theirs in a larger one.
    """
    networks: dict[int, Network] = {}
    schools = []
    school_names: set[str] = set()
    people = _central_office(seed, "office", OFFICE_STAFF)
    for index in range(scale.schools):
        network_at = network_index(index)
        if network_at not in networks:
            networks[network_at] = _network(seed, network_at)
            people += _central_office(seed, f"network:{network_at}", NETWORK_SUPPORT_TEAM)
        school, staff = _school(seed, index, networks[network_at], school_names)
        schools.append((school, networks[network_at]))
        people += staff
    taken = Counter()
    for number, person in enumerate(people, start=1):
        person.employee_id = f"E{number:06d}"
        local = f"{_email_local(person.first_name)}.{_email_local(person.last_name)}"
        taken[local] += 1
        suffix = f"+{taken[local]}" if taken[local] > 1 else ""
        person.email = f"{local}{suffix}@{EMAIL_DOMAIN}"
    return DistrictPlan(seed=seed, networks=list(networks.values()), schools=schools, people=people)


def _check_same_district(plan: DistrictPlan) -> None:
    """Refuse to mix seeds: most schools under our codes must carry this seed's names.

    Most, not all, so that renaming a school or two while trying the admin does not stop the next
    ``make run``.
    """
    ours = {school.code: school.name for school, _ in plan.schools}
    theirs = {code: name for code, name in School.objects.values_list("code", "name") if code in ours}
    differ = sorted(code for code, name in theirs.items() if name != ours[code])
    if differ and len(differ) * 2 >= len(theirs):
        raise DemoDataConflict(
            f"{len(differ)} of the {len(theirs)} schools this seed would make exist under other names "
            f"(school {differ[0]} is {theirs[differ[0]]!r} here, {ours[differ[0]]!r} in seed {plan.seed}): "
            "this database holds another seed's demo data or real schools. Seed it with the --seed it "
            "was first seeded with, or start from an empty database."
        )


@seeder
def seed_district(run: DemoRun) -> None:
    """Networks, schools, school years, people and the demo logins everything else builds on."""
    plan = plan_district(run.scale, run.seed)
    _check_same_district(plan)

    run.insert_missing(Network, plan.networks, keys=("code", "name"))
    # By code, or by name for a network whose code was edited after an earlier run.
    network_ids = dict(Network.objects.values_list("name", "id")) | dict(
        Network.objects.values_list("code", "id")
    )
    for school, network in plan.schools:
        school.network_id = network_ids.get(network.code) or network_ids[network.name]
    run.insert_missing(School, [school for school, _ in plan.schools], keys=("code",))

    has_current = SchoolYear.objects.filter(is_current=True).exists()
    years = [
        SchoolYear(name=name, start_date=start, end_date=end, is_current=current and not has_current)
        for name, start, end, current in SCHOOL_YEARS
    ]
    run.insert_missing(SchoolYear, years, keys=("name", "start_date"))

    school_ids = dict(School.objects.values_list("code", "id"))
    people = [
        Person(
            employee_id=p.employee_id,
            first_name=p.first_name,
            last_name=p.last_name,
            email=p.email,
            phone=p.phone,
            position=p.position,
            tier=p.tier,
            school_id=school_ids[p.school_code] if p.school_code else None,
            role_start_date=p.role_start_date,
        )
        for p in plan.people
    ]
    run.insert_missing(Person, people, keys=("employee_id", "email"))

    for login in DISTRICT_LOGINS:
        featured = login.get("person")
        person = (
            Person.objects.filter(employee_id=plan.featured(featured).employee_id).first()
            if featured
            else None
        )
        run.ensure_login(**{**login, "person": person})
