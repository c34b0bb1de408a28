import pytest

from leaderdev.permissions import Role
from tests.factories import PersonFactory, SchoolYearFactory, UserFactory


@pytest.fixture(autouse=True)
def _private_uploads(settings, tmp_path):
    """Every test stores uploads (evidence, photos) in its own temporary folder, never in var/uploads."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-uploads"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hash test passwords with MD5: PBKDF2's deliberate slowness (about a second per user on a busy
    machine) is a production safeguard, not behaviour under test, and it dominated many tests' time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def school_year(db):
    """The current school year, 2026-2027."""
    return SchoolYearFactory()


@pytest.fixture
def make_user(db):
    """make_user(Role.LEADER, ...) -> a user holding those roles."""

    def make(*roles, **kwargs):
        return UserFactory(roles=list(roles), **kwargs)

    return make


@pytest.fixture
def leader(make_user):
    """A first-year principal with a login in the Leader role."""
    user = make_user(Role.LEADER)
    PersonFactory(user=user)
    return user


@pytest.fixture
def program_staff(make_user):
    return make_user(Role.PROGRAM_STAFF, is_staff=True)


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def framework_v4(db):
    """The district's shipped, active framework version (loaded by competencies' data migration)."""
    from competencies.models import FrameworkVersion

    return FrameworkVersion.objects.get(framework__name="Unified Set of BPS Leader Competencies", label="4")


@pytest.fixture
def orm_beside_playwright(monkeypatch):
    """Let the ORM run beside Playwright's event loop (a browser module opts in with
    ``pytest.mark.usefixtures("orm_beside_playwright")``); the variable is never leaked to other tests.

    Use it only where a test reads the database inside ``with chromium_page()``: there Django opens a second
    connection that is never closed, which keeps Postgres from dropping the test database at the end."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
