"""PySpark: clean a DataFrame column with the mojifix wheel, inside the Python workers.

    spark-submit python/recipes/spark_udf.py records.jsonl out_dir [--column text] [--how map|udf]

Every executor needs the wheel (`pip install mojifix-*.whl` on the nodes, or ship a
packed virtualenv with `--archives venv.tar.gz#venv` and
`PYSPARK_PYTHON=./venv/bin/python`). Two equivalent ways:

- `clean_with_map_in_pandas(df, "text")`: `DataFrame.mapInPandas`, one `fix_batch`
  call per Arrow batch (all cores of the worker, GIL released); other columns untouched.
- `clean_with_udf(df, "text")`: a vectorized `pandas_udf` (Series → Series) for use in
  `select`/`withColumn`.

Neither shuffles: each partition keeps its order, and so does the result.
"""

from __future__ import annotations

import argparse
from typing import Iterator

import pandas as pd
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.functions import pandas_udf

from mojifix import fix_batch


def _clean_series(texts: pd.Series, **options) -> pd.Series:
    return pd.Series(fix_batch(texts.tolist(), **options), index=texts.index, dtype=object)


def clean_with_map_in_pandas(df: DataFrame, column: str = "text", **options) -> DataFrame:
    """Cleans `column` in every Arrow batch with `fix_batch`; same schema, same order."""

    def clean(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for batch in batches:
            batch[column] = _clean_series(batch[column], **options)
            yield batch

    return df.mapInPandas(clean, schema=df.schema)


def fix_text_udf(**options):
    """A vectorized UDF: `df.withColumn("text", fix_text_udf()("text"))`."""

    @pandas_udf("string")
    def fix_text_column(texts: pd.Series) -> pd.Series:
        return _clean_series(texts, **options)

    return fix_text_column


def clean_with_udf(df: DataFrame, column: str = "text", **options) -> DataFrame:
    return df.withColumn(column, fix_text_udf(**options)(df[column]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--column", default="text")
    parser.add_argument("--how", choices=["map", "udf"], default="map")
    parser.add_argument("--preset", default="default")
    args = parser.parse_args()
    spark = SparkSession.builder.appName("mojifix-udf").getOrCreate()
    df = spark.read.json(args.input)
    clean = clean_with_map_in_pandas if args.how == "map" else clean_with_udf
    clean(df, args.column, preset=args.preset).write.mode("overwrite").json(args.output)
    spark.stop()


if __name__ == "__main__":
    main()
