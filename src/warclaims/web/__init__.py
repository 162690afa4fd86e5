"""warclaims.web stage."""
