"""Normalisation at ingestion: NFC, controls, NBSP/curly quotes kept, hashes, ids, encodings, language."""

from __future__ import annotations

import datetime as dt

import pytest

from warclaims.errors import E, WarclaimsError
from warclaims.ingest import normalize as N
from warclaims.models import Article, IngestFailure

from .support import ARA_TXT, fakes_rows


def test_nfc_and_controls_removed_but_newline_tab_nbsp_and_curly_quotes_kept():
    raw = "Syria\u0301s\x00 army\x07\r\nsaid\u00a0\u201cno\u201d\tnow\x1b\u0085"
    text = N.normalize_text(raw)
    assert text == "Syriás army\nsaid\u00a0\u201cno\u201d\tnow"


def test_content_hash_ignores_whitespace_layout_but_not_words():
    one = "At least 60 Syrian army soldiers\nwere killed."
    other = "  At least 60\u00a0Syrian  army soldiers were\n\n killed.  "
    assert N.content_hash(one) == N.content_hash(other)
    assert N.content_hash(one) != N.content_hash(one.replace("60", "62"))


def test_ids_dataset_then_url_then_hash():
    digest = N.content_hash("some text")
    assert N.article_id(dataset_id="1914947532", url="https://x.org/a", digest=digest) == "1914947532"
    by_url = N.article_id(dataset_id=None, url="https://X.org/a#comments", digest=digest)
    assert by_url == N.article_id(dataset_id="", url="https://x.org/a", digest=digest)
    assert by_url.startswith("url-") and len(by_url) == 20
    assert N.article_id(dataset_id=None, url=None, digest=digest) == digest[:16]


def test_make_article_keeps_bad_date_as_warning_not_failure():
    item = N.make_article(text="A strike hit the town.", source_ref="x.csv#row=3", published="31/31/2017")
    assert isinstance(item, Article)
    assert item.published is None
    assert item.metadata["warnings"][0].startswith("[W116] x.csv#row=3: bad date '31/31/2017'")


def test_make_article_empty_text_is_w103():
    item = N.make_article(text=" \n\u00a0\n", source_ref="empty.txt")
    assert isinstance(item, IngestFailure) and item.code == "W103"
    assert item.message == "empty.txt: empty text after extraction"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4/7/2017", dt.date(2017, 4, 7)),
        ("2017-04-08T10:00:00Z", dt.date(2017, 4, 8)),
        ("Sat, 08 Apr 2017 09:30:00 +0000", dt.date(2017, 4, 8)),
        ("", None),
    ],
)
def test_parse_published_formats(value, expected):
    assert N.parse_published(value) == expected


def test_decode_wrongly_declared_latin1_is_detected_as_cp1252_text():
    # Real FA-KES text with curly quotes, saved as Windows-1252 but declared UTF-8.
    text = "Barazi said \u201cthe human casualties are not big\u201d \u2013 Homs\u2019 governor."
    decoded = N.decode_bytes(text.encode("cp1252"), "page.html", declared="utf-8")
    assert decoded.text == text
    assert decoded.how == "detected"


def test_decode_binary_is_w104():
    with pytest.raises(WarclaimsError) as info:
        N.decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "logo.txt")
    assert info.value.code is E.W104
    assert "logo.txt" in info.value.message and "NUL" in info.value.message


def test_decode_utf16_with_bom():
    assert N.decode_bytes("Aleppo \u2013 Idlib".encode("utf-16"), "x.txt").text == "Aleppo \u2013 Idlib"


def test_language_english_fakes_row_and_arabic_and_french():
    row = fakes_rows("1914947532")[1]
    assert N.detect_language(row[2]) == "en"
    assert N.detect_language(ARA_TXT.read_text(encoding="utf-8")) == "en"
    assert N.detect_language("قتل 18 مدنيا في غارة جوية على ريف إدلب") == "ar"
    assert (
        N.detect_language(
            "Le bilan de la frappe est de 18 morts selon une ONG qui dit que les victimes sont des civils"
        )
        == "fr"
    )
    assert N.detect_language("12 345 678") is None
