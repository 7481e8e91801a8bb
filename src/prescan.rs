//! The fast path of `pipeline::fix_and_explain`: one pass over a field that proves no
//! fixer has anything to do, so the field comes back as it is without the rounds of
//! per-fixer passes, copies and the repair's per-token bookkeeping.
//!
//! Each char is looked up once in a table of what the fixers act on (built from the
//! fixers' own predicates, memoized per BMP code point); a char any fixer in force acts
//! on sends the field down the full pipeline. If none does, the repair decides with its
//! own gate (`repair::gate::finds_nothing`). Every test is conservative: a `false` only
//! costs the full pipeline, which gives the same answer.

use std::sync::atomic::{AtomicU16, Ordering};

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, is_nfc_quick};

use crate::normalize::{self, Normalization};
use crate::pipeline::{HtmlMode, Options};
use crate::repair;

/// `&`: an HTML entity may start here.
const AMP: u16 = 1 << 0;
/// ESC: a terminal escape may start here.
const ESC: u16 = 1 << 1;
/// U+0080–U+009F: `fix_c1_controls` may act.
const C1: u16 = 1 << 2;
const LIGATURE: u16 = 1 << 3;
/// U+3000 and the halfwidth/fullwidth forms block: `fix_character_width` may act.
const WIDTH: u16 = 1 << 4;
const CURLY_QUOTE: u16 = 1 << 5;
const LINE_BREAK: u16 = 1 << 6;
const CONTROL: u16 = 1 << 7;
/// NFC quick check is not "yes" for the char on its own.
const NOT_NFC: u16 = 1 << 8;
/// Canonical combining class is not 0: NFC's quick check also looks at the order.
const COMBINING: u16 = 1 << 9;
/// The memo slot has been filled.
const KNOWN: u16 = 1 << 15;

/// `flags_of` for every BMP char seen so far; 0 = not computed yet. (A race only
/// computes the same value twice.)
static FLAGS_MEMO: [AtomicU16; 0x10000] = [const { AtomicU16::new(0) }; 0x10000];

/// What the fixers may do with `c`, as bits.
fn flags_of(c: char) -> u16 {
    let cp = c as u32;
    let mut flags = KNOWN;
    if c == '&' {
        flags |= AMP;
    }
    if c == '\u{1B}' {
        flags |= ESC;
    }
    if (0x80..0xA0).contains(&cp) {
        flags |= C1;
    }
    if normalize::latin_ligature(c).is_some() {
        flags |= LIGATURE;
    }
    if cp == 0x3000 || (0xFF01..=0xFFEF).contains(&cp) {
        flags |= WIDTH;
    }
    if normalize::straight_quote(c).is_some() {
        flags |= CURLY_QUOTE;
    }
    if matches!(c, '\r' | '\u{2028}' | '\u{2029}' | '\u{85}') {
        flags |= LINE_BREAK;
    }
    if normalize::is_removable_control(c) {
        flags |= CONTROL;
    }
    if is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
        flags |= NOT_NFC;
    }
    if canonical_combining_class(c) != 0 {
        flags |= COMBINING;
    }
    flags
}

#[inline]
fn flags(c: char) -> u16 {
    let cp = c as u32;
    if cp >= 0x10000 {
        return flags_of(c);
    }
    let slot = &FLAGS_MEMO[cp as usize];
    let known = slot.load(Ordering::Relaxed);
    if known != 0 {
        return known;
    }
    let computed = flags_of(c);
    slot.store(computed, Ordering::Relaxed);
    computed
}

/// The flags that mean work for the fixers `options` turns on; `None` for a
/// normalization form this pass does not check (the full pipeline runs then).
fn work_mask(options: &Options) -> Option<u16> {
    let mut mask = 0;
    let on = |yes: bool, bits: u16| if yes { bits } else { 0 };
    mask |= on(options.unescape_html != HtmlMode::Never, AMP);
    mask |= on(options.remove_terminal_escapes, ESC);
    mask |= on(options.fix_c1_controls, C1);
    mask |= on(options.fix_latin_ligatures, LIGATURE);
    mask |= on(options.fix_character_width, WIDTH);
    mask |= on(options.uncurl_quotes, CURLY_QUOTE);
    mask |= on(options.fix_line_breaks, LINE_BREAK);
    mask |= on(options.remove_control_chars, CONTROL);
    match options.normalization {
        Normalization::None => {}
        Normalization::Nfc => mask |= NOT_NFC,
        _ => return None,
    }
    Some(mask)
}

/// True when `fix_and_explain(text, options)` certainly returns `text` with no fixes:
/// no char any fixer in force acts on, already NFC (as `is_nfc_quick` would say "yes"),
/// and nothing for the repair.
pub(crate) fn leaves_unchanged(text: &str, options: &Options) -> bool {
    let Some(mask) = work_mask(options) else {
        return false;
    };
    let check_order = options.normalization == Normalization::Nfc;
    let mut last_class = 0u8;
    for c in text.chars() {
        let f = flags(c);
        if f & mask != 0 {
            return false;
        }
        // `is_nfc_quick` says "no" when combining marks are out of canonical order.
        if check_order {
            let class = if f & COMBINING != 0 {
                canonical_combining_class(c)
            } else {
                0
            };
            if class != 0 && last_class > class {
                return false;
            }
            last_class = class;
        }
    }
    !options.fix_encoding || repair::gate::finds_nothing(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::fix_and_explain;

    /// The fast path must never claim a text is unchanged when the full pipeline would
    /// change it: checked on one text per fixer, for every preset.
    #[test]
    fn never_skips_work() {
        let texts = [
            "caf\u{e9} &amp; th\u{e9}",
            "\u{1b}[31mrouge\u{1b}[0m \u{e9}t\u{e9}",
            "\u{93}quoted\u{94} \u{e9}",
            "\u{fb01}nance caf\u{e9}",
            "\u{ff21}\u{ff22} caf\u{e9}",
            "\u{201c}caf\u{e9}\u{201d}",
            "caf\u{e9}\r\nnext",
            "caf\u{e9}\u{2028}next",
            "caf\u{e9}\u{feff}",
            "cafe\u{301}",
            "a\u{301}\u{316} \u{e9}",
            "caf\u{c3}\u{a9}",
            "st\u{f8}edu zdroj\u{f9} \u{e8}",
            "\u{1d400} \u{e9}",
        ];
        for options in [
            Options::default(),
            Options::ftfy(),
            Options::encoding_only(),
        ] {
            for text in texts {
                let full = fix_and_explain(text, &options);
                if leaves_unchanged(text, &options) {
                    assert!(!full.changed(), "{text:?} {options:?}");
                    assert_eq!(full.text, text);
                }
            }
        }
    }

    #[test]
    fn clean_text_takes_the_fast_path() {
        for text in [
            "caf\u{e9} cr\u{e8}me",
            "\u{4eca}\u{665a}",
            "\u{434}\u{43e}\u{43c}",
        ] {
            assert!(leaves_unchanged(text, &Options::ftfy()), "{text:?}");
        }
        assert!(!leaves_unchanged("caf\u{c3}\u{a9}", &Options::ftfy()));
        // A curly quote is work for the ftfy preset only.
        assert!(!leaves_unchanged(
            "l\u{2019}hiver est l\u{e0}",
            &Options::ftfy()
        ));
        assert!(leaves_unchanged(
            "l\u{2019}hiver est l\u{e0}",
            &Options::default()
        ));
    }
}
