"""warclaims.watch.sources: intervals like ``15m``, sources from the command line and from a
``sources.toml`` file, and the W806 that names what is wrong in one."""

from __future__ import annotations

import pytest

from warclaims.errors import WarclaimsError
from warclaims.watch.sources import DEFAULT_INTERVAL_S, Source, load_sources_file, sources_from_args

SOURCES = """\
every = "10m"

[[source]]
url = "https://english.ahram.org.eg/rss/Syria.rss"
outlet = "Ahram Online"
every = "5m"

[[source]]
path = "/srv/drop"
kind = "dir"
map = { headline = "title", body = "text" }

[[alert]]
match = "admin1=Idlib,killed>=10"
webhook = "https://hooks.example.org/warclaims"
"""


@pytest.mark.parametrize("value,seconds", [("90", 90), ("30s", 30), ("15m", 900), ("2h", 7200), ("1d", 86400)])
def test_intervals(value, seconds):
    from warclaims.watch.sources import parse_interval

    assert parse_interval(value) == seconds


def test_bad_interval_is_w902():
    from warclaims.errors import WarclaimsError
    from warclaims.watch.sources import parse_interval

    with pytest.raises(WarclaimsError, match="W902"):
        parse_interval("soon")


def test_a_sources_file_gives_its_sources_and_alerts(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(SOURCES, encoding="utf-8")
    loaded = load_sources_file(str(path))
    assert loaded.sources == [
        Source(source="https://english.ahram.org.eg/rss/Syria.rss", outlet="Ahram Online", interval_s=300),
        Source(source="/srv/drop", kind="dir", interval_s=600, mapping={"headline": "title", "body": "text"}),
    ]
    assert loaded.alerts == [{"match": "admin1=Idlib,killed>=10", "webhook": "https://hooks.example.org/warclaims"}]


@pytest.mark.parametrize(("text", "reason"), [
    ('[[source]]\nurl = "https://sana.sy/en/?feed=rss2"\ncolour = "red"\n', "unknown key(s) colour"),
    ('[[source]]\nurl = "https://sana.sy/en/?feed=rss2"\npath = "/srv/drop"\n', "exactly one of url or path"),
    ('[[source]]\nurl = "https://sana.sy/en/?feed=rss2"\nkind = "podcast"\n', "kind must be one of"),
    ('[[source]]\nurl = "https://sana.sy/en/?feed=rss2"\nevery = "soon"\n', "not an interval"),
    ('[[source]]\npath = "/srv/drop"\nmap = { headline = 3 }\n', "map must be a table"),
    ('sources = 1\n', "unknown key(s) sources"),
    ('[[source]\nurl = 1\n', "line 1"),
])
def test_a_bad_sources_file_is_w806_naming_the_problem(tmp_path, text, reason):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WarclaimsError) as exc:
        load_sources_file(str(path))
    assert exc.value.code == "W806" and reason in str(exc.value) and str(path) in str(exc.value)


def test_a_missing_sources_file_is_w806(tmp_path):
    with pytest.raises(WarclaimsError, match="W806.*cannot read"):
        load_sources_file(str(tmp_path / "absent.toml"))


def test_sources_from_arguments_share_the_interval():
    sources = sources_from_args(["https://sana.sy/en/?feed=rss2", "/srv/drop"], 120)
    assert [(s.source, s.kind, s.interval_s) for s in sources] == [
        ("https://sana.sy/en/?feed=rss2", None, 120), ("/srv/drop", None, 120)]
    assert Source(source="x").interval_s == DEFAULT_INTERVAL_S == 900
