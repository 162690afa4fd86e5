"""`warclaims eval reference`: a labelled corpus matched against the bundled reference set."""

from __future__ import annotations

import csv
import json

import pytest
from assess.support import empty_extractor

from warclaims.assess import corpus


@pytest.fixture
def no_spacy(monkeypatch):
    """Replace the extract stage with an empty extractor (these tests check the plumbing)."""
    monkeypatch.setattr(corpus, "default_extractor", lambda: empty_extractor)


def _published_in(path, first: int, last: int) -> list[str]:
    """Return the ids of the FA-KES rows of ``path`` dated (m/d/Y) from year ``first`` to ``last``."""
    with open(path, newline="", encoding="utf-8") as fh:
        return [r["unit_id"] for r in csv.DictReader(fh) if first <= int(r["date"].rsplit("/", 1)[1]) <= last]


def test_json_counts_the_articles_of_the_period_and_rows_are_written(run, small_fakes, tmp_path, no_spacy):
    rows = tmp_path / "matches.csv"
    result = run("eval", "reference", "--train", str(small_fakes), "--from", "2017", "--to", "2018",
                 "--cv", "2", "--rows", str(rows), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    in_period = _published_in(small_fakes, 2017, 2018)
    assert 0 < len(in_period) < 80, "the first 80 dev rows span more years than 2017-2018"
    assert report["counts"]["articles"] == len(in_period)
    assert report["counts"]["with_incident"] == 0  # the empty extractor finds none: nothing to compare
    assert report["auc"]["signal_compared"]["auc"] is None
    with rows.open(newline="", encoding="utf-8") as fh:
        written = list(csv.DictReader(fh))
    assert [r["article_id"] for r in written] == in_period
    assert {r["verdict"] for r in written} == {"no record"}
