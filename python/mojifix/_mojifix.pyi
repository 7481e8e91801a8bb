"""Type stubs for the native module; import everything from ``mojifix``."""

from typing import Iterable, Literal, Optional, Sequence, Union

__version__: str

Preset = Literal["default", "ftfy", "encoding"]
NormalizationForm = Optional[Literal["NFC", "NFKC", "NFD", "NFKD"]]
BytesLike = Union[bytes, bytearray, memoryview]

class DecodeError(UnicodeDecodeError):
    """Bytes that are invalid in the encoding.

    ``encoding`` names it, ``start``/``end`` are byte offsets of the first undecodable
    run in the input (``object``), ``reason`` says more, e.g.
    ``'gbk' codec can't decode byte 0xff in position 3: invalid in GBK (byte offset 3)``.
    """

class Step:
    """One changed span of the input.

    ``text[step.start:step.end] == step.before`` (character offsets into the input);
    ``after`` is what replaced it; ``chain`` is the repair as reports show it
    (``"latin-1 → GBK"``: GBK bytes that had been read as latin-1; ``"unescape_html"``);
    ``operations`` is the same as (kind, argument) pairs in ftfy's vocabulary
    (``("encode", "ISO-8859-1"), ("decode", "GBK")``); ``margin`` is how much more
    plausible the span became (0 for cosmetic fixers).
    """

    start: int
    end: int
    before: str
    after: str
    chain: str
    operations: list[tuple[str, str]]
    margin: int
    @property
    def span(self) -> tuple[int, int]: ...

class Guess:
    """An encoding guess: ``encoding`` (``"UTF-8"``, ``"windows-1252"``, ``"GBK"``,
    ``"ASCII"``, ``"binary"``, ...), ``confidence`` in 0..1, ``alternatives`` (runners-up,
    best first, as (encoding, confidence)), ``bom`` (the byte-order mark the data starts
    with), ``invalid_runs`` and ``first_invalid`` (undecodable runs in the guess and the
    byte offset of the first)."""

    encoding: str
    confidence: float
    alternatives: list[tuple[str, float]]
    bom: Optional[str]
    invalid_runs: int
    first_invalid: Optional[int]

def fix_text(
    text: str,
    /,
    *,
    preset: Preset = "default",
    unescape_html: Union[bool, Literal["auto"]] = "auto",
    remove_terminal_escapes: bool = True,
    fix_encoding: bool = True,
    fix_c1_controls: bool = True,
    fix_latin_ligatures: bool = True,
    fix_character_width: bool = ...,
    uncurl_quotes: bool = ...,
    fix_line_breaks: bool = True,
    remove_control_chars: bool = True,
    normalization: NormalizationForm = "NFC",
) -> str:
    """Repair mojibake and the other damage the options select; return the clean text.

    ``preset="default"`` repairs damage only; ``preset="ftfy"`` makes ftfy 6.3.1's
    default choices (also ``uncurl_quotes`` and ``fix_character_width``);
    ``preset="encoding"`` runs only the mojibake repair. Options named as in ftfy
    override the preset. Unchanged text comes back as the same object.

    Raises TypeError for a non-str ``text`` or an unknown option (ftfy's heuristic
    switches such as ``restore_byte_a0`` have no counterpart), ValueError for a bad
    option value.
    """

def fix_and_explain(
    text: str,
    /,
    *,
    preset: Preset = "default",
    unescape_html: Union[bool, Literal["auto"]] = "auto",
    remove_terminal_escapes: bool = True,
    fix_encoding: bool = True,
    fix_c1_controls: bool = True,
    fix_latin_ligatures: bool = True,
    fix_character_width: bool = ...,
    uncurl_quotes: bool = ...,
    fix_line_breaks: bool = True,
    remove_control_chars: bool = True,
    normalization: NormalizationForm = "NFC",
) -> tuple[str, list[Step]]:
    """Like ``fix_text``, and also return one ``Step`` per changed span, in order.

    >>> text, steps = fix_and_explain("TNF-¦Á and cafÃ©")
    >>> text
    'TNF-α and café'
    >>> [(s.span, s.before, s.after, s.chain) for s in steps]
    [((4, 6), '¦Á', 'α', 'latin-1 → GBK'), ((14, 16), 'Ã©', 'é', 'windows-1252 → UTF-8')]
    """

def fix_batch(
    texts: Iterable[Optional[str]],
    /,
    *,
    preset: Preset = "default",
    unescape_html: Union[bool, Literal["auto"]] = "auto",
    remove_terminal_escapes: bool = True,
    fix_encoding: bool = True,
    fix_c1_controls: bool = True,
    fix_latin_ligatures: bool = True,
    fix_character_width: bool = ...,
    uncurl_quotes: bool = ...,
    fix_line_breaks: bool = True,
    remove_control_chars: bool = True,
    normalization: NormalizationForm = "NFC",
) -> list[Optional[str]]:
    """Clean every text, in order, with the GIL released and on every core (rayon;
    ``RAYON_NUM_THREADS`` caps the threads). ``[fix_text(t) for t in texts]``, faster.

    Missing values (``None``, float NaN as pandas writes them) pass through unchanged.
    Raises TypeError naming the index of the first item that is not a str.
    """

def detect(
    data: BytesLike, /, *, hint: Optional[str] = None, ignore_declared: bool = False
) -> Guess:
    """Guess the encoding of raw bytes. ``hint`` is a top-level domain that says what
    you know about the source (``"ru"``, ``"jp"``). ``ignore_declared=True`` ignores a
    charset the bytes declare (``<meta charset>``, XML ``encoding=``), as the CLI's
    ``--ignore-declared``: for fields and prefixes. Raises TypeError for str."""

def decode(
    data: BytesLike,
    /,
    encoding: str = "auto",
    errors: Literal["strict", "replace"] = "strict",
) -> str:
    """Decode raw bytes to str.

    ``encoding`` is any common label (``"utf-8"``, ``"gbk"``, ``"cp1252"``,
    ``"latin-1"``, ``"shift_jis"``, ``"koi8-r"``, ``"cp437"``) or ``"auto"`` to use
    ``detect`` (a byte-order mark is then dropped). With ``errors="strict"``, undecodable
    bytes raise ``DecodeError`` whose ``start``/``end`` are their byte offsets; with
    ``errors="replace"`` each undecodable run becomes U+FFFD. An unknown encoding
    raises LookupError; data that looks binary raises DecodeError under ``"auto"``.
    """
