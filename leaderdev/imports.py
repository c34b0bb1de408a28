"""Bulk import of schools and staff from the district's HR CSV exports.

Run it with ``python manage.py import_hr schools|staff FILE.csv [--dry-run]`` or upload the file from the
School or Person list of the admin ("Import"). Both go through this module, so they accept the same
files and give the same messages. docs/samples/schools.csv and docs/samples/staff.csv are examples.

File format
-----------
A CSV file, UTF-8 with or without a byte-order mark (Excel's "CSV UTF-8"). The first line is the header;
header names are matched without regard to case and surrounding spaces, and extra columns are ignored.
Blank lines are skipped. Values are trimmed of surrounding spaces.

schools: school_code, school_name, level, network_code, network_name
  level         elementary, middle, k8 or high, or the label (Elementary, Middle, K-8, High), any case.
  network_code  the network's short code; the network is created when it is new, and renamed to
  network_name  network_name when its name in the file differs. Every row of one network must give
                it the same name.

staff: employee_id, first_name, last_name, email, position, tier, school_code, role_start_date[, active]
  employee_id      the HR employee number. A person already in LeaderDev with this number is updated.
  email            a valid work e-mail address, used by no other person.
  position         principal, head_of_school, assistant_principal, admin_team_member, teacher_leader or
                   central_office, or the label (Principal, Head of school, Assistant principal, ...).
  tier             building_administrator, emerging_leader or lead_learner, or the label; may be blank.
  school_code      the code of a school already in LeaderDev (import schools first). Required for
                   principals, heads of school, assistant principals and admin team members.
  role_start_date  the date the person started in this position: YYYY-MM-DD, or M/D/YYYY.
  active           optional: yes/no, true/false or 1/0; blank or missing means yes.

Every row of a file must be unique: the same employee_id or email (or, for schools, school_code) on two
lines is an error on the later line.

All or nothing
--------------
Every bad row is reported, one message per problem, as ``line N: column: reason`` (the header is line 1,
so the first row of data is line 2), e.g. ``line 5: email: Enter a valid email address.`` If any row is
bad, nothing at all is written: no network, no school, no person. A file that cannot be read (not UTF-8,
an Excel workbook, a header without the required columns, larger than 5 MB, a value with a NUL
character) gets one message saying why.

Importing the same file again changes nothing: rows that match what is stored are counted "unchanged"
and are not saved (their updated_at stays as it was).
"""

import csv
import datetime
import io
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from import_export import widgets
from import_export.fields import Field
from import_export.formats.base_formats import Format
from import_export.instance_loaders import CachedInstanceLoader
from import_export.resources import ModelResource
from import_export.results import Result, RowResult

from .audit import note_change
from .models import LeadershipTier, Network, Person, Position, School, SchoolLevel

# --- Reading the file --------------------------------------------------------------------------------

EXCEL_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx (a zip) and the old .xls
# The largest file any import reads (the admin's upload limit too): HR's full staff export is well under
# a megabyte, and a bigger file is split rather than held in memory and in one transaction.
MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ImportFileError(Exception):
    """A file that cannot be read as an HR CSV export at all."""

    def __init__(self, message: str, line: int | None = None, field: str = ""):
        super().__init__(message)
        self.line = line
        self.field = field

    def __str__(self):
        return str(self.as_row_error())

    def as_row_error(self) -> "RowError":
        return RowError(line=self.line, field=self.field, message=self.args[0])


def read_csv(source) -> tablib.Dataset:
    """Parse an HR CSV export: bytes, text, a path or an open file (binary or text).

    Returns a Dataset with two extra attributes the resources use: ``line_numbers`` (the line each data
    row starts on, which differs from its index when the file has blank lines or quoted line breaks)
    and ``row_problems`` (line -> message for rows that have more values than the header has columns).
    Raises ImportFileError when the file is larger than MAX_IMPORT_BYTES, is not UTF-8 text, is a
    workbook, is empty, is not CSV or has a NUL character (which no database column can hold).
    """
    data = _read(source)
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError(
            f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB; split it into smaller files."
        )
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, line_numbers, row_problems = [], [], {}
    try:
        headers = next(reader, None)
        if not headers or not any(h.strip() for h in headers):
            raise ImportFileError("The file is empty: the first line must be the header.", line=1)
        width = len(headers)
        start = reader.line_num + 1
        for values in reader:
            if any(value.strip() for value in values):
                for column, value in zip(headers, values, strict=False):
                    if "\x00" in value:
                        raise ImportFileError(
                            "This value has a NUL character (often a sign the file was saved as UTF-16 or "
                            'is not text); save it as "CSV UTF-8 (Comma delimited)".',
                            line=start,
                            field=column.strip().lower(),
                        )
                if len(values) > width and any(v.strip() for v in values[width:]):
                    row_problems[start] = (
                        f"This row has {len(values)} values but the header has {width} columns; "
                        "put double quotes around values that contain commas."
                    )
                rows.append((values + [""] * width)[:width])
                line_numbers.append(start)
            start = reader.line_num + 1
    except csv.Error as e:
        raise ImportFileError(f"This is not a readable CSV file: {e}.", line=reader.line_num) from e
    dataset = tablib.Dataset(*rows, headers=headers)
    dataset.line_numbers = line_numbers
    dataset.row_problems = row_problems
    return dataset


def _read(source) -> bytes | str:
    if isinstance(source, bytes | bytearray):
        return bytes(source)
    if isinstance(source, str):
        return source
    # Files are read no further than one byte past the limit: enough to know a file is too large.
    if isinstance(source, os.PathLike):
        with Path(source).open("rb") as file:
            return file.read(MAX_IMPORT_BYTES + 1)
    return source.read(MAX_IMPORT_BYTES + 1)


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        if data.startswith(EXCEL_SIGNATURES):
            raise ImportFileError(
                "This is an Excel workbook, not a CSV file. In Excel, use File > Save As > "
                '"CSV UTF-8 (Comma delimited)" and import that file.'
            ) from e
        line = data.count(b"\n", 0, e.start) + 1
        raise ImportFileError(
            f"The file is not UTF-8 text (byte 0x{data[e.start]:02X} cannot be read). Save it as "
            '"CSV UTF-8 (Comma delimited)" and import it again.',
            line=line,
        ) from e


class HRCSVFormat(Format):
    """The admin's import format: uploads are read by read_csv, exactly as the command reads files."""

    def __init__(self, encoding=None):
        self.encoding = encoding  # import-export passes one; read_csv always reads UTF-8

    def get_title(self):
        return "csv"

    def create_dataset(self, in_stream):
        return read_csv(in_stream)

    def get_extension(self):
        return "csv"

    def get_content_type(self):
        return "text/csv"

    def can_import(self):
        return True


# --- The report ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem: a line of the file (None for the file as a whole), a column ("" for none), why."""

    line: int | None
    field: str
    message: str

    def __str__(self):
        where = [f"line {self.line}"] if self.line is not None else []
        if self.field:
            where.append(self.field)
        return ": ".join([*where, self.message])


@dataclass
class ImportReport:
    """What an import did (or, for a dry run or a bad file, would have done)."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    bad_rows: int = 0
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors and self.bad_rows:
            have = "row has" if self.bad_rows == 1 else "rows have"
            return f"{self.bad_rows} {have} errors; nothing was imported."
        if self.errors:
            return "The file has errors; nothing was imported."
        counts = f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged"
        if self.dry_run:
            return f"Dry run: {counts}; nothing was written."
        return f"{counts}."


def report_from_result(result: Result, *, dry_run: bool = False) -> ImportReport:
    """Turn import-export's Result (numbered by file line by HRResource) into an ImportReport."""
    errors = [_base_error(error.error) for error in result.base_errors]
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            errors.extend(
                RowError(row.number, "" if column == NON_FIELD_ERRORS else column, message)
                for message in messages
            )
    for row in result.error_rows:
        errors.extend(RowError(row.number, "", f"could not be saved: {error.error}") for error in row.errors)
    errors.sort(key=lambda error: error.line or 0)
    return ImportReport(
        new=result.totals[RowResult.IMPORT_TYPE_NEW],
        updated=result.totals[RowResult.IMPORT_TYPE_UPDATE],
        unchanged=result.totals[RowResult.IMPORT_TYPE_SKIP],
        errors=errors,
        bad_rows=len(result.invalid_rows) + len(result.error_rows),
        notes=list(getattr(result, "notes", [])),
        dry_run=dry_run,
    )


def _base_error(error: Exception) -> RowError:
    if isinstance(error, ImportFileError):
        return error.as_row_error()
    return RowError(None, "", str(error))


# --- Widgets -------------------------------------------------------------------------------------------


class ChoiceWidget(widgets.CharWidget):
    """A TextChoices column: the stored value or the label, in any case. Blank stays blank."""

    def __init__(self, choices: type[models.TextChoices], noun: str):
        super().__init__(allow_blank=True)
        self.noun = noun
        self.labels = ", ".join(choices.labels)
        self.by_name = {}
        for value, label in choices.choices:
            self.by_name[value.lower()] = value
            self.by_name[label.lower()] = value

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if not text:
            return ""
        try:
            return self.by_name[text.lower()]
        except KeyError:
            raise ValueError(f'"{text}" is not a {self.noun}; use one of: {self.labels}.') from None


class HRDateWidget(widgets.DateWidget):
    """YYYY-MM-DD, or M/D/YYYY as HR's spreadsheets write it. Blank is None (the model says if it may be)."""

    ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
    US = re.compile(r"(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})")

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        match = self.ISO.fullmatch(text) or self.US.fullmatch(text)
        try:
            return datetime.date(*(int(match[part]) for part in ("year", "month", "day")))
        except (TypeError, ValueError):
            raise ValueError(f'"{text}" is not a date; use YYYY-MM-DD (or M/D/YYYY).') from None


class YesNoWidget(widgets.BooleanWidget):
    """yes/no, true/false, 1/0 in any case; blank means `default`."""

    TRUE = frozenset({"yes", "y", "true", "1"})
    FALSE = frozenset({"no", "n", "false", "0"})

    def __init__(self, default: bool):
        super().__init__()
        self.default = default

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip().lower()
        if not text:
            return self.default
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(f'"{value}" is not yes or no.')

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class SchoolCodeWidget(widgets.CachedForeignKeyWidget):
    """A school by its district code; the schools are read once per import."""

    def __init__(self):
        super().__init__(School, field="code")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except School.DoesNotExist:
            raise ValueError(f'No school has the code "{value}"; import schools first.') from None

    def forget(self):
        """Drop the cached schools, so the next import reads them afresh."""
        self.__dict__.pop("_cached_qs", None)


# --- Resources -----------------------------------------------------------------------------------------


class LineNumberedResult(Result):
    """import-export's Result, with rows numbered by their line in the file and notes for the report."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notes: list[str] = []

    def row_errors(self):
        # import-export numbers these by position among the reported rows; the file line is what helps.
        return [(row.number, row.errors) for row in self.error_rows]


class HRResource(ModelResource):
    """What the school and staff resources share: header checks, line numbers, messages by column.

    A file is all or nothing: import_data always runs in a transaction and rolls it back when any row
    is invalid, whoever calls it (the command, the admin's preview or its confirm step).
    """

    #: columns the header must have; every declared field's column is known, the rest are ignored
    required_columns: tuple[str, ...] = ()
    #: columns whose values must not repeat within one file (compared without regard to case)
    unique_columns: tuple[str, ...] = ()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.line_numbers: list[int] = []
        self.row_problems: dict[int, str] = {}
        self.lines_by_value: dict[str, dict[str, int]] = {}

    @classmethod
    def get_result_class(cls):
        return LineNumberedResult

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        """import-export's import_data, all or nothing whatever the caller asks for.

        Headers are matched without regard to case, values are trimmed, a header without the required
        columns is one error on line 1, and rows are numbered by their line in the file. The import
        always runs in a transaction (`use_transactions` is ignored) that is rolled back when any row is
        invalid, so neither the admin's confirm step nor a shell session can write half a file.
        """
        dataset = self._normalized(dataset)
        kwargs.pop("rollback_on_validation_errors", None)
        problem = self._header_problem(dataset.headers)
        if problem:
            result = self.get_result_class()()
            result.append_base_error(self.get_error_result_class()(ImportFileError(problem, line=1)))
            return result
        result = super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=True,
            rollback_on_validation_errors=True,
            **kwargs,
        )
        self._number_rows_by_line(result)
        result.notes = self.notes()
        return result

    def notes(self) -> list[str]:
        """Extra outcomes worth telling whoever imports (networks created, say)."""
        return []

    def before_import(self, dataset, **kwargs):
        self.lines_by_value = {column: {} for column in self.unique_columns}

    def import_instance(self, instance, row, **kwargs):
        """Set the instance from the row, collecting every column's error (by column name) at once."""
        line = self.line_of(kwargs["row_number"])
        errors: dict[str, list[str]] = {}
        for resource_field in self.get_import_fields():
            try:
                self.import_field(resource_field, instance, row, **kwargs)
            except ValueError as e:
                errors.setdefault(resource_field.column_name, []).append(str(e))
        for column, messages in self.check_row(instance, row, line).items():
            errors.setdefault(column, []).extend(messages)
        if line in self.row_problems:
            errors.setdefault(NON_FIELD_ERRORS, []).append(self.row_problems[line])
        if errors:
            raise ValidationError(errors)

    def check_row(self, instance, row, line: int) -> dict[str, list[str]]:
        """Rules that span rows or tables; {column: [message]}. Subclasses extend it."""
        errors = {}
        for column in self.unique_columns:
            value = row.get(column, "")
            if not value:
                continue
            earlier = self.lines_by_value[column].setdefault(value.lower(), line)
            if earlier != line:
                errors[column] = [f"{value} is already on line {earlier}."]
        return errors

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own validation too, skipping fields whose column already failed; keyed by column."""
        errors = dict(import_validation_errors or {})
        exclude = {name for column in errors if (name := self.model_field_of(column))}
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique)
        except ValidationError as e:
            for name, problems in e.error_dict.items():
                if name in exclude:
                    continue  # the model's clean() speaks of a field whose column already failed
                column = self.column_of(name)
                errors.setdefault(column, []).extend(_plain_message(problem) for problem in problems)
        if errors:
            # Report a row's problems in the order of its columns, whichever check found them.
            order = [NON_FIELD_ERRORS, *(f.column_name for f in self.get_import_fields())]
            raise ValidationError(dict(sorted(errors.items(), key=lambda item: _index(order, item[0]))))

    def model_field_of(self, column: str) -> str | None:
        """The model field a column fills, so the model does not report it a second time."""
        for resource_field in self.get_import_fields():
            if resource_field.column_name == column and resource_field.attribute:
                return resource_field.attribute.split("__")[0]
        return None

    def column_of(self, model_field: str) -> str:
        for resource_field in self.get_import_fields():
            if resource_field.attribute and resource_field.attribute.split("__")[0] == model_field:
                return resource_field.column_name
        return model_field

    def line_of(self, row_number: int) -> int:
        return self.line_numbers[row_number - 1]

    def _normalized(self, dataset):
        """Lower-case, trimmed headers and trimmed text values, keeping read_csv's line bookkeeping."""
        headers = [str(header or "").strip().lower() for header in dataset.headers or []]
        rows = [["" if value is None else str(value).strip() for value in row] for row in dataset]
        normalized = tablib.Dataset(*rows, headers=headers)
        self.line_numbers = getattr(dataset, "line_numbers", None) or list(range(2, len(rows) + 2))
        self.row_problems = getattr(dataset, "row_problems", None) or {}
        return normalized

    def _header_problem(self, headers) -> str:
        missing = [column for column in self.required_columns if column not in headers]
        if missing:
            return f"The header is missing required columns: {', '.join(missing)}."
        known = {resource_field.column_name for resource_field in self.get_import_fields()}
        repeated = sorted(
            column for column, count in Counter(headers).items() if count > 1 and column in known
        )
        if repeated:
            return f"The header names these columns more than once: {', '.join(repeated)}."
        return ""

    def _number_rows_by_line(self, result):
        for row in result.invalid_rows:
            row.number = self.line_of(row.number)
        for row in result.error_rows:
            row.number = self.line_of(row.number)
            for error in row.errors:
                error.number = row.number


def _index(items: list, item) -> int:
    return items.index(item) if item in items else len(items)


def _plain_message(problem: ValidationError) -> str:
    """Django's messages, with "cannot be null/blank" said the way people filling a spreadsheet say it."""
    if problem.code in ("blank", "null", "required"):
        return "This field is required."
    return " ".join(problem.messages)


class SchoolResource(HRResource):
    """Schools from HR's school list; each row also creates or renames the school's network."""

    school_code = Field(attribute="code", column_name="school_code", widget=widgets.CharWidget())
    school_name = Field(attribute="name", column_name="school_name", widget=widgets.CharWidget())
    level = Field(attribute="level", column_name="level", widget=ChoiceWidget(SchoolLevel, "school level"))
    network_code = Field(
        attribute="network",
        column_name="network_code",
        readonly=True,
        widget=widgets.ForeignKeyWidget(Network, "code"),
    )
    network_name = Field(column_name="network_name", readonly=True)

    required_columns = ("school_code", "school_name", "level", "network_code", "network_name")
    unique_columns = ("school_code",)

    class Meta:
        model = School
        name = "Schools (HR CSV)"
        fields = ("school_code", "school_name", "level", "network_code", "network_name")
        import_id_fields = ("school_code",)
        instance_loader_class = CachedInstanceLoader
        skip_unchanged = True
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.networks: dict[str, tuple[Network, str, int]] = {}  # code -> (network, its name, first line)
        self.network_changes: Counter[str] = Counter()

    def get_queryset(self):
        return School.objects.select_related("network")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.networks.clear()
        self.network_changes.clear()

    def model_field_of(self, column):
        if column in ("network_code", "network_name"):
            return "network"
        return super().model_field_of(column)

    def check_row(self, instance, row, line):
        errors = super().check_row(instance, row, line)
        try:
            instance.network = self._network(row["network_code"], row["network_name"], line)
        except ValidationError as e:
            for column, messages in e.message_dict.items():
                errors.setdefault(column, []).extend(messages)
        return errors

    def _network(self, code: str, name: str, line: int) -> Network:
        """The row's network: created when new, renamed when its name changed, once per file."""
        if code in self.networks:
            network, first_name, first_line = self.networks[code]
            if name != first_name:
                message = f'"{name}" differs from "{first_name}", given for {code} on line {first_line}.'
                raise ValidationError({"network_name": message})
            return network
        missing = [column for column, value in (("network_code", code), ("network_name", name)) if not value]
        if missing:
            raise ValidationError(dict.fromkeys(missing, "This field is required."))
        network = Network.objects.filter(code=code).first() or Network(code=code)
        if network.pk and network.name == name:
            self.networks[code] = (network, name, line)
            return network
        change = "renamed" if network.pk else "created"
        network.name = name
        try:
            network.full_clean()
        except ValidationError as e:
            columns = {"code": "network_code", "name": "network_name"}
            errors = {columns.get(key, "network_code"): problems for key, problems in e.error_dict.items()}
            raise ValidationError(
                {
                    column: [_plain_message(problem) for problem in problems]
                    for column, problems in errors.items()
                }
            ) from e
        network.save()
        self.network_changes[change] += 1
        self.networks[code] = (network, name, line)
        return network

    def notes(self):
        created, renamed = self.network_changes["created"], self.network_changes["renamed"]
        if not (created or renamed):
            return []
        return [f"Networks: {created} created, {renamed} renamed."]


class StaffResource(HRResource):
    """Staff from HR's staff export, matched to people already in LeaderDev by employee_id."""

    employee_id = Field(attribute="employee_id", column_name="employee_id", widget=widgets.CharWidget())
    first_name = Field(attribute="first_name", column_name="first_name", widget=widgets.CharWidget())
    last_name = Field(attribute="last_name", column_name="last_name", widget=widgets.CharWidget())
    email = Field(attribute="email", column_name="email", widget=widgets.CharWidget())
    position = Field(attribute="position", column_name="position", widget=ChoiceWidget(Position, "position"))
    tier = Field(attribute="tier", column_name="tier", widget=ChoiceWidget(LeadershipTier, "leadership tier"))
    school_code = Field(attribute="school", column_name="school_code", widget=SchoolCodeWidget())
    role_start_date = Field(attribute="role_start_date", column_name="role_start_date", widget=HRDateWidget())
    active = Field(attribute="is_active", column_name="active", widget=YesNoWidget(default=True))

    required_columns = (
        "employee_id",
        "first_name",
        "last_name",
        "email",
        "position",
        "tier",
        "school_code",
        "role_start_date",
    )
    unique_columns = ("employee_id", "email")

    class Meta:
        model = Person
        name = "Staff (HR CSV)"
        fields = (
            "employee_id",
            "first_name",
            "last_name",
            "email",
            "position",
            "tier",
            "school_code",
            "role_start_date",
            "active",
        )
        import_id_fields = ("employee_id",)
        instance_loader_class = CachedInstanceLoader
        skip_unchanged = True
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Who has which e-mail (lower-cased) as the rows are applied: one query, not a scan per row.
        self.owner_of_email: dict[str, str] = {}
        self.email_of_owner: dict[str, str] = {}

    def get_queryset(self):
        return Person.objects.select_related("school")

    def do_instance_save(self, instance, is_create):
        # One save per row (no use_bulk), so each created or changed person gets an audit record: by the
        # admin's user (the history middleware knows the request), with the import as its reason.
        note_change(instance, reason="HR staff import")
        super().do_instance_save(instance, is_create)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.fields["school_code"].widget.forget()
        self.email_of_owner = {
            employee_id: email.lower()
            for employee_id, email in Person.objects.values_list("employee_id", "email")
        }
        self.owner_of_email = {email: employee_id for employee_id, email in self.email_of_owner.items()}

    def check_row(self, instance, row, line):
        errors = super().check_row(instance, row, line)
        employee_id, email = row.get("employee_id", ""), row.get("email", "")
        if not email or "email" in errors:
            return errors
        # The database's unique e-mail is case-sensitive; to HR, Jane@ and jane@ are one mailbox.
        owner = self.owner_of_email.get(email.lower())
        if owner not in (None, employee_id):
            errors["email"] = [f"{email} already belongs to employee {owner}."]
        elif employee_id:
            self.owner_of_email.pop(self.email_of_owner.get(employee_id, ""), None)
            self.owner_of_email[email.lower()] = employee_id
            self.email_of_owner[employee_id] = email.lower()
        return errors


def import_schools(source, *, dry_run: bool = False) -> ImportReport:
    """Import HR's school list (bytes, text, a path or an open file); see the module docstring.

    Creates or updates schools by school_code and their networks by network_code, in one transaction.
    Nothing is written when any row is bad, or when `dry_run` is set.
    """
    return _import(SchoolResource(), source, dry_run=dry_run)


def import_staff(source, *, dry_run: bool = False) -> ImportReport:
    """Import HR's staff export (bytes, text, a path or an open file); see the module docstring.

    Creates or updates people by employee_id, in one transaction. Nothing is written when any row is
    bad, or when `dry_run` is set.
    """
    return _import(StaffResource(), source, dry_run=dry_run)


def _import(resource: HRResource, source, *, dry_run: bool) -> ImportReport:
    try:
        dataset = read_csv(source)
    except ImportFileError as e:
        return ImportReport(errors=[e.as_row_error()], dry_run=dry_run)
    result = resource.import_data(dataset, dry_run=dry_run)
    return report_from_result(result, dry_run=dry_run)
