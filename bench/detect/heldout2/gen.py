#!/usr/bin/env python3
"""Write the heldout2 set (texts.py, written for mojifix) as two corpora in the
shared corpus's MANIFEST.tsv layout, so bench/detect/score.py scores them:

    python3 bench/detect/heldout2/gen.py [OUT]      # default OUT = target/heldout2
    -> OUT/tune/ (paragraph 0 of each language), OUT/held/ (paragraph 1)

A character a legacy page lacks is replaced the way legacy pages wrote it
(– → -, «» → ", Persian ی → Arabic ي, Persian digits → ASCII); Vietnamese in windows-1258 is written with
the page's combining tones where it has no precomposed letter. Also writes
fixtures/heldout2-tune.jsonl (tuning half only: whole, 128- and 32-byte prefixes cut
back to a character boundary; label, hex bytes, truth text) for tests/heldout2.rs.
"""
import hashlib
import json
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, HERE)
from texts import L, UTF16  # noqa: E402

LABEL = {"cp1252": "windows-1252", "iso8859_1": "ISO-8859-1", "cp1250": "windows-1250",
         "iso8859_2": "ISO-8859-2", "cp1251": "windows-1251", "koi8_r": "KOI8-R", "koi8_u": "KOI8-U",
         "cp866": "IBM866", "iso8859_5": "ISO-8859-5", "mac_cyrillic": "x-mac-cyrillic",
         "cp1253": "windows-1253", "iso8859_7": "ISO-8859-7", "cp1254": "windows-1254",
         "iso8859_9": "ISO-8859-9", "cp1257": "windows-1257", "iso8859_13": "ISO-8859-13",
         "iso8859_4": "ISO-8859-4", "cp1255": "windows-1255", "iso8859_8": "ISO-8859-8",
         "cp1256": "windows-1256", "iso8859_6": "ISO-8859-6", "tis_620": "TIS-620",
         "cp874": "windows-874", "cp1258": "windows-1258", "gbk": "GBK", "gb18030": "gb18030",
         "big5": "Big5", "shift_jis": "Shift_JIS", "euc_jp": "EUC-JP", "iso2022_jp": "ISO-2022-JP",
         "euc_kr": "EUC-KR", "utf-8": "UTF-8", "utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE"}
SUBST = {"–": "-", "—": "-", "«": '"', "»": '"', "„": '"', "”": '"', "“": '"', "ی": "ي", "‌": "", "№": "N"}
SUBST.update({chr(0x6F0 + i): str(i) for i in range(10)})


def encodable(text, enc):
    try:
        text.encode(enc)
        return True
    except UnicodeEncodeError:
        return False


def encode(text, enc):
    """The text as a legacy page writes it, encoded in one call (stateful ISO-2022-JP)."""
    out = ""
    for ch in text:
        if encodable(ch, enc):
            out += ch
        elif ch in SUBST and encodable(SUBST[ch], enc):
            out += SUBST[ch]
        else:
            d = unicodedata.normalize("NFD", ch)  # windows-1258: base (+ horn/breve) + tone
            base, marks = d[0], d[1:]
            for k in range(len(marks), -1, -1):
                cand = unicodedata.normalize("NFC", base + marks[:k]) + marks[k:]
                if encodable(cand, enc):
                    out += cand
                    break
            else:
                raise SystemExit(f"cannot write {ch!r} in {enc}")
    if enc.startswith("utf-16"):
        out = "\ufeff" + out
    return out.encode(enc)


def prefix(data, enc, n):
    """The first n bytes, cut back by the fewest bytes (0..4) that leave whole characters."""
    for k in range(5):
        try:
            data[:n - k].decode(enc)
            return data[:n - k]
        except UnicodeDecodeError:
            pass
    raise SystemExit(f"no character boundary near {n} in {enc}")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "heldout2")
    jsonl = []
    for half, idx in (("tune", 0), ("held", 1)):
        d = os.path.join(out, half)
        rows = []
        for lang, encs, paras in L:
            text = paras[idx]
            all_encs = list(encs) + ["utf-8"] + (["utf-16-le", "utf-16-be"] if lang in UTF16 else [])
            for enc in all_encs:
                data = encode(text, enc)
                lab = LABEL[enc]
                rel = f"{lab}/{lang}.{enc}.txt"
                os.makedirs(os.path.join(d, lab), exist_ok=True)
                with open(os.path.join(d, rel), "wb") as f:
                    f.write(data)
                rows.append("\t".join([rel, lab, enc, lang, "mojifix-heldout2", str(len(data)),
                                       hashlib.sha256(data).hexdigest()]))
                if half == "tune":
                    for mode in ("whole", 128, 32):
                        cut = data if mode == "whole" else prefix(data, enc, mode)
                        truth = cut.decode(enc).lstrip("\ufeff")
                        jsonl.append({"lang": lang, "label": lab, "mode": str(mode),
                                      "hex": cut.hex(), "text": truth})
        with open(os.path.join(d, "MANIFEST.tsv"), "w", encoding="utf-8") as f:
            f.write("path\tlabel\tsource-label\tlanguage\tsource\tbytes\tsha256\n")
            f.write("\n".join(rows) + "\n")
        print(f"{d}: {len(rows)} files")
    with open(os.path.join(ROOT, "fixtures", "heldout2-tune.jsonl"), "w", encoding="utf-8") as f:
        for r in jsonl:
            f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
