//! The small text fixers and Unicode normalization, each reported as a `Step`.
//!
//! Every fixer takes the text and returns edits (span, replacement, step); the pipeline
//! applies them in order. Cosmetic fixers that change correct text (`uncurl_quotes`,
//! `fix_character_width`) are off unless asked for.
//!
//! ```
//! use mojifix::normalize::unescape_html;
//! let edits = unescape_html("caf&eacute;");
//! assert_eq!(edits[0].replacement, "é");
//! ```

use crate::report::fix::{Edit, Step};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{
    UnicodeNormalization, is_nfc_quick, is_nfd_quick, is_nfkc_quick, is_nfkd_quick,
};

/// A Unicode normalization form, or none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Normalization {
    Nfc,
    Nfkc,
    Nfd,
    Nfkd,
    None,
}

impl Normalization {
    pub fn name(self) -> &'static str {
        match self {
            Normalization::Nfc => "NFC",
            Normalization::Nfkc => "NFKC",
            Normalization::Nfd => "NFD",
            Normalization::Nfkd => "NFKD",
            Normalization::None => "none",
        }
    }

    pub fn parse(name: &str) -> Option<Normalization> {
        Some(match name.to_ascii_lowercase().as_str() {
            "nfc" => Normalization::Nfc,
            "nfkc" => Normalization::Nfkc,
            "nfd" => Normalization::Nfd,
            "nfkd" => Normalization::Nfkd,
            "none" => Normalization::None,
            _ => return None,
        })
    }
}

fn edit(range: std::ops::Range<usize>, replacement: String, step: Step) -> Edit {
    Edit {
        range,
        replacement,
        steps: vec![step],
        cost_before: 0,
        cost_after: 0,
    }
}

/// Edits for every char `map` replaces, merged where they are adjacent.
fn map_chars(text: &str, step: Step, map: impl Fn(char) -> Option<&'static str>) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    for (i, c) in text.char_indices() {
        if let Some(replacement) = map(c) {
            let end = i + c.len_utf8();
            match edits.last_mut() {
                Some(last) if last.range.end == i => {
                    last.range.end = end;
                    last.replacement.push_str(replacement);
                }
                _ => edits.push(edit(i..end, replacement.to_owned(), step.clone())),
            }
        }
    }
    edits
}

/// Decodes HTML character references (`&eacute;`, `&#233;`, `&#xE9;`). Numeric references
/// to 0x80–0x9F mean windows-1252, as browsers read them. The caller decides whether the
/// text is HTML (then entities are markup and stay).
pub fn unescape_html(text: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    let bytes = text.as_bytes();
    for start in memchr::memchr_iter(b'&', bytes) {
        if edits.last().is_some_and(|e: &Edit| e.range.end > start) {
            continue;
        }
        let rest = &bytes[start + 1..];
        let name_len = rest
            .iter()
            .take(33)
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'#')
            .count();
        if name_len == 0 || rest.get(name_len) != Some(&b';') {
            continue;
        }
        let name = &text[start + 1..start + 1 + name_len];
        if let Some(value) = entity_value(name) {
            edits.push(edit(
                start..start + name_len + 2,
                value,
                Step::Apply("unescape_html"),
            ));
        }
    }
    edits
}

fn entity_value(name: &str) -> Option<String> {
    if let Some(number) = name.strip_prefix('#') {
        let value = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse::<u32>().ok()?,
        };
        if (0x80..0xA0).contains(&value) {
            let byte = [value as u8];
            return encoding_rs::WINDOWS_1252
                .decode_without_bom_handling_and_without_replacement(&byte)
                .map(|s| s.into_owned());
        }
        let c = char::from_u32(value)?;
        if c == '\0' {
            return None;
        }
        return Some(c.to_string());
    }
    let lookup = |n: &str| {
        html_escape::NAMED_ENTITIES
            .binary_search_by(|(k, _)| (*k).cmp(n.as_bytes()))
            .ok()
            .map(|i| html_escape::NAMED_ENTITIES[i].1.to_owned())
    };
    // `&EACUTE;` in all-caps text means `É`: try the lowercase name and uppercase the value.
    lookup(name).or_else(|| {
        if name.len() > 1
            && name
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            lookup(&name.to_ascii_lowercase()).map(|v| v.to_uppercase())
        } else {
            None
        }
    })
}

/// True when the text holds markup, in which case entities are left alone.
pub fn looks_like_html(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'<', bytes).any(|i| {
        bytes
            .get(i + 1)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/' || *b == b'!')
    })
}

/// Removes ANSI terminal escapes (`ESC [ … m`), which only mean something to a terminal.
pub fn remove_terminal_escapes(text: &str) -> Vec<Edit> {
    let bytes = text.as_bytes();
    let mut edits = Vec::new();
    for start in memchr::memchr_iter(0x1B, bytes) {
        if bytes.get(start + 1) != Some(&b'[') {
            continue;
        }
        let mut end = start + 2;
        while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b';') {
            end += 1;
        }
        if end < bytes.len() && bytes[end].is_ascii_alphabetic() {
            edits.push(edit(
                start..end + 1,
                String::new(),
                Step::Apply("remove_terminal_escapes"),
            ));
        }
    }
    edits
}

/// C1 controls (U+0080–U+009F) left in text are windows-1252 bytes read as latin-1:
/// `\u{93}quoted\u{94}` meant “quoted”.
pub fn fix_c1_controls(text: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    for (i, c) in text.char_indices() {
        let cp = c as u32;
        if (0x80..0xA0).contains(&cp) {
            let byte = [cp as u8];
            if let Some(s) =
                encoding_rs::WINDOWS_1252.decode_without_bom_handling_and_without_replacement(&byte)
                && !s.starts_with(c)
            {
                edits.push(edit(
                    i..i + c.len_utf8(),
                    s.into_owned(),
                    Step::Apply("fix_c1_controls"),
                ));
            }
        }
    }
    edits
}

/// Control characters with no place in text: C0 controls other than tab, line feed, form
/// feed and carriage return; DEL; deprecated format characters; BOMs and interlinear
/// annotation marks inside the text.
pub fn remove_control_chars(text: &str) -> Vec<Edit> {
    map_chars(text, Step::Apply("remove_control_chars"), |c| {
        is_removable_control(c).then_some("")
    })
}

/// The chars `remove_control_chars` removes.
pub(crate) fn is_removable_control(c: char) -> bool {
    matches!(
        c as u32,
        0x00..=0x08 | 0x0B | 0x0E..=0x1F | 0x7F | 0x206A..=0x206F | 0xFEFF | 0xFFF9..=0xFFFC
    )
}

/// Latin ligatures from PDF extraction and old typesetting: `ﬁ` → `fi`.
pub fn fix_latin_ligatures(text: &str) -> Vec<Edit> {
    map_chars(text, Step::Apply("fix_latin_ligatures"), latin_ligature)
}

/// What `fix_latin_ligatures` replaces `c` with, if anything.
pub(crate) fn latin_ligature(c: char) -> Option<&'static str> {
    Some(match c {
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'ŉ' => "ʼn",
        'Ǆ' => "DŽ",
        'ǅ' => "Dž",
        'ǆ' => "dž",
        'Ǉ' => "LJ",
        'ǈ' => "Lj",
        'ǉ' => "lj",
        'Ǌ' => "NJ",
        'ǋ' => "Nj",
        'ǌ' => "nj",
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' => "ſt",
        'ﬆ' => "st",
        _ => return None,
    })
}

/// Fullwidth ASCII to ASCII and halfwidth katakana to fullwidth (opt-in: CJK text uses
/// fullwidth punctuation on purpose).
pub fn fix_character_width(text: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    for (i, c) in text.char_indices() {
        let cp = c as u32;
        let replacement = if cp == 0x3000 {
            Some(" ".to_owned())
        } else if (0xFF01..=0xFFEF).contains(&cp) {
            let narrow: String = std::iter::once(c).nfkc().collect();
            (narrow.chars().count() == 1 && !narrow.starts_with(c)).then_some(narrow)
        } else {
            None
        };
        if let Some(r) = replacement {
            edits.push(edit(
                i..i + c.len_utf8(),
                r,
                Step::Apply("fix_character_width"),
            ));
        }
    }
    merge_adjacent(edits)
}

/// Curly quotes to straight ones (opt-in).
pub fn uncurl_quotes(text: &str) -> Vec<Edit> {
    map_chars(text, Step::Apply("uncurl_quotes"), straight_quote)
}

/// What `uncurl_quotes` replaces `c` with, if anything.
pub(crate) fn straight_quote(c: char) -> Option<&'static str> {
    match c as u32 {
        0x02BC | 0x2018..=0x201B => Some("'"),
        0x201C..=0x201F => Some("\""),
        _ => None,
    }
}

/// CRLF, CR, LINE SEPARATOR and PARAGRAPH SEPARATOR to LF.
pub fn fix_line_breaks(text: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let end = match c {
            '\r' => {
                if iter.peek().map(|&(_, n)| n) == Some('\n') {
                    iter.next();
                    i + 2
                } else {
                    i + 1
                }
            }
            '\u{2028}' | '\u{2029}' | '\u{85}' => i + c.len_utf8(),
            _ => continue,
        };
        edits.push(edit(
            i..end,
            "\n".to_owned(),
            Step::Apply("fix_line_breaks"),
        ));
    }
    edits
}

/// Normalizes to `form`, as edits over the combining sequences that change.
pub fn normalize(text: &str, form: Normalization) -> Vec<Edit> {
    use unicode_normalization::IsNormalized;
    let quick = match form {
        Normalization::None => return Vec::new(),
        Normalization::Nfc => is_nfc_quick(text.chars()),
        Normalization::Nfd => is_nfd_quick(text.chars()),
        Normalization::Nfkc => is_nfkc_quick(text.chars()),
        Normalization::Nfkd => is_nfkd_quick(text.chars()),
    };
    if quick == IsNormalized::Yes {
        return Vec::new();
    }
    let step = Step::Normalize(form.name());
    let mut edits = Vec::new();
    // Cut before every char that starts a new combining sequence.
    let mut start = 0;
    let mut cuts: Vec<usize> = text
        .char_indices()
        .filter(|&(i, c)| {
            i > 0 && canonical_combining_class(c) == 0 && !is_hangul_jamo_vowel_or_trail(c)
        })
        .map(|(i, _)| i)
        .collect();
    cuts.push(text.len());
    for end in cuts {
        let chunk = &text[start..end];
        // Most chunks are one char the quick check passes (a long line with one odd
        // mark has a million of them): no copy to compare.
        let quick = match form {
            Normalization::Nfc => is_nfc_quick(chunk.chars()),
            Normalization::Nfd => is_nfd_quick(chunk.chars()),
            Normalization::Nfkc => is_nfkc_quick(chunk.chars()),
            Normalization::Nfkd => is_nfkd_quick(chunk.chars()),
            Normalization::None => IsNormalized::Yes,
        };
        if quick == IsNormalized::Yes {
            start = end;
            continue;
        }
        let normalized: String = match form {
            Normalization::Nfc => chunk.nfc().collect(),
            Normalization::Nfd => chunk.nfd().collect(),
            Normalization::Nfkc => chunk.nfkc().collect(),
            Normalization::Nfkd => chunk.nfkd().collect(),
            Normalization::None => chunk.to_owned(),
        };
        if normalized != chunk {
            edits.push(edit(start..end, normalized, step.clone()));
        }
        start = end;
    }
    merge_adjacent(edits)
}

fn is_hangul_jamo_vowel_or_trail(c: char) -> bool {
    matches!(c as u32, 0x1160..=0x11FF)
}

fn merge_adjacent(edits: Vec<Edit>) -> Vec<Edit> {
    let mut merged: Vec<Edit> = Vec::with_capacity(edits.len());
    for e in edits {
        match merged.last_mut() {
            Some(last) if last.range.end == e.range.start && last.steps == e.steps => {
                last.range.end = e.range.end;
                last.replacement.push_str(&e.replacement);
            }
            _ => merged.push(e),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `normalize` as it was before it skipped the chunks the quick check passes.
    fn normalize_reference(
        text: &str,
        form: Normalization,
    ) -> Vec<(std::ops::Range<usize>, String)> {
        let mut edits = Vec::new();
        let mut start = 0;
        let mut cuts: Vec<usize> = text
            .char_indices()
            .filter(|&(i, c)| {
                i > 0 && canonical_combining_class(c) == 0 && !is_hangul_jamo_vowel_or_trail(c)
            })
            .map(|(i, _)| i)
            .collect();
        cuts.push(text.len());
        for end in cuts {
            let chunk = &text[start..end];
            let normalized: String = match form {
                Normalization::Nfc => chunk.nfc().collect(),
                Normalization::Nfd => chunk.nfd().collect(),
                Normalization::Nfkc => chunk.nfkc().collect(),
                Normalization::Nfkd => chunk.nfkd().collect(),
                Normalization::None => chunk.to_owned(),
            };
            if normalized != chunk {
                edits.push(edit(start..end, normalized, Step::Normalize(form.name())));
            }
            start = end;
        }
        merge_adjacent(edits)
            .into_iter()
            .map(|e| (e.range, e.replacement))
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn skipping_quick_chunks_changes_no_edit(
            text in "[a-z \u{e9}\u{301}\u{316}\u{327}\u{308}\u{1100}\u{1161}\u{11a8}\u{ac00}\u{fb01}\u{ff21}\u{301}\u{2126}\u{212b}\u{f900}]{0,24}"
        ) {
            for form in [
                Normalization::Nfc,
                Normalization::Nfd,
                Normalization::Nfkc,
                Normalization::Nfkd,
            ] {
                // (The whole-text quick check in front is the same in both.)
                let whole_quick = match form {
                    Normalization::Nfc => is_nfc_quick(text.chars()),
                    Normalization::Nfd => is_nfd_quick(text.chars()),
                    Normalization::Nfkc => is_nfkc_quick(text.chars()),
                    _ => is_nfkd_quick(text.chars()),
                };
                let fast: Vec<_> = normalize(&text, form)
                    .into_iter()
                    .map(|e| (e.range, e.replacement))
                    .collect();
                let reference = if whole_quick == unicode_normalization::IsNormalized::Yes {
                    Vec::new()
                } else {
                    normalize_reference(&text, form)
                };
                proptest::prop_assert_eq!(fast, reference);
            }
        }
    }

    fn apply(text: &str, edits: Vec<Edit>) -> String {
        let mut out = String::new();
        let mut last = 0;
        for e in edits {
            out.push_str(&text[last..e.range.start]);
            out.push_str(&e.replacement);
            last = e.range.end;
        }
        out.push_str(&text[last..]);
        out
    }

    #[test]
    fn html_entities() {
        let t = "caf&eacute; &amp; &#233;&#x00E9; &#150; &NOTANENTITY; &EACUTE;";
        assert_eq!(apply(t, unescape_html(t)), "café & éé – &NOTANENTITY; É");
        assert!(looks_like_html("<p>x</p>"));
        assert!(!looks_like_html("a < b"));
    }

    #[test]
    fn controls_and_escapes() {
        let t = "\u{1b}[31mred\u{1b}[0m";
        assert_eq!(apply(t, remove_terminal_escapes(t)), "red");
        let t = "a\u{0}b\u{feff}c\td";
        assert_eq!(apply(t, remove_control_chars(t)), "abc\td");
        let t = "\u{93}hi\u{94}";
        assert_eq!(apply(t, fix_c1_controls(t)), "“hi”");
    }

    #[test]
    fn cosmetic_fixers() {
        let t = "ﬁne ＡＢＣ１２３ “q” a\r\nb";
        assert_eq!(
            apply(t, fix_latin_ligatures(t)),
            "fine ＡＢＣ１２３ “q” a\r\nb"
        );
        assert_eq!(apply(t, fix_character_width(t)), "ﬁne ABC123 “q” a\r\nb");
        assert_eq!(apply(t, uncurl_quotes(t)), "ﬁne ＡＢＣ１２３ \"q\" a\r\nb");
        assert_eq!(apply(t, fix_line_breaks(t)), "ﬁne ＡＢＣ１２３ “q” a\nb");
    }

    #[test]
    fn nfc_edits_only_the_changed_sequences() {
        let t = "cafe\u{301} and e\u{301}";
        let edits = normalize(t, Normalization::Nfc);
        assert_eq!(edits.len(), 2);
        assert_eq!(apply(t, edits), "café and é");
        assert!(normalize("café", Normalization::Nfc).is_empty());
    }
}
