#!/usr/bin/env python3
"""Validate the mojifix test corpora.

Checks two things:

1. fixtures/corpus/clean/*.txt -- clean, correct UTF-8 text, one record per
   line.  Every line must be NFC-normalized, non-empty, free of control
   characters (tabs included) and free of U+FFFD.  Language files need at
   least 40 lines, tricky.txt at least 120.

2. fixtures/corpus/real/real-mojibake.jsonl -- one JSON object per line with
   the keys text, expected, family, chain, source.  `chain` describes how
   `expected` turned into `text`; the checker replays it and fails when the
   replay does not reproduce `text` (or, for steps that cannot be replayed
   forwards, when undoing it on `text` does not give `expected`).

Chain grammar (steps are applied to `expected`, left to right, and joined by
" then "):

    <enc1> read as <enc2> [(modifier)]
        s = s.encode(enc1).decode(enc2).  Encoding names are Python codec
        names or common aliases (windows-1252, latin-1, shift_jis, ...).
        Modifiers say what happened to bytes enc2 cannot decode:
          (undefined bytes dropped)       -> errors="ignore"
          (undefined bytes as U+FFFD)     -> errors="replace"
          (undefined bytes kept as C1)    -> byte 0xNN becomes U+00NN
          (undefined bytes as ?)          -> byte becomes "?"
          (invalid sequences as U+FFFD)   -> same as "as U+FFFD"
          (invalid sequences as ?)        -> same as "as ?"
    <enc> with ? for unencodable
        s = s.encode(enc, errors="replace").decode(enc)
    utf-8 bytes sign-extended to UTF-16
        each UTF-8 byte b >= 0x80 becomes U+FF00|b (Java byte->char bug)
    html entities
        text is the HTML-escaped form; checked backwards with html.unescape
    percent-encoded utf-8
        text is URL-escaped UTF-8; checked backwards with urllib unquote

For family "partial" the chain is applied word by word: the checker undoes
the last step on every whitespace-separated token where that succeeds and
compares the result with `expected`.

Usage: python3 scripts/check-corpus.py [repo-root]
Exit status 0 when everything passes, 1 otherwise.
"""

import codecs
import collections
import html
import json
import os
import re
import sys
import unicodedata
import urllib.parse

FAMILIES = {
    "utf8-as-sbcs", "utf8-as-cjk", "sbcs-as-sbcs", "cjk-as-latin1",
    "cjk-as-cjk", "multi-layer", "partial", "lost-bytes", "html-entities",
    "other",
}
REQUIRED_KEYS = ("text", "expected", "family", "chain", "source")
LANG_FILES = [
    "en", "fr", "de", "es", "pt", "it", "nl", "pl", "cs", "sk", "hu", "ro",
    "tr", "vi", "is", "lt", "lv", "et", "hr", "ru", "uk", "bg", "sr", "el",
    "he", "ar", "fa", "th", "hi", "zh-hans", "zh-hant", "ja", "ko",
]
MIN_LANG_LINES = 40
MIN_TRICKY_LINES = 120

ALIASES = {
    "windows-1250": "cp1250", "windows-1251": "cp1251",
    "windows-1252": "cp1252", "windows-1253": "cp1253",
    "windows-1254": "cp1254", "windows-1255": "cp1255",
    "windows-1256": "cp1256", "windows-1257": "cp1257",
    "windows-1258": "cp1258", "latin-1": "latin-1", "iso-8859-1": "latin-1",
    "macroman": "mac_roman", "mac-roman": "mac_roman",
    "shift_jis": "shift_jis", "sjis": "shift_jis", "cp932": "cp932",
    "euc-kr": "euc_kr", "cp949": "cp949", "euc-jp": "euc_jp",
    "gbk": "gbk", "gb2312": "gb2312", "gb18030": "gb18030", "big5": "big5",
    "koi8-r": "koi8_r", "koi8-u": "koi8_u", "cp437": "cp437",
    "cp850": "cp850", "cp866": "cp866", "utf-8": "utf-8",
}

STEP_RE = re.compile(
    r"^(?P<a>[\w\-]+) read as (?P<b>[\w\-]+)(?: \((?P<mod>[^)]*)\))?$")
LOSSY_RE = re.compile(r"^(?P<a>[\w\-]+) with \? for unencodable$")


def codec(name):
    name = name.strip().lower()
    real = ALIASES.get(name, name)
    codecs.lookup(real)  # raises LookupError for unknown names
    return real


def _c1_handler(err):
    bad = err.object[err.start:err.end]
    return ("".join(chr(b) for b in bad), err.end)


def _question_handler(err):
    return ("?" * (err.end - err.start), err.end)


codecs.register_error("mojifix-c1", _c1_handler)
codecs.register_error("mojifix-question", _question_handler)

MODIFIERS = {
    None: "strict",
    "undefined bytes dropped": "ignore",
    "undefined bytes as U+FFFD": "replace",
    "invalid sequences as U+FFFD": "replace",
    "undefined bytes kept as C1": "mojifix-c1",
    "undefined bytes as ?": "mojifix-question",
    "invalid sequences as ?": "mojifix-question",
}


def parse_chain(chain):
    steps = []
    for raw in chain.split(" then "):
        raw = raw.strip()
        m = STEP_RE.match(raw)
        if m:
            mod = m.group("mod")
            if mod not in MODIFIERS:
                raise ValueError("unknown modifier %r" % mod)
            steps.append(("reread", codec(m.group("a")), codec(m.group("b")),
                          MODIFIERS[mod]))
            continue
        m = LOSSY_RE.match(raw)
        if m:
            steps.append(("lossy", codec(m.group("a"))))
            continue
        if raw == "utf-8 bytes sign-extended to UTF-16":
            steps.append(("signext",))
            continue
        if raw == "html entities":
            steps.append(("html",))
            continue
        if raw == "percent-encoded utf-8":
            steps.append(("percent",))
            continue
        raise ValueError("cannot parse chain step %r" % raw)
    return steps


def forward(s, steps):
    for step in steps:
        kind = step[0]
        if kind == "reread":
            _, a, b, errors = step
            s = s.encode(a).decode(b, errors=errors)
        elif kind == "lossy":
            s = s.encode(step[1], errors="replace").decode(step[1])
        elif kind == "signext":
            s = "".join(chr(0xFF00 | b) if b >= 0x80 else chr(b)
                        for b in s.encode("utf-8"))
        else:
            return None  # not replayable forwards
    return s


def backward(s, steps):
    for step in reversed(steps):
        kind = step[0]
        if kind == "reread":
            _, a, b, errors = step
            if errors != "strict":
                return None
            s = s.encode(b).decode(a)
        elif kind == "html":
            s = html.unescape(s)
        elif kind == "percent":
            s = urllib.parse.unquote(s, encoding="utf-8", errors="strict")
        elif kind == "signext":
            s = bytes((ord(c) & 0xFF) for c in s).decode("utf-8")
        else:
            return None
    return s


def undo_words(text, steps):
    """Undo the chain on each whitespace-separated token where possible."""
    out = []
    for tok in re.split(r"(\s+)", text):
        if tok and not tok.isspace() and any(ord(c) > 0x7F for c in tok):
            try:
                fixed = backward(tok, steps)
            except (UnicodeError, ValueError):
                fixed = None
            if fixed is not None:
                tok = fixed
        out.append(tok)
    return "".join(out)


def verify_case(case):
    """Return None when the case checks out, else an error message."""
    text, expected = case["text"], case["expected"]
    steps = parse_chain(case["chain"])
    if case["family"] == "partial":
        got = undo_words(text, steps)
        if got == expected:
            return None
        return "partial undo gives %r" % got
    try:
        fwd = forward(expected, steps)
    except (UnicodeError, ValueError) as exc:
        fwd = None
        fwd_err = str(exc)
    else:
        fwd_err = None
    if fwd == text:
        return None
    try:
        back = backward(text, steps)
    except (UnicodeError, ValueError):
        back = None
    if back == expected:
        return None
    if fwd_err:
        return "forward replay failed: %s" % fwd_err
    return "replay gives %r" % (fwd if fwd is not None else back)


def bad_chars(line):
    problems = []
    for ch in line:
        cat = unicodedata.category(ch)
        if cat == "Cc":
            problems.append("control U+%04X" % ord(ch))
        elif ch == "\ufffd":
            problems.append("U+FFFD")
        elif cat == "Cs":
            problems.append("surrogate")
        elif cat == "Co":
            problems.append("private use U+%04X" % ord(ch))
    return problems


def check_clean(root, errors):
    d = os.path.join(root, "fixtures", "corpus", "clean")
    counts = {}
    if not os.path.isdir(d):
        errors.append("missing directory %s" % d)
        return counts
    expected_files = ["%s.txt" % c for c in LANG_FILES] + ["tricky.txt"]
    for name in expected_files:
        if not os.path.exists(os.path.join(d, name)):
            errors.append("clean/%s: missing" % name)
    for name in sorted(os.listdir(d)):
        if not name.endswith(".txt"):
            continue
        path = os.path.join(d, name)
        raw = open(path, "rb").read()
        if raw.startswith(b"\xef\xbb\xbf"):
            errors.append("clean/%s: has a BOM" % name)
        try:
            data = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            errors.append("clean/%s: not UTF-8: %s" % (name, exc))
            continue
        if data and not data.endswith("\n"):
            errors.append("clean/%s: no final newline" % name)
        lines = data.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        seen = set()
        for i, line in enumerate(lines, 1):
            where = "clean/%s:%d" % (name, i)
            if line.endswith("\r"):
                errors.append("%s: CRLF line ending" % where)
                line = line[:-1]
            if not line.strip():
                errors.append("%s: empty line" % where)
            if line != line.strip(" "):
                errors.append("%s: leading/trailing spaces" % where)
            if unicodedata.normalize("NFC", line) != line:
                errors.append("%s: not NFC" % where)
            for p in bad_chars(line):
                errors.append("%s: %s" % (where, p))
            if line in seen:
                errors.append("%s: duplicate line" % where)
            seen.add(line)
        counts[name] = len(lines)
        need = MIN_TRICKY_LINES if name == "tricky.txt" else MIN_LANG_LINES
        if len(lines) < need:
            errors.append("clean/%s: %d lines, need >= %d"
                          % (name, len(lines), need))
    return counts


def check_real(root, errors):
    path = os.path.join(root, "fixtures", "corpus", "real",
                        "real-mojibake.jsonl")
    fam = collections.Counter()
    real_vs_synth = collections.Counter()
    if not os.path.exists(path):
        errors.append("missing %s" % path)
        return fam, real_vs_synth, 0
    if not os.path.exists(os.path.join(os.path.dirname(path), "NOTICE.md")):
        errors.append("real/NOTICE.md missing")
    n = 0
    seen = set()
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            where = "real-mojibake.jsonl:%d" % i
            if not line.strip():
                errors.append("%s: empty line" % where)
                continue
            try:
                case = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append("%s: bad JSON: %s" % (where, exc))
                continue
            n += 1
            missing = [k for k in REQUIRED_KEYS if k not in case]
            if missing:
                errors.append("%s: missing keys %s" % (where, missing))
                continue
            if not all(isinstance(case[k], str) for k in REQUIRED_KEYS):
                errors.append("%s: all fields must be strings" % where)
                continue
            if case["family"] not in FAMILIES:
                errors.append("%s: unknown family %r" % (where, case["family"]))
            if case["text"] == case["expected"]:
                errors.append("%s: text == expected" % where)
            if (case["text"], case["expected"]) in seen:
                errors.append("%s: duplicate case" % where)
            seen.add((case["text"], case["expected"]))
            src = case["source"]
            if src != "synthetic" and not re.match(r"^https?://\S+$", src):
                errors.append("%s: source must be a URL or 'synthetic'" % where)
            exp = case["expected"]
            if unicodedata.normalize("NFC", exp) != exp:
                errors.append("%s: expected is not NFC" % where)
            if "\ufffd" in exp:
                errors.append("%s: expected contains U+FFFD" % where)
            if not case["chain"]:
                errors.append("%s: empty chain" % where)
            else:
                try:
                    msg = verify_case(case)
                except (ValueError, LookupError) as exc:
                    msg = "bad chain: %s" % exc
                if msg:
                    errors.append("%s: chain %r does not reproduce: %s"
                                  % (where, case["chain"], msg))
            fam[case["family"]] += 1
            real_vs_synth["synthetic" if src == "synthetic" else "sourced"] += 1
    return fam, real_vs_synth, n


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(
        os.path.dirname(os.path.abspath(__file__)))
    errors = []
    counts = check_clean(root, errors)
    fam, rs, n = check_real(root, errors)

    print("clean corpus (lines per file):")
    for name in sorted(counts):
        print("  %-14s %5d" % (name, counts[name]))
    print("  %-14s %5d" % ("TOTAL", sum(counts.values())))
    print()
    print("real-mojibake.jsonl: %d cases (%d sourced, %d synthetic)"
          % (n, rs["sourced"], rs["synthetic"]))
    for f in sorted(fam):
        print("  %-14s %5d" % (f, fam[f]))
    print()
    if errors:
        print("FAILED: %d problem(s)" % len(errors))
        for e in errors[:200]:
            print("  " + e)
        if len(errors) > 200:
            print("  ... and %d more" % (len(errors) - 200))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
