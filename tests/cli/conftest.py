"""Fixtures for CLI tests: the Typer app under CliRunner, fresh and filled databases, data paths,
a stub extractor."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

# The real FA-KES rows and the Deir ez-Zor example of the assess tests, for the commands that assess.
from assess.conftest import example_article, example_extraction, fakes_rows, small_fakes  # noqa: F401

REPO = Path(__file__).resolve().parents[2]
FAKES = str(REPO / "data" / "fakes" / "fakes-dev.csv")
EXAMPLE = str(REPO / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.txt")
EXAMPLE_GOLD = str(REPO / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.gold.json")


@pytest.fixture(scope="session")
def app():
    """Return the warclaims Typer application with every command registered."""
    from warclaims.cli.app import build_app

    return build_app()


@pytest.fixture
def run(app, monkeypatch):
    """Return ``run(*args) -> Result``: invoke the CLI in-process (WARCLAIMS_DB unset)."""
    monkeypatch.delenv("WARCLAIMS_DB", raising=False)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def db(tmp_path) -> str:
    """Return a fresh SQLite file path."""
    return str(tmp_path / "cli.db")


@pytest.fixture
def gold_db(tmp_path) -> str:
    """Return a SQLite file holding the 58 reports of the gold linking fixture, not linked yet."""
    from reconcile.store_support import fill, gold_articles_and_extractions

    from warclaims.store import open_store

    path = str(tmp_path / "gold.db")
    engine = open_store(path)
    fill(engine, gold_articles_and_extractions())
    engine.dispose()
    return path


@pytest.fixture
def seeded(db):
    """Store the ARA News example with its gold extraction, linked; return its article id."""
    import datetime as dt
    import json

    from warclaims.models import Article, ArticleExtraction, incident_from_dict
    from warclaims.store import add_articles, open_store, save_extraction
    from warclaims.store.ledger import relink

    gold = json.loads(Path(EXAMPLE_GOLD).read_text("utf-8"))
    article = Article(id=gold["id"], text=Path(EXAMPLE).read_text("utf-8"), outlet="ARA News",
                      published=dt.date(2016, 9, 18))
    inc = incident_from_dict(gold["incident"])
    inc.article_id = gold["id"]
    # The gold file has no coordinates; the extractor places the airport from the gazetteer, a point.
    inc.latitude, inc.longitude, inc.geo_precision = 35.2854, 40.1759, "point"
    engine = open_store(db)
    add_articles(engine, [article])
    save_extraction(engine, ArticleExtraction(article_id=gold["id"], incidents=[inc], extractor_version="gold"))
    relink(engine)
    engine.dispose()
    return gold["id"]


@pytest.fixture(scope="session")
def batch_out(tmp_path_factory, app) -> Path:
    """Run `warclaims batch --json` (local engine, one worker) on twelve FA-KES rows and a JSON Lines
    file with one malformed line; return OUT_DIR. The report is saved as OUT_DIR.parent/report.json."""
    import csv
    import json

    tmp = tmp_path_factory.mktemp("batch")
    corpus = tmp / "corpus"
    corpus.mkdir()
    with open(FAKES, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))[:12]
    with (corpus / "fakes.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows[:8])
    lines = [json.dumps({"id": f"j{r['unit_id']}", "title": r["article_title"], "source": r["source"],
                         "text": r["article_content"] + " (JSON copy)", "date": r["date"]}) for r in rows[6:]]
    (corpus / "more.jsonl").write_text("\n".join([*lines, "{not json"]) + "\n", encoding="utf-8")
    out = tmp / "out"
    result = CliRunner().invoke(app, ["batch", str(corpus), "-o", str(out), "--workers", "1", "--json"])
    assert result.exit_code == 1, result.output  # the malformed JSON line
    (tmp / "report.json").write_text(result.stdout, encoding="utf-8")
    return out


@pytest.fixture
def stub_pipeline(monkeypatch):
    """Install a stub ``warclaims.extract.pipeline`` honouring the extract contract, for one test."""
    from . import stub_pipeline as module

    monkeypatch.setitem(sys.modules, "warclaims.extract.pipeline", module)
    return module
