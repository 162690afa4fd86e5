"""warclaims.export stage."""
