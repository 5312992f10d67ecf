"""Min Plan: staff publish versions; citizens read, confirm receipt or comment."""
