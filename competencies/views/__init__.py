"""Competencies pages, one module per area: frameworks, assessments, growth, implementation."""
