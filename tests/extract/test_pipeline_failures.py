"""A failure while assembling one article's extraction (pipeline.py), on the real pipeline:
``extract_articles`` raises W201 naming the article and the reason (api.process records it),
``extract_articles_lenient`` logs it and goes on with the batch."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from warclaims.errors import WarclaimsError
from warclaims.models import Article

pipeline = pytest.importorskip("warclaims.extract.pipeline")

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.txt"
HOMS = "Shelling in Homs.\n\nFour people were killed in shelling of Homs on Friday, activists said.\n"


@pytest.fixture
def failing_on_homs(monkeypatch):
    """Make a real stage of the assembly raise on the Homs article only."""
    real_incident = pipeline._incident

    def incident(ctx, members, article, index, *rest):
        if "Homs" in article.text:
            raise ValueError("stage bug on this article")
        return real_incident(ctx, members, article, index, *rest)

    monkeypatch.setattr(pipeline, "_incident", incident)


def _articles() -> list[Article]:
    return [Article(id="homs-1", text=HOMS), Article(id="ara-1", text=EXAMPLE.read_text(encoding="utf-8"))]


def test_extract_articles_raises_w201_naming_the_article(failing_on_homs):
    with pytest.raises(WarclaimsError) as info:
        list(pipeline.extract_articles(_articles()))
    assert info.value.code.value == "W201"
    assert "homs-1" in info.value.message and "ValueError: stage bug on this article" in info.value.message


def test_lenient_extraction_logs_w201_and_goes_on(failing_on_homs, caplog):
    with caplog.at_level(logging.WARNING, logger="warclaims.extract.pipeline"):
        out = list(pipeline.extract_articles_lenient(_articles()))
    assert [e.article_id for e in out] == ["homs-1", "ara-1"]
    assert out[0].incidents == [] and out[1].incidents, "the next article of the batch is still extracted"
    assert any("[W201] homs-1" in r.getMessage() for r in caplog.records)
