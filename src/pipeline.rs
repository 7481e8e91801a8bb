//! The per-field cleaning pipeline: fixers in a fixed order, mojibake repair among them,
//! then normalization. Every change comes back as a `Fix`.
//!
//! Order matters: entities and terminal escapes go first (they hide characters), then the
//! mojibake repair, then the C1-control fix (only on what the repair left), then the
//! cosmetic fixers, which must never see unresolved mojibake, then normalization. The
//! whole sequence runs until nothing changes (at most `MAX_ROUNDS`), so double-escaped
//! entities and entities hiding mojibake come out clean.
//!
//! ```
//! use mojifix::{Options, fix_text};
//! assert_eq!(fix_text("cafÃ© &amp;eacute;", &Options::default()), "café é");
//! ```

use crate::normalize::{self, Normalization};
use crate::repair;
use crate::report::fix::{Edit, Fix, FixList};

const MAX_ROUNDS: usize = 6;

/// When to decode HTML entities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HtmlMode {
    /// Unless the text contains markup (`<p>`, `</a>`), as ftfy does.
    Auto,
    Always,
    Never,
}

/// Which fixers run. `Options::default()` repairs damage only; `Options::ftfy()` makes
/// ftfy 6.3.1's default choices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub unescape_html: HtmlMode,
    pub remove_terminal_escapes: bool,
    pub fix_encoding: bool,
    pub fix_c1_controls: bool,
    pub fix_latin_ligatures: bool,
    pub fix_character_width: bool,
    pub uncurl_quotes: bool,
    pub fix_line_breaks: bool,
    pub remove_control_chars: bool,
    pub normalization: Normalization,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            unescape_html: HtmlMode::Auto,
            remove_terminal_escapes: true,
            fix_encoding: true,
            fix_c1_controls: true,
            fix_latin_ligatures: true,
            fix_character_width: false,
            uncurl_quotes: false,
            fix_line_breaks: true,
            remove_control_chars: true,
            normalization: Normalization::Nfc,
        }
    }
}

impl Options {
    /// ftfy 6.3.1's `fix_text` defaults: also straightens quotes and narrows fullwidth
    /// characters.
    pub fn ftfy() -> Options {
        Options {
            fix_character_width: true,
            uncurl_quotes: true,
            ..Options::default()
        }
    }

    /// Only the mojibake repair and normalization; no other fixer.
    pub fn encoding_only() -> Options {
        Options {
            unescape_html: HtmlMode::Never,
            remove_terminal_escapes: false,
            fix_encoding: true,
            fix_c1_controls: false,
            fix_latin_ligatures: false,
            fix_character_width: false,
            uncurl_quotes: false,
            fix_line_breaks: false,
            remove_control_chars: false,
            normalization: Normalization::None,
        }
    }

    pub fn preset(name: &str) -> Option<Options> {
        match name {
            "default" => Some(Options::default()),
            "ftfy" => Some(Options::ftfy()),
            "encoding" => Some(Options::encoding_only()),
            _ => None,
        }
    }
}

/// A cleaned field: the new text and every change, in the original's coordinates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cleaned {
    pub text: String,
    pub fixes: Vec<Fix>,
}

impl Cleaned {
    pub fn changed(&self) -> bool {
        !self.fixes.is_empty()
    }
}

/// Cleans `text` and returns the result.
pub fn fix_text(text: &str, options: &Options) -> String {
    fix_and_explain(text, options).text
}

/// Cleans `text`, explaining every change.
pub fn fix_and_explain(text: &str, options: &Options) -> Cleaned {
    // Most clean fields: first pure ASCII with nothing to do, then any text in which one
    // table-driven pass finds nothing for any fixer but the cheap ones (see `prescan`).
    if is_trivially_clean(text, options) {
        return Cleaned {
            text: text.to_owned(),
            fixes: Vec::new(),
        };
    }
    match crate::prescan::light(text, options) {
        crate::prescan::Light::Done(cleaned) => cleaned,
        crate::prescan::Light::Full(edits) => fix_in_rounds(text, options, edits),
    }
}

/// The full pipeline: every fixer in force, in rounds. `first_repair` is the repair's
/// edits of `text` when the caller already has them; round 0 reuses them while no
/// earlier stage has changed the text.
pub(crate) fn fix_in_rounds(
    text: &str,
    options: &Options,
    mut first_repair: Option<Vec<Edit>>,
) -> Cleaned {
    let mut list = FixList::default();
    let mut current = text.to_owned();
    let unescape = match options.unescape_html {
        HtmlMode::Always => true,
        HtmlMode::Never => false,
        HtmlMode::Auto => !normalize::looks_like_html(text),
    };
    let mut changed_before = false;
    for round in 0..MAX_ROUNDS {
        let before = current.clone();
        let stage = |list: &mut FixList, current: &mut String, edits: Vec<Edit>| {
            if !edits.is_empty() {
                *current = list.apply(current, edits);
            }
        };
        let mut uncovered = false;
        if unescape {
            let edits = normalize::unescape_html(&current);
            uncovered |= !edits.is_empty();
            stage(&mut list, &mut current, edits);
        }
        if options.remove_terminal_escapes {
            let edits = normalize::remove_terminal_escapes(&current);
            uncovered |= !edits.is_empty();
            stage(&mut list, &mut current, edits);
        }
        // The repair reads its own output again while the text changes, as a second run
        // of mojifix would: fixing fixed text must change nothing (idempotence), and
        // other fixers may uncover new text (`10Î&frac14;s` → `10Î¼s`). Not once the
        // text holds U+FFFD: those marks would be taken for lost bytes again and eat the
        // letters next to them (`Cрп�ки` → `C�ки`).
        let rereads = changed_before && !current.contains('\u{FFFD}');
        if options.fix_encoding && (round == 0 || uncovered || rereads) {
            let edits = match first_repair.take() {
                Some(edits) if round == 0 && !uncovered => edits,
                _ => repair::repair(&current),
            };
            stage(&mut list, &mut current, edits);
        }
        if options.fix_c1_controls {
            let edits = normalize::fix_c1_controls(&current);
            stage(&mut list, &mut current, edits);
        }
        if options.fix_latin_ligatures {
            let edits = normalize::fix_latin_ligatures(&current);
            stage(&mut list, &mut current, edits);
        }
        if options.fix_character_width {
            let edits = normalize::fix_character_width(&current);
            stage(&mut list, &mut current, edits);
        }
        if options.uncurl_quotes {
            let edits = normalize::uncurl_quotes(&current);
            stage(&mut list, &mut current, edits);
        }
        if options.fix_line_breaks {
            let edits = normalize::fix_line_breaks(&current);
            stage(&mut list, &mut current, edits);
        }
        if options.remove_control_chars {
            let edits = normalize::remove_control_chars(&current);
            stage(&mut list, &mut current, edits);
        }
        let edits = normalize::normalize(&current, options.normalization);
        stage(&mut list, &mut current, edits);
        if current == before {
            break;
        }
        changed_before = true;
    }
    let fixes = list.finish(text, &current);
    Cleaned {
        text: current,
        fixes,
    }
}

/// True when `fix_and_explain` would certainly return `text` unchanged, judged from its
/// bytes alone: ASCII with nothing any fixer acts on. ASCII text can still hold entities
/// (`&`), terminal escapes and other C0 controls (0x00..=0x1F but tab and line feed),
/// DEL (0x7F) and CR line breaks; any such byte, or any byte >= 0x80, means the full
/// pipeline runs. Callers that only need to know whether a field changes (the record
/// writer) use it to skip the copy `fix_and_explain` makes.
///
/// One pass, 32 bytes at a time without early exit inside a block, so the compiler can
/// vectorize it (`is_ascii` followed by a byte-wise `any` was two passes, one of them
/// byte by byte).
pub fn is_trivially_clean(text: &str, options: &Options) -> bool {
    let amp = if options.unescape_html == HtmlMode::Never {
        // 0x80 is caught by the `>= 0x7F` test anyway: this turns the `&` test off.
        0x80
    } else {
        b'&'
    };
    let needs_work = |b: u8| (b >= 0x7F) | (b == amp) | ((b < 0x20) & (b != b'\t') & (b != b'\n'));
    let bytes = text.as_bytes();
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        if block.iter().fold(false, |acc, &b| acc | needs_work(b)) {
            return false;
        }
    }
    !blocks.remainder().iter().any(|&b| needs_work(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_spans() {
        let text = "in synovial fluid [5¨C11]. Tumor necrosis factor ¦Á inhibitors (TNF-¦Á), as";
        let cleaned = fix_and_explain(text, &Options::default());
        assert_eq!(
            cleaned.text,
            "in synovial fluid [5–11]. Tumor necrosis factor α inhibitors (TNF-α), as"
        );
        let spans: Vec<(&str, &str)> = cleaned
            .fixes
            .iter()
            .map(|f| (f.before.as_str(), f.after.as_str()))
            .collect();
        assert_eq!(spans, vec![("¨C", "–"), ("¦Á", "α"), ("¦Á", "α")]);
        for fix in &cleaned.fixes {
            assert_eq!(&text[fix.span.clone()], fix.before);
        }
    }

    #[test]
    fn double_escaped_entity() {
        assert_eq!(fix_text("&amp;eacute;", &Options::default()), "é");
        assert_eq!(
            fix_text("<p>&amp;eacute;</p>", &Options::default()),
            "<p>&amp;eacute;</p>"
        );
    }

    #[test]
    fn trivially_clean_matches_the_slow_check() {
        // The byte-wise definition it replaced: ASCII, and no byte an ASCII fixer acts on.
        let slow = |text: &str, options: &Options| {
            text.is_ascii()
                && !text.bytes().any(|b| {
                    (b == b'&' && options.unescape_html != HtmlMode::Never)
                        || (b < 0x20 && b != b'\t' && b != b'\n')
                        || b == 0x7F
                })
        };
        let never = Options {
            unescape_html: HtmlMode::Never,
            ..Options::default()
        };
        let long = "plain ASCII text, long enough for several 32-byte blocks. ".repeat(3);
        let mut cases: Vec<String> = vec![String::new(), "a".into(), long.clone()];
        for b in (0u8..=0x7F).chain([0xC3]) {
            for at in [0, 5, 31, 32, 63, long.len() - 1] {
                let mut bytes = long.clone().into_bytes();
                bytes[at] = b;
                if b == 0xC3 {
                    bytes.insert(at + 1, 0xA9); // é
                }
                cases.push(String::from_utf8(bytes).unwrap());
            }
        }
        for text in &cases {
            for options in [&Options::default(), &never] {
                assert_eq!(
                    is_trivially_clean(text, options),
                    slow(text, options),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn presets_differ_on_cosmetics() {
        assert_eq!(fix_text("“ＡＢ”", &Options::default()), "“ＡＢ”");
        assert_eq!(fix_text("“ＡＢ”", &Options::ftfy()), "\"AB\"");
    }
}
