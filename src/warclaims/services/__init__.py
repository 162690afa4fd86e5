"""Store-backed use cases of the stages: the orchestration layer, with :mod:`warclaims.api`.

A stage (extract, link, reconcile, assess, ...) computes on records and never imports the
store; a module here reads records from the store, runs a stage on them and saves the result.
:mod:`warclaims.services.assess` scores stored articles and checks stored incidents against
the reference records; :mod:`warclaims.services.watch` records the change events of stored
incidents and keeps the watchers' state. See docs/ARCHITECTURE.md for the layers.
"""
