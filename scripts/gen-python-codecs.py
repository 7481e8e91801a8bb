#!/usr/bin/env python3
"""Writes fixtures/corpus/python-codecs.jsonl: the clean corpus's non-ASCII lines as UTF-8
read through Python's own codecs, which differ from encoding_rs's in their tables (no GBK
user-defined rows, plain Big5, KS X 1001-only EUC-KR, cp932's U+F8F0) and in how they
lose bytes (errors="replace": an invalid pair loses its lead alone; a single-byte page's
undefined byte becomes U+FFFD, where encoding_rs gives a C1 control).

Rows: {"text", "expected", "codec", "lossy", "lang"}; for the CJK codecs one per (line,
codec) whose reading differs from the line; for the single-byte pages only the lossy
ones (the lossless readings are the same as encoding_rs's, tested already).

Run: python3 scripts/gen-python-codecs.py  (deterministic; made with Python 3.11)
"""
import json
import pathlib

CJK = ["gbk", "big5", "shift_jis", "euc_kr", "cp932", "cp949", "cp950", "euc_jp"]
SINGLE_BYTE = ["cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256",
               "cp1257", "cp1258", "koi8_r", "koi8_u", "mac_roman", "cp437", "cp850",
               "cp866", "iso8859_2", "iso8859_5", "iso8859_7", "cp874"]

root = pathlib.Path(__file__).resolve().parent.parent
out = []
for path in sorted((root / "fixtures/corpus/clean").glob("*.txt")):
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.isascii():
            continue
        data = line.encode("utf-8")
        for codec in CJK + SINGLE_BYTE:
            text = data.decode(codec, errors="replace")
            lossy = "\ufffd" in text
            if text == line or (codec in SINGLE_BYTE and not lossy):
                continue
            out.append({"text": text, "expected": line, "codec": codec,
                        "lossy": lossy, "lang": path.stem})
dest = root / "fixtures/corpus/python-codecs.jsonl"
with dest.open("w", encoding="utf-8") as f:
    for row in out:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
print(f"{len(out)} cases ({sum(r['lossy'] for r in out)} lossy) -> {dest}")
