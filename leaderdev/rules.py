"""Who may see which rows of the shared schema (see leaderdev.permissions for how rules combine)."""

from django.db.models import Q

from .models import Network, Person, School, SchoolYear
from .permissions import STAFF_ROLES, Role, grant_admin, has_role, rule


@rule(Person)
def staff_see_every_person(user):
    return has_role(user, *STAFF_ROLES)


@rule(Person)
def people_see_themselves(user):
    return Q(user=user)


@rule(School)
@rule(Network)
@rule(SchoolYear)
def directory_is_visible_to_signed_in_users(user):
    # Schools, networks and school years are the district's public directory.
    return True


# Program staff keep the district's records; the other office teams read them.
for _model in (
    "leaderdev.network",
    "leaderdev.networksupportmember",
    "leaderdev.school",
    "leaderdev.schoolyear",
    "leaderdev.person",
):
    grant_admin(Role.PROGRAM_STAFF, _model, "add", "change", "delete", "view")
    grant_admin(Role.RECRUITMENT_STAFF, _model, "view")
    grant_admin(Role.LICENSURE_TEAM, _model, "view")

# Program staff run the office's schedule (beat's periodic tasks, django-celery-beat) and read every
# notification in the admin; sending one again goes through the admin action or the Notifications page.
for _model in (
    "django_celery_beat.periodictask",
    "django_celery_beat.crontabschedule",
    "django_celery_beat.intervalschedule",
):
    grant_admin(Role.PROGRAM_STAFF, _model, "add", "change", "view")
for _model in ("leaderdev.notification", "leaderdev.outboxtask"):
    for _role in STAFF_ROLES:
        grant_admin(_role, _model, "view")
grant_admin(Role.PROGRAM_STAFF, "leaderdev.notification", "change")  # every field is read-only: "Send again"

# Program staff see failed and locked-out logins (django-axes) and clear a lockout by deleting its access
# attempt; the access log (who signed in when) is theirs to read only.
grant_admin(Role.PROGRAM_STAFF, "axes.accessattempt", "view", "delete")
grant_admin(Role.PROGRAM_STAFF, "axes.accesslog", "view")
grant_admin(Role.PROGRAM_STAFF, "axes.accessfailurelog", "view")
