"""The one way other apps tag their work with competencies.

A session builds 2.1 and 4.5; an interview scores 1.1; a mentee wants to grow in 3.2. Each such model
declares what it is about with one field::

    from competencies.tagging import CompetenciesField

    class Session(TimeStampedModel):
        competencies = CompetenciesField(help_text="What this session builds.")

It is a plain many-to-many to ``Competency`` (real foreign keys, a join table, prefetchable), blank by
default, with no reverse accessor on Competency (each app reads its own side). Its form field lists the
competencies of active and retired versions, grouped by version and domain, labelled "2.1 Listen
effectively ..."; draft competencies cannot be used until their version is published. Tags keep pointing
at the version they were made with, like assessments do.

To read: ``tagged_with(Session.objects.all(), competency)`` and ``obj.competencies.with_code()``.
"""

from itertools import groupby

from django import forms
from django.db import models
from django.db.models import Q


def taggable_competencies():
    from .models import Competency, VersionStatus

    return Competency.objects.filter(~Q(domain__version__status=VersionStatus.DRAFT))


class GroupedCompetencyIterator(forms.models.ModelChoiceIterator):
    """Yield the choices as optgroups: one per version and domain."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        queryset = self.queryset.select_related("domain__version__framework").order_by(
            "domain__version__framework__name", "-domain__version__created_at", "domain__number", "number"
        )
        for domain, competencies in groupby(queryset, key=lambda c: c.domain):
            group = f"Version {domain.version.label} · {domain}"
            yield (group, [self.choice(competency) for competency in competencies])


class CompetencyChoiceField(forms.ModelMultipleChoiceField):
    iterator = GroupedCompetencyIterator

    def label_from_instance(self, obj):
        return f"{obj.code} {obj.short_statement}"


class CompetenciesField(models.ManyToManyField):
    """A many-to-many to Competency with the project's defaults (see the module docstring)."""

    def __init__(self, to="competencies.Competency", **kwargs):
        kwargs.setdefault("blank", True)
        kwargs.setdefault("related_name", "+")
        super().__init__(to, **kwargs)

    def formfield(self, **kwargs):
        defaults = {"form_class": CompetencyChoiceField, "queryset": taggable_competencies()}
        defaults.update(kwargs)
        return super().formfield(**defaults)


def tagged_with(queryset: models.QuerySet, *competencies, field: str = "competencies") -> models.QuerySet:
    """The rows of `queryset` tagged with any of `competencies` (through the CompetenciesField `field`)."""
    return queryset.filter(**{f"{field}__in": competencies}).distinct()
