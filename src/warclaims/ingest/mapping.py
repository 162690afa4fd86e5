"""Column mappings given as ``COLUMN=FIELD`` pairs (``--map``, ``--columns``): parsed once, below
the CLI, the Spark submit script and the reference import that all take them."""

from __future__ import annotations

from collections.abc import Iterable

from warclaims.errors import E, WarclaimsError


def parse_mapping(pairs: Iterable[str] | None) -> dict[str, str] | None:
    """Return ``{column: field}`` from ``--map COLUMN=FIELD`` options (comma-separated lists allowed).

    Returns None when no pair is given; raises WarclaimsError W902 naming a malformed pair.
    """
    mapping: dict[str, str] = {}
    for item in pairs or ():
        for pair in filter(None, (p.strip() for p in item.split(","))):
            column, sep, name = pair.partition("=")
            if not sep or not column.strip() or not name.strip():
                raise WarclaimsError(E.W902, option="--map", reason=f"{pair!r} is not COLUMN=FIELD")
            mapping[column.strip()] = name.strip()
    return mapping or None
