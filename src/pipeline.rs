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

const MAX_ROUNDS: usize = 4;

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
    if text.is_ascii() && !needs_ascii_fixers(text, options) {
        return Cleaned {
            text: text.to_owned(),
            fixes: Vec::new(),
        };
    }
    let mut list = FixList::default();
    let mut current = text.to_owned();
    let unescape = match options.unescape_html {
        HtmlMode::Always => true,
        HtmlMode::Never => false,
        HtmlMode::Auto => !normalize::looks_like_html(text),
    };
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
        // The repair reads our own output only when another fixer uncovered new text
        // (`10Î&frac14;s` → `10Î¼s`); otherwise its U+FFFD marks would be taken for
        // lost bytes again.
        if options.fix_encoding && (round == 0 || uncovered) {
            let edits = repair::repair(&current);
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
    }
    let fixes = list.finish(text, &current);
    Cleaned {
        text: current,
        fixes,
    }
}

/// ASCII text can still hold entities, terminal escapes, controls and line breaks.
fn needs_ascii_fixers(text: &str, options: &Options) -> bool {
    text.bytes().any(|b| {
        (b == b'&' && options.unescape_html != HtmlMode::Never)
            || (b < 0x20 && b != b'\t' && b != b'\n')
            || b == 0x7F
    })
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
    fn presets_differ_on_cosmetics() {
        assert_eq!(fix_text("“ＡＢ”", &Options::default()), "“ＡＢ”");
        assert_eq!(fix_text("“ＡＢ”", &Options::ftfy()), "\"AB\"");
    }
}
