"""Retrain the packaged credibility model on FA-KES dev and record its CV metrics.

Usage (from the repository root, ~3 minutes on 2 cores; extraction dominates):

    .venv/bin/python scripts/train_credibility.py [--csv data/fakes/fakes-dev.csv] [--cache DIR]

Writes src/warclaims/assess/data/credibility-model.json and prints the JSON provenance
(data sha256, versions, 5-fold CV metrics of model and baseline) to copy into MODEL_CARD.md.
``--cache`` reuses extractions between runs (keyed by article content); omit it for a clean run.
"""

from __future__ import annotations

import argparse
import json
import sys


def main(argv: list[str] | None = None) -> int:
    """Train and write the packaged model; return the process exit status."""
    from warclaims.assess.model import packaged_model_path
    from warclaims.assess.train import train

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", default="data/fakes/fakes-dev.csv")
    parser.add_argument("--cache", default=None, help="extraction cache directory (experiments)")
    parser.add_argument("--out", default=str(packaged_model_path()))
    args = parser.parse_args(argv)
    bundle = train(args.csv, args.out, cache_dir=args.cache, cv_folds=5)
    json.dump(bundle.info, sys.stdout, indent=2, default=str)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
