"""warclaims.link stage."""
