from ._mojifix import (
    DecodeError as DecodeError,
    Guess as Guess,
    Step as Step,
    __version__ as __version__,
    decode as decode,
    detect as detect,
    fix_and_explain as fix_and_explain,
    fix_batch as fix_batch,
    fix_text as fix_text,
)

def fix_encoding(text: str) -> str:
    """Only the mojibake repair, as ftfy's ``fix_encoding``: no other fixer, no
    normalization. Same as ``fix_text(text, preset="encoding")``."""

__all__: list[str]
