"""RSS/Atom feeds: full-text entries become Articles; a document that is not a feed is W109."""

from __future__ import annotations

import datetime as dt

from warclaims.ingest import detect_format, read_inputs
from warclaims.ingest.feed import read_feed
from warclaims.ingest.tabular import read_fakes
from warclaims.models import Article

from .support import SAMPLE, fakes_rows

SAMPLE_FEED = SAMPLE / "feed.xml"


def test_sample_feed_entries_carry_full_text_and_dedup_against_csv():
    assert detect_format(str(SAMPLE_FEED)) == "feed"
    items = list(read_feed(str(SAMPLE_FEED)))
    rows = {a.id: a for a in read_fakes(str(SAMPLE / "fakes-sample.csv"))}
    assert [i.source_ref for i in items] == [f"{SAMPLE_FEED}#entry={n}" for n in (1, 2, 3)]
    for item in items:
        assert isinstance(item, Article)
        unit_id = item.url.split("/news/")[1].split("/")[0]
        assert item.content_hash == rows[unit_id].content_hash
        assert item.title == rows[unit_id].title and item.published == rows[unit_id].published
        assert item.outlet == "Ahram Online" and item.metadata["feed_text"] == "content"
    assert items[0].published == dt.date(2017, 4, 8)


def test_atom_feed_with_summary_only(tmp_path):
    _, row = fakes_rows("1923848140")
    atom = tmp_path / "atom.xml"
    atom.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Ahram</title>'
        f"<entry><title>{row[1]}</title><link href='https://english.ahram.org.eg/a/1'/><id>tag:1</id>"
        f"<updated>2017-04-08T10:00:00Z</updated><summary>{row[2]}</summary></entry></feed>",
        encoding="utf-8",
    )
    (item,) = list(read_inputs([str(atom)]))
    assert item.text == row[2] and item.metadata["feed_text"] == "summary"
    assert item.published == dt.date(2017, 4, 8) and item.outlet == "Ahram"


def test_feed_that_is_not_xml_is_w109_and_batch_goes_on(tmp_path):
    bad = tmp_path / "feed.xml"
    bad.write_text("Strike kills 15 in Idlib. This is a plain note, not RSS.\n", encoding="utf-8")
    html_page = tmp_path / "page.rss"
    html_page.write_text("<html><body><p>not a feed</p></body></html>", encoding="utf-8")
    items = list(read_inputs([str(bad), str(html_page), str(SAMPLE_FEED)]))
    assert items[0].code == "W109" and items[0].message.startswith(f"{bad}: not a valid RSS/Atom feed (")
    assert items[1].code == "W109" and items[1].message.startswith(
        f"{html_page}: not a valid RSS/Atom feed ("
    )
    assert len(items) == 5 and all(isinstance(i, Article) for i in items[2:])


def test_feed_link_with_javascript_scheme_is_not_kept_as_url(tmp_path):
    """Security regression: feedparser passes ``<link>javascript:...</link>`` through unchanged,
    and article pages render Article.url as a link."""
    from warclaims.ingest import read_inputs

    feed = tmp_path / "evil.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Shelling in Homs</title>'
        "<link>javascript:alert(1)</link><description>Two people were killed by shelling in Homs on Friday, "
        "SANA said, and five others were wounded in the attack on the city.</description></item></channel></rss>"
    )
    [article] = list(read_inputs([str(feed)]))
    assert article.url is None
    assert any("W120" in w and "not an http(s) URL" in w for w in article.metadata["warnings"])
