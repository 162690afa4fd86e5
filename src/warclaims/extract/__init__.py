"""warclaims.extract stage: incidents and casualty claims from article text.

Entry points (imported lazily by callers; importing this package loads nothing):

* :func:`warclaims.extract.pipeline.extract_articles` / ``extract_article`` -> ``ArticleExtraction``
* :func:`warclaims.extract.numbers.parse_quantity` -> ``Interval`` of "at least 60", "dozens", ...
* :func:`warclaims.extract.attribution.claimant_type` -> claimant type of a phrase
* :func:`warclaims.extract.evaluate.evaluate_extraction` -> accuracy against gold annotations
* :func:`warclaims.extract.context.read_incident_context` -> event type, date, place, perpetrator
"""
