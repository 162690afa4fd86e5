"""A new input format is one module: its decorated reader is detected by extension and read."""

from __future__ import annotations

import importlib
import sys
import textwrap

import pytest

from warclaims.ingest import FORMATS, READERS, detect_format, read_inputs
from warclaims.models import Article, IngestFailure

PLUGIN = '''
"""Subtitle files (.srt): the cue text, without numbers and timings, is the article."""

import re

from warclaims.errors import WarclaimsError
from warclaims.ingest.base import READERS, read_file_bytes
from warclaims.ingest.normalize import failure_from_error, make_article

_CUE_LINE = re.compile(r"^(\\d+|\\d\\d:\\d\\d:\\d\\d,\\d+ --> .*)$")


@READERS.register("srt", extensions=(".srt",))
def read_srt(path, **_):
    try:
        data = read_file_bytes(path)
    except WarclaimsError as err:
        yield failure_from_error(err, path)
        return
    lines = data.decode("utf-8").splitlines()
    yield make_article(text="\\n".join(line for line in lines if line.strip() and not _CUE_LINE.match(line)),
                       source_ref=path)
'''

SUBTITLES = """1
00:00:01,000 --> 00:00:04,000
An air strike killed 12 civilians in Saraqeb on Monday,

2
00:00:04,500 --> 00:00:08,000
the Syrian Observatory for Human Rights said.
"""


@pytest.fixture
def srt_plugin(tmp_path, monkeypatch):
    (tmp_path / "wc_srt_reader.py").write_text(textwrap.dedent(PLUGIN))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "wc_srt_reader", raising=False)
    yield importlib.import_module("wc_srt_reader")
    READERS.remove("srt")


def test_a_reader_registered_in_a_new_module_is_detected_and_read(srt_plugin, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "report.srt").write_text(SUBTITLES, encoding="utf-8")
    assert "srt" in FORMATS and detect_format(str(folder / "report.srt")) == "srt"
    items = list(read_inputs([str(folder)]))  # found in a folder by its extension, too
    assert [type(i) for i in items] == [Article]
    assert items[0].text == ("An air strike killed 12 civilians in Saraqeb on Monday,\n"
                             "the Syrian Observatory for Human Rights said.")
    assert [type(i) for i in read_inputs([str(folder / "report.srt")], "srt")] == [Article]


def test_without_its_module_the_format_is_w112_listing_the_built_in_ones(tmp_path):
    path = tmp_path / "report.srt"
    path.write_text(SUBTITLES, encoding="utf-8")
    [item] = read_inputs([str(path)], "srt")
    assert isinstance(item, IngestFailure) and item.code == "W112"
    assert "choose one of text, html, csv, jsonl, fakes, warc, feed, url, dir" in item.message
