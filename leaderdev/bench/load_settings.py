"""The production settings, unchanged, except that static files go to the load run's temporary folder."""

import os

from leaderdev.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
