"""warclaims.assess: credibility of articles, with reasons, and reference casualty datasets.

Public API (pure functions of their inputs unless noted):

* :func:`warclaims.assess.score.assess(AssessInput, bundle)` -> :class:`~warclaims.assess.records.Credibility`
  (score in [0, 1], label ``credible``/``doubtful``/``unverifiable``, reasons, signals).
* :class:`warclaims.assess.features.AssessInput`: article, its extraction, its peers
  (:class:`~warclaims.assess.ledger.PeerReport`: other reports of the same incident) and matched
  reference records.
* Signals: :func:`~warclaims.assess.ledger.ledger_signals`, :func:`~warclaims.assess.sourcing.sourcing_signals`,
  :func:`~warclaims.assess.reference.reference_signals`, :func:`~warclaims.assess.features.extraction_signals`.
* Reference data: :func:`~warclaims.assess.reference.read_reference` (UCDP GED, ACLED, mapped CSV,
  plain or gzipped), the bundled UCDP GED Syria set (:func:`~warclaims.assess.bundled.bundled_index`,
  no import step), matching by documented rules with evidence and interval verdicts
  (:func:`~warclaims.assess.matching.match_incident`, :func:`~warclaims.assess.matching.claim_verdicts`;
  see docs/reference.md), and :func:`~warclaims.assess.reference_eval.evaluate_reference`.
* Model: :func:`~warclaims.assess.train.train`, :func:`~warclaims.assess.model.load_model` (W502 when
  incompatible), :func:`~warclaims.assess.evaluate.cross_validate` / ``train_test``.
* Store-backed (``warclaims assess``): :func:`~warclaims.services.assess.assess_stored`; storage in
  :mod:`warclaims.store.credibility` (``save_credibility``, ``get_credibility``, ``list_credibility``,
  ``save_reference_records``, ``reference_candidates``, ``import_reference_set``, ``list_reference_sets``);
  :func:`~warclaims.services.assess.reference_check` (a linked incident's matched records and verdicts).

See ``MODEL_CARD.md`` for the packaged model and ``data/LEXICON.md`` for the word lists.
"""
