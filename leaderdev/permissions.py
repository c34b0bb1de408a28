"""The one permission layer every view uses: roles, and object rules as queryset scopes.

Roles are Django groups (created by a migration), one per kind of user of LeaderDev. A superuser has
every role. Views say which roles may enter with ``@role_required(...)`` (or ``RoleRequiredMixin``):
anonymous users are sent to the login page, signed-in users without the role get 403.

Object rules say *which rows* a user may see. Each rule is registered for a model and answers, for a
user, ``True`` (every row), ``False`` (no row) or a ``Q`` filter. Rules for one model are OR-ed, so an
app can widen access without touching another app's code (mentoring adds "a mentor sees their mentees"
to the Person rules). A model with no rule is visible to superusers only. Views fetch objects through
``visible_to()`` / ``get_visible_or_404()``, so someone else's record answers 404 and never leaks, and
list pages filter with the same rule.
"""

from collections import defaultdict
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Q, QuerySet
from django.http import Http404


class Role(models.TextChoices):
    """Each role is a Django group of the same label."""

    PROGRAM_STAFF = "program_staff", "Program staff"
    RECRUITMENT_STAFF = "recruitment_staff", "Recruitment staff"
    LICENSURE_TEAM = "licensure_team", "Licensure team"
    NETWORK_STAFF = "network_staff", "Network staff"
    MENTOR = "mentor", "Mentor"
    COACH = "coach", "Coach"
    LEADER = "leader", "Leader"

    @property
    def group_name(self) -> str:
        return self.label


# Office staff work in the staff area; the others use the portal.
STAFF_ROLES = (Role.PROGRAM_STAFF, Role.RECRUITMENT_STAFF, Role.LICENSURE_TEAM)
PORTAL_ROLES = (Role.LEADER, Role.MENTOR, Role.COACH)
_ROLE_BY_GROUP_NAME = {role.group_name: role for role in Role}


def roles_of(user) -> frozenset[Role]:
    """The roles a user holds (all of them for a superuser), read once per request and cached."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_leaderdev_roles", None)
    if cached is None:
        if user.is_superuser:
            cached = frozenset(Role)
        else:
            names = user.groups.values_list("name", flat=True)
            cached = frozenset(_ROLE_BY_GROUP_NAME[n] for n in names if n in _ROLE_BY_GROUP_NAME)
        user._leaderdev_roles = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    """True when the user holds at least one of `roles`."""
    return bool(roles_of(user).intersection(roles))


def is_staff_member(user) -> bool:
    return has_role(user, *STAFF_ROLES)


def role_required(*roles: Role):
    """Decorate a function view: anonymous -> login page, signed in without one of `roles` -> 403."""
    if not roles:
        raise ValueError("role_required needs at least one role.")

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied("Your role does not give access to this page.")
            return view(request, *args, **kwargs)

        wrapper.required_roles = roles
        return wrapper

    return decorator


def public(view):
    """Mark a view as deliberately open to everyone (login, health check, public pages)."""
    view.is_public = True
    return view


class RoleRequiredMixin:
    """The class-based twin of role_required: set `required_roles` on the view."""

    required_roles: tuple[Role, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not self.required_roles:
            raise ImproperlyConfigured(f"{type(self).__name__} sets no required_roles.")
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_role(request.user, *self.required_roles):
            raise PermissionDenied("Your role does not give access to this page.")
        return super().dispatch(request, *args, **kwargs)


# --- Object rules ------------------------------------------------------------------------------------

Rule = Callable[[object], "bool | Q"]
_rules: dict[type[models.Model], list[Rule]] = defaultdict(list)


def rule(model: type[models.Model]):
    """Register a visibility rule for `model`: ``fn(user) -> True | False | Q``. Rules are OR-ed."""

    def decorator(fn: Rule) -> Rule:
        _rules[model].append(fn)
        return fn

    return decorator


def visible_to(user, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` that `user` may see under the rules registered for its model."""
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    filters: list[Q] = []
    for fn in _rules.get(queryset.model, ()):
        verdict = fn(user)
        if verdict is True:
            return queryset
        if isinstance(verdict, Q):
            filters.append(verdict)
    if not filters:
        return queryset.none()
    combined = filters[0]
    for extra in filters[1:]:
        combined |= extra
    return queryset.filter(combined)


def get_visible_or_404(user, queryset: QuerySet, **lookup):
    """Fetch one object the user may see; 404 both when it does not exist and when it is not theirs."""
    try:
        return visible_to(user, queryset).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404(f"No {queryset.model._meta.verbose_name} found.") from None


def can_view(user, obj: models.Model) -> bool:
    return visible_to(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


# --- Admin permissions per role ----------------------------------------------------------------------
# Office staff work in the Django admin; what each role may do there is declared here (and by each app
# for its own models) and synced onto the role's group after every migrate.

_admin_grants: dict[Role, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))


def grant_admin(role: Role, model_label: str, *actions: str):
    """Let `role` use the admin for `model_label` ("app_label.modelname") with `actions` (add/change/...)."""
    _admin_grants[role][model_label.lower()].update(actions)


def sync_role_permissions(using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate handler: give each role's group exactly the admin permissions declared for it.

    Django creates each app's permissions in its own post_migrate handler, which may run after this one
    for the last apps; create them all first so a fresh install is complete after one migrate.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)

    for role, models_actions in _admin_grants.items():
        group, _ = Group.objects.using(using).get_or_create(name=role.group_name)
        wanted = []
        for label, actions in models_actions.items():
            app_label, model_name = label.split(".")
            codenames = [f"{action}_{model_name}" for action in actions]
            wanted.extend(
                Permission.objects.using(using).filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )
        group.permissions.set(wanted)
