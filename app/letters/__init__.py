"""Printable letters for citizens, rendered as PDF."""
