"""PySpark in local mode (local[2]): the recipes clean a JSONL dataset of 12,000 records
with mojibake, through the wheel (mapInPandas, pandas_udf) and through `RDD.pipe()` and
the CLI binary. Record count and order are kept, and the output equals the CLI's.

Takes about a minute (most of it starting the JVM). Skip with MOJIFIX_SKIP_SPARK=1.
"""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

N_RECORDS = 12_000
RECIPES = Path(__file__).resolve().parents[1] / "recipes"

pytestmark = pytest.mark.skipif(
    os.environ.get("MOJIFIX_SKIP_SPARK", "") not in ("", "0"),
    reason="MOJIFIX_SKIP_SPARK is set",
)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory, mojifix_bin):
    from corpus import write_jsonl

    path = write_jsonl(tmp_path_factory.mktemp("spark") / "records.jsonl", N_RECORDS)
    cli = subprocess.run([str(mojifix_bin), "fix", "--jsonl", "--keep-going", str(path)], capture_output=True, check=True)
    cli_lines = cli.stdout.decode("utf-8").split("\n")
    assert cli_lines[-1] == ""
    cli_lines = cli_lines[:-1]
    assert len(cli_lines) == N_RECORDS
    changed = sum(a != b for a, b in zip(path.read_text(encoding="utf-8").split("\n"), cli_lines))
    assert changed > N_RECORDS // 3, "the dataset should hold plenty of mojibake"
    return path, cli_lines


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java: Spark needs Java 17")
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    started = time.perf_counter()
    session = (
        SparkSession.builder.master("local[2]")
        .appName("mojifix-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        # Several input partitions from one small file, so order across them is tested.
        .config("spark.sql.files.maxPartitionBytes", str(256 * 1024))
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    # As `spark-submit --py-files`: the workers unpickle the recipe's functions by module.
    session.sparkContext.addPyFile(str(RECIPES / "spark_udf.py"))
    print(f"\nSpark {session.version} started in {time.perf_counter() - started:.1f}s")
    yield session
    session.stop()


def _check_dataframe(rows, cli_lines):
    assert len(rows) == N_RECORDS
    assert [r["id"] for r in rows] == list(range(N_RECORDS))
    expected = [json.loads(line)["text"] for line in cli_lines]
    mismatches = [(r["id"], r["text"], e) for r, e in zip(rows, expected) if r["text"] != e]
    assert not mismatches, f"{len(mismatches)} records differ from the CLI, first: {mismatches[:3]}"


def test_map_in_pandas_equals_cli(spark, dataset):
    from spark_udf import clean_with_map_in_pandas

    path, cli_lines = dataset
    started = time.perf_counter()
    df = spark.read.json(str(path))
    assert df.rdd.getNumPartitions() >= 2
    rows = clean_with_map_in_pandas(df, "text").collect()
    print(f"mapInPandas: {N_RECORDS} records in {time.perf_counter() - started:.1f}s")
    _check_dataframe(rows, cli_lines)


def test_pandas_udf_equals_cli(spark, dataset):
    from spark_udf import clean_with_udf

    path, cli_lines = dataset
    started = time.perf_counter()
    rows = clean_with_udf(spark.read.json(str(path)), "text").collect()
    print(f"pandas_udf: {N_RECORDS} records in {time.perf_counter() - started:.1f}s")
    _check_dataframe(rows, cli_lines)


def test_rdd_pipe_equals_cli(spark, dataset, mojifix_bin):
    from spark_pipe import clean_jsonl_rdd

    path, cli_lines = dataset
    started = time.perf_counter()
    lines = spark.sparkContext.textFile(str(path), minPartitions=4)
    assert lines.getNumPartitions() >= 2
    out = clean_jsonl_rdd(lines, str(mojifix_bin)).collect()
    print(f"RDD.pipe: {N_RECORDS} records in {time.perf_counter() - started:.1f}s")
    assert len(out) == N_RECORDS
    assert [json.loads(line)["id"] for line in out] == list(range(N_RECORDS))
    assert out == cli_lines


def test_rdd_pipe_passes_bad_lines_through(spark, mojifix_bin):
    from spark_pipe import clean_jsonl_rdd

    lines = ["not json", '{"text":"cafÃ©"}', "", '{"a":1}', '{"text":"浣犲ソ","n":[1e5]}']
    out = clean_jsonl_rdd(spark.sparkContext.parallelize(lines, 2), str(mojifix_bin)).collect()
    assert out == ["not json", '{"text":"café"}', "", '{"a":1}', '{"text":"你好","n":[1e5]}']
