"""Confirming job search: the duty, its reminders, the ways to confirm and staff follow-up."""
