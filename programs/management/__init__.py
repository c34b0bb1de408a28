"""Management commands of programs."""
