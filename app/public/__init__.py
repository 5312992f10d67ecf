"""Pages anyone may see: the landing page, the accessibility statement, the health check."""
