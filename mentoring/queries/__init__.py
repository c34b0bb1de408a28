"""Read paths of mentoring that pages and exports share, one module per area."""
