"""The staff list's filters."""

import django_filters
from django import forms

from . import kinds as registry
from .models import Notification, NotificationStatus


class NotificationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=NotificationStatus.choices, empty_label="Any status")
    kind = django_filters.ChoiceFilter(choices=registry.choices, label="Kind", empty_label="Any kind")
    recipient = django_filters.CharFilter(
        field_name="recipient__email", lookup_expr="icontains", label="E-mail contains"
    )
    due_from = django_filters.DateFilter(
        field_name="due", lookup_expr="gte", label="Due from", widget=forms.DateInput(attrs={"type": "date"})
    )
    due_until = django_filters.DateFilter(
        field_name="due", lookup_expr="lte", label="Due until", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Notification
        fields = ["status", "kind", "recipient", "due_from", "due_until"]
