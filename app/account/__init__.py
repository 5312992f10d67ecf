"""The signed-in citizen's own pages: overview, messages sent to them, activity on their case."""
