"""The load run: gunicorn with production settings on loopback, and locust's headless users against it.

Production settings (``DEBUG=false``) with what plain HTTP on 127.0.0.1 needs: a SECRET_KEY generated for
this run, ``ALLOWED_HOSTS=127.0.0.1``, no SSL redirect, no HSTS and cookies that are not ``Secure`` (a
browser, and locust, would not send them back over HTTP). Static files are collected into a temporary
folder (``leaderdev.bench.load_settings`` points STATIC_ROOT there), so the working tree is not touched.
Workers: 2 x CPUs + 1, gthread, a keep-alive longer than the users' think time (as a proxy in front would
hold its upstream connections open).
"""

import csv
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
BIN = Path(sys.executable).parent


class LoadError(Exception):
    """The load run could not start (gunicorn did not come up, locust wrote no statistics)."""


@dataclass(frozen=True)
class LoadResult:
    users: int
    seconds: int
    workers: int
    requests: int
    failures: int
    requests_per_second: float
    median_ms: float
    p95_ms: float
    failure_lines: tuple[str, ...] = ()


def cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url: str, static_root: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "SESSION_", "CSRF_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="leaderdev.bench.load_settings",
        BENCH_STATIC_ROOT=str(static_root),
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
    )
    return env


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise LoadError(f"gunicorn exited with {process.returncode} before answering.")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback, our URL)
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise LoadError(f"gunicorn did not answer {url} within {timeout:.0f} s.")


def read_stats(prefix: Path) -> tuple[int, int, float, float, float]:
    """(requests, failures, requests/s, median ms, p95 ms) of locust's Aggregated row."""
    path = Path(f"{prefix}_stats.csv")
    if not path.exists():
        raise LoadError(f"locust wrote no {path.name}.")
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                return (
                    int(row["Request Count"]),
                    int(row["Failure Count"]),
                    float(row["Requests/s"]),
                    float(row["Median Response Time"]),
                    float(row["95%"]),
                )
    raise LoadError(f"{path.name} has no Aggregated row.")


def read_failures(prefix: Path) -> tuple[str, ...]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return ()
    with path.open(newline="") as handle:
        return tuple(
            f"{row['Method']} {row['Name']}: {row['Error']} x{row['Occurrences']}"
            for row in csv.DictReader(handle)
        )


def run_load(
    *,
    database_url: str,
    roster_url: str,
    users: int = 50,
    spawn_rate: float = 10,
    seconds: int = 60,
    workers: int | None = None,
    log=print,
) -> LoadResult:
    """Serve the app with gunicorn on `database_url` and run locust against it; stop gunicorn after."""
    workers = workers or 2 * cpus() + 1
    with tempfile.TemporaryDirectory(prefix="leaderdev-bench-") as tmp:
        tmp = Path(tmp)
        env = production_env(database_url, tmp / "static")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
        )
        port = free_port()
        host = f"http://127.0.0.1:{port}"
        gunicorn_log = tmp / "gunicorn.log"
        with gunicorn_log.open("w") as log_file:
            server = subprocess.Popen(  # noqa: S603 (our own venv's gunicorn, fixed arguments)
                [
                    str(BIN / "gunicorn"),
                    "leaderdev.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(workers),
                    "--worker-class",
                    "gthread",
                    "--threads",
                    "4",
                    "--timeout",
                    "60",
                    # Longer than the users' longest think time (3 s): with gunicorn's default of 2 s the
                    # server closes an idle keep-alive connection just as locust reuses it, and the
                    # request fails with "connection reset by peer" (seen: 12 of 404 requests).
                    "--keep-alive",
                    "10",
                ],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            wait_until_up(f"{host}/healthz", server)
            log(f"gunicorn up on {host} ({workers} workers x 4 threads); {users} users for {seconds} s ...")
            prefix = tmp / "locust"
            subprocess.run(  # noqa: S603 (our own venv's locust, fixed arguments)
                [
                    str(BIN / "locust"),
                    "-f",
                    str(LOCUSTFILE),
                    "--headless",
                    "--users",
                    str(users),
                    "--spawn-rate",
                    str(spawn_rate),
                    "--run-time",
                    f"{seconds}s",
                    "--host",
                    host,
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=settings.BASE_DIR,
                env={**env, "BENCH_ROSTER_URL": roster_url},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,  # locust exits 1 when any request failed: the failures are counted below
                timeout=seconds + 120,
            )
            requests, failures, rps, median, p95 = read_stats(prefix)
            failure_lines = read_failures(prefix)
        finally:
            server.send_signal(signal.SIGTERM)  # only the gunicorn this function started
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            if server.returncode not in (0, -signal.SIGTERM):
                log(gunicorn_log.read_text()[-2000:])
    return LoadResult(users, seconds, workers, requests, failures, rps, median, p95, failure_lines)
