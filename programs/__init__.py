"""Professional development offerings, cohorts, sessions, attendance and PD plans."""
