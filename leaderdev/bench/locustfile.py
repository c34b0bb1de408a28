"""The load run's users (``manage.py bench`` starts ``locust --headless -f`` on this file).

Each simulated user logs in through the real login page with a demo login (correct passwords only:
django-axes locks out after failed logins), then browses the pages its role uses, with think time.
The weights follow the office: leaders on their portal far outnumber staff, and program staff work
rosters more than recruiters work the board. The roster's URL comes from ``BENCH_ROSTER_URL``.
"""

import os
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("BENCH_PASSWORD", "leaderdev-demo")
ROSTER_URL = os.environ.get("BENCH_ROSTER_URL", "/programs/offerings/")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class SignedInUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    emails: tuple[str, ...] = ()
    _next = 0

    def on_start(self):
        cls = type(self)
        email = cls.emails[cls._next % len(cls.emails)]
        cls._next += 1
        with self.client.get("/accounts/login/", name="login page", catch_response=True) as page:
            match = CSRF_INPUT.search(page.text or "")
            if page.status_code != 200 or not match:
                page.failure(f"login page answered {page.status_code} without a CSRF token")
                return
        with self.client.post(
            "/accounts/login/",
            data={"username": email, "password": PASSWORD, "csrfmiddlewaretoken": match.group(1)},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="log in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"log in as {email} answered {response.status_code}, not a redirect")


class Leader(SignedInUser):
    weight = 6
    emails = ("leader@leaderdev.example", "ap@leaderdev.example", "mentor@leaderdev.example")

    @task(5)
    def portal(self):
        self.client.get("/portal/", name="portal")

    @task(1)
    def home(self):
        self.client.get("/", name="home (redirects to the portal)")


class ProgramStaff(SignedInUser):
    weight = 3
    emails = ("staff@leaderdev.example",)

    @task(3)
    def roster(self):
        self.client.get(ROSTER_URL, name="staff roster")

    @task(2)
    def dashboard(self):
        self.client.get("/staff/", name="staff dashboard")

    @task(1)
    def people(self):
        self.client.get("/staff/people/", name="staff directory")


class Recruiter(SignedInUser):
    weight = 2
    emails = ("recruiter@leaderdev.example",)

    @task(3)
    def board(self):
        self.client.get("/recruitment/", name="pipeline board")

    @task(1)
    def dashboard(self):
        self.client.get("/staff/", name="staff dashboard")
