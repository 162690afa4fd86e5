"""Evaluate incident context extraction (issue 3) on the development data.

1. Gold: data/gold/gold-dev.jsonl with texts from data/fakes/fakes-dev.csv; focus = the first
   gold claim's quote in the text (the lead when none). Accuracy of event_type, date, admin1,
   place (case-insensitive, either contains the other) and perpetrator.
2. FA-KES: admin1 agreement with the ``location`` column over all dev rows, focus = the lead
   (``damascus`` covers Damascus and Rif Dimashq).
Also prints ms/article of read_incident_context excluding the spaCy parse.

Run: ``.venv/bin/python scripts/eval_context.py [--gold-published] [-v]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import time
from pathlib import Path

from warclaims.extract.context import read_incident_context
from warclaims.extract.nlp import load_base_pipeline

ROOT = Path(__file__).resolve().parents[1]
FAKES_LOCATION = {
    "aleppo": {"Aleppo"}, "damascus": {"Damascus", "Rif Dimashq"}, "idlib": {"Idlib"},
    "deir ezzor": {"Deir ez-Zor"}, "homs": {"Homs"}, "raqqa": {"Raqqa"}, "hasakeh": {"Hasakah"},
    "hama": {"Hama"}, "daraa": {"Daraa"}, "lattakia": {"Latakia"}, "quneitra": {"Quneitra"},
    "tartous": {"Tartus"}, "sweida": {"As-Suwayda"},
}


def all_fakes_rows() -> list[dict[str, str]]:
    """Return every FA-KES dev row (617, duplicates included)."""
    with open(ROOT / "data/fakes/fakes-dev.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def fakes_rows() -> dict[str, dict[str, str]]:
    """Return the FA-KES dev rows by unit_id (first occurrence wins)."""
    rows: dict[str, dict[str, str]] = {}
    for row in all_fakes_rows():
        rows.setdefault(row["unit_id"], row)
    return rows


def fakes_date(value: str) -> dt.date | None:
    """Return the date of a FA-KES M/D/YYYY cell, or None."""
    try:
        month, day, year = (int(x) for x in value.split("/"))
        return dt.date(year, month, day)
    except ValueError:
        return None


def place_agrees(got: str | None, want: str | None) -> bool:
    """Return True when two place names agree loosely (case-insensitive containment)."""
    if not got or not want:
        return got == want
    a, b = got.lower().replace("-", " "), want.lower().replace("-", " ")
    return a in b or b in a


def eval_gold(nlp, rows, *, gold_published: bool, verbose: bool) -> float:
    """Print field accuracies on gold; return the total ms spent in read_incident_context."""
    fields = ("event_type", "date", "admin1", "place", "perpetrator")
    hits = dict.fromkeys(fields, 0)
    n, spent = 0, 0.0
    for line in open(ROOT / "data/gold/gold-dev.jsonl", encoding="utf-8"):
        gold = json.loads(line)
        incident = gold["incident"]
        row = rows.get(gold["id"])
        if incident is None or row is None:
            continue
        text = row["article_content"]
        published = dt.date.fromisoformat(gold["published"]) if gold_published else fakes_date(row["date"])
        quote = (incident.get("claims") or [{}])[0].get("quote")
        start = text.find(quote) if quote else -1
        focus = (start, start + len(quote)) if start >= 0 else None
        doc = nlp(text)
        t0 = time.perf_counter()
        ctx = read_incident_context(doc, title=row["article_title"], published=published, focus=focus)
        spent += time.perf_counter() - t0
        n += 1
        got = {"event_type": ctx.event_type, "date": ctx.date.isoformat() if ctx.date else None,
               "admin1": ctx.admin1, "place": ctx.place, "perpetrator": ctx.perpetrator}
        for name in fields:
            ok = place_agrees(got[name], incident[name]) if name == "place" else got[name] == incident[name]
            hits[name] += ok
            if verbose and not ok:
                print(f"  {gold['id']} {name}: got {got[name]!r} want {incident[name]!r}"
                      + (f" [{ctx.perpetrator_text!r} vs {incident['perpetrator_text']!r}]" if name == "perpetrator" else ""))
    print(f"gold: {n} incidents")
    for name in fields:
        print(f"  {name:12s} {hits[name] / n:.3f}")
    return spent * 1000 / max(n, 1)


def eval_fakes(nlp, rows, *, verbose: bool) -> float:
    """Print admin1 agreement with FA-KES location (lead as focus); return ms/article."""
    agree, n, spent = 0, 0, 0.0
    items = all_fakes_rows()
    docs = nlp.pipe((r["article_content"] for r in items), batch_size=32)
    for row, doc in zip(items, docs):
        t0 = time.perf_counter()
        ctx = read_incident_context(doc, title=row["article_title"], published=fakes_date(row["date"]), focus=None)
        spent += time.perf_counter() - t0
        n += 1
        ok = ctx.admin1 in FAKES_LOCATION.get(row["location"], {row["location"]})
        agree += ok
        if verbose and not ok:
            print(f"  {row['unit_id']} fakes={row['location']!r} got={ctx.admin1!r} place={ctx.place!r} | {row['article_title'][:70]}")
    print(f"fakes: admin1 agreement {agree / n:.3f} over {n} articles")
    return spent * 1000 / n


def main() -> None:
    """Run both evaluations and print the timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold-published", action="store_true", help="use gold 'published' instead of the FA-KES date column")
    parser.add_argument("--skip-fakes", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    nlp = load_base_pipeline()
    rows = fakes_rows()
    ms = eval_gold(nlp, rows, gold_published=args.gold_published, verbose=args.verbose)
    print(f"  read_incident_context: {ms:.2f} ms/article (excluding the parse)")
    if not args.skip_fakes:
        ms = eval_fakes(nlp, rows, verbose=args.verbose)
        print(f"  read_incident_context: {ms:.2f} ms/article over FA-KES (excluding the parse)")


if __name__ == "__main__":
    main()
