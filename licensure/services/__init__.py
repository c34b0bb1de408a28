"""Write workflows of licensure support: progress.py (pursuits, progress, evidence, verification) and
meetings.py (support groups, meetings, attendance and next steps)."""
