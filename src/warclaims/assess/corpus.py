"""Labelled corpora (FA-KES layout) and the inputs the model is trained on.

:func:`read_labelled` reads a FA-KES CSV through the ingest stage; :func:`build_inputs`
extracts every article (or reads a cache of extractions) and finds each article's peers,
the other articles of the corpus the link stage puts in the same incident. Labels are
kept apart from the inputs so nothing derived from them can become a feature.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from warclaims.assess.features import AssessInput
from warclaims.assess.ledger import PeerReport, main_incident
from warclaims.errors import E, WarclaimsError
from warclaims.extract.pipeline import extract_articles_lenient
from warclaims.ingest import read_inputs
from warclaims.link.cluster import link_reports
from warclaims.link.records import Report, lead_of
from warclaims.models import Article, ArticleExtraction, incident_from_dict, to_dict

CACHE_ENV = "WARCLAIMS_EXTRACTION_CACHE"
"""Directory caching extractions by article content (experiments only; off unless set)."""

Extractor = Callable[[Iterable[Article]], Iterator[ArticleExtraction]]


@dataclass(slots=True, kw_only=True)
class LabelledCorpus:
    """Articles with their 0/1 labels (1 credible, 0 fake) and the data file's sha256."""

    articles: list[Article]
    labels: list[int]
    sha256: str
    path: str


def file_sha256(path: str | Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _read_articles(path: str) -> Iterator[object]:

    return read_inputs([path], fmt="fakes")


def read_labelled(path: str | Path) -> LabelledCorpus:
    """Return the labelled articles of a FA-KES-layout CSV; raise W113/W501 when unusable."""
    path = str(path)
    if not Path(path).is_file():
        raise WarclaimsError(E.W113, item=path)
    articles, labels = [], []
    for n, item in enumerate(_read_articles(path), start=1):
        if not isinstance(item, Article):
            continue  # an unreadable row: ingest reports it; it cannot be trained on
        label = item.metadata.get("labels")
        if label in (None, ""):
            raise WarclaimsError(E.W501, item=path, row=n, reason="no `labels` value (need 1 credible / 0 fake)")
        articles.append(item)
        labels.append(int(label))
    if len(set(labels)) < 2:
        raise WarclaimsError(E.W501, item=path, row=0, reason="labels need both classes (1 credible, 0 fake)")
    return LabelledCorpus(articles=articles, labels=labels, sha256=file_sha256(path), path=path)


def default_extractor() -> Extractor:
    """Return the extract stage's ``extract_articles_lenient`` (imported lazily): a failed
    article is logged (W201) and scored as having no incident, as before."""

    return extract_articles_lenient


def _cache_key(article: Article) -> str:
    text = f"{article.title or ''}\x00{article.text}\x00{article.published}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def extract_all(articles: list[Article], extractor: Extractor | None = None,
                cache_dir: str | None = None) -> list[ArticleExtraction]:
    """Return the extraction of each article, in order (cached by content when ``cache_dir``)."""
    extractor = extractor or default_extractor()
    cache_dir = cache_dir or os.environ.get(CACHE_ENV)
    if not cache_dir:
        return list(extractor(articles))
    folder = Path(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    found: dict[int, ArticleExtraction] = {}
    for i, art in enumerate(articles):
        file = folder / f"{_cache_key(art)}.json"
        if file.is_file():
            data = json.loads(file.read_text("utf-8"))
            found[i] = ArticleExtraction(article_id=art.id, extractor_version=data["extractor_version"],
                                         incidents=[incident_from_dict(x) for x in data["incidents"]])
    todo = [i for i in range(len(articles)) if i not in found]
    for i, ext in zip(todo, extractor([articles[i] for i in todo]), strict=True):
        (folder / f"{_cache_key(articles[i])}.json").write_text(json.dumps(to_dict(ext)), "utf-8")
        found[i] = ext
    return [found[i] for i in range(len(articles))]


def link_peers(articles: list[Article], extractions: list[ArticleExtraction]) -> list[list[PeerReport]]:
    """Return, per article, the other articles' reports of its main incident (via the link stage)."""

    reports = []
    for art, ext in zip(articles, extractions, strict=True):
        inc = main_incident(ext)
        if inc is None:
            continue
        inc.article_id = inc.article_id or art.id
        reports.append(Report(article_id=art.id, incident=inc, outlet=art.outlet, published=art.published,
                              lead=lead_of(inc, art.title)))
    by_article: dict[str, list[PeerReport]] = {}
    for linked in link_reports(reports):
        for r in linked.reports:
            by_article[r.article_id] = [
                PeerReport(article_id=o.article_id, outlet=o.outlet, incident=o.incident)
                for o in linked.reports if o.article_id != r.article_id
            ]
    return [by_article.get(a.id, []) for a in articles]


def build_inputs(articles: list[Article], extractor: Extractor | None = None,
                 cache_dir: str | None = None) -> list[AssessInput]:
    """Return the assess inputs of a corpus: extraction and corpus peers per article."""
    extractions = extract_all(articles, extractor, cache_dir)
    peers = link_peers(articles, extractions)
    return [AssessInput(article=a, extraction=e, peers=p) for a, e, p in zip(articles, extractions, peers, strict=True)]
