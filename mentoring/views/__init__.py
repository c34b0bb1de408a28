"""Mentoring's pages, one module per area: matching rounds (staff), logs and the phone view (mentors,
coaches, leaders), the pool and mentorship health (staff)."""
