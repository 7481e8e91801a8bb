#!/usr/bin/env python3
"""Seeds fuzz/corpus/<target>/ from the shipped fixtures, so the fuzzers start from real
text in every script and real mojibake instead of from nothing.

Each seed is prefixed with the selector byte its target reads first (see
fuzz/src/lib.rs). Run from anywhere: python3 fuzz/seed-corpus.py
"""

import hashlib
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"

# Legacy encodings that clean text is stored in, and that UTF-8 is misread through.
ENCODINGS = ["cp1252", "cp1251", "cp1253", "koi8_r", "gbk", "shift_jis", "euc_kr", "big5",
             "euc_jp", "utf-16-le", "utf-16-be", "cp437"]


def save(target, data):
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main():
    clean = []
    for path in sorted((ROOT / "fixtures" / "corpus" / "clean").glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        clean.extend(lines[:12])
    broken = []
    real = ROOT / "fixtures" / "corpus" / "real" / "real-mojibake.jsonl"
    jsonl = real.read_text(encoding="utf-8").splitlines()
    for line in jsonl:
        broken.append(json.loads(line)["text"])
    for text in clean:
        for encoding in ENCODINGS:
            try:
                # UTF-8 misread through a legacy page: the commonest mojibake.
                broken.append(text.encode("utf-8").decode(encoding))
            except UnicodeDecodeError:
                pass
    texts = clean + broken
    for i, text in enumerate(texts):
        raw = text.encode("utf-8")
        save("repair", raw)
        save("report", bytes([i % 256]) + raw)
    for i, text in enumerate(clean):
        for encoding in ENCODINGS:
            try:
                raw = text.encode(encoding)
            except UnicodeEncodeError:
                continue
            save("detect", bytes([0]) + raw)
            save("decode", bytes([i % 256]) + raw)
    # Record formats: mode byte 0 (default preset, UTF-8 input), a few lines each.
    for start in range(0, len(texts), 5):
        chunk = texts[start:start + 5]
        save("lines", b"\x00" + "\n".join(chunk).encode("utf-8") + b"\r\n")
        records = [json.dumps({"text": t, "n": 1, "l": [t]}, ensure_ascii=start % 2 == 0)
                   for t in chunk]
        save("jsonl", b"\x00" + "\n".join(records).encode("utf-8") + b"\n")
    for start in range(0, len(jsonl), 4):
        save("jsonl", b"\x00" + "\n".join(jsonl[start:start + 4]).encode("utf-8") + b"\n")


if __name__ == "__main__":
    main()
