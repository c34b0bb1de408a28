"""The data migration 0002_dese_licenses: the two DESE administrator licenses with their checklists, as
rows staff maintain; its reverse removes only what it added and no one has used."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from licensure.models import LicenseType, Requirement, RequirementKind
from tests.factories.licensure import LicensePursuitFactory, RequirementFactory, RequirementProgressFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("licensure.migrations.0002_dese_licenses")

PRINCIPAL = "dese-principal-ap"
SUPERVISOR = "dese-supervisor-director"


def checklist(code):
    return list(Requirement.objects.filter(license_type__code=code).order_by("order"))


def test_both_licenses_are_installed_with_their_exact_names():
    names = dict(LicenseType.objects.filter(code__in=[PRINCIPAL, SUPERVISOR]).values_list("code", "name"))
    assert names == {
        PRINCIPAL: "Principal/Assistant Principal (Initial)",
        SUPERVISOR: "Supervisor/Director (Initial)",
    }
    assert set(LicenseType.objects.filter(code__in=names).values_list("authority", "is_active")) == {
        ("DESE", True)
    }


def test_the_principal_checklist_has_every_kind_of_requirement_in_order():
    items = checklist(PRINCIPAL)
    kinds = [item.kind for item in items]
    assert kinds == [
        RequirementKind.OTHER,
        RequirementKind.OTHER,
        RequirementKind.TEST,
        RequirementKind.COURSEWORK,
        RequirementKind.PRACTICUM,
        *[RequirementKind.PERFORMANCE_TASK] * 4,
        RequirementKind.ENDORSEMENT,
    ]
    titles = [item.title for item in items]
    assert "Bachelor's degree" in titles[0]
    assert "Communication & Literacy Skills MTEL" in titles
    assert "SEI Administrator Endorsement" in titles
    assert all(f"Task {n}" in titles[4 + n] for n in range(1, 5))


def test_the_principal_practicum_is_500_hours():
    practicum = Requirement.objects.get(license_type__code=PRINCIPAL, kind=RequirementKind.PRACTICUM)
    assert (practicum.target_amount, practicum.unit) == (Decimal("500"), "hours")


def test_the_supervisor_checklist_has_a_300_hour_practicum_and_no_pal():
    items = checklist(SUPERVISOR)
    practicum = next(item for item in items if item.kind == RequirementKind.PRACTICUM)
    assert (practicum.target_amount, practicum.unit) == (Decimal("300"), "hours")
    assert not [item for item in items if item.kind == RequirementKind.PERFORMANCE_TASK]
    assert {RequirementKind.TEST, RequirementKind.COURSEWORK, RequirementKind.ENDORSEMENT} <= {
        i.kind for i in items
    }


def test_every_requirement_says_what_evidence_counts():
    for item in Requirement.objects.filter(license_type__code__in=[PRINCIPAL, SUPERVISOR]):
        assert "Evidence:" in item.description, item.title
        assert item.evidence_required
        assert (item.target_amount is None) == (item.kind != RequirementKind.PRACTICUM)


def test_loading_again_never_overwrites_the_teams_edits():
    practicum = Requirement.objects.get(license_type__code=PRINCIPAL, kind=RequirementKind.PRACTICUM)
    practicum.description = "Edited by the team."
    practicum.save()
    migration.load(apps, None)
    practicum.refresh_from_db()
    assert practicum.description == "Edited by the team."
    assert len(checklist(PRINCIPAL)) == 10


def test_the_reverse_removes_only_what_it_added():
    supervisor = LicenseType.objects.get(code=SUPERVISOR)
    RequirementFactory(license_type=supervisor, title="District onboarding module")
    migration.unload(apps, None)
    assert not LicenseType.objects.filter(code=PRINCIPAL).exists()
    assert [item.title for item in checklist(SUPERVISOR)] == ["District onboarding module"]
    assert LicenseType.objects.filter(code=SUPERVISOR).exists()  # it still holds the team's item


def test_the_reverse_keeps_licenses_and_requirements_in_use():
    principal = LicenseType.objects.get(code=PRINCIPAL)
    clst = Requirement.objects.get(license_type=principal, kind=RequirementKind.TEST)
    pursuit = LicensePursuitFactory(license_type=principal)
    RequirementProgressFactory(pursuit=pursuit, requirement=clst)
    migration.unload(apps, None)
    assert [item.title for item in checklist(PRINCIPAL)] == [clst.title]
    assert LicenseType.objects.filter(code=PRINCIPAL).exists()
