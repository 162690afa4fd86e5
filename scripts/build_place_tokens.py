"""Pre-compute the gazetteer spellings' tokens: ``src/warclaims/extract/data/place_tokens.json``.

Run after editing ``gazetteer.tsv`` or ``places_aliases.tsv`` or upgrading spaCy (a test fails
while the file is stale; extraction then tokenizes at start-up, correct but ~0.15 s slower):

    .venv/bin/python scripts/build_place_tokens.py

The spellings are tokenized with a blank English tokenizer (the rules the model's tokenizer
shares, checked by tests/extract/test_places.py); the output is deterministic.
"""

from __future__ import annotations

from pathlib import Path

from warclaims.extract.places import PLACE_TOKENS_FILE, _blank_tokenizer, write_place_tokens

OUT = Path(__file__).resolve().parents[1] / "src" / "warclaims" / "extract" / "data" / PLACE_TOKENS_FILE


def main() -> None:
    """Write the tokens file and say where."""
    write_place_tokens(_blank_tokenizer(), OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
