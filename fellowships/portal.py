"""The portal's fellowship sections (found by leaderdev.portal's autodiscovery of ``portal`` modules).

They live in two modules by subject, imported here so that registering them needs nothing else:
portal_applications (apply to the fellowship; recommendations a supervisor is asked for) and
portal_residency (my residency, for a fellow; fellows I host, for a host principal).
"""

from . import portal_applications, portal_residency  # noqa: F401
