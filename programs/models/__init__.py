"""The programs app's models, in three modules a reader can find by what the office calls them.

pd          professional development: programs, offerings, enrollment, sessions, attendance, feedback,
            PD plans.
teams       school teams: leadership teams and their members over the years, improvement initiatives,
            Call-to-Action plans, team and individual coaching, spotlight sessions.
scheduling  convening scheduling: series of sessions described as a rule, the year's blackout dates.
"""

from .pd import *  # noqa: F403
from .scheduling import *  # noqa: F403
from .teams import *  # noqa: F403
