//! `mojifix._mojifix`: the Python binding of the mojifix library (PyO3).
//!
//! Thin by design: every function parses its Python arguments into the library's types,
//! calls the library, and turns the answer (or the failure) into Python objects. The
//! library itself knows nothing of Python.
//!
//! - `fix_text(text, *, preset="default", **options) -> str`, options named as ftfy's
//! - `fix_and_explain(text, ...) -> (str, list[Step])`, one `Step` per changed span
//! - `fix_batch(texts, ...) -> list[str]`, without the GIL, on every core (rayon)
//! - `detect(data) -> Guess`, `decode(data, encoding="auto") -> str`
//!
//! Failures are Python exceptions: `TypeError` for wrong argument types or unknown
//! options, `ValueError` for bad option values, `LookupError` for an unknown encoding,
//! `mojifix.DecodeError` (a `UnicodeDecodeError`) with the byte offset for undecodable
//! input. Nothing here catches panics.

use std::borrow::Cow;

use mojifix::normalize::Normalization;
use mojifix::report::fix::describe_steps;
use mojifix::{Charset, HtmlMode, Options};
use pyo3::exceptions::{PyLookupError, PyTypeError, PyUnicodeDecodeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyList, PyString};
use rayon::prelude::*;

pyo3::create_exception!(
    mojifix,
    DecodeError,
    PyUnicodeDecodeError,
    "Bytes that are invalid in the encoding; `start` and `end` are byte offsets into the input."
);

/// Texts at least this long (bytes) are cleaned with the GIL released, so Python threads
/// can clean in parallel; shorter ones are not worth the hand-over.
const DETACH_MIN_LEN: usize = 4096;

/// ftfy options with the same meaning in mojifix.
const OPTION_NAMES: &[&str] = &[
    "unescape_html",
    "remove_terminal_escapes",
    "fix_encoding",
    "fix_c1_controls",
    "fix_latin_ligatures",
    "fix_character_width",
    "uncurl_quotes",
    "fix_line_breaks",
    "remove_control_chars",
    "normalization",
];

/// ftfy options that steer ftfy's own heuristics; mojifix's search has no such switch.
const FTFY_ONLY: &[&str] = &[
    "restore_byte_a0",
    "replace_lossy_sequences",
    "decode_inconsistent_utf8",
    "fix_surrogates",
    "max_decode_length",
    "explain",
    "config",
];

/// Builds `Options` from a preset name and ftfy-style keyword options.
fn options_from(preset: &str, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Options> {
    let mut options = Options::preset(preset).ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown preset {preset:?}: expected \"default\", \"ftfy\" or \"encoding\""
        ))
    })?;
    let Some(kwargs) = kwargs else {
        return Ok(options);
    };
    for (key, value) in kwargs.iter() {
        let key: String = key.extract()?;
        let flag = |value: &Bound<'_, PyAny>| -> PyResult<bool> {
            if value.is_instance_of::<PyBool>() {
                value.extract()
            } else {
                Err(PyTypeError::new_err(format!(
                    "option {key}= takes True or False, not {}",
                    type_name(value)
                )))
            }
        };
        match key.as_str() {
            "unescape_html" => {
                options.unescape_html = if value.is_instance_of::<PyBool>() {
                    if value.extract()? {
                        HtmlMode::Always
                    } else {
                        HtmlMode::Never
                    }
                } else if value.extract::<String>().is_ok_and(|s| s == "auto") {
                    HtmlMode::Auto
                } else {
                    return Err(PyValueError::new_err(format!(
                        "option unescape_html= takes \"auto\", True or False, not {}",
                        value.repr()?
                    )));
                }
            }
            "remove_terminal_escapes" => options.remove_terminal_escapes = flag(&value)?,
            "fix_encoding" => options.fix_encoding = flag(&value)?,
            "fix_c1_controls" => options.fix_c1_controls = flag(&value)?,
            "fix_latin_ligatures" => options.fix_latin_ligatures = flag(&value)?,
            "fix_character_width" => options.fix_character_width = flag(&value)?,
            "uncurl_quotes" => options.uncurl_quotes = flag(&value)?,
            "fix_line_breaks" => options.fix_line_breaks = flag(&value)?,
            "remove_control_chars" => options.remove_control_chars = flag(&value)?,
            "normalization" => {
                options.normalization = if value.is_none() {
                    Normalization::None
                } else {
                    let name: String = value.extract().map_err(|_| {
                        PyTypeError::new_err(format!(
                            "option normalization= takes \"NFC\", \"NFKC\", \"NFD\", \"NFKD\" or None, not {}",
                            type_name(&value)
                        ))
                    })?;
                    Normalization::parse(&name).ok_or_else(|| {
                        PyValueError::new_err(format!(
                            "option normalization= takes \"NFC\", \"NFKC\", \"NFD\", \"NFKD\" or None, not {name:?}"
                        ))
                    })?
                }
            }
            other if FTFY_ONLY.contains(&other) => {
                return Err(PyTypeError::new_err(format!(
                    "mojifix has no option {other}=: it steers ftfy's own heuristics, and \
                     mojifix repairs by searching candidate encodings instead; drop it \
                     (options: {})",
                    OPTION_NAMES.join(", ")
                )));
            }
            other => {
                return Err(PyTypeError::new_err(format!(
                    "unexpected option {other}= (options: preset, {})",
                    OPTION_NAMES.join(", ")
                )));
            }
        }
    }
    Ok(options)
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

/// The text of a `str` argument, with a clear error for anything else.
fn text_arg<'a>(function: &str, value: &'a Bound<'_, PyAny>) -> PyResult<&'a Bound<'a, PyString>> {
    match value.cast::<PyString>() {
        Ok(s) => Ok(s),
        Err(_) if value.is_instance_of::<PyBytes>() || value.is_instance_of::<PyByteArray>() => {
            Err(PyTypeError::new_err(format!(
                "{function}() takes str, not {}: decode the bytes first, e.g. with mojifix.decode(data)",
                type_name(value)
            )))
        }
        Err(_) => Err(PyTypeError::new_err(format!(
            "{function}() takes str, not {}",
            type_name(value)
        ))),
    }
}

/// The bytes of a `bytes`-like argument, with a clear error for `str`.
fn bytes_arg<'a>(function: &str, value: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(b.as_bytes()));
    }
    if value.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{function}() takes bytes, not str: the text is already decoded (use fix_text() to repair it)"
        )));
    }
    if let Ok(v) = value.extract::<Vec<u8>>() {
        return Ok(Cow::Owned(v));
    }
    Err(PyTypeError::new_err(format!(
        "{function}() takes bytes, bytearray or memoryview, not {}",
        type_name(value)
    )))
}

/// Repairs mojibake and the other damage `options` select; returns the cleaned text.
#[pyfunction]
#[pyo3(signature = (text, /, *, preset = "default", **options))]
fn fix_text(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    preset: &str,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyAny>> {
    let options = options_from(preset, options)?;
    let s = text_arg("fix_text", text)?;
    let input = s.to_str()?;
    let cleaned = if input.len() >= DETACH_MIN_LEN {
        py.detach(|| mojifix::fix_and_explain(input, &options))
    } else {
        mojifix::fix_and_explain(input, &options)
    };
    if cleaned.fixes.is_empty() && cleaned.text == input {
        // Unchanged: hand back the very object (no copy).
        return Ok(s.clone().into_any().unbind());
    }
    Ok(PyString::new(py, &cleaned.text).into_any().unbind())
}

/// One changed span of the input.
#[pyclass(frozen, get_all, module = "mojifix")]
struct Step {
    /// Character offsets into the input: `text[start:end] == before`.
    start: usize,
    end: usize,
    before: String,
    after: String,
    /// The repair chain as reports show it: `latin-1 → GBK`, `unescape_html`.
    chain: String,
    /// The chain's operations as (kind, argument): ("encode", "windows-1252").
    operations: Vec<(String, String)>,
    /// How much more plausible the span became (0 for cosmetic fixers).
    margin: i32,
}

#[pymethods]
impl Step {
    /// `(start, end)` in characters.
    #[getter]
    fn span(&self) -> (usize, usize) {
        (self.start, self.end)
    }

    fn __repr__(&self) -> String {
        format!(
            "Step(span=({}, {}), before={:?}, after={:?}, chain={:?})",
            self.start, self.end, self.before, self.after, self.chain
        )
    }
}

/// Byte offsets (ascending) to character offsets in `text`, in one pass.
fn char_offsets(text: &str, bytes: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut chars = 0;
    let mut pos = 0;
    for &b in bytes {
        let b = b.min(text.len());
        if b >= pos {
            chars += text.get(pos..b).map_or(0, |s| s.chars().count());
            pos = b;
        } else {
            chars = text.get(..b).map_or(0, |s| s.chars().count());
            pos = b;
        }
        out.push(chars);
    }
    out
}

/// Cleans `text` and explains each changed span.
#[pyfunction]
#[pyo3(signature = (text, /, *, preset = "default", **options))]
fn fix_and_explain(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    preset: &str,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<(String, Vec<Step>)> {
    let options = options_from(preset, options)?;
    let input = text_arg("fix_and_explain", text)?.to_str()?;
    let cleaned = if input.len() >= DETACH_MIN_LEN {
        py.detach(|| mojifix::fix_and_explain(input, &options))
    } else {
        mojifix::fix_and_explain(input, &options)
    };
    let bounds: Vec<usize> = cleaned
        .fixes
        .iter()
        .flat_map(|f| [f.span.start, f.span.end])
        .collect();
    let chars = char_offsets(input, &bounds);
    let steps = cleaned
        .fixes
        .iter()
        .enumerate()
        .map(|(i, f)| Step {
            start: chars[2 * i],
            end: chars[2 * i + 1],
            before: f.before.clone(),
            after: f.after.clone(),
            chain: describe_steps(&f.steps),
            operations: f
                .steps
                .iter()
                .map(|s| {
                    let (kind, arg) = s.parts();
                    (kind.to_owned(), arg.to_owned())
                })
                .collect(),
            margin: f.margin(),
        })
        .collect();
    Ok((cleaned.text, steps))
}

/// Cleans every text of `texts` in parallel with the GIL released; keeps order.
#[pyfunction]
#[pyo3(signature = (texts, /, *, preset = "default", **options))]
fn fix_batch<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    preset: &str,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyList>> {
    let options = options_from(preset, options)?;
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "fix_batch() takes a list of str, not one str: use fix_text() for one text",
        ));
    }
    // Borrow each str's UTF-8 without copying; missing values (None, NaN) pass through.
    let items: Vec<Bound<'py, PyAny>> = texts
        .try_iter()
        .map_err(|_| {
            PyTypeError::new_err(format!(
                "fix_batch() takes a list of str, not {}",
                type_name(texts)
            ))
        })?
        .collect::<PyResult<_>>()?;
    let mut inputs: Vec<Option<PyBackedStr>> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if item.is_none() || item.cast::<PyFloat>().is_ok_and(|f| f.value().is_nan()) {
            inputs.push(None);
        } else if item.is_instance_of::<PyString>() {
            inputs.push(Some(item.extract()?));
        } else {
            return Err(PyTypeError::new_err(format!(
                "fix_batch(): item {i} is {}, not str",
                type_name(item)
            )));
        }
    }
    // `None` = unchanged: the original object goes back.
    let outputs: Vec<Option<String>> = py.detach(|| {
        inputs
            .par_iter()
            .map(|text| {
                let text = text.as_deref()?;
                let cleaned = mojifix::fix_and_explain(text, &options);
                (cleaned.text != text).then_some(cleaned.text)
            })
            .collect()
    });
    let list = PyList::empty(py);
    for (item, out) in items.iter().zip(outputs) {
        match out {
            Some(text) => list.append(PyString::new(py, &text))?,
            None => list.append(item)?,
        }
    }
    Ok(list)
}

/// An encoding guess.
#[pyclass(frozen, get_all, module = "mojifix")]
struct Guess {
    /// `UTF-8`, `windows-1252`, `GBK`, …, `ASCII` for 7-bit text, or `binary`.
    encoding: String,
    /// 0..1.
    confidence: f64,
    /// Runners-up, best first: (encoding, confidence).
    alternatives: Vec<(String, f64)>,
    /// The byte-order mark the data starts with, if any.
    bom: Option<String>,
    /// Undecodable byte runs in the guessed encoding, and the first one's byte offset.
    invalid_runs: usize,
    first_invalid: Option<usize>,
}

#[pymethods]
impl Guess {
    fn __repr__(&self) -> String {
        let alts: Vec<String> = self
            .alternatives
            .iter()
            .map(|(e, c)| format!("({e:?}, {c:.3})"))
            .collect();
        format!(
            "Guess(encoding={:?}, confidence={:.3}, alternatives=[{}])",
            self.encoding,
            self.confidence,
            alts.join(", ")
        )
    }
}

/// Inputs up to this many bytes are detected without releasing the GIL (at most some
/// tens of µs).
const SHORT_DETECT: usize = 256;

/// Guesses the encoding of `data`; `hint` is a top-level domain such as "ru" or "jp".
/// `ignore_declared` is the CLI's `--ignore-declared`: for fields and prefixes, whose
/// bytes a `<meta charset>` or XML declaration does not describe.
#[pyfunction]
#[pyo3(signature = (data, /, *, hint = None, ignore_declared = false))]
fn detect(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    hint: Option<&str>,
    ignore_declared: bool,
) -> PyResult<Guess> {
    let bytes = bytes_arg("detect", data)?;
    // Lowercased as the CLI does, so both give the same answer for the same input.
    let hint = hint.map(str::to_ascii_lowercase);
    let options = mojifix::detect::DetectOptions {
        hint: hint.as_deref(),
        use_declared: !ignore_declared,
    };
    // Short inputs are detected holding the GIL: releasing and taking it back costs
    // more than their detection takes off other threads.
    let d = if bytes.len() <= SHORT_DETECT {
        mojifix::detect::detect_with(&bytes, &options)
    } else {
        py.detach(|| mojifix::detect::detect_with(&bytes, &options))
    };
    Ok(Guess {
        encoding: d.encoding.to_owned(),
        confidence: d.confidence,
        alternatives: d
            .alternatives
            .iter()
            .map(|(e, c)| ((*e).to_owned(), *c))
            .collect(),
        bom: d.bom.map(str::to_owned),
        invalid_runs: d.invalid.map_or(0, |(n, _)| n),
        first_invalid: d.invalid.map(|(_, offset)| offset),
    })
}

fn bom_len(bom: &str) -> usize {
    match bom {
        "UTF-8" => 3,
        "UTF-16LE" | "UTF-16BE" => 2,
        "UTF-32LE" | "UTF-32BE" => 4,
        _ => 0,
    }
}

/// Decodes `data` with `encoding` (a label such as "gbk", "cp1252", "latin-1") or, with
/// "auto", with the detected one (a byte-order mark is then dropped).
#[pyfunction]
#[pyo3(signature = (data, /, encoding = "auto", errors = "strict"))]
fn decode(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    encoding: &str,
    errors: &str,
) -> PyResult<String> {
    let strict = match errors {
        "strict" => true,
        "replace" => false,
        other => {
            return Err(PyValueError::new_err(format!(
                "errors= takes \"strict\" or \"replace\", not {other:?}"
            )));
        }
    };
    let bytes = bytes_arg("decode", data)?;
    let (charset, skip) = if encoding.eq_ignore_ascii_case("auto") {
        let d = py.detach(|| mojifix::detect(&bytes));
        match d.charset() {
            Some(c) => (c, d.bom.map_or(0, bom_len)),
            None => {
                let offset = bytes.iter().position(|&b| b == 0).unwrap_or(0);
                let end = (offset + 1).min(bytes.len());
                return Err(decode_error(
                    py,
                    "binary",
                    &bytes,
                    offset,
                    end,
                    format!("the data looks binary, not text (NUL byte at offset {offset})"),
                ));
            }
        }
    } else {
        let c = Charset::for_label(encoding)
            .ok_or_else(|| PyLookupError::new_err(format!("unknown encoding: {encoding}")))?;
        (c, 0)
    };
    let body = bytes.get(skip..).unwrap_or_default();
    let decoded = py.detach(|| charset.decode(body));
    if strict && let Some(first) = decoded.undecodable.first() {
        let start = first.offset + skip;
        let end = (start + first.len.max(1)).min(bytes.len());
        let runs = decoded.undecodable.len();
        let reason = if runs == 1 {
            format!("invalid in {} (byte offset {start})", charset.name())
        } else {
            format!(
                "invalid in {} (byte offset {start}; {runs} undecodable runs in all)",
                charset.name()
            )
        };
        return Err(decode_error(py, charset.name(), &bytes, start, end, reason));
    }
    Ok(decoded.text)
}

fn decode_error(
    py: Python<'_>,
    encoding: &str,
    bytes: &[u8],
    start: usize,
    end: usize,
    reason: String,
) -> PyErr {
    DecodeError::new_err((
        encoding.to_owned(),
        PyBytes::new(py, bytes).unbind(),
        start,
        end,
        reason,
    ))
}

/// The native part of the `mojifix` package; import from `mojifix`.
#[pymodule]
fn _mojifix(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // Detection's tables and per-character memos are built now (~15 ms, once), not
    // during the first detections, so that short inputs are as fast from the first call.
    m.py().detach(mojifix::detect::prepare);
    m.add_function(wrap_pyfunction!(fix_text, m)?)?;
    m.add_function(wrap_pyfunction!(fix_and_explain, m)?)?;
    m.add_function(wrap_pyfunction!(fix_batch, m)?)?;
    m.add_function(wrap_pyfunction!(detect, m)?)?;
    m.add_function(wrap_pyfunction!(decode, m)?)?;
    m.add_class::<Step>()?;
    m.add_class::<Guess>()?;
    m.add("DecodeError", m.py().get_type::<DecodeError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_characters() {
        let text = "aé¦Áb";
        // bytes: a(0) é(1..3) ¦(3..5) Á(5..7) b(7)
        assert_eq!(char_offsets(text, &[0, 1, 3, 7, 8]), vec![0, 1, 2, 4, 5]);
    }
}
