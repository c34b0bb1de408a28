"""What changed between two versions: the pure diff, and the page that shows it."""

import pytest
from django.urls import reverse

from competencies import services
from competencies.models import Competency, Domain, VersionStatus
from competencies.queries.frameworks import Segment, compare_versions, diff_versions, word_diff
from leaderdev.permissions import Role
from tests.factories import UserFactory
from tests.factories.competencies import CompetencyFactory, DomainFactory, framework_with_content

pytestmark = pytest.mark.django_db


def _draft_with_changes(source, label="next"):
    """A draft of `source` with 1.1 reworded, 1.2 removed, 2.3 added and domain 2 retitled."""
    draft = services.draft_next_version(source, label)
    Competency.objects.filter(domain__version=draft, domain__number=1, number=1).update(
        statement="Statement 1.1 reworded with care"
    )
    Competency.objects.filter(domain__version=draft, domain__number=1, number=2).delete()
    domain_2 = Domain.objects.get(version=draft, number=2)
    CompetencyFactory(
        domain=domain_2, number=domain_2.competencies.count() + 1, statement="A brand new competency"
    )
    Domain.objects.filter(pk=domain_2.pk).update(title="Domain two, retitled")
    return draft


# --- word_diff ---------------------------------------------------------------------------------------


def test_word_diff_marks_inserted_and_deleted_words():
    segments = word_diff("Listen effectively to others", "Listen carefully to others")
    assert segments == (
        Segment("equal", "Listen "),
        Segment("delete", "effectively"),
        Segment("insert", "carefully", replaces=True),
        Segment("equal", " to others"),
    )


def test_word_diff_folds_a_lone_space_into_one_change():
    segments = word_diff("the quick brown fox", "a slow brown fox")
    assert [s.kind for s in segments] == ["delete", "insert", "equal"]
    assert segments[0].text == "the quick" and segments[1].text == "a slow"


def test_word_diff_of_equal_texts_is_one_equal_segment():
    assert word_diff("Same words.", "Same words.") == (Segment("equal", "Same words."),)


def test_word_diff_rebuilds_both_texts():
    old, new = "Build (formative) assessment literacy, now", "Build summative assessment literacy — soon"
    segments = word_diff(old, new)
    assert "".join(s.text for s in segments if s.kind != "insert") == old
    assert "".join(s.text for s in segments if s.kind != "delete") == new


# --- diff_versions (pure) ----------------------------------------------------------------------------


def test_diff_of_a_copy_finds_each_kind_of_change():
    v1 = framework_with_content(domains=2, per_domain=3)
    v2 = _draft_with_changes(v1)
    diff = diff_versions(v1, v2)
    assert diff.through_lineage
    assert (diff.competencies_added, diff.competencies_removed, diff.competencies_reworded) == (1, 1, 1)
    assert diff.competencies_renumbered == 0
    assert (diff.domains_added, diff.domains_removed, diff.domains_retitled, diff.domains_redescribed) == (
        0,
        0,
        1,
        0,
    )
    reworded = next(c for c in diff.competencies if c.reworded)
    assert reworded.old.code == reworded.new.code == "1.1"
    assert Segment("insert", " reworded with care") in reworded.statement_diff
    assert next(c for c in diff.competencies if c.removed).old.code == "1.2"
    assert next(c for c in diff.competencies if c.added).new.statement == "A brand new competency"
    assert len(diff.unchanged_competencies) == 4


def test_diff_follows_a_renumbered_competency_through_its_lineage():
    v1 = framework_with_content(domains=1, per_domain=3)
    v2 = services.draft_next_version(v1, "second")
    # 1.1 is dropped and the others move up: by code this would look like three rewordings.
    Competency.objects.filter(domain__version=v2, number=1).delete()
    for number in (2, 3):
        Competency.objects.filter(domain__version=v2, number=number).update(number=number - 1)
    diff = diff_versions(v1, v2)
    assert (diff.competencies_removed, diff.competencies_renumbered, diff.competencies_reworded) == (1, 2, 0)
    moved = [(c.old.code, c.new.code) for c in diff.competencies if c.renumbered]
    assert moved == [("1.2", "1.1"), ("1.3", "1.2")]


def test_diff_of_unrelated_versions_matches_by_code():
    a = framework_with_content(domains=1, per_domain=2)
    b = framework_with_content(domains=1, per_domain=3, framework=a.framework, status=VersionStatus.DRAFT)
    Competency.objects.filter(domain__version=b, number=1).update(statement="Different words")
    diff = diff_versions(a, b)
    assert not diff.through_lineage
    assert (diff.competencies_added, diff.competencies_reworded, diff.competencies_renumbered) == (1, 1, 0)


def test_diff_sees_domains_added_removed_and_redescribed():
    v1 = framework_with_content(domains=3, per_domain=1)
    v2 = services.draft_next_version(v1, "second")
    Domain.objects.filter(version=v2, number=3).delete()
    Domain.objects.filter(version=v2, number=1).update(description="Now with a description")
    DomainFactory(version=v2, number=4, title="A new domain")
    diff = diff_versions(v1, v2)
    assert (diff.domains_added, diff.domains_removed, diff.domains_redescribed, diff.domains_retitled) == (
        1,
        1,
        1,
        0,
    )
    assert [c.domain.title for c in diff.changed_domains] == ["Domain 1", "Domain 3", "A new domain"]


def test_identical_copy_has_no_changes():
    v1 = framework_with_content()
    diff = diff_versions(v1, services.draft_next_version(v1, "copy"))
    assert not diff.has_changes
    assert len(diff.unchanged_competencies) == 6


# --- compare_versions (loads, orders, follows lineage across versions) -------------------------------


def test_compare_puts_the_ancestor_first_whichever_way_it_is_asked():
    v1 = framework_with_content(domains=2, per_domain=2)
    v2 = _draft_with_changes(v1)
    for a, b in ((v1, v2), (v2, v1)):
        diff = compare_versions(a, b)
        assert (diff.old.pk, diff.new.pk) == (v1.pk, v2.pk)


def test_compare_follows_lineage_through_an_intermediate_version():
    v1 = framework_with_content(domains=1, per_domain=3)
    v2 = services.draft_next_version(v1, "second")
    services.publish(v2)
    v3 = services.draft_next_version(v2, "third")
    Competency.objects.filter(domain__version=v3, number=1).delete()
    Competency.objects.filter(domain__version=v3, number=2).update(number=1)
    diff = compare_versions(v3, v1)
    assert diff.through_lineage
    assert (diff.old.pk, diff.new.pk) == (v1.pk, v3.pk)
    assert [(c.old.code, c.new.code) for c in diff.competencies if c.renumbered] == [("1.2", "1.1")]
    assert diff.competencies_removed == 1


def test_compare_costs_the_same_queries_for_big_versions(django_assert_max_num_queries):
    small = framework_with_content(domains=2, per_domain=2)
    big = framework_with_content(domains=6, per_domain=10)
    small_next, big_next = _draft_with_changes(small), _draft_with_changes(big)
    with django_assert_max_num_queries(5):
        compare_versions(small_next, small)
    with django_assert_max_num_queries(5):
        compare_versions(big_next, big)


# --- the page ----------------------------------------------------------------------------------------


def _url(version, against=None):
    url = reverse("competencies:version_diff", args=[version.pk])
    return url if against is None else f"{url}?against={against}"


def test_page_shows_the_summary_and_highlighted_words(client, program_staff):
    v1 = framework_with_content(domains=2, per_domain=3)
    v2 = _draft_with_changes(v1)
    client.force_login(program_staff)
    response = client.get(_url(v2, v1.pk))
    assert response.status_code == 200
    diff = response.context["diff"]
    assert (diff.old, diff.new) == (v1, v2)
    html = response.content.decode()
    assert '<ins class="bg-success-subtle text-success-emphasis">' in html
    assert " reworded with care" in html
    assert "Domain two, retitled" in html or "two, retitled" in html
    assert "A brand new competency" in html


def test_page_escapes_statements(client, program_staff):
    v1 = framework_with_content(domains=1, per_domain=1)
    v2 = services.draft_next_version(v1, "second")
    Competency.objects.filter(domain__version=v2).update(statement="Statement <script>alert(1)</script>")
    client.force_login(program_staff)
    html = client.get(_url(v2, v1.pk)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_page_without_against_asks_for_a_version(client, leader, framework_v4):
    client.force_login(leader)
    response = client.get(_url(framework_v4))
    assert response.status_code == 200
    assert response.context["diff"] is None
    assert b"there is nothing to compare it with yet" in response.content


@pytest.mark.parametrize(
    ("against", "message"),
    [
        ("", "Choose a version to compare with."),
        ("abc", "is not a version: choose one from the list."),
        ("999999", "There is no version 999999 to compare with."),
        ("99999999999999999999999", "There is no version"),
        ("-3", "There is no version"),
    ],
)
def test_page_explains_bad_values(client, program_staff, framework_v4, against, message):
    client.force_login(program_staff)
    response = client.get(_url(framework_v4, against))
    assert response.status_code == 400
    assert response.context["diff"] is None
    assert message in response.content.decode()


def test_page_refuses_the_same_version(client, program_staff, framework_v4):
    client.force_login(program_staff)
    response = client.get(_url(framework_v4, framework_v4.pk))
    assert response.status_code == 400
    assert "That is the version you are looking at" in response.content.decode()


def test_page_refuses_another_frameworks_version(client, program_staff, framework_v4):
    other = framework_with_content(domains=1, per_domain=1)
    client.force_login(program_staff)
    response = client.get(_url(framework_v4, other.pk))
    assert response.status_code == 400
    assert "belongs to another framework" in response.content.decode()


def test_leader_cannot_compare_with_a_draft(client, leader, framework_v4):
    draft = services.draft_next_version(framework_v4, "5")
    client.force_login(leader)
    assert client.get(_url(draft, framework_v4.pk)).status_code == 404
    response = client.get(_url(framework_v4, draft.pk))
    assert response.status_code == 400
    assert f"There is no version {draft.pk} to compare with." in response.content.decode()
    assert b"Version 5" not in response.content


def test_leader_compares_published_versions(client, leader, framework_v4):
    v5 = _draft_with_changes(framework_v4, "5")
    services.publish(v5)
    client.force_login(leader)
    response = client.get(_url(v5, framework_v4.pk))
    assert response.status_code == 200
    assert response.context["diff"].competencies_reworded == 1


def test_page_requires_a_role(client, db, framework_v4):
    client.force_login(UserFactory())
    assert client.get(_url(framework_v4)).status_code == 403


def test_page_sends_anonymous_to_login(client, framework_v4):
    response = client.get(_url(framework_v4))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_page_rejects_post(client, program_staff, framework_v4):
    client.force_login(program_staff)
    assert client.post(_url(framework_v4)).status_code == 405


def test_unknown_version_is_404(client, program_staff):
    client.force_login(program_staff)
    assert client.get(reverse("competencies:version_diff", args=[987654])).status_code == 404


@pytest.mark.parametrize("role", [Role.PROGRAM_STAFF, Role.COACH])
def test_page_query_count_does_not_grow(client, make_user, django_assert_max_num_queries, role):
    client.force_login(make_user(role))
    small = framework_with_content(domains=2, per_domain=2)
    small_next = _draft_with_changes(small)
    services.publish(small_next)
    with django_assert_max_num_queries(10):
        assert client.get(_url(small_next, small.pk)).status_code == 200
    big = framework_with_content(domains=8, per_domain=12)
    big_next = _draft_with_changes(big)
    services.publish(big_next)
    with django_assert_max_num_queries(10):
        assert client.get(_url(big_next, big.pk)).status_code == 200
