"""warclaims.assess stage."""
