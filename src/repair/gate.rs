//! Whether `repair` can have anything to do on a text, decided without entering the
//! search: the fast path of `pipeline::fix_and_explain` asks this before running the
//! fixers one by one.
//!
//! It mirrors `repair`'s own early return exactly (no token the gate lets through,
//! accented letters that fit one orthography, words that read like some language), so a
//! `true` here means `repair` returns no edits; it only avoids the token `Vec`s and the
//! per-token records `repair` builds, in one pass with a table lookup per char.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use super::language;
use super::plausibility::{self, Kind, Script, classify, cost};
#[cfg(test)]
use super::tokens;
use super::{CjkRereads, Context, HungarianLetter, has_cjk, is_cp1252_extra, search};
use crate::report::fix::Step;

/// True when `repair(text)` certainly returns no edits, by `repair`'s own early return:
/// every non-ASCII token is one the gate (`is_suspicious`) waves through or whose first
/// search (memoized, as `repair` runs it) finds no reading, no CJK line rereading, the
/// text's Latin letters do not mismatch every orthography (`repair` tries whole-text page
/// rereadings when they do), its words do not read like no language, and no lone CJK
/// character among Latin words.
///
/// One pass over the non-ASCII tokens, each char looked up once in `gate_bits` (ASCII
/// tokens are skipped on their bytes: none of the three tests counts them); the same
/// answer as `finds_nothing_reference`, which makes a pass per test.
pub fn finds_nothing(text: &str) -> bool {
    if text.is_ascii() {
        return true;
    }
    let bytes = text.as_bytes();
    // Whether the ASCII byte at `at` separates tokens: ASCII whitespace, but a space after
    // a non-ASCII char that may be an NBSP inside a character (`repair`'s tokens keep
    // `æ ¼` whole).
    let separates = |at: usize| {
        let b = bytes[at];
        matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
            && !(b == b' '
                && at > 0
                && bytes[at - 1] >= 0x80
                && super::space_inside_sequence(text, at))
    };
    let mut scan = Scan::default();
    let mut start = 0;
    while start < bytes.len() {
        // ASCII tokens are skipped: jump to the token of the next non-ASCII byte, which
        // starts after the last separator before it (every byte between is ASCII, so
        // the separators there are ASCII whitespace), or stop when there is none.
        let Some(offset) = first_non_ascii(&bytes[start..]) else {
            break;
        };
        let next_high = start + offset;
        if let Some(last) = (start..next_high).rev().find(|&at| separates(at)) {
            start = last + 1;
        }
        // Token bounds on the bytes: the separators are ASCII whitespace or U+3000
        // (E3 80 80), and neither can occur inside another char's UTF-8. Only the bytes
        // that may start one are looked at (eight bytes at a time in between).
        let mut end = start;
        loop {
            let Some(offset) = first_separator_candidate(&bytes[end..]) else {
                end = bytes.len();
                break;
            };
            end += offset;
            let b = bytes[end];
            if (b < 0x80 && separates(end))
                || (b == 0xE3 && bytes[end..].starts_with("\u{3000}".as_bytes()))
            {
                break;
            }
            end += 1;
        }
        // (The token holds the byte at `next_high` unless it ends before.)
        let ascii = end <= next_high;
        let next_is_space = bytes.get(end) == Some(&b' ');
        if !ascii && !scan.token(&text[start..end], next_is_space) {
            return false;
        }
        // Skip the separator (one byte, or three for U+3000).
        start = end
            + if bytes.get(end).is_some_and(|&b| b >= 0x80) {
                3
            } else {
                1
            };
    }
    // A lone CJK character among Latin words (`Il bando 猫 disponibile`) is searched
    // as an island however ordinary it looks.
    // (The separators are no letters: any ASCII letter of the text is in a token.)
    if scan.lone_cjk && bytes.iter().any(u8::is_ascii_alphabetic) {
        return false;
    }
    // CJK words without a reading of their own may still share one as a line.
    if !scan.rereads.is_empty() {
        let words: Vec<&CjkRereads> = scan.rereads.iter().collect();
        if !super::cjk_line_chains(&words).is_empty() {
            return false;
        }
    }
    let mismatches = if scan.letters_overflow {
        plausibility::orthography_mismatches(text)
    } else {
        plausibility::mismatches_among(&scan.letters[..scan.letter_count])
    };
    // `repair`'s whole-text tests for a Latin page shown as latin-1, their pre-checks
    // answered by the scan (every char of the text that is no ASCII char or separator
    // went through it): `latin_reads_foreign` needs a latin-1 letter another Latin page
    // reads as another letter, and no Hungarian written in latin-1; `latin_symbol_in_word`
    // needs one of its symbols.
    let hungarian = scan.seen & HUNGARIAN_STAND_IN != 0 && scan.seen & NOT_HUNGARIAN == 0;
    let reads_foreign =
        scan.seen & LATIN1_AMBIGUOUS != 0 && !hungarian && super::latin_pairs_read_foreign(text);
    let symbol_in_word = scan.seen & WORD_SYMBOL != 0 && super::latin_symbol_in_word(text);
    mismatches < 2
        && !reads_foreign
        && !symbol_in_word
        && !super::cp1252_sign_in_word(text)
        && super::latin_pages::rereading(text).is_none()
}

/// Where the first byte of `bytes` of 0x80 or more is, eight bytes at a time.
#[inline]
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    first_marked(bytes, |w| w & HIGH_BITS, |b| b >= 0x80)
}

/// Where the first byte of `bytes` that may start a token separator is: 0x20 or below
/// (ASCII whitespace is), or E3 (U+3000's lead), eight bytes at a time. The lowest byte
/// the word tests mark is exact (they may also mark bytes above a marked one).
#[inline]
fn first_separator_candidate(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    first_marked(
        bytes,
        |w| {
            // Bytes below 0x21 (an ASCII byte whose subtraction borrows), and bytes
            // equal to E3 (zero after the xor).
            let low = w.wrapping_sub(ONES * 0x21) & !w & HIGH_BITS;
            let e3 = w ^ (ONES * 0xE3);
            low | (e3.wrapping_sub(ONES) & !e3 & HIGH_BITS)
        },
        |b| b <= 0x20 || b == 0xE3,
    )
}

/// The first byte of `bytes` that `mark_byte` marks, found eight bytes at a time:
/// `mark_word` sets the high bit of each byte it marks in a little-endian word (the
/// lowest set bit exact), and `mark_byte` tests the tail.
#[inline]
fn first_marked(
    bytes: &[u8],
    mark_word: impl Fn(u64) -> u64,
    mark_byte: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let marked = mark_word(u64::from_le_bytes(eight));
        if marked != 0 {
            return Some(at + (marked.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| mark_byte(b))
        .map(|i| at + i)
}

/// Calls `add` with each lower-case letter `plausibility::orthography_mismatches` counts
/// in `text`, in order (`plausibility::orthography_letters_reference` is the definition):
/// non-ASCII Latin letters below U+1E00 but `ª` `º`, lowercased.
pub(super) fn orthography_letters(text: &str, mut add: impl FnMut(char)) {
    for c in text.chars() {
        if c.is_ascii() {
            continue;
        }
        let g = gate_bits(c);
        if (g >> CHAR_BITS_SHIFT) as u8 & ORTHOGRAPHY_LETTER == 0 {
            continue;
        }
        if g & OWN_LOWER != 0 {
            add(c);
        } else {
            c.to_lowercase().for_each(&mut add);
        }
    }
}

/// Room for distinct accented Latin letters before `finds_nothing` counts them again.
const LETTER_ROOM: usize = 24;

/// What `finds_nothing` has gathered so far over the tokens.
struct Scan {
    latin_unseen: u32,
    cyrillic_unseen: u32,
    /// The distinct lower-case letters `orthography_mismatches` counts.
    letters: [char; LETTER_ROOM],
    letter_count: usize,
    letters_overflow: bool,
    /// Some token is a lone CJK character (`repair`'s `is_lone_cjk`).
    lone_cjk: bool,
    /// The CJK rereadings of the suspicious tokens, for `repair`'s line chains.
    rereads: Vec<CjkRereads>,
    /// The `gate_bits` of every char of the non-ASCII tokens, or-ed.
    seen: u64,
}

impl Default for Scan {
    fn default() -> Scan {
        Scan {
            latin_unseen: 0,
            cyrillic_unseen: 0,
            letters: ['\0'; LETTER_ROOM],
            letter_count: 0,
            letters_overflow: false,
            lone_cjk: false,
            rereads: Vec::new(),
            seen: 0,
        }
    }
}

impl Scan {
    /// Adds a non-ASCII token; false when it settles that `repair` may have work.
    fn token(&mut self, token: &str, next_is_space: bool) -> bool {
        // `is_suspicious`'s state.
        let mut suspicious = false;
        let mut previous_high = false;
        let mut odd_high = 0;
        let mut previous: Option<(char, u64)> = None;
        // `language::unseen_pairs`' state: the previous letter's slot, 0 at a boundary.
        let (mut latin_prev, mut cyrillic_prev) = (0u8, 0u8);
        let (mut latin, mut cyrillic) = (0u32, 0u32);
        // `is_lone_cjk`: CJK characters, and whether another letter rules it out.
        let (mut cjk, mut other_letter) = (0, false);
        // The token's `gate_bits`, or-ed.
        let mut seen = 0;
        for c in token.chars() {
            let g = gate_bits(c);
            seen |= g;
            if g & CJK_SCRIPT != 0 && !c.is_ascii() {
                cjk += 1;
            } else {
                other_letter |= g & ALPHABETIC != 0;
            }
            let bits = (g >> CHAR_BITS_SHIFT) as u8;
            if !suspicious {
                suspicious = bits & ALONE != 0;
                let h = bits & HIGH != 0;
                if h {
                    suspicious |= previous_high;
                    if bits & LOWER == 0 {
                        odd_high += 1;
                        suspicious |= odd_high >= 2;
                    }
                }
                previous_high = h;
                suspicious |= previous.is_some_and(|(prev, prev_bits)| {
                    !plain_letter_pair(prev_bits, g) && pair_is_odd(prev, c)
                });
                previous = Some((c, g));
            }

            let latin_slot = (g & LATIN_SLOT) as u8;
            let cyrillic_slot = ((g & CYRILLIC_SLOT) >> CYRILLIC_SHIFT) as u8;
            let boundary = g & BOUNDARY != 0;
            if latin_slot != 0 {
                latin += u32::from(language::latin1_pair_unseen(latin_prev, latin_slot));
            } else if latin_prev != 0 && boundary {
                latin += u32::from(language::latin1_pair_unseen(latin_prev, 0));
            }
            latin_prev = latin_slot;
            if cyrillic_slot != 0 {
                cyrillic += u32::from(language::cyrillic_pair_unseen(cyrillic_prev, cyrillic_slot));
            } else if cyrillic_prev != 0 && boundary {
                cyrillic += u32::from(language::cyrillic_pair_unseen(cyrillic_prev, 0));
            }
            cyrillic_prev = cyrillic_slot;

            if bits & ORTHOGRAPHY_LETTER != 0 {
                if g & OWN_LOWER != 0 {
                    self.add_letter(c);
                } else {
                    for lower in c.to_lowercase() {
                        self.add_letter(lower);
                    }
                }
            }
        }
        if latin_prev != 0 {
            latin += u32::from(language::latin1_pair_unseen(latin_prev, 0));
        }
        if cyrillic_prev != 0 {
            cyrillic += u32::from(language::cyrillic_pair_unseen(cyrillic_prev, 0));
        }
        self.seen |= seen;
        // (`lead_between_lowercase` needs one of `Ã` `Ä` `Å`.)
        suspicious = suspicious || (seen & LEAD_CAPITAL != 0 && lead_between_lowercase(token));
        self.lone_cjk |= cjk == 1 && !other_letter;
        self.latin_unseen += latin;
        self.cyrillic_unseen += cyrillic;
        if self.latin_unseen >= super::MIN_UNSEEN_FOR_REREADING
            || self.cyrillic_unseen >= super::MIN_UNSEEN_FOR_CYRILLIC_REREADING
        {
            return false;
        }
        if suspicious {
            // `repair` searches the token first: only a search that finds no reading
            // leaves it nothing to do (`°C`, `€`, `CAPÍTULO`). The memo shares the
            // search with `repair` when the gate says no.
            let first_pass = Context {
                scripts: Vec::new(),
                enabled: false,
            };
            let (_, best, rereads) = first_search(token, next_is_space, &first_pass);
            if best.is_some() {
                return false;
            }
            self.rereads.extend(rereads.map(|r| *r));
        }
        true
    }

    fn add_letter(&mut self, c: char) {
        if self.letters[..self.letter_count].contains(&c) {
            return;
        }
        if self.letter_count == LETTER_ROOM {
            self.letters_overflow = true;
            return;
        }
        self.letters[self.letter_count] = c;
        self.letter_count += 1;
    }
}

/// `finds_nothing` as three passes over the text's tokens, one per test: the definition
/// the one-pass scan must agree with.
#[cfg(test)]
fn finds_nothing_reference(text: &str) -> bool {
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
    let lone_cjk = text.bytes().any(|b| b.is_ascii_alphabetic())
        && tokens(text).any(|r| !text[r.clone()].is_ascii() && super::is_lone_cjk(&text[r]));
    !suspicious
        && (!has_two_orthography_letters(text) || plausibility::orthography_mismatches(text) < 2)
        && !reads_poorly(text)
        && !lone_cjk
        && super::latin_pages::rereading(text).is_none()
}

#[cfg(test)]
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
        || super::cp1252_sign_in_word(text)
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
    // `lead_between_lowercase` needs one of `Ã` `Ä` `Å`.
    let mut lead = false;
    for c in token.chars() {
        lead |= matches!(c, '\u{C3}'..='\u{C5}');
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
    lead && lead_between_lowercase(token)
}

/// Whether `Ã` stands between lowercase letters (`MedellÃn`), or `Ä` `Å` after a letter
/// and before a lowercase one (`maksÄt`, `UÄenici`): no orthography writes those
/// capitals inside a word, but UTF-8 read as windows-1252 leaves them when a display
/// drops a byte (a soft hyphen from `í`, C3 AD; an undefined 81 or 8D from `ā`, `č`).
/// The character model sees a plain pair of Latin letters, so the gate asks for them by
/// name.
fn lead_between_lowercase(token: &str) -> bool {
    // (`Ã` `Ä` `Å` are C3 83–85: the byte search is the cheap pre-check.)
    let bytes = token.as_bytes();
    if !memchr::memchr_iter(0xC3, bytes).any(|at| matches!(bytes.get(at + 1), Some(0x83..=0x85))) {
        return false;
    }
    let chars: Vec<char> = token.chars().collect();
    chars.windows(3).any(|w| match w[1] {
        'Ã' => w[0].is_lowercase() && w[2].is_lowercase(),
        'Ä' | 'Å' => w[0].is_alphabetic() && w[2].is_lowercase(),
        _ => false,
    })
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

/// Where `char_bits_of` sits in `gate_bits`; below it, what `finds_nothing` needs for
/// the unseen letter pairs and the orthography count.
const CHAR_BITS_SHIFT: u32 = 16;
/// `language::pair_slots`: the windows-1252 slot (bits 0–7), the Cyrillic slot (8–13),
/// and whether a char of neither is a word boundary.
const LATIN_SLOT: u64 = 0xFF;
const CYRILLIC_SHIFT: u32 = 8;
const CYRILLIC_SLOT: u64 = 0x3F << CYRILLIC_SHIFT;
const BOUNDARY: u64 = 1 << 14;
/// Lowercases to itself (then `orthography_mismatches` counts the char as it is).
const OWN_LOWER: u64 = 1 << 15;
/// `classify(c).script` is CJK or Hangul (what `is_lone_cjk` counts).
const CJK_SCRIPT: u64 = 1 << 24;
/// `char::is_alphabetic`.
const ALPHABETIC: u64 = 1 << 25;
/// `repair::is_latin1_ambiguous`.
const LATIN1_AMBIGUOUS: u64 = 1 << 26;
/// `õ` `û` `Õ` `Û`: Hungarian written in latin-1 (`repair::hungarian_letter`).
const HUNGARIAN_STAND_IN: u64 = 1 << 27;
/// A non-ASCII letter Hungarian written in latin-1 does not have.
const NOT_HUNGARIAN: u64 = 1 << 28;
/// A symbol `repair::latin_symbol_in_word` looks for.
const WORD_SYMBOL: u64 = 1 << 29;
/// `Ã` `Ä` `Å`, which `lead_between_lowercase` looks for.
const LEAD_CAPITAL: u64 = 1 << 30;
const GATE_KNOWN: u64 = 1 << 31;
/// For `plain_letter_pair`: a letter to `classify`, outside the ranges `transition`
/// looks at by code point (box drawing, combining diacritics), its case as `classify`
/// has it, and its script.
const PAIR_LETTER: u64 = 1 << 32;
const INFO_LOWER: u64 = 1 << 33;
const INFO_UPPER: u64 = 1 << 34;
const SCRIPT_SHIFT: u32 = 35;
const SCRIPT_MASK: u64 = 0xF << SCRIPT_SHIFT;
/// For `plain_letter_pair`: kana, and Han that Japanese cannot write, which `transition`
/// charges when they meet.
const PAIR_KANA: u64 = 1 << 40;
const PAIR_HAN_OUTSIDE_JIS: u64 = 1 << 41;

/// `gate_bits_of` for every BMP char seen so far; 0 = not computed yet. (A race only
/// computes the same value twice.)
static GATE_MEMO: [AtomicU64; 0x10000] = [const { AtomicU64::new(0) }; 0x10000];

fn gate_bits_of(c: char) -> u64 {
    let (latin, cyrillic, boundary) = language::pair_slots(c);
    let mut lower = c.to_lowercase();
    let own_lower = lower.next() == Some(c) && lower.next().is_none();
    debug_assert!(u64::from(cyrillic) << CYRILLIC_SHIFT <= CYRILLIC_SLOT);
    GATE_KNOWN
        | u64::from(char_bits_of(c)) << CHAR_BITS_SHIFT
        | u64::from(latin)
        | u64::from(cyrillic) << CYRILLIC_SHIFT
        | if boundary { BOUNDARY } else { 0 }
        | if own_lower { OWN_LOWER } else { 0 }
        | if matches!(classify(c).script, Script::Cjk | Script::Hangul) {
            CJK_SCRIPT
        } else {
            0
        }
        | if c.is_alphabetic() { ALPHABETIC } else { 0 }
        | pair_bits(c)
        | latin_page_bits(c)
        | if matches!(c, '\u{C3}'..='\u{C5}') {
            LEAD_CAPITAL
        } else {
            0
        }
}

/// What `repair`'s whole-text tests for a Latin page shown as latin-1 look at first.
fn latin_page_bits(c: char) -> u64 {
    let letter = !c.is_ascii() && c.is_alphabetic();
    let hungarian = super::hungarian_letter(c);
    let mut bits = 0;
    if super::is_latin1_ambiguous(c) {
        bits |= LATIN1_AMBIGUOUS;
    }
    if letter && hungarian == HungarianLetter::StandIn {
        bits |= HUNGARIAN_STAND_IN;
    }
    if letter && hungarian == HungarianLetter::Other {
        bits |= NOT_HUNGARIAN;
    }
    if super::is_latin_symbol(c) {
        bits |= WORD_SYMBOL;
    }
    bits
}

fn pair_bits(c: char) -> u64 {
    let info = classify(c);
    let cp = c as u32;
    let letter = info.kind == Kind::Letter
        && !(0x2500..=0x259F).contains(&cp)
        && !(0x300..=0x36F).contains(&cp);
    debug_assert!((info.script as u64) < 16);
    let letter = if letter { PAIR_LETTER } else { 0 };
    letter
        | if plausibility::is_kana(c) {
            PAIR_KANA
        } else {
            0
        }
        | if plausibility::han_outside_jis(c) {
            PAIR_HAN_OUTSIDE_JIS
        } else {
            0
        }
        | if info.lower { INFO_LOWER } else { 0 }
        | if info.upper { INFO_UPPER } else { 0 }
        | (info.script as u64) << SCRIPT_SHIFT
}

/// Two letters of one script, not a lower-case letter before a capital nor kana beside
/// a Han character Japanese lacks: `transition` charges them nothing (its other terms
/// need a symbol, digit, mark or punctuation, or a code point `PAIR_LETTER` excludes).
/// Spares `pair_is_odd`'s memo, whose lookups miss the cache.
#[inline]
fn plain_letter_pair(a: u64, b: u64) -> bool {
    // (No char is both kana, U+3041–U+30FA, and Han, U+4E00–U+9FFF: kana on one side and
    // such Han on the other is both bits among the pair's.)
    let both = a | b;
    a & b & PAIR_LETTER != 0
        && (a ^ b) & SCRIPT_MASK == 0
        && !(a & INFO_LOWER != 0 && b & INFO_UPPER != 0)
        && both & (PAIR_KANA | PAIR_HAN_OUTSIDE_JIS) != PAIR_KANA | PAIR_HAN_OUTSIDE_JIS
}

/// `char::is_alphabetic`, answered from the gate's memo for the BMP: the dominant-chain
/// pass asks it of every char of every reading of every chain, and the standard
/// library's answer is a table search per non-ASCII char.
#[inline]
pub(super) fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else if (c as u32) < 0x10000 {
        gate_bits(c) & ALPHABETIC != 0
    } else {
        c.is_alphabetic()
    }
}

#[inline]
fn gate_bits(c: char) -> u64 {
    let cp = c as u32;
    if cp >= 0x10000 {
        return gate_bits_of(c);
    }
    let slot = &GATE_MEMO[cp as usize];
    let known = slot.load(Ordering::Relaxed);
    if known != 0 {
        return known;
    }
    let computed = gate_bits_of(c);
    slot.store(computed, Ordering::Relaxed);
    computed
}

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
    (gate_bits(c) >> CHAR_BITS_SHIFT) as u8
}

#[cfg(test)]
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

/// Distinct tokens remembered per thread before the memo starts over.
const SEARCH_MEMO_CAPACITY: usize = 8192;

thread_local! {
    /// `search` results of the first pass, by token and whether a space follows it: the
    /// rest of the text does not enter the first pass (its context is disabled), so a
    /// token searched once gives the same reading everywhere. Real text repeats its
    /// suspicious-looking tokens (`°C`, `€`, words ending in `。`).
    static SEARCH_MEMO: RefCell<SearchMemo> = RefCell::new(HashMap::new());
}

/// A token's cost and its first searches, by whether a space follows it. Keyed by the
/// token alone, so a lookup borrows it instead of building a key.
struct Searched {
    cost: i32,
    results: [Option<(Reading, Rereads)>; 2],
}

type SearchMemo = HashMap<String, Searched>;

/// A CJK token's costs under each CJK page reread as another.
type Rereads = Option<Box<CjkRereads>>;

/// The token's cost and `search(token, cost, 0, next_is_space, first_pass)`, memoized
/// per thread, with the token's `CjkRereads` when it has CJK characters. Only for the
/// first pass, whose context holds no scripts and is disabled: later passes depend on the
/// rest of the text.
pub(super) fn first_search(
    token: &str,
    next_is_space: bool,
    first_pass: &Context,
) -> (i32, Reading, Rereads) {
    let searched = |token_cost: i32| {
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
        let token_cost = cost(token);
        let (reading, rereads) = searched(token_cost);
        return (token_cost, reading, rereads);
    }
    let slot = usize::from(next_is_space);
    // (The memo is not borrowed during the search.)
    let known = SEARCH_MEMO.with(|m| {
        let memo = m.borrow();
        let entry = memo.get(token)?;
        Some(match &entry.results[slot] {
            Some((reading, rereads)) => Ok((entry.cost, reading.clone(), rereads.clone())),
            None => Err(entry.cost),
        })
    });
    let token_cost = match known {
        Some(Ok(hit)) => return hit,
        Some(Err(known_cost)) => known_cost,
        None => cost(token),
    };
    let (reading, rereads) = searched(token_cost);
    SEARCH_MEMO.with(|m| {
        let mut memo = m.borrow_mut();
        if memo.len() >= SEARCH_MEMO_CAPACITY && !memo.contains_key(token) {
            memo.clear();
        }
        let entry = memo.entry(token.to_owned()).or_insert_with(|| Searched {
            cost: token_cost,
            results: [None, None],
        });
        entry.results[slot] = Some((reading.clone(), rereads.clone()));
    });
    (token_cost, reading, rereads)
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
        lead_between_lowercase(token)
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

    #[test]
    fn first_non_ascii_is_the_first_high_byte() {
        let long = "plain ASCII words, more than eight bytes of them ".repeat(2);
        for at in 0..long.len() {
            let mut bytes = long.clone().into_bytes();
            assert_eq!(first_non_ascii(&bytes[..at]), None);
            bytes[at] = 0xC3;
            for from in 0..=at {
                assert_eq!(first_non_ascii(&bytes[from..]), Some(at - from));
            }
        }
    }

    /// The word-at-a-time search gives the first byte the byte-wise test picks, wherever
    /// it sits in a word, after any bytes (those that borrow included).
    #[test]
    fn separator_candidates_word_at_a_time() {
        let slow = |bytes: &[u8]| bytes.iter().position(|&b| b <= 0x20 || b == 0xE3);
        let fillers = [b'a', 0x21, 0x7F, 0x80, 0xE2, 0xE4, 0xFF];
        let marks = [0x00, 0x01, 0x09, 0x0A, 0x0D, 0x20, 0xE3];
        for len in 0..20 {
            for &filler in &fillers {
                let plain = vec![filler; len];
                assert_eq!(first_separator_candidate(&plain), slow(&plain));
                for at in 0..len {
                    for &mark in &marks {
                        let mut bytes = plain.clone();
                        bytes[at] = mark;
                        // (A second mark after it must not move the answer.)
                        if at + 1 < len {
                            bytes[at + 1] = 0x01;
                        }
                        assert_eq!(first_separator_candidate(&bytes), slow(&bytes), "{bytes:?}");
                    }
                }
            }
        }
    }

    /// The one-pass `finds_nothing` must agree with its three-pass definition on every
    /// fixture line and its variants.
    #[test]
    fn one_pass_finds_nothing_matches_the_reference_on_the_fixtures() {
        for text in crate::test_fixtures::texts() {
            check_against_reference(&text);
        }
    }

    /// The one-pass gate agrees with the three-pass one where no token is suspicious;
    /// where some is, it also says yes when their searches find nothing, so it must say
    /// yes wherever the reference does, and `repair` must then find nothing.
    fn check_against_reference(text: &str) {
        let fast = finds_nothing(text);
        let reference = finds_nothing_reference(text);
        let suspicious =
            tokens(text).any(|r| !text[r.clone()].is_ascii() && is_suspicious(&text[r]));
        if suspicious {
            assert!(fast || !reference, "{text:?}");
        } else {
            assert_eq!(fast, reference, "{text:?}");
        }
        if fast {
            assert!(super::super::repair(text).is_empty(), "{text:?}");
        }
    }

    proptest::proptest! {
        /// ... and on random texts of the chars the tests look at: separators, ASCII,
        /// Latin-1 and windows-1252 letters, Cyrillic, Greek, CJK, marks and symbols.
        #[test]
        fn one_pass_finds_nothing_matches_the_reference(
            text in "[ \t\u{3000}a-zA-Z0-9.,'\u{a0}-\u{ff}\u{152}\u{153}\u{160}\u{161}\u{17d}\u{17e}\u{178}\u{192}\u{130}\u{131}\u{1e9e}\u{2013}\u{2019}\u{201c}\u{20ac}\u{2122}\u{400}-\u{45f}\u{391}-\u{3c9}\u{300}-\u{302}\u{4e00}-\u{4e20}\u{3001}\u{3002}\u{2500}-\u{2503}]{0,40}"
        ) {
            check_against_reference(&text);
        }
    }

    /// The table-driven letters of the orthography count must be the ones its
    /// definition picks, on every fixture line and on random text.
    #[test]
    fn orthography_letters_match_the_reference() {
        let mut texts = crate::test_fixtures::texts();
        texts.push("\u{130}stanbul \u{1e9e} \u{aa}\u{ba} \u{1ec7} \u{212a}".to_owned());
        for text in texts {
            let mut letters = Vec::new();
            orthography_letters(&text, |c| letters.push(c));
            assert_eq!(
                letters,
                plausibility::orthography_letters_reference(&text),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn orthography_letters_match_the_reference_on_any_text(text in "\\PC{0,40}") {
            let mut letters = Vec::new();
            orthography_letters(&text, |c| letters.push(c));
            proptest::prop_assert_eq!(letters, plausibility::orthography_letters_reference(&text));
        }
    }

    /// What the gate claims, checked against `repair` itself: on every fixture line and
    /// variant, and on each CJK character alone among Latin words (`repair` searches
    /// such a character as an island, and the gate once missed that).
    #[test]
    fn finds_nothing_means_repair_finds_nothing() {
        let mut texts = crate::test_fixtures::texts();
        for cp in (0x4E00u32..0x9FFF)
            .step_by(7)
            .chain((0xAC00..0xD7A3).step_by(11))
            .chain(0x3041..0x30FF)
        {
            if let Some(c) = char::from_u32(cp) {
                texts.push(format!("Il bando {c} disponibile"));
                texts.push(format!("{c}18 adults"));
            }
        }
        for text in texts {
            if finds_nothing(&text) {
                assert!(super::super::repair(&text).is_empty(), "{text:?}");
            }
        }
    }

    /// The memoized `is_alphabetic` is the standard library's, fresh and memoized.
    #[test]
    fn memoized_is_alphabetic_is_the_standard_one() {
        for _ in 0..2 {
            for c in (0u32..0x30000).filter_map(char::from_u32) {
                assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            }
        }
    }

    /// `plain_letter_pair` may only pass pairs `transition` charges nothing for.
    #[test]
    fn plain_letter_pairs_cost_nothing() {
        let sample: Vec<char> = (0x41u32..0x250)
            .chain((0x370..0x530).step_by(2))
            .chain((0x590..0x700).step_by(3))
            .chain((0xE00..0xE60).step_by(2))
            .chain((0x1E00..0x1F00).step_by(3))
            .chain((0x3040..0x3100).step_by(3))
            .chain((0x4E00..0x4F00).step_by(5))
            .chain((0xAC00..0xAD00).step_by(7))
            .chain([0x2500, 0x2550, 0x301, 0x336, 0xFF21, 0xFF41, 0x1D400])
            .filter_map(char::from_u32)
            .collect();
        let mut passed = 0;
        for &a in &sample {
            for &b in &sample {
                if plain_letter_pair(gate_bits(a), gate_bits(b)) {
                    passed += 1;
                    assert_eq!(
                        plausibility::transition(&classify(a), &classify(b)),
                        0,
                        "{a:?} {b:?}"
                    );
                }
            }
        }
        assert!(passed > 10_000);
    }
}
