"""Recruitment's pages, one module per area: the pipeline (board, list, application), interviews and
reference checks, and reports (funnel)."""
