"""Cases 7-11: nothing read silently wrong or skipped without a word; all of it in `warclaims errors`."""

from __future__ import annotations

import datetime as dt
import json

import httpx
from typer.testing import CliRunner

from reliability_support import live_server
from warclaims import api
from warclaims.cli.app import build_app
from warclaims.store import open_store
from warclaims.store.articles import get_article

STRIKE = "An air strike killed {n} people in Idlib on Monday, activists said."


def _stored(db: str, *ids: str):
    """Return the stored articles ``ids`` of the SQLite file ``db``."""
    engine = open_store(db)
    try:
        return [get_article(engine, i) for i in ids]
    finally:
        engine.dispose()


def _errors(db: str) -> str:
    result = CliRunner().invoke(build_app(), ["errors", "--db", db])
    assert result.exit_code == 0, result.output
    return result.output


def test_case7_csv_unclosed_quote_costs_only_its_own_row(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("id,title,text\n"
                    f'r1,"Broken title,{STRIKE.format(n=1)}\n'
                    f'r2,Good,"{STRIKE.format(n=2)}"\n'
                    f'r3,Also good,"{STRIKE.format(n=3)}"\n', encoding="utf-8")
    db = str(tmp_path / "w.db")
    report = api.ingest([str(path)], db=db, process=False)
    assert report.ingested == 2 and report.failed == 1
    (bad,) = report.failures
    assert bad.code == "W105" and bad.source_ref == f"{path}#row=1" and "line 2" in bad.message
    r2, r3 = _stored(db, "r2", "r3")
    assert (r2.source_ref, r3.source_ref) == (f"{path}#row=2", f"{path}#row=3")
    assert "W105" in _errors(db)


def test_case7_pubdate_column_is_used_and_unknown_columns_are_warned(tmp_path):
    path = tmp_path / "dated.csv"
    path.write_text(f"id,text,pubdate,when\na1,\"{STRIKE.format(n=4)}\",2016-09-12,2016-09-12\n", encoding="utf-8")
    db = str(tmp_path / "w.db")
    report = api.ingest([str(path)], db=db, process=False)
    assert [(w.code, w.source_ref) for w in report.warnings] == [("W119", str(path))]
    assert "'when'" in report.warnings[0].message and "'pubdate'" not in report.warnings[0].message
    assert _stored(db, "a1")[0].published == dt.date(2016, 9, 12)
    assert "W119" in _errors(db)


def test_case7_corrected_reingest_updates_the_date_and_is_extracted_again(tmp_path):
    from warclaims.models import ArticleExtraction
    from warclaims.store.extractions import processing_state, save_extraction

    first = tmp_path / "v1.csv"
    first.write_text(f"id,text,when\na1,\"{STRIKE.format(n=5)}\",2016-09-12\n", encoding="utf-8")
    db = str(tmp_path / "w.db")
    assert api.ingest([str(first)], db=db, process=False).ingested == 1
    engine = open_store(db)
    try:
        save_extraction(engine, ArticleExtraction(article_id="a1", extractor_version="before-correction"))
        assert processing_state(engine, "a1") is not None
        again = api.ingest([str(first)], db=engine, process=False, mapping={"when": "published"})
        assert (again.corrected, again.duplicates, again.ingested) == (1, 0, 0)
        article = get_article(engine, "a1")
        assert article.published == dt.date(2016, 9, 12) and article.revision == 1
        assert processing_state(engine, "a1") is None, "the extraction made without the date must be redone"
        third = api.ingest([str(first)], db=engine, process=False, mapping={"when": "published"})
        assert (third.corrected, third.duplicates) == (0, 1)
    finally:
        engine.dispose()


def test_case8_jsonl_lone_surrogate_fails_only_its_line(tmp_path):
    path = tmp_path / "a.jsonl"
    lines = [json.dumps({"id": "j1", "text": STRIKE.format(n=6)}),
             '{"id": "j2", "text": "bad \\ud800 text"}',
             json.dumps({"id": "j3", "text": STRIKE.format(n=7)})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = str(tmp_path / "w.db")
    report = api.ingest([str(path)], db=db, process=False)
    assert report.ingested == 2
    assert [(f.code, f.source_ref) for f in report.failures] == [("W102", f"{path}#line=2")]
    assert "surrogate" in report.failures[0].message


def test_case8_lone_surrogate_in_a_json_body_is_422(sqlite_url):
    body = '{"text": "An air strike killed 3 people in Idlib. \\ud800"}'
    with live_server(db_url=sqlite_url) as base:
        r = httpx.post(f"{base}/api/check", content=body.encode(), headers={"Content-Type": "application/json"},
                       timeout=30)
    assert r.status_code == 422 and r.json()["error"]["code"] == "W604" and "W102" in r.json()["error"]["message"]


def test_case9_malformed_feeds_are_reported(tmp_path):
    empty = tmp_path / "cut.xml"
    empty.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Cut', encoding="utf-8")
    broken = tmp_path / "broken.rss"
    broken.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
                      f"<item><title>One</title><description>{STRIKE.format(n=8)}</description></item>"
                      "<item><title>Two & three</title><description>", encoding="utf-8")
    db = str(tmp_path / "w.db")
    report = api.ingest([str(empty), str(broken)], db=db, process=False)
    codes = {(f.code, f.source_ref) for f in report.failures}
    assert ("W109", str(empty)) in codes
    assert report.ingested == 1
    assert any(w.code == "W109" and w.source_ref == str(broken) and "malformed XML" in w.message
               for w in [*report.failures, *report.warnings])
    assert not any(f.code == "W103" for f in report.failures), "an XML error must not read as 'empty text'"
    result = CliRunner().invoke(build_app(), ["ingest", str(empty), "--db", db, "--no-process"])
    assert result.exit_code == 1 and "W109" in result.output


def test_case10_unknown_file_types_in_a_directory_are_recorded(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(STRIKE.format(n=9), encoding="utf-8")
    (folder / "blob.bin").write_bytes(b"\x00\x01\x02 binary")
    db = str(tmp_path / "w.db")
    result = CliRunner().invoke(build_app(), ["ingest", str(folder), "--db", db, "--no-process"])
    assert result.exit_code == 0, result.output
    assert "W117" in result.output and "blob.bin" in result.output and "warnings 1" in result.output
    listed = _errors(db)
    assert "W117" in listed and "blob.bin" in listed


def test_case11_cp1252_text_is_read_as_cp1252_with_a_warning(tmp_path):
    text = ("Le café de la place à Alep a été détruit lundi; selon l’OSDH, 12 civils sont morts. "
            "Les secouristes ont dégagé les décombres jusqu’à l’aube, a déclaré un témoin.")
    path = tmp_path / "fr.txt"
    path.write_bytes(text.encode("cp1252"))
    latin1 = tmp_path / "fr-latin1.txt"
    latin1.write_bytes(("Garçon, élève, naïve, déjà vu à Hama: 3 tués. " * 3).encode("latin-1"))
    db = str(tmp_path / "w.db")
    report = api.ingest([str(path), str(latin1)], db=db, process=False)
    assert report.ingested == 2
    engine = open_store(db)
    try:
        from warclaims import api as a

        stored = {x.source_ref: x for x in a.articles(engine, limit=10)}
    finally:
        engine.dispose()
    assert stored[str(path)].text == text
    assert "Garçon, élève, naïve, déjà vu à Hama" in stored[str(latin1)].text
    assert sorted((w.code, w.source_ref) for w in report.warnings) == [("W118", str(latin1)), ("W118", str(path))]
    assert "W118" in _errors(db)


def test_case11_cyrillic_cp1251_is_still_detected(tmp_path):
    text = "Авиаудар убил 12 человек в Алеппо в понедельник, сообщили активисты. " * 3
    path = tmp_path / "ru.txt"
    path.write_bytes(text.encode("cp1251"))
    report = api.ingest([str(path)], db=str(tmp_path / "w.db"), process=False)
    assert report.ingested == 1 and [w.code for w in report.warnings] == ["W118"]
    assert "cp1252" not in report.warnings[0].message
