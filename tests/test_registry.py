"""The registries at the extension points: registration, lookup, coded errors, live views, entry points."""

from __future__ import annotations

import sys
import textwrap

import pytest

from warclaims.errors import WarclaimsError
from warclaims.registry import Registry


def _shout(text: str) -> str:
    return text.upper()


def _whisper(text: str) -> str:
    return text.lower()


def test_a_decorated_function_is_registered_with_its_metadata_in_order():
    voices = Registry("voice", option="--voice")
    voices.register("shout", volume=10)(_shout)
    voices.add("whisper", _whisper, volume=1)
    assert voices.get("shout")("war") == "WAR" and voices["whisper"]("WAR") == "war"
    assert voices.names() == ("shout", "whisper") and list(voices) == ["shout", "whisper"]
    assert voices.meta("shout")["volume"] == 10
    assert voices.names(volume=1) == ("whisper",)


def test_an_unknown_name_is_w902_naming_the_option_and_the_choices():
    voices = Registry("voice", option="--voice")
    voices.add("shout", _shout)
    with pytest.raises(WarclaimsError) as info:
        voices.get("sing")
    assert info.value.code.value == "W902"
    assert str(info.value) == "[W902] invalid option --voice: unknown voice 'sing'; choose one of shout"
    with pytest.raises(KeyError):
        voices["sing"]  # the mapping protocol keeps KeyError
    assert "sing" not in voices


def test_a_name_taken_by_another_function_is_refused_but_the_same_one_may_register_again():
    voices = Registry("voice")
    voices.add("shout", _shout)
    voices.add("shout", _shout)  # a module imported twice (or reloaded) registers again
    with pytest.raises(ValueError, match="already registered"):
        voices.add("shout", _whisper)


def test_a_view_is_live_and_behaves_like_the_tuple_it_replaces():
    voices = Registry("voice")
    view = voices.view()
    voices.add("shout", _shout)
    assert view == ("shout",) and len(view) == 1 and "shout" in view
    voices.add("whisper", _whisper, quiet=True)
    assert view == ("shout", "whisper") and view + ("sing",) == ("shout", "whisper", "sing")
    assert ", ".join(view) == "shout, whisper" and view[-1] == "whisper"
    others = Registry("other voice")
    others.add("hum", _whisper, quiet=True)
    assert voices.view(quiet=True).union(others.view()) == ("whisper", "hum")
    voices.remove("whisper")
    assert view == ("shout",)


def test_a_name_not_registered_is_looked_up_in_the_installed_entry_points(tmp_path, monkeypatch):
    # A distribution installed beside warclaims (here: its metadata on sys.path) adds a voice.
    (tmp_path / "wc_plugin_voices.py").write_text(textwrap.dedent('''
        def sing(text):
            return "~" + text + "~"
    '''))
    info = tmp_path / "wc_plugin_voices-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: wc-plugin-voices\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[warclaims.test_voices]\nsing = wc_plugin_voices:sing\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "wc_plugin_voices", raising=False)
    voices = Registry("voice", group="test_voices")
    voices.add("shout", _shout)
    assert voices.names() == ("shout",)  # entry points are not scanned until a name is missing
    assert voices.get("sing")("war") == "~war~"
    assert voices.names() == ("shout", "sing") and "sing" in voices.view()
    assert "hum" not in voices
