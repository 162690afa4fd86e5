"""warclaims.ingest.fetched: a fetched body read as a feed, plain text or HTML by its type; the
``url`` reader on a real HTTP server on loopback."""

from __future__ import annotations

from warclaims.ingest.feed import read_feed
from warclaims.ingest.fetched import parse_fetched, read_url
from warclaims.ingest.url import Fetched
from warclaims.models import Article, IngestFailure

from .conftest import Route
from .support import ARA_HTML, ARA_TXT, SAMPLE, ara_quotes

ARA_URL = "http://aranews.net/2016/09/ara-deir-ez-zor"


def test_fetched_bodies_are_read_by_their_type():
    html = Fetched(url=ARA_URL, content_type="text/html", charset="utf-8", body=ARA_HTML.read_bytes())
    (page,) = list(parse_fetched(html, "http://short.example/ara"))
    assert isinstance(page, Article) and page.metadata["fetched_url"] == ARA_URL
    assert all(quote in page.text for quote in ara_quotes())
    text = Fetched(url=ARA_URL + ".txt", content_type="text/plain", charset=None, body=ARA_TXT.read_bytes())
    (plain,) = list(parse_fetched(text, ARA_URL + ".txt"))
    assert isinstance(plain, Article) and plain.url == ARA_URL + ".txt" and ara_quotes()[0] in plain.text
    feed = Fetched(url="http://feeds.example/rss", content_type="text/html", charset=None,
                   body=(SAMPLE / "feed.xml").read_bytes())  # a feed served as HTML is still a feed
    assert len([i for i in parse_fetched(feed, "http://feeds.example/rss") if isinstance(i, Article)]) == 3


def test_an_unsupported_type_is_w110():
    pdf = Fetched(url=ARA_URL + ".pdf", content_type="application/pdf", charset=None, body=b"%PDF-1.4")
    (failure,) = list(parse_fetched(pdf, ARA_URL + ".pdf"))
    assert isinstance(failure, IngestFailure) and failure.code == "W110"
    assert "unsupported content type 'application/pdf'" in failure.message


def test_feed_by_url_is_read_as_a_feed(local_server):
    local_server.routes["/rss"] = Route(
        body=(SAMPLE / "feed.xml").read_bytes(), content_type="application/rss+xml"
    )
    by_url = list(read_url(local_server.url("/rss")))
    by_feed = list(read_feed(local_server.url("/rss")))
    assert len(by_url) == 3 and all(isinstance(i, Article) for i in by_url)
    assert [i.content_hash for i in by_url] == [i.content_hash for i in by_feed]
    assert by_url[0].source_ref == local_server.url("/rss") + "#entry=1"
