//! Encoding detection: bytes → `Detection { encoding, confidence, alternatives, … }`.
//!
//! The pipeline:
//!
//! 1. a byte-order mark decides (UTF-8, UTF-16LE/BE, UTF-32LE/BE);
//! 2. 7-bit input: ISO-2022-JP / ISO-2022-KR by their escape sequences, else ASCII;
//! 3. UTF-32 and UTF-16 without a BOM, by NUL patterns and a strict decode whose text
//!    stays in a few scripts;
//! 4. binary (NULs or many C0 controls) is reported as `binary`;
//! 5. valid UTF-8 (SIMD check) is UTF-8;
//! 6. EBCDIC, when the IBM037 reading is mostly letters and spaces;
//! 7. everything else is a contest between the legacy encodings: every candidate decodes
//!    a sample of the bytes (the lines that hold non-ASCII bytes), and the text is scored
//!    by detection's own text model (`detect::model`, a frozen copy of the repair
//!    engine's plausibility model, so repair tuning cannot move detection) plus this
//!    module's letter-frequency term, and close readings are re-ranked by how much they
//!    read like a language (`detect::reads`, the repair engine's letter-bigram model
//!    `repair::language`). chardetng's guess, a `--hint` (TLD or language)
//!    and a declared charset (`<meta charset>`, `<?xml encoding=…?>`; whole files only)
//!    each give a bonus. The
//!    scores become probabilities by a softmax whose temperature was calibrated on the
//!    shared detect corpus (`docs/detect.md`); candidates that decode the input to the
//!    same text pool their probability, since either answer is right.
//!
//! ```
//! use mojifix::detect::detect;
//! let d = detect("Grüße aus Köln".as_bytes());
//! assert_eq!(d.encoding, "UTF-8");
//! ```

use std::ops::Range;

use crate::charset::{Charset, Decoded};
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};

pub(crate) mod alpha;
mod model;
mod reads;

/// What the detector found.
#[derive(Clone, Debug, PartialEq)]
pub struct Detection {
    /// The encoding as encoding_rs spells it (`UTF-8`, `windows-1252`), an IANA-style name
    /// for the others (`IBM855`, `Johab`), `ASCII` for 7-bit text, or `binary`.
    pub encoding: &'static str,
    /// How sure, in 0..=1: calibrated so that answers given with confidence c are right
    /// about c of the time on the shared corpus.
    pub confidence: f64,
    /// Runners-up, best first, with their confidences.
    pub alternatives: Vec<(&'static str, f64)>,
    /// The byte-order mark the input starts with, if any.
    pub bom: Option<&'static str>,
    /// Bytes that are invalid in the answer: count of runs and the first offset. A
    /// character cut off at the end is not counted here but in `truncated`.
    pub invalid: Option<(usize, usize)>,
    /// How many bytes of a character cut off at the very end of the input (a prefix of
    /// a longer text) the answer leaves incomplete; `None` when the input ends whole.
    pub truncated: Option<usize>,
    /// The script most letters of the decoded text are in (`Latin`, `Cyrillic`, `Han`…).
    pub script: Option<&'static str>,
    /// The language the decoded text looks like (ISO 639-1), when letters say so.
    pub language: Option<&'static str>,
}

impl Detection {
    /// The charset to decode with; `None` for binary. ASCII decodes as UTF-8.
    pub fn charset(&self) -> Option<Charset> {
        match self.encoding {
            "binary" => None,
            "ASCII" => Some(Charset::UTF_8),
            name => Charset::for_label(name),
        }
    }

    fn sure(encoding: &'static str, confidence: f64) -> Detection {
        Detection {
            encoding,
            confidence,
            alternatives: Vec::new(),
            bom: None,
            invalid: None,
            truncated: None,
            script: None,
            language: None,
        }
    }
}

/// What the caller knows besides the bytes.
#[derive(Clone, Copy, Debug, Default)]
pub struct DetectOptions<'a> {
    /// A top-level domain (`ru`, `jp`, `com.tw`) or language code (`uk`, `zh-TW`).
    pub hint: Option<&'a str>,
    /// Use a charset the bytes declare (`<meta charset>`, XML `encoding=`) as evidence.
    /// Off for prefixes and fields: a declaration describes a whole document.
    pub use_declared: bool,
}

/// Single-byte candidates with their prior cost (rarer pages must read clearly better).
/// Order is preference: when two pages decode the input alike, the first is named.
const SINGLE_BYTE: &[(&str, f64)] = &[
    ("windows-1252", 0.0),
    ("windows-1250", 0.0),
    ("windows-1251", 0.0),
    ("windows-1253", 0.0),
    ("windows-1254", 0.0),
    ("windows-1255", 0.0),
    ("windows-1256", 0.0),
    ("windows-1257", 2.0),
    ("windows-1258", 2.0),
    ("windows-874", 3.0),
    ("ISO-8859-2", 1.0),
    ("ISO-8859-5", 1.0),
    ("ISO-8859-7", 1.0),
    ("ISO-8859-6", 2.0),
    ("ISO-8859-4", 4.0),
    ("ISO-8859-13", 4.0),
    ("KOI8-R", 1.0),
    ("KOI8-U", 3.0),
    ("IBM866", 2.0),
    ("x-mac-cyrillic", 2.0),
    ("macintosh", 3.0),
    ("IBM855", 4.0),
    ("IBM852", 4.0),
    ("IBM850", 5.0),
    ("IBM437", 5.0),
    ("IBM775", 5.0),
    ("IBM857", 5.0),
    ("IBM869", 5.0),
    ("IBM737", 5.0),
    ("KZ-1048", 5.0),
    ("PTCP154", 5.0),
    ("x-mac-ce", 5.0),
    ("VISCII", 5.0),
];

/// Multi-byte candidates and their prior cost.
const MULTI_BYTE: &[(&str, f64)] = &[
    ("GBK", 0.0),
    ("Big5", 0.0),
    ("EUC-KR", 0.0),
    ("Shift_JIS", 0.0),
    ("EUC-JP", 0.0),
    ("Johab", 4.0),
    ("EUC-TW", 4.0),
];

/// EBCDIC pages, tried only when the bytes look like EBCDIC.
const EBCDIC: &[(&str, f64)] = &[("IBM037", 0.0), ("IBM500", 1.0), ("IBM424", 1.0)];

/// Cost of one undecodable byte run: about three implausible characters.
const INVALID_RUN_COST: f64 = 40.0;
/// chardetng's own guess: its byte statistics are evidence too. Per non-ASCII char, capped.
const CHARDETNG_BONUS_PER_CHAR: f64 = 0.3;
const CHARDETNG_BONUS_MAX: f64 = 8.0;
/// A hint (TLD or language) that names the candidate's region.
const HINT_BONUS_PER_CHAR: f64 = 1.0;
const HINT_BONUS_MAX: f64 = 30.0;
/// A charset the document declares (whole documents only).
const DECLARED_BONUS_PER_CHAR: f64 = 1.5;
const DECLARED_BONUS_MAX: f64 = 60.0;
/// Softmax temperature (cost units): fitted on the shared corpus so that stated
/// confidence matches observed accuracy (docs/detect.md, reliability table).
const TEMPERATURE: f64 = 6.0;
/// Cost per bit of `reads::excess_bits` beyond the best reading's (the language term).
const LANGUAGE_WEIGHT: f64 = 0.75;
/// The most the language term adds to a reading: this, or a share of the best reading's
/// text-model cost when more (the cost grows with the text, and on long text a reading
/// that reads like no language, Turkish read as VISCII, must lose even where the text
/// model's margin is wide).
const LANGUAGE_CAP: f64 = 8.0;
const LANGUAGE_CAP_SHARE: f64 = 0.05;
/// Readings this far behind the best, beyond the cap, are not priced by the language term.
const LANGUAGE_WINDOW: f64 = 5.0 * TEMPERATURE;
/// Bytes of non-ASCII-bearing lines the cheap first stage (byte histogram) reads.
const SAMPLE_LIMIT: usize = 16 * 1024;
/// Stage 2a: readings this far (cost units) behind the best on the first quarter of the
/// sample are not scored on the rest.
const QUICK_MARGIN: f64 = 60.0;
/// Bytes of those lines chardetng reads.
const CHARDETNG_LIMIT: usize = 2 * 1024;
/// Bytes of those lines the finalists decode and score in full.
const FULL_SCORE_LIMIT: usize = 2 * 1024;
/// Single-byte pages that go on from the histogram stage (plus any that chardetng, the
/// hint or a declaration names).
const STAGE1_KEEP: usize = 8;
/// ... and only those within this histogram cost of the best (per non-ASCII byte, plus
/// a constant): a page far behind on letters alone never wins on context.
const STAGE1_MARGIN_PER_CHAR: f64 = 3.0;
const STAGE1_MARGIN: f64 = 30.0;

/// Guesses the encoding of `bytes`. `tld` is an optional hint: a top-level domain such
/// as `ru` or `jp`, or a language code such as `uk` or `zh-TW`. A declared charset is
/// used as evidence.
pub fn detect_with_hint(bytes: &[u8], tld: Option<&str>) -> Detection {
    detect_with(
        bytes,
        &DetectOptions {
            hint: tld,
            use_declared: true,
        },
    )
}

/// Guesses the encoding of `bytes` with no hint (a declared charset counts).
pub fn detect(bytes: &[u8]) -> Detection {
    detect_with_hint(bytes, None)
}

/// Guesses the encoding of `bytes` with the given options.
pub fn detect_with(bytes: &[u8], options: &DetectOptions) -> Detection {
    let mut d = detect_inner(bytes, options);
    if d.script.is_none()
        && let Some(charset) = d.charset()
    {
        let skip = d.bom.map_or(0, bom_len);
        let head = &bytes[skip..bytes.len().min(skip + 4 * 1024)];
        // Valid UTF-8 (and ASCII) decodes to itself: described in place, not copied.
        let (script, language) = match simdutf8::basic::from_utf8(head) {
            Ok(text) if charset == Charset::UTF_8 => describe(text),
            _ => describe(&charset.decode(head).text),
        };
        d.script = script;
        d.language = language;
    }
    d
}

/// Builds detection's lookup tables and fills its per-character memos for the Basic
/// Multilingual Plane now, instead of on first use (a few milliseconds, once per
/// process). Detection gives the same answers either way; a caller that times
/// detections, or that wants its first short inputs detected as fast as later ones (the
/// Python binding calls this when imported), calls it first.
pub fn prepare() {
    use std::hint::black_box;
    for list in [SINGLE_BYTE, MULTI_BYTE, EBCDIC] {
        black_box(resolved(list));
    }
    black_box(classes());
    black_box(letter_table());
    black_box(mark_slots());
    black_box(model::is_han_bigram('\u{4E00}', '\u{4E00}'));
    for c in (0..0x10000u32).filter_map(char::from_u32) {
        black_box(model::classify(c));
        black_box(alpha::is_alphabetic(c));
        black_box(vowel_class(c));
        black_box(letter_cost_char(c));
        black_box(crate::repair::plausibility::classify(c));
    }
    // The language model's index, and every path of the contest: a Latin-1, a Cyrillic
    // and a CJK sample, whole and short, with and without a hint.
    for sample in [
        &b"caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve fa\xe7ade"[..],
        b"\xcf\xf0\xe8\xe2\xe5\xf2, \xea\xe0\xea \xe4\xe5\xeb\xe0?",
        b"\xc4\xe3\xba\xc3\xa3\xac\xca\xc0\xbd\xe7 \xc8\xd5\xb1\xbe\xb8\xee",
    ] {
        black_box(detect_with(sample, &DetectOptions::default()));
        black_box(detect_with_hint(sample, Some("ru")));
    }
}

fn bom_len(name: &str) -> usize {
    match name {
        "UTF-8" => 3,
        "UTF-32LE" | "UTF-32BE" => 4,
        _ => 2,
    }
}

fn detect_inner(bytes: &[u8], options: &DetectOptions) -> Detection {
    if let Some((name, len)) = bom(bytes) {
        let mut d = Detection::sure(name, 1.0);
        d.bom = Some(name);
        if let Some(charset) = Charset::for_label(name) {
            let (invalid, cut) = invalid_runs(charset, &bytes[len..]);
            d.invalid = invalid.map(|(runs, first)| (runs, first + len));
            d.truncated = cut;
        }
        return d;
    }
    if bytes.is_empty() {
        return Detection::sure("ASCII", 1.0);
    }
    let seven_bit = bytes.is_ascii();
    if seven_bit && bytes.contains(&0x1B) {
        if crate::korean::looks_iso2022kr(bytes) {
            return Detection::sure("ISO-2022-KR", 0.99);
        }
        if [&b"\x1b$B"[..], b"\x1b$@", b"\x1b(J", b"\x1b$(D"]
            .iter()
            .any(|esc| memchr::memmem::find(bytes, esc).is_some())
        {
            return Detection::sure("ISO-2022-JP", 0.99);
        }
    }
    if let Some(name) = utf32_without_bom(bytes) {
        return Detection::sure(name, 0.99);
    }
    let nuls = memchr::memchr_iter(0, bytes).count();
    if nuls > 0
        && let Some((name, share)) = utf16_without_bom(bytes)
        && share >= 0.9
    {
        return Detection::sure(name, 0.98);
    }
    let spaces = |byte: u8| bytes.iter().filter(|&&b| b == byte).count();
    if seven_bit && spaces(0x40) > spaces(0x20).max(2) && looks_ebcdic(bytes) {
        // EBCDIC Hebrew (IBM424) letters and space all sit below 0x80.
        return contest(bytes, options, None);
    }
    if seven_bit {
        let controls = count_odd_controls(bytes);
        // NUL runs inside otherwise clean 7-bit text (a padded log, a C string dump).
        if nuls == 0 || controls * 50 <= bytes.len() {
            let confidence = if nuls == 0 { 0.99 } else { 0.7 };
            return Detection::sure("ASCII", confidence);
        }
    }
    if looks_binary(bytes, nuls) {
        return Detection::sure("binary", 0.98);
    }
    let cut = match utf8_cut(bytes) {
        Some(cut) => cut,
        None => return contest(bytes, options, None),
    };
    // A character cut off at the end is UTF-8 evidence only beside whole multi-byte
    // characters: alone, its lead byte is as likely a legacy page's letter at the end
    // (`invertirà`, 0xE0 in windows-1252), so the UTF-8 reading, with the cut character
    // completed as plausibly as its lead allows, joins the contest.
    if cut > 0 && bytes[..bytes.len() - cut].is_ascii() {
        let completion = utf8_completion(bytes, cut);
        return contest(bytes, options, completion);
    }
    let multibyte = bytes.iter().filter(|&&b| b >= 0xC0).take(4).count();
    // Valid UTF-8 by accident gets rarer with every multi-byte char.
    let confidence = match multibyte {
        0..=1 => 0.9,
        2..=3 => 0.97,
        _ => 0.995,
    };
    let mut d = Detection::sure("UTF-8", confidence);
    d.truncated = (cut > 0).then_some(cut);
    d
}

fn bom(bytes: &[u8]) -> Option<(&'static str, usize)> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Some(("UTF-8", 3))
    } else if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) {
        Some(("UTF-32LE", 4))
    } else if bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        Some(("UTF-32BE", 4))
    } else if bytes.starts_with(&[0xFF, 0xFE]) {
        Some(("UTF-16LE", 2))
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Some(("UTF-16BE", 2))
    } else {
        None
    }
}

/// Valid UTF-8, allowing one multi-byte character cut off at the end (a prefix): how
/// many bytes of it are there (0 when none is cut), or `None` when not UTF-8.
fn utf8_cut(bytes: &[u8]) -> Option<usize> {
    match simdutf8::compat::from_utf8(bytes) {
        Ok(_) => Some(0),
        Err(e) => {
            let cut = bytes.len() - e.valid_up_to();
            (e.error_len().is_none() && cut < 4).then_some(cut)
        }
    }
}

/// The most plausible character the UTF-8 sequence cut off at the end of `bytes` (its
/// last `cut` bytes, as `utf8_cut` counted them) could have been: cheapest by the
/// stage-1 unigram cost and the text model's transition from the byte before, among the
/// characters its lead and continuation bytes allow, so the UTF-8 reading of a cut input
/// can be priced like any other. Up to two missing bytes are tried in full (4,096 at
/// most); a third (a four-byte lead alone) is taken as 0x80, since the supplementary
/// planes' characters are priced alike block by block.
fn utf8_completion(bytes: &[u8], cut: usize) -> Option<char> {
    let start = bytes.len().checked_sub(cut).filter(|_| cut > 0)?;
    let tail = &bytes[start..];
    let need = match tail.first()? {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let before = start.checked_sub(1).map(|i| char::from(bytes[i]));
    let glued = before.is_some_and(|b| b.is_ascii_alphabetic());
    let before = before.map(model::classify);
    let missing = need - tail.len();
    let mut seq = [0x80u8; 4];
    seq[..tail.len()].copy_from_slice(tail);
    let tries = 64usize.pow(missing.min(2) as u32);
    let mut best: Option<(f64, char)> = None;
    for t in 0..tries {
        for (k, slot) in seq[tail.len()..need].iter_mut().take(2).enumerate() {
            *slot = 0x80 | ((t >> (6 * k)) & 0x3F) as u8;
        }
        let Some(c) = std::str::from_utf8(&seq[..need])
            .ok()
            .and_then(|s| s.chars().next())
        else {
            continue;
        };
        // Not the scripts the text model does not know (it prices their letters as
        // generic ones, so they would win by ignorance), nor invisible format characters,
        // nor the unassigned planes 4-13 and plane 14's tags (a lone lead 0xF1 or 0xF2
        // starts nothing real; the model prices what it has never seen as a symbol).
        let cp = c as u32;
        if model::classify(c).script == model::Script::Other
            || matches!(cp, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFEFF)
            || (0x40000..=0xE0FFF).contains(&cp)
        {
            continue;
        }
        // In context: after a space a digit or symbol may be likelier than a letter.
        let context = before.map_or(0, |b| model::transition(&b, &model::classify(c)));
        let cost = unigram_cost(c, glued) + f64::from(context);
        if best.is_none_or(|(b, _)| cost < b) {
            best = Some((cost, c));
        }
    }
    best.map(|(_, c)| c)
}

/// UTF-32 without a BOM: every 4-byte unit a scalar value, most of them text-like.
/// A trailing partial unit (a cut prefix) is ignored.
fn utf32_without_bom(bytes: &[u8]) -> Option<&'static str> {
    if bytes.len() < 8 {
        return None;
    }
    let units = bytes.len() / 4;
    let check = |le: bool| {
        let mut textish = 0;
        for q in bytes.chunks_exact(4) {
            let v = if le {
                u32::from_le_bytes([q[0], q[1], q[2], q[3]])
            } else {
                u32::from_be_bytes([q[0], q[1], q[2], q[3]])
            };
            match char::from_u32(v) {
                Some(c) if v != 0 => textish += usize::from(is_textish(c)),
                _ => return false,
            }
        }
        textish * 10 >= units * 9
    };
    if check(true) {
        Some("UTF-32LE")
    } else if check(false) {
        Some("UTF-32BE")
    } else {
        None
    }
}

/// Characters ordinary text is made of: printable ASCII and whitespace, the alphabets,
/// CJK, kana, Hangul, their punctuation and full-width forms.
fn is_textish(c: char) -> bool {
    let cp = c as u32;
    matches!(cp,
        0x09 | 0x0A | 0x0D | 0x20..=0x7E
        | 0xA0..=0x24F          // Latin-1, Latin Extended-A/B
        | 0x370..=0x52F         // Greek, Cyrillic
        | 0x590..=0x6FF         // Hebrew, Arabic
        | 0xE00..=0xE7F         // Thai
        | 0x1E00..=0x1FFF       // Latin Extended Additional, Greek Extended
        | 0x2010..=0x206F       // general punctuation
        | 0x3000..=0x30FF       // CJK punctuation, kana
        | 0x3130..=0x318F       // Hangul compatibility jamo
        | 0x4E00..=0x9FFF       // CJK unified ideographs
        | 0xAC00..=0xD7A3       // Hangul syllables
        | 0xFF00..=0xFFEF) // full-width and half-width forms
}

/// UTF-16 without a BOM: the endianness whose strict decode is most text-like, and the
/// share of text-like characters in it. A trailing odd byte (a cut prefix) is ignored.
fn utf16_without_bom(bytes: &[u8]) -> Option<(&'static str, f64)> {
    if bytes.len() < 4 {
        return None;
    }
    let even = &bytes[..bytes.len() & !1];
    let share = |e: &'static encoding_rs::Encoding| -> Option<f64> {
        // A cut surrogate pair at the end is not evidence against UTF-16.
        let text = e
            .decode_without_bom_handling_and_without_replacement(even)
            .or_else(|| {
                e.decode_without_bom_handling_and_without_replacement(&even[..even.len() - 2])
            })?;
        let total = text.chars().count().max(1);
        let good = text.chars().filter(|&c| is_textish(c)).count();
        Some(good as f64 / total as f64)
    };
    let le = share(encoding_rs::UTF_16LE);
    let be = share(encoding_rs::UTF_16BE);
    match (le, be) {
        (Some(l), Some(b)) if b > l => Some(("UTF-16BE", b)),
        (Some(l), _) => Some(("UTF-16LE", l)),
        (None, Some(b)) => Some(("UTF-16BE", b)),
        (None, None) => None,
    }
}

/// C0 controls other than NUL and the ones text uses (tab, line breaks, form feed, ESC).
fn count_odd_controls(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, 0 | b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count()
}

/// NULs or many C0 controls: not text in any ASCII-compatible encoding.
fn looks_binary(bytes: &[u8], nuls: usize) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    nuls > 0 || count_odd_controls(sample) * 20 > sample.len().max(1)
}

/// EBCDIC text: space is 0x40 and letters sit at 0x81..=0xA9 and 0xC1..=0xE9, so the
/// IBM037 reading is almost all letters, digits, spaces and common punctuation.
fn looks_ebcdic(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096)];
    let spaces = sample.iter().filter(|&&b| b == 0x40).count();
    if spaces * 25 < sample.len() {
        return false;
    }
    // IBM037 letters, digits, space, line ends, tab and . , ' " ( ) - : ; ! ? /
    let texty = sample
        .iter()
        .filter(|&&b| {
            matches!(b,
                0x41..=0x49 | 0x51..=0x59 | 0x62..=0x69 | 0x71 // IBM424 Hebrew letters
                | 0x81..=0x89 | 0x91..=0x99 | 0xA2..=0xA9 | 0xC1..=0xC9 | 0xD1..=0xD9
                | 0xE2..=0xE9 | 0xF0..=0xF9 | 0x40 | 0x25 | 0x15 | 0x0D | 0x05 | 0x4B
                | 0x6B | 0x7D | 0x7F | 0x4D | 0x5D | 0x60 | 0x7A | 0x5E | 0x5A | 0x6F | 0x61)
        })
        .count();
    texty * 10 >= sample.len() * 9
}

/// Pieces of the input that hold a non-ASCII byte, up to about `limit` bytes (the whole
/// input when it is short). ASCII-only pieces read the same in every candidate, so they
/// cannot decide. Pieces end at a byte below 0x21 (space, line break), which is never a
/// trail byte of the multi-byte encodings, and are at most `PIECE` bytes long. Pieces
/// with a byte value not yet seen come first, so that every distinct byte the input
/// holds is in the sample.
fn sample(bytes: &[u8], limit: usize) -> std::borrow::Cow<'_, [u8]> {
    const PIECE: usize = 256;
    if bytes.len() <= limit {
        return bytes.into();
    }
    // The first 256 KiB are plenty to find every byte value a file uses.
    let bytes = &bytes[..bytes.len().min(256 * 1024)];
    let mut pieces: Vec<&[u8]> = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b < 0x21 && (b == b'\n' || b == b'\r' || i - start >= PIECE) {
            if !bytes[start..=i].is_ascii() {
                pieces.push(&bytes[start..=i]);
            }
            start = i + 1;
        }
    }
    if start < bytes.len() && !bytes[start..].is_ascii() {
        pieces.push(&bytes[start..]);
    }
    let mut seen = [false; 256];
    let mut out = Vec::with_capacity(limit + PIECE * 2);
    let mut rest: Vec<&[u8]> = Vec::new();
    for piece in pieces {
        let piece = &piece[..piece.len().min(PIECE * 4)];
        if out.len() < limit && piece.iter().any(|&b| b >= 0x80 && !seen[b as usize]) {
            for &b in piece {
                seen[b as usize] = true;
            }
            out.extend_from_slice(piece);
        } else {
            rest.push(piece);
        }
    }
    for piece in rest {
        if out.len() >= limit {
            break;
        }
        out.extend_from_slice(piece);
    }
    out.into()
}

/// The words that hold non-ASCII bytes, separated by a space, up to about `limit`
/// bytes: a run of non-ASCII bytes (with gaps of at most one ASCII byte, which may be a
/// trail byte) plus the ASCII letters and digits glued to it on either side (at most 16).
/// Text between such words reads the same in every ASCII-compatible candidate, so
/// leaving it out changes no ranking and saves most of the scoring time.
fn words(bytes: &[u8], limit: usize) -> std::borrow::Cow<'_, [u8]> {
    const GLUE: usize = 16;
    if bytes.len() <= limit.min(256) || !bytes.iter().any(|&b| b >= 0x80) {
        return bytes.into();
    }
    let mut out = Vec::with_capacity(limit + 64);
    let mut i = 0;
    while i < bytes.len() && out.len() < limit {
        if bytes[i] < 0x80 {
            i += 1;
            continue;
        }
        let mut start = i;
        while start > 0 && i - start < GLUE && bytes[start - 1].is_ascii_alphanumeric() {
            start -= 1;
        }
        let mut end = i + 1;
        loop {
            if end < bytes.len() && bytes[end] >= 0x80 {
                end += 1;
            } else if end + 1 < bytes.len() && bytes[end + 1] >= 0x80 {
                end += 2;
            } else {
                break;
            }
        }
        let run_end = end;
        while end < bytes.len() && end - run_end < GLUE && bytes[end].is_ascii_alphanumeric() {
            end += 1;
        }
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(&bytes[start..end]);
        i = end;
    }
    out.into()
}

/// Undecodable runs of `bytes` in `charset` (how many, and where the first starts), and
/// the length of a character cut off at the very end, which is reported apart: a prefix
/// of a longer text ends in one as often as not, and it says nothing against the answer.
fn invalid_runs(charset: Charset, bytes: &[u8]) -> (Option<(usize, usize)>, Option<usize>) {
    if let Some(page) = charset.single_byte() {
        let mut runs = 0;
        let mut first = None;
        let mut in_run = false;
        for (i, &b) in bytes.iter().enumerate() {
            let bad = page.decode_byte(b).is_none();
            if bad && !in_run {
                runs += 1;
                first.get_or_insert(i);
            }
            in_run = bad;
        }
        return (first.map(|f| (runs, f)), None);
    }
    let mut runs = charset.decode(bytes).undecodable;
    let cut = cut_tail(charset, bytes, &runs);
    if cut.is_some() {
        runs.pop();
    }
    (runs.first().map(|u| (runs.len(), u.offset)), cut)
}

/// When the last of `runs` (the undecodable runs of `bytes` in `charset`) is a character
/// cut off at the end of `bytes`, its length.
fn cut_tail(charset: Charset, bytes: &[u8], runs: &[crate::charset::Undecodable]) -> Option<usize> {
    let last = runs.last()?;
    (last.offset + last.len == bytes.len() && is_cut_sequence(charset, &bytes[last.offset..]))
        .then_some(last.len)
}

/// Whether `tail`, an undecodable run that ends the input, is the start of a character
/// `charset` could complete (a lead byte, or gb18030's first bytes of four), rather than
/// bytes no continuation could make valid.
fn is_cut_sequence(charset: Charset, tail: &[u8]) -> bool {
    if tail.is_empty() || tail.len() > 3 {
        return false;
    }
    if let Some(encoding) = charset.encoding_rs() {
        // A decoder not told that the input has ended holds an incomplete character back
        // without error; anything else in the run is malformed whatever follows.
        let mut decoder = encoding.new_decoder_without_bom_handling();
        let mut out = [0u8; 16];
        let (result, read, written) =
            decoder.decode_to_utf8_without_replacement(tail, &mut out, false);
        return matches!(result, encoding_rs::DecoderResult::InputEmpty)
            && read == tail.len()
            && written == 0;
    }
    match charset.name() {
        // A run of at most three bytes that ends the input is the partial last unit.
        "UTF-32LE" | "UTF-32BE" => true,
        // Two-byte codes only: a lead byte some trail byte completes.
        "Johab" => matches!(tail, &[lead] if completable(charset, lead)),
        // A plane-1 lead some cell completes (rows 0xC3 and others are empty), or 0x8E,
        // a plane byte 0xA1..=0xB0, a row byte.
        "EUC-TW" => match tail {
            &[lead @ 0xA1..=0xFE] => completable(charset, lead),
            [0x8E] | [0x8E, 0xA1..=0xB0] => true,
            [0x8E, 0xA1..=0xB0, 0xA1..=0xFE] => true,
            _ => false,
        },
        _ => false,
    }
}

/// Whether some trail byte completes `lead` to a character of `charset` (a two-byte
/// code): rows and lead bytes a decoder rejects only with what follows them (EUC-TW's
/// empty rows, Johab's gaps) are known only by trying. Memoized per charset and lead.
fn completable(charset: Charset, lead: u8) -> bool {
    use std::sync::atomic::{AtomicU8, Ordering};
    const UNKNOWN: u8 = 2;
    static MEMO: [[AtomicU8; 128]; 2] = [const { [const { AtomicU8::new(UNKNOWN) }; 128] }; 2];
    let which = match charset.name() {
        "Johab" => 0,
        "EUC-TW" => 1,
        _ => return false,
    };
    let Some(slot) = MEMO[which].get(usize::from(lead.wrapping_sub(0x80))) else {
        return false;
    };
    match slot.load(Ordering::Relaxed) {
        UNKNOWN => {}
        known => return known == 1,
    }
    let found = (0x30..=0xFEu8).any(|trail| charset.decode_strict(&[lead, trail]).is_some());
    slot.store(u8::from(found), Ordering::Relaxed);
    found
}

/// A length near `want` that ends just after a space (never inside a multi-byte char).
fn cut_at_space(bytes: &[u8], want: usize) -> usize {
    if bytes.len() <= want {
        return bytes.len();
    }
    bytes[want..]
        .iter()
        .position(|&b| b == b' ')
        .map_or(bytes.len(), |p| want + p + 1)
}

/// One reading of the bytes in the contest.
struct Reading {
    name: &'static str,
    charset: Charset,
    score: f64,
    text: String,
    /// `reads::excess_bits` of the text.
    lang: Option<f64>,
}

/// `utf8_tail`: the input is ASCII but for a UTF-8 character cut off at its end, read as
/// this character; UTF-8 is then a candidate too.
fn contest(bytes: &[u8], options: &DetectOptions, utf8_tail: Option<char>) -> Detection {
    let wide = sample(bytes, SAMPLE_LIMIT);
    let narrow = words(&wide, FULL_SCORE_LIMIT);
    let high = narrow.iter().filter(|&&b| b >= 0x80).count() as f64;
    // A first look at a quarter of the sample: readings far behind there are dropped.
    let quick_len = cut_at_space(&narrow, FULL_SCORE_LIMIT / 4);
    let quick = &narrow[..quick_len];
    let chardetng_guess =
        chardetng_guess(&narrow[..narrow.len().min(CHARDETNG_LIMIT)], options.hint);
    let hinted = options.hint.map(hinted_encodings).unwrap_or(&[]);
    let declared = if options.use_declared {
        declared_charset(bytes)
    } else {
        None
    };

    // (Vectors here are sized up front: on short inputs growing them was a real share of
    // the time.)
    let mut candidates: Vec<(&'static str, f64, Charset)> =
        Vec::with_capacity(SINGLE_BYTE.len() + MULTI_BYTE.len() + 3);
    if looks_ebcdic(&narrow) {
        candidates.extend_from_slice(resolved(EBCDIC));
    } else {
        candidates.extend_from_slice(resolved(SINGLE_BYTE));
        candidates.extend_from_slice(resolved(MULTI_BYTE));
        if bytes.len().is_multiple_of(2) && narrow.len() == bytes.len() {
            candidates.extend_from_slice(resolved(&[("UTF-16LE", 6.0), ("UTF-16BE", 6.0)]));
        }
    }
    if utf8_tail.is_some() {
        candidates.push(("UTF-8", 0.0, Charset::UTF_8));
    }
    if let Some(d) = declared
        && !candidates.iter().any(|c| c.0 == d)
        && let Some(charset) = Charset::for_label(d)
    {
        candidates.push((d, 2.0, charset));
    }
    let favoured = |name: &str| {
        Some(name) == chardetng_guess || Some(name) == declared || hinted.contains(&name)
    };

    // Stage 1: single-byte pages by a unigram cost over the byte histogram (cheap), the
    // best few go on; pages that agree on every byte present are one reading.
    let mut histogram = [0usize; 256];
    // How often each byte sits next to an ASCII letter: a letter of another script
    // there is a script switch inside a word.
    let mut glued = [0usize; 256];
    for (i, &b) in wide.iter().enumerate() {
        histogram[b as usize] += 1;
        if b >= 0x80 {
            let prev = i.checked_sub(1).map(|j| wide[j]);
            let next = wide.get(i + 1).copied();
            if prev.is_some_and(|p| p.is_ascii_alphabetic())
                || next.is_some_and(|n| n.is_ascii_alphabetic())
            {
                glued[b as usize] += 1;
            }
        }
    }
    let scale = narrow.len() as f64 / wide.len().max(1) as f64;
    let mut singles: Vec<(f64, &'static str, f64, Charset)> = Vec::with_capacity(candidates.len());
    let mut seen_pages: Vec<&'static crate::charset::SingleBytePage> =
        Vec::with_capacity(candidates.len());
    let mut others: Vec<(&'static str, f64, Charset)> = Vec::with_capacity(candidates.len());
    let present: Vec<u8> = (0..=255u8).filter(|&b| histogram[b as usize] > 0).collect();
    let present_high = &present[present.partition_point(|&b| b < 0x80)..];
    let mut letters = Letters::new();
    for &(name, prior, charset) in &candidates {
        let Some(page) = charset.single_byte() else {
            others.push((name, prior, charset));
            continue;
        };
        if seen_pages.iter().any(|p| {
            // Two ASCII-compatible pages read every ASCII byte alike.
            let differ = if p.is_ascii_compatible() && page.is_ascii_compatible() {
                present_high
            } else {
                &present[..]
            };
            differ
                .iter()
                .all(|&b| p.decode_byte(b) == page.decode_byte(b))
        }) {
            continue;
        }
        seen_pages.push(page);
        let mut unigram = 0.0;
        letters.clear();
        // The bytes present, in ascending order (the order the sum was always taken in);
        // an ASCII-compatible page adds nothing for the ASCII ones.
        let priced = if page.is_ascii_compatible() {
            present_high
        } else {
            &present[..]
        };
        for &byte in priced {
            let b = usize::from(byte);
            let n = histogram[b];
            // ASCII reads alike in every page that maps it to itself (VISCII does for all
            // but six C0 controls, though it is not ASCII-compatible as a whole).
            if n == 0
                || (b < 0x80
                    && (page.is_ascii_compatible()
                        || page.decode_byte(byte) == Some(char::from(byte))))
            {
                continue;
            }
            match page.decode_byte(byte) {
                Some(c) => {
                    unigram += unigram_cost(c, false) * n as f64;
                    if foreign_letter(c) {
                        unigram += GLUED_FOREIGN_LETTER_COST * glued[b] as f64;
                    }
                    count_letter(&mut letters, c, n);
                }
                None => unigram += INVALID_RUN_COST * n as f64,
            }
        }
        unigram += alphabet_cost(&letters);
        singles.push((unigram * scale + prior, name, prior, charset));
    }
    singles.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut finalists: Vec<(&'static str, f64, Charset)> =
        Vec::with_capacity(singles.len() + others.len());
    let best_unigram = singles.first().map_or(0.0, |s| s.0);
    let high_wide = wide.iter().filter(|&&b| b >= 0x80).count() as f64 * scale;
    for (i, (unigram, name, prior, charset)) in singles.iter().enumerate() {
        let close = *unigram <= best_unigram + STAGE1_MARGIN_PER_CHAR * high_wide + STAGE1_MARGIN;
        // With few non-ASCII bytes the pages barely differ on letters: let all close ones on.
        let few = high_wide < 64.0;
        if ((i < STAGE1_KEEP || few) && close) || favoured(name) {
            finalists.push((name, *prior, *charset));
        }
    }
    finalists.extend(others);

    // Stage 2a: score a quarter of the sample; keep the readings close to the best.
    if quick_len < narrow.len() && finalists.len() > 3 {
        let quick_scores: Vec<f64> = finalists
            .iter()
            .map(|(_, _, charset)| {
                let d = charset.decode(quick);
                let (model_cost, letters_cost) = model_and_letter_cost(&d.text, &mut letters);
                f64::from(model_cost) + letters_cost + d.undecodable.len() as f64 * INVALID_RUN_COST
            })
            .collect();
        let best = quick_scores.iter().copied().fold(f64::INFINITY, f64::min);
        let keep: Vec<bool> = finalists
            .iter()
            .zip(&quick_scores)
            .map(|((name, _, _), &q)| q <= best + QUICK_MARGIN || favoured(name))
            .collect();
        let mut it = keep.iter();
        finalists.retain(|_| *it.next().unwrap_or(&true));
    }
    // Stage 2: decode the sample with each finalist and score the text.
    let mut readings: Vec<Reading> = Vec::with_capacity(finalists.len());
    let mut tails = AsciiTails::default();
    for (name, prior, charset) in finalists {
        let mut decoded: Decoded = charset.decode(&narrow);
        // A character cut off at the end (a prefix; the sample's end is the input's, or
        // a cut of the sample's own) is no evidence against the reading: not an invalid
        // run. Its U+FFFD stays, priced by the text model as an odd character (a rare
        // character is that to it; completing it with the cheapest character its lead
        // allows instead flattered misreadings of Thai or Hebrew as CJK). UTF-8's, in
        // otherwise-ASCII input, is completed (`utf8_completion`).
        if charset.single_byte().is_none()
            && decoded.text.ends_with('\u{FFFD}')
            && cut_tail(charset, &narrow, &decoded.undecodable).is_some()
        {
            if charset == Charset::UTF_8
                && let Some(c) = utf8_tail
            {
                decoded.text.pop();
                decoded.text.push(c);
            }
            decoded.undecodable.pop();
        }
        let runs = decoded.undecodable.len() as f64;
        // Hopeless multi-byte readings (a sixth of the non-ASCII bytes invalid) drop out.
        if runs * 6.0 > high.max(1.0) && charset.single_byte().is_none() {
            continue;
        }
        let (model_cost, letters_cost, odd) = read_text(&decoded.text, &mut letters, &mut tails);
        let lone_trails = if charset.single_byte().is_none() {
            lone_letter_trails(charset, &narrow)
        } else {
            0
        };
        let mut score = f64::from(model_cost)
            + lone_trails as f64 * LONE_LETTER_TRAIL_COST
            + joiners_in_latin_words(&decoded.text) as f64 * SYMBOL_IN_WORD_COST
            + letters_cost
            + odd.isolated_cjk as f64 * ISOLATED_CJK_COST
            + odd.symbols_in_words as f64 * SYMBOL_IN_WORD_COST
            - odd.script_marks as f64 * SCRIPT_MARK_CREDIT
            + odd.odd_thai as f64 * ODD_THAI_COST
            + odd.vowel_crowds as f64 * VOWEL_CROWD_COST
            + odd.misplaced as f64 * MISPLACED_COST
            + runs * INVALID_RUN_COST
            + prior;
        if Some(name) == chardetng_guess {
            score -= (CHARDETNG_BONUS_PER_CHAR * high).min(CHARDETNG_BONUS_MAX);
        }
        if hinted.contains(&name) {
            score -= (HINT_BONUS_PER_CHAR * high).min(HINT_BONUS_MAX);
        }
        if Some(name) == declared && runs == 0.0 {
            score -= (DECLARED_BONUS_PER_CHAR * high).min(DECLARED_BONUS_MAX);
        }
        readings.push(Reading {
            name: charset.name(),
            charset,
            score,
            text: decoded.text,
            lang: None,
        });
    }
    // The language term (`reads`): how much worse each reading reads as a language than
    // the best-reading one, so readings the model cannot price stay neutral. Capped: it
    // decides between close readings (short inputs, look-alike pages), but where the text
    // model already has a clear margin it must not overturn it, since the profiles miss
    // some real bigrams (Italian `hé` of `perché`, `rà`). Readings too far behind to come
    // within the cap of the best are not priced (they could not win, and their softmax
    // weight is under 1% either way).
    let best_base = readings
        .iter()
        .map(|r| r.score)
        .fold(f64::INFINITY, f64::min);
    let cap = LANGUAGE_CAP.max(LANGUAGE_CAP_SHARE * best_base);
    let priced: Vec<usize> = (0..readings.len())
        .filter(|&i| readings[i].score <= best_base + cap + LANGUAGE_WINDOW)
        .collect();
    let texts: Vec<&str> = priced.iter().map(|&i| readings[i].text.as_str()).collect();
    let bits = reads::excess_bits_many(&texts);
    for (&i, lang) in priced.iter().zip(bits) {
        if let Some(r) = readings.get_mut(i) {
            r.lang = lang;
        }
    }
    let best_lang = readings
        .iter()
        .filter_map(|r| r.lang)
        .fold(f64::INFINITY, f64::min);
    let debug = std::env::var_os("MOJIFIX_DEBUG_DETECT").is_some();
    for r in &mut readings {
        if let Some(l) = r.lang {
            r.score += (LANGUAGE_WEIGHT * (l - best_lang)).min(cap);
        }
        if debug {
            eprintln!(
                "  {:16} {:9.1} lang={:?} {:?}",
                r.name,
                r.score,
                r.lang,
                r.text
                    .chars()
                    .filter(|c| !c.is_ascii())
                    .take(40)
                    .collect::<String>()
            );
        }
    }
    readings.sort_by(|a, b| a.score.total_cmp(&b.score));
    // Readings of the same text pool their weight under the best-placed name.
    let mut pooled: Vec<(usize, f64)> = Vec::with_capacity(readings.len());
    let best_score = readings.first().map_or(0.0, |r| r.score);
    // FNV-1a: only a quick inequality test before the texts are compared, so any hash
    // gives the same pools, and SipHash's setup is most of the cost on short texts.
    let hashes: Vec<u64> = readings
        .iter()
        .map(|r| {
            r.text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            })
        })
        .collect();
    for (i, r) in readings.iter().enumerate() {
        let w = (-(r.score - best_score) / TEMPERATURE).exp();
        match pooled
            .iter_mut()
            .find(|(j, _)| hashes[*j] == hashes[i] && readings[*j].text == r.text)
        {
            Some(slot) => slot.1 += w,
            None => pooled.push((i, w)),
        }
    }
    let total: f64 = pooled.iter().map(|p| p.1).sum();
    let Some(&(best, best_w)) = pooled.first() else {
        return Detection::sure(chardetng_guess.unwrap_or("windows-1252"), 0.3);
    };
    let winner = &readings[best];
    let mut detection = Detection::sure(winner.name, (best_w / total).clamp(0.0, 1.0));
    (detection.invalid, detection.truncated) = invalid_runs(winner.charset, bytes);
    let (script, language) = describe(&winner.text);
    detection.script = script;
    detection.language = language;
    detection.alternatives = pooled
        .iter()
        .skip(1)
        .take(4)
        .map(|&(i, w)| (readings[i].name, w / total))
        .collect();
    detection
}

/// Stage 1's cost of one character read from a byte: the text model's character cost
/// and the letter-frequency term, plus the script switch when it is a non-Latin letter
/// glued to an ASCII letter.
fn unigram_cost(c: char, glued: bool) -> f64 {
    let glue = if glued && foreign_letter(c) {
        GLUED_FOREIGN_LETTER_COST
    } else {
        0.0
    };
    f64::from(model::classify(c).cost) + letter_cost_char(c) + glue
}

/// A letter outside the Latin blocks: beside an ASCII letter it is a script switch.
fn foreign_letter(c: char) -> bool {
    alpha::is_alphabetic(c)
        && !(0xC0..=0x24F).contains(&(c as u32))
        && !(0x1E00..=0x1EFF).contains(&(c as u32))
}

/// The candidates of a list with their charsets, looked up once per process (and kept
/// for its life: there are four lists).
fn resolved(list: &'static [(&'static str, f64)]) -> &'static [(&'static str, f64, Charset)] {
    type Cache = Vec<(usize, &'static [(&'static str, f64, Charset)])>;
    static CACHE: std::sync::OnceLock<std::sync::Mutex<Cache>> = std::sync::OnceLock::new();
    let key = list.as_ptr() as usize;
    let cache = CACHE.get_or_init(Default::default);
    let mut guard = match cache.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some((_, v)) = guard.iter().find(|(k, _)| *k == key) {
        return v;
    }
    let v: &'static [(&'static str, f64, Charset)] = Vec::leak(
        list.iter()
            .filter_map(|&(name, prior)| Charset::for_label(name).map(|c| (name, prior, c)))
            .collect(),
    );
    guard.push((key, v));
    v
}

fn chardetng_guess(bytes: &[u8], hint: Option<&str>) -> Option<&'static str> {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let tld = hint
        .map(|h| h.rsplit('.').next().unwrap_or(h))
        .filter(|t| t.len() == 2 && t.bytes().all(|b| b.is_ascii_lowercase()))
        .map(str::as_bytes);
    let guess = detector.guess(tld, Utf8Detection::Deny);
    Some(Charset::from_encoding(guess).name())
}

/// Encodings a hint points to. Accepts TLDs (`ru`, `jp`, `com.tw`) and language codes
/// (`uk`, `ja`, `zh-TW`), case-insensitive.
fn hinted_encodings(hint: &str) -> &'static [&'static str] {
    let hint = hint.trim().to_ascii_lowercase();
    let key = hint.rsplit('.').next().unwrap_or(&hint);
    const CYRILLIC: &[&str] = &[
        "windows-1251",
        "KOI8-R",
        "KOI8-U",
        "IBM866",
        "ISO-8859-5",
        "x-mac-cyrillic",
        "IBM855",
    ];
    match key {
        "ru" | "su" | "by" | "be" | "ua" | "uk" | "bg" | "mk" | "rs" | "sr" | "mn" => CYRILLIC,
        "kz" | "kk" => &["windows-1251", "KZ-1048", "PTCP154"],
        "jp" | "ja" => &["Shift_JIS", "EUC-JP"],
        "cn" | "zh" | "zh-cn" | "zh-hans" => &["GBK"],
        "tw" | "hk" | "mo" | "zh-tw" | "zh-hk" | "zh-hant" => &["Big5", "EUC-TW"],
        "kr" | "ko" => &["EUC-KR", "Johab"],
        "gr" | "el" | "cy" => &["windows-1253", "ISO-8859-7", "IBM869"],
        "tr" | "az" => &["windows-1254", "IBM857"],
        "il" | "he" | "iw" => &["windows-1255"],
        "sa" | "ar" | "eg" | "ir" | "fa" | "ae" | "iq" | "sy" | "ma" | "dz" => {
            &["windows-1256", "ISO-8859-6"]
        }
        "th" => &["windows-874"],
        "vn" | "vi" => &["windows-1258", "VISCII"],
        "pl" | "cz" | "cs" | "sk" | "hu" | "ro" | "si" | "sl" | "hr" | "ba" | "al" | "sq" => {
            &["windows-1250", "ISO-8859-2", "IBM852", "x-mac-ce"]
        }
        "lt" | "lv" | "ee" | "et" => &["windows-1257", "ISO-8859-4", "ISO-8859-13", "IBM775"],
        "de" | "at" | "ch" | "fr" | "es" | "it" | "pt" | "br" | "nl" | "dk" | "da" | "se"
        | "sv" | "no" | "nb" | "fi" | "is" | "en" | "us" | "gb" | "ie" | "ca" | "mx" | "ar-es" => {
            &["windows-1252", "macintosh"]
        }
        _ => &[],
    }
}

/// A charset the document declares in its first kilobyte: `<?xml … encoding="X"?>`,
/// `<meta charset="X">` or `content="text/html; charset=X"`. Read the WHATWG way
/// (`iso-8859-1` means windows-1252), as browsers do.
fn declared_charset(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    for key in [&b"encoding="[..], b"charset="] {
        let Some(at) = memchr::memmem::find(&lower, key) else {
            continue;
        };
        let rest = &lower[at + key.len()..];
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let end = rest
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b"-_.:".contains(&b)))
            .unwrap_or(rest.len());
        let label = std::str::from_utf8(&rest[..end]).ok()?;
        if label.is_empty() {
            continue;
        }
        if let Some(e) = encoding_rs::Encoding::for_label(label.as_bytes())
            && e != encoding_rs::REPLACEMENT
            && e != encoding_rs::UTF_16LE
            && e != encoding_rs::UTF_16BE
        {
            return Some(Charset::from_encoding(e).name());
        }
        return Charset::for_label(label).map(|c| c.name());
    }
    None
}

/// Letter-frequency cost of one character, which the text model does not have:
/// in an alphabet, rare letters cost more than common ones, so two code pages that both
/// give Cyrillic (or Greek) letters are told apart by which letters they give. Ranks are
/// from Russian/Ukrainian/Bulgarian and Greek letter frequencies (common knowledge).
fn letter_cost_char(c: char) -> f64 {
    // A table for the only range that costs anything: this runs for every letter of
    // every candidate reading, and the Greek test is a string search.
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let cp = c as u32;
    if !(0x370..=0x4FF).contains(&cp) {
        return 0.0;
    }
    let table = TABLE.get_or_init(|| {
        (0x370..=0x4FF)
            .map(|cp| char::from_u32(cp).map_or(0.0, letter_cost_char_uncached))
            .collect()
    });
    table.get((cp - 0x370) as usize).copied().unwrap_or(0.0)
}

fn letter_cost_char_uncached(c: char) -> f64 {
    // Russian/Ukrainian/Bulgarian letter ranks for а..я (U+0430..): 0 common, 1 less so.
    const CYRILLIC_RANK: [u8; 32] = [
        0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
        0, // а б в г д е ж з и й к л м н о п
        0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1,
        0, // р с т у ф х ц ч ш щ ъ ы ь э ю я
    ];
    const GREEK_COMMON: &str = "αοιετσνηυρπκμλωάέίόήύώςδγ";
    let cp = c as u32;
    if !(0x370..=0x4FF).contains(&cp) {
        return 0.0;
    }
    let lower = fast_lower(c);
    let upper_extra = if lower != c { 0.5 } else { 0.0 };
    let l = lower as u32;
    let base = match l {
        0x430..=0x44F => f64::from(CYRILLIC_RANK[(l - 0x430) as usize]),
        0x451 | 0x456 | 0x457 | 0x454 | 0x491 => 1.0, // ё і ї є ґ
        // Kazakh ғ қ ң ү ұ һ ә ө: the text model prices them as rare extended
        // Cyrillic (it knows Russian best); in Kazakh they are everyday letters.
        0x493 | 0x49B | 0x4A3 | 0x4AF | 0x4B1 | 0x4BB | 0x4D9 | 0x4E9 => -2.0,
        0x400..=0x4FF => 2.5,
        _ if GREEK_COMMON.contains(lower) => 0.0,
        _ => 1.0,
    };
    base + upper_extra
}

/// Non-ASCII lowercase letters of the alphabets text in these code pages is written in.
/// A reading whose letters no single alphabet holds is mojibake-like: `ý þ ð` (Turkish
/// read as windows-1252) or `õ û` beside `á ö` (Hungarian read as windows-1252).
const ALPHABETS: &[&str] = &[
    "àâæçéèêëîïôœùûüÿ",                                          // French
    "äöüßé",                                                     // German
    "áéíñóúü",                                                   // Spanish
    "áâãàçéêíóôõú",                                              // Portuguese
    "àèéìíîòóùú",                                                // Italian
    "àçèéíïòóúü",                                                // Catalan
    "äéëïóöü",                                                   // Dutch
    "æøåéó",                                                     // Danish, Norwegian
    "åäöéšž",                                                    // Swedish, Finnish
    "áðéíóúýþæö",                                                // Icelandic
    "ąćęłńóśźż",                                                 // Polish
    "áčďéěíňóřšťúůýž",                                           // Czech
    "áäčďéíĺľňóôŕšťúýž",                                         // Slovak
    "áéíóöőúüű",                                                 // Hungarian
    "ăâîșțşţ",                                                   // Romanian
    "čćđšžäöü",                                                  // Croatian, Slovene, Bosnian
    "çë",                                                        // Albanian
    "çğıöşüâî",                                                  // Turkish
    "ąčęėįšųūž",                                                 // Lithuanian
    "āčēģīķļņšūž",                                               // Latvian
    "äöõüšž",                                                    // Estonian
    "ċġħż",                                                      // Maltese
    "àáâãèéêìíòóôõùúýăđĩũơư\u{300}\u{301}\u{303}\u{309}\u{323}", // Vietnamese
    "абвгдежзийклмнопрстуфхцчшщъыьэюяё",                         // Russian
    "абвгдежзийклмнопрстуфхцчшщьюяіїєґ",                         // Ukrainian
    "абвгдежзйклмнопрстуфхцчшыьэюяёіў",                          // Belarusian
    "абвгдежзийклмнопрстуфхцчшщъьюя",                            // Bulgarian
    "абвгдђежзијклљмнњопрстћуфхцчџш",                            // Serbian
    "абвгдѓежзѕијклљмнњопрстќуфхцчџш",                           // Macedonian
    "абвгдежзийклмнопрстуфхцчшщъыьэюяёәғқңөұүһі",                // Kazakh
    "абвгдежзийклмнопрстуфхцчшщъыьэюяёүңө",                      // Kyrgyz, Tatar, Bashkir (core)
    "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώςϊϋΐΰ",                      // Greek
];
/// A Han or Hangul character glued to ASCII letters with no CJK neighbour: what a
/// multi-byte decoder makes of a Latin text's accented letters (`Győr` read as Johab).
const ISOLATED_CJK_COST: f64 = 12.0;

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF)
}

#[cfg(test)] // The contest counts with `Oddities`; the reference for its test.
fn isolated_cjk(text: &str) -> usize {
    let mut count = 0;
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        if is_cjk(c)
            && !prev.is_some_and(is_cjk)
            && !next.is_some_and(is_cjk)
            && (prev.is_some_and(|c| c.is_ascii_alphabetic())
                || next.is_some_and(|c| c.is_ascii_alphabetic()))
        {
            count += 1;
        }
        prev = Some(c);
    }
    count
}

/// A double-byte character standing alone among ASCII whose trail byte is an ASCII letter
/// (`ANM, \xEEn weekend`: Romanian `în` read as the Shift_JIS kanji `絜`): the letter
/// it took was more likely the end of a Latin word with an accented letter. Real CJK text
/// has such characters too (a lone Hangul syllable, a kanji in a romaji list), but beside
/// many more in runs, so they are charged only while they outnumber those.
const LONE_LETTER_TRAIL_COST: f64 = 12.0;

/// How many double-byte characters of `bytes` read in `charset` are CJK letters standing
/// alone (ASCII or the edge on both sides) with an ASCII letter as their trail byte, when
/// there are more of them than double-byte characters beside another non-ASCII
/// character and the bytes hold a Latin word (three ASCII letters in a row); else 0. Only
/// the encodings whose trail bytes reach into ASCII letters have any.
fn lone_letter_trails(charset: Charset, bytes: &[u8]) -> usize {
    let name = charset.name();
    let sjis = name == "Shift_JIS";
    let gb18030 = name == "gb18030" || name == "GBK";
    if !matches!(
        name,
        "Shift_JIS" | "GBK" | "gb18030" | "Big5" | "EUC-KR" | "Johab"
    ) {
        return 0;
    }
    let (mut lone, mut beside) = (0usize, 0usize);
    // Whether the character before the current one was non-ASCII (and counted beside).
    let mut prev_high = false;
    // The ASCII letters in a row so far, and whether some run made a word of three.
    let (mut letters, mut latin_word) = (0usize, false);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            letters = if b.is_ascii_alphabetic() {
                letters + 1
            } else {
                0
            };
            latin_word |= letters >= 3;
            prev_high = false;
            i += 1;
            continue;
        }
        letters = 0;
        // The length of the character this byte starts, as the decoder reads it.
        let len = match bytes.get(i + 1) {
            _ if sjis && (0xA1..=0xDF).contains(&b) => 1,
            Some(n) if gb18030 && n.is_ascii_digit() => 4,
            Some(&n) if n >= 0x40 => 2,
            _ => 1,
        };
        let next_high = bytes.get(i + len).is_some_and(|&n| n >= 0x80);
        if len == 2 && !prev_high && !next_high {
            // A letter: symbols such as `【】` stand among ASCII in real text.
            if bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
                && bytes.get(i..i + 2).is_some_and(|pair| {
                    charset
                        .decode_strict(pair)
                        .is_some_and(|t| t.chars().all(is_cjk))
                })
            {
                lone += 1;
            }
        } else {
            beside += 1;
        }
        prev_high = true;
        i += len;
    }
    // Without a Latin word around there is no Latin text to have lost a letter (a CJK
    // chat line of punctuation and lone characters).
    if lone > beside && latin_word { lone } else { 0 }
}

/// Each side of a zero-width joiner or non-joiner or a direction mark (U+200C–U+200F)
/// that touches a Latin letter: they shape Arabic and Indic words and emoji, so inside a
/// Latin word (`odr\u{200D}an`) they are another page's letter on that byte (windows-1256
/// for `održan` in windows-1250). Priced as a symbol in a word.
fn joiners_in_latin_words(text: &str) -> usize {
    // All four are E2 80 8C–8F in UTF-8: most texts have none, found by memchr.
    let bytes = text.as_bytes();
    if !memchr::memchr_iter(0xE2, bytes).any(|i| {
        bytes.get(i + 1) == Some(&0x80)
            && bytes.get(i + 2).is_some_and(|b| (0x8C..=0x8F).contains(b))
    }) {
        return 0;
    }
    let latin = |c: Option<char>| {
        c.is_some_and(|c| {
            c.is_ascii_alphabetic()
                || (alpha::is_alphabetic(c) && model::classify(c).script == model::Script::Latin)
        })
    };
    let mut count = 0;
    let mut prev = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '\u{200C}'..='\u{200F}') {
            count += usize::from(latin(prev)) + usize::from(latin(chars.peek().copied()));
        }
        prev = Some(c);
    }
    count
}

/// A non-ASCII symbol between two letters (`Ð³÷Ø`, `Blanchard÷s`): mojibake's mark.
/// Quotes, dashes and the middle dot are left alone (`Blanchard’s`, `l·l`).
const SYMBOL_IN_WORD_COST: f64 = 8.0;

#[cfg(test)] // The contest counts with `Oddities`; the reference for its test.
fn symbols_in_words(text: &str) -> usize {
    use model::Kind;
    let mut count = 0;
    let mut prev: [Option<Kind>; 2] = [None, None];
    let mut middle = '\0';
    for c in text.chars() {
        let kind = if c.is_ascii() {
            if c.is_ascii_alphabetic() {
                Some(Kind::Letter)
            } else {
                Some(Kind::Punct)
            }
        } else {
            Some(model::classify(c).kind)
        };
        // A non-ASCII symbol with a letter on either side; twice when on both.
        if matches!(prev[1], Some(Kind::Symbol)) && !middle.is_ascii() {
            count += usize::from(prev[0] == Some(Kind::Letter));
            count += usize::from(kind == Some(Kind::Letter));
        }
        prev = [prev[1], kind];
        middle = c;
    }
    count
}

/// Three or more vowels in a row, one of them an accented Latin vowel: Slavic `č ě š ď`
/// read through a Western page become vowels beside vowels (`Zaèo`, `rodièom`,
/// `pooątrili`). Real text has such runs too (`creía`, `aïeul`), far more rarely.
const VOWEL_CROWD_COST: f64 = 4.0;

/// Whether `c`, lowercased, is an ASCII vowel, and whether it is a non-ASCII char whose
/// lowercase is an accented Latin vowel.
fn vowel_class(c: char) -> (bool, bool) {
    const ACCENTED: &str = "àáâãäåæèéêëìíîïòóôõöøùúûüýÿāăąēĕėęěīĭįıōŏőœūŭůűų";
    let uncached = |c: char| {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let ascii_vowel = matches!(lower, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        (ascii_vowel, !c.is_ascii() && ACCENTED.contains(lower))
    };
    if c.is_ascii() {
        return (
            matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y'),
            false,
        );
    }
    // Memoized: the general lowercase tables are slow, and every reading of a sample
    // asks about the same few hundred characters. 0 = not yet known.
    use std::sync::atomic::{AtomicU8, Ordering};
    static MEMO: [AtomicU8; 0x10000] = [const { AtomicU8::new(0) }; 0x10000];
    let Some(slot) = MEMO.get(c as usize) else {
        return uncached(c);
    };
    let known = slot.load(Ordering::Relaxed);
    if known != 0 {
        return (known & 2 != 0, known & 4 != 0);
    }
    let (ascii_vowel, accented_vowel) = uncached(c);
    slot.store(
        1 | u8::from(ascii_vowel) << 1 | u8::from(accented_vowel) << 2,
        Ordering::Relaxed,
    );
    (ascii_vowel, accented_vowel)
}

/// Maximal runs of ≥ 3 Latin vowels holding an accented one.
#[cfg(test)] // The contest counts with `Oddities`; the reference for its test.
fn vowel_crowds(text: &str) -> usize {
    let mut count = 0;
    let mut run = 0;
    let mut accented = false;
    for c in text.chars().chain(std::iter::once(' ')) {
        let (ascii_vowel, accented_vowel) = vowel_class(c);
        if ascii_vowel || accented_vowel {
            run += 1;
            accented |= accented_vowel;
        } else {
            if run >= 3 && accented {
                count += 1;
            }
            run = 0;
            accented = false;
        }
    }
    count
}

/// Letters and quotes where the language would not put them: a word that starts with
/// `ą ę ų` (Polish and Lithuanian write them inside words: `nepoąteno` is `nepošteno`
/// read through windows-1250), `ì` before most letters (`Tìch` is `Těch`), `ě` after
/// letters Czech does not write it after (`cosě` is `così`), and, counted
/// twice, a low opening quote `‚ „` before a space (`‚ гимназии` is x-mac-cyrillic `В`
/// read as windows-1251).
const MISPLACED_COST: f64 = 4.0;

#[cfg(test)] // The contest counts with `Oddities`; the reference for its test.
fn misplaced(text: &str) -> usize {
    let mut count = 0;
    let mut prev = ' ';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, 'ą' | 'ę' | 'ų' | 'Ą' | 'Ę' | 'Ų') && !alpha::is_alphabetic(prev) {
            count += 1;
        }
        let next = chars.peek().copied();
        if matches!(c, '\u{201A}' | '\u{201E}') && next.is_none_or(|n| n.is_whitespace()) {
            count += 2;
        }
        // `ì` ends Italian words (`così`) and comes before `n m` in Vietnamese (`mình`,
        // `tìm`); before another letter it is mostly Czech `ě` read as windows-1252.
        if matches!(c, 'ì' | 'Ì')
            && next.is_some_and(|n| alpha::is_alphabetic(n) && !matches!(n, 'n' | 'm' | 'N' | 'M'))
        {
            count += 1;
        }
        if matches!(c, 'ě' | 'Ě') && !czech_e_caron_follows(prev) {
            count += 1;
        }
        prev = c;
    }
    count
}

/// Whether Czech writes `ě` after `prev`: only after the labials and `d t n` (`město`,
/// `děti`, `něco`); after any other char `ě` is mostly another page's letter on its byte
/// (`cosě` is Italian `così` read as windows-1250).
fn czech_e_caron_follows(prev: char) -> bool {
    matches!(
        prev.to_ascii_lowercase(),
        'b' | 'd' | 'f' | 'm' | 'n' | 'p' | 't' | 'v'
    )
}

/// Thai letters that modern text does not use (ฃ ฅ obsolete, ฦ, ๅ lakkhangyao, the
/// ๏ ๚ ๛ marks) and Thai digits glued to Thai letters: what a Thai page makes of
/// another script's bytes.
const ODD_THAI_COST: f64 = 8.0;

#[cfg(test)] // The contest counts with `Oddities`; the reference for its test.
fn odd_thai(text: &str) -> usize {
    let thai_digit = |c: char| matches!(c as u32, 0xE50..=0xE59);
    let mut count = 0;
    let mut prev = '\0';
    for c in text.chars() {
        if matches!(
            c as u32,
            0xE03 | 0xE05 | 0xE26 | 0xE45 | 0xE4F | 0xE5A | 0xE5B
        ) {
            count += 1;
        }
        // Thai digits glued to any letter: `Lietuvi๘` is windows-1257 read as windows-874.
        if (thai_digit(c) && alpha::is_alphabetic(prev))
            || (alpha::is_alphabetic(c) && thai_digit(prev))
        {
            count += 1;
        }
        prev = c;
    }
    count
}

/// Thai vowel signs, Hebrew points and Arabic harakat after a letter of their own script
/// are how those scripts are written; the text model prices every combining mark
/// as unusual (it was built for Latin mojibake), so the contest gives most of that back.
const SCRIPT_MARK_CREDIT: f64 = 4.0;

#[cfg(test)] // The contest counts with `Oddities`; the reference for its test.
fn script_marks(text: &str) -> usize {
    let block = |c: char| match c as u32 {
        0xE00..=0xE7F => 1,
        0x590..=0x5FF => 2,
        0x600..=0x6FF => 3,
        _ => 0,
    };
    let is_mark = |c: char| matches!(c as u32, 0xE31 | 0xE34..=0xE3A | 0xE47..=0xE4E | 0x591..=0x5C7 | 0x64B..=0x65F | 0x670);
    let mut count = 0;
    let mut prev = '\0';
    for c in text.chars() {
        if is_mark(c) && block(c) != 0 && block(prev) == block(c) {
            count += 1;
        }
        prev = c;
    }
    count
}

/// The counts of `isolated_cjk`, `symbols_in_words`, `script_marks`, `odd_thai`,
/// `vowel_crowds` and `misplaced`, taken in one pass over the text instead of six (each
/// reading of each contest is counted; on short inputs these passes were a good part of
/// the time). Each count is the function's exactly (test `one_pass_counts_as_the_functions`).
#[derive(Debug, Default, PartialEq)]
struct Oddities {
    isolated_cjk: usize,
    symbols_in_words: usize,
    script_marks: usize,
    odd_thai: usize,
    vowel_crowds: usize,
    misplaced: usize,
}

/// `model::cost` and `letter_cost` of `text` in one pass (`letters` is scratch).
fn model_and_letter_cost(text: &str, letters: &mut Letters) -> (i32, f64) {
    let mut coster = model::Coster::default();
    let mut letter_sum = 0.0;
    letters.clear();
    for c in text.chars() {
        coster.push(c);
        if (0xC0..=0x4FF).contains(&(c as u32)) {
            tally_letter(letters, &mut letter_sum, c);
        }
    }
    (coster.total, letter_sum + alphabet_cost(letters))
}

/// The state `read_text` carries from one character to the next.
#[derive(Clone, Copy)]
struct ScanState {
    coster: model::Coster,
    /// symbols_in_words': the kinds of the two chars before, the one before.
    kinds: [Option<model::Kind>; 2],
    middle: char,
    prev: Option<char>,
    /// vowel_crowds': the current run of vowels, and whether one is accented.
    run: usize,
    accented: bool,
}

/// What `read_text` found for the tail of an ASCII run (see `AsciiTails`): the counts it
/// adds and the state after it, and the whole run it is the tail of.
#[derive(Clone, Copy)]
struct TailEffect {
    /// Where the run's bytes sit in `AsciiTails::bytes`.
    start: usize,
    len: usize,
    model: i32,
    symbols_in_words: usize,
    odd_thai: usize,
    vowel_crowds: usize,
    after: ScanState,
}

/// The readings of one contest share most of their ASCII text. Inside a run of ASCII
/// characters, once the run has had two characters, one that is no capital and one that
/// is no vowel, `read_text`'s state no longer depends on what came before the run (the
/// last two chars are the run's, the capitals and vowel streaks were broken in it), so
/// what the rest of the run adds is the same in every reading that has the same run. It
/// is taken once per contest (remembered by the run's number in the text and checked by
/// the run's bytes) and added to the later readings: integer counts, so the sums are the
/// same.
#[derive(Default)]
struct AsciiTails {
    bytes: Vec<u8>,
    /// By run number (0 = the text's first ASCII run).
    effects: Vec<Option<TailEffect>>,
}

/// One pass over a reading's text: `model::cost`, `letter_cost` (with `letters` as its
/// scratch counter) and the `Oddities`, each exactly as computed alone. `tails` carries
/// the ASCII runs' share between the readings of one contest (`AsciiTails`).
fn read_text(text: &str, letters: &mut Letters, tails: &mut AsciiTails) -> (i32, f64, Oddities) {
    use model::Kind;
    let mut letter_sum = 0.0;
    letters.clear();
    let mut odd = Oddities::default();
    let mut st = ScanState {
        coster: model::Coster::default(),
        kinds: [None, None],
        middle: '\0',
        prev: None,
        run: 0,
        accented: false,
    };
    let thai_digit = |c: char| matches!(c as u32, 0xE50..=0xE59);
    let block = |c: char| match c as u32 {
        0xE00..=0xE7F => 1,
        0x590..=0x5FF => 2,
        0x600..=0x6FF => 3,
        _ => 0,
    };
    let is_mark = |c: char| matches!(c as u32, 0xE31 | 0xE34..=0xE3A | 0xE47..=0xE4E | 0x591..=0x5C7 | 0x64B..=0x65F | 0x670);
    // Most chars: of the counts only these can move for ASCII (no CJK, mark, Thai,
    // accented vowel or misplaced-letter test holds).
    let ascii_step = |c: char, st: &mut ScanState, odd: &mut Oddities| {
        st.coster.push(c);
        let kind = if c.is_ascii_alphabetic() {
            Some(Kind::Letter)
        } else {
            Some(Kind::Punct)
        };
        if matches!(st.kinds[1], Some(Kind::Symbol)) && !st.middle.is_ascii() {
            odd.symbols_in_words += usize::from(st.kinds[0] == Some(Kind::Letter));
            odd.symbols_in_words += usize::from(kind == Some(Kind::Letter));
        }
        st.kinds = [st.kinds[1], kind];
        st.middle = c;
        if st.prev.is_some_and(thai_digit) && c.is_ascii_alphabetic() {
            odd.odd_thai += 1;
        }
        if matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y') {
            st.run += 1;
        } else {
            if st.run >= 3 && st.accented {
                odd.vowel_crowds += 1;
            }
            st.run = 0;
            st.accented = false;
        }
        st.prev = Some(c);
    };
    let bytes = text.as_bytes();
    // The ASCII run the scan is in: its number, length so far, and whether it has had a
    // char that is no capital and one that is no vowel.
    let mut run_no: Option<usize> = None;
    let mut in_ascii = false;
    let (mut run_len, mut non_capital, mut non_vowel) = (0usize, false, false);
    let mut run_start = 0;
    let mut base = 0;
    'segments: while base < text.len() {
        let rest = &text[base..];
        let mut chars = rest.char_indices().peekable();
        while let Some((j, c)) = chars.next() {
            if c.is_ascii() {
                if !in_ascii {
                    in_ascii = true;
                    run_no = Some(run_no.map_or(0, |n| n + 1));
                    (run_len, non_capital, non_vowel) = (0, false, false);
                    run_start = base + j;
                }
                if run_len >= 2 && non_capital && non_vowel {
                    let i = base + j;
                    let end = bytes[i..]
                        .iter()
                        .position(|&b| !b.is_ascii())
                        .map_or(bytes.len(), |p| i + p);
                    let tail = &bytes[i..end];
                    // The whole run is compared: what comes before the tail in the run
                    // decides the state the tail starts in.
                    let whole = &bytes[run_start..end];
                    let k = run_no.unwrap_or(0);
                    let known = tails
                        .effects
                        .get(k)
                        .copied()
                        .flatten()
                        .filter(|e| tails.bytes.get(e.start..e.start + e.len) == Some(whole));
                    let effect = match known {
                        Some(e) => e,
                        None => {
                            let before = st;
                            let mut counts = Oddities::default();
                            for &b in tail {
                                ascii_step(char::from(b), &mut st, &mut counts);
                            }
                            let e = TailEffect {
                                start: tails.bytes.len(),
                                len: whole.len(),
                                model: st.coster.total - before.coster.total,
                                symbols_in_words: counts.symbols_in_words,
                                odd_thai: counts.odd_thai,
                                vowel_crowds: counts.vowel_crowds,
                                after: st,
                            };
                            st = before;
                            if tails.effects.len() <= k {
                                tails.effects.resize(k + 1, None);
                            }
                            if let Some(slot) = tails.effects.get_mut(k)
                                && slot.is_none()
                            {
                                tails.bytes.extend_from_slice(whole);
                                *slot = Some(e);
                            }
                            e
                        }
                    };
                    let total = st.coster.total + effect.model;
                    st = effect.after;
                    st.coster.total = total;
                    odd.symbols_in_words += effect.symbols_in_words;
                    odd.odd_thai += effect.odd_thai;
                    odd.vowel_crowds += effect.vowel_crowds;
                    base = end;
                    continue 'segments;
                }
                ascii_step(c, &mut st, &mut odd);
                run_len += 1;
                non_capital |= !c.is_ascii_uppercase();
                non_vowel |= !matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
                continue;
            }
            in_ascii = false;
            let next = chars.peek().map(|&(_, n)| n);
            let prev = st.prev;
            // isolated_cjk
            if is_cjk(c)
                && !prev.is_some_and(is_cjk)
                && !next.is_some_and(is_cjk)
                && (prev.is_some_and(|c| c.is_ascii_alphabetic())
                    || next.is_some_and(|c| c.is_ascii_alphabetic()))
            {
                odd.isolated_cjk += 1;
            }
            let info = st.coster.push(c);
            // letter_cost
            if (0xC0..=0x4FF).contains(&(c as u32)) {
                tally_letter(letters, &mut letter_sum, c);
            }
            // symbols_in_words
            let kind = Some(info.kind);
            if matches!(st.kinds[1], Some(Kind::Symbol)) && !st.middle.is_ascii() {
                odd.symbols_in_words += usize::from(st.kinds[0] == Some(Kind::Letter));
                odd.symbols_in_words += usize::from(kind == Some(Kind::Letter));
            }
            st.kinds = [st.kinds[1], kind];
            st.middle = c;
            // script_marks and odd_thai (the char before the first is NUL)
            let before = prev.unwrap_or('\0');
            if is_mark(c) && block(c) != 0 && block(before) == block(c) {
                odd.script_marks += 1;
            }
            if matches!(
                c as u32,
                0xE03 | 0xE05 | 0xE26 | 0xE45 | 0xE4F | 0xE5A | 0xE5B
            ) {
                odd.odd_thai += 1;
            }
            // (The cheap digit test first: it is false for almost every char.)
            if (thai_digit(c) && alpha::is_alphabetic(before))
                || (thai_digit(before) && alpha::is_alphabetic(c))
            {
                odd.odd_thai += 1;
            }
            // vowel_crowds
            let (ascii_vowel, accented_vowel) = vowel_class(c);
            if ascii_vowel || accented_vowel {
                st.run += 1;
                st.accented |= accented_vowel;
            } else {
                if st.run >= 3 && st.accented {
                    odd.vowel_crowds += 1;
                }
                st.run = 0;
                st.accented = false;
            }
            // misplaced (the char before the first is a space)
            let before = prev.unwrap_or(' ');
            if matches!(c, 'ą' | 'ę' | 'ų' | 'Ą' | 'Ę' | 'Ų') && !alpha::is_alphabetic(before)
            {
                odd.misplaced += 1;
            }
            if matches!(c, '\u{201A}' | '\u{201E}') && next.is_none_or(|n| n.is_whitespace()) {
                odd.misplaced += 2;
            }
            if matches!(c, 'ì' | 'Ì')
                && next
                    .is_some_and(|n| alpha::is_alphabetic(n) && !matches!(n, 'n' | 'm' | 'N' | 'M'))
            {
                odd.misplaced += 1;
            }
            if matches!(c, 'ě' | 'Ě') && !czech_e_caron_follows(before) {
                odd.misplaced += 1;
            }
            st.prev = Some(c);
        }
        break;
    }
    // vowel_crowds ends the text with a space.
    if st.run >= 3 && st.accented {
        odd.vowel_crowds += 1;
    }
    (st.coster.total, letter_sum + alphabet_cost(letters), odd)
}

/// Stage 1: a non-Latin letter next to an ASCII letter (a script switch in a word).
const GLUED_FOREIGN_LETTER_COST: f64 = 12.0;

/// Per letter no single alphabet holds.
const FOREIGN_LETTER_COST: f64 = 6.0;

/// Letter-frequency cost of `text` plus the alphabet-consistency cost.
#[cfg(test)] // The contest takes it with the text model's (`model_and_letter_cost`).
fn letter_cost(text: &str) -> f64 {
    let mut cost = 0.0;
    let mut letters = Letters::new();
    for c in text.chars() {
        if !(0xC0..=0x4FF).contains(&(c as u32)) {
            continue;
        }
        cost += letter_cost_char(c);
        count_letter(&mut letters, c, 1);
    }
    cost + alphabet_cost(&letters)
}

/// Lower case for the letters the letter terms look at (Latin-1, Latin Extended-A,
/// Greek, Cyrillic) without the general Unicode tables, which are slow on this path.
fn fast_lower(c: char) -> char {
    let cp = c as u32;
    let lower = match cp {
        0xC0..=0xDE if cp != 0xD7 => cp + 0x20,
        0x100..=0x137 | 0x14A..=0x177 if cp.is_multiple_of(2) => cp + 1,
        0x139..=0x148 if !cp.is_multiple_of(2) => cp + 1,
        0x179..=0x17E if !cp.is_multiple_of(2) => cp + 1,
        0x391..=0x3AB if cp != 0x3A2 => cp + 0x20,
        0x386 => 0x3AC,
        0x388..=0x38A => cp + 0x25,
        0x38C => 0x3CC,
        0x38E | 0x38F => cp + 0x3F,
        0x410..=0x42F => cp + 0x20,
        0x400..=0x40F => cp + 0x50,
        0x460..=0x4FF if cp.is_multiple_of(2) && !(0x482..=0x489).contains(&cp) => cp + 1,
        0x130 => 0x131, // İ: count with ı, as Turkish does
        _ => return c,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// How many letters there are of each membership class (the set of `ALPHABETS` that
/// hold the letter): all `alphabet_cost` needs, kept without a list searched per letter
/// or a counter per code point to clear.
struct Letters {
    counts: [usize; MAX_CLASSES],
    /// Bit k: `counts[k]` is not 0.
    seen: u128,
}

/// Membership classes: the ALPHABETS' letters fall into 65 (one is "in none").
const MAX_CLASSES: usize = 128;

impl Letters {
    fn new() -> Letters {
        Letters {
            counts: [0; MAX_CLASSES],
            seen: 0,
        }
    }

    /// Back to no letters, touching only the classes counted (not all of `counts`).
    fn clear(&mut self) {
        let mut seen = self.seen;
        while seen != 0 {
            let k = seen.trailing_zeros() as usize;
            seen &= seen - 1;
            if let Some(slot) = self.counts.get_mut(k) {
                *slot = 0;
            }
        }
        self.seen = 0;
    }
}

/// Each code point below U+0500's membership class, and each class's alphabet bits
/// (bit i: `ALPHABETS[i]` holds the letter). Class 0 is "in no alphabet".
struct Classes {
    of: Vec<u8>,
    masks: Vec<u64>,
}

fn classes() -> &'static Classes {
    static CLASSES: std::sync::OnceLock<Classes> = std::sync::OnceLock::new();
    CLASSES.get_or_init(|| {
        let mut membership = vec![0u64; 0x500];
        for (i, alphabet) in ALPHABETS.iter().enumerate() {
            for c in alphabet.chars() {
                if let Some(slot) = membership.get_mut(c as usize) {
                    *slot |= 1 << i;
                }
            }
        }
        let mut masks = vec![0u64];
        let of = membership
            .iter()
            .map(|m| match masks.iter().position(|k| k == m) {
                Some(k) => k as u8,
                None => {
                    masks.push(*m);
                    (masks.len() - 1) as u8
                }
            })
            .collect();
        Classes { of, masks }
    })
}

/// `letter_cost_char` and `count_letter`'s class of each char in U+00C0..=U+04FF (the
/// only range where either does anything), looked up once per char of every reading
/// instead of worked out: `NOT_A_LETTER` when `count_letter` counts nothing.
const NOT_A_LETTER: u8 = u8::MAX;
const LETTER_TABLE_START: u32 = 0xC0;
const LETTER_TABLE_END: u32 = 0x500;
const _: () = assert!(MAX_CLASSES < NOT_A_LETTER as usize);

fn letter_table() -> &'static [(f64, u8)] {
    static TABLE: std::sync::OnceLock<Vec<(f64, u8)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (LETTER_TABLE_START..LETTER_TABLE_END)
            .map(|cp| {
                let Some(c) = char::from_u32(cp) else {
                    return (0.0, NOT_A_LETTER);
                };
                (letter_cost_char(c), letter_class(c).unwrap_or(NOT_A_LETTER))
            })
            .collect()
    })
}

/// For a char of U+00C0..=U+04FF: adds its `letter_cost_char` to `sum` and counts it
/// as `count_letter(letters, c, 1)` does, by `letter_table`.
#[inline]
fn tally_letter(letters: &mut Letters, sum: &mut f64, c: char) {
    let Some(&(cost, class)) = (c as u32)
        .checked_sub(LETTER_TABLE_START)
        .and_then(|i| letter_table().get(i as usize))
    else {
        return;
    };
    *sum += cost;
    if class != NOT_A_LETTER
        && let Some(slot) = letters.counts.get_mut(usize::from(class))
    {
        *slot += 1;
        letters.seen |= 1u128 << class;
    }
}

/// The membership class `count_letter` counts `c` under, or `None` if it counts nothing.
fn letter_class(c: char) -> Option<u8> {
    let cp = c as u32;
    let letter = match cp {
        0xC0..=0x24F => cp != 0xD7 && cp != 0xF7,
        0x300..=0x323 => true,
        0x370..=0x3FF => alpha::is_alphabetic(c),
        0x400..=0x4FF => !(0x482..=0x489).contains(&cp),
        _ => false,
    };
    if !letter {
        return None;
    }
    let lower = fast_lower(c);
    Some(classes().of.get(lower as usize).copied().unwrap_or(0))
}

fn count_letter(letters: &mut Letters, c: char, n: usize) {
    let Some(class) = letter_class(c) else {
        return;
    };
    if let Some(slot) = letters.counts.get_mut(usize::from(class)) {
        *slot += n;
        letters.seen |= 1u128 << class;
    }
}

/// `FOREIGN_LETTER_COST` per letter that the best-fitting alphabet lacks.
fn alphabet_cost(letters: &Letters) -> f64 {
    if letters.seen == 0 {
        return 0.0;
    }
    let masks = &classes().masks;
    // Letters in no alphabet count against every alphabet alike; when one alphabet
    // holds all the other letters (the usual case: a few accented letters of one
    // language), that is the whole count, found without the per-alphabet tally.
    let mut base = 0usize;
    let mut common = u64::MAX;
    let mut seen = letters.seen;
    while seen != 0 {
        let k = seen.trailing_zeros() as usize;
        seen &= seen - 1;
        let m = masks.get(k).copied().unwrap_or(0);
        if m == 0 {
            base += letters.counts.get(k).copied().unwrap_or(0);
        } else {
            common &= m;
        }
    }
    if common != 0 {
        return FOREIGN_LETTER_COST * base as f64;
    }
    // Per alphabet, how many letters it holds; the one holding most lacks fewest
    // (lacking = all letters − held). A letter is in few alphabets, so walking its
    // class's bits beats adding to every alphabet's count.
    let mut held = [0usize; ALPHABETS.len()];
    let mut total = 0usize;
    let mut seen = letters.seen;
    while seen != 0 {
        let k = seen.trailing_zeros() as usize;
        seen &= seen - 1;
        let n = letters.counts.get(k).copied().unwrap_or(0);
        total += n;
        let mut m = masks.get(k).copied().unwrap_or(0);
        while m != 0 {
            let a = m.trailing_zeros() as usize;
            m &= m - 1;
            if let Some(slot) = held.get_mut(a) {
                *slot += n;
            }
        }
    }
    let foreign = total - held.iter().copied().max().unwrap_or(0);
    FOREIGN_LETTER_COST * foreign as f64
}

/// The script most letters are in, and the language that fits the letters best.
pub fn describe(text: &str) -> (Option<&'static str>, Option<&'static str>) {
    let mut counts: [usize; 11] = [0; 11];
    const NAMES: [&str; 11] = [
        "Latin", "Cyrillic", "Greek", "Hebrew", "Arabic", "Thai", "Han", "Kana", "Hangul",
        "Armenian", "Georgian",
    ];
    // The marks (lowercased non-ASCII Latin and Cyrillic letters, the first 1 KiB of
    // them as UTF-8) counted per letter the language sets below name; no other letter
    // is asked about, so a small slot table does instead of a counter per code point.
    let slots = mark_slots();
    let mut mark_counts = [0usize; MARK_SLOTS];
    let mut marks_len = 0usize;
    let mut any_mark = false;
    for c in text.chars() {
        let cp = c as u32;
        let i = match cp {
            0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => 0,
            0x400..=0x4FF => 1,
            0x370..=0x3FF | 0x1F00..=0x1FFF => 2,
            0x590..=0x5FF => 3,
            0x600..=0x6FF => 4,
            0xE00..=0xE7F => 5,
            0x4E00..=0x9FFF | 0x3400..=0x4DBF => 6,
            0x3040..=0x30FF => 7,
            0xAC00..=0xD7A3 | 0x3130..=0x318F => 8,
            0x530..=0x58F => 9,
            0x10A0..=0x10FF => 10,
            _ => continue,
        };
        counts[i] += 1;
        if cp >= 0xC0 && marks_len < 1024 && matches!(i, 0 | 1) {
            let lower = fast_lower(c);
            marks_len += lower.len_utf8();
            if let Some(count) = slots.slot(lower).and_then(|slot| mark_counts.get_mut(slot)) {
                *count += 1;
                any_mark = true;
            }
        }
    }
    let (best, &n) = counts
        .iter()
        .enumerate()
        .max_by_key(|(_, n)| **n)
        .unwrap_or((0, &0));
    if n == 0 {
        return (None, None);
    }
    // Japanese writes Han and kana together; any real share of kana means Japanese.
    let script = if best == 6 && counts[7] * 10 >= counts[6] {
        "Kana"
    } else {
        NAMES[best]
    };
    // Each set's count is a sum over its (distinct) letters of how often each occurs.
    let has = |set: &str| -> usize {
        set.chars()
            .filter_map(|c| {
                // Every set below is in MARK_LETTERS (checked in debug builds, which the
                // tests describing Latin and Cyrillic text run).
                debug_assert!(slots.slot(c).is_some(), "{c} missing from MARK_LETTERS");
                slots.slot(c)
            })
            .map(|slot| mark_counts.get(slot).copied().unwrap_or(0))
            .sum()
    };
    let language = match script {
        // No letter any set names: every score below is 0 (most short inputs, all ASCII).
        "Cyrillic" if !any_mark => Some("ru"),
        "Latin" if !any_mark => Some("en"),
        "Kana" => Some("ja"),
        "Han" => Some("zh"),
        "Hangul" => Some("ko"),
        "Greek" => Some("el"),
        "Hebrew" => Some("he"),
        "Arabic" => Some("ar"),
        "Thai" => Some("th"),
        "Armenian" => Some("hy"),
        "Georgian" => Some("ka"),
        "Cyrillic" => {
            let scores = [
                ("uk", has("їєґі")),
                ("be", has("ўі") * 2),
                ("kk", has("әғқңөұүһ") * 3),
                ("sr", has("јљњћђџ") * 3),
                ("mk", has("ѓќѕ") * 3),
                ("ru", has("ыэё")),
                ("bg", has("ъщ").saturating_sub(has("ыэё") * 4)),
            ];
            scores
                .iter()
                .filter(|s| s.1 > 0)
                .max_by_key(|s| s.1)
                .map(|s| s.0)
                .or(Some("ru"))
        }
        "Latin" => {
            let scores = [
                ("hu", has("őű") * 4 + has("áé") / 4),
                ("cs", has("řů") * 4 + has("ěčš")),
                ("sk", has("ľĺŕô") * 4 + has("äčš") / 2),
                ("pl", has("ąęłńśźż") * 3),
                ("ro", has("ășțâî") * 2),
                ("hr", has("đ") * 4 + has("čćšž")),
                ("sl", has("čšž") / 2),
                ("tr", has("ğış") * 4),
                ("lt", has("ąčęėįšųūž") * 2),
                ("lv", has("āčēģīķļņšūž") * 2),
                ("et", has("õäöü") / 2 + has("õ") * 4),
                (
                    "vi",
                    has("ơưđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ") * 4,
                ),
                ("de", has("äöüß") * 2),
                ("fr", has("éèêàçùûœëïî") * 2),
                ("es", has("ñáéíóú¿¡") * 2 + has("ñ") * 3),
                ("pt", has("ãõçáéêó") * 2 + has("ãõ") * 3),
                ("it", has("àèéìòù")),
                ("nl", has("ĳ") * 4),
                ("da", has("æøå") * 2),
                ("sv", has("åäö") * 2),
                ("fi", has("äö") * 2),
                ("is", has("þðæ") * 3),
            ];
            scores
                .iter()
                .filter(|s| s.1 > 0)
                .max_by_key(|s| s.1)
                .map(|s| s.0)
                .or(Some("en"))
        }
        _ => None,
    };
    (Some(script), language)
}

/// Every letter the language sets of `describe` name.
const MARK_LETTERS: &[&str] = &[
    "їєґі",
    "ўі",
    "әғқңөұүһ",
    "јљњћђџ",
    "ѓќѕ",
    "ыэё",
    "ъщ",
    "őű",
    "áé",
    "řů",
    "ěčš",
    "ľĺŕô",
    "äčš",
    "ąęłńśźż",
    "ășțâî",
    "đ",
    "čćšž",
    "čšž",
    "ğış",
    "ąčęėįšųūž",
    "āčēģīķļņšūž",
    "õäöü",
    "õ",
    "ơưđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ",
    "äöüß",
    "éèêàçùûœëïî",
    "ñáéíóú¿¡",
    "ñ",
    "ãõçáéêó",
    "ãõ",
    "àèéìòù",
    "ĳ",
    "æøå",
    "åäö",
    "äö",
    "þðæ",
];
/// Room for the distinct letters of `MARK_LETTERS` (there are fewer).
const MARK_SLOTS: usize = 160;

/// Each letter of `MARK_LETTERS`' slot in `describe`'s counters: below U+0500 by code
/// point, Latin Extended Additional (Vietnamese) by offset from U+1E00.
struct MarkSlots {
    low: [u8; 0x500],
    extended: [u8; 0x100],
}

impl MarkSlots {
    /// 0 in the tables means "no slot"; slots are stored plus one.
    fn slot(&self, c: char) -> Option<usize> {
        let cp = c as usize;
        let stored = match cp {
            0..0x500 => self.low.get(cp).copied(),
            0x1E00..0x1F00 => self.extended.get(cp - 0x1E00).copied(),
            _ => None,
        }?;
        usize::from(stored).checked_sub(1)
    }
}

fn mark_slots() -> &'static MarkSlots {
    static SLOTS: std::sync::OnceLock<MarkSlots> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| {
        let mut slots = MarkSlots {
            low: [0; 0x500],
            extended: [0; 0x100],
        };
        let mut next = 1u8;
        for c in MARK_LETTERS.iter().flat_map(|set| set.chars()) {
            let cp = c as usize;
            let entry = match cp {
                0..0x500 => slots.low.get_mut(cp),
                0x1E00..0x1F00 => slots.extended.get_mut(cp - 0x1E00),
                _ => None,
            };
            if let Some(entry) = entry
                && *entry == 0
                && usize::from(next) <= MARK_SLOTS
            {
                *entry = next;
                next += 1;
            }
        }
        slots
    })
}

/// One line's (or record's) detection.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordDetection {
    /// Byte range of the record in the input, line break included.
    pub range: Range<usize>,
    pub detection: Detection,
}

/// Detection per line, for files whose lines come from different sources. Lines that
/// are ASCII or valid UTF-8 are UTF-8; every other line is detected on its own, with
/// the encoding of all the non-UTF-8 lines together as a hint (a short line says little
/// by itself, and most such files mix just UTF-8 and one legacy encoding).
pub fn detect_per_line(bytes: &[u8], options: &DetectOptions) -> Vec<RecordDetection> {
    let lines: Vec<Range<usize>> = {
        let mut out = Vec::new();
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', bytes) {
            out.push(start..end + 1);
            start = end + 1;
        }
        if start < bytes.len() {
            out.push(start..bytes.len());
        }
        out
    };
    let utf8 = |r: &Range<usize>| simdutf8::basic::from_utf8(&bytes[r.clone()]).is_ok();
    let legacy: Vec<u8> = lines
        .iter()
        .filter(|r| !utf8(r))
        .flat_map(|r| bytes[r.clone()].iter().copied())
        .collect();
    let file_level = (!legacy.is_empty()).then(|| {
        detect_with(
            &legacy,
            &DetectOptions {
                use_declared: false,
                ..*options
            },
        )
    });
    lines
        .into_iter()
        .map(|range| {
            let line = &bytes[range.clone()];
            let detection = if simdutf8::basic::from_utf8(line).is_ok() {
                let name = if line.is_ascii() { "ASCII" } else { "UTF-8" };
                Detection::sure(name, 0.99)
            } else {
                let mut d = contest(
                    line,
                    &DetectOptions {
                        hint: options.hint,
                        use_declared: false,
                    },
                    None,
                );
                if let Some(f) = &file_level
                    && d.encoding != f.encoding
                    && let Some(fc) = f.charset()
                    && fc.decode(line).undecodable.is_empty()
                    && d.confidence < 0.9
                {
                    // The file's legacy encoding reads this line cleanly: prefer it.
                    d = Detection::sure(f.encoding, f.confidence.min(0.9));
                }
                d
            };
            RecordDetection { range, detection }
        })
        .collect()
}

/// Decodes `bytes` line by line, each line with its own detected encoding (see
/// `detect_per_line`). Undecodable runs keep their offsets in the input.
pub fn decode_per_line(bytes: &[u8], options: &DetectOptions) -> Decoded {
    let mut text = String::with_capacity(bytes.len() * 2);
    let mut undecodable = Vec::new();
    for record in detect_per_line(bytes, options) {
        let charset = record.detection.charset().unwrap_or(Charset::UTF_8);
        let decoded = charset.decode(&bytes[record.range.clone()]);
        text.push_str(&decoded.text);
        undecodable.extend(decoded.undecodable.into_iter().map(|mut u| {
            u.offset += record.range.start;
            u
        }));
    }
    Decoded { text, undecodable }
}

#[cfg(test)]
mod tests;
