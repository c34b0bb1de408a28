"""The project's URLs plus the benchmark's trivial page (mounted only while ``manage.py bench`` measures).

The trivial page is the yardstick page times are divided by. It goes through the whole middleware stack
and the permission layer like every real page (session, user, roles), then returns a few bytes: so a
ratio says what a page costs beyond being a signed-in page at all. ``/healthz`` would not do: it is
anonymous (no session or user lookup) and pings the broker.
"""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from leaderdev.permissions import Role, role_required
from leaderdev.urls import urlpatterns as project_urlpatterns

TRIVIAL_PATH = "bench/trivial/"


@require_GET
@role_required(*Role)
def trivial(request):
    """A signed-in page that does nothing: any role may see it, anonymous people get the login page."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(TRIVIAL_PATH, trivial, name="bench_trivial"), *project_urlpatterns]
