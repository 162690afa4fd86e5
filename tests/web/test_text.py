"""Article text cut into segments for highlighting (web/text.py): quotes found in the real text, marks
kept in order without overlap, and every character of the text kept, as text (never as markup)."""

from __future__ import annotations

from warclaims.web.text import Mark, find_span, segments

from .webdata import EXAMPLE_TXT, HOSTILE_TEXT

QUOTE = "At least 60 Syrian army soldiers were killed"


def test_find_span_trusts_a_matching_span_else_finds_the_quote():
    text = EXAMPLE_TXT.read_text(encoding="utf-8")
    start = text.index(QUOTE)
    assert find_span(text, QUOTE) == (start, start + len(QUOTE))
    assert find_span(text, QUOTE, [start, start + 10]) == (start, start + 10)  # a stored span is used as given
    assert find_span(text, QUOTE, [start, len(text) + 5]) == (start, start + len(QUOTE))  # out of range: searched
    assert find_span(text, QUOTE, ["7", "9"]) == (7, 9)  # spans read from JSON may be strings
    assert find_span(text, "not in the article") is None and find_span(text, "", None) is None


def test_segments_keep_every_character_and_mark_the_quotes():
    text = EXAMPLE_TXT.read_text(encoding="utf-8")
    start = text.index(QUOTE)
    figure = text.index("60", start)
    quote = Mark(start=start, end=start + len(QUOTE), anchor="claim-1")
    inside = Mark(start=figure, end=figure + 2, kind="figure")  # overlaps the quote: the earlier mark wins
    tail = Mark(start=len(text) - 5, end=len(text) + 50, kind="figure")  # past the end: cut at the end
    parts = segments(text, [tail, inside, quote])
    assert "".join(p.text for p in parts) == text
    marked = [(p.text, p.mark.kind) for p in parts if p.mark]
    assert marked == [(QUOTE, "quote"), (text[-5:], "figure")]
    assert parts[0].mark is None and parts[0].text == text[:start]


def test_hostile_markup_is_cut_as_text_unchanged():
    start = HOSTILE_TEXT.index("<script>")
    end = HOSTILE_TEXT.index("</script>") + len("</script>")
    parts = segments(HOSTILE_TEXT, [Mark(start=start, end=end, label="<b>x</b>")])
    assert [p.text for p in parts] == [HOSTILE_TEXT[:start], HOSTILE_TEXT[start:end], HOSTILE_TEXT[end:]]
    assert parts[1].mark.label == "<b>x</b>"  # kept as given: the template escapes it
    assert segments("", [Mark(start=0, end=3)]) == []
    assert [(p.text, p.mark) for p in segments("plain", [])] == [("plain", None)]
