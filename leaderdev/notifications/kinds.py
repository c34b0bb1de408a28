"""The kinds of notification LeaderDev sends. Each app's ``reminders.py`` registers its own (imported when
Django starts, see ``LeaderdevConfig.ready``); a kind says what it is about, who gets it by default, and how
to find, in one query, everything due on a day."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models

# A due row: (recipient user id, subject object id, due date).
DueRow = tuple[int, int, datetime.date]


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    description: str  # for the person choosing their reminders: when it comes and why
    subject_model: type[models.Model]
    template: str  # folder under templates/: subject.txt, body.txt and body.html
    find_due: Callable[[datetime.date], Iterable[DueRow]] | None = None  # None: sent on demand only
    default_on: bool = True
    attach_session: bool = False  # attach the session's .ics invitation (the subject is a programs Session)

    @property
    def is_reminder(self) -> bool:
        return self.find_due is not None


_REGISTRY: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add `kind` to the registry (once per code; importing a module twice is harmless)."""
    existing = _REGISTRY.get(kind.code)
    if existing is not None and existing != kind:
        raise ValueError(f"Two notification kinds are called {kind.code!r}.")
    _REGISTRY[kind.code] = kind
    return kind


def get(code: str) -> Kind:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise LookupError(f"No notification kind {code!r} is registered.") from None


def all_kinds() -> list[Kind]:
    return sorted(_REGISTRY.values(), key=lambda kind: kind.label)


def choices() -> list[tuple[str, str]]:
    return [(kind.code, kind.label) for kind in all_kinds()]
