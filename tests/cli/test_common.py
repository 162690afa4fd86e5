"""The output helpers every command shares: JSON Lines on stdout, coded errors on stderr."""

from __future__ import annotations

import datetime as dt
import json

import typer

from warclaims.cli.common import fail, print_json_lines
from warclaims.errors import E, WarclaimsError
from warclaims.models import IngestFailure


def test_json_lines_are_one_object_per_row_with_text_kept_as_written(capsys):
    rows = [
        IngestFailure(source_ref="حلب.txt", code="W103", message="empty text after extraction",
                      created=dt.datetime(2016, 9, 18, 12, 30)),
        {"outlet": "SANA", "killed": 18},
    ]
    assert print_json_lines(rows) == 2
    out = capsys.readouterr().out
    assert "حلب.txt" in out  # not \\u-escaped
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["code"] == "W103" and first["created"].startswith("2016-09-18")
    assert second == {"outlet": "SANA", "killed": 18}
    assert print_json_lines([]) == 0


def test_fail_prints_the_coded_error_on_stderr_and_returns_the_exit(capsys):
    err = WarclaimsError(E.W901, feature="serve", extra="web")
    exit_ = fail(err)
    assert isinstance(exit_, typer.Exit) and exit_.exit_code == 1
    assert fail(err, exit_code=2).exit_code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    # The [web] of the message is text, not rich markup.
    assert "error [W901] serve needs the optional extra 'web': pip install 'warclaims[web]'" in captured.err
