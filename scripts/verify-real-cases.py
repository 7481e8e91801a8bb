#!/usr/bin/env python3
"""Re-derive `expected` from `text` and `chain` for each line of a jsonl file.
Chain grammar: steps joined by ' then ', each 'X read as Y' (X = true encoding,
Y = encoding wrongly used to decode), or 'html entities'. Steps are listed in
the order they happened; reversal undoes them last-first.
Encodings named windows-125x are 'sloppy': bytes undefined in the code page
are taken to have been kept as the C1 / latin-1 char of the same value.
Lines with "verified": "manual" are checked only for being present/non-identical.
Usage: python3 scripts/verify-real-cases.py fixtures/corpus/real/real-mojibake-2.jsonl"""
import json, sys, html, codecs, re

def sloppy_encode(s, enc):
    out = bytearray()
    for ch in s:
        try:
            out += ch.encode(enc)
        except UnicodeEncodeError:
            if ch == '\u20ac' and enc in ('gbk', 'cp936'):
                out.append(0x80)  # Windows cp936 maps 0x80 to the euro sign
            elif ord(ch) < 256 and enc.startswith(('windows-125', 'cp125', 'cp874', 'windows-874')):
                out.append(ord(ch))
            else:
                raise
    return bytes(out)

ALIAS = {'latin-1': 'latin-1', 'mac-roman': 'mac_roman', 'macroman': 'mac_roman',
         'shift_jis': 'cp932', 'shift-jis': 'cp932', 'sjis': 'cp932', 'euc-kr': 'cp949',
         'gbk': 'gbk', 'gb18030': 'gb18030', 'big5': 'big5', 'cp950': 'cp950',
         'euc-jp': 'euc_jp', 'koi8-r': 'koi8_r', 'koi8-u': 'koi8_u'}
def norm(e):
    e = e.strip().lower()
    return ALIAS.get(e, e)

def undo(text, chain):
    steps = [s.strip() for s in re.split(r'\bthen\b', chain)]
    for st in reversed(steps):
        st = re.sub(r'\s*\(.*\)$', '', st)
        if st == 'html entities':
            text = html.unescape(text); continue
        m = re.match(r'^(\S+) read as (\S+)$', st)
        if not m: raise ValueError('bad step: ' + st)
        true_enc, wrong_enc = norm(m.group(1)), norm(m.group(2))
        text = sloppy_encode(text, wrong_enc).decode(true_enc)
    return text

def undo_partial(text, chain):
    # partial damage: undo the chain on each whitespace-separated token that
    # reverses cleanly and changes; other tokens are left alone
    out = []
    for tok in re.split(r'(\s+)', text):
        try:
            fixed = undo(tok, chain)
        except Exception:
            fixed = tok
        out.append(fixed)
    return ''.join(out)

def main(path):
    bad = 0; n = 0; seen = set()
    for i, line in enumerate(open(path, encoding='utf-8'), 1):
        if not line.strip(): continue
        o = json.loads(line); n += 1
        key = o['text']
        if key in seen: print(f'{i}: DUPLICATE'); bad += 1
        seen.add(key)
        if o.get('verified') == 'manual':
            if not o.get('reason'): print(f'{i}: manual without reason'); bad += 1
            continue
        try:
            got = undo(o['text'], o['chain']) if o['family'] != 'partial' else undo_partial(o['text'], o['chain'])
        except Exception as e:
            print(f'{i}: ERROR {e!r}: {o["text"][:60]}'); bad += 1; continue
        if got != o['expected']:
            print(f'{i}: MISMATCH {o["text"][:50]!r} -> {got[:50]!r} != {o["expected"][:50]!r}'); bad += 1
    print(f'{path}: {n} lines, {bad} problems')
    return bad

if __name__ == '__main__':
    sys.exit(1 if sum(main(p) for p in sys.argv[1:] or ['fixtures/corpus/real/real-mojibake-2.jsonl']) else 0)
