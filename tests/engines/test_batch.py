"""warclaims.engines.batch: choosing an engine and a format; unknown ones and a missing extra are
catalogue errors."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_missing_pyspark_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import sys

    from warclaims.engines.batch import run_batch
    from warclaims.errors import WarclaimsError

    for name in ("pyspark", "pyspark.sql"):  # None in sys.modules: the import fails as if not installed
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(WarclaimsError) as info:
        run_batch([str(tmp_path)], tmp_path / "out", engine="spark")
    assert info.value.code.value == "W901" and "'spark'" in str(info.value)
