"""Licensure pages, one module per area: pursuits with their checklists, evidence and verification,
the team's progress board and its CSV; the monthly support groups and meetings."""
