from django.urls import path

from .views import assessments, frameworks, growth, implementation

app_name = "competencies"

urlpatterns = [
    # Frameworks and their versions
    path("frameworks/", frameworks.framework_list, name="framework_list"),
    path("versions/<int:pk>/", frameworks.version_detail, name="version_detail"),
    path("versions/<int:pk>/diff/", frameworks.version_diff, name="version_diff"),  # ?against=<other pk>
    # Assessments
    path("me/", growth.my_growth, name="my_growth"),
    path("me/self-assessment/", assessments.self_assessment, name="self_assessment"),
    path("people/<int:person_id>/", growth.person_growth, name="person_growth"),
    path("people/<int:person_id>/assess/", assessments.assess_person, name="assess_person"),
    path("assessments/<int:pk>/", assessments.assessment_detail, name="assessment_detail"),
    # Distributions for a group of leaders
    path("schools/<int:school_id>/", growth.school_distribution, name="school_distribution"),
    # The school implementation rubric
    path("implementation/", implementation.overview, name="implementation_overview"),
    path("implementation/schools/<int:school_id>/", implementation.school_rubric, name="school_rubric"),
]
