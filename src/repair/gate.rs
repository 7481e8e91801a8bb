//! Whether `repair` can have anything to do on a text, decided without entering the
//! search: the fast path of `pipeline::fix_and_explain` asks this before running the
//! fixers one by one.
//!
//! It mirrors `repair`'s own early return exactly (no token the gate lets through, and
//! accented letters that fit one orthography), so a `true` here means `repair` returns
//! no edits; it only avoids the token `Vec`s and the per-token records `repair` builds.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};

use super::plausibility::{self, Kind, classify};
use super::{CjkRereads, Context, has_cjk, is_cp1252_extra, search, tokens};
use crate::report::fix::Step;

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
    !suspicious
        && (!has_two_orthography_letters(text) || plausibility::orthography_mismatches(text) < 2)
        && !reads_poorly(text)
}

/// `repair`'s test for a text whose words read like no language, on its non-ASCII tokens
/// (the count is per word, so the sum over tokens is the count on them joined by spaces).
fn reads_poorly(text: &str) -> bool {
    let (latin, cyrillic) = tokens(text)
        .map(|r| &text[r])
        .filter(|token| !token.is_ascii())
        .fold((0, 0), |(l, c), token| {
            (
                l + super::language::unseen_latin1_pairs(token),
                c + super::language::unseen_cyrillic_pairs(token),
            )
        });
    latin >= super::MIN_UNSEEN_FOR_REREADING
        || cyrillic >= super::MIN_UNSEEN_FOR_CYRILLIC_REREADING
        || super::latin_reads_foreign(text)
        || super::latin_symbol_in_word(text)
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
/// One pass over the chars, each looked up in a memo of the per-char tests (`char_bits`);
/// the transition test goes through `pair_is_odd`'s memo.
pub(super) fn is_suspicious(token: &str) -> bool {
    let mut previous_high = false;
    let mut odd_high = 0;
    let mut previous: Option<char> = None;
    for c in token.chars() {
        let bits = char_bits(c);
        if bits & ALONE != 0 {
            return true;
        }
        let h = bits & HIGH != 0;
        if h {
            if previous_high {
                return true;
            }
            if bits & LOWER == 0 {
                odd_high += 1;
                if odd_high >= 2 {
                    return true;
                }
            }
        }
        previous_high = h;
        if let Some(prev) = previous
            && pair_is_odd(prev, c)
        {
            return true;
        }
        previous = Some(c);
    }
    false
}

/// In the windows-1252 high range (U+0080–U+00FF and the cp1252 extras).
const HIGH: u8 = 1 << 0;
/// `char::is_lowercase`.
const LOWER: u8 = 1 << 1;
/// Costly on its own: cost 10 or more (12 for letters from U+0370 on, other than `ÿ`).
const ALONE: u8 = 1 << 2;
/// A letter `orthography_mismatches` counts: non-ASCII, Latin script, alphabetic, below
/// U+1E00, not `ª`/`º`.
const ORTHOGRAPHY_LETTER: u8 = 1 << 3;
/// Lowercases to more than one char (`İ` → `i̇`): counts as two letters.
const MULTI_LOWER: u8 = 1 << 4;
const KNOWN: u8 = 1 << 7;

/// `char_bits_of` for every BMP char seen so far; 0 = not computed yet.
static CHAR_MEMO: [AtomicU8; 0x10000] = [const { AtomicU8::new(0) }; 0x10000];

/// What the gate needs to know about one char, from the model's `classify` (a pure
/// function of the char, so it can be memoized).
fn char_bits_of(c: char) -> u8 {
    let cp = c as u32;
    let info = classify(c);
    let mut bits = KNOWN;
    if (0x80..0x100).contains(&cp) || is_cp1252_extra(c) {
        bits |= HIGH;
    }
    if c.is_lowercase() {
        bits |= LOWER;
    }
    let letter_exempt = info.kind == Kind::Letter && cp >= 0x370 && cp != 0xFF;
    if (info.cost >= 10 && !letter_exempt) || info.cost >= 12 {
        bits |= ALONE;
    }
    if !c.is_ascii()
        && !matches!(c, 'ª' | 'º')
        && info.script == plausibility::Script::Latin
        && c.is_alphabetic()
        && cp < 0x1E00
    {
        bits |= ORTHOGRAPHY_LETTER;
    }
    if c.to_lowercase().nth(1).is_some() {
        bits |= MULTI_LOWER;
    }
    bits
}

#[inline]
fn char_bits(c: char) -> u8 {
    let cp = c as u32;
    if cp >= 0x10000 {
        return char_bits_of(c);
    }
    let slot = &CHAR_MEMO[cp as usize];
    let known = slot.load(Ordering::Relaxed);
    if known != 0 {
        return known;
    }
    let computed = char_bits_of(c);
    slot.store(computed, Ordering::Relaxed);
    computed
}

/// Whether `text` has two different chars `orthography_mismatches` would count as
/// letters; with fewer it has fewer than two distinct letters and returns 0.
fn has_two_orthography_letters(text: &str) -> bool {
    let mut first: Option<char> = None;
    for c in text.chars().filter(|c| !c.is_ascii()) {
        let bits = char_bits(c);
        if bits & ORTHOGRAPHY_LETTER == 0 {
            continue;
        }
        if bits & MULTI_LOWER != 0 {
            return true;
        }
        match first {
            None => first = Some(c),
            Some(f) if f != c => return true,
            Some(_) => {}
        }
    }
    false
}

/// A token's best reading from the first search: text, steps, cost.
type Reading = Option<(String, Vec<Step>, i32)>;

/// Distinct first searches remembered per thread before the memo starts over.
const SEARCH_MEMO_CAPACITY: usize = 8192;

thread_local! {
    /// `search` results of the first pass, by token, its cost and whether a space
    /// follows it: the rest of the text does not enter the first pass (its context is
    /// disabled), so a token searched once gives the same reading everywhere. Real text
    /// repeats its suspicious-looking tokens (`°C`, `€`, words ending in `。`).
    static SEARCH_MEMO: RefCell<SearchMemo> = RefCell::new(HashMap::new());
}

/// First searches by token, its cost and whether a space follows it.
type SearchMemo = HashMap<(String, i32, bool), (Reading, Rereads)>;

/// A CJK token's costs under each CJK page reread as another.
type Rereads = Option<Box<CjkRereads>>;

/// `search(token, token_cost, 0, next_is_space, first_pass)`, memoized per thread, with
/// the token's `CjkRereads` when it has CJK characters. Only for the first pass, whose
/// context holds no scripts and is disabled: later passes depend on the rest of the text.
pub(super) fn first_search(
    token: &str,
    token_cost: i32,
    next_is_space: bool,
    first_pass: &Context,
) -> (Reading, Rereads) {
    let searched = || {
        let mut rereads = has_cjk(token).then(|| Box::new(CjkRereads::new(token_cost)));
        let reading = search(
            token,
            token_cost,
            0,
            next_is_space,
            first_pass,
            rereads.as_deref_mut(),
        );
        (reading, rereads)
    };
    if first_pass.enabled || !first_pass.scripts.is_empty() {
        return searched();
    }
    let key = (token.to_owned(), token_cost, next_is_space);
    if let Some(hit) = SEARCH_MEMO.with(|m| m.borrow().get(&key).cloned()) {
        return hit;
    }
    let result = searched();
    SEARCH_MEMO.with(|m| {
        let mut memo = m.borrow_mut();
        if memo.len() >= SEARCH_MEMO_CAPACITY {
            memo.clear();
        }
        memo.insert(key, result.clone());
    });
    result
}

/// Slots of the transition memo (a power of two).
const PAIR_SLOTS: usize = 1 << 14;
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
            .chain([0x130, 0x149, 0xE01, 0xE31, 0xE48, 0x1E9E, 0x1F600, 0x10400])
            .filter_map(char::from_u32)
            .collect();
        let words = [
            "café",
            "cafÃ©",
            "MÜLLER",
            "“We’re",
            "72°F",
            "£18",
            "Ã\u{a0}",
            "â€”",
            "İstanbul",
            "しました。",
            "浣犲ソ",
            "Разпродажба",
            "ΔΗΜΟΣ",
            "NezamΔ›",
            "【LTIMOS",
            "$̶6̶3̶",
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
            // The orthography pre-check may only skip texts the count gives 0 for.
            for &a in &sample {
                for &b in &sample {
                    let text: String = [a, b, a].iter().collect();
                    if !has_two_orthography_letters(&text) {
                        assert_eq!(plausibility::orthography_mismatches(&text), 0, "{text:?}");
                    }
                }
            }
            for word in words {
                if !has_two_orthography_letters(word) {
                    assert_eq!(plausibility::orthography_mismatches(word), 0, "{word:?}");
                }
            }
        }
    }
}
