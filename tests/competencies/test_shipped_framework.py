"""A fresh install has the district's framework, word for word as the district's text gives it.

The expected content is parsed here from the district's own text, independently of
competencies/data/*.json, so a mistake in the shipped data cannot hide. The text is kept verbatim in
tests/competencies/data/ (a clone need not sit beside shared/); where the office's original
(shared/seeds/003_*.txt) is beside the project, as in CI, a test checks the copy is still identical.
"""

import re
from pathlib import Path

import pytest

from competencies.models import Competency, Domain, ImplementationSystem, VersionStatus

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SEED = Path(__file__).resolve().parent / "data" / "bps_leader_competencies_v4_seed.txt"
ORIGINALS = sorted((ROOT.parent / "shared" / "seeds").glob("003_*.txt"))

DOMAIN_LINE = re.compile(r"^(\d+)\. ([^:]+): (.+)$")
COMPETENCY_LINE = re.compile(r"^\s*- (\d+)\.(\d+)\. (.+)$")
FRAMING_LINE = re.compile(r"^\s*- \*\*\*(.+?)\*\*\* (.+)$")


def _seed():
    """{number: (title, description)}, {code: statement}, [(question, answer)] from the district's text."""
    domains, competencies, framing = {}, {}, []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if match := FRAMING_LINE.match(line):
            framing.append((match[1].strip(), match[2].strip()))
        elif match := COMPETENCY_LINE.match(line):
            competencies[f"{match[1]}.{match[2]}"] = match[3].strip()
        elif match := DOMAIN_LINE.match(line):
            domains[int(match[1])] = (match[2].strip(), match[3].strip())
    return domains, competencies, framing


SEED_DOMAINS, SEED_COMPETENCIES, SEED_FRAMING = _seed()


def test_the_kept_copy_matches_the_offices_original():
    if not ORIGINALS:
        pytest.skip("shared/seeds is not beside this clone; the kept copy is used as it is")
    assert SEED.read_bytes() == ORIGINALS[0].read_bytes()


def test_the_seed_is_read_completely():
    # Guards the parser: the district's text has 4 domains, 16 competencies and 6 framing questions.
    assert len(SEED_DOMAINS) == 4
    assert len(SEED_COMPETENCIES) == 16
    assert len(SEED_FRAMING) == 6
    assert SEED_COMPETENCIES["4.5"].endswith("professional development")  # last line, no newline


def test_version_4_is_the_active_version(framework_v4):
    assert framework_v4.status == VersionStatus.ACTIVE
    assert framework_v4.framework.active_version == framework_v4
    assert framework_v4.framework.versions.count() == 1


def test_it_has_exactly_the_four_domains_and_sixteen_competencies(framework_v4):
    codes = [c.code for c in Competency.objects.of_version(framework_v4)]
    assert codes == [
        "1.1", "1.2", "1.3",
        "2.1", "2.2", "2.3", "2.4",
        "3.1", "3.2", "3.3", "3.4",
        "4.1", "4.2", "4.3", "4.4", "4.5",
    ]  # fmt: skip
    assert list(Domain.objects.filter(version=framework_v4).values_list("number", flat=True)) == [1, 2, 3, 4]


def test_domains_are_worded_as_the_district_wrote_them(framework_v4):
    shipped = {d.number: (d.title, d.description) for d in Domain.objects.filter(version=framework_v4)}
    assert shipped == SEED_DOMAINS


def test_competencies_are_worded_as_the_district_wrote_them(framework_v4):
    shipped = {c.code: c.statement for c in Competency.objects.of_version(framework_v4)}
    assert shipped == SEED_COMPETENCIES
    assert shipped["2.3"].startswith("Cultivates and maintain a culture")  # the district's wording, kept


def test_the_framing_is_the_versions_description(framework_v4):
    assert "Why did we build these competencies?" in framework_v4.description
    for question, answer in SEED_FRAMING:
        assert question in framework_v4.description
        assert answer in framework_v4.description


def test_the_rubric_systems_carry_their_competencies(framework_v4):
    data_cycles = ImplementationSystem.objects.get(name="Data cycles")
    assert [c.code for c in data_cycles.competencies.with_code()] == ["3.1", "3.2", "3.4"]
    assert all(c.domain.version_id == framework_v4.pk for c in data_cycles.competencies.all())
