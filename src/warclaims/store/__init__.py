"""warclaims.store stage."""
