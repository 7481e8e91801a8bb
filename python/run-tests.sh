#!/usr/bin/env bash
# python/run-tests.sh — build the mojifix wheel and the CLI, install the wheel into
# .venv-py, and run pytest on python/tests (API, ftfy peer cases, errors, fix_batch,
# pandas, and PySpark local[2] through mapInPandas, pandas_udf and RDD.pipe).
#
#   bash python/setup.sh              # once
#   bash python/run-tests.sh          # extra arguments go to pytest, e.g. -k spark -s
#   MOJIFIX_SKIP_SPARK=1 bash python/run-tests.sh   # without the Spark test (~45 s)
#
# Builds share the root target/ directory, so they are incremental with `cargo build`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv-py"
[[ -x "$VENV/bin/maturin" ]] || bash "$ROOT/python/setup.sh"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

echo "run-tests: building the CLI (cargo build --release)"
(cd "$ROOT" && cargo build --release --quiet)
export MOJIFIX_BIN="${MOJIFIX_BIN:-$CARGO_TARGET_DIR/release/mojifix}"

echo "run-tests: the binding's Rust unit tests (cargo test in python/)"
(cd "$ROOT/python" && PYO3_PYTHON="$VENV/bin/python" cargo test --release --quiet)

echo "run-tests: building the wheel (maturin build --release)"
WHEELS="$CARGO_TARGET_DIR/wheels"
rm -f "$WHEELS"/mojifix-*.whl
(cd "$ROOT/python" && "$VENV/bin/maturin" build --release --quiet -i "$VENV/bin/python" -o "$WHEELS")
WHEEL="$(ls -t "$WHEELS"/mojifix-*.whl | head -1)"
"$VENV/bin/python" -m pip --disable-pip-version-check -q install --force-reinstall --no-deps "$WHEEL"
echo "run-tests: installed $(basename "$WHEEL")"

cd "$ROOT"
# The venv's pytest, not `python -m pytest`: the latter would put the working directory
# on sys.path, and python/mojifix/ (the sources, without the native module) could shadow
# the installed wheel when run from python/.
exec "$VENV/bin/pytest" -q python/tests "$@"
