"""Alembic migrations shipped inside the package (run through :mod:`warclaims.store.engine`)."""
