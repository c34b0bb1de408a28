"""Write workflows of programs, one module per area: enrollment, attendance, plans."""
