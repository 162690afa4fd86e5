"""warclaims.assess.corpus: a labelled FA-KES file read, its articles extracted (cached by content)
and linked to each other's reports."""

from __future__ import annotations

import copy
import dataclasses
import hashlib

import pytest

from warclaims.assess.corpus import build_inputs, extract_all, file_sha256, link_peers, read_labelled
from warclaims.errors import WarclaimsError
from warclaims.models import Article, ArticleExtraction

from .support import empty_extractor


def _second_report(article: Article, extraction: ArticleExtraction) -> tuple[Article, ArticleExtraction]:
    """Return the same report as published by another outlet under another id."""
    other = dataclasses.replace(article, id="sana-deir-ez-zor-2016-09", outlet="SANA")
    ext = copy.deepcopy(extraction)
    ext.article_id = other.id
    for inc in ext.incidents:
        inc.article_id = other.id
    return other, ext


def test_labels_are_read_from_the_fakes_layout(small_fakes):
    corpus = read_labelled(small_fakes)
    assert len(corpus.articles) == 80 and set(corpus.labels) == {0, 1}
    assert corpus.sha256 == hashlib.sha256(small_fakes.read_bytes()).hexdigest()
    assert all("labels" in a.metadata for a in corpus.articles)


def test_a_file_without_labels_or_with_one_class_is_refused(tmp_path, fakes_rows):
    one_class = tmp_path / "credible.csv"
    header = ",".join(fakes_rows[0])
    rows = [r for r in fakes_rows if r["labels"] == "1"][:3]
    one_class.write_text(header + "\n" + "\n".join(
        ",".join('"' + r[k].replace('"', '""') + '"' for k in fakes_rows[0]) for r in rows) + "\n", "utf-8")
    with pytest.raises(WarclaimsError) as exc:
        read_labelled(one_class)
    assert exc.value.code == "W501" and "both classes" in str(exc.value)
    with pytest.raises(WarclaimsError) as missing:
        read_labelled(tmp_path / "absent.csv")
    assert missing.value.code == "W113"
    assert file_sha256(one_class) == hashlib.sha256(one_class.read_bytes()).hexdigest()


def test_extractions_are_cached_by_content(tmp_path, small_fakes):
    articles = read_labelled(small_fakes).articles[:5]
    seen: list[str] = []

    def counting(batch):
        batch = list(batch)
        seen.extend(a.id for a in batch)
        return empty_extractor(batch)

    first = extract_all(articles, counting, cache_dir=str(tmp_path / "cache"))
    again = extract_all(articles, counting, cache_dir=str(tmp_path / "cache"))
    assert seen == [a.id for a in articles]  # the second run read every extraction from the cache
    assert [e.article_id for e in again] == [e.article_id for e in first] == [a.id for a in articles]
    assert len(list((tmp_path / "cache").glob("*.json"))) == 5


def test_two_reports_of_one_incident_are_each_others_peers(example_article, example_extraction):
    other, other_ext = _second_report(example_article, example_extraction)
    lone = Article(id="lone", text="Clashes continued on Tuesday.", outlet="Enab Baladi")
    peers = link_peers([example_article, other, lone],
                       [example_extraction, other_ext, ArticleExtraction(article_id="lone")])
    assert [p.article_id for p in peers[0]] == [other.id] and peers[0][0].outlet == "SANA"
    assert [p.article_id for p in peers[1]] == [example_article.id]
    assert peers[2] == []


def test_build_inputs_pairs_each_article_with_its_extraction_and_peers(small_fakes):
    articles = read_labelled(small_fakes).articles[:3]
    inputs = build_inputs(articles, empty_extractor)
    assert [i.article.id for i in inputs] == [a.id for a in articles]
    assert all(i.extraction.incidents == [] and i.peers == [] and i.references is None for i in inputs)
