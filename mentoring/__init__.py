"""Mentor pool, matching rounds, mentorships and coaching logs."""
