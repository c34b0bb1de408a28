"""docker-compose.yml and the Dockerfile agree with each other and with what leaderdev/settings.py reads.

Docker is not needed: the compose file is read with PyYAML and its ${...} references are filled in the way
`docker compose` fills them, from an operator environment that supplies only what the file requires.
"""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from tests.leaderdev.test_settings import read_settings, real_secret_key, settings_env_names

PROJECT_ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = PROJECT_ROOT / "docker-compose.yml"
DOCKERFILE = PROJECT_ROOT / "Dockerfile"
DOCKERIGNORE = PROJECT_ROOT / ".dockerignore"
SERVICES = {"postgres", "redis", "web", "worker", "beat"}
APP_SERVICES = ("web", "worker", "beat")
OPERATOR_ENV = {"SECRET_KEY": "an-operator-supplied-key-" + "x1y2z3" * 5}

_REFERENCE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[A-Za-z_]\w*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}|(?P<named>[A-Za-z_]\w*))"
)


class MissingVariable(Exception):
    pass


def interpolate(value, environ: dict[str, str]):
    """Fill $VAR, ${VAR}, ${VAR:-default}, ${VAR:?error}, ${VAR:+other} and $$ as docker compose does."""
    if isinstance(value, dict):
        return {key: interpolate(item, environ) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, environ) for item in value]
    if not isinstance(value, str):
        return value

    def replace(match: re.Match) -> str:
        if match["escaped"]:
            return "$"
        name, op, arg = match["braced"] or match["named"], match["op"], match["arg"]
        current = environ.get(name)
        missing = not current if op and op.startswith(":") else current is None
        if op in (":-", "-"):
            return arg if missing else current
        if op in (":?", "?"):
            if missing:
                raise MissingVariable(f"{name}: {arg}")
            return current
        if op in (":+", "+"):
            return "" if missing else arg
        return current or ""

    return _REFERENCE.sub(replace, value)


def environment(service: dict) -> dict:
    """A service's environment as a dict, whether the file wrote a mapping or a list of NAME=value."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        return dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def command_line(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def dockerfile_instructions(name: str) -> list[str]:
    """The arguments of every `name` instruction in the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    return [
        line.split(None, 1)[1] for line in text.splitlines() if line.upper().startswith(name.upper() + " ")
    ]


@pytest.fixture(scope="module")
def raw_compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def compose(raw_compose) -> dict:
    return interpolate(raw_compose, OPERATOR_ENV)


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def test_it_fills_references_as_compose_does():
    env = {"SET": "value", "EMPTY": ""}
    assert interpolate("$SET ${SET} ${UNSET:-d} ${EMPTY:-d} ${EMPTY-d} $$SET ${SET:+on}", env) == (
        "value value d d  $SET on"
    )
    with pytest.raises(MissingVariable):
        interpolate("${EMPTY:?required}", env)


def test_it_defines_the_five_services(services):
    assert set(services) >= SERVICES


def test_app_services_share_one_environment(services):
    web = environment(services["web"])
    assert web
    for name in ("worker", "beat"):
        assert environment(services[name]) == web, name


def test_app_environment_quotes_its_booleans(raw_compose):
    # Compose's documentation: quote true/false so the YAML parser does not turn them into booleans.
    env = environment(raw_compose["services"]["web"])
    assert not [name for name, value in env.items() if isinstance(value, bool)]


def unread_names(env: dict) -> set[str]:
    return set(env) - settings_env_names()


def test_app_services_set_only_variables_settings_read(services):
    for name in APP_SERVICES:
        assert unread_names(environment(services[name])) == set(), name


def test_a_misspelt_variable_would_be_caught(services):
    env = dict(environment(services["web"]))
    env["CELERY_BROKER"] = env.pop("CELERY_BROKER_URL")
    assert unread_names(env) == {"CELERY_BROKER"}


@pytest.mark.parametrize(
    "operator_env", [{}, {"POSTGRES_PASSWORD": "s3cret-Pa55"}], ids=["default", "custom"]
)
def test_database_url_points_at_the_postgres_service(raw_compose, operator_env):
    services = interpolate(raw_compose, {**OPERATOR_ENV, **operator_env})["services"]
    url = urlsplit(environment(services["web"])["DATABASE_URL"])
    postgres = environment(services["postgres"])
    assert url.scheme in ("postgres", "postgresql")
    assert url.hostname == "postgres"
    assert url.port in (None, 5432)
    assert url.path.lstrip("/") == postgres["POSTGRES_DB"]
    assert unquote(url.username) == postgres["POSTGRES_USER"]
    assert unquote(url.password) == postgres["POSTGRES_PASSWORD"]
    if operator_env:
        assert postgres["POSTGRES_PASSWORD"] == operator_env["POSTGRES_PASSWORD"]


def test_broker_url_points_at_the_redis_service(services):
    url = urlsplit(environment(services["web"])["CELERY_BROKER_URL"])
    assert url.scheme == "redis"
    assert url.hostname == "redis"
    assert url.port in (None, 6379)


def test_secret_key_is_required_not_written_down(raw_compose):
    for name in APP_SERVICES:
        value = environment(raw_compose["services"][name])["SECRET_KEY"]
        assert re.fullmatch(r"\$\{SECRET_KEY:?\?[^}]*\}", value), f"{name}: SECRET_KEY={value!r}"
    with pytest.raises(MissingVariable, match="SECRET_KEY"):
        interpolate(raw_compose, {})


def test_compose_runs_in_production_mode(services):
    assert environment(services["web"])["DEBUG"] == "false"


def test_web_migrates_then_runs_gunicorn(services):
    command = command_line(services["web"])
    assert "manage.py migrate" in command
    assert "gunicorn leaderdev.wsgi" in command
    assert command.index("manage.py migrate") < command.index("gunicorn")


@pytest.mark.parametrize("name", ["worker", "beat"])
def test_celery_services_run_celery(services, name):
    assert f"celery -A leaderdev {name}" in command_line(services[name])


def test_beat_reads_its_schedule_from_the_database_after_the_migrations(services, settings):
    """django-celery-beat keeps the schedule in tables the web's migrations create: no schedule file."""
    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"
    beat = services["beat"]
    assert "--schedule" not in command_line(beat)
    assert beat["depends_on"]["web"]["condition"] == "service_healthy"


@pytest.mark.parametrize("name", ["web", "worker"])
def test_private_uploads_live_in_a_volume_outside_the_web_root(services, name):
    """Evidence and photos survive a rebuild, and the folder settings read is the one mounted."""
    root = Path(services[name]["environment"]["PRIVATE_MEDIA_ROOT"])
    mounts = {
        Path(volume.split(":")[1]): volume.split(":")[0] for volume in services[name].get("volumes", [])
    }
    assert mounts.get(root) == "uploads"
    assert root != Path("/app/media") and root != Path("/app/staticfiles")


def test_the_image_lets_the_app_write_private_uploads():
    dockerfile = DOCKERFILE.read_text()
    assert "/app/var/uploads" in dockerfile.split("USER leaderdev")[0]


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_wait_for_healthy_dependencies(services, name):
    depends_on = services[name]["depends_on"]
    assert isinstance(depends_on, dict), "the short list form does not wait for health"
    assert {"postgres", "redis"} <= set(depends_on)
    for dependency, condition in depends_on.items():
        assert condition == {"condition": "service_healthy"}, dependency
        assert "healthcheck" in services[dependency], dependency


def test_postgres_and_redis_have_healthchecks(services):
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert "redis-cli ping" in " ".join(services["redis"]["healthcheck"]["test"])


def test_web_healthcheck_asks_healthz(services):
    assert "http://127.0.0.1:8000/healthz" in " ".join(services["web"]["healthcheck"]["test"])


def test_compose_environment_configures_django(services):
    """With only SECRET_KEY supplied, what compose hands the containers is a valid production setup."""
    env = environment(services["web"]) | {"SECRET_KEY": real_secret_key()}
    values = read_settings(
        env, "DEBUG", "DATABASES", "CELERY_BROKER_URL", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER"
    )
    assert values["DEBUG"] is False
    assert values["DATABASES"]["default"]["HOST"] == "postgres"
    assert values["CELERY_BROKER_URL"] == "redis://redis:6379/0"
    # TLS is terminated upstream: the proxy redirects and tells Django the scheme.
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_dockerfile_runs_gunicorn():
    launch = dockerfile_instructions("CMD") + dockerfile_instructions("ENTRYPOINT")
    assert launch, "the Dockerfile has no CMD or ENTRYPOINT"
    assert "gunicorn" in launch[-1]
    assert "leaderdev.wsgi" in launch[-1]


def test_dockerfile_runs_as_a_non_root_user():
    users = dockerfile_instructions("USER")
    assert users, "the Dockerfile never leaves root"
    assert users[-1].split(":")[0].strip() not in ("root", "0")


def test_dockerfile_bakes_no_secret_key():
    assert not [
        line
        for line in dockerfile_instructions("ENV") + dockerfile_instructions("ARG")
        if "SECRET_KEY" in line
    ]


def test_dockerignore_keeps_local_configuration_out_of_the_image():
    patterns = {line.strip() for line in DOCKERIGNORE.read_text().splitlines()}
    assert {".env", ".venv", ".git", "db.sqlite3"} <= patterns
