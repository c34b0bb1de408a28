"""Write workflows of the fellowship, one module per stage of the year (see each module's docstring)."""
