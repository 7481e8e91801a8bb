"""Records per second: mojifix from Python against ftfy and plsfix, on the same records.

    .venv-py/bin/python python/bench.py [--records 10000] [--repeat 3]

The records come from python/tests/corpus.py: sentences in 34 languages, about two
thirds damaged (UTF-8 read as windows-1252/latin-1, once or twice; CJK and Cyrillic
families; entities; curly quotes). Each contender cleans every record once per round;
the best round counts; "cores busy" is CPU time over wall time in that round, and "per CPU-s" is records per
second of CPU time, which other load on the machine disturbs much less than records/s. `fix_batch` runs on every core (the rayon pool; this machine's
count is printed) and, for scale, on one thread (RAYON_NUM_THREADS=1, in a child
process, since the pool is fixed once started). ftfy and plsfix are optional: install
them with python/setup.sh (or scripts/setup-peers.sh into .venv-peers).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# python/mojifix/ is the package's source, without the native module: import the
# installed wheel instead.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE / "tests"))

from corpus import records  # noqa: E402


def best_rate(fn, texts, repeat):
    fn(texts[:200])  # warm up: lazily built tables, thread pools
    best = float("inf")
    out = None
    busy = 0.0
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        out = fn(texts)
        wall = time.perf_counter() - start
        if wall < best:
            best, busy = wall, (time.process_time() - cpu) / wall
    return len(texts) / best, busy, out


def contenders():
    import mojifix

    yield "mojifix.fix_text (preset=default)", lambda ts: [mojifix.fix_text(t) for t in ts]
    yield "mojifix.fix_text (preset=ftfy)", lambda ts: [mojifix.fix_text(t, preset="ftfy") for t in ts]
    try:
        import ftfy

        yield f"ftfy.fix_text {ftfy.__version__}", lambda ts: [ftfy.fix_text(t) for t in ts]
    except ImportError:
        print("(ftfy not installed: skipped)")
    try:
        import plsfix

        from importlib.metadata import version

        yield f"plsfix.fix_text {version('plsfix')}", lambda ts: [plsfix.fix_text(t) for t in ts]
    except ImportError:
        print("(plsfix not installed: skipped)")
    yield f"mojifix.fix_batch ({os.cpu_count()} cores)", lambda ts: mojifix.fix_batch(ts)
    yield "mojifix.fix_batch (preset=ftfy)", lambda ts: mojifix.fix_batch(ts, preset="ftfy")


def batch_one_thread(n, repeat):
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    child = subprocess.run(
        [sys.executable, __file__, "--records", str(n), "--repeat", str(repeat), "--batch-only"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(child.stdout)["rate"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    texts = records(args.records)
    if args.batch_only:
        import mojifix

        rate, _, _ = best_rate(mojifix.fix_batch, texts, args.repeat)
        print(json.dumps({"rate": rate}))
        return
    import mojifix

    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} records, {chars / len(texts):.0f} chars each on average; "
          f"best of {args.repeat}; Python {platform.python_version()}, {os.cpu_count()} cores, "
          f"mojifix {mojifix.__version__}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average before: {load} (other work on the machine lowers every number)")
    print(f"{'contender':42} {'records/s':>12} {'changed':>8} {'cores busy':>10} {'per CPU-s':>10}")
    for name, fn in contenders():
        rate, busy, out = best_rate(fn, texts, args.repeat)
        changed = sum(a != b for a, b in zip(texts, out))
        print(f"{name:42} {rate:12,.0f} {changed:8} {busy:10.2f} {rate / max(busy, 1e-9):10,.0f}")
    rate1 = batch_one_thread(args.records, args.repeat)
    print(f"{'mojifix.fix_batch (RAYON_NUM_THREADS=1)':42} {rate1:12,.0f}")


if __name__ == "__main__":
    main()
