"""The fellowship's pages, one module per area: applications and selection (applicants, supervisors,
staff), hosts and placements (staff), residency plans (fellows, hosts, staff), and the public
"Meet our fellows" page with the fellow's own profile settings."""
