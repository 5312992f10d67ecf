"""Reporting sickness and recovery: the citizen's reports, the exemption they open, staff follow-up."""
