"""``manage.py bench``: the district-scale benchmark, as functions a test can call.

- ``pages``: server time of the busiest pages, in-process, as a ratio to a trivial page, and their queries;
- ``suite``: those rows plus the CSV export vs COPY, the matching round vs the bare solver and the reminder
  fan-out (each reusing its own ``bench_*`` command), with targets, in one table;
- ``load``: a locust run against gunicorn with production settings on loopback;
- ``locustfile``: what the load run's users do.
"""
