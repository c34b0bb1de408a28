"""Bulk import of candidates into a cycle, e.g. a university's or a partner's list of nominees.

Run it with ``python manage.py import_candidates FILE.csv --cycle NAME --source NAME [--role ROLE]
[--dry-run]``. The file is read like the HR imports (leaderdev.imports.read_csv): UTF-8 CSV, header on
the first line, names matched without regard to case, blank lines skipped, Excel workbooks refused with
a message saying how to save a CSV.

Columns: first_name, last_name, email [, phone, current_role, role, school_level, confirm_new]
  role          principal, head_of_school, assistant_principal or admin_team_member (or the label);
                blank: the --role given on the command line.
  school_level  elementary, middle, k8 or high (or the label); may be blank.
  confirm_new   yes to add a row whose name matches a known candidate with another e-mail.

Duplicates are detected as when a candidate is added by hand (recruitment.services.candidates):
- the same e-mail as a known candidate: that candidate is reused (their new application is added, unless
  they already applied for the role in the cycle, which is reported and skipped);
- the same name as a known candidate with another e-mail: an error on that line, unless confirm_new;
- the same e-mail or the same name twice in the file: an error on the later line.

All or nothing: every problem is reported as ``line N: column: reason``; if any row is bad, nothing is
written.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from leaderdev.imports import ImportFileError, RowError, read_csv
from leaderdev.models import Person, SchoolLevel

from .models import Application, Candidate, HiringRole
from .services import candidates as candidate_services
from .services import pipeline

REQUIRED = ("first_name", "last_name", "email")
OPTIONAL = ("phone", "current_role", "role", "school_level", "confirm_new")
YES = {"yes", "y", "true", "1"}
# Columns stored as they are given, checked against the database column's length before anything is saved.
LIMITED = ("first_name", "last_name", "email", "phone", "current_role")


@dataclass
class CandidateImportReport:
    new_candidates: int = 0
    reused_candidates: int = 0
    applications: int = 0
    skipped: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            lines = len({e.line for e in self.errors})
            return f"{lines} line{'s' if lines != 1 else ''} with errors; nothing was imported."
        counts = (
            f"{self.applications} applications ({self.new_candidates} new candidates, "
            f"{self.reused_candidates} already known), {len(self.skipped)} skipped"
        )
        return f"Dry run: {counts}; nothing was written." if self.dry_run else f"{counts}."


def _choice(value: str, choices, noun: str):
    value = value.strip()
    if not value:
        return ""
    for key, label in choices:
        if value.lower() in (key, label.lower()):
            return key
    names = ", ".join(key for key, _ in choices)
    raise ValidationError(f"“{value}” is not a {noun}; use one of {names}.")


class _Rollback(Exception):
    pass


def import_candidates(source, *, cycle, source_record, role: str = "", user=None, dry_run=False):
    """Import the candidates of `source` (a CSV) into `cycle` from `source_record`; see the module doc."""
    report = CandidateImportReport(dry_run=dry_run)
    try:
        dataset = read_csv(source)
    except ImportFileError as error:
        report.errors.append(error.as_row_error())
        return report
    headers = [h.strip().lower() for h in dataset.headers]
    missing = [column for column in REQUIRED if column not in headers]
    if missing:
        report.errors.append(RowError(1, "", f"The header needs the columns {', '.join(missing)}."))
        return report

    rows = []
    seen_emails, seen_names = {}, {}
    for line, values in zip(dataset.line_numbers, dataset, strict=True):
        row = {h: (v or "").strip() for h, v in zip(headers, values, strict=True)}
        problems = []
        if line in dataset.row_problems:
            problems.append(RowError(line, "", dataset.row_problems[line]))
        for column in REQUIRED:
            if not row.get(column):
                problems.append(RowError(line, column, "This value is required."))
        for column in LIMITED:
            limit = Candidate._meta.get_field(column).max_length
            if len(row.get(column, "")) > limit:
                length = len(row[column])
                problems.append(RowError(line, column, f"At most {limit} characters (this has {length})."))
        email = row.get("email", "").lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(RowError(line, "email", "Enter a valid email address."))
        try:
            row_role = _choice(row.get("role", ""), HiringRole.choices, "role") or role
            if not row_role:
                problems.append(RowError(line, "role", "Give a role in the file or with --role."))
        except ValidationError as error:
            problems.append(RowError(line, "role", error.messages[0]))
            row_role = ""
        try:
            level = _choice(row.get("school_level", ""), SchoolLevel.choices, "school level")
        except ValidationError as error:
            problems.append(RowError(line, "school_level", error.messages[0]))
            level = ""
        name = (
            candidate_services.normalise_name(row.get("first_name", "")),
            candidate_services.normalise_name(row.get("last_name", "")),
        )
        if email and email in seen_emails:
            problems.append(RowError(line, "email", f"The same e-mail is on line {seen_emails[email]}."))
        elif all(name) and name in seen_names:
            problems.append(RowError(line, "", f"The same name is on line {seen_names[name]}."))
        seen_emails.setdefault(email, line)
        seen_names.setdefault(name, line)

        existing = None
        if not problems:
            matches = candidate_services.possible_duplicates(
                first_name=row["first_name"], last_name=row["last_name"], email=email
            )
            same_email = [c for c in matches if c.email.lower() == email]
            if same_email:
                existing = same_email[0]
            elif matches and row.get("confirm_new", "").lower() not in YES:
                known = ", ".join(f"{c} ({c.email})" for c in matches[:3])
                problems.append(
                    RowError(
                        line, "", f"May be a known candidate: {known}. Fix the e-mail, or set confirm_new."
                    )
                )
        report.errors.extend(problems)
        rows.append((line, row, email, row_role, level, existing))

    if report.errors:
        return report
    try:
        with transaction.atomic():
            for line, row, email, row_role, level, existing in rows:
                candidate = existing
                if candidate is None:
                    candidate = Candidate.objects.create(
                        first_name=row["first_name"],
                        last_name=row["last_name"],
                        email=email,
                        phone=row.get("phone", ""),
                        current_role=row.get("current_role", ""),
                        # District staff applying are internal candidates, linked to their staff record.
                        person=Person.objects.filter(email__iexact=email, candidate__isnull=True).first(),
                        created_by=user,
                    )
                    report.new_candidates += 1
                else:
                    report.reused_candidates += 1
                if Application.objects.filter(cycle=cycle, candidate=candidate, role=row_role).exists():
                    report.skipped.append(f"line {line}: {candidate} already applied for this role.")
                    continue
                pipeline.apply(
                    candidate, cycle, role=row_role, source=source_record, school_level=level, user=user
                )
                report.applications += 1
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return report
