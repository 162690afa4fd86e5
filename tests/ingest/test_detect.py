"""warclaims.ingest.detect: the format of an input by URL, directory, extension or its first bytes."""

from __future__ import annotations

import shutil

import pytest

from warclaims.ingest import detect_format
from warclaims.ingest.detect import extensions, format_by_extension

from .support import ARA_TXT, FAKES_DEV, SAMPLE


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("fakes-sample.csv", "fakes"),
        ("feed.xml", "feed"),
        ("sample.warc.gz", "warc"),
        ("ara-news-deir-ez-zor-2016-09.txt", "text"),
        ("html", "dir"),
        (".", "dir"),
    ],
)
def test_detect_format_of_sample_files(name, fmt):
    assert detect_format(str(SAMPLE / name)) == fmt


def test_detect_format_sniffs_files_without_known_extension(tmp_path):
    for name, source in (
        ("page", next(SAMPLE.glob("html/*.html"))),
        ("archive.bin", SAMPLE / "sample.warc.gz"),
        ("news", SAMPLE / "feed.xml"),
        ("note", ARA_TXT),
    ):
        shutil.copyfile(source, tmp_path / name)
    assert [detect_format(str(tmp_path / n)) for n in ("page", "archive.bin", "news", "note")] == [
        "html",
        "warc",
        "feed",
        "text",
    ]
    assert detect_format("https://example.org/rss") == "url"


def test_extensions_of_the_registered_readers_longest_first():
    assert {".warc.gz": "warc", ".csv": "csv", ".html": "html"}.items() <= extensions().items()
    assert format_by_extension("/data/CC-NEWS-2016.WARC.GZ") == "warc"  # not the shorter ".gz"
    assert format_by_extension("notes.pdf") is None


def test_a_csv_is_fakes_only_with_the_fakes_header(tmp_path):
    assert detect_format(str(FAKES_DEV)) == "fakes"
    plain = tmp_path / "tolls.csv"
    plain.write_text("day,governorate,killed\n2016-09-17,Deir ez-Zor,62\n", encoding="utf-8")
    assert detect_format(str(plain)) == "csv"
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b'"unit_id\x00,article_title\n')
    assert detect_format(str(broken)) == "csv"
