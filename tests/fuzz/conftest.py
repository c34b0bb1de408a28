"""The small world the fuzz tests throw junk at: the demo district, its logins, and every project page.

The demo district (seed_demo, scale "small") is loaded once for this package and flushed after it, so pages
that need an object in their address get a real one, and every role has a login to try pages as.
"""

import copy
from io import StringIO

import pytest
from axes.models import AccessLog
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import demo_data

# Every demo login (leaderdev.demo.DISTRICT_LOGINS plus the fellowship's), superuser first.
LOGINS = [
    "admin@leaderdev.example",
    "staff@leaderdev.example",
    "recruiter@leaderdev.example",
    "licensure@leaderdev.example",
    "mentor@leaderdev.example",
    "coach@leaderdev.example",
    "leader@leaderdev.example",
    "ap@leaderdev.example",
    "fellow@leaderdev.example",
]

# Values that have broken pages and filters elsewhere; every page and filter gets each of them.
NASTY = [
    "abc",
    "-1",
    "0",
    str(2**70),
    str(-(2**70)),
    "1.5",
    "1e309",
    "NaN",
    "2026-13-45",
    "0000-00-00",
    "99999-01-01",
    "'; DROP TABLE leaderdev_person; --",
    "\x00",
    "a\x00b",
    "x" * 5000,
    "🙂👩‍🏫",
    "Ünïcödé",
    "<script>alert(1)</script>",
    "%",
    "_",
    "\\",
    " ",
    "",
    "true",
    "None",
    "[1,2]",
]

# Addresses outside the project's own pages: the admin is import-export's and Django's, the auth views
# are Django's (their forms are exercised by Django's own tests).
SKIPPED_PREFIXES = ("admin", "accounts/", "healthz", "__")


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield prefix + str(entry.pattern), name, entry


def project_urls():
    """(route, name, converters) of every named project page, in the resolver's order, once each."""
    seen, urls = set(), []
    for route, name, entry in _walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES) or name in seen:
            continue
        seen.add(name)
        urls.append((route, name, list(entry.pattern.converters)))
    return urls


def _models():
    from competencies.models import Assessment, FrameworkVersion
    from fellowships.models import (
        Cohort,
        Fellow,
        FellowshipApplication,
        HoursEntry,
        Milestone,
        PlacementProposal,
        Recommendation,
        Residency,
    )
    from leaderdev.models import Person, School
    from leaderdev.notifications.models import Notification
    from licensure.models import (
        Evidence,
        LicensePursuit,
        RequirementProgress,
        SupportGroup,
        SupportMeeting,
    )
    from mentoring.models import CoachAssignment, LogEntry, MatchRound, Mentorship
    from programs.models import (
        ActionStep,
        CoachingSession,
        GoalAction,
        GoalTarget,
        Initiative,
        Offering,
        PDPlan,
        Session,
        Spotlight,
        StrategicGoal,
        TeamMembership,
    )
    from recruitment.models import Application, Candidate, Interview, ReferenceCheck

    return {
        # The model whose pk a page's <pk> is, by the page's name.
        "competencies:version_detail": FrameworkVersion,
        "competencies:version_diff": FrameworkVersion,
        "competencies:assessment_detail": Assessment,
        "programs:offering_roster": Offering,
        "programs:roster_export": Offering,
        "programs:bulk_enroll": Offering,
        "programs:attendance_grid": Offering,
        "programs:attendance_export": Offering,
        "programs:offering_feedback": Offering,
        "programs:sign_in": Session,
        "programs:sign_in_sheet": Session,
        "programs:sign_in_export": Session,
        "programs:session_feedback": Session,
        "programs:session_ics": Session,
        "programs:plan_detail": PDPlan,
        "programs:school_team": School,
        "programs:team_member_add": School,
        "programs:team_member_end": TeamMembership,
        "programs:team_member_tier": TeamMembership,
        "programs:initiative_edit": School,
        "programs:step_add": Initiative,
        "programs:note_add": Initiative,
        "programs:step_adjust": ActionStep,
        "programs:step_status": ActionStep,
        "programs:cta_plan": School,
        "programs:cta_goal": StrategicGoal,
        "programs:cta_target_edit": GoalTarget,
        "programs:cta_check_in": GoalTarget,
        "programs:cta_action_edit": GoalAction,
        "programs:cta_action_status": GoalAction,
        "programs:coaching_list": School,
        "programs:coaching_add": School,
        "programs:coaching_detail": CoachingSession,
        "programs:spotlight_edit": Spotlight,
        "mentoring:round_detail": MatchRound,
        "mentoring:round_progress": MatchRound,
        "mentoring:round_run": MatchRound,
        "mentoring:round_pair": MatchRound,
        "mentoring:round_lift": MatchRound,
        "mentoring:round_approve": MatchRound,
        "mentoring:mentorship_detail": Mentorship,
        "mentoring:log_new": Mentorship,
        "mentoring:mentorship_feedback": Mentorship,
        "mentoring:coaching_detail": CoachAssignment,
        "mentoring:coaching_log_new": CoachAssignment,
        "mentoring:log_edit": LogEntry,
        "mentoring:log_delete": LogEntry,
        "recruitment:application_detail": Application,
        "recruitment:application_move": Application,
        "recruitment:application_hire": Application,
        "recruitment:candidate_detail": Candidate,
        "recruitment:candidate_apply": Candidate,
        "recruitment:interview_new": Application,
        "recruitment:reference_new": Application,
        "recruitment:interview_detail": Interview,
        "recruitment:interview_panel": Interview,
        "recruitment:scorecard_edit": Interview,
        "recruitment:reference_detail": ReferenceCheck,
        "recruitment:reference_attempt": ReferenceCheck,
        "recruitment:reference_answers": ReferenceCheck,
        "recruitment:reference_decline": ReferenceCheck,
        "fellowships:withdraw": FellowshipApplication,
        "fellowships:recommendation": Recommendation,
        "fellowships:cohort_detail": Cohort,
        "fellowships:application_detail": FellowshipApplication,
        "fellowships:application_move": FellowshipApplication,
        "fellowships:application_score": FellowshipApplication,
        "fellowships:placements": Cohort,
        "fellowships:placements_run": Cohort,
        "fellowships:placements_approve": Cohort,
        "fellowships:place_by_hand": Cohort,
        "fellowships:proposal_pin": PlacementProposal,
        "fellowships:fellow_detail": Fellow,
        "fellowships:fellow_readiness": Fellow,
        "fellowships:residency_detail": Residency,
        "fellowships:hours_new": Residency,
        "fellowships:hours_sign_off_all": Residency,
        "fellowships:reflection_new": Residency,
        "fellowships:hours_edit": HoursEntry,
        "fellowships:hours_sign_off": HoursEntry,
        "fellowships:hours_reopen": HoursEntry,
        "fellowships:milestone_complete": Milestone,
        "fellowships:milestone_undo": Milestone,
        "fellowships:milestone_sign_off": Milestone,
        "fellowships:milestone_reopen": Milestone,
        "fellowships:public_photo": Fellow,
        "fellowships:fellow_profile": Fellow,
        "fellowships:profile_photo": Fellow,
        "licensure:pursuit_detail": LicensePursuit,
        "licensure:pursuit_status": LicensePursuit,
        "licensure:progress_update": LicensePursuit,
        "licensure:evidence_add": LicensePursuit,
        "licensure:progress_verify": RequirementProgress,
        "licensure:progress_return": RequirementProgress,
        "licensure:evidence_download": Evidence,
        "licensure:evidence_remove": Evidence,
        "licensure:group_detail": SupportGroup,
        "licensure:group_add_member": SupportGroup,
        "licensure:group_remove_member": SupportGroup,
        "licensure:group_schedule_meeting": SupportGroup,
        "licensure:group_schedule_monthly": SupportGroup,
        "licensure:meeting_detail": SupportMeeting,
        "licensure:meeting_attendance": SupportMeeting,
        "licensure:meeting_notes": SupportMeeting,
        "notification_resend": Notification,
    }, {"person_id": Person, "school_id": School}


def kwargs_for(name, converters):
    """Real arguments for a page's address from the seeded world, or None when the world has none."""
    by_page, by_kwarg = _models()
    kwargs = {}
    for kwarg in converters:
        if kwarg == "pk":
            model = by_page.get(name)
            obj = model.objects.order_by("pk").first() if model else None
            value = obj.pk if obj else None
        elif kwarg in by_kwarg:
            obj = by_kwarg[kwarg].objects.order_by("pk").first()
            value = obj.pk if obj else None
        elif kwarg == "requirement_pk":
            from licensure.models import RequirementProgress

            progress = RequirementProgress.objects.filter(pursuit_id=kwargs.get("pk")).first()
            value = progress.requirement_id if progress else None
        elif kwarg == "constraint_pk":
            from mentoring.models import MatchConstraint

            constraint = MatchConstraint.objects.filter(round_id=kwargs.get("pk")).first()
            value = constraint.pk if constraint else None
        elif kwarg == "person_pk":
            from licensure.models import GroupMembership

            member = GroupMembership.objects.filter(group_id=kwargs.get("pk")).first()
            value = member.person_id if member else None
        elif kwarg == "slug":
            from fellowships.models import Cohort

            cohort = Cohort.objects.order_by("pk").first()
            value = cohort.slug if cohort else None
        elif kwarg == "token":
            from programs.models import CalendarFeed

            feed = CalendarFeed.objects.order_by("pk").first()
            value = str(feed.token) if feed else None
        else:
            value = None
        if value is None:
            return None
        kwargs[kwarg] = value
    return kwargs


# Pages that build another FilterSet for a query parameter: (the page, the variant's name, its query).
VARIANTS = [("mentoring:health", "mentoring:health[coaching]", "?kind=coaching")]


def page_urls():
    """(name, url) of every project page the seeded world can address, and the VARIANTS of some."""
    pages = []
    for _route, name, converters in project_urls():
        kwargs = kwargs_for(name, converters)
        if kwargs is None:
            continue
        pages.append((name, reverse(name, kwargs=kwargs)))
    for page, variant, query in VARIANTS:
        pages.append((variant, reverse(page) + query))
    return pages


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker):
    """The demo district, loaded once for tests/fuzz and flushed after it (each test rolls back as usual)."""
    with django_db_blocker.unblock():
        before = demo_data.row_counts()
        call_command("seed_demo", allow_production=True, stdout=StringIO())
        yield
        demo_data.flush()
        # The sweep signs in outside a test's transaction: its session and django-axes' record of it.
        Session.objects.all().delete()
        AccessLog.objects.all().delete()
        # The world is committed, outside any test's transaction: whatever it leaves behind, later tests on
        # this worker would find (the audit history once did). Say so here rather than there.
        left = {label: n - before[label] for label, n in demo_data.row_counts().items() if n != before[label]}
        assert not left, f"the fuzz world left rows behind: {left}"


@pytest.fixture
def login_client(client, world):
    """login_client(email) -> the test client logged in as that demo login."""
    from leaderdev.models import User

    def log_in(email):
        client.force_login(User.objects.get(email=email))
        return client

    return log_in


class Sweep:
    """What one GET of every page as the superuser showed: statuses, and each FilterSet a page built.

    ``filtersets`` maps a FilterSet class to the instance a page built (with its queryset, offering,
    request...), so the filter tests can rebind it to new data over the very queryset the page filters.
    ``page_filters`` maps a page's name to the query parameters its FilterSets read.
    """

    def __init__(self):
        self.status: dict[str, int] = {}
        self.urls: dict[str, str] = {}
        self.filtersets: dict[type, dict] = {}
        self.page_filters: dict[str, list[str]] = {}
        self.forms: dict[str, list] = {}


def forms_in(response):
    """The Django forms (and formsets' forms) a response's templates were given, each once."""
    from django.forms import BaseForm, BaseFormSet

    found, seen = [], set()
    for context in response.context or []:
        for layer in getattr(context, "dicts", [context]):
            for value in layer.values() if hasattr(layer, "values") else []:
                if isinstance(value, BaseFormSet):
                    candidates = [value.management_form, *value.forms[:1]]
                elif isinstance(value, BaseForm):
                    candidates = [value]
                else:
                    continue
                for form in candidates:
                    if id(form) not in seen:
                        seen.add(id(form))
                        found.append(form)
    return found


def rebind(filterset, data):
    """A copy of a FilterSet a page built, bound to `data` instead: same queryset, same extra arguments."""
    clone = copy.copy(filterset)
    clone.data = data if data is not None else {}
    clone.is_bound = data is not None
    for cached in ("_form", "_qs", "_errors"):
        clone.__dict__.pop(cached, None)
    clone.filters = {}
    for name, original in filterset.filters.items():
        clone.filters[name] = copy.copy(original)
        clone.filters[name].parent = clone
    return clone


def filter_params(filterset):
    """The query parameters a bound FilterSet reads: each filter's name, and range widgets' suffixes."""
    names = []
    for name, field in filterset.form.fields.items():
        suffixes = getattr(field.widget, "suffixes", None)
        if suffixes:
            names.extend(f"{name}_{suffix}" if suffix else name for suffix in suffixes)
        else:
            names.append(name)
    return names


@pytest.fixture(scope="package")
def sweep(world, django_db_blocker):
    """GET every addressable page once as the superuser, recording what django-filter was asked to do."""
    import django_filters
    from django.test import Client

    from leaderdev.models import User

    result = Sweep()
    built = []
    original = django_filters.filterset.BaseFilterSet.__init__

    def recording_init(self, data=None, *args, **kwargs):
        original(self, data, *args, **kwargs)
        built.append((type(self), self))

    client = Client(raise_request_exception=False)  # a crashing page is recorded as its 500
    with django_db_blocker.unblock():
        client.force_login(User.objects.get(email="admin@leaderdev.example"))
        django_filters.filterset.BaseFilterSet.__init__ = recording_init
        try:
            for name, url in page_urls():
                built.clear()
                response = client.get(url)
                result.status[name] = response.status_code
                result.urls[name] = url
                params = []
                for cls, filterset in built:
                    result.filtersets.setdefault(cls, filterset)
                    params.extend(filter_params(filterset))
                if params:
                    result.page_filters[name] = sorted(set(params))
                filter_forms = {id(filterset.form) for _cls, filterset in built}
                page_forms = [form for form in forms_in(response) if id(form) not in filter_forms]
                if page_forms:
                    result.forms[name] = page_forms
        finally:
            django_filters.filterset.BaseFilterSet.__init__ = original
    return result
