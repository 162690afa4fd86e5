"""Polling bad sources on loopback: each failure has its code and the other sources go on."""

from __future__ import annotations

from watchdata import ARTICLE_A, ARTICLE_B, Doc, rss
from warclaims.ingest.url import http_client
from warclaims.store import watch as ws
from warclaims.store.articles import list_errors
from warclaims.store.engine import open_store
from warclaims.watch.loop import Watcher
from warclaims.watch.poll import listing_links, poll_source
from warclaims.watch.sources import Source


def poll(url: str, *, kind: str | None = None, etag: str | None = None, known: set[str] = frozenset(),
         max_bytes: int = 1_000_000):
    with http_client(5.0) as client:
        return poll_source(Source(source=url, kind=kind), kind=None, etag=etag, last_modified=None,
                           seen=lambda keys: set(keys) & known, client=client, max_bytes=max_bytes, timeout=5.0)


def test_new_entries_only_and_conditional_requests(feeds):
    feeds.set("/f.rss", rss("Ahram Online", [ARTICLE_A, ARTICLE_B]))
    first = poll(feeds.url("/f.rss"))
    assert first.kind == "feed" and first.error is None and first.seen == 2
    assert sorted(first.items) == ["ahram-idlib-1", "araby-idlib-2"]
    assert first.items["ahram-idlib-1"][0].outlet == "Ahram Online"
    again = poll(feeds.url("/f.rss"), known={"ahram-idlib-1"})
    assert list(again.items) == ["araby-idlib-2"]
    unchanged = poll(feeds.url("/f.rss"), etag=first.etag)
    assert unchanged.not_modified and unchanged.items == {} and unchanged.etag == first.etag
    assert feeds.headers[-1]["If-None-Match"] == first.etag
    assert "warclaims/" in feeds.headers[-1]["User-Agent"]


def test_malformed_feeds(feeds):
    # Not a feed at all: the whole source fails with W109.
    feeds.set("/bad.rss", b"\x00\x01\x02 not xml at all", content_type="application/rss+xml")
    broken = poll(feeds.url("/bad.rss"))
    assert broken.error is not None and broken.error.code == "W109" and broken.items == {}
    # A truncated feed: feedparser recovers the one entry, which has no text: W109 naming the XML
    # error for that entry, and a W109 warning that the document was recovered from a broken one.
    feeds.set("/cut.rss", b"<rss version='2.0'><channel><item><title>x</title>", content_type="application/rss+xml")
    cut = poll(feeds.url("/cut.rss"))
    assert cut.error is None
    found = [(i.code, i.source_ref, i.warning) for group in cut.items.values() for i in group]
    assert sorted(found) == sorted([("W109", feeds.url("/cut.rss") + "#entry=1", False),
                                    ("W109", feeds.url("/cut.rss"), True)])
    # A valid feed with no entries yet is no failure of the source.
    feeds.set("/empty.rss", b"<rss version='2.0'><channel><title>t</title></channel></rss>",
              content_type="application/rss+xml")
    empty = poll(feeds.url("/empty.rss"))
    assert empty.error is None and empty.items == {}


def test_redirect_loop_is_w110(feeds):
    feeds.docs["/a"] = Doc(redirect=feeds.url("/b"))
    feeds.docs["/b"] = Doc(redirect=feeds.url("/a"))
    result = poll(feeds.url("/a"))
    assert result.error.code == "W110" and "redirects" in result.error.message


def test_html_where_a_feed_was_is_w801(feeds):
    feeds.set("/f.rss", b"<html><body><p>Maintenance</p></body></html>", content_type="text/html")
    result = poll(feeds.url("/f.rss"), kind="feed")
    assert result.error.code == "W801"


def test_oversize_feed_is_w111(feeds):
    feeds.set("/big.rss", rss("Big", [ARTICLE_A] * 40))
    result = poll(feeds.url("/big.rss"), max_bytes=2000)
    assert result.error.code == "W111" and "2000" in result.error.message


def test_javascript_and_file_links_are_w802_and_not_kept(feeds):
    bad = dict(ARTICLE_A, link="javascript:alert(1)")
    feeds.set("/f.rss", rss("Ahram Online", [bad]))
    result = poll(feeds.url("/f.rss"))
    entry = result.items["ahram-idlib-1"][0]
    assert entry.url is None and "Idlib" in entry.text
    assert [(n.code, "javascript:alert(1)" in n.message) for n in result.notes] == [("W802", True)]
    (warning,) = entry.metadata["warnings"]
    assert warning.startswith("[W120]") and "ignored link 'javascript:alert(1)'" in warning


def test_listing_follows_same_site_http_links_only(feeds):
    page = (
        '<html><body><a href="/news/1">one</a><a href="javascript:void(0)">js</a>'
        '<a href="file:///etc/passwd">f</a><a href="mailto:x@example.org">m</a>'
        '<a href="https://elsewhere.example/x">out</a><a href="/news/1#top">dup</a></body></html>'
    ).encode()
    notes: list = []
    links = listing_links(page, feeds.url("/list"), feeds.url("/list"), notes)
    assert links == [feeds.url("/news/1")]
    assert sorted(n.code for n in notes) == ["W802", "W802"]
    article = (f"<html><head><title>{ARTICLE_A['title']}</title></head><body><article><h1>{ARTICLE_A['title']}</h1>"
               f"<p>{ARTICLE_A['text']}</p></article></body></html>").encode()
    feeds.set("/list", page, content_type="text/html")
    feeds.set("/news/1", article, content_type="text/html")
    result = poll(feeds.url("/list"))
    assert result.kind == "listing" and list(result.items) == [feeds.url("/news/1")]
    assert "Urum al-Joz" in result.items[feeds.url("/news/1")][0].text


def test_bad_sources_are_recorded_and_the_good_one_goes_on(feeds, sqlite_url):
    feeds.set("/good.rss", rss("Ahram Online", [ARTICLE_A]))
    feeds.set("/html.rss", b"<html><body>not a feed</body></html>", content_type="text/html")
    feeds.set("/junk.rss", b"\x00\x01binary", content_type="application/rss+xml")
    feeds.docs["/loop"] = Doc(redirect=feeds.url("/loop"))
    engine = open_store(sqlite_url)
    sources = [Source(source=feeds.url(p), kind="feed" if p == "/html.rss" else None, interval_s=60)
               for p in ("/good.rss", "/html.rss", "/junk.rss", "/loop")]
    watcher = Watcher(engine, sources)
    watcher.recover()
    report = watcher.cycle(force=True)
    assert (report.polled, report.failed, report.ingested) == (4, 3, 1)
    codes = {s.source.rsplit("/", 1)[1]: s.last_error_code for s in ws.source_states(engine)}
    assert codes == {"good.rss": None, "html.rss": "W801", "junk.rss": "W109", "loop": "W110"}
    assert sorted(e.code for e in list_errors(engine)) == ["W109", "W110", "W801"]
    watcher.close()
    engine.dispose()


def test_directory_source_ingests_new_and_changed_files(tmp_path, sqlite_url):
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "a.txt").write_text(ARTICLE_A["title"] + "\n\n" + ARTICLE_A["text"], encoding="utf-8")
    (drop / "notes.md").write_text("not an article", encoding="utf-8")
    engine = open_store(sqlite_url)
    watcher = Watcher(engine, [Source(source=str(drop), interval_s=60)])
    watcher.recover()
    assert watcher.cycle(force=True).ingested == 1
    assert watcher.cycle(force=True).new_items == 0
    (drop / "b.txt").write_text(ARTICLE_B["title"] + "\n\n" + ARTICLE_B["text"], encoding="utf-8")
    report = watcher.cycle(force=True)
    assert (report.new_items, report.ingested) == (1, 1)
    assert ws.get_source(engine, str(drop)).items_seen == 2
    watcher.close()
    engine.dispose()
