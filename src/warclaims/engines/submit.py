"""Entry script for ``spark-submit``: the batch pipeline on the session spark-submit configured.

``warclaims batch --engine spark`` starts its own session (``--master``); on a cluster in
``--deploy-mode cluster`` the driver runs remotely, so spark-submit needs a script::

    spark-submit --master yarn --deploy-mode cluster \\
      --archives warclaims-env.tar.gz#env --conf spark.pyspark.python=./env/bin/python \\
      "$(python -c 'import warclaims.engines.submit as m; print(m.__file__)')" \\
      hdfs:///corpora/news/*.warc.gz -o hdfs:///warclaims/out --format warc

Arguments: ``INPUT... -o OUT_DIR [--format F] [--map COLUMN=FIELD]``. See docs/spark.md.
"""

from __future__ import annotations

import argparse
import json
import sys

from warclaims._lazy import require
from warclaims.api.batch import parse_mapping
from warclaims.engines.spark import run_spark
from warclaims.models import to_dict


def main(argv: list[str] | None = None) -> int:
    """Run the Spark engine on ``argv``; print the report as JSON; return 1 when items failed, else 0."""
    SparkSession = require("pyspark.sql", "spark", feature="spark-submit").SparkSession  # noqa: N806
    parser = argparse.ArgumentParser(prog="warclaims-spark-submit")
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("-o", "--out", required=True)
    parser.add_argument("-f", "--format", dest="fmt")
    parser.add_argument("--map", action="append", dest="mapping")
    args = parser.parse_args(argv)
    session = SparkSession.builder.appName("warclaims").getOrCreate()
    report = run_spark(args.inputs, args.out, fmt=args.fmt, mapping=parse_mapping(args.mapping), spark=session)
    print(json.dumps(to_dict(report)))
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
