"""PySpark: stream JSONL through the `mojifix` binary with `RDD.pipe()`; no wheel needed.

    spark-submit python/recipes/spark_pipe.py records.jsonl out_dir --bin /path/to/mojifix

Each partition's lines go to one `mojifix fix --jsonl --keep-going` process on stdin and
come back on stdout, one line out per line in, in order. The binary reads and writes
record by record (memory stays flat whatever the partition size) and copies unchanged
records byte for byte. `--keep-going` passes a malformed line through unchanged instead
of failing the task. The binary must exist at the same path on every worker (install it,
or ship it with `--files mojifix` and pass `--bin ./mojifix`).
"""

from __future__ import annotations

import argparse
import shlex

from pyspark import RDD, SparkContext


def pipe_command(binary: str, *flags: str) -> str:
    return shlex.join([binary, "fix", "--jsonl", "--keep-going", *flags])


def clean_jsonl_rdd(lines: RDD, binary: str, *flags: str) -> RDD:
    """`lines` (JSONL strings) → cleaned JSONL strings, same count and order."""
    return lines.pipe(pipe_command(binary, *flags), checkCode=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--bin", default="mojifix", help="path of the mojifix binary on the workers")
    parser.add_argument("--partitions", type=int, default=None)
    args = parser.parse_args()
    sc = SparkContext.getOrCreate()
    lines = sc.textFile(args.input, minPartitions=args.partitions)
    clean_jsonl_rdd(lines, args.bin).saveAsTextFile(args.output)
    sc.stop()


if __name__ == "__main__":
    main()
