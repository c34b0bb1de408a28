"""A new leader's mentoring wishes: what they want to grow, languages, and the mentors they would like.

Leaders fill it in before staff run a matching round; the round weighs it (strengths meet needs, shared
language, the mentee's preference). Once they have a mentor the page shows the mentor and the wishes
as they were.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from competencies.queries.assessments import own_person
from leaderdev.errors import DomainError
from leaderdev.models import SchoolYear
from leaderdev.permissions import Role, role_required

from ..forms_profile import ProfileForm
from ..models import Language
from ..queries import profiles as queries
from ..services import profiles as services
from ..services.matching import eligible_mentees


@require_http_methods(["GET", "POST"])
@role_required(Role.LEADER)
def my_wishes(request):
    person = own_person(request.user)
    school_year = SchoolYear.objects.current()
    context = {"person": person, "school_year": school_year}
    if person is None or school_year is None:
        return render(request, "mentoring/profile/my_wishes.html", context)

    profile = queries.profile_of(person, school_year)
    mentorship = queries.active_mentorship(person, school_year)
    eligible = eligible_mentees(school_year).filter(pk=person.pk).exists()
    languages = dict(Language.choices)
    context.update(
        {
            "profile": profile,
            "profile_languages": [
                languages.get(code, code) for code in (profile.languages if profile else [])
            ],
            "mentorship": mentorship,
            "eligible": eligible,
        }
    )
    if not eligible:
        return render(request, "mentoring/profile/my_wishes.html", context)

    mentors = queries.choosable_mentors(person, school_year)
    initial = {}
    if profile is not None:
        ranked = {p.rank: p.mentor for p in profile.preferences.all()}
        initial = {
            "needs": list(profile.needs.all()),
            "languages": profile.languages,
            "notes": profile.notes,
            "first_choice": ranked.get(1),
            "second_choice": ranked.get(2),
            "third_choice": ranked.get(3),
        }
    form = ProfileForm(request.POST or None, initial=initial, mentors=mentors)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_profile(
                person,
                school_year,
                needs=form.cleaned_data["needs"],
                languages=form.cleaned_data["languages"],
                preferred_mentors=form.preferred_mentors,
                notes=form.cleaned_data["notes"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "Your mentoring wishes are saved. The Office reads them when it matches."
            )
            return redirect("mentoring:my_wishes")
    context["form"] = form
    return render(request, "mentoring/profile/my_wishes.html", context)


urlpatterns = [path("my-wishes/", my_wishes, name="my_wishes")]
