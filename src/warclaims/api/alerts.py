"""The alert rules over change events, for the watcher's command line and the dashboard's event
feeds (``/api/events``, ``/alerts.atom``): defined in :mod:`warclaims.reconcile.rules`."""

from __future__ import annotations

from warclaims.reconcile.rules import Rule, matches_any, parse_rule, rule_from_table

__all__ = ["Rule", "matches_any", "parse_rule", "rule_from_table"]
