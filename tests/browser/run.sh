#!/usr/bin/env bash
# End-to-end test of the review page in headless Chromium:
#   build a page from fixtures/formats (csv, tsv, enw, ris, jsonl), open it, check the
#   counts shown, filter by a chain, reject one change with the page's keys, export the
#   decisions with its button, run `mojifix fix --decisions` with them and check that
#   exactly the approved changes were written. Writes docs/review.png.
#
# Needs Node >= 20 and Chromium; installs Debian's `chromium` when it is missing and
# apt-get can. Without them it prints why and exits 0 (a skip, not a failure).
#
#   tests/browser/run.sh                  the test (about 2 s once built)
#   tests/browser/run.sh --measure 100000 also time opening a page of 100,000 changes
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
MEASURE=0
if [[ "${1:-}" == "--measure" ]]; then MEASURE=${2:-100000}; fi

skip() { echo "tests/browser: SKIP: $*"; exit 0; }

CHROMIUM=""
for c in chromium chromium-browser google-chrome; do
  if command -v "$c" >/dev/null; then CHROMIUM=$(command -v "$c"); break; fi
done
if [[ -z "$CHROMIUM" ]]; then
  echo "tests/browser: installing Debian's chromium"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo -n"
  if { $SUDO apt-get install -y chromium >/dev/null 2>&1 ||
       { $SUDO apt-get update >/dev/null 2>&1 && $SUDO apt-get install -y chromium >/dev/null 2>&1; }; } &&
     command -v chromium >/dev/null; then
    CHROMIUM=$(command -v chromium)
  else
    skip "chromium is not installed and apt-get could not install it"
  fi
fi
command -v node >/dev/null || skip "node is not installed"
node --experimental-websocket -e 'if (typeof WebSocket !== "function") process.exit(1)' 2>/dev/null ||
  skip "this node has no WebSocket (needs Node >= 20.10)"
command -v python3 >/dev/null || skip "python3 is not installed"

# MOJIFIX=path/to/mojifix skips the build (after `cargo test --release`, a plain
# `cargo build --release` relinks with other features: about 35 s on two cores).
if [[ -z "${MOJIFIX:-}" ]]; then
  cargo build --release --quiet
  MOJIFIX=$ROOT/target/release/mojifix
fi
MOJIFIX=$(cd "$(dirname "$MOJIFIX")" && pwd)/$(basename "$MOJIFIX")
DRIVE=(node --experimental-websocket "$ROOT/tests/browser/drive.mjs")

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
mkdir in downloads
for f in "$ROOT"/fixtures/formats/*.in.*; do cp "$f" in/; done

started=$(date +%s%N)
set +e
"$MOJIFIX" diff --html review.html in >/dev/null 2>&1
code=$?
"$MOJIFIX" diff --json in >diff.jsonl 2>/dev/null
set -e
[[ $code -eq 1 ]] || { echo "diff --html exited $code, expected 1"; exit 1; }

# What the page must show, from `diff --json`.
python3 - <<'EOF'
import json
changes, summary = [], None
for line in open("diff.jsonl", encoding="utf-8"):
    o = json.loads(line)
    if o["type"] == "change":
        changes.append(o["data"])
    else:
        summary = o["data"]
by_chain = {}
for c in changes:
    by_chain[c["chain"]] = by_chain.get(c["chain"], 0) + 1
# Filter by the biggest chain (it needs two changes, so the second can be rejected).
chain = sorted(by_chain, key=lambda k: (-by_chain[k], k))[0]
assert by_chain[chain] >= 2, by_chain
json.dump({"summary": summary, "by_chain": by_chain, "chain": chain}, open("expect.json", "w"))
EOF

"${DRIVE[@]}" review --chromium "$CHROMIUM" --page review.html --expect expect.json \
  --downloads downloads --screenshot "$ROOT/docs/review.png" >drive.json
echo "tests/browser: page: $(cat drive.json)"

# Apply the decisions, then check: every change but the rejected one was written.
cp -r in applied-from
"$MOJIFIX" fix --in-place --decisions downloads/decisions.json in
set +e
"$MOJIFIX" diff --json in >left.jsonl 2>/dev/null
set -e
MOJIFIX=$MOJIFIX python3 - "$ROOT" <<'EOF'
import json, os, subprocess, sys
root = sys.argv[1]
picked = json.load(open("drive.json"))["rejected"]
decisions = json.load(open("downloads/decisions.json"))
assert decisions["version"] == 1, decisions
assert [d["id"] for d in decisions["rejected"]] == [picked["id"]], decisions
left = [json.loads(l)["data"] for l in open("left.jsonl") if json.loads(l)["type"] == "change"]
key = lambda c: (c["path"], c["record"], c["field"], c["before"], c["after"])
assert [key(c) for c in left] == [key(picked)], f"left over: {left}, rejected: {picked}"
# Every other file is exactly the fully fixed fixture; the one with the rejection is
# the fixed fixture once its one remaining change is made too.
for name in sorted(os.listdir("in")):
    expected = open(os.path.join(root, "fixtures/formats", name.replace(".in.", ".out.")), "rb").read()
    got = open(os.path.join("in", name), "rb").read()
    path = "in/" + name
    if path == picked["path"]:
        assert got != expected, f"{path}: the rejected change was written"
        fixed = subprocess.run([os.environ["MOJIFIX"], "fix", path],
                               capture_output=True, check=True).stdout
        assert fixed == expected, f"{path}: approved changes missing"
    else:
        assert got == expected, f"{path}: differs from the fixed fixture"
print(f"tests/browser: fix --decisions wrote every change but the rejected {picked['id']} ({picked['path']} record {picked['record']})")
EOF
ended=$(date +%s%N)
echo "tests/browser: PASS in $(( (ended - started) / 1000000 )) ms (after the build)"

if [[ $MEASURE -gt 0 ]]; then
  # N records, each with one change, of a few kinds (chains and fixers).
  python3 - "$MEASURE" <<'EOF'
import sys
n = int(sys.argv[1])
kinds = ["record {} cafÃ© au lait", "record {} TNF-¦Á inhibitors", "record {} РџСЂРёРІРµС‚ мир",
         "record {} a &amp; b", "record {} Ã©tÃ© <script>alert(1)</script>"]
with open("big.txt", "w", encoding="utf-8") as f:
    for i in range(n):
        f.write(kinds[i % len(kinds)].format(i) + "\n")
EOF
  t0=$(date +%s%N)
  set +e; "$MOJIFIX" diff --html big.html big.txt >/dev/null 2>&1; set -e
  t1=$(date +%s%N)
  echo "tests/browser: $MEASURE records: diff --html $(( (t1 - t0) / 1000000 )) ms," \
    "page $(( $(stat -c %s big.html) / 1000000 )) MB"
  for run in 1 2 3; do
    echo "tests/browser: open: $("${DRIVE[@]}" measure --chromium "$CHROMIUM" --page big.html)"
  done
fi
