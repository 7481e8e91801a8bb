#!/usr/bin/env python3
"""Stand-in for `mojifix detect --json FILE...`, to self-test score.py's external path.

Prints one JSON object per line per file: {"path": <as given>, "encoding": <chardet's
answer or null>}. Run it with the peers' venv (chardet is imported from there):

    MOJIFIX=".venv-peers/bin/python bench/detect/fake_mojifix.py" \\
        .venv-peers/bin/python bench/detect/score.py --only chardet,mojifix

Its scores must equal chardet's, which checks the external-command plumbing
(batching, prefix temp files, path matching, JSON parsing).
"""

import json
import sys


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "detect" or argv[1] != "--json":
        print("usage: fake_mojifix.py detect --json FILE...", file=sys.stderr)
        return 2
    import chardet

    for path in [a for a in argv[2:] if not a.startswith("--")]:
        rec = {"path": path}
        try:
            with open(path, "rb") as f:
                rec["encoding"] = chardet.detect(f.read())["encoding"]
        except OSError as e:
            rec["encoding"] = None
            rec["error"] = str(e)
        print(json.dumps(rec, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
