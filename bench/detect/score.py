#!/usr/bin/env python3
"""Score encoding detectors on shared/detect-corpus by the corpus README's rule.

    .venv-peers/bin/python bench/detect/score.py                 # the three peers
    MOJIFIX=target/release/mojifix .venv-peers/bin/python bench/detect/score.py
    python3 bench/detect/score.py --only mojifix                 # no venv needed

`mojifix` runs the CLI as an external process (start-up, file reading and JSON output
are in its time); `mojifix-py` calls the library in-process through the Python binding
(python/, installed into .venv-peers by scripts/install-mojifix-py.sh), timed exactly
like the Python peers, with the same flags per mode, so its answers must be the CLI's.

The rule (corpus README, "How to score"), as implemented here:

1. Truth: the file decoded strictly with the label's codec(s): the Python codec(s)
   listed in LABEL_CODECS (incl. the README's alternatives: cp932/shift_jis,
   gb2312/gbk, cp949/euc_kr, big5/cp950/big5hkscs, euc_jp/euc_jis_2004) plus, for a
   label that is a WHATWG encoding, that encoding's WHATWG decoder (which is how
   the windows-* C1 mapping of 0x80-0x9F comes in). Every successful decode is a
   valid truth text.
2. Answer: decoded strictly the Python way (codecs.lookup) and the WHATWG way
   (Encoding::for_label + the WHATWG decoder, reimplemented below from
   encoding_rs 0.8.44's tables: Python codecs plus the sequences where they
   differ; checked against encoding_rs by decoding every 1- and 2-byte sequence,
   every gb18030 4-byte one and every EUC-JP 0x8F one; ISO-2022-JP follows the
   spec's state machine). ascii / us-ascii (anything Python calls 'ascii') are
   read as strict ASCII only, never as windows-1252.
3. One leading U+FEFF is stripped from every text (BOM ignored on both sides).
4. Right if any answer text equals any truth text, or if the answer's canonical
   name (the name itself, its Python codec name, or its WHATWG name, compared
   lowercase alphanumeric-only) is the label: the only route for EUC-TW.
5. An error, None, '' or 'binary' for a text file is wrong. Binary files are not
   in the accuracy; they count as right when the answer is None/''/'binary'.

Prefix modes give the detector exactly the first N bytes (the whole file if it is
shorter). The verdict is taken on that prefix cut back by k = 0..4 bytes, the
smallest k for which some truth codec decodes it strictly. A prefix is "trivial"
when its scored bytes are all < 0x80 and the label reads them as plain ASCII.
"""

from __future__ import annotations

import argparse
import codecs
import json
import math
import os
import re
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_CORPUS = os.path.normpath(os.path.join(ROOT, "..", "shared", "detect-corpus"))
VENV_PY = os.path.join(ROOT, ".venv-peers", "bin", "python")

# ---------------------------------------------------------------------------
# WHATWG Encoding Standard: labels -> encoding names (from encoding_rs 0.8.44)
# ---------------------------------------------------------------------------
_WHATWG_LABELS = {
    "UTF-8": "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8",
    "IBM866": "866 cp866 csibm866 ibm866",
    "ISO-8859-2": "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2",
    "ISO-8859-3": "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3",
    "ISO-8859-4": "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4",
    "ISO-8859-5": "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988",
    "ISO-8859-6": "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e "
                  "iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987",
    "ISO-8859-7": "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 "
                  "iso_8859-7 iso_8859-7:1987 sun_eu_greek",
    "ISO-8859-8": "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 "
                  "iso_8859-8 iso_8859-8:1988 visual",
    "ISO-8859-8-I": "csiso88598i iso-8859-8-i logical",
    "ISO-8859-10": "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6",
    "ISO-8859-13": "iso-8859-13 iso8859-13 iso885913",
    "ISO-8859-14": "iso-8859-14 iso8859-14 iso885914",
    "ISO-8859-15": "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9",
    "ISO-8859-16": "iso-8859-16",
    "KOI8-R": "cskoi8r koi koi8 koi8-r koi8_r",
    "KOI8-U": "koi8-ru koi8-u",
    "macintosh": "csmacintosh mac macintosh x-mac-roman",
    "windows-874": "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874",
    "windows-1250": "cp1250 windows-1250 x-cp1250",
    "windows-1251": "cp1251 windows-1251 x-cp1251",
    "windows-1252": "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 "
                    "iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252",
    "windows-1253": "cp1253 windows-1253 x-cp1253",
    "windows-1254": "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 "
                    "iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254",
    "windows-1255": "cp1255 windows-1255 x-cp1255",
    "windows-1256": "cp1256 windows-1256 x-cp1256",
    "windows-1257": "cp1257 windows-1257 x-cp1257",
    "windows-1258": "cp1258 windows-1258 x-cp1258",
    "x-mac-cyrillic": "x-mac-cyrillic x-mac-ukrainian",
    "GBK": "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk",
    "gb18030": "gb18030",
    "Big5": "big5 big5-hkscs cn-big5 csbig5 x-x-big5",
    "EUC-JP": "cseucpkdfmtjapanese euc-jp x-euc-jp",
    "ISO-2022-JP": "csiso2022jp iso-2022-jp",
    "Shift_JIS": "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
    "EUC-KR": "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 "
              "ksc_5601 windows-949",
    "replacement": "csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr replacement",
    "UTF-16BE": "unicodefffe utf-16be",
    "UTF-16LE": "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le",
    "x-user-defined": "x-user-defined",
}
WHATWG_LABEL = {lab: name for name, labs in _WHATWG_LABELS.items() for lab in labs.split()}
WHATWG_NAMES = set(_WHATWG_LABELS)


def whatwg_for_label(label: str) -> str | None:
    """Encoding::for_label: trim ASCII whitespace, ASCII-lowercase, look up."""
    return WHATWG_LABEL.get(label.strip("\t\n\f\r ").lower())


# Single-byte encodings: the Python codec plus the bytes where the WHATWG index
# differs from it (None = unmapped in WHATWG). Derived by diffing encoding_rs
# 0.8.44's SINGLE_BYTE_DATA against Python 3.11's codecs; everything else agrees.
_C1 = None  # marker: byte maps to the C1 control of the same value
_SB = {
    "IBM866": ("cp866", {}),
    "ISO-8859-2": ("iso8859_2", {}), "ISO-8859-3": ("iso8859_3", {}),
    "ISO-8859-4": ("iso8859_4", {}), "ISO-8859-5": ("iso8859_5", {}),
    "ISO-8859-6": ("iso8859_6", {}), "ISO-8859-7": ("iso8859_7", {}),
    "ISO-8859-8": ("iso8859_8", {}), "ISO-8859-8-I": ("iso8859_8", {}),
    "ISO-8859-10": ("iso8859_10", {}), "ISO-8859-13": ("iso8859_13", {}),
    "ISO-8859-14": ("iso8859_14", {}), "ISO-8859-15": ("iso8859_15", {}),
    "ISO-8859-16": ("iso8859_16", {}), "KOI8-R": ("koi8_r", {}),
    "KOI8-U": ("koi8_u", {0xAE: 0x045E, 0xBE: 0x040E}),
    "macintosh": ("mac_roman", {}), "x-mac-cyrillic": ("mac_cyrillic", {}),
    "windows-874": ("cp874", "81 82 83 84 86 87 88 89 8a 8b 8c 8d 8e 8f 90 98 99 9a 9b 9c 9d 9e 9f"),
    "windows-1250": ("cp1250", "81 83 88 90 98"),
    "windows-1251": ("cp1251", "98"),
    "windows-1252": ("cp1252", "81 8d 8f 90 9d"),
    "windows-1253": ("cp1253", "81 88 8a 8c 8d 8e 8f 90 98 9a 9c 9d 9e 9f"),
    "windows-1254": ("cp1254", "81 8d 8e 8f 90 9d 9e"),
    "windows-1255": ("cp1255", "81 8a 8c 8d 8e 8f 90 9a 9c 9d 9e 9f"),
    "windows-1256": ("cp1256", {}),
    "windows-1257": ("cp1257", "81 83 88 8a 8c 90 98 9a 9c 9f"),
    "windows-1258": ("cp1258", "81 8a 8d 8e 8f 90 9a 9d 9e"),
}
_SB_EXTRA = {"windows-1255": {0xCA: 0x05BA}}  # WHATWG maps it, Python's cp1255 does not
_SB_TABLES: dict[str, str] = {}


def _sb_table(name: str) -> str:
    """A 256-char charmap decoding table; U+FFFE marks an unmapped byte."""
    t = _SB_TABLES.get(name)
    if t is None:
        py, diff = _SB[name]
        if isinstance(diff, str):  # bytes that WHATWG maps to the same-valued C1 control
            diff = {int(h, 16): int(h, 16) for h in diff.split()}
        diff = {**diff, **_SB_EXTRA.get(name, {})}
        chars = []
        for b in range(256):
            if b in diff:
                chars.append(chr(diff[b]) if diff[b] is not None else "\ufffe")
                continue
            try:
                chars.append(bytes([b]).decode(py))
            except UnicodeDecodeError:
                chars.append("\ufffe")
        t = _SB_TABLES[name] = "".join(chars)
    return t


# Multi-byte: Python codec + the sequences where encoding_rs 0.8.44 decodes
# differently (found by decoding every 1-, 2- and gb18030 4-byte sequence with
# both). EUC-KR == cp949 exactly; Shift_JIS == cp932 except that WHATWG rejects
# the single bytes 0xA0 and 0xFD-0xFF; EUC-JP two-byte == cp932 of the same
# JIS row/cell (minus the PUA), three-byte == euc_jp except 8FA2B7.
_GB_OVR = """8135f437=E7C7 a3a0=3000 a6d9=FE10 a6da=FE12 a6db=FE11 a6dc=FE13 a6dd=FE14 a6de=FE15
a6df=FE16 a6ec=FE17 a6ed=FE18 a6f3=FE19 a8bc=1E3F fe59=9FB4 fe61=9FB5 fe66=9FB6
fe67=9FB7 fe6d=9FB8 fe7e=9FB9 fe90=9FBA fea0=9FBB"""
_BIG5_OVR = """
877a=3875 877b=21D53 877c=2369E 877d=26021 877e=3EEC 87a1=258DE 87a2=3AF5 87a3=7AFC
87a4=9F97 87a5=24161 87a6=2890D 87a7=231EA 87a8=20A8A 87a9=2325E 87aa=430A 87ab=8484
87ac=9F96 87ad=942F 87ae=4930 87af=8613 87b0=5896 87b1=974A 87b2=9218 87b3=79D0
87b4=7A32 87b5=6660 87b6=6A29 87b7=889D 87b8=744C 87b9=7BC5 87ba=6782 87bb=7A2C
87bc=524F 87bd=9046 87be=34E6 87bf=73C4 87c0=25DB9 87c1=74C6 87c2=9FC7 87c3=57B3
87c4=492F 87c5=544C 87c6=4131 87c7=2368E 87c8=5818 87c9=7A72 87ca=27B65 87cb=8B8F
87cc=46AE 87cd=26E88 87ce=4181 87cf=25D99 87d0=7BAE 87d1=224BC 87d2=9FC8 87d3=224C1
87d4=224C9 87d5=224CC 87d6=9FC9 87d7=8504 87d8=235BB 87d9=40B4 87da=9FCA 87db=44E1
87dc=2ADFF 87dd=62C1 87de=706E 87df=9FCB 8e69=7BB8 8e6f=7C06 8e7e=7CCE 8eab=7DD2
8eb4=7E1D 8ecd=8005 8ed0=8028 8f57=83C1 8f69=84A8 8f6e=840F 8fcb=89A6 8fcc=89A9
8ffe=8D77 906d=90FD 907a=92B9 90dc=975C 90f1=97FF 91bf=9F16 9244=8503 92af=5159
92b0=515B 92b1=515D 92b2=515E 92c8=936E 92d1=7479 9447=6D67 94ca=799B 95d9=9097
9644=975D 96ed=701E 96fc=5B28 9b76=7201 9b78=77D7 9b7b=7E87 9bc6=99D6 9bde=91D4
9bec=60DE 9bf6=6FB6 9c42=8F36 9c53=4FBB 9c62=71DF 9c68=9104 9c6b=9DF0 9c77=83CF
9cbc=5C10 9cbd=79E3 9cd0=5A67 9d57=8F0B 9d5a=7B51 9dc4=62D0 9ea9=6062 9eef=75F9
9efd=6C4A 9f60=9B2E 9f66=9F17 9fcb=50ED 9fd8=5F0C a063=880F a077=62CE a0d5=7468
a0df=7162 a0e4=7250 a145=2027 a14e=FE51 a1c2=AF a1e3=FF5E a1f2=2295 a1f3=2299 a241=2215
a242=FE68 a244=FFE5 a246=FFE0 a247=FFE1 a3c0=2400 a3c1=2401 a3c2=2402 a3c3=2403
a3c4=2404 a3c5=2405 a3c6=2406 a3c7=2407 a3c8=2408 a3c9=2409 a3ca=240A a3cb=240B
a3cc=240C a3cd=240D a3ce=240E a3cf=240F a3d0=2410 a3d1=2411 a3d2=2412 a3d3=2413
a3d4=2414 a3d5=2415 a3d6=2416 a3d7=2417 a3d8=2418 a3d9=2419 a3da=241A a3db=241B
a3dc=241C a3dd=241D a3de=241E a3df=241F a3e0=2421 a3e1=20AC c6cf=5EF4 c6d3=65E0
c6d5=7676 c6d7=96B6 c6de=3003 c6df=4EDD fa5f=5029 fa66=507D fabd=5305 fac5=5344
fad5=537F fb48=5605 fbb8=5A77 fbf3=5E75 fbf9=5ED0 fc4f=5F58 fc6c=60A4 fcb9=6490
fce2=6674 fcf1=675E fdb7=6C9C fdb8=6E1D fdbb=6E2F fdf1=716E fe52=732A fe6f=745C
feaa=74E9 fedd=7809"""


def _parse_ovr(text: str) -> dict[bytes, str]:
    out = {}
    for item in text.split():
        h, cps = item.split("=")
        out[bytes.fromhex(h)] = "".join(chr(int(c, 16)) for c in cps.split("+"))
    return out


_OVR: dict[str, dict[bytes, str]] = {}


def _ovr(name: str) -> dict[bytes, str]:
    if name not in _OVR:
        _OVR[name] = _parse_ovr(_GB_OVR if name == "gb18030" else _BIG5_OVR)
    return _OVR[name]


_TOKEN = {
    "gb18030": re.compile(rb"[\x00-\x7f]+|[\x81-\xfe][\x30-\x39][\x81-\xfe][\x30-\x39]"
                          rb"|[\x81-\xfe][\x40-\x7e\x80-\xfe]|[\x00-\xff]"),
    "big5hkscs": re.compile(rb"[\x00-\x7f]+|[\x81-\xfe][\x40-\x7e\xa1-\xfe]|[\x00-\xff]"),
    "euc_jp": re.compile(rb"[\x00-\x7f]+|\x8e[\xa1-\xdf]|\x8f[\xa1-\xfe][\xa1-\xfe]"
                         rb"|[\xa1-\xfe][\xa1-\xfe]|[\x00-\xff]"),
}


def _decode_with_overrides(data: bytes, py: str, ovr: dict[bytes, str]) -> str | None:
    """Python codec, except where the WHATWG decoder differs (token by token)."""
    keys_present = any(k in data for k in ovr) or (py == "gb18030" and b"\x80" in data)
    if not keys_present:
        try:
            return data.decode(py)
        except UnicodeDecodeError:
            return None
    out = []
    for m in _TOKEN[py].finditer(data):
        tok = m.group()
        s = ovr.get(tok)
        if s is None:
            if py == "gb18030" and tok == b"\x80":
                s = "\u20ac"
            else:
                try:
                    s = tok.decode(py)
                except UnicodeDecodeError:
                    return None
        out.append(s)
    return "".join(out)


def _euc_pair_to_sjis(lead: int, trail: int) -> bytes:
    r, c = lead - 0xA0, trail - 0xA0  # JIS row/cell, 1-based
    s1 = (r + 1) // 2 + (0x80 if r <= 62 else 0xC0)
    s2 = c + (0x3F if c <= 63 else 0x40) if r % 2 else c + 0x9E
    return bytes([s1, s2])


_JIS0208_CACHE: dict[bytes, str | None] = {}


def _jis0208(pair: bytes) -> str | None:
    """WHATWG index-jis0208 for an EUC-JP pair (both bytes 0xA1-0xFE)."""
    if pair in _JIS0208_CACHE:
        return _JIS0208_CACHE[pair]
    try:
        s = _euc_pair_to_sjis(pair[0], pair[1]).decode("cp932")
        if len(s) != 1 or 0xE000 <= ord(s) <= 0xF8FF:
            s = None
    except UnicodeDecodeError:
        s = None
    _JIS0208_CACHE[pair] = s
    return s


def _whatwg_euc_jp(data: bytes) -> str | None:
    out = []
    for m in _TOKEN["euc_jp"].finditer(data):
        tok = m.group()
        if tok[0] < 0x80:
            out.append(tok.decode("ascii"))
        elif len(tok) == 2 and tok[0] == 0x8E:
            out.append(chr(0xFF61 + tok[1] - 0xA1))
        elif len(tok) == 2:
            s = _jis0208(tok)
            if s is None:
                return None
            out.append(s)
        elif len(tok) == 3:
            if tok == b"\x8f\xa2\xb7":
                out.append("\uff5e")
                continue
            try:
                out.append(tok.decode("euc_jp"))
            except UnicodeDecodeError:
                return None
        else:
            return None
    return "".join(out)


def _whatwg_iso2022jp(data: bytes) -> str | None:
    """The WHATWG ISO-2022-JP decoder, strict (any error -> None)."""
    ASCII, ROMAN, KATAKANA, LEAD = range(4)
    state, just_escaped, i, n, out = ASCII, False, 0, len(data), []
    escapes = {b"(B": ASCII, b"(J": ROMAN, b"(I": KATAKANA, b"$@": LEAD, b"$B": LEAD}
    while i < n:
        b = data[i]
        if b == 0x1B:
            new = escapes.get(data[i + 1:i + 3])
            if new is None or just_escaped:  # unknown escape, or two escapes in a row
                return None
            state, just_escaped, i = new, True, i + 3
            continue
        just_escaped = False
        if state in (ASCII, ROMAN):
            if b in (0x0E, 0x0F) or b >= 0x80:
                return None
            if state == ROMAN and b == 0x5C:
                out.append("\u00a5")
            elif state == ROMAN and b == 0x7E:
                out.append("\u203e")
            else:
                out.append(chr(b))
            i += 1
        elif state == KATAKANA:
            if not 0x21 <= b <= 0x5F:
                return None
            out.append(chr(0xFF61 - 0x21 + b))
            i += 1
        else:  # LEAD (encoding_rs, like the current spec, has no newline exception here)
            if i + 1 >= n or not (0x21 <= b <= 0x7E and 0x21 <= data[i + 1] <= 0x7E):
                return None
            s = _jis0208(bytes([b | 0x80, data[i + 1] | 0x80]))
            if s is None:
                return None
            out.append(s)
            i += 2
    return "".join(out)


def whatwg_decode(name: str, data: bytes) -> str | None:
    """Strict decode with the WHATWG decoder `name` (no BOM sniffing)."""
    try:
        if name in _SB:
            return codecs.charmap_decode(data, "strict", _sb_table(name))[0]
        if name == "UTF-8":
            return data.decode("utf-8")
        if name == "UTF-16LE":
            return data.decode("utf-16-le")
        if name == "UTF-16BE":
            return data.decode("utf-16-be")
        if name == "EUC-KR":
            return data.decode("cp949")
        if name == "Shift_JIS":
            s = data.decode("cp932")
            return None if any("\uf8f0" <= ch <= "\uf8f3" for ch in s) else s
        if name in ("GBK", "gb18030"):
            return _decode_with_overrides(data, "gb18030", _ovr("gb18030"))
        if name == "Big5":
            return _decode_with_overrides(data, "big5hkscs", _ovr("big5"))
        if name == "EUC-JP":
            return _whatwg_euc_jp(data)
        if name == "ISO-2022-JP":
            return _whatwg_iso2022jp(data)
        if name == "x-user-defined":
            return "".join(chr(b) if b < 0x80 else chr(0xF700 + b) for b in data)
        if name == "replacement":
            return "" if not data else None
    except UnicodeDecodeError:
        return None
    return None


# ---------------------------------------------------------------------------
# Labels: truth codecs, families
# ---------------------------------------------------------------------------
LABEL_CODECS = {
    "ASCII": ["ascii"],
    "UTF-8": ["utf-8"], "UTF-16LE": ["utf-16-le"], "UTF-16BE": ["utf-16-be"],
    "UTF-32LE": ["utf-32-le"], "UTF-32BE": ["utf-32-be"],
    "windows-874": ["cp874"], "windows-1250": ["cp1250"], "windows-1251": ["cp1251"],
    "windows-1252": ["cp1252"], "windows-1253": ["cp1253"], "windows-1254": ["cp1254"],
    "windows-1255": ["cp1255"], "windows-1256": ["cp1256"], "windows-1257": ["cp1257"],
    "windows-1258": ["cp1258"],
    "ISO-8859-2": ["iso8859_2"], "ISO-8859-4": ["iso8859_4"], "ISO-8859-5": ["iso8859_5"],
    "ISO-8859-6": ["iso8859_6"], "ISO-8859-7": ["iso8859_7"],
    "KOI8-R": ["koi8_r"], "IBM866": ["cp866"], "macintosh": ["mac_roman"],
    "x-mac-cyrillic": ["mac_cyrillic"],
    "GBK": ["gbk", "gb2312"], "gb18030": ["gb18030"],
    "Big5": ["big5", "cp950", "big5hkscs"],
    "EUC-JP": ["euc_jp", "euc_jis_2004"], "ISO-2022-JP": ["iso2022_jp"],
    "Shift_JIS": ["shift_jis", "cp932"], "EUC-KR": ["euc_kr", "cp949"],
    # encodings WHATWG does not have
    "TIS-620": ["tis_620", "whatwg:windows-874"],
    "IBM855": ["cp855"], "IBM852": ["cp852"], "IBM775": ["cp775"], "IBM857": ["cp857"],
    "IBM869": ["cp869"], "IBM037": ["cp037"], "IBM424": ["cp424"],
    "KZ-1048": ["kz1048"], "PTCP154": ["ptcp154"], "Johab": ["johab"],
    "ISO-2022-KR": ["iso2022_kr"],
    "EUC-TW": [],  # no Python codec: canonical-name match only
}
# Extra canonical spellings for labels Python cannot look up.
LABEL_ALIASES = {"EUC-TW": {"xeuctw", "cns11643", "euctw"}}
# Labels whose encoding reads bytes < 0x80 as ASCII (used only when no codec exists).
ASCII_COMPATIBLE_NO_CODEC = {"EUC-TW"}

_FAMILY_LABELS = [
    ("Unicode", "UTF-8 UTF-16LE UTF-16BE UTF-32LE UTF-32BE"),
    ("ASCII", "ASCII"),
    ("Western/Central European", "windows-1250 windows-1252 ISO-8859-1 ISO-8859-2 ISO-8859-3 "
                                 "ISO-8859-15 ISO-8859-16 macintosh x-mac-ce IBM852 IBM850 IBM865"),
    ("Cyrillic", "windows-1251 ISO-8859-5 KOI8-R KOI8-U IBM855 IBM866 x-mac-cyrillic KZ-1048 PTCP154"),
    ("Greek", "ISO-8859-7 windows-1253 IBM869 IBM737"),
    ("Hebrew/Arabic", "windows-1255 ISO-8859-8 ISO-8859-8-I windows-1256 ISO-8859-6 IBM862 IBM864"),
    ("Turkish/Baltic/Vietnamese", "windows-1254 windows-1257 windows-1258 ISO-8859-4 ISO-8859-9 "
                                  "ISO-8859-10 ISO-8859-13 IBM775 IBM857 VISCII"),
    ("Thai", "windows-874 TIS-620 ISO-8859-11"),
    ("Chinese", "Big5 GBK gb18030 EUC-TW HZ-GB-2312 ISO-2022-CN"),
    ("Japanese", "Shift_JIS EUC-JP ISO-2022-JP"),
    ("Korean", "EUC-KR Johab ISO-2022-KR"),
    ("EBCDIC/other", "IBM037 IBM424"),
]
FAMILIES = [f for f, _ in _FAMILY_LABELS]
FAMILY_OF = {lab: fam for fam, labs in _FAMILY_LABELS for lab in labs.split()}


def family(label: str) -> str:
    return FAMILY_OF.get(label, "EBCDIC/other")


def in_whatwg_subset(label: str) -> bool:
    """Labels encoding_rs can decode (ASCII: any ASCII-compatible WHATWG encoding)."""
    return label in WHATWG_NAMES or label == "ASCII"


# ---------------------------------------------------------------------------
# Decoding helpers and the verdict
# ---------------------------------------------------------------------------
def _strip_bom(s: str | None) -> str | None:
    return s[1:] if s and s[0] == "\ufeff" else s


def _norm(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


def python_codec(name: str) -> str | None:
    try:
        info = codecs.lookup(name)
    except (LookupError, TypeError, ValueError):
        return None
    return info.name if getattr(info, "_is_text_encoding", True) else None


def decode_spec(spec: str, data: bytes) -> str | None:
    if spec.startswith("whatwg:"):
        return _strip_bom(whatwg_decode(spec[7:], data))
    try:
        return _strip_bom(data.decode(spec))
    except (UnicodeDecodeError, LookupError):
        return None


def truth_specs(label: str) -> list[str]:
    specs = list(LABEL_CODECS.get(label, []))
    if not specs and label not in LABEL_CODECS and python_codec(label):
        specs = [python_codec(label)]
    if label in WHATWG_NAMES:
        specs.append("whatwg:" + label)
    return specs


def is_no_answer(answer) -> bool:
    return answer is None or (isinstance(answer, str) and answer.strip().lower() in ("", "binary", "none"))


class Judge:
    """Caches answer readings; one instance per scored (file, mode) item."""

    def __init__(self, label: str, data: bytes, truths: set[str]):
        self.label, self.data, self.truths = label, data, truths
        self.label_keys = {_norm(label)} | LABEL_ALIASES.get(label, set())
        self.cache: dict[str, bool] = {}

    def right(self, answer) -> bool:
        if self.label == "binary":
            return is_no_answer(answer)
        if is_no_answer(answer) or not isinstance(answer, str):
            return False
        if answer not in self.cache:
            self.cache[answer] = self._right(answer)
        return self.cache[answer]

    def _right(self, answer: str) -> bool:
        py = python_codec(answer)
        is_ascii = py == "ascii"
        ww = None if is_ascii else whatwg_for_label(answer)
        keys = {_norm(answer)}
        if py:
            keys.add(_norm(py))
        if ww:
            keys.add(_norm(ww))
        if keys & self.label_keys:
            return True
        if py and decode_spec(py, self.data) in self.truths:
            return True
        if ww and decode_spec("whatwg:" + ww, self.data) in self.truths:
            return True
        return False


@dataclass
class Item:
    path: str          # relative to the corpus
    label: str
    mode: str          # 'whole' or '32'/'128'/'1024'
    given: bytes       # what the detector is given
    judge: Judge | None = None
    trivial: bool = False
    cut: int = 0       # bytes cut back from `given` for the verdict
    unscorable: bool = False


def make_item(path: str, label: str, data: bytes, mode: str) -> Item:
    given = data if mode == "whole" else data[: int(mode)]
    it = Item(path, label, mode, given)
    if label == "binary":
        it.judge = Judge(label, given, set())
        return it
    specs = truth_specs(label)
    scored, truths = given, set()
    if specs:
        max_cut = 0 if (mode == "whole" or len(given) == len(data)) else 4
        for k in range(0, min(max_cut, len(given)) + 1):
            cand = given[: len(given) - k]
            truths = {t for t in (decode_spec(s, cand) for s in specs) if t is not None}
            if truths:
                scored, it.cut = cand, k
                break
        if not truths:
            it.unscorable = True
    plain = all(b < 0x80 for b in scored)
    if plain:
        ascii_text = scored.decode("ascii")
        if not specs and label in ASCII_COMPATIBLE_NO_CODEC:
            truths = {ascii_text}
        it.trivial = ascii_text in truths
    it.judge = Judge(label, scored, truths)
    return it


# ---------------------------------------------------------------------------
# Detectors
# ---------------------------------------------------------------------------
@dataclass
class Detector:
    name: str
    version: str
    detect: object = None        # in-process: bytes -> name | None
    command: list | None = None  # external: argv prefix
    extra: dict = field(default_factory=dict)


def load_inprocess(name: str) -> Detector:
    from importlib import metadata
    if name == "chardet":
        import chardet

        def det(data: bytes):
            r = chardet.detect(data)
            return r["encoding"], r.get("confidence")
        return Detector("chardet", metadata.version("chardet"), det)
    if name == "charset_normalizer":
        import charset_normalizer

        def det(data: bytes):
            best = charset_normalizer.from_bytes(data).best()
            return (None, None) if best is None else (best.encoding, None)
        return Detector("charset_normalizer", metadata.version("charset-normalizer"), det)
    if name == "cchardet":
        import cchardet
        dist = "cchardet"
        try:
            ver = metadata.version("cchardet")
        except metadata.PackageNotFoundError:
            dist, ver = "faust-cchardet", metadata.version("faust-cchardet")

        def det(data: bytes):
            r = cchardet.detect(data)
            return r["encoding"], r.get("confidence")
        return Detector("cchardet", f"{ver} ({dist})", det)
    raise ValueError(name)


def load_mojifix_py() -> Detector:
    """mojifix in-process through its Python binding (`import mojifix`, the wheel built
    from python/). The detect call is chosen per mode by `mojifix_py_for_flags`."""
    from importlib import metadata
    import mojifix
    ver = f"{metadata.version('mojifix')} (in-process)"
    return Detector("mojifix-py", ver, extra={"module": mojifix})


def mojifix_py_for_flags(det: Detector, flags: list[str]):
    """The binding's detect with the CLI's `detect` flags (`--ignore-declared`, `--hint X`),
    the confidence rounded to 3 decimals as the CLI's JSON has it."""
    ignore_declared, hint, rest = False, None, list(flags)
    while rest:
        flag = rest.pop(0)
        if flag == "--ignore-declared":
            ignore_declared = True
        elif flag == "--hint" and rest:
            hint = rest.pop(0)
        elif flag.startswith("--hint="):
            hint = flag.split("=", 1)[1]
        else:
            raise ValueError(f"mojifix-py: no in-process equivalent of the flag {flag!r}")
    detect = det.extra["module"].detect

    def run(data: bytes):
        g = detect(data, hint=hint, ignore_declared=ignore_declared)
        # The CLI's round3: (x * 1000).round() / 1000, half away from zero.
        return g.encoding, math.floor(g.confidence * 1000.0 + 0.5) / 1000.0
    return run


def run_inprocess(det: Detector, items: list[Item]) -> tuple[list, float, float]:
    """Answers, wall-clock seconds and CPU seconds (this process) inside the calls."""
    det.detect(b"warm-up \xc3\xa9 text")  # lazy model loading is not timed
    answers, total, cpu = [], 0.0, 0.0
    for it in items:
        c0 = time.process_time()
        t0 = time.perf_counter()
        conf = None
        try:
            (ans, conf), err = det.detect(it.given), None
        except Exception as e:  # noqa: BLE001 - a detector error is a wrong answer
            ans, err = None, f"{type(e).__name__}: {e}"
        total += time.perf_counter() - t0
        cpu += time.process_time() - c0
        answers.append((ans, err, conf))
    return answers, total, cpu


def children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_external(det: Detector, items: list[Item], corpus: str, batch: int = 200,
                 flags: list | None = None) -> tuple[list, float, float]:
    """`CMD detect --json FILE...`, one JSON object per line with "path" and "encoding".
    Returns the answers, wall-clock seconds and the commands' CPU seconds (all threads,
    start-up included)."""
    total, cpu = 0.0, 0.0
    answers: list = [None] * len(items)
    with tempfile.TemporaryDirectory(prefix="mojifix-score-") as tmp:
        paths = []
        for i, it in enumerate(items):
            if it.mode == "whole":
                paths.append(os.path.join(corpus, it.path))
            else:
                p = os.path.join(tmp, f"{i:05d}_{os.path.basename(it.path)}")
                with open(p, "wb") as f:
                    f.write(it.given)
                paths.append(p)
        for start in range(0, len(items), batch):
            chunk = paths[start:start + batch]
            c0 = children_cpu()
            t0 = time.perf_counter()
            try:
                proc = subprocess.run(det.command + ["detect", "--json", *(flags or []), *chunk],
                                      capture_output=True, timeout=600)
                out, errtxt, rc = proc.stdout, proc.stderr.decode("utf-8", "replace"), proc.returncode
            except (OSError, subprocess.TimeoutExpired) as e:
                out, errtxt, rc = b"", f"{type(e).__name__}: {e}", -1
            total += time.perf_counter() - t0
            cpu += children_cpu() - c0
            got: dict[str, dict] = {}
            for line in out.decode("utf-8", "replace").splitlines():
                line = line.strip()
                if not line:
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(obj, dict) and "path" in obj:
                    got[str(obj["path"])] = obj
            real = {os.path.realpath(k): v for k, v in got.items()}
            for j, p in enumerate(chunk):
                obj = got.get(p) or real.get(os.path.realpath(p))
                if obj is None:
                    why = f"no output line for this path (exit {rc}): {errtxt.strip()[:200]}"
                    answers[start + j] = (None, why, None)
                elif obj.get("error"):
                    answers[start + j] = (None, str(obj.get("error")), None)
                else:
                    answers[start + j] = (obj.get("encoding"), None, obj.get("confidence"))
    return answers, total, cpu


# ---------------------------------------------------------------------------
# Corpus, report
# ---------------------------------------------------------------------------
def load_manifest(corpus: str) -> list[tuple[str, str]]:
    rows = []
    with open(os.path.join(corpus, "MANIFEST.tsv"), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        ip, il = header.index("path"), header.index("label")
        for line in f:
            if line.strip():
                cols = line.rstrip("\n").split("\t")
                rows.append((cols[ip], cols[il]))
    return sorted(rows)


RELIABILITY_BINS = [0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0001]


def reliability(stats: dict) -> None:
    """Stated confidence vs observed accuracy, per detector that states one, over every
    scored answer of every mode run except trivial (all-ASCII) prefixes and binaries."""
    for name, st in stats.items():
        pairs = st.get("calib")
        if not pairs:
            continue
        print(f"\nreliability: {name} ({len(pairs)} answers; all modes, non-trivial)\n")
        print("| stated confidence | answers | mean stated | observed accuracy | gap |")
        print("|---|---|---|---|---|")
        ece = 0.0
        for lo, hi in zip(RELIABILITY_BINS, RELIABILITY_BINS[1:]):
            b = [(c, ok) for c, ok in pairs if lo <= c < hi]
            if not b:
                continue
            stated = sum(c for c, _ in b) / len(b)
            seen = sum(ok for _, ok in b) / len(b)
            ece += len(b) / len(pairs) * abs(stated - seen)
            label = f"[{lo:.2f}, {min(hi, 1.0):.2f}{']' if hi > 1 else ')'}"
            print(f"| {label} | {len(b)} | {stated:.3f} | {seen:.3f} | {seen - stated:+.3f} |")
        print(f"\nexpected calibration error ({name}): {ece:.3f}")


def agreement(stats: dict, items_by_mode: dict) -> None:
    """mojifix in-process must answer exactly as the CLI: says so, or lists where not."""
    if "mojifix" not in stats or "mojifix-py" not in stats:
        return
    same, total, diffs = 0, 0, []
    for m, cli in stats["mojifix"].get("answers", {}).items():
        inproc = stats["mojifix-py"].get("answers", {}).get(m)
        if inproc is None:
            continue
        for it, a, b in zip(items_by_mode[m], cli, inproc):
            total += 1
            if (a[0], a[2]) == (b[0], b[2]) and a[1] is None and b[1] is None:
                same += 1
            else:
                diffs.append(f"{m} {it.path}: CLI {a[0]} {a[2]} {a[1] or ''} / in-process {b[0]} {b[2]} {b[1] or ''}")
    print(f"score: mojifix-py and mojifix (CLI) give the same encoding and confidence on "
          f"{same}/{total} answers", file=sys.stderr)
    for d in diffs[:10]:
        print(f"score: WARNING differs: {d}", file=sys.stderr)


def pct(r: int, n: int) -> str:
    return "—" if n == 0 else f"{100.0 * r / n:.1f}% ({r}/{n})"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=DEFAULT_CORPUS, help="corpus folder (default: %(default)s)")
    ap.add_argument("--limit", type=int, default=0, help="score only N files, evenly spread over the corpus")
    ap.add_argument("--only", action="append", default=[],
                    help="detector(s) to run: chardet, charset_normalizer, cchardet, mojifix "
                         "(the CLI, external), mojifix-py (in-process binding) "
                         "(repeat or comma-separate)")
    ap.add_argument("--modes", default="whole,32,128,1024", help="comma list of whole,32,128,1024")
    ap.add_argument("--json", dest="json_out", help="write every per-file verdict here")
    ap.add_argument("--mojifix", default=os.environ.get("MOJIFIX"),
                    help="command line of the mojifix binary (default: $MOJIFIX; unset = skip)")
    ap.add_argument("--batch", type=int, default=200, help="paths per mojifix invocation")
    ap.add_argument("--prefix-flags", default="--ignore-declared",
                    help="extra mojifix detect flags in prefix modes (default: %(default)s, "
                         "so a declared charset cannot decide a prefix); '' for none")
    ap.add_argument("--whole-flags", default="",
                    help="extra mojifix detect flags in whole-file mode, e.g. --ignore-declared")
    ap.add_argument("--show-wrong", action="store_true", help="list wrong whole-file answers")
    args = ap.parse_args(argv)

    all_names = ["chardet", "charset_normalizer", "cchardet", "mojifix", "mojifix-py"]
    aliases = {"charset-normalizer": "charset_normalizer", "charset_normalizer": "charset_normalizer",
               "cn": "charset_normalizer", "uchardet": "cchardet", "faust-cchardet": "cchardet",
               "mojifix_py": "mojifix-py", "mojifix-inprocess": "mojifix-py"}
    wanted = [aliases.get(w.strip().lower(), w.strip().lower())
              for o in args.only for w in o.split(",") if w.strip()] or all_names
    for w in wanted:
        if w not in all_names:
            ap.error(f"unknown detector {w!r}; choose from {', '.join(all_names)}")
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    for m in modes:
        if m not in ("whole", "32", "128", "1024") and not m.isdigit():
            ap.error(f"bad mode {m!r}")

    detectors: list[Detector] = []
    for name in wanted:
        if name == "mojifix":
            if not args.mojifix:
                if args.only:
                    print("score: mojifix requested but MOJIFIX is unset; skipping", file=sys.stderr)
                continue
            detectors.append(Detector("mojifix", "external", command=shlex.split(args.mojifix)))
            continue
        try:
            detectors.append(load_mojifix_py() if name == "mojifix-py" else load_inprocess(name))
        except ImportError:
            if (os.path.exists(VENV_PY) and os.path.realpath(sys.prefix) != os.path.realpath(
                    os.path.dirname(os.path.dirname(VENV_PY))) and not os.environ.get("SCORE_NO_REEXEC")):
                os.environ["SCORE_NO_REEXEC"] = "1"
                os.execv(VENV_PY, [VENV_PY, os.path.abspath(__file__), *(argv or sys.argv[1:])])
            how = ("bash scripts/install-mojifix-py.sh" if name == "mojifix-py"
                   else "run scripts/setup-peers.sh")
            print(f"score: cannot import {name}; {how} and use "
                  f".venv-peers/bin/python (skipping)", file=sys.stderr)
    if not detectors:
        print("score: no detector to run", file=sys.stderr)
        return 2

    corpus = os.path.abspath(args.corpus)
    rows = load_manifest(corpus)
    if args.limit and args.limit < len(rows):
        step = len(rows) / args.limit
        rows = [rows[int(i * step)] for i in range(args.limit)]

    t0 = time.perf_counter()
    items_by_mode: dict[str, list[Item]] = {m: [] for m in modes}
    for path, label in rows:
        with open(os.path.join(corpus, path), "rb") as f:
            data = f.read()
        for m in modes:
            items_by_mode[m].append(make_item(path, label, data, m))
    prep = time.perf_counter() - t0
    n_text = sum(1 for _, lab in rows if lab != "binary")
    print(f"score: {len(rows)} files ({n_text} text, {len(rows) - n_text} binary) from {corpus}; "
          f"truths prepared in {prep:.1f}s", file=sys.stderr)
    for m in modes:
        bad = [it.path for it in items_by_mode[m] if it.unscorable]
        if bad:
            print(f"score: mode {m}: {len(bad)} unscorable (no truth decode within 4 bytes): "
                  f"{bad[:5]}", file=sys.stderr)

    verdicts = []  # dicts for --json
    stats: dict[str, dict] = {}
    for det in detectors:
        st = stats[det.name] = {"version": det.version, "modes": {}}
        for m in modes:
            items = items_by_mode[m]
            t1 = time.perf_counter()
            if det.name == "mojifix-py":
                det.detect = mojifix_py_for_flags(
                    det, shlex.split(args.whole_flags if m == "whole" else args.prefix_flags))
            if det.command:
                flags = shlex.split(args.whole_flags if m == "whole" else args.prefix_flags)
                answers, secs, cpu = run_external(det, items, corpus, args.batch, flags)
                errs = [e for _, e, _ in answers if e is not None]
                if errs and len(errs) == len(answers):
                    print(f"score: WARNING every {det.name} call failed in mode {m}; first: {errs[0]}",
                          file=sys.stderr)
            else:
                answers, secs, cpu = run_inprocess(det, items)
            st.setdefault("answers", {})[m] = answers
            ms = st["modes"][m] = {"secs": secs, "cpu": cpu, "files": len(items), "bytes": sum(len(i.given) for i in items),
                                   "right": 0, "n": 0, "nt_right": 0, "nt_n": 0, "bin_right": 0,
                                   "bin_n": 0, "errors": 0, "fam": {}, "ww_right": 0, "ww_n": 0, "wrong": []}
            for it, (ans, err, conf) in zip(items, answers):
                ok = False if err is not None else it.judge.right(ans)  # an error is wrong
                if err is not None:
                    ms["errors"] += 1
                rec = {"detector": det.name, "mode": m, "path": it.path, "label": it.label,
                       "answer": ans, "right": ok}
                if err is not None:
                    rec["error"] = err
                if conf is not None:
                    rec["confidence"] = conf
                    if it.label != "binary" and not it.trivial:
                        st.setdefault("calib", []).append((float(conf), bool(ok)))
                if m != "whole" and it.label != "binary":
                    rec["trivial"] = it.trivial
                    rec["cut"] = it.cut
                verdicts.append(rec)
                if it.label == "binary":
                    ms["bin_n"] += 1
                    ms["bin_right"] += ok
                    continue
                ms["n"] += 1
                ms["right"] += ok
                if not it.trivial:
                    ms["nt_n"] += 1
                    ms["nt_right"] += ok
                f = ms["fam"].setdefault(family(it.label), [0, 0])
                f[0] += ok
                f[1] += 1
                if in_whatwg_subset(it.label):
                    ms["ww_n"] += 1
                    ms["ww_right"] += ok
                if not ok:
                    ms["wrong"].append((it.path, it.label, ans, err))
            print(f"score: {det.name} {m}: {pct(ms['right'], ms['n'])} in {time.perf_counter() - t1:.1f}s "
                  f"(detect {secs:.2f}s, CPU {cpu:.2f}s)", file=sys.stderr)
    agreement(stats, items_by_mode)

    # ---- table ----
    names = list(stats)
    lines = []

    def row(label, vals):
        lines.append("| " + label + " | " + " | ".join(vals) + " |")

    row("metric", [f"{n} {stats[n]['version']}" for n in names])
    lines.append("|" + "---|" * (len(names) + 1))
    for m in modes:
        if m == "whole":
            row("**whole file**", [pct(stats[n]["modes"][m]["right"], stats[n]["modes"][m]["n"]) for n in names])
        else:
            row(f"**{m}-byte prefix**, all",
                [pct(stats[n]["modes"][m]["right"], stats[n]["modes"][m]["n"]) for n in names])
            row(f"{m}-byte prefix, non-trivial",
                [pct(stats[n]["modes"][m]["nt_right"], stats[n]["modes"][m]["nt_n"]) for n in names])
    fam_mode = "whole" if "whole" in modes else modes[0]
    for fam in FAMILIES:
        if any(fam in stats[n]["modes"][fam_mode]["fam"] for n in names):
            row(f"{fam} ({fam_mode})", [pct(*stats[n]["modes"][fam_mode]["fam"].get(fam, [0, 0])) for n in names])
    row(f"WHATWG subset ({fam_mode})",
        [pct(stats[n]["modes"][fam_mode]["ww_right"], stats[n]["modes"][fam_mode]["ww_n"]) for n in names])
    for m in modes:
        row(f"binaries called binary/None ({m})",
            [f"{stats[n]['modes'][m]['bin_right']}/{stats[n]['modes'][m]['bin_n']}" for n in names])
    for m in modes:
        row(f"files/s ({m})", [
            f"{stats[n]['modes'][m]['files'] / stats[n]['modes'][m]['secs']:.0f}"
            if stats[n]["modes"][m]["secs"] > 0 else "—" for n in names])
    for m in modes:
        row(f"files/s of CPU ({m})", [
            f"{stats[n]['modes'][m]['files'] / stats[n]['modes'][m]['cpu']:.0f}"
            if stats[n]["modes"][m]["cpu"] > 0 else "—" for n in names])
    if any(stats[n]["modes"][m]["errors"] for n in names for m in modes):
        row("detector errors (all modes)", [str(sum(stats[n]["modes"][m]["errors"] for m in modes)) for n in names])
    print("\n".join(lines))
    reliability(stats)

    if args.show_wrong:
        for n in names:
            wr = stats[n]["modes"][fam_mode]["wrong"]
            print(f"\n{n}: {len(wr)} wrong ({fam_mode})")
            for p, lab, ans, err in wr:
                print(f"  {lab:14} {str(ans):20} {p}" + (f"  [{err}]" if err else ""))

    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump({"corpus": corpus, "modes": modes,
                       "detectors": {n: stats[n]["version"] for n in names},
                       "verdicts": verdicts}, f, ensure_ascii=False, indent=0)
        print(f"score: wrote {len(verdicts)} verdicts to {args.json_out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
