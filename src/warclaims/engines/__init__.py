"""warclaims.engines stage."""
