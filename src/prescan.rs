//! The fast path of `pipeline::fix_and_explain`: one pass over a field that shows which
//! fixers have anything to do. When none has, or only the cheap char-for-char ones
//! (straightening quotes, narrowing fullwidth forms), and the repair finds nothing, the
//! field is cleaned here without the rounds of per-fixer passes and copies.
//!
//! Each char is looked up once in a table of what the fixers act on (built from the
//! fixers' own predicates, memoized per BMP code point); a char another fixer in force
//! acts on sends the field down the full pipeline. The repair decides with its own gate
//! (`repair::gate::finds_nothing`), or by running when the gate cannot tell. Every test is
//! conservative: a `Full` verdict only costs the full pipeline, which gives the same
//! answer.

use std::sync::atomic::{AtomicU16, Ordering};

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, is_nfc_quick};

use crate::normalize::{self, Normalization};
use crate::pipeline::{Cleaned, HtmlMode, Options};
use crate::repair;
use crate::report::fix::{Edit, FixList};

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

/// Fixers that only map chars one by one and which `light` applies itself: a field with
/// curly quotes or fullwidth forms but nothing else to do (common in clean text) is
/// cleaned by these two passes instead of the rounds of every fixer.
const CHEAP: u16 = WIDTH | CURLY_QUOTE;

/// The flags of the chars of `text` that mean work for the fixers in force, or `None`
/// when the full pipeline must run anyway (a normalization form this pass does not
/// check, or combining marks out of canonical order).
fn fixer_work(text: &str, options: &Options) -> Option<u16> {
    let mask = work_mask(options)?;
    let check_order = options.normalization == Normalization::Nfc;
    let mut work = 0;
    let mut last_class = 0u8;
    for c in text.chars() {
        let f = flags(c);
        work |= f & mask;
        // `is_nfc_quick` says "no" when combining marks are out of canonical order.
        if check_order {
            let class = if f & COMBINING != 0 {
                canonical_combining_class(c)
            } else {
                0
            };
            if class != 0 && last_class > class {
                return None;
            }
            last_class = class;
        }
    }
    Some(work)
}

/// True when `fix_and_explain(text, options)` certainly returns `text` with no fixes:
/// no char any fixer in force acts on, already NFC (as `is_nfc_quick` would say "yes"),
/// and nothing for the repair.
#[cfg(test)]
pub(crate) fn leaves_unchanged(text: &str, options: &Options) -> bool {
    fixer_work(text, options) == Some(0)
        && (!options.fix_encoding || repair::gate::finds_nothing(text))
}

/// What `light` found: the cleaned field, or that the full pipeline must run (with the
/// repair's edits of the unchanged field when they were already computed).
pub(crate) enum Light {
    Done(Cleaned),
    Full(Option<Vec<Edit>>),
}

/// The repair's edits on `text`, or an empty list when its gate proves there are none.
fn repair_edits(text: &str) -> Vec<Edit> {
    if repair::gate::finds_nothing(text) {
        Vec::new()
    } else {
        repair::repair(text)
    }
}

/// `fix_and_explain(text, options)` when the fixers in force have nothing to do on
/// `text` but straighten quotes and narrow fullwidth forms, and the repair has nothing to
/// do: the same result the rounds of the full pipeline would give (round 0: the repair
/// finds nothing, only the cheap fixers act; round 1, on their output: nothing at all,
/// which is checked here), without its per-fixer passes and copies.
pub(crate) fn light(text: &str, options: &Options) -> Light {
    let Some(work) = fixer_work(text, options) else {
        return Light::Full(None);
    };
    if work & !CHEAP != 0 {
        return Light::Full(None);
    }
    if options.fix_encoding {
        let edits = repair_edits(text);
        if !edits.is_empty() {
            return Light::Full(Some(edits));
        }
    }
    let mut current = text.to_owned();
    if work == 0 {
        return Light::Done(Cleaned {
            text: current,
            fixes: Vec::new(),
        });
    }
    let mut list = FixList::default();
    // The order of the full pipeline: width, then quotes.
    for (bit, fixer) in [
        (
            WIDTH,
            normalize::fix_character_width as fn(&str) -> Vec<Edit>,
        ),
        (CURLY_QUOTE, normalize::uncurl_quotes),
    ] {
        if work & bit != 0 {
            let edits = fixer(&current);
            if !edits.is_empty() {
                current = list.apply(&current, edits);
            }
        }
    }
    // The full pipeline's next round reads the changed text again (`＆` became `&`;
    // `ｶﾞ` became `カ` and a combining mark NFC composes; a quote ended a word): only a
    // round that finds nothing to do ends it as here.
    if fixer_work(&current, options) != Some(0)
        || (options.fix_encoding && !repair_edits(&current).is_empty())
    {
        return Light::Full(None);
    }
    let fixes = list.finish(text, &current);
    Light::Done(Cleaned {
        text: current,
        fixes,
    })
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

    /// The fast paths (`light`, and the repair edits it hands on) must give exactly what
    /// the rounds of the full pipeline give, fixes included, on every fixture line.
    #[test]
    fn light_path_matches_the_full_pipeline_on_the_fixtures() {
        let mut extra: Vec<String> = [
            "\u{ff06}amp; caf\u{e9}",
            "\u{ff76}\u{ff9e}\u{ff76}\u{ff9e} \u{201c}x\u{201d}",
            "\u{201c}caf\u{c3}\u{a9}\u{201d}",
            "\u{2018}\u{e2}\u{20ac}\u{2122}",
            "\u{3000}\u{201c}\u{ff21}\u{ff22}\u{201d}\u{3000}",
            "l\u{2019}\u{e9}t\u{e9} \u{fffd} d\u{e9}j\u{e0}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        extra.extend(crate::test_fixtures::texts());
        for options in [
            Options::ftfy(),
            Options::default(),
            Options::encoding_only(),
        ] {
            for text in &extra {
                let fast = crate::pipeline::fix_and_explain(text, &options);
                let full = crate::pipeline::fix_in_rounds(text, &options, None);
                assert_eq!(fast, full, "{text:?} {options:?}");
            }
        }
    }
}
