"""The engines' file reader: whole-file bytes read with ingest's own readers (no second copy)."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from warclaims.engines.readers import file_items
from warclaims.ingest.warc import read_warc, read_warc_stream
from warclaims.models import Article, IngestFailure

SAMPLE_WARC = Path(__file__).resolve().parents[2] / "data" / "sample" / "sample.warc.gz"


def test_warc_bytes_read_through_the_engine_path_match_ingest():
    """A WARC archive read as bytes by the engines yields the same articles as ``warclaims ingest``."""
    path = str(SAMPLE_WARC)
    engine_items = file_items(SAMPLE_WARC.read_bytes(), path, "warc")
    ingest_items = list(read_warc(path))
    articles = [i for i in engine_items if isinstance(i, Article)]
    assert articles, "the sample archive holds HTML captures"
    assert [(a.id, a.url, a.text) for a in articles] == [
        (a.id, a.url, a.text) for a in ingest_items if isinstance(a, Article)
    ]
    assert [i for i in engine_items if isinstance(i, IngestFailure)] == [
        i for i in ingest_items if isinstance(i, IngestFailure)
    ]


def test_a_cut_off_warc_is_reported_w107_through_the_engine_path(tmp_path):
    """A truncated archive's bytes give the articles before the cut and one W107 naming the offset."""
    raw = gzip.decompress(SAMPLE_WARC.read_bytes())
    cut = raw[: len(raw) * 2 // 3]
    items = file_items(cut, "cut.warc", "warc")
    failures = [i for i in items if isinstance(i, IngestFailure)]
    assert [f.code for f in failures] == ["W107"] and failures[0].source_ref.startswith("cut.warc#offset=")
    assert len(items) == len(list(read_warc_stream(io.BytesIO(cut), "cut.warc")))
