"""Versions: a new one starts as a draft copy, publishing retires the old one, one active at a time, and
assessments keep pointing at the version they used."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from competencies import services
from competencies.models import Competency, Domain, FrameworkVersion, VersionStatus
from leaderdev.errors import DomainError
from tests.factories.competencies import (
    AssessmentFactory,
    FrameworkVersionFactory,
    RatingFactory,
    framework_with_content,
)

pytestmark = pytest.mark.django_db


def _content(version):
    return [(c.code, c.statement) for c in Competency.objects.of_version(version)]


# --- starting the next version -----------------------------------------------------------------------


def test_draft_copies_domains_and_competencies(framework_v4):
    draft = services.draft_next_version(framework_v4, "5")
    assert (draft.status, draft.based_on, draft.scale_id) == (
        VersionStatus.DRAFT,
        framework_v4,
        framework_v4.scale_id,
    )
    assert draft.description == framework_v4.description
    assert _content(draft) == _content(framework_v4)
    assert list(Domain.objects.filter(version=draft).values_list("number", "title", "description")) == list(
        Domain.objects.filter(version=framework_v4).values_list("number", "title", "description")
    )
    old = {c.code: c for c in Competency.objects.of_version(framework_v4)}
    for copy in Competency.objects.of_version(draft):
        assert copy.copied_from == old[copy.code]
        assert copy.pk != old[copy.code].pk
        assert copy.domain.version_id == draft.pk


def test_draft_leaves_the_source_untouched_and_active(framework_v4):
    before = _content(framework_v4)
    draft = services.draft_next_version(framework_v4, "5")
    Competency.objects.filter(domain__version=draft).update(statement="Changed in the draft")
    framework_v4.refresh_from_db()
    assert framework_v4.status == VersionStatus.ACTIVE
    assert _content(framework_v4) == before
    assert framework_v4.framework.active_version == framework_v4


def test_draft_refuses_a_label_the_framework_already_has(framework_v4):
    with pytest.raises(DomainError, match="already has a version “4”"):
        services.draft_next_version(framework_v4, " 4 ")
    services.draft_next_version(framework_v4, "5")
    with pytest.raises(DomainError, match="already has a version “5”"):
        services.draft_next_version(framework_v4, "5")
    assert framework_v4.framework.versions.count() == 2


def test_draft_needs_a_label(framework_v4):
    with pytest.raises(DomainError, match="label"):
        services.draft_next_version(framework_v4, "   ")


def test_the_same_label_is_fine_in_another_framework(framework_v4):
    other = framework_with_content(label="5")
    assert services.draft_next_version(framework_v4, "5").label == other.label


# --- publishing --------------------------------------------------------------------------------------


def test_publish_activates_the_draft_and_retires_the_old_version(framework_v4):
    draft = services.draft_next_version(framework_v4, "5")
    published = services.publish(draft, on=datetime.date(2027, 7, 1))
    draft.refresh_from_db()
    framework_v4.refresh_from_db()
    assert published == draft
    assert (draft.status, draft.published_on) == (VersionStatus.ACTIVE, datetime.date(2027, 7, 1))
    assert (framework_v4.status, framework_v4.retired_on) == (
        VersionStatus.RETIRED,
        datetime.date(2027, 7, 1),
    )
    assert framework_v4.framework.active_version == draft


def test_publish_refuses_a_version_that_is_not_a_draft(framework_v4):
    with pytest.raises(DomainError, match="Only a draft can be published"):
        services.publish(framework_v4)
    draft = services.draft_next_version(framework_v4, "5")
    services.publish(draft)
    with pytest.raises(DomainError, match="retired"):
        services.publish(framework_v4)
    framework_v4.refresh_from_db()
    assert framework_v4.status == VersionStatus.RETIRED


def test_publish_refuses_an_empty_draft(framework_v4):
    empty = FrameworkVersionFactory(
        framework=framework_v4.framework, label="empty", status=VersionStatus.DRAFT, scale=framework_v4.scale
    )
    with pytest.raises(DomainError, match="no competencies yet"):
        services.publish(empty)
    empty.refresh_from_db()
    framework_v4.refresh_from_db()
    assert (empty.status, framework_v4.status) == (VersionStatus.DRAFT, VersionStatus.ACTIVE)


def test_the_database_allows_one_active_version_per_framework(framework_v4):
    with pytest.raises(IntegrityError), transaction.atomic():
        FrameworkVersion.objects.create(
            framework=framework_v4.framework,
            label="rogue",
            status=VersionStatus.ACTIVE,
            scale=framework_v4.scale,
        )
    assert framework_v4.framework.versions.filter(status=VersionStatus.ACTIVE).count() == 1


def test_a_draft_cannot_be_made_active_beside_the_active_one(framework_v4):
    draft = services.draft_next_version(framework_v4, "5")
    with pytest.raises(IntegrityError), transaction.atomic():
        FrameworkVersion.objects.filter(pk=draft.pk).update(status=VersionStatus.ACTIVE)


def test_other_frameworks_have_their_own_active_version(framework_v4):
    other = framework_with_content()
    assert other.status == framework_v4.status == VersionStatus.ACTIVE


# --- assessments keep their version ------------------------------------------------------------------


def test_assessments_keep_pointing_at_the_version_they_used(framework_v4):
    assessment = AssessmentFactory(version=framework_v4)
    old_competencies = list(Competency.objects.of_version(framework_v4)[:3])
    ratings = [RatingFactory(assessment=assessment, competency=c, level=3) for c in old_competencies]
    draft = services.draft_next_version(framework_v4, "5")
    Competency.objects.filter(domain__version=draft).update(statement="Reworded for version 5")
    services.publish(draft)

    assessment.refresh_from_db()
    assert assessment.version == framework_v4
    for rating, competency in zip(ratings, old_competencies, strict=True):
        rating.refresh_from_db()
        assert rating.competency == competency
        assert rating.competency.domain.version == framework_v4
        assert rating.competency.statement != "Reworded for version 5"
    assert assessment.ratings.count() == 3


def test_a_used_version_cannot_be_deleted(framework_v4):
    from django.db.models import ProtectedError

    AssessmentFactory(version=framework_v4)
    with pytest.raises(ProtectedError):
        framework_v4.delete()


# --- published content is read-only ------------------------------------------------------------------


def test_clean_refuses_editing_a_domain_of_the_active_version(framework_v4):
    domain = Domain.objects.filter(version=framework_v4).first()
    domain.title = "Edited in place"
    with pytest.raises(ValidationError, match="read-only"):
        domain.full_clean()


def test_clean_refuses_editing_a_competency_of_the_active_version(framework_v4):
    competency = Competency.objects.of_version(framework_v4).first()
    competency.statement = "Edited in place"
    with pytest.raises(ValidationError, match="read-only"):
        competency.full_clean()


def test_clean_refuses_editing_a_retired_version(framework_v4):
    services.publish(services.draft_next_version(framework_v4, "5"))
    competency = Competency.objects.of_version(framework_v4).first()
    with pytest.raises(ValidationError, match="read-only"):
        competency.full_clean()


def test_clean_allows_editing_a_draft(framework_v4):
    draft = services.draft_next_version(framework_v4, "5")
    competency = Competency.objects.of_version(draft).first()
    competency.statement = "Edited in the draft"
    competency.full_clean()
    domain = Domain.objects.filter(version=draft).first()
    domain.title = "Edited in the draft"
    domain.full_clean()
