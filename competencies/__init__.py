"""Versioned leader competency frameworks, assessments and growth."""
