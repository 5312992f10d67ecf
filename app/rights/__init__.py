"""Citizens' data rights: a copy of everything held about them (aktindsigt, GDPR art. 15 and 20)."""
