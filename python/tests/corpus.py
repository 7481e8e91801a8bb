"""Deterministic records with mojibake, made from the clean corpus in fixtures/.

Used by the tests, the Spark test and bench.py, so all of them clean the same kind of
text: clean sentences in 34 languages, and the same sentences damaged the ways real
pipelines damage them (UTF-8 read as windows-1252 or latin-1, twice; UTF-8 read as GBK,
Shift_JIS or windows-1251; GBK read as latin-1; HTML entities; curly quotes).

    python python/tests/corpus.py 10000 > records.jsonl   # {"id": n, "text": ...}
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLEAN = ROOT / "fixtures" / "corpus" / "clean"


def sentences() -> list[tuple[str, str]]:
    """(language, line) for every non-empty line of the clean corpus."""
    out = []
    for path in sorted(CLEAN.glob("*.txt")):
        lang = path.stem
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = line.strip()
            if line and "\ufffd" not in line:
                out.append((lang, line))
    return out


def _misread(text: str, true: str, wrong: str) -> str | None:
    try:
        return text.encode(true).decode(wrong)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def damage(lang: str, text: str, rng: random.Random) -> str:
    """One damaged (or untouched) variant of `text`."""
    r = rng.random()
    if r < 0.35:
        return text
    cjk = lang in ("zh-hans", "zh-hant", "ja", "ko")
    cyrillic = lang in ("ru", "uk", "bg", "sr")
    candidates: list[str | None] = []
    if r < 0.65:
        candidates.append(_misread(text, "utf-8", "cp1252"))
        candidates.append(_misread(text, "utf-8", "latin-1"))
    elif r < 0.72:
        once = _misread(text, "utf-8", "cp1252")
        if once is not None:
            candidates.append(_misread(once, "utf-8", "cp1252"))
    elif r < 0.85 and cjk:
        candidates.append(_misread(text, "utf-8", "gbk"))
        candidates.append(_misread(text, "gbk", "latin-1"))
        candidates.append(_misread(text, "utf-8", "shift_jis"))
    elif r < 0.85 and cyrillic:
        candidates.append(_misread(text, "utf-8", "cp1251"))
    elif r < 0.92:
        return text.replace("&", "&amp;").replace("«", "&laquo;").replace("é", "&eacute;") + " &amp; more"
    else:
        return "\u201c" + text + "\u201d \u2014 it\u2019s"
    for c in candidates:
        if c is not None and "\x00" not in c:
            return c
    return text


def records(n: int, seed: int = 9) -> list[str]:
    """`n` texts, some clean, most damaged; the same for the same `n` and `seed`."""
    rng = random.Random(seed)
    pool = sentences()
    return [damage(*rng.choice(pool), rng) for _ in range(n)]


def write_jsonl(path: Path, n: int, seed: int = 9) -> Path:
    """Writes `n` records {"id": i, "text": ...} to `path`, one JSON object per line."""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for i, text in enumerate(records(n, seed)):
            f.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    for i, text in enumerate(records(n)):
        print(json.dumps({"id": i, "text": text}, ensure_ascii=False))
