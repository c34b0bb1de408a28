"""Fellowship cohorts, applications, residencies and placements."""
