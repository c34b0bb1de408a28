"""`make run`, the README's first command, really serves the app: health, login, demo users in Chromium.

Boots `make run` on a throw-away SQLite file with no broker (the quickstart configuration), waits for
/healthz, then logs in as the demo leader and the demo program-staff member in headless Chromium.
"""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser import chromium_page, screenshot

ROOT = Path(__file__).resolve().parents[1]
DEMO_PASSWORD = "leaderdev-demo"

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.xdist_group("quickstart")]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 5.0):
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback URL we built)
        return response.status, response.read()


@pytest.fixture(scope="module")
def quickstart(tmp_path_factory):
    """`make run` on SQLite with no broker; yields the base URL; stops the whole process group after."""
    port = _free_port()
    db_file = tmp_path_factory.mktemp("quickstart") / "db.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in {"CELERY_BROKER_URL", "SECRET_KEY"}}
    env["DATABASE_URL"] = f"sqlite:///{db_file}"
    log = tmp_path_factory.mktemp("quickstart-log") / "make-run.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            ["make", "run", f"ADDR=127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            if server.poll() is not None:
                pytest.fail(f"make run exited with {server.returncode}:\n{log.read_text()[-4000:]}")
            try:
                _get(f"{base}/healthz", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"make run did not serve within 240 s:\n{log.read_text()[-4000:]}")
                time.sleep(0.5)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def test_quickstart_is_healthy_without_a_broker(quickstart):
    status, body = _get(f"{quickstart}/healthz")
    assert status == 200
    assert json.loads(body) == {"status": "ok", "database": "ok", "broker": "disabled"}


def test_quickstart_serves_the_login_page_and_its_static_files(quickstart):
    status, body = _get(f"{quickstart}/accounts/login/")
    assert status == 200
    assert b"Log in to LeaderDev" in body
    css_status, css = _get(f"{quickstart}/static/bootstrap/css/bootstrap.min.css")
    assert css_status == 200 and b"Bootstrap" in css[:200]


def _log_in(page, base, email):
    page.goto(f"{base}/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def test_demo_leader_logs_in_to_the_portal(quickstart):
    with chromium_page() as page:
        _log_in(page, quickstart, "leader@leaderdev.example")
        assert page.url.endswith("/portal/")
        assert page.get_by_role("heading", name="Your role").is_visible()
        assert page.get_by_text("Year 1 in role").is_visible()
        screenshot(page, "quickstart-leader-portal")


def test_demo_staff_member_logs_in_to_the_dashboard(quickstart):
    with chromium_page() as page:
        _log_in(page, quickstart, "staff@leaderdev.example")
        assert page.url.endswith("/staff/")
        assert page.get_by_role("heading", name="The district at a glance").is_visible()
        screenshot(page, "quickstart-staff-dashboard")


def test_wrong_password_is_refused_with_a_message(quickstart):
    with chromium_page() as page:
        page.goto(f"{quickstart}/accounts/login/")
        page.get_by_label("E-mail address").fill("leader@leaderdev.example")
        page.get_by_label("Password").fill("not-the-password")
        with page.expect_navigation():
            page.get_by_role("button", name="Log in").click()
        assert "/accounts/login/" in page.url
        assert page.get_by_text("Please enter a correct e-mail address and password").is_visible()
        screenshot(page, "quickstart-login-error")


def test_staff_directory_works_at_phone_width(quickstart):
    with chromium_page(viewport={"width": 390, "height": 844}) as page:
        _log_in(page, quickstart, "staff@leaderdev.example")
        page.goto(f"{quickstart}/staff/people/?new_leaders=true")
        rows = page.locator("table tbody tr")
        assert rows.count() >= 2  # the demo leader (year 1) and the demo AP (year 2) at least
        years = set(page.locator("table tbody tr td:nth-child(6)").all_inner_texts())
        assert years <= {"1", "2"}
        screenshot(page, "quickstart-staff-directory-phone")
