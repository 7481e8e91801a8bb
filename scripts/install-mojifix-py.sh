#!/usr/bin/env bash
# install-mojifix-py.sh — build the mojifix Python wheel (python/, PyO3) from this work
# tree and install it into .venv-peers/, so bench/detect/score.py can time mojifix
# in-process (`--only mojifix-py`) exactly as it times the Python peers.
#
#   bash scripts/setup-peers.sh          # once: the venv and the peers
#   bash scripts/install-mojifix-py.sh   # after every change to the library
#
# maturin: .venv-py's (python/setup.sh) if there, else installed into .venv-peers from
# PyPI. The wheel goes to $CARGO_TARGET_DIR/wheels (default target/wheels); the build
# shares the root target/ directory with `cargo build`, as python/run-tests.sh does.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv-peers"
PY="$VENV/bin/python"
[[ -x "$PY" ]] || bash "$ROOT/scripts/setup-peers.sh"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

MATURIN="$ROOT/.venv-py/bin/maturin"
if [[ ! -x "$MATURIN" ]]; then
  MATURIN="$VENV/bin/maturin"
  [[ -x "$MATURIN" ]] || "$PY" -m pip --disable-pip-version-check -q install "maturin>=1.9,<2"
fi

WHEELS="$CARGO_TARGET_DIR/wheels"
rm -f "$WHEELS"/mojifix-*.whl
(cd "$ROOT/python" && "$MATURIN" build --release --quiet -i "$PY" -o "$WHEELS")
WHEEL="$(ls -t "$WHEELS"/mojifix-*.whl | head -1)"
"$PY" -m pip --disable-pip-version-check -q install --force-reinstall --no-deps "$WHEEL"
echo "install-mojifix-py: installed $(basename "$WHEEL") into $VENV"
