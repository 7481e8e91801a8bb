#!/usr/bin/env python3
"""Write CPython's reading of every 2-byte Johab sequence (lead 0x80..0xFF, any trail)
as `HEX<TAB>CODEPOINT` lines (`-` when CPython refuses it), for the ignored test
`korean::tests::johab_matches_cpython`:

    python3 scripts/check-korean.py > /tmp/johab.tsv
    MOJIFIX_JOHAB_TSV=/tmp/johab.tsv cargo test --release johab_matches_cpython -- --ignored
"""
for lead in range(0x80, 0x100):
    for trail in range(0x100):
        b = bytes([lead, trail])
        try:
            s = b.decode("johab")
        except UnicodeDecodeError:
            s = None
        print(f"{b.hex()}\t{'-' if s is None or len(s) != 1 else format(ord(s), 'X')}")
