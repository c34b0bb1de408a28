"""Read paths of programs, one module per area."""
