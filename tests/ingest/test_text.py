"""Plain-text files: title line, text intact (ARA example), and the unreadable-file failures."""

from __future__ import annotations

from pathlib import Path
import os

from warclaims.ingest import read_inputs
from warclaims.ingest.text import read_text, split_title
from warclaims.models import Article, IngestFailure

from .support import ARA_TXT, ara_quotes, fakes_rows


def test_ara_example_text_intact_every_gold_quote_is_exact_substring():
    (article,) = list(read_text(str(ARA_TXT)))
    assert isinstance(article, Article)
    assert article.title == "Dozens of Syrian soldiers killed in coalition strikes near Deir ez-Zor"
    assert article.text.startswith("Members of the Syrian regime's army stand next to dead bodies")
    for quote in ara_quotes():
        assert quote in article.text
    assert article.text.count("\u00a0") == 11  # NBSPs of the capture are kept
    assert "\u2019" in article.text and "\u201c" in article.text
    assert article.language == "en"
    assert article.id == article.content_hash[:16]
    assert article.source_ref == str(ARA_TXT)


def test_title_only_when_it_looks_like_one():
    assert (
        split_title("Strike kills 15 in Idlib\n\nAn air strike killed 15.")[0] == "Strike kills 15 in Idlib"
    )
    # A first sentence is not a title, nor is a line not followed by a blank line.
    assert split_title("An air strike killed 15 civilians.\n\nMore text.")[0] is None
    assert split_title("Strike kills 15\nAn air strike killed 15.\n")[0] is None


def test_fakes_text_without_title_line_is_all_text(tmp_path):
    row = fakes_rows("1923848140")[1]
    path = tmp_path / "ahram.txt"
    path.write_text(row[2], encoding="utf-8")
    (article,) = list(read_text(str(path)))
    assert article.title is None and article.text == row[2].strip()


def _messages(items):
    return [(i.code, i.message) for i in items if isinstance(i, IngestFailure)]


def test_unreadable_inputs_each_fail_with_one_line_and_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(
        "Title here\n\nSeven civilians were injured in a rocket attack on Aleppo.", encoding="utf-8"
    )
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    broken = tmp_path / "broken.txt"
    broken.symlink_to(tmp_path / "gone.txt")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    inputs = [str(folder), str(fifo), str(broken), str(tmp_path / "missing.txt"), str(good)]
    items = list(read_inputs(inputs, "text"))
    assert _messages(items) == [
        ("W101", f"cannot read {folder}: is a directory, not a file"),
        ("W101", f"cannot read {fifo}: not a regular file (a FIFO)"),
        ("W101", f"cannot read {broken}: broken symbolic link"),
        ("W113", f"{tmp_path / 'missing.txt'}: no such file or directory"),
    ]
    assert isinstance(items[-1], Article) and items[-1].title == "Title here"
    assert all("\n" not in i.message for i in items[:-1])


def test_binary_empty_and_misencoded_files(tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)))
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n   \n", encoding="utf-8")
    latin = tmp_path / "latin.txt"
    row = fakes_rows("1914947532")[1]
    latin.write_bytes(("Homs governor\n\n" + row[2].replace("doesnt", "doesn\u2019t")).encode("cp1252"))
    items = list(read_inputs([str(binary), str(empty), str(latin)]))
    assert items[0].code == "W104"
    assert items[0].message == f"{binary}: binary file, not text (contains NUL bytes)"
    assert items[1].code == "W103" and items[1].message == f"{empty}: empty text after extraction"
    assert isinstance(items[2], Article)
    assert "doesn\u2019t" in items[2].text  # cp1252 detected, curly apostrophe decoded
    assert items[2].metadata["encoding_source"] == "detected"


def test_undecodable_bytes_are_w102_and_batch_goes_on(tmp_path):
    # Every byte 0x80-0xFF in turn: no NULs or controls (not binary), yet no encoding fits.
    garbled = tmp_path / "garbled.txt"
    garbled.write_bytes(bytes(range(0x80, 0x100)) * 3)
    items = list(read_inputs([str(garbled), str(ARA_TXT)]))
    assert (items[0].code, items[0].message) == (
        "W102",
        f"{garbled}: cannot decode text (no encoding fits the bytes)",
    )
    assert isinstance(items[1], Article)


def test_sidecar_gives_outlet_and_date_to_the_ara_example(tmp_path):
    """A plain-text file has no outlet or date; ``NAME.meta.json`` beside it supplies them."""
    import shutil

    from warclaims.ingest import read_inputs

    src = Path(__file__).resolve().parents[2] / "data" / "examples" / "ara-news-deir-ez-zor-2016-09.txt"
    txt = tmp_path / src.name
    shutil.copy(src, txt)
    (tmp_path / (src.name + ".meta.json")).write_text('{"outlet": "ARA News", "published": "2016-09-18"}')
    [article] = list(read_inputs([str(txt)]))
    assert article.outlet == "ARA News"
    assert str(article.published) == "2016-09-18"
    assert article.title.startswith("Dozens of Syrian soldiers killed")


def test_bad_sidecar_is_a_named_failure(tmp_path):
    from warclaims.ingest import read_inputs

    txt = tmp_path / "a.txt"
    txt.write_text("Title line\n\nA shell killed two people in Homs on Friday, SANA said.\n")
    (tmp_path / "a.txt.meta.json").write_text("[1, 2]")
    [item] = list(read_inputs([str(txt)]))
    assert item.code == "W101" and "a.txt.meta.json" in item.message and "not a JSON object" in item.message
