"""Write workflows of mentoring and coaching, one module per area (pool, matching, logs, coaching)."""
