"""Who may see assessments, and who may assess whom.

Seeing follows the project's object rules (leaderdev.permissions): program staff see every assessment,
a person sees the assessments about them, an assessor sees the ones they made.

Assessing is a separate, pluggable rule, per kind of assessment: ``assessor_rule(kind, ...)`` registers
a function ``fn(user) -> True | False | Q`` over Person, and the answers are OR-ed. Here: program staff may
record any kind for anyone (e.g. a supervisor's paper form); anyone with a staff record may
self-assess. Coaches and mentors may assess only the people assigned to them; the mentoring app registers
that rule when mentorships and coach assignments exist, without changing this module.
"""

from collections import defaultdict
from collections.abc import Callable

from django.db.models import Count, Q, QuerySet

from leaderdev.models import Person
from leaderdev.permissions import PORTAL_ROLES, Role, grant_admin, has_role, rule

from .models import Assessment, AssessmentKind, ImplementationRating

AssessorRule = Callable[[object], "bool | Q"]
_assessor_rules: dict[str, list[AssessorRule]] = defaultdict(list)


def assessor_rule(*kinds: str):
    """Register who may record assessments of `kinds`: ``fn(user) -> True | False | Q over Person``."""

    def decorator(fn: AssessorRule) -> AssessorRule:
        for kind in kinds:
            _assessor_rules[kind].append(fn)
        return fn

    return decorator


def _assessor_verdict(user, kind: str) -> "bool | Q":
    """True (anyone), False (no one) or a Q over Person: the OR of the rules registered for `kind`."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    filters = []
    for fn in _assessor_rules.get(kind, ()):
        verdict = fn(user)
        if verdict is True:
            return True
        if isinstance(verdict, Q):
            filters.append(verdict)
    if not filters:
        return False
    combined = filters[0]
    for extra in filters[1:]:
        combined |= extra
    return combined


def people_assessable_by(user, kind: str) -> QuerySet:
    """The people `user` may record an assessment of `kind` about."""
    people = Person.objects.filter(is_active=True)
    verdict = _assessor_verdict(user, kind)
    if verdict is True:
        return people
    if verdict is False:
        return people.none()
    return people.filter(verdict)


def can_assess(user, person: Person, kind: str) -> bool:
    return kind in kinds_user_may_record(user, person)


def kinds_user_may_record(user, person: Person) -> list[str]:
    """The kinds of assessment `user` may record about `person`, in one query at most."""
    if not person.is_active:
        return []
    verdicts = {kind: _assessor_verdict(user, kind) for kind in AssessmentKind.values}
    open_kinds = {kind for kind, verdict in verdicts.items() if verdict is True}
    filtered = {kind: verdict for kind, verdict in verdicts.items() if isinstance(verdict, Q)}
    if filtered:
        matches = Person.objects.filter(pk=person.pk).aggregate(
            **{f"may_{kind}": Count("pk", filter=verdict) for kind, verdict in filtered.items()}
        )
        open_kinds |= {kind for kind in filtered if matches[f"may_{kind}"]}
    return [kind for kind in AssessmentKind.values if kind in open_kinds]


@assessor_rule(*AssessmentKind.values)
def program_staff_record_any_assessment(user):
    return has_role(user, Role.PROGRAM_STAFF)


@assessor_rule(AssessmentKind.SELF)
def people_assess_themselves(user):
    return Q(user=user) if has_role(user, *PORTAL_ROLES) else False


# --- Seeing ------------------------------------------------------------------------------------------


@rule(Assessment)
def program_staff_see_every_assessment(user):
    return has_role(user, Role.PROGRAM_STAFF)


@rule(Assessment)
def people_see_assessments_of_themselves(user):
    return Q(person__user=user)


@rule(Assessment)
def assessors_see_what_they_recorded(user):
    return Q(assessor=user)


@rule(ImplementationRating)
def program_staff_see_every_school(user):
    return has_role(user, Role.PROGRAM_STAFF)


@rule(ImplementationRating)
def leaders_see_their_schools_rubric(user):
    if not has_role(user, Role.LEADER):
        return False
    return Q(school__staff__user=user, school__staff__is_active=True)


for _model in (
    "competencies.framework",
    "competencies.frameworkversion",
    "competencies.domain",
    "competencies.competency",
    "competencies.proficiencyscale",
    "competencies.proficiencylevel",
    "competencies.implementationsystem",
    "competencies.assessment",
    "competencies.rating",
    "competencies.implementationrating",
):
    grant_admin(Role.PROGRAM_STAFF, _model, "add", "change", "delete", "view")
