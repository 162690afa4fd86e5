"""`warclaims eval corpus`: a whole corpus ingested into a temporary store, the gold articles judged
in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import EXAMPLE, EXAMPLE_GOLD


@pytest.fixture
def gold_and_corpus(tmp_path) -> tuple[str, str]:
    """Return a gold file of the ARA News example and a corpus of it and two other articles."""
    gold_line = json.loads(Path(EXAMPLE_GOLD).read_text(encoding="utf-8"))
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(gold_line) + "\n", encoding="utf-8")
    corpus = tmp_path / "corpus.jsonl"
    articles = [
        {"id": gold_line["id"], "text": Path(EXAMPLE).read_text(encoding="utf-8"),
         "published": "2016-09-18"},
        {"id": "homs-1", "text": "Shelling in Homs.\n\nActivists said 4 people were killed in Homs on Friday.",
         "published": "2016-09-16"},
        {"id": "idlib-1", "text": "An airstrike on Idlib killed 12 civilians on Saturday, rescuers said.",
         "published": "2016-09-17"},
    ]
    corpus.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return str(gold), str(corpus)


def test_json_judges_the_gold_article_inside_the_whole_corpus(run, gold_and_corpus, stub_pipeline):
    gold, corpus = gold_and_corpus
    result = run("eval", "corpus", "--gold", gold, "--corpus", corpus, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["corpus_articles"], data["failed"], data["incidents"]) == (3, 0, 3)
    extraction = data["extraction"]["all"]  # the gold line has no split: only "all"
    assert (extraction["articles"], extraction["with_incident"], extraction["missing_articles"]) == (1, 1, [])
    # The stub extractor reads "killed N" phrases only: none of the example's three gold claims.
    assert (extraction["claims_gold"], extraction["claims_predicted"]) == (3, 0)
    (check,) = data["linking"]["all"]["checks"]
    assert check["gold_killed"] == ["60+"] and check["best"] is None and not check["range_contains_gold"]


def test_readable_output_has_the_corpus_line_and_both_tables(run, gold_and_corpus, stub_pipeline):
    gold, corpus = gold_and_corpus
    result = run("eval", "corpus", "--gold", gold, "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("corpus: 3 articles stored, 0 failed, 3 linked incidents")
    assert "extraction vs gold" in result.stdout
    assert "linking and ledgers on the whole corpus" in result.stdout
    assert "3 / 0 / 0" in result.stdout  # claims gold / predicted / matched
