"""The audit history: who changed which person, enrollment, match, application or licensure item, and when.

django-simple-history keeps a history table beside each audited model (``history = HistoricalRecords()``
on the model): every save and delete writes a row with the whole record, the user of the request
(``HistoryRequestMiddleware``) and an optional reason. Bulk writes go through simple_history's
``bulk_create_with_history`` / ``bulk_update_with_history`` so they are audited too.

This module is the one place that knows which models are audited, which office reads which of them, and
how a history row reads on the staff "Audit history" page (leaderdev.views_audit).
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.utils import bulk_create_with_history

from .models import AUDIT_EXCLUDED
from .permissions import STAFF_ROLES, Role, roles_of


def note_change(instance, *, user=None, reason: str = ""):
    """Tell the audit history who makes the next save or delete of `instance`, and why.

    Services call it when they know better than the request: a worker or a shell has no request user,
    and a status move has a reason worth keeping. Returns `instance`, so ``note_change(x, ...).save()``.
    """
    if user is not None and getattr(user, "pk", None):
        instance._history_user = user
    if reason:
        instance._change_reason = reason[:100]  # simple_history's history_change_reason is 100 chars
    return instance


@dataclass(frozen=True)
class AuditedKind:
    """One kind of audited record, as the audit page shows and filters it."""

    key: str  # the filter's value, e.g. "enrollment"
    label: str  # plural, for the filter
    noun: str  # singular, for a row
    model_label: str  # "app_label.ModelName" of the audited (not the historical) model
    #: the path from a history row to the Person the record is about; "" when it is the person; None: nobody
    person_path: str | None
    #: the offices that read this kind: the role that owns the records, and every staff role for people
    roles: tuple[Role, ...]

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def history_model(self):
        return self.model.history.model


PROGRAMS, RECRUITMENT, LICENSURE = Role.PROGRAM_STAFF, Role.RECRUITMENT_STAFF, Role.LICENSURE_TEAM

# Each office reads the history of the records it owns (the roles its admin grants change rights to), and
# every office reads the history of people, whom they all look up in the staff directory.
KINDS: tuple[AuditedKind, ...] = (
    AuditedKind("person", "People", "Person", "leaderdev.Person", "", STAFF_ROLES),
    AuditedKind("enrollment", "Enrollments", "Enrollment", "programs.Enrollment", "person", (PROGRAMS,)),
    AuditedKind("match_round", "Match rounds", "Match round", "mentoring.MatchRound", None, (PROGRAMS,)),
    AuditedKind(
        "match_constraint",
        "Match pins and forbids",
        "Pin or forbid",
        "mentoring.MatchConstraint",
        "mentee",
        (PROGRAMS,),
    ),
    AuditedKind("mentorship", "Mentorships", "Mentorship", "mentoring.Mentorship", "mentee", (PROGRAMS,)),
    AuditedKind(
        "fellowship_application",
        "Fellowship applications",
        "Fellowship application",
        "fellowships.FellowshipApplication",
        "person",
        (PROGRAMS,),
    ),
    AuditedKind(
        "recommendation",
        "Fellowship recommendations",
        "Recommendation",
        "fellowships.Recommendation",
        "application__person",
        (PROGRAMS,),
    ),
    AuditedKind("candidate", "Candidates", "Candidate", "recruitment.Candidate", "", (RECRUITMENT,)),
    AuditedKind(
        "application",
        "Job applications",
        "Job application",
        "recruitment.Application",
        "candidate",
        (RECRUITMENT,),
    ),
    AuditedKind(
        "license_pursuit",
        "License pursuits",
        "License pursuit",
        "licensure.LicensePursuit",
        "person",
        (LICENSURE,),
    ),
    AuditedKind(
        "requirement_progress",
        "Licensure requirements",
        "Licensure requirement",
        "licensure.RequirementProgress",
        "pursuit__person",
        (LICENSURE,),
    ),
)
KIND_BY_KEY = {kind.key: kind for kind in KINDS}


def kinds_for(user) -> list[AuditedKind]:
    """The kinds of record whose history `user` may read (all of them for a superuser)."""
    roles = roles_of(user)
    return [kind for kind in KINDS if roles.intersection(kind.roles)]


def _kind_of(queryset) -> AuditedKind:
    return next(kind for kind in KINDS if kind.history_model is queryset.model)


# --- The page's filters --------------------------------------------------------------------------------


class AuditFilter(django_filters.FilterSet):
    """Filters of the audit page. They apply to every kind's history table alike (see audit_page)."""

    kind = django_filters.ChoiceFilter(label="Kind of record", method="keep", empty_label="Every kind")
    change = django_filters.ChoiceFilter(
        field_name="history_type",
        label="Change",
        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
        empty_label="Any change",
    )
    who = django_filters.CharFilter(label="Changed by (name or e-mail)", method="by_user")
    about = django_filters.CharFilter(label="About person (name or e-mail)", method="about_person")
    since = django_filters.DateFilter(
        field_name="history_date",
        lookup_expr="date__gte",
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        field_name="history_date",
        lookup_expr="date__lte",
        label="Until",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, data=None, *args, kinds=(), **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["kind"].extra["choices"] = [(kind.key, kind.label) for kind in kinds]

    def keep(self, queryset, name, value):
        return queryset  # the kinds to read are chosen before any table is queried

    def by_user(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(history_user__email__icontains=word) | Q(history_user__full_name__icontains=word)
            )
        return queryset

    def about_person(self, queryset, name, value):
        path = _kind_of(queryset).person_path
        if path is None:
            return queryset.none()
        prefix = f"{path}__" if path else ""
        for word in value.split():
            queryset = queryset.filter(
                Q(**{f"{prefix}first_name__icontains": word})
                | Q(**{f"{prefix}last_name__icontains": word})
                | Q(**{f"{prefix}email__icontains": word})
            )
        return queryset


# --- The page's rows -----------------------------------------------------------------------------------


@dataclass
class FieldChange:
    field: str
    old: str
    new: str
    #: for a link to another record: its model and the primary keys, named once the page is built
    related_model: type | None = None
    old_pk: object = None
    new_pk: object = None


@dataclass
class AuditRow:
    """One change of one record, as the audit page lists it."""

    when: datetime.datetime
    who: str
    kind: AuditedKind
    record: str
    url: str
    change: str  # "created", "changed" or "deleted"
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def audit_page(user, params, page_number, per_page: int = 50) -> tuple[AuditFilter, Page]:
    """The filter and one page of the audit history `user` may read, newest change first.

    A fixed number of queries whatever the page holds: one count and one page of (date, id, kind) over
    a UNION of the history tables, then per kind on the page its rows (with who and the person) and the
    versions before them, from which the changed fields are read.
    """
    kinds = kinds_for(user)
    audit_filter = AuditFilter(
        params if params is not None else {}, kinds=kinds, queryset=KINDS[0].history_model.objects.none()
    )
    audit_filter.is_valid()  # bad values are shown on the form and left out of the filtering
    chosen = audit_filter.form.cleaned_data.get("kind")
    parts = [
        audit_filter.filter_queryset(kind.history_model.objects.all())
        .annotate(audit_kind=Value(kind.key, output_field=CharField()))
        .values_list("history_date", "history_id", "audit_kind")
        .order_by()
        for kind in kinds
        if not chosen or kind.key == chosen
    ]
    if not parts:
        return audit_filter, Paginator([], per_page).get_page(1)
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    page = Paginator(union.order_by("-history_date", "-history_id"), per_page).get_page(page_number)
    page.object_list = _rows(list(page.object_list))
    return audit_filter, page


def _rows(entries: list[tuple]) -> list[AuditRow]:
    ids_by_kind: dict[str, list[int]] = {}
    for _, history_id, key in entries:
        ids_by_kind.setdefault(key, []).append(history_id)
    records = {}
    for key, ids in ids_by_kind.items():
        kind = KIND_BY_KEY[key]
        model = kind.history_model
        earlier = model.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
        queryset = model.objects.filter(history_id__in=ids).select_related("history_user")
        if kind.person_path:
            queryset = queryset.select_related(kind.person_path)
        rows = list(
            queryset.annotate(
                previous_id=Subquery(
                    earlier.order_by("-history_date", "-history_id").values("history_id")[:1]
                )
            )
        )
        previous = model.objects.in_bulk(
            [r.previous_id for r in rows if r.previous_id and r.history_type == "~"]
        )
        for row in rows:
            records[key, row.history_id] = _row(kind, row, previous.get(row.previous_id))
    _name_related(records.values())
    return [records[key, history_id] for _, history_id, key in entries]


def _related_names() -> dict:
    """How a changed link to a person, a school or a user is named: one query per model per page."""
    from .models import Person, School, User

    return {
        Person: lambda person: person.full_name,
        School: lambda school: school.name,
        User: lambda user: user.get_full_name() or user.email,
    }


def _name_related(rows) -> None:
    """Replace "#12" by the name of the person, school or user it links to (other links keep "#12")."""
    names = _related_names()
    wanted: dict[type, set] = {}
    for row in rows:
        for change in row.changes:
            if change.related_model in names:
                wanted.setdefault(change.related_model, set()).update(
                    pk for pk in (change.old_pk, change.new_pk) if pk is not None
                )
    for model, pks in wanted.items():
        found = model._default_manager.in_bulk(pks)
        for row in rows:
            for change in row.changes:
                if change.related_model is model:
                    if change.old_pk in found:
                        change.old = names[model](found[change.old_pk])
                    if change.new_pk in found:
                        change.new = names[model](found[change.new_pk])


CHANGE_WORDS = {"+": "created", "~": "changed", "-": "deleted"}


def _row(kind: AuditedKind, record, previous) -> AuditRow:
    changes = []
    if record.history_type == "~" and previous is not None:
        delta = record.diff_against(previous, excluded_fields=AUDIT_EXCLUDED)
        for change in delta.changes:
            model_field = kind.model._meta.get_field(change.field)
            changes.append(
                FieldChange(
                    str(model_field.verbose_name),
                    _shown(model_field, change.old),
                    _shown(model_field, change.new),
                    model_field.related_model if model_field.is_relation else None,
                    change.old,
                    change.new,
                )
            )
    user = record.history_user
    return AuditRow(
        when=record.history_date,
        who=(user.get_full_name() or user.email) if user else "LeaderDev (no user)",
        kind=kind,
        record=_title(kind, record),
        url="" if record.history_type == "-" else _admin_url(kind, record.id),
        change=CHANGE_WORDS[record.history_type],
        reason=record.history_change_reason or "",
        changes=changes,
    )


def _title(kind: AuditedKind, record) -> str:
    if kind.key in ("person", "candidate"):
        return f"{kind.noun}: {record.first_name} {record.last_name}"
    if kind.key == "match_round":
        return f"{kind.noun}: {record.name}"
    title = f"{kind.noun} #{record.id}"
    if kind.person_path:
        person = record
        for step in kind.person_path.split("__"):
            person = getattr(person, step, None) if person is not None else None
        if person is not None:
            title += f" of {person.first_name} {person.last_name}"
    return title


@functools.cache
def _admin_name(model_label: str) -> str | None:
    app_label, model_name = model_label.lower().split(".")
    name = f"admin:{app_label}_{model_name}_change"
    try:
        reverse(name, args=[1])
    except NoReverseMatch:
        return None
    return name


def _admin_url(kind: AuditedKind, pk) -> str:
    name = _admin_name(kind.model_label)
    return reverse(name, args=[pk]) if name else ""


def _shown(model_field, value) -> str:
    """A value as staff read it: a choice's label, a related record's number, — for nothing."""
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return f"#{value}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


# --- Writing -------------------------------------------------------------------------------------------


def bulk_create_audited(model, objs, *, batch_size=None, user=None, reason: str = "") -> list:
    """bulk_create `objs`, with their "created" audit records when `model` is audited.

    For seeding and bulk services: one INSERT per batch for the rows and one for their history, instead
    of a save (and a history INSERT) per row. Returns the objects with their primary keys.
    """
    if not hasattr(model._meta, "simple_history_manager_attribute"):
        return model._default_manager.bulk_create(objs, batch_size=batch_size)
    return bulk_create_with_history(
        objs, model, batch_size=batch_size, default_user=user, default_change_reason=reason or None
    )
