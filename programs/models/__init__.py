"""The programs app's models, in two modules a reader can find by what the office calls them.

pd      professional development: programs, offerings, enrollment, sessions, attendance, feedback, PD plans.
teams   school teams: leadership teams and their members over the years, improvement initiatives,
        Call-to-Action plans, team and individual coaching, spotlight sessions.
"""

from .pd import *  # noqa: F403
from .teams import *  # noqa: F403
