"""The leader portal's extension point: each app adds its own sections to /portal/.

The portal shows who the person is in the district; every other block ("My PD plan", "My upcoming
sessions", later "My mentor", "My coach", "My licensure") belongs to the app that owns the data. An app
adds a block by registering a section builder in a ``portal`` module of its own, which this module finds
by itself (Django's ``autodiscover_modules("portal")``, like the admin's ``admin`` modules), so the portal
and the project's settings never change when an app adds a section::

    # mentoring/portal.py
    from leaderdev.portal import PortalSection, portal_section

    @portal_section(order=60)
    def my_mentor(request, person, school_year):
        mentorship = queries.current_mentorship(person, school_year)  # a fixed number of queries
        return PortalSection("My mentor", "mentoring/partials/portal_mentor.html", {"mentorship": ...})

A builder answers a ``PortalSection`` (title, template, context) or None to show nothing. Sections are
shown by ascending ``order``. The portal must cost a fixed number of queries whatever a person's data
size, so each builder runs a fixed number of queries too (no query per row of the person's data).
``school_year`` is the current school year, or None when staff have not marked one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.module_loading import autodiscover_modules
from django.utils.safestring import SafeString
from django.utils.text import slugify


@dataclass(frozen=True)
class PortalSection:
    """One block of the portal: its heading, the template of its body and that template's context."""

    title: str
    template: str
    context: dict = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return slugify(self.title)


@dataclass(frozen=True)
class RenderedSection:
    """A section ready for the page: the portal wraps ``html`` in a card headed by ``title``."""

    title: str
    slug: str
    html: SafeString


SectionBuilder = Callable[..., PortalSection | None]
# Keyed by the builder's dotted name, so importing a portal module twice registers its sections once.
_builders: dict[str, tuple[int, SectionBuilder]] = {}
_discovered = False


def portal_section(order: int):
    """Register ``fn(request, person, school_year) -> PortalSection | None`` as a portal section."""

    def decorator(fn: SectionBuilder) -> SectionBuilder:
        _builders[f"{fn.__module__}.{fn.__qualname__}"] = (order, fn)
        return fn

    return decorator


def section_builders() -> list[SectionBuilder]:
    """Every registered builder, by ascending order (then name, so equal orders stay stable)."""
    global _discovered
    if not _discovered:
        autodiscover_modules("portal")
        _discovered = True
    return [fn for _, (order, fn) in sorted(_builders.items(), key=lambda item: (item[1][0], item[0]))]


def portal_sections(request, person, school_year) -> list[RenderedSection]:
    """The sections to show `person` (the signed-in user's own staff record), rendered in order."""
    rendered = []
    for build in section_builders():
        section = build(request, person, school_year)
        if section is None:
            continue
        context = {**section.context, "person": person, "school_year": school_year, "section": section}
        html = render_to_string(section.template, context, request=request)
        rendered.append(RenderedSection(section.title, section.slug, html))
    return rendered
