"""HTML pages via trafilatura: main text only, metadata, canonical URL, encodings, pages without text."""

from __future__ import annotations

import datetime as dt
import html

from warclaims.ingest import read_inputs
from warclaims.ingest.html import extract_html, read_html
from warclaims.ingest.normalize import content_hash, url_id
from warclaims.ingest.tabular import read_fakes
from warclaims.models import Article, IngestFailure

from .support import ARA_HTML, SAMPLE, ara_quotes, fakes_rows

FURNITURE = (
    "Leave a Reply",
    "eighteen + 11",
    "Your email address will not be published",
    "Post Comment",
    "Share on Facebook",
    "Tweet",
    "Share this",
    "Contact us",
    "Kurdistan",
    "All rights reserved",
)


def test_ara_page_keeps_article_text_and_drops_comment_form_and_share_buttons():
    (article,) = list(read_html(str(ARA_HTML)))
    assert isinstance(article, Article)
    for quote in ara_quotes():
        assert quote in article.text  # NBSPs and curly quotes survive extraction
    for furniture in FURNITURE:
        assert furniture not in article.text
    assert article.text.endswith("Source: ARA News")


def test_ara_page_metadata_canonical_url_date_outlet_and_paragraph_lines():
    (article,) = list(read_html(str(ARA_HTML)))
    canonical = (
        "http://aranews.net/2016/09/dozens-of-syrian-soldiers-killed-in-coalition-strikes-near-deir-ez-zor/"
    )
    assert article.url == canonical
    assert article.id == url_id(canonical)
    assert article.title == "Dozens of Syrian soldiers killed in coalition strikes near Deir ez-Zor"
    assert article.outlet == "ARA News"
    assert article.published == dt.date(2016, 9, 18)
    assert article.language == "en"
    lines = article.text.split("\n")
    assert (
        "The US-led coalition conducted four airstrikes on the Deir ez-Zor military airport, that has been "
        "besieged by militants of the Islamic State (ISIS) for months.\u00a0" in lines
    )
    assert len(lines) >= 12


def test_sample_page_has_same_content_hash_as_its_fakes_row():
    page = next(SAMPLE.glob("html/ahram-1923848146-*.html"))
    (article,) = list(read_html(str(page)))
    rows = {a.id: a for a in read_fakes(str(SAMPLE / "fakes-sample.csv"))}
    assert article.content_hash == rows["1923848146"].content_hash
    assert article.title == rows["1923848146"].title  # the <h1> is the title, not a text line
    assert article.outlet == "Ahram Online" and article.published == dt.date(2017, 4, 4)


def test_page_with_no_main_text_is_w108_and_batch_goes_on(tmp_path):
    empty = tmp_path / "comments-only.html"
    empty.write_text(
        "<html><head><title>Comments</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/syria'>Syria</a></nav>"
        "<form id='commentform'><h3>Leave a Reply</h3><textarea></textarea><p>eighteen + 11 = <input></p>"
        "<input type=submit value='Post Comment'></form></body></html>",
        encoding="utf-8",
    )
    items = list(read_inputs([str(empty), str(ARA_HTML)]))
    assert isinstance(items[0], IngestFailure)
    assert (items[0].code, items[0].message) == ("W108", f"{empty}: HTML page with no main text")
    assert isinstance(items[1], Article)


def _page(title: str, text: str, charset: str) -> str:
    return (
        f"<html><head><meta charset='{charset}'><title>{html.escape(title)}</title></head><body>"
        f"<article><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></article></body></html>"
    )


def test_wrongly_declared_charset_is_detected_and_decoded(tmp_path):
    _, row = fakes_rows("1914947532")
    title, text = row[1], row[2].replace("doesnt", "doesn\u2019t")
    page = tmp_path / "cp1252.html"
    page.write_bytes(_page(title, text, "utf-8").encode("cp1252"))  # says UTF-8, is Windows-1252
    (article,) = list(read_inputs([str(page)]))
    assert isinstance(article, Article)
    assert "doesn\u2019t see big human losses" in article.text
    assert "\ufffd" not in article.text


def test_binary_html_is_w104(tmp_path):
    page = tmp_path / "image.html"
    page.write_bytes(b"GIF89a\x01\x00\x01\x00\x00\x00\x00!\xf9\x04")
    (item,) = list(read_inputs([str(page)]))
    assert item.code == "W104" and item.message.startswith(f"{page}: binary file, not text")


def test_extract_html_without_canonical_uses_the_given_url():
    _, row = fakes_rows("1923848140")
    item = extract_html(_page(row[1], row[2], "utf-8"), source_ref="x", url="https://example.org/a?id=1")
    assert item.url == "https://example.org/a?id=1"
    assert item.id == url_id("https://example.org/a?id=1")
    assert item.content_hash == content_hash(row[2])
