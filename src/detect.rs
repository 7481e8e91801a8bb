//! Encoding detection: bytes → `Detection { encoding, confidence, alternatives }`.
//!
//! The pipeline: BOM → UTF-8 validity (SIMD) → UTF-16/32 without a BOM (NUL patterns) →
//! binary → chardetng for the legacy encodings → a re-ranking of chardetng's guess and
//! its look-alikes with the repair engine's plausibility model: decode with each, and
//! keep the one whose text reads most like a real language.
//!
//! ```
//! use mojifix::detect::detect;
//! let d = detect("Grüße aus Köln".as_bytes());
//! assert_eq!(d.encoding, "UTF-8");
//! ```

use crate::charset::Charset;
use crate::repair::plausibility;
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};

/// What the detector found.
#[derive(Clone, Debug, PartialEq)]
pub struct Detection {
    /// The encoding as encoding_rs spells it (`UTF-8`, `windows-1252`), `ASCII` for
    /// 7-bit text, or `binary`.
    pub encoding: &'static str,
    /// How sure, in 0..=1.
    pub confidence: f64,
    /// Runners-up, best first, with their confidences.
    pub alternatives: Vec<(&'static str, f64)>,
    /// The byte-order mark the input starts with, if any.
    pub bom: Option<&'static str>,
    /// Bytes that are invalid in the answer: count of runs and the first offset.
    pub invalid: Option<(usize, usize)>,
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
        }
    }
}

/// Encodings that are easily mistaken for one another; when chardetng names one, the
/// others are decoded and scored too.
const LOOKALIKES: &[&[&str]] = &[
    &[
        "windows-1251",
        "KOI8-R",
        "KOI8-U",
        "IBM866",
        "ISO-8859-5",
        "x-mac-cyrillic",
        "IBM855",
    ],
    &[
        "windows-1252",
        "windows-1250",
        "ISO-8859-2",
        "windows-1254",
        "windows-1257",
        "windows-1258",
        "macintosh",
        "ISO-8859-15",
        "ISO-8859-4",
        "IBM850",
        "IBM852",
    ],
    &["windows-1253", "ISO-8859-7", "IBM869"],
    &["windows-1255", "ISO-8859-8"],
    &["windows-1256", "ISO-8859-6"],
    &["windows-874", "TIS-620"],
    &["GBK", "gb18030", "Big5", "EUC-KR", "Shift_JIS", "EUC-JP"],
];

/// Cost added per undecodable byte run when ranking candidates.
const INVALID_RUN_COST: f64 = 40.0;
/// Converts a per-character cost gap into confidence: a gap this large is ~63% sure.
const CONFIDENCE_SCALE: f64 = 0.6;

/// Guesses the encoding of `bytes`. `tld` is an optional hint (a top-level domain such
/// as `ru` or `jp`, lower-case ASCII), as chardetng takes it.
pub fn detect_with_hint(bytes: &[u8], tld: Option<&str>) -> Detection {
    if let Some((name, len)) = bom(bytes) {
        let mut d = Detection::sure(name, 1.0);
        d.bom = Some(name);
        if let Some(charset) = Charset::for_label(name) {
            let decoded = charset.decode(&bytes[len..]);
            d.invalid = decoded
                .undecodable
                .first()
                .map(|u| (decoded.undecodable.len(), u.offset + len));
        }
        return d;
    }
    if bytes.is_empty() || (bytes.is_ascii() && !bytes.contains(&0x1B) && !looks_binary(bytes)) {
        return Detection::sure("ASCII", 1.0);
    }
    if let Some(name) = utf32_without_bom(bytes) {
        return Detection::sure(name, 0.95);
    }
    if let Some(name) = utf16_without_bom(bytes) {
        return Detection::sure(name, 0.9);
    }
    if looks_binary(bytes) {
        return Detection::sure("binary", 0.95);
    }
    if simdutf8::basic::from_utf8(bytes).is_ok() {
        let multibyte = bytes.iter().filter(|&&b| b >= 0xC0).count();
        // Short valid UTF-8 with a single multi-byte char could still be a legacy pair.
        let confidence = if multibyte >= 3 { 0.99 } else { 0.9 };
        return Detection::sure("UTF-8", confidence);
    }
    detect_legacy(bytes, tld)
}

/// Guesses the encoding of `bytes` with no hint.
pub fn detect(bytes: &[u8]) -> Detection {
    detect_with_hint(bytes, None)
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

fn utf32_without_bom(bytes: &[u8]) -> Option<&'static str> {
    if bytes.len() < 8 || !bytes.len().is_multiple_of(4) {
        return None;
    }
    let valid = |le: bool| {
        bytes.chunks_exact(4).all(|q| {
            let v = if le {
                u32::from_le_bytes([q[0], q[1], q[2], q[3]])
            } else {
                u32::from_be_bytes([q[0], q[1], q[2], q[3]])
            };
            v != 0 && char::from_u32(v).is_some()
        })
    };
    if valid(true) {
        Some("UTF-32LE")
    } else if valid(false) {
        Some("UTF-32BE")
    } else {
        None
    }
}

/// UTF-16 without a BOM: text in Latin, Cyrillic, Greek or CJK has NULs or a narrow
/// range of high bytes on one side of each pair.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static str> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let even_nuls = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nuls = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let decodes = |e: &'static encoding_rs::Encoding| {
        e.decode_without_bom_handling_and_without_replacement(bytes)
            .is_some_and(|s| !s.chars().any(|c| c.is_control() && !c.is_whitespace()))
    };
    if odd_nuls * 10 >= pairs * 3 && even_nuls * 20 < pairs && decodes(encoding_rs::UTF_16LE) {
        return Some("UTF-16LE");
    }
    if even_nuls * 10 >= pairs * 3 && odd_nuls * 20 < pairs && decodes(encoding_rs::UTF_16BE) {
        return Some("UTF-16BE");
    }
    None
}

/// NULs or many C0 controls: not text in any ASCII-compatible encoding.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    sample.contains(&0) || controls * 20 > sample.len().max(1)
}

/// (encoding, cost per char, invalid runs: count and first offset)
type Ranked = (&'static str, f64, Option<(usize, usize)>);

fn detect_legacy(bytes: &[u8], tld: Option<&str>) -> Detection {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    let tld_bytes = tld
        .filter(|t| {
            !t.is_empty()
                && t.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
        .map(str::as_bytes);
    let guess = detector.guess(tld_bytes, Utf8Detection::Deny);
    let guess_name = Charset::from_encoding(guess).name();
    let mut names: Vec<&'static str> = vec![guess_name];
    for group in LOOKALIKES {
        if group.contains(&guess_name) {
            names.extend(group.iter().copied().filter(|n| *n != guess_name));
        }
    }
    // Cost per character of each candidate's decoding; chardetng's own guess gets a
    // small head start, since its byte statistics are evidence too.
    let mut ranked: Vec<Ranked> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let Some(charset) = Charset::for_label(name) else {
            continue;
        };
        let decoded = charset.decode(bytes);
        let chars = decoded.text.chars().count().max(1) as f64;
        let text_cost = f64::from(plausibility::cost(&decoded.text));
        let invalid = decoded.undecodable.len() as f64 * INVALID_RUN_COST;
        let head_start = if i == 0 { 0.3 } else { 0.0 };
        let per_char = (text_cost + invalid) / chars - head_start;
        let invalid_info = decoded
            .undecodable
            .first()
            .map(|u| (decoded.undecodable.len(), u.offset));
        ranked.push((charset.name(), per_char, invalid_info));
    }
    // KOI8-U is KOI8-R plus a few Ukrainian letters; chardetng names KOI8-U for both.
    // When the two read the bytes the same, the common name is the honest answer.
    if let Some(u) = ranked.iter().position(|r| r.0 == "KOI8-U") {
        let same = match (Charset::for_label("KOI8-R"), Charset::for_label("KOI8-U")) {
            (Some(r), Some(u)) => r.decode(bytes).text == u.decode(bytes).text,
            _ => false,
        };
        if same {
            ranked[u].0 = "KOI8-R";
        }
    }
    ranked.sort_by(|a, b| a.1.total_cmp(&b.1));
    // A name can appear twice (KOI8-U renamed KOI8-R above); keep its best entry only.
    let mut seen = Vec::new();
    ranked.retain(|r| {
        let first = !seen.contains(&r.0);
        seen.push(r.0);
        first
    });
    let Some(best) = ranked.first().copied() else {
        return Detection::sure(guess_name, 0.5);
    };
    // Softmax over the per-character gaps.
    let weights: Vec<f64> = ranked
        .iter()
        .map(|r| (-(r.1 - best.1) / CONFIDENCE_SCALE).exp())
        .collect();
    let total: f64 = weights.iter().sum();
    let mut detection = Detection::sure(best.0, weights[0] / total);
    detection.invalid = best.2;
    detection.alternatives = ranked
        .iter()
        .zip(weights.iter())
        .skip(1)
        .take(4)
        .map(|(r, w)| (r.0, w / total))
        .collect();
    detection
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_text(text: &str, encoding: &'static encoding_rs::Encoding) -> &'static str {
        let (bytes, _, _) = encoding.encode(text);
        detect(&bytes).encoding
    }

    #[test]
    fn unicode_forms() {
        assert_eq!(detect(b"plain").encoding, "ASCII");
        assert_eq!(detect("café".as_bytes()).encoding, "UTF-8");
        assert_eq!(detect(b"\xef\xbb\xbfhi").bom, Some("UTF-8"));
        assert_eq!(detect(b"h\0i\0 \0t\0h\0e\0r\0e\0").encoding, "UTF-16LE");
        assert_eq!(detect(b"\0h\0i\0 \0t\0h\0e\0r\0e").encoding, "UTF-16BE");
        assert_eq!(
            detect(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").encoding,
            "binary"
        );
    }

    #[test]
    fn legacy_pages() {
        let russian = "Съешь же ещё этих мягких французских булок, да выпей чаю. Широкая электрификация южных губерний даст мощный толчок подъёму сельского хозяйства.";
        assert_eq!(
            detect_text(russian, encoding_rs::WINDOWS_1251),
            "windows-1251"
        );
        assert_eq!(detect_text(russian, encoding_rs::KOI8_R), "KOI8-R");
        let chinese =
            "我们的产品质量很好，价格也很合理。欢迎您来参观我们的工厂，我们期待与您合作。";
        assert_eq!(detect_text(chinese, encoding_rs::GBK), "GBK");
        let japanese = "日本語のテキストです。これは文字コードの判定のテストに使います。よろしくお願いします。";
        assert_eq!(detect_text(japanese, encoding_rs::SHIFT_JIS), "Shift_JIS");
        assert_eq!(detect_text(japanese, encoding_rs::EUC_JP), "EUC-JP");
    }

    // Found by the `detect` fuzz target: KOI8-U renamed KOI8-R stayed in the list beside
    // the real KOI8-R, so the answer was also its own runner-up.
    #[test]
    fn no_name_twice() {
        let d = detect(b"\xc1\xf3\xc1");
        assert!(d.alternatives.iter().all(|a| a.0 != d.encoding), "{d:?}");
        let sum: f64 = d.confidence + d.alternatives.iter().map(|a| a.1).sum::<f64>();
        assert!(sum <= 1.0 + 1e-9);
    }

    #[test]
    fn confidence_is_a_probability() {
        let d = detect("Déjà vu, très français à côté.".as_bytes());
        assert!(d.confidence > 0.0 && d.confidence <= 1.0);
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1252.encode("Déjà vu, très français à côté, l'été dernier.");
        let d = detect(&bytes);
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.confidence > 0.0 && d.confidence <= 1.0);
        let sum: f64 = d.confidence + d.alternatives.iter().map(|a| a.1).sum::<f64>();
        assert!(sum <= 1.0 + 1e-9);
    }
}
