"""Portal sections: my residency (fellows), fellows I host (hosts)."""
