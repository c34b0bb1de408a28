"""Write workflows of recruitment, one module per area (pipeline, candidates, interviews, hiring)."""
