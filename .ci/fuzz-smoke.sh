#!/usr/bin/env bash
# A short smoke run of every fuzz target in fuzz/ (cargo-fuzz, libFuzzer).
#
# Runs on the stable toolchain: RUSTC_BOOTSTRAP=1 lets stable rustc take the -Z flags
# cargo-fuzz passes, and `-s none` builds without AddressSanitizer (mojifix has no unsafe
# code; the fuzzers look for panics, wrong results and hangs). Installs cargo-fuzz from
# crates.io if it is missing (about 2.5 minutes on this machine, then cached in
# ~/.cargo/bin); building the targets takes about 3 minutes more the first time.
#
# Environment:
#   MOJIFIX_SKIP_FUZZ=1        skip entirely (say, offline, when cargo-fuzz cannot be
#                              installed)
#   MOJIFIX_FUZZ_SECONDS=N     seconds per target (default 12; the 9 targets take about
#                              2.5 minutes with the targets built)
#   MOJIFIX_FUZZ_TARGETS="a b" only these targets (default: all, from `cargo fuzz list`)
#
# A crash fails the run and leaves the input in fuzz/artifacts/<target>/; keep it as a
# regression test by copying it to fuzz/regressions/<target>/ (tests/regressions.rs runs
# every file there).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${MOJIFIX_SKIP_FUZZ:-}" == 1 ]]; then
    echo "fuzz-smoke: skipped (MOJIFIX_SKIP_FUZZ=1)"
    exit 0
fi

export RUSTC_BOOTSTRAP=1
export CARGO_TERM_COLOR=never
seconds="${MOJIFIX_FUZZ_SECONDS:-12}"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz-smoke: installing cargo-fuzz from crates.io"
    start=$SECONDS
    if ! cargo install cargo-fuzz --version 0.13.2 --locked --quiet; then
        echo "fuzz-smoke: could not install cargo-fuzz; set MOJIFIX_SKIP_FUZZ=1 to skip" >&2
        exit 1
    fi
    echo "fuzz-smoke: cargo-fuzz installed in $((SECONDS - start)) s"
fi

cd fuzz
start=$SECONDS
cargo fuzz build -O -s none
echo "fuzz-smoke: targets built in $((SECONDS - start)) s"

# Seed each corpus from the shipped fixtures (real text in every script, real mojibake).
if command -v python3 >/dev/null 2>&1; then
    python3 seed-corpus.py
fi

targets="${MOJIFIX_FUZZ_TARGETS:-$(cargo fuzz list)}"
for target in $targets; do
    mkdir -p "corpus/$target"
    dirs=("corpus/$target")
    # The saved crash inputs are read as seeds too (new inputs go to the first dir).
    if [[ -d "regressions/$target" ]]; then
        dirs+=("regressions/$target")
    fi
    echo "fuzz-smoke: $target for ${seconds} s"
    start=$SECONDS
    cargo fuzz run -O -s none "$target" "${dirs[@]}" -- \
        -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 2>"target/fuzz-smoke-$target.log" || {
        tail -n 40 "target/fuzz-smoke-$target.log" >&2
        echo "fuzz-smoke: $target FAILED; the input is in fuzz/artifacts/$target/" >&2
        exit 1
    }
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "target/fuzz-smoke-$target.log" \
        | grep -o '[0-9]*$' || echo '?')
    echo "fuzz-smoke: $target ok, $runs runs in $((SECONDS - start)) s"
done
echo "fuzz-smoke: all targets ok"
