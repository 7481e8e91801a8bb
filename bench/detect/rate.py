"""Files/s of CPU of mojifix (through the Python binding) and uchardet (cchardet) on the
shared corpus' N-byte prefixes, in one process: best of R rounds over all files, the two
detectors alternating round by round, so that load from other work hits both alike. Less
noisy than score.py's single pass for comparing two wheels (install one, run, install the
other, run; repeat).

    .venv-peers/bin/python bench/detect/rate.py [ROUNDS] [--corpus DIR]
"""
import argparse
import os
import time

import cchardet
import mojifix

ap = argparse.ArgumentParser()
ap.add_argument("rounds", nargs="?", type=int, default=30)
ap.add_argument("--corpus", default=os.path.join(os.path.dirname(__file__), "../../../shared/detect-corpus"))
args = ap.parse_args()
with open(os.path.join(args.corpus, "MANIFEST.tsv"), encoding="utf-8") as f:
    paths = [line.split("\t")[0] for line in f.read().splitlines()[1:] if line]
blobs = []
for p in paths:
    with open(os.path.join(args.corpus, p), "rb") as f:
        blobs.append(f.read())
detectors = {
    "mojifix-py": lambda d: mojifix.detect(d, ignore_declared=True).encoding,
    "cchardet": lambda d: cchardet.detect(d)["encoding"],
}
for n in (32, 128, 1024):
    data = [b[:n] for b in blobs]
    best = {k: float("inf") for k in detectors}
    for _ in range(args.rounds):
        for name, detect in detectors.items():
            c0 = time.process_time()
            for d in data:
                detect(d)
            best[name] = min(best[name], time.process_time() - c0)
    rates = " ".join(f"{k} {len(data) / v:,.0f}" for k, v in best.items())
    print(f"{n} B: files/s of CPU {rates}; ratio {best['cchardet'] / best['mojifix-py']:.2f}")
