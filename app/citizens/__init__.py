"""Loading citizens from the jobcenter's own records (CSV import)."""
