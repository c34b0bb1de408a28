"""Settings come from the environment; production mode refuses to start on a development key.

Settings are read once, at import, so every test runs a fresh interpreter with an environment it controls:
the test process's own environment minus every variable settings.py reads, plus what the test sets.
"""

import ast
import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = PROJECT_ROOT / "leaderdev" / "settings.py"
REFUSAL = "Production mode (DEBUG=false) needs a real SECRET_KEY"

# Prepended to every child's code. settings.py also loads BASE_DIR/.env, a developer's local overrides;
# a test that says "DATABASE_URL is unset" must not be contradicted by that file, so the child ignores it.
PRELUDE = """\
import json, os, sys
import environ
environ.Env.read_env = classmethod(lambda cls, *args, **kwargs: None)
os.environ["DJANGO_SETTINGS_MODULE"] = "leaderdev.settings"
"""


def settings_env_names(source: str | None = None) -> set[str]:
    """The environment variables settings.py reads.

    django-environ's env("X") and env.<cast>("X"), and os.environ.get("X") / os.environ["X"] /
    os.getenv("X") for the values it must not interpret.
    """
    tree = ast.parse(SETTINGS_FILE.read_text() if source is None else source)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            name = node.slice
        elif isinstance(node, ast.Call) and node.args:
            func = ast.unparse(node.func)
            reads_env = func in ("env", "os.environ.get", "os.getenv") or (
                func.startswith("env.") and func != "env.read_env"
            )
            name = node.args[0] if reads_env else None
        else:
            continue
        if isinstance(name, ast.Constant) and isinstance(name.value, str):
            names.add(name.value)
    return names


@cache
def _inherited_environ() -> dict[str, str]:
    read_by_settings = settings_env_names()
    return {
        name: value
        for name, value in os.environ.items()
        # Celery reads a few CELERY_* variables itself, whatever settings say.
        if name not in read_by_settings
        and not name.startswith("CELERY_")
        and name not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }


def run_python(code: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """Run code in a fresh interpreter at the project root with exactly the settings variables in env."""
    return subprocess.run(
        [sys.executable, "-c", PRELUDE + code, *args],
        cwd=PROJECT_ROOT,
        env={**_inherited_environ(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def read_settings(env: dict[str, str], *names: str) -> dict:
    """The named settings, as JSON, of a process started with env."""
    code = (
        "from django.conf import settings\n"
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}, default=str))\n"
    )
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def real_secret_key() -> str:
    return get_random_secret_key()


def test_it_finds_every_way_settings_reads_a_variable():
    source = (
        'env.read_env(BASE_DIR / ".env")\n'
        'A = env("PLAIN")\n'
        'B = env.bool("FLAG", default=False)\n'
        'C = env.db("DATABASE_URL", default="sqlite://")\n'
        'D = other.str("NOT_ENV")\n'
        'E = os.environ.get("RAW", "")\n'
        'F = os.environ["INDEXED"]\n'
        'G = os.getenv("GOT")\n'
        'H = mapping["NOT_ENV_EITHER"]\n'
    )
    assert settings_env_names(source) == {"PLAIN", "FLAG", "DATABASE_URL", "RAW", "INDEXED", "GOT"}
    assert {
        "DEBUG",
        "SECRET_KEY",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "ALLOWED_HOSTS",
    } <= settings_env_names()


def test_database_defaults_to_sqlite_in_the_project():
    database = read_settings({"DEBUG": "true"}, "DATABASES")["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(database["NAME"]) == PROJECT_ROOT / "db.sqlite3"


def test_database_url_selects_postgres():
    env = {"DEBUG": "true", "DATABASE_URL": "postgres://leaderdev:p%40ss@db.example:5433/leaderdev_prod"}
    database = read_settings(env, "DATABASES")["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["NAME"] == "leaderdev_prod"
    assert database["HOST"] == "db.example"
    assert database["PORT"] == 5433
    assert database["USER"] == "leaderdev"
    assert database["PASSWORD"] == "p@ss"
    assert database["CONN_HEALTH_CHECKS"] is True


def test_tasks_run_eagerly_without_a_broker():
    values = read_settings({"DEBUG": "true"}, "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER")
    assert values == {"CELERY_BROKER_URL": "", "CELERY_TASK_ALWAYS_EAGER": True}


def test_tasks_go_to_the_configured_broker():
    env = {"DEBUG": "true", "CELERY_BROKER_URL": "redis://broker.example:6379/3"}
    values = read_settings(env, "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER")
    assert values == {"CELERY_BROKER_URL": "redis://broker.example:6379/3", "CELERY_TASK_ALWAYS_EAGER": False}


def test_allowed_hosts_and_trusted_origins_are_comma_lists():
    env = {
        "DEBUG": "true",
        "ALLOWED_HOSTS": "leaderdev.example, .schools.example",
        "CSRF_TRUSTED_ORIGINS": "https://leaderdev.example, https://*.schools.example",
    }
    values = read_settings(env, "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS")
    assert values["ALLOWED_HOSTS"] == ["leaderdev.example", ".schools.example"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://leaderdev.example", "https://*.schools.example"]


def test_production_allows_no_host_unless_told():
    env = {"DEBUG": "false", "SECRET_KEY": real_secret_key()}
    assert read_settings(env, "ALLOWED_HOSTS") == {"ALLOWED_HOSTS": []}


def test_email_comes_from_the_environment():
    env = {
        "DEBUG": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.district.example",
        "EMAIL_PORT": "587",
        "EMAIL_USE_TLS": "true",
    }
    values = read_settings(env, "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS")
    assert values == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.district.example",
        "EMAIL_PORT": 587,
        "EMAIL_USE_TLS": True,
    }


def test_email_defaults_to_the_console():
    values = read_settings({"DEBUG": "true"}, "EMAIL_BACKEND")
    assert values == {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}


@pytest.mark.parametrize(
    "secret_key",
    [
        pytest.param(None, id="missing"),
        pytest.param("", id="empty"),
        pytest.param("django-insecure-" + get_random_secret_key(), id="django-insecure"),
        pytest.param(get_random_secret_key()[:49], id="short"),
        pytest.param("ab" * 30, id="few-distinct-characters"),
    ],
)
def test_production_refuses_to_start_without_a_real_secret_key(secret_key):
    env = {"DEBUG": "false"} if secret_key is None else {"DEBUG": "false", "SECRET_KEY": secret_key}
    result = run_python("from django.conf import settings\nsettings.SECRET_KEY\n", env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert REFUSAL in result.stderr


def test_production_starts_with_a_real_secret_key():
    key = real_secret_key()
    values = read_settings(
        {"DEBUG": "false", "SECRET_KEY": key}, "DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT"
    )
    assert values == {"DEBUG": False, "SECRET_KEY": key, "SECURE_SSL_REDIRECT": True}


def test_production_takes_a_key_starting_with_a_dollar_sign_literally():
    # django-environ reads "$NAME" as "the value of NAME"; get_random_secret_key() starts a key with "$"
    # one time in fifty.
    key = "$" + real_secret_key()[1:]
    assert read_settings({"DEBUG": "false", "SECRET_KEY": key}, "SECRET_KEY") == {"SECRET_KEY": key}


def test_email_password_is_taken_literally():
    values = read_settings({"DEBUG": "true", "EMAIL_HOST_PASSWORD": "$ecret-Pa55"}, "EMAIL_HOST_PASSWORD")
    assert values == {"EMAIL_HOST_PASSWORD": "$ecret-Pa55"}


def test_debug_is_off_unless_asked_for():
    assert read_settings({"SECRET_KEY": real_secret_key()}, "DEBUG") == {"DEBUG": False}


def test_development_uses_the_development_key():
    values = read_settings({"DEBUG": "true"}, "SECRET_KEY", "DEVELOPMENT_SECRET_KEY")
    assert values["SECRET_KEY"] == values["DEVELOPMENT_SECRET_KEY"]
    assert values["SECRET_KEY"].startswith("django-insecure")


def test_production_passes_the_deployment_checklist():
    env = {"DEBUG": "false", "SECRET_KEY": real_secret_key(), "ALLOWED_HOSTS": "leaderdev.example"}
    code = "import runpy\nrunpy.run_path('manage.py', run_name='__main__')\n"
    result = run_python(code, env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


CELERY_APP = """\
from leaderdev.celery import app
app.loader.import_default_modules()
print(json.dumps({
    "broker_url": app.conf.broker_url,
    "task_always_eager": app.conf.task_always_eager,
    "tasks": sorted(app.tasks),
}))
"""


def test_celery_app_uses_the_configured_broker():
    env = {"DEBUG": "true", "CELERY_BROKER_URL": "redis://broker.example:6379/3"}
    result = run_python(CELERY_APP, env)
    assert result.returncode == 0, result.stderr
    app = json.loads(result.stdout)
    assert app["broker_url"] == "redis://broker.example:6379/3"
    assert app["task_always_eager"] is False


def test_celery_app_runs_tasks_eagerly_without_a_broker():
    result = run_python(CELERY_APP, {"DEBUG": "true"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["task_always_eager"] is True


def test_celery_app_discovers_the_apps_tasks():
    result = run_python(CELERY_APP, {"DEBUG": "true", "CELERY_BROKER_URL": "redis://broker.example:6379/3"})
    assert result.returncode == 0, result.stderr
    assert "leaderdev.tasks.ping" in json.loads(result.stdout)["tasks"]


def test_the_content_security_policy_is_the_same_in_development_and_production():
    production = read_settings({"DEBUG": "false", "SECRET_KEY": real_secret_key()}, "CONTENT_SECURITY_POLICY")
    development = read_settings({"DEBUG": "true"}, "CONTENT_SECURITY_POLICY")
    assert production == development
    directives = production["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert "report-uri" not in directives


def test_csp_reports_go_where_the_operator_says():
    env = {"DEBUG": "true", "CSP_REPORT_URI": "https://reports.example/csp"}
    directives = read_settings(env, "CONTENT_SECURITY_POLICY")["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert directives["report-uri"] == ["https://reports.example/csp"]


def test_login_lockout_and_session_limits_come_from_the_environment():
    env = {
        "DEBUG": "true",
        "AXES_FAILURE_LIMIT": "3",
        "AXES_COOLOFF_MINUTES": "30",
        "SESSION_IDLE_TIMEOUT": "900",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": "false",
    }
    names = ["AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME", "SESSION_IDLE_TIMEOUT"]
    names.append("SESSION_EXPIRE_AT_BROWSER_CLOSE")
    values = read_settings(env, *names)
    assert values == {
        "AXES_FAILURE_LIMIT": 3,
        "AXES_COOLOFF_TIME": "0:30:00",
        "SESSION_IDLE_TIMEOUT": 900,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": False,
    }


def test_production_locks_out_and_expires_sessions_by_default():
    values = read_settings(
        {"DEBUG": "false", "SECRET_KEY": real_secret_key()},
        "AXES_FAILURE_LIMIT",
        "AXES_COOLOFF_TIME",
        "AXES_LOCKOUT_PARAMETERS",
        "AXES_RESET_ON_SUCCESS",
        "AUTHENTICATION_BACKENDS",
        "MIDDLEWARE",
        "SESSION_COOKIE_AGE",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
    )
    assert values["AXES_FAILURE_LIMIT"] == 5
    assert values["AXES_COOLOFF_TIME"] == "0:15:00"
    assert values["AXES_LOCKOUT_PARAMETERS"] == [["username", "ip_address"]]
    assert values["AXES_RESET_ON_SUCCESS"] is True
    assert values["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend"
    assert values["MIDDLEWARE"][-1] == "axes.middleware.AxesMiddleware"
    assert "csp.middleware.CSPMiddleware" in values["MIDDLEWARE"]
    assert values["SESSION_COOKIE_AGE"] == 12 * 60 * 60
    assert values["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
