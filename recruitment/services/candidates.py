"""Candidates: adding one, and finding who they may already be (duplicate detection).

possible_duplicates   existing candidates with the same e-mail (any case) or the same name (ignoring case,
                      accents and extra spaces), and the staff record with that e-mail
add_candidate         create a candidate unless it looks like one already known; staff may confirm
                      "this is someone else" to add anyway (never for the same e-mail)
"""

import unicodedata

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower

from leaderdev.errors import DomainError
from leaderdev.models import Person

from ..models import Candidate


def normalise_name(name: str) -> str:
    """ "  José  Ortíz " -> "jose ortiz": compare names without case, accents or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().split())


def possible_duplicates(*, first_name: str, last_name: str, email: str, exclude_pk=None) -> list[Candidate]:
    """Candidates who may be the same person: same e-mail, or same first and last name."""
    first, last = normalise_name(first_name), normalise_name(last_name)
    # Narrow in the database by e-mail or by last name's first letters; compare names exactly in Python
    # (accents are folded there, which the database's collation may not do).
    candidates = Candidate.objects.annotate(email_lower=Lower("email")).filter(
        Q(email_lower=(email or "").strip().lower()) | Q(last_name__istartswith=(last_name or "").strip()[:2])
    )
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    found = []
    for candidate in candidates.order_by("pk")[:500]:
        same_email = email and candidate.email.lower() == email.strip().lower()
        same_name = (
            normalise_name(candidate.first_name) == first and normalise_name(candidate.last_name) == last
        )
        if same_email or same_name:
            found.append(candidate)
    return found


def add_candidate(
    *, first_name, last_name, email, phone="", current_role="", notes="", user=None, confirm_new=False
) -> Candidate:
    """Create a candidate; refuse a likely duplicate unless `confirm_new` (never for a known e-mail).

    An e-mail that belongs to a district staff record links the candidate to it (an internal candidate).
    """
    duplicates = possible_duplicates(first_name=first_name, last_name=last_name, email=email)
    same_email = [c for c in duplicates if c.email.lower() == email.strip().lower()]
    if same_email:
        raise DomainError(f"{same_email[0]} already has the e-mail {email}: open their record instead.")
    if duplicates and not confirm_new:
        names = ", ".join(f"{c} ({c.email})" for c in duplicates[:5])
        raise DomainError(f"This may be someone already known: {names}. Confirm it is someone else to add.")
    person = Person.objects.filter(email__iexact=email.strip()).first()
    if person is not None and hasattr(person, "candidate"):
        raise DomainError(f"{person} is already a candidate.")
    with transaction.atomic():
        return Candidate.objects.create(
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            email=email.strip().lower(),
            phone=phone,
            current_role=current_role,
            notes=notes,
            person=person,
            created_by=user,
        )


def add_candidate_and_apply(
    *,
    first_name,
    last_name,
    email,
    phone="",
    current_role="",
    notes="",
    user=None,
    confirm_new=False,
    cycle=None,
    role="",
    source=None,
    school_level="",
):
    """Add a candidate and, when `cycle` is given, their application for `role` from `source`.

    One transaction: a refused application (say, a source left out) leaves no half-added candidate.
    Returns (candidate, application or None).
    """
    from .pipeline import apply

    with transaction.atomic():
        candidate = add_candidate(
            first_name=first_name,
            last_name=last_name,
            email=email,
            phone=phone,
            current_role=current_role,
            notes=notes,
            user=user,
            confirm_new=confirm_new,
        )
        application = None
        if cycle is not None:
            if not role or source is None:
                raise DomainError("An application needs the role and the source.")
            application = apply(
                candidate, cycle, role=role, source=source, school_level=school_level, user=user
            )
    return candidate, application
