"""warclaims.assess: credibility of articles, with reasons, and reference casualty datasets.

Public API (pure functions of their inputs unless noted):

* :func:`warclaims.assess.score.assess(AssessInput, bundle)` -> :class:`~warclaims.assess.records.Credibility`
  (score in [0, 1], label ``credible``/``doubtful``/``unverifiable``, reasons, signals).
* :class:`warclaims.assess.features.AssessInput`: article, its extraction, its peers
  (:class:`~warclaims.assess.ledger.PeerReport`: other reports of the same incident) and matched
  reference records.
* Signals: :func:`~warclaims.assess.ledger.ledger_signals`, :func:`~warclaims.assess.sourcing.sourcing_signals`,
  :func:`~warclaims.assess.reference.reference_signals`, :func:`~warclaims.assess.features.extraction_signals`.
* Reference data: :func:`~warclaims.assess.reference.read_reference` (UCDP GED, ACLED, mapped CSV),
  :func:`~warclaims.assess.reference.match_records`.
* Model: :func:`~warclaims.assess.train.train`, :func:`~warclaims.assess.model.load_model` (W502 when
  incompatible), :func:`~warclaims.assess.evaluate.cross_validate` / ``train_test``.
* Store-backed (``warclaims assess``): :func:`~warclaims.assess.service.assess_stored`; storage in
  :mod:`warclaims.store.credibility` (``save_credibility``, ``get_credibility``, ``list_credibility``,
  ``save_reference_records``, ``reference_candidates``).

See ``MODEL_CARD.md`` for the packaged model and ``data/LEXICON.md`` for the word lists.
"""
