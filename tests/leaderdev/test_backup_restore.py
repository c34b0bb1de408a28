"""docs/backups.md, tried for real: a pg_dump of a seeded database restores into an empty one and the app
works on it (every row is back, demo users sign in, their pages render, a new record gets a fresh id)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import environ
import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("backup")]


def _server_url() -> str:
    """The Postgres server the suite runs on (DATABASE_URL), or the local one the README documents."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return url


def _database_url(name: str) -> str:
    config = environ.Env.db_url_config(_server_url())
    auth = config["USER"] + (f":{config['PASSWORD']}" if config.get("PASSWORD") else "")
    return f"postgres://{auth}@{config['HOST']}:{config['PORT'] or 5432}/{name}"


def _pg_env() -> dict[str, str]:
    config = environ.Env.db_url_config(_server_url())
    env = dict(os.environ)
    env.update(PGHOST=config["HOST"], PGPORT=str(config["PORT"] or 5432), PGUSER=config["USER"])
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = config["PASSWORD"]
    return env


def _run(args: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, **kwargs)
    assert result.returncode == 0, f"{' '.join(args)} exited {result.returncode}:\n{result.stderr[-3000:]}"
    return result


def _app_env(name: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"CELERY_BROKER_URL", "SECRET_KEY"}}
    env.update(DEBUG="true", DATABASE_URL=_database_url(name), DJANGO_SETTINGS_MODULE="leaderdev.settings")
    return env


def _probe(name: str, what: str) -> dict:
    result = _run([sys.executable, "-m", "tests.leaderdev.backup_probe", what], _app_env(name))
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def databases():
    """Two throw-away databases, named per xdist worker; dropped afterwards."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    names = (f"leaderdev_backup_source_{worker}", f"leaderdev_backup_restored_{worker}")
    env = _pg_env()
    for name in names:
        _run(["dropdb", "--if-exists", "--force", name], env)
    yield names
    for name in names:
        subprocess.run(["dropdb", "--if-exists", "--force", name], env=env, capture_output=True, check=False)


def test_a_dump_restores_into_an_empty_database_and_the_app_works_on_it(databases, tmp_path):
    source, restored = databases
    pg = _pg_env()
    _run(["createdb", source], pg)
    _run([sys.executable, "manage.py", "migrate", "--no-input"], _app_env(source))
    _run([sys.executable, "manage.py", "seed_demo", "--scale", "small", "--seed", "1"], _app_env(source))
    before = _probe(source, "count")

    # The commands docs/backups.md gives, word for word.
    dump = tmp_path / "leaderdev.dump"
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}", source], pg)
    _run(["createdb", restored], pg)
    _run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={restored}", str(dump)],
        pg,
    )

    # The restored database is complete: no migration is missing and every table has every row.
    _run([sys.executable, "manage.py", "migrate", "--check"], _app_env(restored))
    after = _probe(restored, "count")
    assert after == before
    assert before["leaderdev.Person"] > 0 and before["programs.Attendance"] > 0

    used = _probe(restored, "use")
    assert used == {
        "login leader@leaderdev.example": 302,
        "leader@leaderdev.example portal": 200,
        "login staff@leaderdev.example": 302,
        "staff@leaderdev.example staff_dashboard": 200,
        "staff@leaderdev.example people": 200,
        "staff@leaderdev.example programs:offering_list": 200,
        "login recruiter@leaderdev.example": 302,
        "recruiter@leaderdev.example recruitment:board": 200,
        "new person id is fresh": True,
    }
