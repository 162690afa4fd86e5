"""Live monitoring (``warclaims watch``): poll sources, ingest new items, record change events, alert.

* :mod:`warclaims.watch.sources`: sources from arguments or a TOML file, intervals.
* :mod:`warclaims.watch.poll`: one poll of a source (conditional requests, listings, directories).
* incident states and the events between two of them: :mod:`warclaims.reconcile.changes`;
  recording events by diffing the store against its observed state, the alert positions and
  the sources' stored state: :mod:`warclaims.services.watch`.
* :mod:`warclaims.watch.alerts`: alert rules, stdout JSON Lines and webhooks.
* :mod:`warclaims.watch.loop`: the :class:`~warclaims.watch.loop.Watcher` that runs the cycles.
"""
