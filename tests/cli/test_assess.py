"""`warclaims assess`: scores stored articles, saves the verdicts, prints reasons; refuses an old model."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from assess.support import empty_extractor
from typer.testing import CliRunner

from warclaims.assess.train import train
from warclaims.cli.app import build_app
from warclaims.models import ArticleExtraction, Claim, Incident, Interval
from warclaims.store import add_articles, open_store, save_extraction
from warclaims.store.credibility import get_credibility, save_reference_records


@pytest.fixture
def trained(tmp_path, small_fakes):
    """Return the path of a model trained on the small FA-KES file, and the model."""
    path = tmp_path / "model.json"
    bundle = train(small_fakes, path, extractor=empty_extractor)
    return path, bundle


def _store(db_url, example_article, example_extraction):
    eng = open_store(db_url)
    add_articles(eng, [example_article])
    save_extraction(eng, example_extraction)
    return eng


def test_assess_one_article_saves_and_prints_reasons(tmp_path, example_article, example_extraction):
    db = f"sqlite:///{tmp_path / 'w.db'}"
    eng = _store(db, example_article, example_extraction)
    result = CliRunner().invoke(build_app(), ["assess", example_article.id, "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout.strip())
    assert 0 <= out["score"] <= 1 and out["label"] in ("credible", "doubtful")
    assert any(r["text"].startswith("no other source reports this incident") for r in out["reasons"])
    stored = get_credibility(eng, example_article.id)
    assert stored is not None and stored.score == out["score"]
    eng.dispose()


def test_assess_all_uses_peers_and_reference_records(tmp_path, example_article, example_extraction, fakes_rows):
    from warclaims.assess.records import ReferenceRecord
    from warclaims.models import Article

    db = f"sqlite:///{tmp_path / 'w.db'}"
    eng = _store(db, example_article, example_extraction)
    peer = Article(id="peer-sohr", outlet="SOHR wire", published=dt.date(2016, 9, 18),
                   text="Coalition strikes on the Deir ez-Zor military airport killed 62 soldiers, "
                        "the Syrian Observatory for Human Rights said on Sunday.")
    inc = Incident(event_type="airstrike", date=dt.date(2016, 9, 17), date_precision="day", admin1="Deir ez-Zor",
                   place="Deir ez-Zor military airport", perpetrator="us_led_coalition", victims="combatants",
                   killed=Interval(low=62, high=62),
                   claims=[Claim(claimant="the Syrian Observatory for Human Rights", claimant_type="monitor_ngo",
                                 killed=Interval(low=62, high=62), quote=peer.text)])
    add_articles(eng, [peer])
    save_extraction(eng, ArticleExtraction(article_id=peer.id, incidents=[inc], extractor_version="test"))
    save_reference_records(eng, [ReferenceRecord(dataset="ucdp-ged", record_id="1", date=dt.date(2016, 9, 17),
                                                 admin1="Deir ez-Zor", deaths_best=62, deaths_low=60,
                                                 deaths_high=83)])
    result = CliRunner().invoke(build_app(), ["assess", "--all", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["article_id"]: r for r in map(json.loads, result.stdout.strip().splitlines())}
    assert set(rows) == {example_article.id, "peer-sohr"}
    texts = [r["text"] for r in rows[example_article.id]["reasons"]]
    assert not any(t.startswith("no other source") for t in texts)
    signals = {s["name"]: s for s in rows[example_article.id]["signals"]}
    assert signals["ref_matched"]["value"] == 1.0
    assert signals["toll_outside"]["value"] == 0.0  # "at least 60" fits SOHR's 62
    eng.dispose()


def test_assess_unknown_article_and_bad_arguments(tmp_path):
    db = f"sqlite:///{tmp_path / 'w.db'}"
    runner = CliRunner()
    result = runner.invoke(build_app(), ["assess", "nope", "--db", db])
    assert result.exit_code == 1 and "W302" in result.output
    result = runner.invoke(build_app(), ["assess", "--db", db])
    assert result.exit_code == 2 and "W902" in result.output


def test_cli_refuses_an_incompatible_model(trained, tmp_path):
    from typer.testing import CliRunner

    from warclaims.cli.app import build_app

    path, _ = trained
    data = json.loads(path.read_text())
    data["versions"]["scikit-learn"] = "0.24.2"
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data))
    result = CliRunner().invoke(build_app(), ["assess", "--all", "--model", str(old), "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 1
    assert "W502" in result.output and "warclaims credibility train" in result.output
