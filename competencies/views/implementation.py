"""The school implementation rubric: every school's current level on each system (program staff), and one
school's systems with their history (program staff, and the leaders of that school)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from leaderdev.errors import DomainError
from leaderdev.permissions import Role, has_role, role_required

from .. import services
from ..forms_implementation import ImplementationRatingForm, RubricFilterForm, SchoolYearChoiceForm
from ..queries import implementation as queries


@require_GET
@role_required(Role.PROGRAM_STAFF)
def overview(request):
    form = RubricFilterForm(request.GET)
    form.is_valid()  # bad values are shown on their fields; the valid filters still apply
    school_year = form.cleaned_data.get("school_year") or queries.default_school_year()
    grid = (
        queries.rubric_grid(school_year=school_year, page_number=request.GET.get("page"), **form.filters())
        if school_year
        else None
    )
    return render(
        request,
        "competencies/implementation_overview.html",
        {"form": form, "grid": grid},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.PROGRAM_STAFF, Role.LEADER)
def school_rubric(request, school_id):
    school = queries.rubric_school(request.user, school_id)
    year_form = SchoolYearChoiceForm(request.GET)
    year_form.is_valid()
    school_year = year_form.cleaned_data.get("school_year") or queries.default_school_year()
    can_rate = has_role(request.user, Role.PROGRAM_STAFF)
    if request.method == "POST" and not can_rate:
        raise PermissionDenied("Only program staff rate schools.")
    if request.method == "POST" and school_year is None:
        messages.error(request, "No school year is set up yet: add one in the admin before rating schools.")
        return redirect("competencies:school_rubric", school.pk)
    form = ImplementationRatingForm(request.POST if request.method == "POST" else None) if can_rate else None
    if request.method == "POST" and form.is_valid():
        try:
            rating = services.rate_implementation(
                school=school,
                school_year=school_year,
                system=form.cleaned_data["system"],
                level=form.cleaned_data["level"],
                notes=form.cleaned_data["notes"],
                rated_by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{school}: {rating.system} is now at “{rating.get_level_display()}” for {school_year}.",
            )
            url = reverse("competencies:school_rubric", args=[school.pk])
            return redirect(f"{url}?school_year={school_year.pk}")
    return render(
        request,
        "competencies/school_rubric.html",
        {
            "school": school,
            "school_year": school_year,
            "year_form": year_form,
            "histories": queries.school_histories(request.user, school, school_year) if school_year else [],
            "form": form,
            "can_see_overview": can_rate,
        },
    )
