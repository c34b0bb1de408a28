"""Licence types, requirement checklists, pursuits and support meetings."""
