"""Read paths of the framework pages: the frameworks and their versions, one version's content, and what
changed between two versions of a framework.

Drafts are the Office's work in progress: only program staff see them (`versions_visible_to`). The diff
is a pure function over two loaded versions (`diff_versions`), so it can be tested without a page;
`compare_versions` loads what it needs in a fixed number of queries and calls it.
"""

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from leaderdev.permissions import Role, has_role

from ..models import Competency, Domain, Framework, FrameworkVersion, VersionStatus

# --- Who sees which versions -------------------------------------------------------------------------


def can_see_drafts(user) -> bool:
    """Drafts are visible to program staff (the people who write them) only."""
    return has_role(user, Role.PROGRAM_STAFF)


def versions_visible_to(user) -> QuerySet:
    """The versions `user` may read: every version for program staff, active and retired ones otherwise."""
    versions = FrameworkVersion.objects.all()
    return versions if can_see_drafts(user) else versions.exclude(status=VersionStatus.DRAFT)


# --- The list of frameworks --------------------------------------------------------------------------


def frameworks_for(user) -> list[Framework]:
    """Every framework with a version `user` may see, with those versions (newest first) as
    `visible_versions`, each annotated with `competency_count`. Two queries whatever the data size."""
    versions = (
        versions_visible_to(user)
        .select_related("based_on")
        .annotate(competency_count=Count("domains__competencies"))
        .order_by("-created_at", "-pk")
    )
    frameworks = Framework.objects.order_by("name").prefetch_related(
        Prefetch("versions", queryset=versions, to_attr="visible_versions")
    )
    return [framework for framework in frameworks if framework.visible_versions]


# --- One version -------------------------------------------------------------------------------------


def _with_content(versions: QuerySet) -> QuerySet:
    """Versions with their framework, scale and origin, and their domains and competencies in order."""
    domains = Domain.objects.order_by("number").prefetch_related(
        Prefetch("competencies", queryset=Competency.objects.order_by("number"))
    )
    return versions.select_related("framework", "scale", "based_on").prefetch_related(
        Prefetch("domains", queryset=domains)
    )


def version_with_content(user, pk: int) -> FrameworkVersion:
    """One version `user` may see, with everything its page shows (4 queries); 404 otherwise."""
    return get_object_or_404(_with_content(versions_visible_to(user)), pk=pk)


def visible_origin(user, version: FrameworkVersion) -> FrameworkVersion | None:
    """The version `version` was copied from, when `user` may see it (a draft's origin can be a draft)."""
    origin = version.based_on
    if origin is None or (origin.status == VersionStatus.DRAFT and not can_see_drafts(user)):
        return None
    return origin


@dataclass(frozen=True)
class FramingParagraph:
    heading: str
    text: str


def framing(description: str) -> list[FramingParagraph]:
    """A version's framing as paragraphs; a paragraph that opens with a question line ("Why did we
    build these competencies?") gets that question as its heading."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", description.strip()):
        first, _, rest = block.strip().partition("\n")
        if first.rstrip().endswith("?") and rest.strip():
            paragraphs.append(FramingParagraph(heading=first.strip(), text=rest.strip()))
        elif block.strip():
            paragraphs.append(FramingParagraph(heading="", text=block.strip()))
    return paragraphs


# --- What changed between two versions ---------------------------------------------------------------

SegmentKind = Literal["equal", "delete", "insert"]


@dataclass(frozen=True)
class Segment:
    """A run of text in a word diff: unchanged ("equal"), only in the old text, or only in the new.
    `replaces` marks an insertion that takes the place of the deletion just before it."""

    kind: SegmentKind
    text: str
    replaces: bool = False


_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """The word-level difference between two texts, as segments to show with <del> and <ins>.

    Words, spaces and punctuation are compared as tokens (difflib); a lone space between two changes is
    folded into them, so "the quick fox" -> "a slow fox" reads as one change, not two.
    """
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    runs: list[list[str]] = []  # [old_text, new_text] for a change, [text] for equal text
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(["".join(a[i1:i2])])
        else:
            runs.append(["".join(a[i1:i2]), "".join(b[j1:j2])])
    merged: list[list[str]] = []
    for run in runs:
        if (
            len(run) == 2
            and len(merged) >= 2
            and len(merged[-1]) == 1
            and merged[-1][0].isspace()
            and len(merged[-2]) == 2
        ):
            space = merged.pop()[0]
            previous = merged.pop()
            run = [previous[0] + space + run[0], previous[1] + space + run[1]]
        merged.append(run)
    segments: list[Segment] = []
    for run in merged:
        if len(run) == 1:
            segments.append(Segment("equal", run[0]))
        else:
            if run[0]:
                segments.append(Segment("delete", run[0]))
            if run[1]:
                segments.append(Segment("insert", run[1], replaces=bool(run[0])))
    return tuple(segments)


@dataclass(frozen=True)
class _Change:
    """Something in either version: added (no `old`), removed (no `new`), or present in both."""

    old: Any
    new: Any

    @property
    def added(self) -> bool:
        return self.old is None

    @property
    def removed(self) -> bool:
        return self.new is None

    def _differs(self, attribute: str) -> bool:
        return bool(self.old and self.new) and getattr(self.old, attribute) != getattr(self.new, attribute)


@dataclass(frozen=True)
class DomainChange(_Change):
    old: Domain | None
    new: Domain | None
    title_diff: tuple[Segment, ...] = ()
    description_diff: tuple[Segment, ...] = ()

    @property
    def retitled(self) -> bool:
        return self._differs("title")

    @property
    def redescribed(self) -> bool:
        return self._differs("description")

    @property
    def renumbered(self) -> bool:
        return self._differs("number")

    @property
    def changed(self) -> bool:
        return self.added or self.removed or self.retitled or self.redescribed or self.renumbered

    @property
    def domain(self) -> Domain:
        return self.new or self.old


@dataclass(frozen=True)
class CompetencyChange(_Change):
    old: Competency | None
    new: Competency | None
    statement_diff: tuple[Segment, ...] = ()

    @property
    def reworded(self) -> bool:
        return self._differs("statement")

    @property
    def renumbered(self) -> bool:
        return self._differs("code")

    @property
    def changed(self) -> bool:
        return self.added or self.removed or self.reworded or self.renumbered

    @property
    def competency(self) -> Competency:
        return self.new or self.old


@dataclass(frozen=True)
class VersionDiff:
    """What changed from `old` to `new`, domain by domain and competency by competency.

    `through_lineage` says how competencies were matched: through `Competency.copied_from` when `new`
    descends from `old` (so a renumbered competency is recognised), else by their codes.
    """

    old: FrameworkVersion
    new: FrameworkVersion
    through_lineage: bool
    domains: tuple[DomainChange, ...]
    competencies: tuple[CompetencyChange, ...]

    def _count(self, changes, attribute) -> int:
        return sum(1 for change in changes if getattr(change, attribute))

    @property
    def domains_added(self) -> int:
        return self._count(self.domains, "added")

    @property
    def domains_removed(self) -> int:
        return self._count(self.domains, "removed")

    @property
    def domains_retitled(self) -> int:
        return self._count(self.domains, "retitled")

    @property
    def domains_redescribed(self) -> int:
        return self._count(self.domains, "redescribed")

    @property
    def competencies_added(self) -> int:
        return self._count(self.competencies, "added")

    @property
    def competencies_removed(self) -> int:
        return self._count(self.competencies, "removed")

    @property
    def competencies_reworded(self) -> int:
        return self._count(self.competencies, "reworded")

    @property
    def competencies_renumbered(self) -> int:
        return self._count(self.competencies, "renumbered")

    @property
    def competency_counts(self) -> list[tuple[int, str]]:
        return [
            (self.competencies_added, "added"),
            (self.competencies_removed, "removed"),
            (self.competencies_reworded, "reworded"),
            (self.competencies_renumbered, "renumbered"),
        ]

    @property
    def domain_counts(self) -> list[tuple[int, str]]:
        return [
            (self.domains_added, "added"),
            (self.domains_removed, "removed"),
            (self.domains_retitled, "retitled"),
            (self.domains_redescribed, "with a new description"),
        ]

    @property
    def changed_domains(self) -> list[DomainChange]:
        return [change for change in self.domains if change.changed]

    @property
    def changed_competencies(self) -> list[CompetencyChange]:
        return [change for change in self.competencies if change.changed]

    @property
    def unchanged_competencies(self) -> list[CompetencyChange]:
        return [change for change in self.competencies if not change.changed]

    @property
    def has_changes(self) -> bool:
        return bool(self.changed_domains or self.changed_competencies)


def _match_domains(old_domains: list[Domain], new_domains: list[Domain]) -> list[DomainChange]:
    """Pair domains by title first (a domain that moved keeps its title), then by number (retitled)."""
    unmatched_old = list(old_domains)
    pairs: list[tuple[Domain | None, Domain | None]] = []
    unmatched_new = []
    for domain in new_domains:
        twin = next((o for o in unmatched_old if o.title.strip() == domain.title.strip()), None)
        if twin is None:
            unmatched_new.append(domain)
        else:
            unmatched_old.remove(twin)
            pairs.append((twin, domain))
    for domain in unmatched_new:
        twin = next((o for o in unmatched_old if o.number == domain.number), None)
        if twin is not None:
            unmatched_old.remove(twin)
        pairs.append((twin, domain))
    pairs.extend((domain, None) for domain in unmatched_old)
    changes = [
        DomainChange(
            old=old,
            new=new,
            title_diff=word_diff(old.title, new.title) if old and new else (),
            description_diff=word_diff(old.description, new.description) if old and new else (),
        )
        for old, new in pairs
    ]
    return sorted(changes, key=lambda c: (c.domain.number, c.removed))


def _match_competencies(
    old_competencies: list[Competency],
    new_competencies: list[Competency],
    lineage: Mapping[int, int | None] | None,
) -> list[CompetencyChange]:
    unmatched_old = {c.pk: c for c in old_competencies}
    old_by_code = {c.code: c for c in old_competencies}
    pairs: list[tuple[Competency | None, Competency | None]] = []
    for competency in new_competencies:
        if lineage is not None:
            origin = unmatched_old.get(lineage.get(competency.pk))
        else:
            origin = old_by_code.get(competency.code)
            origin = origin if origin is not None and origin.pk in unmatched_old else None
        if origin is not None:
            del unmatched_old[origin.pk]
        pairs.append((origin, competency))
    pairs.extend((competency, None) for competency in unmatched_old.values())
    changes = [
        CompetencyChange(
            old=old, new=new, statement_diff=word_diff(old.statement, new.statement) if old and new else ()
        )
        for old, new in pairs
    ]
    return sorted(
        changes, key=lambda c: (c.competency.domain.number, c.competency.number, c.removed, c.competency.pk)
    )


def _content(version: FrameworkVersion) -> tuple[list[Domain], list[Competency]]:
    domains = sorted(version.domains.all(), key=lambda d: d.number)
    competencies = [c for d in domains for c in sorted(d.competencies.all(), key=lambda c: c.number)]
    return domains, competencies


def diff_versions(
    old: FrameworkVersion, new: FrameworkVersion, lineage: Mapping[int, int | None] | None = None
) -> VersionDiff:
    """What changed from `old` to `new` (a pure function of the two versions' content).

    Competencies are matched through their lineage when `new` descends from `old`: `lineage` maps each
    competency of `new` to the competency of `old` it was copied from (None for one added since). When
    `lineage` is not given and `new` was copied straight from `old`, `copied_from` is that map; for
    unrelated versions competencies are matched by code. Domains are matched by title, then by number.
    Use `compare_versions` to load both versions efficiently; here each version's domains and their
    competencies are read with `.all()`, so prefetch them to avoid a query per domain.
    """
    old_domains, old_competencies = _content(old)
    new_domains, new_competencies = _content(new)
    if lineage is None and new.based_on_id == old.pk:
        lineage = {c.pk: c.copied_from_id for c in new_competencies}
    return VersionDiff(
        old=old,
        new=new,
        through_lineage=lineage is not None,
        domains=tuple(_match_domains(old_domains, new_domains)),
        competencies=tuple(_match_competencies(old_competencies, new_competencies, lineage)),
    )


def _ancestors(pk: int, based_on: Mapping[int, int | None]) -> list[int]:
    """The versions `pk` was copied from, nearest first (a loop in the data cannot hang us)."""
    chain: list[int] = []
    current = based_on.get(pk)
    while current is not None and current not in chain and current != pk:
        chain.append(current)
        current = based_on.get(current)
    return chain


def compare_versions(version: FrameworkVersion, other: FrameworkVersion) -> VersionDiff:
    """The diff between two versions of one framework, from the older to the newer.

    "Older" is the ancestor when one version was copied (perhaps through intermediate versions) from the
    other, else the one created first. Five queries whatever the versions hold.
    """
    based_on = dict(
        FrameworkVersion.objects.filter(framework_id=version.framework_id).values_list("pk", "based_on_id")
    )
    if other.pk in _ancestors(version.pk, based_on):
        old_pk, new_pk = other.pk, version.pk
    elif version.pk in _ancestors(other.pk, based_on):
        old_pk, new_pk = version.pk, other.pk
    else:
        first, second = sorted([version, other], key=lambda v: (v.created_at, v.pk))
        old_pk, new_pk = first.pk, second.pk
    loaded = {v.pk: v for v in _with_content(FrameworkVersion.objects.filter(pk__in=[old_pk, new_pk]))}
    old, new = loaded[old_pk], loaded[new_pk]

    lineage = None
    path = _ancestors(new_pk, based_on)
    if old_pk in path:
        # new -> ... -> old: follow copied_from through the versions in between.
        between = path[: path.index(old_pk)]
        copied_from = dict(
            Competency.objects.filter(domain__version__in=between).values_list("pk", "copied_from_id")
        )
        lineage = {}
        for competency in _content(new)[1]:
            origin = competency.copied_from_id
            for _ in between:
                origin = copied_from.get(origin)
            lineage[competency.pk] = origin
    return diff_versions(old, new, lineage=lineage)


def other_versions(user, version: FrameworkVersion) -> QuerySet:
    """The versions `version` can be compared with: the framework's others that `user` may see."""
    return (
        versions_visible_to(user)
        .filter(framework_id=version.framework_id)
        .exclude(pk=version.pk)
        .order_by("-created_at", "-pk")
    )
