"""Relatives' shared access (fuldmagt): helpers with their own login act for a citizen within
the scopes of a mandate. See DOMAIN.md, "Relatives' shared access"."""
