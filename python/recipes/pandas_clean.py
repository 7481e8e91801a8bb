"""pandas: clean a text column with mojifix.

    python python/recipes/pandas_clean.py records.jsonl cleaned.jsonl [--column text]

Two ways, same result:

    df["text"] = df["text"].map(fix_text)                 # one call per row, like ftfy
    df["text"] = fix_batch(df["text"].tolist())           # one call, all cores, no GIL

`fix_batch` passes missing values (None, NaN) through; `Series.map(fix_text)` would
raise on them, so `clean_with_map` skips them the pandas way (`na_action="ignore"`).
"""

from __future__ import annotations

import argparse

import pandas as pd

from mojifix import fix_batch, fix_text


def clean_with_map(df: pd.DataFrame, column: str = "text", **options) -> pd.DataFrame:
    """The ftfy-style line: one `fix_text` call per row."""
    out = df.copy()
    out[column] = out[column].map(lambda t: fix_text(t, **options), na_action="ignore")
    return out


def clean_with_batch(df: pd.DataFrame, column: str = "text", **options) -> pd.DataFrame:
    """The fast path: the whole column in one `fix_batch` call (parallel, GIL released)."""
    out = df.copy()
    out[column] = pd.Series(fix_batch(out[column].tolist(), **options), index=out.index, dtype=object)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--column", default="text")
    parser.add_argument("--preset", default="default")
    args = parser.parse_args()
    df = pd.read_json(args.input, lines=True, dtype=False)
    df = clean_with_batch(df, args.column, preset=args.preset)
    df.to_json(args.output, orient="records", lines=True, force_ascii=False)


if __name__ == "__main__":
    main()
