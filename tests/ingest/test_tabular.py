"""CSV, JSON Lines and FA-KES: mapping, metadata, malformed rows and lines, speed."""

from __future__ import annotations

import re

import csv
import datetime as dt
import io
import json
import time

from warclaims.ingest import detect_format, read_inputs
from warclaims.ingest.tabular import read_csv, read_fakes, read_jsonl
from warclaims.models import Article, IngestFailure

from .support import FAKES_DEV, fakes_rows


def _write_csv(path, rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def test_fakes_dev_reads_all_617_rows_quickly_with_builtin_mapping():
    start = time.perf_counter()
    items = list(read_inputs([str(FAKES_DEV)]))
    elapsed = time.perf_counter() - start
    assert detect_format(str(FAKES_DEV)) == "fakes"
    assert len(items) == 617 and all(isinstance(i, Article) for i in items)
    assert elapsed < 3.0, f"reading FA-KES dev took {elapsed:.2f} s"
    first = items[0]
    assert first.id == "1914947532"
    assert first.title == "Homs governor says U.S. attack caused deaths but doesnt see big human losses"
    assert first.outlet == "nna" and first.published == dt.date(2017, 4, 7)
    assert first.metadata == {"location": "homs", "labels": 0}
    assert first.source_ref == f"{FAKES_DEV}#row=1"
    assert first.text.startswith("Fri 07 Apr 2017 at 0914 Homs governor says")
    assert {i.language for i in items} == {"en"}


def test_fakes_duplicate_articles_share_content_hash():
    # FA-KES lists some articles twice (README); same text gives the same hash.
    items = list(read_fakes(str(FAKES_DEV)))
    assert len({i.content_hash for i in items}) < len(items)


def test_malformed_csv_rows_fail_and_the_rest_is_read(tmp_path):
    header, good1, good2 = fakes_rows("1923848140", "1923102878")
    path = tmp_path / "broken.csv"
    short = good1[:3]  # a row cut after article_content: wrong field count
    no_text = [good2[0], good2[1], "   ", *good2[3:]]
    _write_csv(path, [header, good1, short, no_text, good2])
    items = list(read_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == ["Article", "IngestFailure", "IngestFailure", "Article"]
    assert items[1].code == "W105"
    assert re.fullmatch(re.escape(f"{path}#row=2: malformed CSV row (line ") + r"\d+: expected 7 fields, found 3\)",
                        items[1].message), items[1].message
    assert (items[2].code, items[2].message) == (
        "W105",
        f"{path}#row=3: malformed CSV row (no text in column 'article_content')",
    )
    assert items[3].source_ref == f"{path}#row=4" and items[3].id == good2[0]


def test_generic_csv_with_mapping_and_aliases(tmp_path):
    _, row = fakes_rows("1923102878")
    path = tmp_path / "mine.csv"
    _write_csv(
        path,
        [
            ["story", "headline", "link", "date", "desk"],
            [row[2], row[1], "https://alaraby.example/a/1", "2017-04-08", "Idlib"],
        ],
    )
    unmapped, article = list(read_csv(str(path), mapping={"story": "text"}))
    assert unmapped.warning and unmapped.code == "W119" and "'desk'" in unmapped.message
    assert article.text == row[2] and article.title == row[1]
    assert article.url == "https://alaraby.example/a/1" and article.id.startswith("url-")
    assert article.published == dt.date(2017, 4, 8)
    assert article.metadata == {"desk": "Idlib"}


def test_csv_without_text_column_is_w114(tmp_path):
    path = tmp_path / "notext.csv"
    _write_csv(path, [["id", "title"], ["1", "A title"]])
    (item,) = list(read_inputs([str(path)]))
    assert (item.code, item.message) == ("W114", f"{path}: missing required column(s) text for format 'csv'")


def test_jsonl_malformed_line_fails_and_the_rest_is_read(tmp_path):
    _, row1, row2 = fakes_rows("1923848140", "1923102878")
    path = tmp_path / "articles.jsonl"
    lines = [
        json.dumps(
            {"id": row1[0], "title": row1[1], "text": row1[2], "outlet": row1[3], "published": "2017-04-08"}
        ),
        '{"id": "x", "text": "unterminated',
        "[1, 2, 3]",
        json.dumps({"id": 42, "title": "no text here"}),
        json.dumps({"unit_id": row2[0], "article_content": row2[2], "source": row2[3], "location": row2[5]}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    everything = list(read_inputs([str(path)]))
    warnings = [i for i in everything if isinstance(i, IngestFailure) and i.warning]
    assert [(w.code, w.source_ref) for w in warnings] == [("W119", f"{path}#line=5")]
    assert "'location'" in warnings[0].message
    items = [i for i in everything if i not in warnings]
    assert [type(i).__name__ for i in items] == [
        "Article",
        "IngestFailure",
        "IngestFailure",
        "IngestFailure",
        "Article",
    ]
    assert items[1].code == "W106"
    assert items[1].message.startswith(f"{path}#line=2: malformed JSON line (Unterminated string")
    assert items[2].message == f"{path}#line=3: malformed JSON line (expected a JSON object, found list)"
    assert items[3].message == f"{path}#line=4: malformed JSON line (no text in column 'text')"
    assert items[0].id == row1[0] and items[0].published == dt.date(2017, 4, 8)
    assert (
        items[4].id == row2[0] and items[4].outlet == row2[3] and items[4].metadata == {"location": row2[5]}
    )


def test_jsonl_with_explicit_mapping(tmp_path):
    _, row = fakes_rows("1923848140")
    path = tmp_path / "m.jsonl"
    path.write_text(json.dumps({"k": row[0], "body_html_stripped": row[2]}) + "\n", encoding="utf-8")
    (article,) = list(read_jsonl(str(path), mapping={"k": "id", "body_html_stripped": "text"}))
    assert isinstance(article, Article) and article.id == row[0]


def test_undecodable_csv_bytes_are_w104_not_a_crash(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(b"id,text\n1,\x00\x00\x00\x01\x02\x03")
    (item,) = list(read_inputs([str(path)]))
    assert isinstance(item, IngestFailure) and item.code == "W104"
