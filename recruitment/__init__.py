"""Hiring cycles, candidate pools, the application pipeline, interviews and references."""
