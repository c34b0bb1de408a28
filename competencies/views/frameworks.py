"""The framework pages: every framework and its versions, one version's content, and what changed
between two versions. Every signed-in role reads them; drafts are for program staff only."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from leaderdev.permissions import Role, role_required

from ..models import FrameworkVersion
from ..queries import frameworks as queries

EVERY_ROLE = tuple(Role)


@require_GET
@role_required(*EVERY_ROLE)
def framework_list(request):
    return render(
        request,
        "competencies/framework_list.html",
        {
            "frameworks": queries.frameworks_for(request.user),
            "can_see_drafts": queries.can_see_drafts(request.user),
        },
    )


@require_GET
@role_required(*EVERY_ROLE)
def version_detail(request, pk):
    version = queries.version_with_content(request.user, pk)
    return render(
        request,
        "competencies/version_detail.html",
        {
            "version": version,
            "framing": queries.framing(version.description),
            "based_on": queries.visible_origin(request.user, version),
            "can_open_admin": request.user.is_staff
            and request.user.has_perm("competencies.view_frameworkversion"),
        },
    )


class CompareForm(forms.Form):
    """Which other version of the same framework to compare a version with (?against=<pk>)."""

    def __init__(self, *args, version: FrameworkVersion, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.user = user
        self.choices = list(queries.other_versions(user, version))
        # A select the form checks itself (clean_against), so that each bad value gets its own message.
        self.fields["against"] = forms.CharField(
            label="Compare with",
            required=False,
            widget=forms.Select(
                choices=[("", "Choose a version")]
                + [(v.pk, f"Version {v.label} ({v.get_status_display().lower()})") for v in self.choices]
            ),
        )

    def clean_against(self):
        raw = self.cleaned_data["against"]
        if not raw:
            raise ValidationError("Choose a version to compare with.")
        try:
            pk = int(raw)
        except (TypeError, ValueError):
            raise ValidationError(
                "“%(value)s” is not a version: choose one from the list.", params={"value": raw[:40]}
            ) from None
        if not 0 < pk < 2**63:
            raise ValidationError("There is no version %(pk)s to compare with.", params={"pk": pk})
        if pk == self.version.pk:
            raise ValidationError("That is the version you are looking at: choose another one to compare.")
        other = next((v for v in self.choices if v.pk == pk), None)
        if other is None:
            elsewhere = (
                queries.versions_visible_to(self.user).select_related("framework").filter(pk=pk).first()
            )
            if elsewhere is not None:
                raise ValidationError(
                    "%(other)s belongs to another framework: choose a version of %(framework)s.",
                    params={"other": elsewhere, "framework": self.version.framework},
                )
            raise ValidationError("There is no version %(pk)s to compare with.", params={"pk": pk})
        return other


@require_GET
@role_required(*EVERY_ROLE)
def version_diff(request, pk):
    version = get_object_or_404(queries.versions_visible_to(request.user).select_related("framework"), pk=pk)
    form = CompareForm(request.GET if "against" in request.GET else None, version=version, user=request.user)
    diff = queries.compare_versions(version, form.cleaned_data["against"]) if form.is_valid() else None
    return render(
        request,
        "competencies/version_diff.html",
        {"version": version, "form": form, "diff": diff},
        status=400 if form.errors else 200,
    )
