"""Read paths of licensure support that pages, the portal and exports share."""
