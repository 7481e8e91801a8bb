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
    # CSV, refer and RIS: the shipped format fixtures whole (mode byte 0 and 1), then a few
    # texts per record in each format's quoting, continuation lines and one-line forms.
    formats = ROOT / "fixtures" / "formats"
    for target, name in [("csv", "articles.in.csv"), ("refer", "endnote.in.enw"),
                         ("ris", "library.in.ris")]:
        raw = (formats / name).read_bytes()
        save(target, b"\x00" + raw)
        save(target, b"\x01" + raw)
    seed = (ROOT / "fixtures" / "seed-record.txt").read_bytes()
    save("refer", b"\x00" + seed)
    for start in range(0, len(texts), 3):
        a, b, c = (texts[start:start + 3] + ["", "", ""])[:3]
        q = lambda t: '"' + t.replace('"', '""') + '"'
        eol = "\r\n" if start % 2 else "\n"
        rows = ["id,title,abstract", f"1,{q(a)},{q(b + chr(10) + c)}", f"2,{q(c)},{q(a)}"]
        save("csv", b"\x00" + eol.join(rows).encode("utf-8") + eol.encode())
        refer = [f"%0 Journal Article{eol}%T {a}{eol}%A {b}{eol}%X {c}{eol}more {a}{eol}",
                 f"%0 Book %T {a} %A {b} %X 5% of {c}{eol}"]
        save("refer", b"\x00" + eol.join(refer).encode("utf-8"))
        ris = [f"TY  - JOUR{eol}TI  - {a}{eol}AU  - {b}{eol}AB  - {c}{eol}  {a}{eol}ER  - {eol}",
               f"{eol}TY  - BOOK{eol}T1  - {b}{eol}ER  -{eol}"]
        save("ris", b"\x00" + "".join(ris).encode("utf-8"))


if __name__ == "__main__":
    main()
