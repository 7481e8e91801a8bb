"""mojifix: repair mojibake, detect encodings, explain every change.

A drop-in for ftfy's ``fix_text``::

    from mojifix import fix_text
    fix_text("cafÃ©")                 # 'café'
    fix_text("TNF-¦Á")                # 'TNF-α' (GBK read as latin-1: ftfy leaves it)
    fix_text("“ＡＢ”", preset="ftfy")  # '"AB"' (ftfy's cosmetic defaults)

``fix_batch(texts)`` cleans a list on every core with the GIL released;
``fix_and_explain(text)`` says what changed where; ``detect(data)`` and
``decode(data)`` work on raw bytes.
"""

try:
    from ._mojifix import (
        DecodeError,
        Guess,
        Step,
        __version__,
        decode,
        detect,
        fix_and_explain,
        fix_batch,
        fix_text,
    )
except ModuleNotFoundError as e:
    raise ImportError(
        "mojifix's native module is missing: this looks like the source folder "
        f"{__path__[0]}; install the wheel (bash python/run-tests.sh, or "
        "`maturin develop --release` in python/) and import it from elsewhere"
    ) from e



def fix_encoding(text: str) -> str:
    """Only the mojibake repair, as ftfy's ``fix_encoding``: no other fixer, no
    normalization. Same as ``fix_text(text, preset="encoding")``."""
    return fix_text(text, preset="encoding")


__all__ = [
    "DecodeError",
    "Guess",
    "Step",
    "__version__",
    "decode",
    "detect",
    "fix_and_explain",
    "fix_batch",
    "fix_encoding",
    "fix_text",
]
