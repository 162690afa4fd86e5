"""Build the sample corpus data/sample/ from FA-KES dev and the gold annotations.

Usage: ``python scripts/make_sample.py [--out data/sample]``. Inputs are read only:
``data/fakes/fakes-dev.csv``, ``tests/data/gold-dev-v1.jsonl`` (the first 58 gold articles),
``data/examples/``.
The output is deterministic (no timestamps, no random ids), so re-running it on the
same inputs reproduces the committed files byte for byte.

What it writes:

* ``fakes-sample.csv``: FA-KES layout, 36 articles: every gold article that shares an
  ``incident_group`` with another (something to link), more gold articles with an
  incident, and four stories without a casualty incident (diplomacy);
* ``html/*.html``: 8 of those articles as realistic news pages (navigation, share
  buttons, comment form, canonical link, og:site_name, article:published_time);
* ``sample.warc.gz``: 4 more of them as HTTP responses, with a warcinfo record and an
  image response that readers must skip;
* ``feed.xml``: RSS 2.0 with 3 entries carrying the full text in ``content:encoded``;
* ``ara-news-deir-ez-zor-2016-09.txt``: the ARA News example, as captured.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import html
import io
import json
import re
import shutil
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAKES = ROOT / "data" / "fakes" / "fakes-dev.csv"
# The sample is drawn from the first annotation round (58 articles, kept as a test fixture):
# the full gold (166 articles) links about a hundred, too many for a quick `make run`.
GOLD = ROOT / "tests" / "data" / "gold-dev-v1.jsonl"
EXAMPLE = ROOT / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.txt"

MORE_GOLD = 12
DIPLOMATIC_IDS = ("1926479125", "1926479037", "1926479260", "1926479327")
HTML_IDS = (
    "1923848146",  # Khan Sheikhoun, ahram
    "1926479106",  # Khan Sheikhoun, manar
    "1919191759",  # Khan Sheikhoun, trt
    "1923102878",  # Urum al-Joz, alaraby
    "1923848148",  # Bab al-Nayrab, ahram
    "1926479150",  # Atareb, etilaf
    "1918398799",  # Tokhar, dailysabah
    "1924058050",  # Aleppo 2015, jordantimes
)
WARC_IDS = ("1926479178", "1923102859", "1924058099", "1965511178")
FEED_IDS = ("1923848140", "1923848168", "1923848252")  # all Ahram Online: one outlet's feed

OUTLETS = {
    "ahram": ("Ahram Online", "english.ahram.org.eg"),
    "manar": ("Al-Manar", "english.almanar.com.lb"),
    "alalam": ("Alalam", "en.alalam.ir"),
    "alaraby": ("The New Arab", "www.alaraby.co.uk"),
    "dailysabah": ("Daily Sabah", "www.dailysabah.com"),
    "sana": ("SANA", "sana.sy"),
    "sputnik": ("Sputnik International", "sputniknews.com"),
    "etilaf": ("Syrian Coalition", "en.etilaf.org"),
    "trt": ("TRT World", "www.trtworld.com"),
    "jordantimes": ("The Jordan Times", "www.jordantimes.com"),
    "reuters": ("Reuters", "www.reuters.com"),
    "arabiya": ("Al Arabiya English", "english.alarabiya.net"),
    "nna": ("National News Agency", "nna-leb.gov.lb"),
    "asharqalawsat": ("Asharq Al-Awsat", "english.aawsat.com"),
    "tass": ("TASS", "tass.com"),
}
FAKES_COLUMNS = ["unit_id", "article_title", "article_content", "source", "date", "location", "labels"]
# Sentence ends followed by a capital: where the one-paragraph FA-KES texts are cut into paragraphs.
_SENTENCE_BREAK = re.compile(r'(?<=[.!?"])\s+(?=[A-Z"])')


def load_rows() -> list[dict[str, str]]:
    """Return the FA-KES dev rows in file order."""
    with FAKES.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_gold() -> list[dict]:
    """Return the gold annotations, one per distinct article id, in file order."""
    seen: dict[str, dict] = {}
    with GOLD.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                seen.setdefault(record["id"], record)
    return list(seen.values())


def select_ids(gold: list[dict]) -> list[str]:
    """Return the ids of the sample: grouped gold, more gold with incidents, diplomatic stories."""
    groups: dict[str, int] = {}
    for record in gold:
        if record.get("incident_group"):
            groups[record["incident_group"]] = groups.get(record["incident_group"], 0) + 1
    linked = [r["id"] for r in gold if groups.get(r.get("incident_group") or "", 0) > 1]
    more = [r["id"] for r in gold if r["id"] not in linked and r.get("incident")][:MORE_GOLD]
    return linked + more + list(DIPLOMATIC_IDS)


def slug(title: str) -> str:
    """Return a URL slug of a title."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:80]


def iso_date(fakes_date: str) -> str:
    """Return ``YYYY-MM-DD`` for a FA-KES ``M/D/YYYY`` date."""
    month, day, year = (int(x) for x in fakes_date.split("/"))
    return dt.date(year, month, day).isoformat()


def article_url(row: dict[str, str]) -> str:
    """Return a plausible canonical URL for a row (the outlet's host, the FA-KES id, a slug)."""
    host = OUTLETS[row["source"]][1]
    return f"https://{host}/news/{row['unit_id']}/{slug(row['article_title'])}"


def paragraphs(text: str, per_paragraph: int = 3) -> list[str]:
    """Return the text cut into paragraphs of a few sentences (only at spaces: words unchanged)."""
    sentences = _SENTENCE_BREAK.split(text.strip())
    return [" ".join(sentences[i : i + per_paragraph]) for i in range(0, len(sentences), per_paragraph)]


def render_page(row: dict[str, str]) -> str:
    """Return a realistic HTML news page for a FA-KES row, furniture included."""
    site, host = OUTLETS[row["source"]]
    title = html.escape(row["article_title"])
    url = html.escape(article_url(row))
    day = iso_date(row["date"])
    body = "\n".join(
        f"        <p>{html.escape(p, quote=False)}</p>" for p in paragraphs(row["article_content"])
    )
    share = html.escape(article_url(row), quote=True)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title} | {html.escape(site)}</title>
  <link rel="canonical" href="{url}">
  <meta property="og:site_name" content="{html.escape(site)}">
  <meta property="og:type" content="article">
  <meta property="og:title" content="{title}">
  <meta property="og:url" content="{url}">
  <meta property="article:published_time" content="{day}T09:30:00+00:00">
  <meta property="article:section" content="Middle East">
  <link rel="stylesheet" href="https://{host}/static/css/site.css">
</head>
<body class="article-page">
  <div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
  <header class="site-header">
    <a class="logo" href="https://{host}/">{html.escape(site)}</a>
    <nav class="main-nav" aria-label="Main">
      <ul>
        <li><a href="https://{host}/">Home</a></li>
        <li><a href="https://{host}/world/">World</a></li>
        <li><a href="https://{host}/middle-east/">Middle East</a></li>
        <li><a href="https://{host}/syria/">Syria</a></li>
        <li><a href="https://{host}/opinion/">Opinion</a></li>
        <li><a href="https://{host}/video/">Video</a></li>
      </ul>
    </nav>
    <form class="search" action="https://{host}/search"><input name="q" placeholder="Search"></form>
  </header>
  <main>
    <article class="story">
      <h1 class="story-title">{title}</h1>
      <div class="byline">By {html.escape(site)} staff | <time datetime="{day}T09:30:00+00:00">{day}</time></div>
      <ul class="share-buttons">
        <li><a href="https://www.facebook.com/sharer/sharer.php?u={share}">Share on Facebook</a></li>
        <li><a href="https://twitter.com/intent/tweet?url={share}">Share on Twitter</a></li>
        <li><a href="https://wa.me/?text={share}">Share on WhatsApp</a></li>
        <li><a href="mailto:?subject={title}">Email this story</a></li>
      </ul>
      <div class="story-body">
{body}
      </div>
      <div class="tags">Tags: <a href="https://{host}/tag/syria">Syria</a> <a href="https://{host}/tag/war">War</a></div>
    </article>
    <aside class="related">
      <h2>Most read</h2>
      <ul>
        <li><a href="https://{host}/news/1/markets-close-higher">Markets close higher as oil prices recover</a></li>
        <li><a href="https://{host}/news/2/football-cup-final">Cup final ends in dramatic penalty shoot-out</a></li>
        <li><a href="https://{host}/news/3/weather-week-ahead">Weather: a warm week ahead for the region</a></li>
      </ul>
    </aside>
    <section id="comments" class="comments">
      <h2>Leave a Reply</h2>
      <form id="commentform" action="https://{host}/comments/post" method="post">
        <p class="comment-notes">Your email address will not be published. Required fields are marked *</p>
        <label>Comment <textarea name="comment"></textarea></label>
        <label>Name * <input name="author"></label>
        <label>Email * <input name="email"></label>
        <p class="captcha">seven + 4 = <input name="captcha"></p>
        <button type="submit">Post Comment</button>
      </form>
    </section>
  </main>
  <footer class="site-footer">
    <p>&copy; {day[:4]} {html.escape(site)}. All rights reserved.</p>
    <ul><li><a href="https://{host}/about">About us</a></li><li><a href="https://{host}/privacy">Privacy policy</a></li></ul>
  </footer>
</body>
</html>
"""


def write_csv(rows: list[dict[str, str]], path: Path) -> None:
    """Write rows in the FA-KES layout (same columns, same quoting style)."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FAKES_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: row[k] for k in FAKES_COLUMNS} for row in rows)


def _record_id(key: str) -> str:
    return f"<urn:uuid:{uuid.UUID(hashlib.sha256(key.encode()).hexdigest()[:32])}>"


def _warc_date(row: dict[str, str]) -> str:
    return f"{iso_date(row['date'])}T12:00:00Z"


def write_warc(rows: list[dict[str, str]], path: Path) -> None:
    """Write a gzipped WARC: warcinfo, one HTML response per row, and one image response to skip."""
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    info = writer.create_warcinfo_record(
        path.name,
        {"software": "warclaims scripts/make_sample.py", "description": "FA-KES sample (CC BY 4.0)"},
    )
    info.rec_headers.replace_header("WARC-Record-ID", _record_id("warcinfo"))
    info.rec_headers.replace_header("WARC-Date", "2019-04-01T00:00:00Z")
    writer.write_record(info)
    for index, row in enumerate(rows):
        body = render_page(row).encode("utf-8")
        _write_response(writer, article_url(row), _warc_date(row), "text/html; charset=utf-8", body)
        if index == 1:  # an image between the pages: readers must skip it
            host = OUTLETS[row["source"]][1]
            image = b"\x89PNG\r\n\x1a\n" + hashlib.sha256(b"sample image").digest() * 8
            _write_response(
                writer, f"https://{host}/static/img/logo.png", _warc_date(row), "image/png", image
            )
    path.write_bytes(buffer.getvalue())


def _write_response(writer, url: str, date: str, content_type: str, body: bytes) -> None:
    from warcio.statusandheaders import StatusAndHeaders

    http_headers = StatusAndHeaders(
        "200 OK",
        [("Content-Type", content_type), ("Content-Length", str(len(body)))],
        protocol="HTTP/1.1",
    )
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Record-ID": _record_id(url), "WARC-Date": date},
    )
    writer.write_record(record)


def render_feed(rows: list[dict[str, str]]) -> str:
    """Return an RSS 2.0 document whose items carry the full text in ``content:encoded``."""
    from email.utils import format_datetime

    site, host = OUTLETS[rows[0]["source"]]
    items = []
    for row in rows:
        day = dt.datetime.fromisoformat(iso_date(row["date"]) + "T09:30:00+00:00")
        content = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs(row["article_content"]))
        summary = html.escape(paragraphs(row["article_content"], per_paragraph=1)[0], quote=False)
        items.append(
            f"""    <item>
      <title>{html.escape(row["article_title"], quote=False)}</title>
      <link>{html.escape(article_url(row))}</link>
      <guid isPermaLink="true">{html.escape(article_url(row))}</guid>
      <pubDate>{format_datetime(day)}</pubDate>
      <description>{summary}</description>
      <content:encoded><![CDATA[{content}]]></content:encoded>
    </item>"""
        )
    joined = "\n".join(items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>{html.escape(site)}</title>
    <link>https://{host}/</link>
    <description>{html.escape(site)}: Syria news</description>
    <language>en</language>
{joined}
  </channel>
</rss>
"""


def build(out: Path) -> dict[str, int]:
    """Write the whole sample corpus under ``out``; return counts of what was written."""
    rows = load_rows()
    by_id: dict[str, dict[str, str]] = {}
    for row in rows:
        by_id.setdefault(row["unit_id"], row)
    wanted = set(select_ids(load_gold()))
    sample = [row for row in rows if row["unit_id"] in wanted and by_id[row["unit_id"]] is row]
    missing = [i for i in (*HTML_IDS, *WARC_IDS, *FEED_IDS) if i not in wanted]
    if missing:
        raise SystemExit(f"page ids not in the CSV sample: {missing}")
    out.mkdir(parents=True, exist_ok=True)
    write_csv(sample, out / "fakes-sample.csv")
    html_dir = out / "html"
    if html_dir.exists():
        shutil.rmtree(html_dir)
    html_dir.mkdir()
    for unit_id in HTML_IDS:
        row = by_id[unit_id]
        name = f"{row['source']}-{unit_id}-{slug(row['article_title'])[:40].strip('-')}.html"
        (html_dir / name).write_text(render_page(row), encoding="utf-8")
    write_warc([by_id[i] for i in WARC_IDS], out / "sample.warc.gz")
    (out / "feed.xml").write_text(render_feed([by_id[i] for i in FEED_IDS]), encoding="utf-8")
    shutil.copyfile(EXAMPLE, out / EXAMPLE.name)
    # The .txt carries no outlet or date; its sidecar does (published Sunday 2016-09-18, see
    # data/examples/README.md), so "on Saturday" resolves and figures are the outlet's.
    (out / (EXAMPLE.name + ".meta.json")).write_text(
        json.dumps({"outlet": "ARA News", "published": "2016-09-18"}) + "\n", encoding="utf-8"
    )
    return {"csv": len(sample), "html": len(HTML_IDS), "warc": len(WARC_IDS), "feed": len(FEED_IDS)}


def main() -> None:
    """Parse arguments and build the sample corpus."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "sample")
    args = parser.parse_args()
    print(build(args.out))


if __name__ == "__main__":
    main()
