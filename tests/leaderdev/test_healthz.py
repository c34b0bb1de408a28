"""/healthz: JSON liveness for the database and the Celery broker."""

import os

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def test_healthz_reports_broker_disabled_without_broker(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "disabled"}


def test_healthz_reports_a_live_redis_broker(client, settings):
    settings.CELERY_BROKER_URL = REDIS_URL
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["broker"] == "ok"


def test_healthz_fails_when_the_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["broker"].startswith("error: ")


def test_healthz_needs_no_login(client, settings):
    settings.CELERY_BROKER_URL = ""
    assert client.get("/healthz").status_code == 200


def test_healthz_rejects_post(client):
    assert client.post(reverse("healthz")).status_code == 405


def test_healthz_is_never_cached(client, settings):
    settings.CELERY_BROKER_URL = ""
    assert "no-cache" in client.get(reverse("healthz"))["Cache-Control"]
