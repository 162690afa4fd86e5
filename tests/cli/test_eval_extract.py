"""`warclaims eval extract`: field accuracy and claim recall of the extractor against gold lines."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import EXAMPLE, REPO


def test_eval_extract_json(run, tmp_path):
    gold = tmp_path / "gold.jsonl"
    example_gold = json.loads((REPO / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.gold.json").read_text())
    corpus = tmp_path / "corpus.jsonl"
    text = Path(EXAMPLE).read_text(encoding="utf-8")
    corpus.write_text(json.dumps({"id": example_gold["id"], "text": text, "published": "2016-09-18"}) + "\n")
    gold.write_text(json.dumps(example_gold) + "\n")
    result = run("eval", "extract", "--gold", str(gold), "--corpus", str(corpus), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)["all"]  # the example line has no split: only "all"
    assert data["articles"] == 1 and data["missing_articles"] == []
    assert data["field_accuracy"]["killed"] == 1.0
    assert data["claim_recall"] == 1.0
