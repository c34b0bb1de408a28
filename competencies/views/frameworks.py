"""The framework pages: every framework and its versions, one version's content, and what changed
between two versions. Every signed-in role reads them; drafts are for program staff only."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from leaderdev.permissions import Role, role_required

from ..forms import CompareForm
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
