"""WARC archives: HTML responses become Articles, other records are skipped, damage is W107."""

from __future__ import annotations

import gzip

from warclaims.ingest import read_inputs
from warclaims.ingest.tabular import read_fakes
from warclaims.ingest.warc import read_warc
from warclaims.models import Article, IngestFailure

from .support import ARA_HTML, SAMPLE

SAMPLE_WARC = SAMPLE / "sample.warc.gz"


def _record_offsets(path):
    """Return (offset, type, content type) of every record, read with warcio itself."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        records = ArchiveIterator(fh)
        out = []
        for record in records:
            ctype = record.http_headers.get_header("Content-Type") if record.http_headers else None
            out.append((records.offset, record.rec_type, ctype))
        return out


def test_sample_warc_yields_the_four_html_responses_and_skips_the_rest():
    items = list(read_warc(str(SAMPLE_WARC)))
    assert len(items) == 4 and all(isinstance(i, Article) for i in items)
    records = _record_offsets(SAMPLE_WARC)
    html_offsets = [
        off for off, kind, ctype in records if kind == "response" and ctype.startswith("text/html")
    ]
    assert [i.source_ref for i in items] == [f"{SAMPLE_WARC}#offset={off}" for off in html_offsets]
    assert {kind for _, kind, _ in records} == {"warcinfo", "response"}
    assert any(ctype == "image/png" for _, _, ctype in records)  # present in the file, skipped
    for item in items:
        assert item.url == item.metadata["warc_target_uri"]  # canonical link = target URI here
        assert item.id.startswith("url-")


def test_sample_warc_articles_dedup_against_their_csv_rows():
    rows = {a.content_hash: a for a in read_fakes(str(SAMPLE / "fakes-sample.csv"))}
    for item in read_warc(str(SAMPLE_WARC)):
        row = rows[item.content_hash]
        assert row.id in item.url and row.title == item.title


def test_truncated_warc_record_is_w107_after_the_good_records_and_batch_goes_on(tmp_path):
    records = [r for r in _record_offsets(SAMPLE_WARC) if r[1] == "response"]
    third_html, following = records[3][0], records[4][0]  # records: html, html, png, html, html
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(SAMPLE_WARC.read_bytes()[: (third_html + following) // 2])
    items = list(read_inputs([str(cut), str(ARA_HTML)]))
    assert [type(i).__name__ for i in items] == ["Article", "Article", "IngestFailure", "Article"]
    failure = items[2]
    assert failure.code == "W107" and failure.source_ref == f"{cut}#offset={third_html}"
    assert failure.message.startswith(f"{cut}#offset={third_html}: truncated or invalid WARC record (")
    assert "\n" not in failure.message


def test_uncompressed_warc_cut_in_a_record_is_w107(tmp_path):
    plain = tmp_path / "sample.warc"
    plain.write_bytes(gzip.decompress(SAMPLE_WARC.read_bytes()))
    cut = tmp_path / "cut.warc"
    cut.write_bytes(plain.read_bytes()[: int(plain.stat().st_size * 0.6)])
    full = list(read_warc(str(plain)))
    items = list(read_warc(str(cut)))
    assert len(full) == 4 and all(isinstance(i, Article) for i in full)
    assert isinstance(items[-1], IngestFailure) and items[-1].code == "W107"
    assert [i.content_hash for i in items[:-1]] == [i.content_hash for i in full[: len(items) - 1]]


def test_file_that_is_not_a_warc_is_w107(tmp_path):
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(gzip.compress(b"this is not a web archive\n" * 20))
    (item,) = list(read_inputs([str(junk)]))
    assert item.code == "W107" and item.source_ref == f"{junk}#offset=0"
