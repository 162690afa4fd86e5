"""Tests of warclaims.web, one module per module of the package (tests/web/test_<module>.py)."""
