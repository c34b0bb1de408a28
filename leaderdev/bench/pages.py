"""Server time and SQL queries of the busiest pages, measured in-process with Django's test client.

Each page is requested as the real demo user who uses it (``force_login``), ``warmup`` times untimed
(caches, connections, the template loader), once more inside ``CaptureQueriesContext`` to count its
queries, then ``iterations`` times timed. The timed requests run with ``DEBUG`` off so Django does not
log every query (that costs time per query and would flatter pages with few queries). The trivial page
(``leaderdev.bench.urls``) is measured in the same run, interleaved with the pages, and every page's
median and p95 are divided by the trivial page's median.
"""

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import load_backend
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leaderdev.models import User

BENCH_URLCONF = "leaderdev.bench.urls"
TRIVIAL = "trivial page"


class BenchError(Exception):
    """The benchmark cannot measure what it was asked to (a missing user, a page that is not 200)."""


@dataclass(frozen=True)
class Page:
    """A page to measure: its name, who requests it, how to find its URL, and its query budget.

    ``max_queries`` is the bound the page's own test asserts at two data sizes (named in ``source``);
    None for the trivial page, which has no target of its own.
    """

    name: str
    email: str
    url: Callable[[], str]
    max_queries: int | None
    source: str = ""


@dataclass
class PageTiming:
    name: str
    url: str
    email: str
    queries: int
    max_queries: int | None
    source: str
    seconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def p95(self) -> float:
        return percentile(self.seconds, 95)


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile: the smallest value with at least q% of the values at or below it."""
    if not values:
        raise ValueError("No values.")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


# --- The pages -------------------------------------------------------------------------------------


def biggest_offering_roster() -> str:
    """The roster of the current year's offering with the most enrollments (benchmark rows excluded)."""
    from programs.models import Offering

    offering = (
        Offering.objects.filter(school_year__is_current=True)
        .exclude(program__kind__name="Benchmark")
        .annotate(size=Count("enrollments"))
        .order_by("-size", "pk")
        .first()
    )
    if offering is None:
        raise BenchError("There is no offering in the current school year: seed the demo data first.")
    return reverse("programs:offering_roster", args=[offering.pk])


def admin_changelist(label: str) -> Callable[[], str]:
    app_label, model_name = label.lower().split(".")
    return lambda: reverse(f"admin:{app_label}_{model_name}_changelist")


def fixed(name: str) -> Callable[[], str]:
    return lambda: reverse(name)


# The demo logins (leaderdev/demo.py) each page is measured as, and the query bounds their tests assert.
LEADER = "leader@leaderdev.example"  # a first-year principal with a PD plan, a mentor and enrollments
PROGRAM_STAFF = "staff@leaderdev.example"
RECRUITER = "recruiter@leaderdev.example"
SUPERUSER = "admin@leaderdev.example"

TRIVIAL_PAGE = Page(TRIVIAL, PROGRAM_STAFF, fixed("bench_trivial"), None)
PAGES = [
    # 25 is the bound of tests/programs/test_portal.py, for a leader on no school team and with no
    # coach; the demo leader has both, which costs a fixed 1 + 1 more (the team's action steps,
    # tests/programs/teams/test_portal_team.py; the coach's shared log, tests/mentoring).
    Page("portal (leader)", LEADER, fixed("portal"), 27, "tests/programs/test_portal.py + 2"),
    Page(
        "staff roster (biggest offering)",
        PROGRAM_STAFF,
        biggest_offering_roster,
        15,
        "tests/programs/test_offering_pages.py",
    ),
    Page(
        "pipeline board",
        RECRUITER,
        fixed("recruitment:board"),
        10,
        "tests/recruitment/test_pipeline_queries.py",
    ),
    Page("staff dashboard", PROGRAM_STAFF, fixed("staff_dashboard"), 12, "tests/leaderdev/test_views.py"),
    Page(
        "admin: people",
        SUPERUSER,
        admin_changelist("leaderdev.Person"),
        15,
        "tests/leaderdev/test_admin.py",
    ),
    Page(
        "admin: enrollments",
        SUPERUSER,
        admin_changelist("programs.Enrollment"),
        13,
        "tests/programs/test_programs_admin.py",
    ),
    Page(
        "admin: attendance",
        SUPERUSER,
        admin_changelist("programs.Attendance"),
        13,
        "tests/programs/test_programs_admin.py",
    ),
    Page(
        "admin: applications",
        SUPERUSER,
        admin_changelist("recruitment.Application"),
        14,
        "tests/recruitment/test_recruitment_admin.py",
    ),
    Page(
        "admin: mentorships",
        SUPERUSER,
        admin_changelist("mentoring.Mentorship"),
        14,
        "tests/mentoring/test_mentoring_admin.py",
    ),
    Page(
        "admin: notifications",
        SUPERUSER,
        admin_changelist("leaderdev.Notification"),
        8,
        "tests/leaderdev/notifications/test_notifications_admin.py",
    ),
]


def session_backend() -> str:
    """The first configured backend that can load a user for a session (axes' own backend cannot)."""
    for path in settings.AUTHENTICATION_BACKENDS:
        if isinstance(load_backend(path), ModelBackend):
            return path
    return settings.AUTHENTICATION_BACKENDS[0]


def client_for(email: str) -> Client:
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise BenchError(f"No active login {email}: seed the demo data (manage.py seed_demo) first.")
    client = Client()
    client.force_login(user, backend=session_backend())
    return client


def get_ok(client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise BenchError(f"GET {url} answered {response.status_code}, not 200.")


def measure_pages(
    pages: list[Page] | None = None,
    *,
    iterations: int = 30,
    warmup: int = 3,
    trivial: Page = TRIVIAL_PAGE,
) -> tuple[PageTiming, list[PageTiming]]:
    """Time the trivial page and each of `pages`; return (trivial, pages), each with its timings."""
    if iterations < 1 or warmup < 0:
        raise BenchError("iterations must be at least 1 and warmup at least 0.")
    pages = PAGES if pages is None else pages
    with override_settings(ROOT_URLCONF=BENCH_URLCONF, ALLOWED_HOSTS=["testserver"]):
        every = [trivial, *pages]
        clients = {page.name: client_for(page.email) for page in every}
        timings = {}
        for page in every:
            url = page.url()
            client = clients[page.name]
            for _ in range(warmup):
                get_ok(client, url)
            with CaptureQueriesContext(connection) as queries:
                get_ok(client, url)
            timings[page.name] = PageTiming(
                page.name, url, page.email, len(queries), page.max_queries, page.source
            )
        # Round-robin, so a burst of load from elsewhere on the machine slows every page alike.
        with override_settings(DEBUG=False):
            for _ in range(iterations):
                for page in every:
                    timing = timings[page.name]
                    client = clients[page.name]
                    started = time.perf_counter()
                    response = client.get(timing.url)
                    timing.seconds.append(time.perf_counter() - started)
                    if response.status_code != 200:
                        raise BenchError(f"GET {timing.url} answered {response.status_code}, not 200.")
    return timings[trivial.name], [timings[page.name] for page in pages]
