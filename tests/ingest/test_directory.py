"""Directories and read_inputs: sorted order, skipped files, cross-format de-duplication."""

from __future__ import annotations

import collections
import shutil
from pathlib import Path

from warclaims.ingest import FORMATS, read_inputs
from warclaims.ingest.directory import read_dir
from warclaims.models import Article, IngestFailure

from .support import ARA_TXT, SAMPLE


def test_every_format_has_a_reader_that_loads():
    from warclaims.ingest.base import load_reader

    assert {"text", "html", "csv", "jsonl", "fakes", "warc", "feed", "url", "dir"} <= set(FORMATS)
    assert all(callable(load_reader(fmt)) for fmt in FORMATS)


def test_unknown_format_is_w112_for_each_input():
    items = list(read_inputs([str(ARA_TXT), "x.pdf"], "pdf"))
    assert [(i.code, i.source_ref) for i in items] == [("W112", str(ARA_TXT)), ("W112", "x.pdf")]
    assert items[1].message == (
        "x.pdf: unknown input format 'pdf'; choose one of text, html, csv, jsonl, fakes, warc, feed, url, dir"
    )


def test_sample_directory_reads_every_format_in_sorted_order():
    everything = list(read_inputs([str(SAMPLE)]))
    skipped = [i for i in everything if isinstance(i, IngestFailure) and i.warning]
    assert [(i.code, Path(i.source_ref).name) for i in skipped] == [("W117", "README.md")]
    items = [i for i in everything if i not in skipped]
    assert all(isinstance(i, Article) for i in items), [i for i in items if isinstance(i, IngestFailure)]
    files = [i.source_ref.split("#")[0] for i in items]
    visited = list(dict.fromkeys(f.removeprefix(str(SAMPLE) + "/") for f in files))
    pages = sorted(p.name for p in (SAMPLE / "html").glob("*.html"))
    # os.walk order: a folder's own files (sorted), then its subfolders (sorted).
    assert visited == [
        "ara-news-deir-ez-zor-2016-09.txt",
        "fakes-sample.csv",
        "feed.xml",
        "sample.warc.gz",
        *(f"html/{name}" for name in pages),
    ]
    counts = collections.Counter(f.removeprefix(str(SAMPLE) + "/").split("/")[0] for f in files)
    assert counts == {
        "fakes-sample.csv": 37,
        "html": 8,
        "sample.warc.gz": 4,
        "feed.xml": 3,
        "ara-news-deir-ez-zor-2016-09.txt": 1,
    }
    assert not any("README" in f for f in files)
    assert [i.source_ref for i in read_dir(str(SAMPLE))] == [i.source_ref for i in everything]  # deterministic


def test_sample_copies_dedup_against_csv_rows_except_etilaf_twitter_tail():
    # Regression, etilaf 1926479150: the FA-KES text ends with a stray "Twitter" (share
    # button residue); trafilatura drops that line from the HTML page, so it cannot dedup.
    items = [i for i in read_inputs([str(SAMPLE)]) if isinstance(i, Article)]
    csv_hashes = {i.content_hash for i in items if "#row=" in i.source_ref}
    copies = [i for i in items if "#row=" not in i.source_ref and not i.source_ref.endswith(".txt")]
    unmatched = [i for i in copies if i.content_hash not in csv_hashes]
    assert len(copies) == 15
    assert [i.url.split("/news/")[1].split("/")[0] for i in unmatched] == ["1926479150"]
    assert unmatched[0].text.endswith("to protect Syrian civilians from these continued massacres.")


def test_directory_with_bad_files_goes_on(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "b.txt").symlink_to(tmp_path / "nowhere")
    (tmp_path / ".hidden.txt").write_text("Hidden\n\nNot read.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# Not an article format", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    shutil.copyfile(ARA_TXT, tmp_path / "sub" / "c.txt")
    items = list(read_inputs([str(tmp_path)]))
    assert [(type(i).__name__, getattr(i, "code", None)) for i in items] == [
        ("IngestFailure", "W104"),
        ("IngestFailure", "W101"),
        ("IngestFailure", "W117"),
        ("Article", None),
    ]
    assert items[2].warning and items[2].source_ref.endswith("notes.md")


def test_file_given_as_directory_fails(tmp_path):
    (item,) = list(read_inputs([str(ARA_TXT)], "dir"))
    assert (item.code, item.message) == ("W101", f"cannot read {ARA_TXT}: not a directory")
