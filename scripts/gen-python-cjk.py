#!/usr/bin/env python3
"""Writes fixtures/corpus/python-cjk.jsonl: the clean corpus's non-ASCII lines as UTF-8
read through Python's own CJK codecs (CPython's tables and error handling, which differ
from encoding_rs's: no GBK user-defined rows, plain Big5, KS X 1001-only EUC-KR; an
invalid pair loses its lead alone). One line per (line, codec) where the reading differs
from the line; `lossy` when the codec replaced bytes (errors="replace").

Run: python3 scripts/gen-python-cjk.py  (deterministic; Python 3.11's codecs)
"""
import json
import pathlib

CODECS = ["gbk", "big5", "shift_jis", "euc_kr", "cp932", "cp949", "cp950", "euc_jp"]

root = pathlib.Path(__file__).resolve().parent.parent
out = []
for path in sorted((root / "fixtures/corpus/clean").glob("*.txt")):
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.isascii():
            continue
        data = line.encode("utf-8")
        for codec in CODECS:
            text = data.decode(codec, errors="replace")
            if text == line:
                continue
            out.append({"text": text, "expected": line, "codec": codec,
                        "lossy": "\ufffd" in text, "lang": path.stem})
dest = root / "fixtures/corpus/python-cjk.jsonl"
with dest.open("w", encoding="utf-8") as f:
    for row in out:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
print(f"{len(out)} cases ({sum(r['lossy'] for r in out)} lossy) -> {dest}")
