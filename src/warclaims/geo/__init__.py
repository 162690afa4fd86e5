"""The ground floor for places, shared by every stage: the gazetteer's data files
(:mod:`warclaims.geo.gazetteer`) and place look-ups, name folding and distance
(:mod:`warclaims.geo.places`).

It imports nothing of warclaims but :mod:`warclaims.models`, so extract, link, reconcile,
assess and web can all use it without importing each other.
"""
