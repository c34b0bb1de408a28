"""LongSelect writes the same <select> as Django's Select, only faster."""

import pytest
from django import forms
from django.test.html import parse_html

from leaderdev.widgets import LongSelect

CHOICES = [
    ("", "Any school"),
    (1, "Hale Elementary"),
    (2, '<script>alert("x")</script> & Sons'),
    ("Middle", [(3, "Irving Middle"), (4, "O'Bryant")]),
]


@pytest.mark.parametrize("value", [None, "", 2, "4"])
@pytest.mark.parametrize("attrs", [None, {"class": "form-select", "required": True, "id": "id_school"}])
def test_it_renders_what_select_renders(value, attrs):
    ours = LongSelect(choices=CHOICES).render("school", value, attrs)
    django = forms.Select(choices=CHOICES).render("school", value, attrs)
    assert parse_html(ours) == parse_html(django)


def test_it_escapes_labels_and_marks_the_choice():
    html = LongSelect(choices=CHOICES).render("school", "2", {"class": 'a"b'})
    assert "<script>" not in html
    assert '<option value="2" selected>&lt;script&gt;' in html
    assert 'class="a&quot;b"' in html
    assert html.count(" selected") == 1


@pytest.mark.django_db
def test_the_roster_and_board_school_filters_use_it(school_year):
    from licensure.filters import BoardFilter
    from programs.filters import CandidateFilter, RosterFilter
    from tests.factories.programs import OfferingFactory

    offering = OfferingFactory(school_year=school_year)
    for filterset in (RosterFilter(offering=offering), CandidateFilter(offering=offering), BoardFilter()):
        assert isinstance(filterset.form.fields["school"].widget, LongSelect), type(filterset).__name__
