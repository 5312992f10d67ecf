"""Jobcenter staff: log in, find citizens of their own jobcenter, restore access, print letters."""
