"""The Python API: fix_text, fix_and_explain, fix_batch, detect, decode, errors."""

import math

import pytest

import mojifix
from mojifix import DecodeError, decode, detect, fix_and_explain, fix_batch, fix_text


def test_fix_text_repairs_the_families():
    assert fix_text("cafÃ©") == "café"
    assert fix_text("TNF-¦Á") == "TNF-α"
    assert fix_text("[5¨C11]") == "[5–11]"
    assert fix_text("浣犲ソ") == "你好"
    assert fix_text("РџСЂРёРІРµС‚") == "Привет"
    assert fix_text("cafÃ© &amp;eacute;") == "café é"


def test_clean_text_comes_back_as_the_same_object():
    text = "Grüße aus Köln, 東京, Привет"
    assert fix_text(text) is text
    assert fix_text("plain ascii") == "plain ascii"


def test_presets_and_ftfy_option_names():
    assert fix_text("“ＡＢ”") == "“ＡＢ”"
    assert fix_text("“ＡＢ”", preset="ftfy") == '"AB"'
    assert fix_text("“ＡＢ”", uncurl_quotes=True) == '"ＡＢ"'
    assert fix_text("“ＡＢ”", fix_character_width=True) == "“AB”"
    assert fix_text("“ＡＢ”", preset="ftfy", uncurl_quotes=False) == "“AB”"
    assert fix_text("cafÃ©", fix_encoding=False) == "cafÃ©"
    assert fix_text("a &amp; b", unescape_html=False) == "a &amp; b"
    assert fix_text("a &amp; b", unescape_html="auto") == "a & b"
    assert fix_text("<p>a &amp; b</p>", unescape_html=True) == "<p>a & b</p>"
    assert fix_text("<p>a &amp; b</p>") == "<p>a &amp; b</p>"
    assert fix_text("ﬁne", fix_latin_ligatures=False) == "ﬁne"
    assert fix_text("ﬁne") == "fine"
    assert fix_text("a\r\nb") == "a\nb"
    assert fix_text("a\r\nb", fix_line_breaks=False) == "a\r\nb"
    assert fix_text("\x1b[31mred\x1b[0m") == "red"
    assert fix_text("\x1b[31mred\x1b[0m", remove_terminal_escapes=False, remove_control_chars=False) == "\x1b[31mred\x1b[0m"
    decomposed = "e\u0301"
    assert fix_text(decomposed) == "é"
    assert fix_text(decomposed, normalization=None) == decomposed
    assert fix_text("é", normalization="NFD") == decomposed
    assert fix_text("ﬁ", fix_latin_ligatures=False, normalization="NFKC") == "fi"
    assert fix_text("cafÃ© “x”", preset="encoding") == "café “x”"


def test_fix_and_explain_spans_and_chains():
    text = "TNF-¦Á and cafÃ©"
    fixed, steps = fix_and_explain(text)
    assert fixed == "TNF-α and café"
    assert [(s.span, s.before, s.after) for s in steps] == [
        ((4, 6), "¦Á", "α"),
        ((14, 16), "Ã©", "é"),
    ]
    for s in steps:
        assert text[s.start : s.end] == s.before
        assert s.margin > 0
    assert steps[0].chain == "latin-1 → GBK"
    assert steps[0].operations == [("encode", "ISO-8859-1"), ("decode", "GBK")]
    assert "UTF-8" in steps[1].chain
    assert "latin-1 → GBK" in repr(steps[0])
    fixed, steps = fix_and_explain("a &amp; b")
    assert fixed == "a & b" and steps[0].chain == "unescape_html" and steps[0].margin == 0
    assert fix_and_explain("clean") == ("clean", [])


def test_fix_and_explain_span_offsets_are_characters():
    text = "日本語 " * 3 + "cafÃ©"
    fixed, steps = fix_and_explain(text)
    assert fixed.endswith("café")
    (step,) = steps
    assert text[step.start : step.end] == "Ã©"


def test_fix_batch_keeps_order_and_missing_values():
    texts = ["cafÃ©", None, "clean", float("nan"), "浣犲ソ", ""]
    out = fix_batch(texts)
    assert out[0] == "café" and out[1] is None and out[2] == "clean"
    assert math.isnan(out[3]) and out[4] == "你好" and out[5] == ""
    assert fix_batch([]) == []
    assert fix_batch(("a", "cafÃ©")) == ["a", "café"]
    assert fix_batch(iter(["cafÃ©"])) == ["café"]
    assert fix_batch(["“x”"], preset="ftfy") == ['"x"']


def test_fix_batch_agrees_with_fix_text_on_thousands_of_records():
    from corpus import records

    texts = records(5000, seed=1)
    for preset in ("default", "ftfy"):
        expected = [fix_text(t, preset=preset) for t in texts]
        assert fix_batch(texts, preset=preset) == expected
    assert sum(a != b for a, b in zip(texts, expected)) > 2000  # the data is damaged


def test_detect():
    g = detect("Grüße aus Köln, schöne Grüße".encode("utf-8"))
    assert g.encoding == "UTF-8" and 0 < g.confidence <= 1
    g = detect("Государственная дума в среду приняла закон о поддержке малого бизнеса.".encode("cp1251"))
    assert g.encoding == "windows-1251"
    assert all(isinstance(e, str) and 0 <= c <= 1 for e, c in g.alternatives)
    assert g.confidence + sum(c for _, c in g.alternatives) <= 1 + 1e-9
    assert detect(b"plain").encoding == "ASCII"
    assert detect(b"\xef\xbb\xbfhi").bom == "UTF-8"
    assert detect(bytearray(b"plain")).encoding == "ASCII"
    assert detect(memoryview(b"plain")).encoding == "ASCII"
    assert "Guess(encoding=" in repr(g)
    chinese = "我们的产品质量很好，价格也很合理。欢迎您来参观我们的工厂。".encode("gbk")
    assert detect(chinese).encoding == "GBK"
    assert detect("日本語のテキストです。これは文字コードの判定のテストです。".encode("shift_jis"), hint="jp").encoding == "Shift_JIS"


def test_detect_answers_as_the_cli(tmp_path, mojifix_bin):
    """In-process detect gives the CLI's encoding and (3-decimal) confidence, with and
    without --ignore-declared; the declaration is evidence only when not ignored."""
    import json
    import subprocess

    texts = {
        "declared.html": b'<meta charset="koi8-r"><p>' + "Государственная дума приняла закон".encode("koi8_r"),
        "cp1250.txt": "Zażółć gęślą jaźń, powiedział wczoraj.".encode("cp1250"),
        "sjis.txt": "日本語のテキストです。".encode("shift_jis"),
        "utf8.txt": "Grüße aus Köln".encode("utf-8"),
    }
    paths = []
    for name, data in texts.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(path)
    for flags, ignore in (([], False), (["--ignore-declared"], True)):
        out = subprocess.run([str(mojifix_bin), "detect", "--json", *flags, *map(str, paths)],
                             capture_output=True, check=True).stdout
        for line, path in zip(out.decode().splitlines(), paths):
            cli = json.loads(line)
            g = detect(path.read_bytes(), ignore_declared=ignore)
            assert (g.encoding, math.floor(g.confidence * 1000 + 0.5) / 1000) == (
                cli["encoding"], cli["confidence"]), path.name
    declared = texts["declared.html"]
    assert detect(declared).encoding == detect(declared, ignore_declared=True).encoding == "KOI8-R"
    assert detect(declared).confidence > detect(declared, ignore_declared=True).confidence


def test_decode():
    assert decode("café".encode("utf-8")) == "café"
    assert decode(b"\xef\xbb\xbfcaf\xc3\xa9") == "café"  # BOM dropped under "auto"
    assert decode("café".encode("cp1252"), "cp1252") == "café"
    assert decode("TNF-α".encode("gbk"), encoding="gbk") == "TNF-α"
    assert decode("Привет, мир".encode("koi8-r"), "koi8-r") == "Привет, мир"
    text = "Государственная дума в среду приняла закон о поддержке малого бизнеса."
    assert decode(text.encode("cp1251")) == text
    assert decode(b"ab\xffcd", "utf-8", errors="replace") == "ab\ufffdcd"


def test_decode_error_names_the_byte_offset():
    data = b"hello \xff\xfe world"
    with pytest.raises(DecodeError) as info:
        decode(data, "utf-8")
    err = info.value
    assert isinstance(err, UnicodeDecodeError) and isinstance(err, ValueError)
    assert err.start == 6 and err.end >= 7
    assert err.encoding == "UTF-8" and err.object == data
    assert "position 6" in str(err) and "byte offset 6" in str(err)
    with pytest.raises(DecodeError) as info:
        decode(b"abc\x81\x20def\x81", "gbk")
    assert info.value.start == 3 and "2 undecodable runs" in str(info.value)
    with pytest.raises(DecodeError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")


def test_bad_input_raises_python_exceptions():
    with pytest.raises(TypeError, match="not bytes"):
        fix_text(b"caf\xc3\xa9")
    with pytest.raises(TypeError, match="not int"):
        fix_text(3)
    with pytest.raises(TypeError, match="not str"):
        detect("text")
    with pytest.raises(TypeError, match="not str"):
        decode("text")
    with pytest.raises(TypeError):
        detect(None)
    with pytest.raises(LookupError, match="no-such-encoding"):
        decode(b"x", "no-such-encoding")
    with pytest.raises(ValueError, match="errors="):
        decode(b"x", "utf-8", errors="ignore")
    with pytest.raises(ValueError, match="unknown preset"):
        fix_text("x", preset="fast")
    with pytest.raises(TypeError, match="unexpected option colour="):
        fix_text("x", colour=True)
    with pytest.raises(TypeError, match="restore_byte_a0"):
        fix_text("x", restore_byte_a0=True)
    with pytest.raises(TypeError, match="True or False"):
        fix_text("x", uncurl_quotes="yes")
    with pytest.raises(ValueError, match="NFQ"):
        fix_text("x", normalization="NFQ")
    with pytest.raises(ValueError, match="unescape_html"):
        fix_text("x", unescape_html="sometimes")
    with pytest.raises(TypeError, match="item 1 is int"):
        fix_batch(["ok", 3])
    with pytest.raises(TypeError, match="one str"):
        fix_batch("cafÃ©")
    with pytest.raises(TypeError, match="list of str"):
        fix_batch(42)
    with pytest.raises(UnicodeEncodeError):
        fix_text("lone \ud800 surrogate")


def test_no_panic_on_odd_input():
    for text in ["\x00", "\ufffd" * 50, "Ã" * 10000, "\x80\x81\x9f", "&" * 1000, "\u0301" * 100, "𝕏" * 100]:
        assert isinstance(fix_text(text), str)
        assert isinstance(fix_and_explain(text)[0], str)
    for data in [b"", b"\x00" * 10, bytes(range(256)), b"\xfe\xff\x00", b"\xff\xfe\x00\x00\x00"]:
        assert isinstance(detect(data).encoding, str)
        try:
            decode(data)
        except DecodeError:
            pass


def test_large_text_releases_the_gil_and_still_works():
    text = "cafÃ© " * 5000
    assert fix_text(text) == "café " * 5000
    fixed, steps = fix_and_explain(text)
    assert fixed == "café " * 5000 and len(steps) == 5000


def test_version_and_exports():
    assert mojifix.__version__
    assert set(mojifix.__all__) >= {"fix_text", "fix_and_explain", "fix_batch", "detect", "decode", "DecodeError", "Step", "Guess"}


def test_fix_batch_releases_the_gil():
    import threading

    from corpus import records

    texts = records(2000, seed=2) * 10
    ticks = 0
    stop = threading.Event()

    def count():
        nonlocal ticks
        while not stop.is_set():
            ticks += 1

    counter = threading.Thread(target=count)
    counter.start()
    try:
        before = ticks
        out = fix_batch(texts)
        during = ticks - before
    finally:
        stop.set()
        counter.join()
    assert len(out) == len(texts)
    # With the GIL held for the whole call the counter could not move at all.
    assert during > 1000, f"the counter thread ran only {during} times during fix_batch"


def test_fix_encoding_is_only_the_repair():
    from mojifix import fix_encoding

    assert fix_encoding("cafÃ© &amp; “x”") == "cafÃ©".encode("cp1252").decode("utf-8") + " &amp; “x”"
    assert fix_encoding("e\u0301") == "e\u0301"


def _thread_cpu_ticks():
    """{thread id: user+system clock ticks} for this process (Linux)."""
    import os

    ticks = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks[tid] = int(fields[11]) + int(fields[12])
    return ticks


@pytest.mark.skipif(not __import__("os").path.exists("/proc/self/task"), reason="needs Linux /proc")
def test_fix_batch_spreads_over_the_cores():
    import os

    from corpus import records

    cores = os.cpu_count() or 1
    if cores < 2 or os.environ.get("RAYON_NUM_THREADS") == "1":
        pytest.skip("one core, or RAYON_NUM_THREADS=1")
    texts = records(5000, seed=4) * 8
    fix_batch(texts[:100])  # start the pool
    before = _thread_cpu_ticks()
    fix_batch(texts)
    after = _thread_cpu_ticks()
    main = str(__import__("threading").get_native_id())
    work = {t: after[t] - before.get(t, 0) for t in after if t != main}
    total = sum(work.values())
    busy = [t for t, w in work.items() if w >= 0.1 * total]
    # Other load on the machine can slow the call but not keep it on one thread.
    assert total > 0 and len(busy) >= 2, f"work per thread: {work}"
