"""Read paths of competencies, one module per area (growth, frameworks, implementation)."""
