//! Whether `repair` can have anything to do on a text, decided without entering the
//! search: the fast path of `pipeline::fix_and_explain` asks this before running the
//! fixers one by one.
//!
//! It mirrors `repair`'s own early return exactly (no token the gate lets through, and
//! accented letters that fit one orthography), so a `true` here means `repair` returns
//! no edits; it only avoids the token `Vec`s and the per-token records `repair` builds.

use std::sync::atomic::{AtomicU64, Ordering};

use super::plausibility::{self, Kind, classify};
use super::{is_cp1252_extra, tokens};

/// True when `repair(text)` certainly returns no edits: every non-ASCII token is one the
/// gate (`is_suspicious`) waves through and the text's Latin letters do not mismatch
/// every orthography (`repair` tries whole-text page rereadings when they do).
pub fn finds_nothing(text: &str) -> bool {
    if text.is_ascii() {
        return true;
    }
    let suspicious = tokens(text).any(|r| {
        let token = &text[r];
        !token.is_ascii() && is_suspicious(token)
    });
    // `repair` counts mismatches on its non-ASCII tokens joined by spaces; ASCII chars
    // and the separators (ASCII or U+3000, not a letter) are skipped by the count, so the
    // whole text gives the same number.
    !suspicious && plausibility::orthography_mismatches(text) < 2
}

/// The cheap gate: a token with only ordinary characters and no odd transitions never
/// enters the search. True when any of these holds:
///
/// - two adjacent characters from the windows-1252 high range: every UTF-8 sequence
///   read as a Latin page gives at least that (`âœ”` is ✔);
/// - two or more non-lowercase characters from that range (`“ú–{` is Shift_JIS);
/// - a character the model finds costly on its own (cost 10 or more; for letters from
///   U+0370 on, other than `ÿ`, 12 or more);
/// - a transition the model charges for.
///
/// One pass over the chars; the transition test goes through `pair_is_odd`'s memo.
pub(super) fn is_suspicious(token: &str) -> bool {
    let high = |c: char| (0x80..0x100).contains(&(c as u32)) || is_cp1252_extra(c);
    let mut previous_high = false;
    let mut odd_high = 0;
    let mut previous: Option<char> = None;
    for c in token.chars() {
        let h = high(c);
        if h {
            if previous_high {
                return true;
            }
            if !c.is_lowercase() {
                odd_high += 1;
                if odd_high >= 2 {
                    return true;
                }
            }
        }
        previous_high = h;
        let info = classify(c);
        if info.cost >= 10 && !(info.kind == Kind::Letter && c as u32 >= 0x370 && c as u32 != 0xFF)
        {
            return true;
        }
        if info.cost >= 12 {
            return true;
        }
        if let Some(prev) = previous
            && pair_is_odd(prev, c)
        {
            return true;
        }
        previous = Some(c);
    }
    false
}

/// Slots of the transition memo (a power of two).
const PAIR_SLOTS: usize = 1 << 12;
/// Direct-mapped memo of `transition(classify(a), classify(b)) > 0`, a pure function
/// of the two chars: each slot holds `a` (bits 0–20), `b` (21–41), the answer (42) and a
/// filled bit (43). A race only computes the same answer twice; a collision evicts.
static PAIR_MEMO: [AtomicU64; PAIR_SLOTS] = [const { AtomicU64::new(0) }; PAIR_SLOTS];
const PAIR_ODD: u64 = 1 << 42;
const PAIR_FILLED: u64 = 1 << 43;

fn pair_is_odd(a: char, b: char) -> bool {
    let key = u64::from(a as u32) | u64::from(b as u32) << 21;
    let hash = key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - PAIR_SLOTS.trailing_zeros());
    let slot = &PAIR_MEMO[hash as usize];
    let entry = slot.load(Ordering::Relaxed);
    if entry & PAIR_FILLED != 0 && entry & (PAIR_ODD - 1) == key {
        return entry & PAIR_ODD != 0;
    }
    let odd = plausibility::transition(&classify(a), &classify(b)) > 0;
    slot.store(
        key | PAIR_FILLED | if odd { PAIR_ODD } else { 0 },
        Ordering::Relaxed,
    );
    odd
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `is_suspicious` as it was written before it became one pass: three passes and no
    /// memo. The fast version must agree on every token.
    fn reference(token: &str) -> bool {
        let high = |c: char| (0x80..0x100).contains(&(c as u32)) || is_cp1252_extra(c);
        let mut previous_high = false;
        for c in token.chars() {
            let h = high(c);
            if h && previous_high {
                return true;
            }
            previous_high = h;
        }
        let odd_high = token
            .chars()
            .filter(|&c| high(c) && !c.is_lowercase())
            .count();
        if odd_high >= 2 {
            return true;
        }
        let mut previous = None;
        for c in token.chars() {
            let info = classify(c);
            if info.cost >= 10
                && !(info.kind == Kind::Letter && c as u32 >= 0x370 && c as u32 != 0xFF)
            {
                return true;
            }
            if info.cost >= 12 {
                return true;
            }
            if let Some(prev) = previous
                && plausibility::transition(&prev, &info) > 0
            {
                return true;
            }
            previous = Some(info);
        }
        false
    }

    #[test]
    fn one_pass_gate_matches_the_reference() {
        // Every pair of a sample of chars from the scripts the model knows, plus words
        // from the fixtures' languages; twice, so the second round reads the memo.
        let sample: Vec<char> = (0x20u32..0x600)
            .step_by(3)
            .chain((0x2000..0x2200).step_by(5))
            .chain((0x2500..0x2600).step_by(7))
            .chain((0x3000..0x3100).step_by(3))
            .chain((0x4E00..0x4F00).step_by(17))
            .chain((0xAC00..0xAD00).step_by(19))
            .chain((0xFF00..0xFFF0).step_by(5))
            .chain([0xE01, 0xE31, 0xE48, 0x1F600, 0x10400])
            .filter_map(char::from_u32)
            .collect();
        let words = [
            "café", "cafÃ©", "MÜLLER", "“We’re", "72°F", "£18", "Ã\u{a0}", "â€”", "İstanbul",
            "しました。", "浣犲ソ", "Разпродажба", "ΔΗΜΟΣ", "NezamΔ›", "【LTIMOS", "$̶6̶3̶",
        ];
        for _ in 0..2 {
            for &a in &sample {
                for &b in &sample {
                    let token: String = [a, b, a].iter().collect();
                    assert_eq!(is_suspicious(&token), reference(&token), "{token:?}");
                }
            }
            for word in words {
                assert_eq!(is_suspicious(word), reference(word), "{word:?}");
            }
        }
    }
}
