#!/usr/bin/env python3
"""mojifix against ftfy and plsfix, on the same inputs, in one run.

Builds a deterministic corpus from fixtures/corpus/clean/ (clean multilingual records,
the same with ~10% of the records broken through the common mojibake families using
Python's codecs, ~57-byte fields, a few very long lines, ASCII-only and Latin-heavy
text), then times on each input:

  - ftfy.fix_text and plsfix.fix_text, per record, in this process;
  - mojifix in-process (bench/target/release/timer: the library's fix_text per record);
  - mojifix end to end: `mojifix fix --jsonl --preset ftfy input.jsonl > out.jsonl`.

All tools run with ftfy's default choices (mojifix `--preset ftfy`), one thread, best
of --repeat runs, timed in CPU seconds (the process's own for the Python peers and the
library, the child's user+sys for the CLI): on a shared machine wall time mostly
measures the other users. Only the two-thread comparison uses wall time. It checks that the outputs agree where they should and prints MB/s,
us per record and the ratios mojifix/peer. Only ratios from one run mean anything on a
shared machine.

    python3 bench/peers/run.py                 # re-runs itself in .venv-peers/
    python3 bench/peers/run.py --mb 4 --repeat 1   # a quick look
    python3 bench/peers/run.py --memory-gb 1   # also peak RSS on a 1 GB JSONL stream
    python3 bench/peers/run.py --stream-mb 1024 > /dev/null   # just print the stream

The peers are installed into .venv-peers/ by scripts/setup-peers.sh, which this script
runs when the venv is missing.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_PY = ROOT / ".venv-peers" / "bin" / "python"
CLEAN_DIR = ROOT / "fixtures" / "corpus" / "clean"
WORK = ROOT / "bench" / "target" / "peers"
MOJIFIX = ROOT / "target" / "release" / "mojifix"
TIMER = ROOT / "bench" / "target" / "release" / "timer"
SEED = 20260704
SHORT_FIELD = 57


# --------------------------------------------------------------------------- corpus


def _sloppy(error: UnicodeDecodeError):
    """Undefined bytes of a single-byte page decode to the same-numbered code point, as
    ftfy's sloppy codecs and most real programs do (0x81 in windows-1252 -> U+0081)."""
    bad = error.object[error.start : error.end]
    return "".join(chr(b) for b in bad), error.end


codecs.register_error("bench-sloppy", _sloppy)

# (true encoding, wrong decoding, family label). The label says whether ftfy claims it.
UTF8_AS_1252 = ("utf-8", "windows-1252", "utf8-as-cp1252")
UTF8_AS_1251 = ("utf-8", "windows-1251", "utf8-as-cp1251")
GBK_AS_LATIN1 = ("gbk", "latin-1", "gbk-as-latin1")
EUCKR_AS_LATIN1 = ("euc-kr", "latin-1", "euckr-as-latin1")
UTF8_AS_GBK = ("utf-8", "gbk", "utf8-as-gbk")
UTF8_AS_SJIS = ("utf-8", "cp932", "utf8-as-sjis")
FTFY_FAMILIES = {"utf8-as-cp1252", "utf8-as-cp1251"}

FAMILIES_BY_LANG = {
    "ru": [UTF8_AS_1251],
    "uk": [UTF8_AS_1251],
    "bg": [UTF8_AS_1251],
    "sr": [UTF8_AS_1251],
    "zh-hans": [GBK_AS_LATIN1, UTF8_AS_GBK],
    "zh-hant": [UTF8_AS_GBK, GBK_AS_LATIN1],
    "ko": [EUCKR_AS_LATIN1, UTF8_AS_1252],
    "ja": [UTF8_AS_SJIS, UTF8_AS_1252],
}


def misread(text: str, family) -> str | None:
    truth, wrong, _ = family
    try:
        raw = text.encode(truth)
        # Single-byte pages: undefined bytes pass through (ftfy's "sloppy" codecs). UTF-8
        # read as GBK / Shift_JIS: what the CJK decoder cannot read becomes U+FFFD, as in
        # the wild (`浣犲ソ锛屼笘鐣�`), else almost no whole line would survive.
        errors = {"windows-1252": "bench-sloppy", "windows-1251": "bench-sloppy",
                  "gbk": "replace", "cp932": "replace"}.get(wrong, "strict")
        out = raw.decode(wrong, errors=errors)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return out if out != text else None


def break_text(lang: str, text: str, rng: random.Random):
    """Breaks `text` through one of its language's families (falling back to UTF-8 read
    as windows-1252, which always succeeds on non-ASCII text). Returns (text, family)."""
    families = FAMILIES_BY_LANG.get(lang, [UTF8_AS_1252])
    start = rng.randrange(len(families))
    for family in families[start:] + families[:start] + [UTF8_AS_1252]:
        broken = misread(text, family)
        if broken is not None:
            return broken, family[2]
    return None, None


def load_clean() -> dict[str, list[str]]:
    langs = {}
    for path in sorted(CLEAN_DIR.glob("*.txt")):
        if path.stem == "tricky":
            continue
        lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
        langs[path.stem] = lines
    return langs


def asciify(text: str) -> str:
    table = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
             "\u2014": "-", "\u00a0": " ", "\u2026": "..."}
    text = "".join(table.get(c, c) for c in text)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isascii())


def chop(text: str, size: int) -> list[str]:
    """Cuts `text` into pieces of at most `size` UTF-8 bytes, at a space when one is
    near the end, else at a character boundary."""
    out = []
    raw = text.encode("utf-8")
    i = 0
    while i < len(raw):
        j = min(i + size, len(raw))
        while j < len(raw) and j > i and (raw[j] & 0xC0) == 0x80:
            j -= 1
        piece = raw[i:j].decode("utf-8")
        if j < len(raw):
            space = piece.rfind(" ")
            if space >= size // 2:
                piece = piece[: space + 1]
                j = i + len(piece.encode("utf-8"))
        out.append(piece.strip())
        i = j
    return [p for p in out if p]


class Record:
    __slots__ = ("text", "lang", "family", "clean_index")

    def __init__(self, text, lang, family=None, clean_index=None):
        self.text = text
        self.lang = lang
        self.family = family  # None for a clean record
        self.clean_index = clean_index  # where its clean original is in the clean input


def build_corpus(mb: float) -> dict[str, list[Record]]:
    """Every input, deterministic for a given --mb."""
    rng = random.Random(SEED)
    langs = load_clean()
    target = int(mb * 1_000_000)
    pool = [(lang, line) for lang, lines in langs.items() for line in lines]

    def fill(source, size):
        out, total = [], 0
        while total < size:
            order = list(range(len(source)))
            rng.shuffle(order)
            for k in order:
                out.append(source[k])
                total += len(source[k][1].encode("utf-8")) + 1
                if total >= size:
                    break
        return out

    inputs: dict[str, list[Record]] = {}
    clean = [Record(line, lang) for lang, line in fill(pool, target)]
    inputs["clean"] = clean

    def broken_variant(base: list[Record], share: float) -> list[Record]:
        out = []
        for i, r in enumerate(base):
            if rng.random() < share and not r.text.isascii():
                text, family = break_text(r.lang, r.text, rng)
                if text is not None:
                    out.append(Record(text, r.lang, family, i))
                    continue
            out.append(Record(r.text, r.lang, None, i))
        return out

    inputs["broken10"] = broken_variant(clean, 0.10)

    # ~57-byte fields: each language's lines run together and cut into short pieces.
    short_pool = []
    for lang, lines in langs.items():
        short_pool += [(lang, p) for p in chop(" ".join(lines), SHORT_FIELD)]
    short = [Record(t, lang) for lang, t in fill(short_pool, target // 4)]
    inputs["short"] = short
    inputs["short-broken10"] = broken_variant(short, 0.10)

    # A few very long lines: multilingual records joined by spaces, ~10% of them broken.
    long_records = []
    per_line = 1_000_000
    for _ in range(max(2, int(round(mb / 4)))):
        parts, size = [], 0
        while size < per_line:
            lang, line = pool[rng.randrange(len(pool))]
            if rng.random() < 0.10 and not line.isascii():
                broken, _ = break_text(lang, line, rng)
                line = broken or line
            parts.append(line)
            size += len(line.encode("utf-8")) + 1
        long_records.append(Record(" ".join(parts), "mixed"))
    inputs["long"] = long_records

    # ASCII-heavy: pure ASCII records, and Latin-script records (mostly ASCII).
    latin_langs = ["en", "de", "fr", "es", "it", "nl", "pt"]
    latin_pool = [(l, line) for l in latin_langs if l in langs for line in langs[l]]
    ascii_pool = [(l, a) for l, line in latin_pool if (a := asciify(line))]
    inputs["ascii"] = [Record(t, l) for l, t in fill(ascii_pool, target)]
    inputs["latin"] = [Record(t, l) for l, t in fill(latin_pool, target)]

    # Every breakable record of the clean fixtures, broken, paired with its original:
    # the per-record cost of a broken record against a clean one.
    pairs_clean, pairs_broken = [], []
    for lang, line in pool:
        if line.isascii():
            continue
        broken, family = break_text(lang, line, rng)
        if broken is None:
            continue
        pairs_broken.append(Record(broken, lang, family, len(pairs_clean)))
        pairs_clean.append(Record(line, lang))
    inputs["pairs-clean"] = pairs_clean
    inputs["pairs-broken"] = pairs_broken
    return inputs


def write_jsonl(path: Path, records: list[Record]) -> int:
    data = "".join(json.dumps({"text": r.text}, ensure_ascii=False) + "\n" for r in records)
    path.write_text(data, encoding="utf-8")
    return len(data.encode("utf-8"))


def stream(mb: float, out) -> None:
    """Writes `mb` MB of JSONL (the broken10 corpus, repeated; whole records, so a little
    more than asked) to `out` (binary)."""
    records = build_corpus(8)["broken10"]
    block = "".join(
        json.dumps({"id": i, "text": r.text, "lang": r.lang}, ensure_ascii=False) + "\n"
        for i, r in enumerate(records)
    ).encode("utf-8")
    left = int(mb * 1_000_000)
    try:
        while left > 0:
            chunk = block[:left]
            if len(chunk) < len(block):
                # Whole records only: end at the newline at or after the size asked for.
                chunk = block[: block.index(b"\n", len(chunk) - 1) + 1]
            out.write(chunk)
            left -= len(chunk)
        out.flush()
    except BrokenPipeError:
        pass


# ---------------------------------------------------------------------------- runners


def best_of(repeat: int, fn, clock=time.process_time):
    """Best of `repeat` runs by `clock`: CPU time by default, since the machine is shared
    and wall time mostly measures the other users."""
    times, result = [], None
    for _ in range(repeat):
        start = clock()
        result = fn()
        times.append(clock() - start)
    return min(times), result


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_python_peer(fix, texts: list[str], repeat: int):
    return best_of(repeat, lambda: [fix(t) for t in texts])


def run_timer(path: Path, repeat: int, preset: str, out: Path | None = None,
              threads: int = 1, mode: str = "fields", per_record: Path | None = None):
    cmd = [str(TIMER), str(path), "--preset", preset, "--repeat", str(repeat),
           "--threads", str(threads), "--mode", mode]
    if out:
        cmd += ["--out", str(out)]
    if per_record:
        cmd += ["--per-record", str(per_record)]
    res = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(res.stdout)


def run_cli(path: Path, out: Path, repeat: int, extra=()):
    cmd = [str(MOJIFIX), "fix", "--jsonl", "--preset", "ftfy", *extra, str(path)]

    def once():
        with open(out, "wb") as f:
            subprocess.run(cmd, check=True, stdout=f)

    secs, _ = best_of(repeat, once, clock=children_cpu)
    return secs


def read_outputs(path: Path) -> list[str]:
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines()]


def read_cli_outputs(path: Path) -> list[str]:
    return [json.loads(l)["text"] for l in path.read_text(encoding="utf-8").splitlines()]


# ------------------------------------------------------------------------------ main


def ensure_venv() -> None:
    if Path(sys.prefix).resolve() == (ROOT / ".venv-peers").resolve():
        return
    if not VENV_PY.exists():
        subprocess.run(["bash", str(ROOT / "scripts" / "setup-peers.sh")], check=True)
    os.execv(str(VENV_PY), [str(VENV_PY), __file__, *sys.argv[1:]])


def build() -> None:
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "timer"],
                   cwd=ROOT / "bench", check=True)


def fmt_rate(nbytes: int, secs: float) -> str:
    return f"{nbytes / secs / 1e6:9.1f}" if secs > 0 else "      inf"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=5, help="size of the clean/broken/ascii inputs (MB)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per tool and input; the best counts")
    ap.add_argument("--inputs", default="clean,broken10,short,short-broken10,long,ascii,latin")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--memory-gb", type=float, default=0, help="peak RSS of `mojifix fix --jsonl` on a stream this big")
    ap.add_argument("--stream-mb", type=float, default=0, help="only write this many MB of JSONL to stdout")
    ap.add_argument("--json", type=Path, help="also write every figure here")
    args = ap.parse_args()

    if args.stream_mb:
        stream(args.stream_mb, sys.stdout.buffer)
        return 0
    ensure_venv()
    import ftfy
    import plsfix
    from importlib import metadata

    if not args.no_build:
        build()
    WORK.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    corpus = build_corpus(args.mb)
    print(f"corpus built in {time.perf_counter() - t0:.1f} s (seed {SEED}, --mb {args.mb}); "
          f"ftfy {metadata.version('ftfy')}, plsfix {metadata.version('plsfix')}, "
          f"python {sys.version.split()[0]}, repeat {args.repeat}, one thread")
    langs = sorted({r.lang for r in corpus["clean"]})
    print(f"languages in clean/broken10: {len(langs)} ({', '.join(langs)})")

    names = [n for n in args.inputs.split(",") if n]
    results = {}
    outputs: dict[str, dict[str, list[str]]] = {}
    header = (f"{'input':<15}{'records':>8}{'MB':>7}{'avg B':>9} | {'MB/s':>9}{'us/rec':>12} "
              f"{'tool':<22}| {'x ftfy':>8}{'x plsfix':>9}")
    print()
    print(header)
    print("-" * len(header))
    for name in names + ["pairs-clean", "pairs-broken"]:
        records = corpus[name]
        texts = [r.text for r in records]
        path = WORK / f"{name}.jsonl"
        jsonl_bytes = write_jsonl(path, records)
        nbytes = sum(len(t.encode("utf-8")) for t in texts)
        pair = name.startswith("pairs-")
        rows = {}
        outs = {}
        repeat = args.repeat
        rows["ftfy"], outs["ftfy"] = run_python_peer(ftfy.fix_text, texts, repeat)
        rows["plsfix"], outs["plsfix"] = run_python_peer(plsfix.fix_text, texts, repeat)
        lib_out = WORK / f"{name}.lib.out"
        lib = run_timer(path, repeat, "ftfy", out=lib_out,
                        per_record=(WORK / f"{name}.times") if pair else None)
        rows["mojifix lib"] = lib["seconds"]
        outs["mojifix lib"] = read_outputs(lib_out)
        rows["mojifix lib default"] = run_timer(path, repeat, "default")["seconds"]
        # Two threads: wall time against the one-thread run's wall time.
        one = run_timer(path, repeat, "ftfy")
        two = run_timer(path, repeat, "ftfy", threads=2)
        results_threads = (one["wall"], two["wall"])
        rows["mojifix lib jsonl"] = run_timer(path, repeat, "ftfy", mode="jsonl")["seconds"]
        cli_out = WORK / f"{name}.cli.out"
        rows["mojifix cli jsonl"] = run_cli(path, cli_out, repeat)
        outs["mojifix cli"] = read_cli_outputs(cli_out)
        outputs[name] = outs
        results[name] = {"records": len(texts), "bytes": nbytes, "jsonl_bytes": jsonl_bytes,
                         "seconds": rows, "threads_wall": results_threads}
        for tool, secs in rows.items():
            # The JSONL rows process the whole JSONL text; rates use the field bytes for
            # every row, so that rows compare.
            ratio_f = rows["ftfy"] / secs if secs else float("inf")
            ratio_p = rows["plsfix"] / secs if secs else float("inf")
            rel = "" if tool in ("ftfy", "plsfix") else f"{ratio_f:8.1f}x{ratio_p:8.2f}x"
            print(f"{name:<15}{len(texts):>8}{nbytes / 1e6:>7.2f}{nbytes / max(1, len(texts)):>9.0f} | "
                  f"{fmt_rate(nbytes, secs)}{secs / len(texts) * 1e6:>12.3f} {tool:<22}| {rel}")
        print(f"{name:<15} library, wall time: 1 thread {results_threads[0]:.3f} s, 2 threads "
              f"{results_threads[1]:.3f} s ({results_threads[0] / max(results_threads[1], 1e-9):.2f}x)")
        print("-" * len(header))

    print()
    check_agreement(corpus, outputs, names)
    pair_costs(corpus, results)
    targets(results)

    if args.memory_gb:
        print()
        memory(args.memory_gb, results)
    threads_note()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


def check_agreement(corpus, outputs, names) -> None:
    """Where outputs should agree, and how often they do."""
    print("agreement (same run):")
    for name in names + ["pairs-broken"]:
        outs = outputs.get(name)
        if not outs:
            continue
        lib, cli, ftfy_o, pls = outs["mojifix lib"], outs["mojifix cli"], outs["ftfy"], outs["plsfix"]
        n = len(lib)
        same_cli = sum(a == b for a, b in zip(lib, cli))
        same_ftfy = sum(a == b for a, b in zip(lib, ftfy_o))
        same_pls = sum(a == b for a, b in zip(lib, pls))
        print(f"  {name:<15} lib == cli {same_cli}/{n}   mojifix == ftfy {same_ftfy}/{n}   "
              f"mojifix == plsfix {same_pls}/{n}")
        if same_cli != n:
            i = next(i for i, (a, b) in enumerate(zip(lib, cli)) if a != b)
            print(f"    FIRST lib/cli DIFFERENCE at record {i + 1}: {lib[i]!r} vs {cli[i]!r}")
        records = corpus[name]
        base_name = {"broken10": "clean", "short-broken10": "short", "pairs-broken": "pairs-clean"}.get(name)
        if base_name and base_name in outputs:
            base = outputs[base_name]
            fams = {}
            for i, r in enumerate(records):
                if r.family is None:
                    continue
                f = fams.setdefault(r.family, {"n": 0, "mojifix": 0, "ftfy": 0, "plsfix": 0, "agree": 0})
                f["n"] += 1
                j = r.clean_index
                # Repaired = the tool gives the same text as on the clean original.
                f["mojifix"] += lib[i] == base["mojifix lib"][j]
                f["ftfy"] += ftfy_o[i] == base["ftfy"][j]
                f["plsfix"] += pls[i] == base["plsfix"][j]
                f["agree"] += lib[i] == ftfy_o[i]
            for fam, f in sorted(fams.items()):
                star = " (ftfy family)" if fam in FTFY_FAMILIES else ""
                print(f"    {fam:<16} {f['n']:>6} broken: repaired by mojifix {f['mojifix']:>6}, ftfy {f['ftfy']:>6}, "
                      f"plsfix {f['plsfix']:>6}; mojifix == ftfy {f['agree']:>6}{star}")
        if name in ("clean", "short", "ascii", "latin"):
            changed = sum(a != r.text for a, r in zip(lib, records))
            changed_ftfy = sum(a != r.text for a, r in zip(ftfy_o, records))
            print(f"    clean records changed: mojifix {changed}, ftfy {changed_ftfy} "
                  f"(ftfy preset: both straighten quotes)")
    print()


def pair_costs(corpus, results) -> None:
    """Per-record cost of a broken record against its clean original."""
    try:
        tc = [int(x) for x in (WORK / "pairs-clean.times").read_text().split()]
        tb = [int(x) for x in (WORK / "pairs-broken.times").read_text().split()]
    except OSError:
        return
    clean = corpus["pairs-clean"]
    broken = corpus["pairs-broken"]
    per_rec = []
    per_byte = []
    for r, t in zip(broken, tb):
        c = clean[r.clean_index]
        t0 = max(tc[r.clean_index], 1)
        per_rec.append(t / t0)
        lb = len(r.text.encode("utf-8"))
        lc = len(c.text.encode("utf-8"))
        per_byte.append((t / lb) / (t0 / lc))
    def q(xs, p):
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(p * len(xs)))]
    print(f"broken vs clean record, same source line ({len(per_rec)} pairs, in-process, best of 3 per record):")
    print(f"  time ratio     median {statistics.median(per_rec):6.2f}x  p90 {q(per_rec, .9):6.2f}x  "
          f"p99 {q(per_rec, .99):6.2f}x  max {max(per_rec):6.2f}x  total {sum(tb) / sum(tc):6.2f}x")
    print(f"  per-byte ratio median {statistics.median(per_byte):6.2f}x  p90 {q(per_byte, .9):6.2f}x  "
          f"p99 {q(per_byte, .99):6.2f}x  max {max(per_byte):6.2f}x")
    print(f"  clean record median {statistics.median(tc) / 1000:.2f} us, broken record median "
          f"{statistics.median(tb) / 1000:.2f} us")
    worst = sorted(range(len(per_rec)), key=lambda i: -per_rec[i])[:3]
    for i in worst:
        print(f"    {per_rec[i]:6.1f}x  {broken[i].family:<16} {broken[i].text[:60]!r}")


def targets(results) -> None:
    """The issue's targets, judged on this run's figures."""
    def ratio(inp, tool, peer):
        r = results.get(inp)
        return r["seconds"][peer] / r["seconds"][tool] if r else None

    def line(label, value, goal, unit="x"):
        if value is None:
            return
        verdict = "met" if value >= goal else "NOT met"
        print(f"  {label:<52} {value:10.2f}{unit}  (target >= {goal}{unit}: {verdict})")

    print()
    print("targets (single thread, this run):")
    for inp in ("clean", "broken10"):
        line(f"library vs ftfy, {inp}", ratio(inp, "mojifix lib", "ftfy"), 100)
        line(f"library vs plsfix, {inp}", ratio(inp, "mojifix lib", "plsfix"), 5)
    for inp in ("clean", "broken10"):
        line(f"CLI (fix --jsonl) vs ftfy library, {inp}", ratio(inp, "mojifix cli jsonl", "ftfy"), 50)
    for inp in ("ascii", "latin"):
        r = results.get(inp)
        if r:
            line(f"library on clean {inp} text (MB/s)", r["bytes"] / r["seconds"]["mojifix lib"] / 1e6, 1000, " MB/s")
    pc, pb = results.get("pairs-clean"), results.get("pairs-broken")
    if pc and pb:
        cost = (pb["seconds"]["mojifix lib"] / pb["bytes"]) / (pc["seconds"]["mojifix lib"] / pc["bytes"])
        print(f"  {'broken / clean record cost per byte (all pairs)':<52} {cost:10.2f}x  "
              f"(target <= 10x: {'met' if cost <= 10 else 'NOT met'})")


def memory(gb: float, results) -> None:
    """Peak RSS of `mojifix fix --jsonl` on a generated stream, never stored on disk."""
    mb = gb * 1000
    gen = subprocess.Popen([sys.executable, __file__, "--stream-mb", str(mb)], stdout=subprocess.PIPE)
    start = time.perf_counter()
    res = subprocess.run(["/usr/bin/time", "-v", str(MOJIFIX), "fix", "--jsonl"],
                         stdin=gen.stdout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    gen.stdout.close()
    gen.wait()
    secs = time.perf_counter() - start
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", res.stderr)
    rss = int(m.group(1)) / 1024 if m else float("nan")
    print(f"memory: `mojifix fix --jsonl` on a {mb:.0f} MB JSONL stream (piped, never on disk): "
          f"peak RSS {rss:.1f} MiB, {mb / secs:.1f} MB/s including the generator, exit {res.returncode}")
    results["memory"] = {"mb": mb, "peak_rss_mib": rss, "seconds": secs}


def threads_note() -> None:
    help_text = subprocess.run([str(MOJIFIX), "fix", "--help"], capture_output=True, text=True).stdout
    if "--threads" not in help_text:
        print("\n`mojifix fix --threads` does not exist yet: CLI scaling not measured "
              "(the 'library, wall time' lines split the records over two library threads).")


if __name__ == "__main__":
    sys.exit(main())
