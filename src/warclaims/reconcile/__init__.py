"""warclaims.reconcile stage."""
