"""The bench_export command: its refusal off Postgres, its table on Postgres. No timing is asserted."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from leaderdev.models import Person
from programs.models import Attendance, Offering

pytestmark = pytest.mark.django_db

REFUSAL = "runs on Postgres only"


def bench(*args) -> list[str]:
    out = io.StringIO()
    call_command("bench_export", *args, stdout=out)
    return out.getvalue().splitlines()


def test_it_refuses_a_database_other_than_postgres(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match=REFUSAL):
        bench("--rows", "200")


def test_it_prints_the_table_on_postgres_and_refuses_elsewhere(school_year):
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match=REFUSAL):
            bench("--rows", "200")
        return
    lines = bench("--rows", "200", "--repeat", "1")
    assert lines[0].startswith("Benchmark offering “Benchmark · bench-200")
    assert "10 people x 20 sessions = 200 attendance rows" in lines[0]
    header, row = lines[-2].split(), lines[-1].split()
    assert header == ["rows", "export_s", "copy_s", "ratio", "target", "result"]
    assert row[0] == "200"
    assert re.fullmatch(r"\d+\.\d{3}", row[1]) and re.fullmatch(r"\d+\.\d{3}", row[2])
    assert re.fullmatch(r"\d+\.\d{2}x", row[3]) and row[4] == "3.00x"
    assert row[5] in {"PASS", "FAIL"}
    assert Attendance.objects.filter(session__offering__cohort="bench-200").count() == 200


def test_it_reuses_its_rows_and_cleans_them_up(school_year):
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match=REFUSAL):
            bench("--cleanup")
        return
    bench("--rows", "40", "--repeat", "1")
    bench("--rows", "40", "--repeat", "1")
    assert Attendance.objects.filter(session__offering__cohort="bench-40").count() == 40
    assert Person.objects.filter(employee_id__startswith="BENCH-").count() == 2
    lines = bench("--cleanup")
    assert lines == [
        "Removed the benchmark's rows: 40 attendance, 20 sessions, 2 enrollments, 1 offerings, 2 people."
    ]
    assert not Offering.objects.filter(program__name="Benchmark").exists()
    assert not Person.objects.filter(employee_id__startswith="BENCH-").exists()
