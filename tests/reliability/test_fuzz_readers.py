"""Every reader, fuzzed with hypothesis (bounded examples): no exception escapes, no unforeseen error
(the W101 "unexpected ..." guard), and every Article is storable text."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from warclaims.ingest import read_inputs  # noqa: E402
from warclaims.ingest.fetched import parse_fetched  # noqa: E402
from warclaims.ingest.url import Fetched  # noqa: E402
from warclaims.models import Article, IngestFailure  # noqa: E402

FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)
any_text = st.text(max_size=200)  # surrogates included: they must fail one item, never a file
raw = st.binary(max_size=3000)


def _check(items: list) -> None:
    """Assert the reader contract on what one input gave."""
    for item in items:
        assert isinstance(item, Article | IngestFailure), type(item)
        if isinstance(item, IngestFailure):
            assert item.code.startswith("W") and item.message
            # read_guarded turns an exception no reader foresaw into "W101 ...: unexpected <Type>: ..."
            assert not (item.code == "W101" and ": unexpected " in item.message), \
                f"an unforeseen error escaped a reader: {item.message}"
        else:
            assert item.text.strip() and item.content_hash
            item.text.encode("utf-8")  # storable: no lone surrogates
            (item.title or "").encode("utf-8")


def _read(name: str, data: bytes, fmt: str | None = None) -> list:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return list(read_inputs([str(path)], fmt))


@FUZZ
@given(st.one_of(raw, words.map(lambda t: t.encode("utf-8")), words.map(lambda t: t.encode("cp1252", "ignore"))))
def test_fuzz_text_reader(data):
    _check(_read("a.txt", data))


@FUZZ
@given(st.one_of(raw, st.builds(lambda t, b: f"<html><head><title>{t}</title></head><body><p>{b}</p></body>".encode(
    "utf-8"), words, words)))
def test_fuzz_html_reader(data):
    _check(_read("a.html", data))


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(row) for row in [header, *rows]).encode("utf-8")


csv_cell = st.one_of(words, st.just('"'), st.just('"unclosed'), st.just('a,"b"c'), st.just(""))


@FUZZ
@given(st.one_of(raw, st.builds(_csv_bytes, st.just(["id", "title", "text", "pubdate"]),
                                st.lists(st.lists(csv_cell, max_size=6), max_size=6))))
def test_fuzz_csv_reader(data):
    _check(_read("a.csv", data))


@FUZZ
@given(st.one_of(raw, st.builds(_csv_bytes, st.just(["unit_id", "article_title", "article_content", "source",
                                                     "date", "location", "labels"]),
                                st.lists(st.lists(csv_cell, min_size=7, max_size=7), max_size=5))))
def test_fuzz_fakes_reader(data):
    _check(_read("a.csv", data, "fakes"))


json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | any_text,
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
                          max_leaves=8)


@FUZZ
@given(st.one_of(raw, st.lists(st.one_of(st.dictionaries(st.sampled_from(["id", "text", "title", "published", "x"]),
                                                          json_value, max_size=5), json_value), max_size=5)
                 .map(lambda rows: "\n".join(json.dumps(r) for r in rows).encode("utf-8"))))
def test_fuzz_jsonl_reader(data):
    _check(_read("a.jsonl", data))


def _warc(body: bytes, length_delta: int, compress: bool) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    record = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/a\r\n"
              b"WARC-Record-ID: <urn:uuid:1>\r\nContent-Type: application/http; msgtype=response\r\n"
              + f"Content-Length: {max(len(http) + length_delta, 0)}\r\n\r\n".encode() + http + b"\r\n\r\n")
    return gzip.compress(record) if compress else record


@FUZZ
@given(st.one_of(raw, raw.map(gzip.compress),
                 st.builds(_warc, st.one_of(raw, words.map(lambda t: f"<html><body><p>{t}</p>".encode())),
                           st.integers(-50, 50), st.booleans())))
def test_fuzz_warc_reader(data):
    _check(_read("a.warc.gz", data, "warc"))


@FUZZ
@given(st.one_of(raw, st.builds(lambda t, d, cut: (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{t}'
                                                   f"</title><item><title>{t}</title><description>{d}</description>"
                                                   "</item></channel></rss>").encode("utf-8")[:cut],
                                words, words, st.integers(0, 600))))
def test_fuzz_feed_reader(data):
    _check(_read("a.xml", data, "feed"))


@FUZZ
@given(raw, st.sampled_from(["text/html", "text/plain", "application/rss+xml", "application/pdf", ""]))
def test_fuzz_fetched_url_body(data, content_type):
    """The url reader's parsing of a fetched body (fetching itself is tested on loopback)."""
    _check(list(parse_fetched(Fetched(url="http://example.org/a", content_type=content_type, charset=None,
                                      body=data), "http://example.org/a")))


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["a.txt", "b.csv", "c.bin", "d.jsonl", "e.html", "f"]), raw),
                max_size=4))
def test_fuzz_directory_reader(files):
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files:
            (Path(folder) / name).write_bytes(data)
        _check(list(read_inputs([folder])))


def test_fuzz_found_csv_header_with_a_carriage_return_in_a_directory(tmp_path):
    """Found by the fuzz test: a CR in a CSV's first line ended the whole directory with W101."""
    (tmp_path / "a.txt").write_text("An air strike killed 4 people in Hama on Friday, activists said.", encoding="utf-8")
    (tmp_path / "b.csv").write_bytes(b"id\rtext\n1,x\n")
    items = list(read_inputs([str(tmp_path)]))
    _check(items)
    assert any(isinstance(i, Article) and i.source_ref.endswith("a.txt") for i in items)
