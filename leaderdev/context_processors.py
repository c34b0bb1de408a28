"""Role-aware navigation for base.html."""

from django.urls import reverse

from .permissions import PORTAL_ROLES, STAFF_ROLES, Role, has_role, roles_of


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_roles": frozenset()}
    items = []
    if has_role(user, *STAFF_ROLES):
        items.append(("Dashboard", reverse("staff_dashboard")))
        items.append(("People", reverse("people")))
        items.append(("Competencies", reverse("competencies:framework_list")))
        if has_role(user, Role.PROGRAM_STAFF):
            items.append(("Programs", reverse("programs:offering_list")))
            items.append(("Equity rule", reverse("programs:equity_compliance")))
            items.append(("School rubric", reverse("competencies:implementation_overview")))
            items.append(("Mentoring", reverse("mentoring:pool")))
        if has_role(user, Role.RECRUITMENT_STAFF):
            items.append(("Recruitment", reverse("recruitment:board")))
    if has_role(user, *PORTAL_ROLES):
        items.append(("My portal", reverse("portal")))
        items.append(("My plan", reverse("programs:my_plan")))
        items.append(("My growth", reverse("competencies:my_growth")))
    if has_role(user, Role.MENTOR, Role.COACH):
        label = "My mentees" if has_role(user, Role.MENTOR) else "My leaders"
        items.append((label, reverse("mentoring:my_people")))
    # Panels are recruitment staff and recruitment fellows (school leaders, often mentors). No query here
    # to check that someone sits on one: the navigation runs on every page. Others who sit on a panel
    # (program staff, say) reach the page from the staff dashboard.
    if has_role(user, Role.RECRUITMENT_STAFF, Role.LEADER, Role.MENTOR):
        items.append(("My interviews", reverse("recruitment:my_interviews")))
    if user.is_staff:
        items.append(("Admin", reverse("admin:index")))
    return {"nav_items": items, "user_roles": sorted(r.label for r in roles_of(user))}
