"""MkDocs plugins of the Werkcafé site (public MkDocs events only)."""
