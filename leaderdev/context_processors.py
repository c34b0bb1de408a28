"""Role-aware navigation for base.html.

``nav_items`` is a list of ``NavItem(label, target)``: a target is a URL, or a tuple of NavItems shown as
a dropdown. Groups keep the bar on one line for people who hold many roles (a superuser holds all): the
program pages sit under "Programs", and someone who is both office staff and a portal user finds their
own pages under "My pages".
"""

from typing import NamedTuple

from django.urls import reverse

from .permissions import PORTAL_ROLES, STAFF_ROLES, Role, has_role, roles_of


class NavItem(NamedTuple):
    label: str
    target: "str | tuple[NavItem, ...]"

    @property
    def url(self) -> str:
        return self.target if isinstance(self.target, str) else ""

    @property
    def children(self) -> "tuple[NavItem, ...]":
        return () if isinstance(self.target, str) else self.target

    def is_current(self, path: str) -> bool:
        return path == self.url or any(child.url == path for child in self.children)


def _my_pages(user) -> list[NavItem]:
    items = []
    if has_role(user, *PORTAL_ROLES):
        items.append(NavItem("My portal", reverse("portal")))
        items.append(NavItem("My plan", reverse("programs:my_plan")))
        items.append(NavItem("My growth", reverse("competencies:my_growth")))
    if has_role(user, Role.MENTOR, Role.COACH):
        label = "My mentees" if has_role(user, Role.MENTOR) else "My leaders"
        items.append(NavItem(label, reverse("mentoring:my_people")))
    # Panels are recruitment staff and recruitment fellows (school leaders, often mentors). No query here
    # to check that someone sits on one: the navigation runs on every page. Others who sit on a panel
    # (program staff, say) reach the page from the staff dashboard.
    if has_role(user, Role.RECRUITMENT_STAFF, Role.LEADER, Role.MENTOR):
        items.append(NavItem("My interviews", reverse("recruitment:my_interviews")))
    items.append(NavItem("My reminders", reverse("notification_preferences")))  # everyone gets e-mails
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_current": "", "user_roles": frozenset()}
    items = []
    is_staff_member = has_role(user, *STAFF_ROLES)
    if is_staff_member:
        items.append(NavItem("Dashboard", reverse("staff_dashboard")))
        items.append(NavItem("People", reverse("people")))
        items.append(NavItem("Notifications", reverse("notification_list")))
        if has_role(user, Role.PROGRAM_STAFF):
            programs = (
                NavItem("Offerings", reverse("programs:offering_list")),
                NavItem("Equity rule", reverse("programs:equity_compliance")),
                NavItem("School teams", reverse("programs:team_overview")),
                NavItem("Spotlights", reverse("programs:spotlight_list")),
                NavItem("School rubric", reverse("competencies:implementation_overview")),
                NavItem("Competencies", reverse("competencies:framework_list")),
            )
            items.append(NavItem("Programs", programs))
            items.append(NavItem("Mentoring", reverse("mentoring:pool")))
            items.append(NavItem("Fellowship", reverse("fellowships:cohort_list")))
        else:
            items.append(NavItem("Competencies", reverse("competencies:framework_list")))
        if has_role(user, Role.RECRUITMENT_STAFF):
            items.append(NavItem("Recruitment", reverse("recruitment:board")))
        if has_role(user, Role.LICENSURE_TEAM):
            items.append(NavItem("Licensure", reverse("licensure:board")))
    if has_role(user, Role.NETWORK_STAFF) and not has_role(user, Role.PROGRAM_STAFF):
        # Network staff support their networks' schools: their teams, plans and coaching.
        items.append(NavItem("School teams", reverse("programs:team_overview")))
        items.append(NavItem("Spotlights", reverse("programs:spotlight_list")))
    mine = _my_pages(user)
    if is_staff_member and len(mine) > 1:
        items.append(NavItem("My pages", tuple(mine)))
    else:
        items.extend(mine)
    if user.is_staff:
        items.append(NavItem("Admin", reverse("admin:index")))
    current = next((item.label for item in items if item.is_current(request.path)), "")
    return {"nav_items": items, "nav_current": current, "user_roles": sorted(r.label for r in roles_of(user))}
