"""Bulk import of schools and staff from HR CSV exports: leaderdev.imports and manage.py import_hr."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from leaderdev.imports import import_schools, import_staff
from leaderdev.models import LeadershipTier, Network, Person, Position, School, SchoolLevel
from tests.factories import NetworkFactory, PersonFactory, SchoolFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
SCHOOLS_HEADER = "school_code,school_name,level,network_code,network_name"
STAFF_HEADER = "employee_id,first_name,last_name,email,position,tier,school_code,role_start_date,active"


def csv_file(header, *rows):
    return "\n".join([header, *rows]) + "\n"


def table_counts():
    return Network.objects.count(), School.objects.count(), Person.objects.count()


@pytest.fixture
def schools_csv():
    return csv_file(
        SCHOOLS_HEADER,
        "4010,Fort Hill Elementary School,Elementary,roxbury,Roxbury Network",
        "4020,Dudley Square K-8 School,K-8,roxbury,Roxbury Network",
        "4030,Savin Hill Middle School,middle,dorchester,Dorchester Network",
    )


@pytest.fixture
def school(db):
    return SchoolFactory(code="4010", network=NetworkFactory(code="roxbury", name="Roxbury Network"))


@pytest.fixture
def staff_csv(school):
    return csv_file(
        STAFF_HEADER,
        "E104233,Maria,Delgado,mdelgado@district.example,Principal,Building administrator,4010,2026-07-01,",
        "E105112,Aisha,Nwosu,anwosu@district.example,assistant_principal,emerging leader,4010,8/15/2026,",
        "E106220,Daniel,Murphy,dmurphy@district.example,Central office,,,2023-01-09,no",
    )


# --- Schools -------------------------------------------------------------------------------------------


def test_it_imports_schools(schools_csv):
    report = import_schools(schools_csv)

    assert report.ok
    assert (report.new, report.updated, report.unchanged) == (3, 0, 0)
    k8 = School.objects.get(code="4020")
    assert (k8.name, k8.level, k8.network.code) == ("Dudley Square K-8 School", SchoolLevel.K8, "roxbury")
    assert School.objects.get(code="4030").level == SchoolLevel.MIDDLE


def test_it_creates_the_networks_the_schools_name(schools_csv):
    report = import_schools(schools_csv)

    assert dict(Network.objects.values_list("code", "name")) == {
        "roxbury": "Roxbury Network",
        "dorchester": "Dorchester Network",
    }
    assert report.notes == ["Networks: 2 created, 0 renamed."]


def test_it_renames_a_network_whose_name_changed(schools_csv):
    network = NetworkFactory(code="roxbury", name="Old Roxbury Name")

    import_schools(schools_csv)

    network.refresh_from_db()
    assert network.name == "Roxbury Network"


def test_reimporting_schools_changes_nothing(schools_csv):
    import_schools(schools_csv)
    stamps = dict(School.objects.values_list("code", "updated_at"))
    network_stamps = dict(Network.objects.values_list("code", "updated_at"))

    report = import_schools(schools_csv)

    assert report.ok
    assert (report.new, report.updated, report.unchanged) == (0, 0, 3)
    assert report.notes == []
    assert dict(School.objects.values_list("code", "updated_at")) == stamps
    assert dict(Network.objects.values_list("code", "updated_at")) == network_stamps


def test_it_updates_a_school_matched_by_code(schools_csv):
    existing = SchoolFactory(code="4030", name="Old name", level=SchoolLevel.HIGH)

    report = import_schools(schools_csv)

    assert (report.new, report.updated) == (2, 1)
    existing.refresh_from_db()
    assert (existing.name, existing.level, existing.network.code) == (
        "Savin Hill Middle School",
        SchoolLevel.MIDDLE,
        "dorchester",
    )


def test_a_bad_school_row_writes_no_network_and_no_school():
    before = table_counts()

    report = import_schools(
        csv_file(
            SCHOOLS_HEADER,
            "4010,Fort Hill Elementary School,Elementary,roxbury,Roxbury Network",
            "4020,Dudley Square K-8 School,Primary,roxbury,Roxbury Network",
        )
    )

    assert [str(error) for error in report.errors] == [
        'line 3: level: "Primary" is not a school level; use one of: Elementary, Middle, K-8, High.'
    ]
    assert table_counts() == before


def test_it_rejects_two_names_for_one_network():
    report = import_schools(
        csv_file(
            SCHOOLS_HEADER,
            "4010,Fort Hill Elementary School,Elementary,roxbury,Roxbury Network",
            "4020,Dudley Square K-8 School,K-8,roxbury,Roxbury Schools",
        )
    )

    assert [str(error) for error in report.errors] == [
        'line 3: network_name: "Roxbury Schools" differs from "Roxbury Network", given for roxbury on line 2.'
    ]


def test_it_rejects_a_school_code_repeated_in_the_file():
    report = import_schools(
        csv_file(
            SCHOOLS_HEADER,
            "4010,Fort Hill Elementary School,Elementary,roxbury,Roxbury Network",
            "4010,Fort Hill Annex,Elementary,roxbury,Roxbury Network",
        )
    )

    assert [str(error) for error in report.errors] == ["line 3: school_code: 4010 is already on line 2."]


# --- Staff ---------------------------------------------------------------------------------------------


def test_it_imports_staff(staff_csv, school):
    report = import_staff(staff_csv)

    assert report.ok
    assert (report.new, report.updated, report.unchanged) == (3, 0, 0)
    principal = Person.objects.get(employee_id="E104233")
    assert (principal.position, principal.tier, principal.school, principal.role_start_date) == (
        Position.PRINCIPAL,
        LeadershipTier.BUILDING_ADMINISTRATOR,
        school,
        datetime.date(2026, 7, 1),
    )


def test_it_reads_labels_in_any_case_and_us_dates(staff_csv):
    import_staff(staff_csv)

    ap = Person.objects.get(employee_id="E105112")
    assert (ap.position, ap.tier, ap.role_start_date) == (
        Position.ASSISTANT_PRINCIPAL,
        LeadershipTier.EMERGING_LEADER,
        datetime.date(2026, 8, 15),
    )


def test_active_is_optional_and_defaults_to_yes(staff_csv):
    import_staff(staff_csv)

    assert Person.objects.get(employee_id="E105112").is_active is True
    assert Person.objects.get(employee_id="E106220").is_active is False


def test_central_office_staff_need_no_school_or_tier(staff_csv):
    import_staff(staff_csv)

    central = Person.objects.get(employee_id="E106220")
    assert (central.position, central.school, central.tier) == (Position.CENTRAL_OFFICE, None, "")


def test_reimporting_staff_changes_nothing(staff_csv):
    import_staff(staff_csv)
    stamps = dict(Person.objects.values_list("employee_id", "updated_at"))

    report = import_staff(staff_csv)

    assert report.ok
    assert (report.new, report.updated, report.unchanged) == (0, 0, 3)
    assert dict(Person.objects.values_list("employee_id", "updated_at")) == stamps


def test_it_updates_a_person_matched_by_employee_id(staff_csv, school):
    person = PersonFactory(
        employee_id="E104233",
        first_name="Maria",
        last_name="Old",
        email="old@district.example",
        position=Position.ASSISTANT_PRINCIPAL,
        school=SchoolFactory(),
    )

    report = import_staff(staff_csv)

    assert (report.new, report.updated) == (2, 1)
    person.refresh_from_db()
    assert (person.last_name, person.email, person.position, person.school) == (
        "Delgado",
        "mdelgado@district.example",
        Position.PRINCIPAL,
        school,
    )


def test_it_leaves_what_the_file_does_not_hold(staff_csv, make_user):
    user = make_user()
    person = PersonFactory(employee_id="E104233", phone="617-555-0100", user=user)

    import_staff(staff_csv)

    person.refresh_from_db()
    assert (person.phone, person.user) == ("617-555-0100", user)


BAD_STAFF = csv_file(
    STAFF_HEADER,
    "E1,Ana,Lopez,alopez@district.example,Principal,,4010,2026-07-01,yes",
    "E2,Ben,Ross,not-an-email,Principal,,4010,2026-07-01,yes",
    "E3,Cal,Diaz,cdiaz@district.example,Principal,,9999,2026-07-01,yes",
    "E4,Dee,Fox,dfox@district.example,Principle,,4010,2026-07-01,yes",
    "E5,Eve,Gray,egray@district.example,Principal,,4010,2026-31-07,yes",
    "E1,Fay,Hunt,fhunt@district.example,Principal,,4010,2026-07-01,yes",
    "E7,Gus,Ives,gives@district.example,Principal,,,2026-07-01,yes",
    "E8,Hal,Jones,ALOPEZ@district.example,Teacher leader,,4010,2026-07-01,maybe",
)


def test_it_reports_every_bad_row_with_its_line_and_column(school):
    report = import_staff(BAD_STAFF)

    assert not report.ok
    assert [str(error) for error in report.errors] == [
        "line 3: email: Enter a valid email address.",
        'line 4: school_code: No school has the code "9999"; import schools first.',
        'line 5: position: "Principle" is not a position; use one of: Principal, Head of school, '
        "Assistant principal, Admin team member, Teacher leader, Central office.",
        'line 6: role_start_date: "2026-31-07" is not a date; use YYYY-MM-DD (or M/D/YYYY).',
        "line 7: employee_id: E1 is already on line 2.",
        "line 8: school_code: Principals, heads of school, APs and admin team members need a school.",
        "line 9: email: ALOPEZ@district.example is already on line 2.",
        'line 9: active: "maybe" is not yes or no.',
    ]
    assert report.summary() == "7 rows have errors; nothing was imported."


def test_a_file_with_bad_rows_writes_nothing(school):
    before = table_counts()

    import_staff(BAD_STAFF)

    assert table_counts() == before


def test_a_file_with_bad_rows_updates_no_one(school):
    person = PersonFactory(employee_id="E1", last_name="Unchanged")

    import_staff(BAD_STAFF)

    person.refresh_from_db()
    assert person.last_name == "Unchanged"


def test_it_rejects_an_email_another_person_has_in_any_case(school):
    PersonFactory(employee_id="E900", email="Ana.Lopez@district.example")

    report = import_staff(
        csv_file(STAFF_HEADER, "E1,Ana,Lopez,ana.lopez@district.example,Principal,,4010,2026-07-01,yes")
    )

    assert [str(error) for error in report.errors] == [
        "line 2: email: ana.lopez@district.example already belongs to employee E900."
    ]


def test_a_person_may_take_an_email_an_earlier_row_gives_up(school):
    PersonFactory(employee_id="E1", email="old.one@district.example")
    PersonFactory(employee_id="E2", email="two@district.example")

    report = import_staff(
        csv_file(
            STAFF_HEADER,
            "E1,Ana,Lopez,new.one@district.example,Principal,,4010,2026-07-01,yes",
            "E2,Ben,Ross,Old.One@district.example,Principal,,4010,2026-07-01,yes",
        )
    )

    assert report.ok, report.errors
    assert Person.objects.get(employee_id="E2").email == "Old.One@district.example"


def test_it_reports_missing_required_values_plainly(school):
    report = import_staff(csv_file(STAFF_HEADER, ",Ana,,alopez@district.example,,,4010,,"))

    assert [str(error) for error in report.errors] == [
        "line 2: employee_id: This field is required.",
        "line 2: last_name: This field is required.",
        "line 2: position: This field is required.",
        "line 2: role_start_date: This field is required.",
    ]


def test_dry_run_writes_nothing(staff_csv):
    before = table_counts()

    report = import_staff(staff_csv, dry_run=True)

    assert report.ok
    assert report.new == 3
    assert report.summary() == "Dry run: 3 new, 0 updated, 0 unchanged; nothing was written."
    assert table_counts() == before


# --- The file itself ------------------------------------------------------------------------------------


def test_it_names_the_missing_headers(school):
    report = import_staff("employee_id,first_name,email\nE1,Ana,alopez@district.example\n")

    assert [str(error) for error in report.errors] == [
        "line 1: The header is missing required columns: "
        "last_name, position, tier, school_code, role_start_date."
    ]
    assert report.summary() == "The file has errors; nothing was imported."


def test_it_rejects_a_file_that_is_not_utf8():
    text = f"{SCHOOLS_HEADER}\n4010,École Fort Hill,Elementary,roxbury,Roxbury\n"

    report = import_schools(text.encode("latin-1"))

    assert [str(error) for error in report.errors] == [
        "line 2: The file is not UTF-8 text (byte 0xC9 cannot be read). "
        'Save it as "CSV UTF-8 (Comma delimited)" and import it again.'
    ]


def test_it_recognises_an_excel_workbook():
    report = import_schools(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe")

    assert report.errors[0].message.startswith("This is an Excel workbook, not a CSV file.")


def test_it_rejects_an_empty_file():
    report = import_schools(b"")

    assert [str(error) for error in report.errors] == [
        "line 1: The file is empty: the first line must be the header."
    ]


def test_headers_ignore_case_bom_and_extra_columns():
    text = "\ufeffSchool_Code, School_Name ,LEVEL,Principal,network_code,Network_Name\n"
    text += "4010,Fort Hill Elementary School,elementary,Ms. Delgado,roxbury,Roxbury Network\n"

    report = import_schools(text.encode("utf-8"))

    assert report.ok
    assert School.objects.get(code="4010").name == "Fort Hill Elementary School"


def test_line_numbers_count_blank_lines_and_quoted_line_breaks():
    report = import_schools(
        f"{SCHOOLS_HEADER}\n"
        '4010,"Fort Hill\nElementary",Elementary,roxbury,Roxbury\n'  # lines 2-3
        "\n"  # line 4
        "4020,Dudley,Primary,roxbury,Roxbury\n"  # line 5
    )

    assert [error.line for error in report.errors] == [5]


def test_it_reports_a_row_with_more_values_than_columns():
    report = import_schools(csv_file(SCHOOLS_HEADER, "4010,Fort Hill,Elementary School,Elementary,roxbury,R"))

    assert "line 2: This row has 6 values but the header has 5 columns" in str(report.errors[0])


def test_the_sample_files_import_cleanly():
    schools = import_schools(SAMPLES / "schools.csv")
    staff = import_staff(SAMPLES / "staff.csv")

    assert schools.ok, schools.errors
    assert staff.ok, staff.errors
    assert (schools.new, staff.new) == (School.objects.count(), Person.objects.count())


# --- manage.py import_hr ---------------------------------------------------------------------------------


def run_import_hr(*args):
    out, err = StringIO(), StringIO()
    call_command("import_hr", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_and_prints_the_counts(tmp_path, schools_csv):
    path = tmp_path / "schools.csv"
    path.write_text(schools_csv)

    out, err = run_import_hr("schools", str(path))

    assert "Schools: 3 new, 0 updated, 0 unchanged." in out
    assert "Networks: 2 created, 0 renamed." in out
    assert err == ""
    assert School.objects.count() == 3


def test_the_command_fails_listing_each_bad_row_on_stderr(tmp_path, school):
    path = tmp_path / "staff.csv"
    path.write_text(BAD_STAFF)
    err = StringIO()

    with pytest.raises(CommandError, match=r"^7 rows have errors; nothing was imported\.$"):
        call_command("import_hr", "staff", str(path), stdout=StringIO(), stderr=err)

    lines = err.getvalue().splitlines()
    assert len(lines) == 8
    assert lines[0] == "line 3: email: Enter a valid email address."
    assert Person.objects.count() == 0


def test_the_command_exits_non_zero(tmp_path, school):
    path = tmp_path / "staff.csv"
    path.write_text(BAD_STAFF)
    command_error = None

    try:
        call_command("import_hr", "staff", str(path), stdout=StringIO(), stderr=StringIO())
    except CommandError as e:
        command_error = e

    assert command_error is not None
    assert command_error.returncode == 1


def test_the_command_dry_run_writes_nothing(tmp_path, staff_csv):
    path = tmp_path / "staff.csv"
    path.write_text(staff_csv)

    out, _ = run_import_hr("staff", str(path), "--dry-run")

    assert "Dry run: 3 new, 0 updated, 0 unchanged; nothing was written." in out
    assert Person.objects.count() == 0


def test_the_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match=r"Cannot read .*nope\.csv: No such file or directory\."):
        run_import_hr("staff", str(tmp_path / "nope.csv"))


def test_the_command_help_documents_the_formats():
    from leaderdev.management.commands.import_hr import Command

    help_text = Command().create_parser("manage.py", "import_hr").format_help()

    assert "school_code, school_name, level, network_code, network_name" in help_text
    assert "role_start_date[, active]" in help_text
