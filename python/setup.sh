#!/usr/bin/env bash
# python/setup.sh — set up the Python side of mojifix on a fresh machine.
#
# Creates .venv-py/ at the project root (idempotent: re-running reuses it and installs
# only what is missing) with maturin, pytest, pandas, pyarrow, pyspark, and the peers
# the benchmark compares against (ftfy, plsfix). Checks for Rust (the wheel is built from
# source) and Java 17+ (Spark); on Debian/Ubuntu as root it installs
# openjdk-17-jre-headless if no Java is found.
#
#   bash python/setup.sh          # then: bash python/run-tests.sh
#
# PYTHON=... picks the interpreter (3.10 or newer; default python3.11, then python3).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv-py"

say() { echo "setup: $*"; }

PYTHON="${PYTHON:-}"
if [[ -z "$PYTHON" ]]; then
  for c in python3.11 python3.12 python3.13 python3 python; do
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
      PYTHON="$c"; break
    fi
  done
fi
[[ -n "$PYTHON" ]] || { echo "setup: need Python 3.10 or newer (set PYTHON=...)" >&2; exit 1; }

command -v cargo >/dev/null 2>&1 || { echo "setup: need the Rust toolchain (cargo) to build the wheel" >&2; exit 1; }

# Java 17+ for Spark.
java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
if ! command -v java >/dev/null 2>&1; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "no Java; installing openjdk-17-jre-headless"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless \
      || say "WARNING: could not install Java 17; the Spark tests will be skipped"
  else
    say "WARNING: no Java found; install Java 17 (openjdk-17-jre-headless) for the Spark tests"
  fi
fi
if command -v java >/dev/null 2>&1; then
  major="$(java_major)"
  if [[ -n "$major" && "$major" -lt 17 ]]; then
    say "WARNING: Java $major found; Spark 4 needs Java 17 or newer"
  else
    say "Java $major"
  fi
fi

if [[ ! -x "$VENV/bin/python" ]]; then
  say "creating $VENV with $("$PYTHON" --version 2>&1)"
  "$PYTHON" -m venv "$VENV"
fi
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
# pandas < 3: PySpark 4.x does not support pandas 3 yet (it warns, and Arrow UDFs break).
"${PIP[@]}" install \
  "maturin>=1.9,<2" "pytest>=8" "pandas>=2.2,<3" "pyarrow>=15" "pyspark>=4.0,<5" \
  "ftfy==6.3.1" "plsfix==0.1.8"

say "ready in $VENV:"
"$VENV/bin/python" - <<'PY'
from importlib import metadata
for dist in ["maturin", "pytest", "pandas", "pyarrow", "pyspark", "ftfy", "plsfix"]:
    try:
        print(f"  {dist}=={metadata.version(dist)}")
    except metadata.PackageNotFoundError:
        print(f"  {dist} MISSING")
PY
say "next: bash python/run-tests.sh"
