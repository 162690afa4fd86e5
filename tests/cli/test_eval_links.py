"""`warclaims eval links`: pairwise linking scores against the gold incidents."""

from __future__ import annotations

import json

from reconcile.support import GOLD


def test_eval_links_on_gold_incidents(run):
    out = run("eval", "links", "--gold", str(GOLD), "--use-gold-incidents", "--json")
    assert out.exit_code == 0, out.output
    result = json.loads(out.output)["all"]  # the frozen fixture has no tune/check split
    assert result["pairwise"]["f1"] >= 0.85 and result["pairwise"]["articles"] == 58
    assert result["best_equals_rate"] >= 0.9


def test_eval_links_needs_corpus_or_gold_incidents(run):
    out = run("eval", "links", "--gold", str(GOLD))
    assert out.exit_code == 2 and "W902" in out.output
