"""warclaims.extract stage."""
