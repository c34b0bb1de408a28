"""Malformed files never break the HR and candidate imports: a message names the line and column, and a
file with any error imports nothing (both imports are all or nothing, as their module docstrings say).

Each import is driven three ways: its function, its management command and its upload page (the admin's
import-export page for HR files, the recruitment page for candidates).
"""

import codecs
import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leaderdev import imports as hr
from leaderdev.exports import csv_rows, neutralise
from leaderdev.models import Network, Person, School
from leaderdev.permissions import Role
from recruitment import imports as candidates
from recruitment.models import Application, Candidate
from tests.factories import NetworkFactory, SchoolFactory
from tests.factories.recruitment import HiringCycleFactory, SourceFactory

pytestmark = pytest.mark.django_db

STAFF_HEADER = "employee_id,first_name,last_name,email,position,tier,school_code,role_start_date"
STAFF_ROW = "E1{n:05d},Maria,Delgado,m{n}@district.example,Principal,Building administrator,9901,2026-07-01"
CANDIDATE_HEADER = "first_name,last_name,email"
FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1", "-2+3", "@SUM(1)", "\t=1", "=1+2"]


def staff(*rows, header=STAFF_HEADER):
    return "\n".join([header, *rows]) + "\n"


def imported():
    """The people these tests import (the fuzz package's demo district may be loaded beside them)."""
    return Person.objects.filter(email__endswith="@district.example")


def counts():
    return (
        Network.objects.count(),
        School.objects.count(),
        Person.objects.count(),
        Candidate.objects.count(),
        Application.objects.count(),
    )


@pytest.fixture
def school(db):
    return SchoolFactory(code="9901", network=NetworkFactory(code="fuzznet", name="Fuzz Network"))


@pytest.fixture
def cycle(db):
    return HiringCycleFactory()


@pytest.fixture
def source(db):
    return SourceFactory()


def import_candidates(data, cycle, source):
    return candidates.import_candidates(data, cycle=cycle, source_record=source, role="principal")


# --- Files that cannot be read ------------------------------------------------------------------------

LATIN1 = staff(STAFF_ROW.format(n=1).replace("Maria", "José")).encode("latin-1")
UNREADABLE = {
    "latin-1": (LATIN1, "not UTF-8"),
    "utf-16": (staff(STAFF_ROW.format(n=1)).encode("utf-16"), "not UTF-8"),
    "binary": (bytes(range(256)) * 20, "not UTF-8"),
    "xlsx": (b"PK\x03\x04" + bytes(range(128, 256)) * 4, "Excel workbook"),
    "empty": (b"", "empty"),
    "blank lines": (b"\n\n  \n", "empty"),
    "missing columns": (b"employee_id,first_name\nE1,Maria\n", "missing required columns"),
    "over the limit": (b"x" * (hr.MAX_IMPORT_BYTES + 1), "larger than"),
}


@pytest.mark.parametrize("content, message", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_an_unreadable_staff_file_gets_one_message_and_imports_nothing(school, content, message):
    before = counts()
    report = hr.import_staff(content)
    assert not report.ok
    assert message in str(report.errors[0])
    assert counts() == before


@pytest.mark.parametrize("content, message", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_an_unreadable_candidate_file_gets_one_message_and_imports_nothing(cycle, source, content, message):
    before = counts()
    report = import_candidates(content, cycle, source)
    assert not report.ok
    expected = "needs the columns" if message == "missing required columns" else message
    assert expected in str(report.errors[0])
    assert counts() == before


def test_a_latin1_file_names_the_line_it_cannot_read(school):
    report = hr.import_staff(LATIN1)
    assert str(report.errors[0]).startswith("line 2: ")


def test_a_file_with_a_byte_order_mark_imports(school):
    report = hr.import_staff(codecs.BOM_UTF8 + staff(STAFF_ROW.format(n=1)).encode())
    assert report.ok, report.errors
    assert imported().get().employee_id == "E100001"


def test_a_header_only_file_imports_nothing_and_says_so(school, cycle, source):
    assert hr.import_staff(staff()).summary() == "0 new, 0 updated, 0 unchanged."
    assert import_candidates(CANDIDATE_HEADER + "\n", cycle, source).applications == 0


def test_extra_columns_are_ignored(school, cycle, source):
    report = hr.import_staff(staff(STAFF_ROW.format(n=1) + ",extra", header=STAFF_HEADER + ",notes"))
    assert report.ok, report.errors
    report = import_candidates("first_name,last_name,email,shoe\nAna,Lopes,ana@x.test,42\n", cycle, source)
    assert report.ok, report.errors


# --- Rows that are bad --------------------------------------------------------------------------------


def test_a_nul_byte_is_reported_on_its_line_and_column_and_nothing_is_imported(school):
    before = counts()
    report = hr.import_staff(
        staff(STAFF_ROW.format(n=1), STAFF_ROW.format(n=2).replace("Maria", "Ma\x00ria"))
    )
    assert not report.ok
    assert [(e.line, e.field) for e in report.errors] == [(3, "first_name")]
    assert counts() == before


def test_a_nul_byte_in_a_candidate_is_reported_and_nothing_is_imported(cycle, source):
    """Regression: a NUL byte reached the INSERT of the candidate, which Postgres refuses (a 500)."""
    before = counts()
    report = import_candidates(
        "first_name,last_name,email\nAna,Lopes,ana@x.test\nB\x00b,Ray,b@x.test\n", cycle, source
    )
    assert not report.ok
    assert [(e.line, e.field) for e in report.errors] == [(3, "first_name")]
    assert counts() == before


def test_a_too_long_candidate_value_is_reported_and_nothing_is_imported(cycle, source):
    """Regression: values longer than the column reached INSERT, and Postgres refused them (a 500)."""
    before = counts()
    report = import_candidates(
        f"first_name,last_name,email,phone\nAna,Lopes,ana@x.test,{'9' * 41}\n", cycle, source
    )
    assert not report.ok
    assert [(e.line, e.field) for e in report.errors] == [(2, "phone")]
    assert counts() == before


def test_a_too_long_staff_value_is_reported_on_its_column(school):
    report = hr.import_staff(staff(STAFF_ROW.format(n=1).replace("Maria", "M" * 500)))
    assert [(e.line, e.field) for e in report.errors] == [(2, "first_name")]


def test_quoted_line_breaks_keep_line_numbers_right(school):
    report = hr.import_staff(
        staff(STAFF_ROW.format(n=1).replace("Maria", '"Ma\nria"'), STAFF_ROW.format(n=2).replace("@", "at"))
    )
    assert [(e.line, e.field) for e in report.errors] == [(4, "email")]


def test_formula_cells_are_stored_as_text_and_exported_neutralised(school, cycle, source):
    rows = [STAFF_ROW.format(n=n).split(",") for n in range(len(FORMULAS))]
    for row, formula in zip(rows, FORMULAS, strict=True):
        row[2] = formula  # last_name
    report = hr.import_staff(_csv_bytes(STAFF_HEADER.split(","), rows, "utf-8"))
    assert report.ok, report.errors
    stored = sorted(imported().values_list("last_name", flat=True))
    assert stored == sorted(f.strip() for f in FORMULAS)  # values are trimmed, as documented
    exported = [row[0] for row in csv_rows(imported().order_by("pk"), _last_name_columns())]
    assert all(cell.startswith("'") for cell in exported), exported
    assert exported == [neutralise(f.strip()) for f in FORMULAS]

    rows = [[formula, "Lopes", f"a{n}@x.test"] for n, formula in enumerate(FORMULAS)]
    report = import_candidates(_csv_bytes(CANDIDATE_HEADER.split(","), rows, "utf-8"), cycle, source)
    assert report.ok, report.errors
    assert sorted(
        Candidate.objects.filter(email__endswith="@x.test").values_list("first_name", flat=True)
    ) == sorted(f.strip() for f in FORMULAS)


def _last_name_columns():
    from leaderdev.exports import Column

    return [Column("Last name", "last_name")]


def test_a_50000_row_candidate_file_reports_every_bad_line_and_imports_nothing(cycle, source):
    lines = [CANDIDATE_HEADER] + [f"First{n},Last{n},not-an-email-{n}" for n in range(50_000)]
    data = ("\n".join(lines) + "\n").encode()
    assert len(data) < hr.MAX_IMPORT_BYTES
    before = counts()
    report = import_candidates(data, cycle, source)
    assert len(report.errors) == 50_000
    assert (report.errors[-1].line, report.errors[-1].field) == (50_001, "email")
    assert counts() == before


def test_a_50000_row_staff_file_is_refused_by_size_with_a_clear_message(school):
    note = ",from the autumn 2026 HR snapshot"  # an extra column HR's exports carry
    rows = (STAFF_ROW.format(n=n) + note for n in range(50_000))
    data = staff(*rows, header=STAFF_HEADER + ",notes").encode()
    assert len(data) > hr.MAX_IMPORT_BYTES
    report = hr.import_staff(data)
    assert not report.ok
    assert "larger than" in str(report.errors[0])
    assert not imported().exists()


# --- The commands ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("content, message", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_import_hr_command_reports_unreadable_files(school, tmp_path, content, message):
    path = tmp_path / "staff.csv"
    path.write_bytes(content)
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_hr", "staff", str(path), stderr=err)
    assert message in err.getvalue()


def test_import_candidates_command_reports_a_nul_byte_line(cycle, source, tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes(b"first_name,last_name,email\nAna,Lo\x00pes,ana@x.test\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_candidates", str(path), cycle=cycle.name, source=source.name, stderr=err)
    assert "line 2: last_name" in err.getvalue()
    assert not Candidate.objects.filter(email__endswith="@x.test").exists()


# --- The upload pages -------------------------------------------------------------------------------


@pytest.fixture
def recruiter(make_user):
    return make_user(Role.RECRUITMENT_STAFF)


def post_candidates(client, cycle, source, content, action="import"):
    return client.post(
        reverse("recruitment:candidate_import"),
        {
            "cycle": cycle.pk,
            "source": source.pk,
            "role": "principal",
            "file": SimpleUploadedFile("c.csv", content, "text/csv"),
            action: "1",
        },
    )


BAD_UPLOADS = {
    **{key: content for key, (content, _message) in UNREADABLE.items()},
    "nul": b"first_name,last_name,email\nAna,Lo\x00pes,ana@x.test\n",
    "too long": b"first_name,last_name,email\n" + b"A" * 300 + b",Lopes,ana@x.test\n",
    "ragged": b'first_name,last_name,email\nAna,"Lo,pes,ana@x.test\n',
}


@pytest.mark.parametrize("content", BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys())
def test_the_candidate_page_rerenders_bad_files_with_a_message(client, recruiter, cycle, source, content):
    client.force_login(recruiter)
    before = counts()
    response = post_candidates(client, cycle, source, content)
    assert response.status_code == 200
    assert "nothing was imported" in response.content.decode() or response.context["form"].errors
    assert counts() == before


def test_the_candidate_page_refuses_a_missing_file_and_junk_ids(client, recruiter, cycle, source):
    client.force_login(recruiter)
    url = reverse("recruitment:candidate_import")
    response = client.post(url, {"cycle": "abc", "source": str(2**70), "role": "\x00", "import": "1"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"cycle", "source", "role", "file"}


@pytest.fixture
def staff_admin(make_user):
    return make_user(Role.PROGRAM_STAFF, is_staff=True)


@pytest.mark.parametrize("content", BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys())
def test_the_admin_staff_import_rerenders_bad_files(client, superuser, school, content):
    client.force_login(superuser)
    before = counts()
    response = client.post(
        reverse("admin:leaderdev_person_import"),
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("s.csv", content)},
    )
    assert response.status_code == 200
    assert "confirm_form" not in (response.context or {}) or not response.context["confirm_form"]
    assert counts() == before


# --- Random files -----------------------------------------------------------------------------------

cells = st.text(max_size=30)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"])


def _csv_bytes(header, rows, encoding):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.lists(st.sampled_from([*STAFF_HEADER.split(","), "junk", ""]), min_size=1, max_size=10),
    rows=st.lists(st.lists(cells, max_size=10), max_size=6),
    encoding=encodings,
)
def test_random_staff_files_never_crash_and_never_import_half(school, header, rows, encoding):
    before = counts()
    report = hr.import_staff(_csv_bytes(header, rows, encoding), dry_run=True)
    assert all(error.line is None or error.line >= 1 for error in report.errors)
    assert counts() == before  # a dry run, or a file with errors, writes nothing


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.lists(
        st.sampled_from([*candidates.REQUIRED, *candidates.OPTIONAL, "junk"]), min_size=1, max_size=8
    ),
    rows=st.lists(st.lists(cells, max_size=8), max_size=6),
    encoding=encodings,
)
def test_random_candidate_files_never_crash_and_never_import_half(cycle, source, header, rows, encoding):
    before = counts()
    report = import_candidates(_csv_bytes(header, rows, encoding), cycle, source)
    if not report.ok:
        assert counts() == before
        assert all(error.line is None or error.line >= 1 for error in report.errors)
    else:
        assert Application.objects.count() - before[4] == report.applications


def test_the_candidate_page_names_the_line_and_column_of_a_nul_byte(client, recruiter, cycle, source):
    """Regression: this upload was a 500 (Postgres refuses NUL in a string) before read_csv refused it.

    The upload's own check may refuse a file with a NUL byte as not text before it is read; either way
    the page says why and saves nothing."""
    client.force_login(recruiter)
    content = b"first_name,last_name,email\nAna,Lo\x00pes,ana@x.test\n"
    response = post_candidates(client, cycle, source, content)
    assert response.status_code == 200
    said = "line 2: last_name: This value has a NUL character" in response.content.decode()
    assert said or response.context["form"].errors["file"]
    assert not Candidate.objects.filter(email__endswith="@x.test").exists()
