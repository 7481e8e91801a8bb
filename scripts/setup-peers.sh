#!/usr/bin/env bash
# setup-peers.sh — create .venv-peers/ at the project root and install the peer
# tools mojifix is compared against (encoding detection and mojibake repair).
# Idempotent: re-running reuses the venv and only installs what is missing.
#
# Needs only Python 3.11 + pip (PyPI). Override the interpreter with PYTHON=...
#
# uchardet bindings: `cchardet` and `faust-cchardet` both provide the `cchardet`
# module (so only one can be installed). Checked on Python 3.11.7 / linux x86_64:
# BOTH install from PyPI wheels (cchardet==2.4.0, faust-cchardet==3.2.0), but they
# bundle different uchardet builds and do NOT answer alike: on shared/detect-corpus
# faust-cchardet 3.2.0 scores 94.1% whole-file (the corpus README's figure) and
# cchardet 2.4.0 93.1% (and is ~6x slower on whole files). So we install
# faust-cchardet==3.2.0 and fall back to cchardet==2.4.0 only if it fails.
# CCHARDET_DIST=cchardet selects the other one. Which one went in is printed below.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv-peers"
PYTHON="${PYTHON:-}"
if [[ -z "$PYTHON" ]]; then
  for c in python3.11 python3 python; do
    if command -v "$c" >/dev/null 2>&1; then PYTHON="$c"; break; fi
  done
fi
[[ -n "$PYTHON" ]] || { echo "setup-peers: no python found" >&2; exit 1; }

if [[ ! -x "$VENV/bin/python" ]]; then
  echo "setup-peers: creating $VENV with $("$PYTHON" --version 2>&1)"
  "$PYTHON" -m venv "$VENV"
fi
PY="$VENV/bin/python"
PIP=("$PY" -m pip --disable-pip-version-check -q)

# Pinned peers.
PINNED=(ftfy==6.3.1 chardet==7.7.0 charset-normalizer==3.5.2)
"${PIP[@]}" install "${PINNED[@]}"

# plsfix: 0.1.8 if available, else the newest there is.
if ! "${PIP[@]}" install plsfix==0.1.8; then
  echo "setup-peers: plsfix==0.1.8 not available, trying latest" >&2
  "${PIP[@]}" install plsfix || echo "setup-peers: WARNING plsfix not installed" >&2
fi

# uchardet bindings (module name `cchardet` either way; the two dists conflict).
declare -A UCHARDET_PIN=([faust-cchardet]=3.2.0 [cchardet]=2.4.0)
WANT="${CCHARDET_DIST:-faust-cchardet}"
case "$WANT" in faust-cchardet) OTHER=cchardet ;; cchardet) OTHER=faust-cchardet ;;
  *) echo "setup-peers: CCHARDET_DIST must be faust-cchardet or cchardet" >&2; exit 1 ;; esac
dist_version() { "$PY" -c 'import sys; from importlib import metadata as m
try: print(m.version(sys.argv[1]))
except m.PackageNotFoundError: pass' "$1"; }
install_uchardet() {  # $1 = dist to install, removing the other one first
  local want="$1" other="$2"
  if [[ "$(dist_version "$want")" == "${UCHARDET_PIN[$want]}" ]] && "$PY" -c 'import cchardet' 2>/dev/null; then
    return 0
  fi
  if [[ -n "$(dist_version "$other")" ]]; then "${PIP[@]}" uninstall -y "$other"; fi
  "${PIP[@]}" install "$want==${UCHARDET_PIN[$want]}"
}
if ! install_uchardet "$WANT" "$OTHER"; then
  echo "setup-peers: $WANT==${UCHARDET_PIN[$WANT]} failed, trying $OTHER==${UCHARDET_PIN[$OTHER]}" >&2
  install_uchardet "$OTHER" "$WANT" || echo "setup-peers: WARNING no cchardet binding installed" >&2
fi

echo "setup-peers: installed in $VENV:"
"$PY" - <<'PY'
from importlib import metadata
for dist in ["ftfy", "plsfix", "chardet", "charset-normalizer", "cchardet", "faust-cchardet"]:
    try:
        print(f"  {dist}=={metadata.version(dist)}")
    except metadata.PackageNotFoundError:
        pass
try:
    import cchardet
    print(f"  (cchardet module from {cchardet.__file__})")
except Exception as e:
    print(f"  (cchardet module not importable: {e})")
PY
