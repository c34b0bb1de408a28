"""The one way other apps tag work with competencies (competencies.tagging), proved on a real model:
ImplementationSystem.competencies is a CompetenciesField."""

import pytest
from django import forms

from competencies import services
from competencies.models import Competency, ImplementationSystem
from competencies.tagging import CompetenciesField, CompetencyChoiceField, tagged_with
from tests.factories.competencies import ImplementationSystemFactory

pytestmark = pytest.mark.django_db


class SystemForm(forms.ModelForm):
    class Meta:
        model = ImplementationSystem
        fields = ["name", "competencies"]


def _competency(version, code):
    return Competency.objects.by_code(version, code)


def _groups(field):
    """[(group label, [option label, ...]), ...] as the select shows them."""
    return [(group, [label for _, label in options]) for group, options in field.choices]


def test_the_field_is_a_competencies_field():
    field = ImplementationSystem._meta.get_field("competencies")
    assert isinstance(field, CompetenciesField)
    assert field.blank
    assert isinstance(SystemForm().fields["competencies"], CompetencyChoiceField)


def test_choices_are_grouped_by_domain_and_labelled_with_codes(framework_v4):
    groups = _groups(SystemForm().fields["competencies"])
    assert [group for group, _ in groups] == [
        "Version 4 · 1. Lead with equity and authenticity",
        "Version 4 · 2. Inspire commitment to a common vision",
        "Version 4 · 3. Use data to make decisions",
        "Version 4 · 4. Build and sustain thriving teams",
    ]
    assert [len(options) for _, options in groups] == [3, 4, 4, 5]
    listen = groups[1][1][0]
    assert listen.startswith("2.1 Listen effectively to and learn from different perspectives")
    assert len(listen) <= len("2.1 ") + 80


def test_choices_leave_out_drafts(framework_v4):
    services.draft_next_version(framework_v4, "5")
    groups = _groups(SystemForm().fields["competencies"])
    assert len(groups) == 4
    assert all(group.startswith("Version 4 ·") for group, _ in groups)


def test_choices_keep_retired_versions_so_old_tags_stay_valid(framework_v4):
    services.publish(services.draft_next_version(framework_v4, "5"))
    groups = [group for group, _ in _groups(SystemForm().fields["competencies"])]
    assert groups[:4] == [g.replace("Version 4", "Version 5") for g in groups[4:]]
    assert len(groups) == 8


def test_the_form_saves_tags(framework_v4):
    codes = ["2.1", "4.5"]
    form = SystemForm(
        {"name": "Convenings", "competencies": [_competency(framework_v4, code).pk for code in codes]}
    )
    assert form.is_valid(), form.errors
    system = form.save()
    assert [c.code for c in system.competencies.with_code()] == codes


def test_the_form_refuses_a_draft_competency(framework_v4):
    draft = services.draft_next_version(framework_v4, "5")
    form = SystemForm({"name": "Convenings", "competencies": [_competency(draft, "2.1").pk]})
    assert not form.is_valid()
    assert "competencies" in form.errors


def test_tags_may_be_empty(framework_v4):
    form = SystemForm({"name": "Convenings"})
    assert form.is_valid(), form.errors


def test_tagged_with_finds_the_tagged_rows_once(framework_v4):
    data_cycles = ImplementationSystem.objects.get(name="Data cycles")
    untagged = ImplementationSystemFactory()
    systems = ImplementationSystem.objects.all()
    c31, c32, c12 = (_competency(framework_v4, code) for code in ("3.1", "3.2", "1.2"))
    assert list(tagged_with(systems, c31)) == [data_cycles]
    assert list(tagged_with(systems, c31, c32)) == [data_cycles]  # tagged with both: listed once
    assert [s.name for s in tagged_with(systems, c12)] == ["Family and community engagement"]
    assert untagged not in tagged_with(systems, c31, c32, c12)


def test_tags_stay_on_the_version_they_were_made_with(framework_v4):
    services.publish(services.draft_next_version(framework_v4, "5"))
    data_cycles = ImplementationSystem.objects.get(name="Data cycles")
    assert {c.domain.version_id for c in data_cycles.competencies.with_code()} == {framework_v4.pk}


def test_the_shipped_systems_carry_their_competencies(framework_v4):
    tags = {
        system.name: [c.code for c in system.competencies.with_code()]
        for system in ImplementationSystem.objects.all()
    }
    assert tags["Data cycles"] == ["3.1", "3.2", "3.4"]
    assert tags["Instructional leadership team"] == ["4.1", "4.2"]
    assert tags["Operations"] == ["4.3", "4.4"]


def test_reading_tags_costs_no_query_per_competency(framework_v4, django_assert_num_queries):
    data_cycles = ImplementationSystem.objects.get(name="Data cycles")
    with django_assert_num_queries(1):
        codes = [c.code for c in data_cycles.competencies.with_code()]
    assert codes == ["3.1", "3.2", "3.4"]
