"""The public "Meet our fellows" pages (no login) and the fellow's own settings of what they show there.

The public views are marked ``@public`` and read only ``queries.public``, which hands the templates plain
``PublicFellow`` values holding what each fellow chose to publish, so nothing private can reach them. A
fellow's photo is a private upload: the public photo view serves it only while the fellow shows it on a
published page; the fellow (and staff) see it through the profile's own photo view for the preview.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from leaderdev.permissions import PORTAL_ROLES, Role, public, role_required
from leaderdev.uploads import serve

from .. import rules
from ..forms_profile import PublicProfileForm
from ..queries import public as queries
from ..services.profile import update_public_profile

PROFILE_ROLES = (Role.PROGRAM_STAFF, *PORTAL_ROLES)


# --- Public, no login ---------------------------------------------------------------------------------


@public
@require_GET
def public_cohort_list(request):
    """Every cohort whose "Meet our fellows" page is published."""
    return render(request, "fellowships/public/cohort_list.html", {"cohorts": queries.public_cohorts()})


@public
@require_GET
def public_cohort(request, slug):
    """One cohort's page: its introduction and a card per fellow who opted in, with what they chose."""
    cohort = get_object_or_404(queries.public_cohorts(), slug=slug)
    return render(
        request,
        "fellowships/public/cohort.html",
        {"cohort": cohort, "cards": queries.public_fellows(cohort)},
    )


@public
@require_GET
def public_photo(request, pk):
    """A fellow's photo, only while they show it on a published page; otherwise 404."""
    fellow = queries.public_photo_fellow(pk)
    if fellow is None:
        raise Http404("No public photo.")
    return serve(fellow.photo, filename="fellow.jpg", inline=True)


# --- The fellow's own settings ------------------------------------------------------------------------


def _photo_url(fellow) -> str:
    return reverse("fellowships:profile_photo", args=[fellow.pk])


def _edit_profile(request, fellow, *, own: bool):
    if not rules.may_edit_profile(request.user, fellow):
        raise PermissionDenied("Only the fellow chooses what the public sees of them.")
    form = PublicProfileForm(request.POST or None, request.FILES or None, fellow=fellow)
    if request.method == "POST" and form.is_valid():
        try:
            update_public_profile(fellow, **form.profile_fields())
        except ValidationError as error:
            form.add_error("photo", error)
        else:
            if fellow.is_public and fellow.cohort.is_public:
                messages.success(request, "Saved. The public page now shows what the preview shows.")
            elif fellow.is_public:
                messages.success(
                    request, "Saved. You will appear as the preview shows once the page is published."
                )
            else:
                messages.success(request, "Saved. You do not appear on the public page.")
            return redirect(request.path)
    return render(
        request,
        "fellowships/public/profile_form.html",
        {
            "form": form,
            "fellow": fellow,
            "own": own,
            "card": queries.preview_card(fellow, photo_url=_photo_url(fellow)),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*PROFILE_ROLES)
def my_profile(request):
    """The signed-in fellow's public profile: opt in, choose what shows, a short bio and a photo."""
    fellow = queries.own_fellow(request.user)
    if fellow is None:
        return render(request, "fellowships/public/not_a_fellow.html")
    return _edit_profile(request, fellow, own=True)


@require_http_methods(["GET", "POST"])
@role_required(*PROFILE_ROLES)
def fellow_profile(request, pk):
    """A fellow's public profile, for program staff helping a fellow (the fellow may use it too)."""
    fellow = queries.fellow_for(request.user, pk)
    return _edit_profile(request, fellow, own=fellow.person.user_id == request.user.pk)


@require_GET
@role_required(*PROFILE_ROLES)
def profile_photo(request, pk):
    """The fellow's own photo, for their preview before it is public (the fellow and staff only)."""
    fellow = queries.fellow_for(request.user, pk)
    if not rules.may_edit_profile(request.user, fellow):
        raise PermissionDenied("Only the fellow and program staff see a photo that is not public.")
    return serve(fellow.photo, filename="fellow.jpg", inline=True)


urlpatterns = [
    path("fellows/", public_cohort_list, name="public_cohort_list"),
    path("fellows/photo/<int:pk>/", public_photo, name="public_photo"),
    path("fellows/<slug:slug>/", public_cohort, name="public_cohort"),
    path("my-profile/", my_profile, name="my_profile"),
    path("profiles/<int:pk>/", fellow_profile, name="fellow_profile"),
    path("profiles/<int:pk>/photo/", profile_photo, name="profile_photo"),
]
