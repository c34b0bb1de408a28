"""Read paths of the fellowship that pages and exports share."""
