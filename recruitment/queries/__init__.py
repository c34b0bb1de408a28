"""Read paths of recruitment that pages and exports share, one module per area."""
