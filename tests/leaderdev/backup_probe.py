"""Run against a database (DATABASE_URL) and print, as JSON, what the backup test compares.

`python -m tests.leaderdev.backup_probe count` prints every model's row count; `... use` also signs in
through the real login page as demo users, fetches the pages they use most, saves one new person (the
restored sequences must hand out an unused id) and prints the results.
"""

import json
import sys

import django


def counts() -> dict[str, int]:
    from django.apps import apps

    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def use() -> dict[str, object]:
    from django.test import Client
    from django.urls import reverse

    from leaderdev.models import Person, Position, School

    result: dict[str, object] = {}
    pages = {
        "leader@leaderdev.example": ["portal"],
        "staff@leaderdev.example": ["staff_dashboard", "people", "programs:offering_list"],
        "recruiter@leaderdev.example": ["recruitment:board"],
    }
    for email, names in pages.items():
        client = Client(HTTP_HOST="127.0.0.1")
        login = client.post(reverse("login"), {"username": email, "password": "leaderdev-demo"})
        result[f"login {email}"] = login.status_code
        for name in names:
            result[f"{email} {name}"] = client.get(reverse(name)).status_code

    # A write: the restored sequences must give a new row an unused id.
    school = School.objects.order_by("pk").first()
    person = Person.objects.create(
        employee_id="RESTORE-1",
        first_name="Restored",
        last_name="Check",
        email="restored.check@leaderdev.example",
        position=Position.PRINCIPAL,
        school=school,
        role_start_date="2026-07-01",
    )
    result["new person id is fresh"] = person.pk > Person.objects.exclude(pk=person.pk).order_by("-pk")[0].pk
    return result


def main() -> None:
    django.setup()
    what = sys.argv[1]
    print(json.dumps(counts() if what == "count" else use(), sort_keys=True))


if __name__ == "__main__":
    main()
