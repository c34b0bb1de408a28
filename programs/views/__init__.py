"""Programs pages, one module per area."""
