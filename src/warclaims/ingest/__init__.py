"""warclaims.ingest stage."""
