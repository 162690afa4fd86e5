"""`warclaims load`: store the Parquet output of `warclaims batch` in a database."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from warclaims.api.records import E, WarclaimsError, to_dict
from warclaims.cli.common import DbOption, console, fail
from warclaims.cli.ingest import progress_bar
from warclaims.engines.load import load_outputs

BUCKET_ROWS = 10_000  # warclaims.engines.load.BUCKET_ROWS (not imported here: keeps `--help` free of pyarrow)
_LABELS = {"partition": "partitioning", "articles": "storing articles", "links": "storing links"}

HELP = """Load OUT_DIR (written by `warclaims batch`) into the store: articles, incidents, claims, failures, links and ledgers.

Articles go through the same identity rules as `ingest` (duplicates are not stored twice), so loading a folder twice stores nothing new. Works with SQLite and PostgreSQL.

Memory stays bounded by --bucket-rows whatever the corpus size: larger output is first partitioned by article id into a temporary folder (under --tmp-dir, default OUT_DIR; removed afterwards), which needs about as much free disk as OUT_DIR.

Example:

    warclaims load out/ --db postgresql+psycopg://warclaims@127.0.0.1/warclaims
"""


def register(app: typer.Typer) -> None:
    """Add the ``load`` command."""

    @app.command("load", help=HELP)
    def load_cmd(
        out_dir: str = typer.Argument(..., metavar="OUT_DIR", help="Folder written by `warclaims batch`."),
        db: str | None = DbOption,
        json_out: bool = typer.Option(False, "--json", help="Print the report as one JSON object."),
        bucket_rows: int = typer.Option(
            BUCKET_ROWS, "--bucket-rows", min=1, help="Most rows held in memory at once (memory bound)."
        ),
        tmp_dir: str | None = typer.Option(
            None, "--tmp-dir", help="Folder for the temporary partition of large output (default: OUT_DIR)."
        ),
    ) -> None:
        try:
            if not (Path(out_dir) / "articles").is_dir():
                raise WarclaimsError(E.W113, item=f"{out_dir}/articles")
            with progress_bar(enabled=not json_out) as update:
                def progress(stage: str, done: int, total: int | None) -> None:
                    update(_LABELS.get(stage, stage), done, total)

                report = load_outputs(out_dir, db, bucket_rows=bucket_rows, tmp_dir=tmp_dir, progress=progress)
        except WarclaimsError as err:
            raise fail(err) from err
        if json_out:
            sys.stdout.write(json.dumps(to_dict(report), ensure_ascii=False) + "\n")
            return
        out = console()
        for note in report.notes:
            out.print(f"note: {note}", markup=False, highlight=False, soft_wrap=True)
        out.print(
            f"loaded {report.articles} articles ({report.duplicates} already stored), "
            f"{report.extractions} extractions, {report.failures} failures, {report.links} links",
            markup=False, highlight=False,
        )
