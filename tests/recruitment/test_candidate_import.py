"""Importing candidates into a cycle: applications made, duplicates detected on e-mail and name, every bad
line reported, nothing written unless the whole file is valid."""

import pytest
from django.core.management import CommandError, call_command

from recruitment.imports import import_candidates
from recruitment.models import Application, Candidate, Stage, StageChange
from tests.factories import PersonFactory
from tests.factories.recruitment import (
    ApplicationFactory,
    CandidateFactory,
    HiringCycleFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

HEADER = "first_name,last_name,email,phone,role,school_level\n"


@pytest.fixture
def cycle():
    return HiringCycleFactory()


@pytest.fixture
def source():
    return SourceFactory(name="Lesley University")


def run(text, cycle, source, **kwargs):
    return import_candidates(text.encode(), cycle=cycle, source_record=source, **kwargs)


def test_it_adds_candidates_and_their_applications(cycle, source):
    report = run(
        HEADER + "Ana,Lopes,ana@x.test,617-555-0101,principal,elementary\n"
        "Ben,Okafor,ben@x.test,,Assistant principal,High\n",
        cycle,
        source,
    )

    assert report.ok, report.errors
    assert (report.new_candidates, report.applications) == (2, 2)
    ben = Application.objects.get(candidate__email="ben@x.test")
    assert (ben.role, ben.school_level, ben.stage, ben.source) == (
        "assistant_principal",
        "high",
        Stage.APPLIED,
        source,
    )
    assert StageChange.objects.filter(application=ben, to_stage=Stage.APPLIED).exists()


def test_the_same_email_reuses_the_known_candidate(cycle, source):
    known = CandidateFactory(email="ana@x.test", first_name="Ana", last_name="Lopes")

    report = run(HEADER + "Ana,Lopes,ANA@x.test,,principal,\n", cycle, source)

    assert (report.new_candidates, report.reused_candidates, report.applications) == (0, 1, 1)
    assert Candidate.objects.count() == 1
    assert Application.objects.get().candidate == known


def test_an_existing_application_is_skipped_and_said(cycle, source):
    known = CandidateFactory(email="ana@x.test")
    ApplicationFactory(cycle=cycle, candidate=known, role="principal")

    report = run(HEADER + "Ana,Lopes,ana@x.test,,principal,\n", cycle, source)

    assert report.ok and report.applications == 0
    assert "already applied" in report.skipped[0]


def test_the_same_name_with_another_email_is_an_error_unless_confirmed(cycle, source):
    CandidateFactory(first_name="José", last_name="Ortiz", email="jose@old.test")

    report = run(HEADER + "Jose,ORTIZ,jose@new.test,,principal,\n", cycle, source)

    assert not report.ok
    assert "line 2: May be a known candidate: José Ortiz (jose@old.test)" in str(report.errors[0])
    assert Candidate.objects.count() == 1

    confirmed = run(
        "first_name,last_name,email,role,confirm_new\nJose,Ortiz,jose@new.test,principal,yes\n", cycle, source
    )
    assert confirmed.ok and confirmed.new_candidates == 1


def test_duplicates_within_the_file_are_errors_on_the_later_line(cycle, source):
    report = run(
        HEADER
        + "Ana,Lopes,ana@x.test,,principal,\n"
        + "Anna,Other,ana@x.test,,principal,\n"
        + "Ana,Lopes,b@x.test,,principal,\n",
        cycle,
        source,
    )
    assert [str(e) for e in report.errors] == [
        "line 3: email: The same e-mail is on line 2.",
        "line 4: The same name is on line 2.",
    ]
    assert not Candidate.objects.exists()


def test_every_bad_line_is_reported_and_nothing_is_written(cycle, source):
    report = run(
        HEADER + "Ana,Lopes,ana@x.test,,principal,\n,Nobody,not-an-email,,mayor,tiny\n", cycle, source
    )
    messages = [str(e) for e in report.errors]
    assert "line 3: first_name: This value is required." in messages
    assert "line 3: email: Enter a valid email address." in messages
    assert any(m.startswith("line 3: role: “mayor” is not a role") for m in messages)
    assert any(m.startswith("line 3: school_level: “tiny” is not a school level") for m in messages)
    assert not Candidate.objects.exists() and not Application.objects.exists()
    assert report.summary() == "1 line with errors; nothing was imported."


def test_a_workbook_or_a_missing_column_is_refused_with_a_message(cycle, source):
    workbook = import_candidates(b"PK\x03\x04\x00\xff\xfe", cycle=cycle, source_record=source)
    assert "Excel workbook" in str(workbook.errors[0])
    headerless = run("name,email\nAna,ana@x.test\n", cycle, source)
    assert "needs the columns first_name, last_name" in str(headerless.errors[0])


def test_a_dry_run_writes_nothing(cycle, source):
    report = run(HEADER + "Ana,Lopes,ana@x.test,,principal,\n", cycle, source, dry_run=True)
    assert report.ok and report.applications == 1
    assert report.summary().startswith("Dry run")
    assert not Candidate.objects.exists()


def test_district_staff_are_linked_as_internal_candidates(cycle, source):
    staff = PersonFactory(email="teacher.leader@district.test")
    run(HEADER + "Tia,Leader,teacher.leader@district.test,,principal,\n", cycle, source)
    assert Candidate.objects.get().person == staff


def test_the_command_imports_and_reports(cycle, source, tmp_path, capsys):
    path = tmp_path / "nominees.csv"
    path.write_text(HEADER + "Ana,Lopes,ana@x.test,,,\n")

    call_command(
        "import_candidates", str(path), "--cycle", cycle.name, "--source", source.name, "--role", "principal"
    )

    assert "1 applications (1 new candidates" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No hiring cycle named"):
        call_command("import_candidates", str(path), "--cycle", "Nope", "--source", source.name)
