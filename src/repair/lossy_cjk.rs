//! UTF-8 misread through a CJK page whose decoder lost bytes: `鏂板缓鏂囦欢澶?` is
//! 新建文件夹 read as GBK, the last byte of 夹 swallowed by the decoder and written as `?`.
//!
//! The token is re-encoded with the page, and each U+FFFD (or `?`) becomes a gap of
//! unknown bytes, as wide as the page's decoder swallows per error (measured with
//! encoding_rs on UTF-8 text of 33 languages):
//!
//! - one byte: a lead the next byte (ASCII, or the end) could not follow, or a byte that
//!   is never valid (80 in Big5 and EUC-KR, A0 in Shift_JIS), or a GBK lead whose pair
//!   with the next byte is in the rows decoders without GBK's user-defined area reject
//!   (Python's `gbk`: `涓�鍥戒汉`). In UTF-8 text all are continuation bytes (80–BF): a
//!   byte before ASCII ends a character; before another non-ASCII byte, only those.
//! - two bytes: a lead and a non-ASCII trail the page has no character for (Shift_JIS,
//!   Big5, EUC-KR; GBK maps every such pair, into its user-defined area at worst);
//! - three: EUC-JP's JIS X 0212 lead 8F with its pair.
//!
//! A `?` may also be a real `?` (zero bytes). Every choice of widths that makes the bytes
//! valid UTF-8 (an unknown byte being whatever UTF-8 needs there) gives a reading, in
//! which a character one of whose bytes is unknown is U+FFFD and every other comes back;
//! the most plausible reading wins, each U+FFFD scored as the letter next to it (a lost
//! letter of a word, not a symbol in it).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::charset::Charset;
use crate::report::fix::Step;

use super::plausibility::{classify, cost};
use super::{ChainReading, Edit, cjk_encodings, cjk_name, encoder_for};

/// The restore note of a lossy reading whose decoder lost a pair per mark where it could
/// not decode it (encoding_rs, browsers).
pub const LOST_IN_CJK: &str = "lost byte (marked U+FFFD)";
/// The restore note of a lossy reading whose decoder lost one byte per mark (Python).
pub const LOST_IN_CJK_BYTEWISE: &str = "lost byte (marked U+FFFD, one per byte)";

/// Which decoder's way of losing bytes a lossy reading assumes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Decoder {
    /// Whichever reads better.
    Either,
    /// encoding_rs's (`gap_widths`).
    Pairs,
    /// One byte per mark, any byte (Python's).
    Bytewise,
}

impl Decoder {
    fn of_steps(steps: &[Step]) -> Option<Decoder> {
        steps.iter().find_map(|s| match s {
            Step::Restore(LOST_IN_CJK) => Some(Decoder::Pairs),
            Step::Restore(LOST_IN_CJK_BYTEWISE) => Some(Decoder::Bytewise),
            _ => None,
        })
    }
}

/// What the U+FFFDs of `token` add to its cost over the same text with each one read as
/// the nearest other non-ASCII char: a lossy reading scores its own U+FFFDs so, and must
/// beat the source scored alike, or text that lost characters (our own output,
/// `文�科学�`) reads as fresh mojibake (`ʸ�ʳ�` through EUC-JP).
pub(super) fn marks_surcharge(token: &str) -> i32 {
    if !token.contains('\u{FFFD}') {
        return 0;
    }
    let chars: Vec<char> = token.chars().collect();
    let stand_in = |i: usize| {
        let fits = |c: &&char| **c != '\u{FFFD}' && !c.is_ascii();
        chars[..i]
            .iter()
            .rev()
            .find(fits)
            .or_else(|| chars[i + 1..].iter().find(fits))
            .copied()
    };
    let shown: String = (0..chars.len())
        .filter_map(|i| {
            if chars[i] == '\u{FFFD}' {
                stand_in(i)
            } else {
                Some(chars[i])
            }
        })
        .collect();
    (cost(token) - cost(&shown)).max(0)
}

/// Whether `steps` restore bytes a CJK page lost assuming another decoder than `decoder`.
pub(super) fn assumes_other_decoder(steps: &[Step], decoder: Decoder) -> bool {
    decoder != Decoder::Either && Decoder::of_steps(steps).is_some_and(|d| d != decoder)
}

/// Whether `steps` restore bytes a CJK page lost.
pub(super) fn restores_lost_in_cjk(steps: &[Step]) -> bool {
    Decoder::of_steps(steps).is_some()
}

/// Big5 bytes for `text` as encoding_rs's decoder may have read them: its encoder leaves
/// out HKSCS (leads 81–A0, where UTF-8's continuation bytes fall), which the decoder
/// gives (`Trường` read as Big5 is `Tr⑹廙𩵚g`, 𩵚 from 9D 6E). `None` when a char has
/// no bytes either way.
pub(super) fn big5_with_hkscs(charset: Charset, text: &str) -> Option<Vec<u8>> {
    // (The common case, and the fast one: no HKSCS char.)
    if let Some(bytes) = charset.encode(text) {
        return Some(bytes);
    }
    let mut out = Vec::with_capacity(text.len());
    let mut run_start = 0;
    for (i, c) in text.char_indices() {
        let Some(bytes) = hkscs_bytes(c) else {
            continue;
        };
        if run_start < i {
            out.extend(charset.encode(&text[run_start..i])?);
        }
        run_start = i + c.len_utf8();
        out.extend_from_slice(bytes);
    }
    out.extend(charset.encode(&text[run_start..])?);
    Some(out)
}

/// The chars Big5's decoder gives that its encoder does not write back, with their bytes.
fn hkscs_bytes(c: char) -> Option<&'static [u8; 2]> {
    static ROWS: OnceLock<HashMap<char, [u8; 2]>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let big5 = encoding_rs::BIG5;
        let mut rows = HashMap::new();
        for lead in 0x81..=0xFEu8 {
            for trail in (0x40..=0x7Eu8).chain(0xA1..=0xFE) {
                let pair = [lead, trail];
                let Some(text) = big5.decode_without_bom_handling_and_without_replacement(&pair)
                else {
                    continue;
                };
                let mut chars = text.chars();
                // (Four pairs give two chars, a letter and a combining mark: left out.)
                if let (Some(one), None) = (chars.next(), chars.next())
                    && !one.is_ascii()
                    && big5.encode(&text).2
                {
                    rows.entry(one).or_insert(pair);
                }
            }
        }
        rows
    })
    .get(&c)
}

/// Most marks in one token that are read as gaps (each multiplies the readings).
const MAX_MARKS: usize = 24;
/// Partial readings kept while walking the token (the fewest lost characters first).
const MAX_FRONTIER: usize = 64;

/// How many bytes the page's decoder swallows in one error, on UTF-8 input.
fn gap_widths(page: &str) -> &'static [usize] {
    match page {
        // GBK (GB18030's decoder) maps every lead/trail pair: only a lead before ASCII or
        // the end is lost.
        "GBK" | "gb18030" => &[1],
        "EUC-JP" => &[1, 2, 3],
        _ => &[1, 2],
    }
}

/// The bytes a page's decoder may lose alone before the non-ASCII byte `next` (`None`: an
/// unknown one) (in UTF-8, continuation bytes): a one-byte gap there is one of them.
fn lost_alone_before(page: &str, next: Option<u8>) -> Option<(u8, u8)> {
    match page {
        // Bytes the decoder rejects even as a lead.
        "Big5" | "EUC-KR" => Some((0x80, 0x80)),
        "Shift_JIS" => Some((0xA0, 0xA0)),
        // (80–8D and 90–A0; 8E and 8F are leads.)
        "EUC-JP" => Some((0x80, 0xA0)),
        // A lead whose pair with `next` is in GBK's unassigned or user-defined rows,
        // which decoders without those rows (Python's `gbk`) reject, keeping `next`:
        // `涓�鍥戒汉` is 中国人 whose AD (AD E5) was lost.
        _ => match next? {
            0xA1.. => Some((0xAA, 0xAF)),
            _ => Some((0xA1, 0xA7)),
        },
    }
}

/// One char of the token: its bytes in the page, or a mark.
enum Unit {
    Known(Vec<u8>),
    /// U+FFFD (`false`) or `?` (`true`, which may also be itself).
    Mark(bool),
}

/// Where a partial reading's UTF-8 decoder stands.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Pending {
    /// Continuation bytes still needed by the current character (0: at a boundary).
    need: u8,
    /// The range the next continuation byte must be in (E0, ED, F0, F4 narrow it).
    lo: u8,
    hi: u8,
    /// The current character's known bytes, and how many it has (known or not).
    bytes: [u8; 4],
    len: u8,
    /// Some byte of the current character is unknown.
    unknown: bool,
}

const BOUNDARY: Pending = Pending {
    need: 0,
    lo: 0x80,
    hi: 0xBF,
    bytes: [0; 4],
    len: 0,
    unknown: false,
};

#[derive(Clone)]
struct Partial {
    pending: Pending,
    text: String,
    lost: usize,
    /// Each lost character's length in bytes.
    lost_lengths: Vec<u8>,
    /// Characters decoded whole, of two bytes and of three or four: the evidence for
    /// UTF-8.
    whole: usize,
    whole_long: usize,
    /// A gap was read as the one byte the page loses alone (Shift_JIS's A0): a reading
    /// whose every gap is so has no U+FFFD, yet is no plain reading either.
    filled: bool,
}

impl Partial {
    /// Adds a known byte; false if the bytes cannot be UTF-8.
    fn known(&mut self, b: u8) -> bool {
        let p = &mut self.pending;
        if p.need == 0 {
            let (need, lo, hi) = match b {
                0x00..=0x7F => {
                    self.text.push(b as char);
                    return true;
                }
                0xC2..=0xDF => (1, 0x80, 0xBF),
                0xE0 => (2, 0xA0, 0xBF),
                0xED => (2, 0x80, 0x9F),
                0xE1..=0xEF => (2, 0x80, 0xBF),
                0xF0 => (3, 0x90, 0xBF),
                0xF4 => (3, 0x80, 0x8F),
                0xF1..=0xF3 => (3, 0x80, 0xBF),
                _ => return false,
            };
            *p = Pending {
                need,
                lo,
                hi,
                bytes: [b, 0, 0, 0],
                len: 1,
                unknown: false,
            };
            return true;
        }
        if !(p.lo..=p.hi).contains(&b) {
            return false;
        }
        if let Some(slot) = p.bytes.get_mut(usize::from(p.len)) {
            *slot = b;
        }
        p.len += 1;
        self.continued();
        true
    }

    /// Adds an unknown byte that must be a continuation byte (`lead_too`: or a lead, of
    /// any length). Returns the partials it gives.
    fn unknown(mut self, lead_too: bool, out: &mut Vec<Partial>) {
        if self.pending.need == 0 {
            if !lead_too {
                return;
            }
            for need in 1..=3 {
                let mut next = self.clone();
                next.pending = Pending {
                    need,
                    len: 1,
                    unknown: true,
                    ..BOUNDARY
                };
                out.push(next);
            }
            return;
        }
        self.pending.unknown = true;
        self.pending.len += 1;
        self.continued();
        out.push(self);
    }

    /// Adds a lost continuation byte known to lie in `lo..=hi`.
    fn lost_in(mut self, (lo, hi): (u8, u8), out: &mut Vec<Partial>) {
        let p = &self.pending;
        if p.need == 0 || hi < p.lo || lo > p.hi {
            return;
        }
        if lo == hi {
            self.filled = true;
            if self.known(lo) {
                out.push(self);
            }
            return;
        }
        self.unknown(false, out);
    }

    /// After a continuation byte: ends the character when it is complete.
    fn continued(&mut self) {
        let p = &mut self.pending;
        p.need -= 1;
        if p.need == 0 {
            if p.unknown {
                self.text.push('\u{FFFD}');
                self.lost += 1;
                self.lost_lengths.push(p.len);
            } else {
                // (The ranges above admit only valid sequences.)
                let bytes = &p.bytes[..usize::from(p.len)];
                match std::str::from_utf8(bytes) {
                    Ok(s) => {
                        self.text.push_str(s);
                        self.whole += 1;
                        self.whole_long += usize::from(s.len() > 2);
                    }
                    Err(_) => self.text.push('\u{FFFD}'),
                }
            }
            *p = BOUNDARY;
        } else {
            p.lo = 0x80;
            p.hi = 0xBF;
        }
    }
}

/// A `?` read as itself where text hardly writes one and a lossy decoder does: text puts
/// `?` at a sentence's end, a decoder anywhere.
const ODD_QUESTION: i32 = 16;

/// What the `?`s of `text` read as themselves cost (`ODD_QUESTION` each) where text
/// hardly writes one (a run of them judged by what is around it): right before a letter
/// (`odb?dzie`, `?tirbu`, `??н`), before a digit after a digit or letter (`45??68`), or after a letter, a number
/// or nothing (a token of marks alone) and before a comma or stop, or before the next
/// word in lower case (or a script without case) or a number (`deschis?.`, `si? 15`,
/// `пови?ила ? 14`). `following` is the char after the token's space, if any.
pub(super) fn odd_questions_cost(text: &str, following: Option<char>) -> i32 {
    let letter = |c: Option<&char>| c.is_some_and(|&c| c.is_alphabetic() || c == '\u{FFFD}');
    let chars: Vec<char> = text.chars().collect();
    let mut total = 0;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '?' {
            i += 1;
            continue;
        }
        // A run of marks is judged by what is around it (`??н`, `Что??`).
        let end = chars[i..]
            .iter()
            .position(|&c| c != '?')
            .map_or(chars.len(), |n| i + n);
        let (previous, next) = (i.checked_sub(1).and_then(|j| chars.get(j)), chars.get(end));
        let digit = |c: Option<&char>| c.is_some_and(char::is_ascii_digit);
        // After a word, a number or nothing (a token of marks alone: `سعود ?? كلية`).
        let ends_something =
            previous.is_none_or(|c| c.is_alphanumeric() || *c == ')') || letter(previous);
        let odd = letter(next)
            || ((digit(previous) || letter(previous)) && digit(next))
            || (ends_something
                && match next {
                    Some(n) => matches!(n, '.' | ',' | ';' | ':'),
                    None => following.is_some_and(|f| {
                        (f.is_alphabetic() && !f.is_uppercase()) || f.is_ascii_digit()
                    }),
                });
        if odd {
            total += ODD_QUESTION * (end - i) as i32;
        }
        i = end;
    }
    total
}

/// Cost of a lost character of the usual length when no character of that length came
/// back to stand in for it (about a common letter's).
const LOST_UNKNOWN: i32 = 8;
/// Cost of a lost character of another length than most that came back (`النواب` lost
/// three two-byte letters, not one four-byte character).
const LOST_ODD_LENGTH: i32 = 30;

/// A reading's text to score by and its cost. Each lost character as long (in UTF-8) as
/// most of those that came back (when none did, as `usual_hint` says, else two bytes) stands in as the nearest of
/// them, a letter of the word most likely, and costs that letter's own cost (its
/// neighbours are scored without it, so a stand-in repeating them is no doubled letter);
/// one of another length stays U+FFFD and costs `LOST_ODD_LENGTH`. A `?` kept where
/// text hardly writes one costs `ODD_QUESTION` more (`odd_questions_cost`).
fn scored(p: &Partial, usual_hint: Option<usize>, following: Option<char>) -> (String, i32) {
    let chars: Vec<char> = p.text.chars().collect();
    let mut by_length = [0usize; 5];
    for &c in chars.iter().filter(|&&c| c != '\u{FFFD}' && !c.is_ascii()) {
        by_length[c.len_utf8()] += 1;
    }
    let usual = if by_length.iter().all(|&n| n == 0) {
        usual_hint.unwrap_or(2)
    } else {
        (2..=4).max_by_key(|&n| by_length[n]).unwrap_or(2)
    };
    let mut shown = String::with_capacity(p.text.len());
    let mut total = 0;
    let mut lost = p.lost_lengths.iter();
    for (i, &c) in chars.iter().enumerate() {
        if c != '\u{FFFD}' {
            shown.push(c);
            continue;
        }
        let usual_length = lost.next().is_some_and(|&n| usize::from(n) == usual);
        let fits = |d: &&char| **d != '\u{FFFD}' && d.len_utf8() == usual;
        let stand_in = chars[..i]
            .iter()
            .rev()
            .find(fits)
            .or_else(|| chars[i + 1..].iter().find(fits));
        total += match (usual_length, stand_in) {
            (true, Some(&d)) => classify(d).cost,
            (true, None) => LOST_UNKNOWN,
            (false, _) => LOST_ODD_LENGTH,
        };
        shown.push(match (usual_length, stand_in) {
            (true, Some(&d)) => d,
            _ => c,
        });
    }
    for run in p.text.split('\u{FFFD}') {
        total += cost(run);
    }
    total += odd_questions_cost(&p.text, following);
    (shown, total)
}

/// Whether a reading shows UTF-8 on its own: a character of three or four bytes came
/// back whole, or two of two bytes. (One two-byte character beside a mark, `ß�`, is
/// what a second run would take for a windows-1252 misreading that lost a byte.)
fn evidence(p: &Partial) -> bool {
    p.whole_long > 0 || p.whole >= 2
}

/// Whether the repair leaves a reading as it is. A second run does not reread text with
/// U+FFFD in the same run (`pipeline`), but a separate run would: a reading it would
/// change again (`ß�` as UTF-8 read as windows-1252 that lost a byte, `œ�` as macintosh,
/// Cyrillic as a Cyrillic page) is not made. (The check's own lossy readings are not checked again.)
fn stays_fixed(text: &str) -> bool {
    thread_local! {
        static CHECKING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if CHECKING.with(|c| c.replace(true)) {
        return true;
    }
    let stays = super::repair(text).is_empty();
    CHECKING.with(|c| c.set(false));
    stays
}

/// The most plausible reading of `token` as UTF-8 misread through the CJK `page` with
/// lost bytes (see the module doc): the text, its steps, the text to score it by (see
/// `scored`) and its cost. `None` without marks, when no choice of gaps gives UTF-8,
/// or, with `need_whole`, when too few characters come back whole (`evidence`; a
/// token read alone needs that evidence; one beside others the chain repaired does not:
/// `7鈥�2` is `7–2` next to `library鈥檚`).
pub(super) fn lossy_reading(
    token: &str,
    page: Charset,
    need_whole: bool,
    usual_hint: Option<usize>,
    following: Option<char>,
    decoder: Decoder,
) -> Option<(String, Vec<Step>, String, i32)> {
    let marks = token
        .chars()
        .filter(|&c| c == '\u{FFFD}' || c == '?')
        .count();
    if marks == 0 || marks > MAX_MARKS {
        return None;
    }
    let mut units: Vec<Unit> = Vec::new();
    let mut run = String::new();
    let flush = |run: &mut String, units: &mut Vec<Unit>| -> Option<()> {
        if !run.is_empty() {
            // (Shift_JIS: also its user-defined rows, which the decoder gives.)
            let bytes = cjk_encodings(page, run).into_iter().next()?;
            units.push(Unit::Known(bytes));
            run.clear();
        }
        Some(())
    };
    for c in token.chars() {
        if c == '\u{FFFD}' || c == '?' {
            flush(&mut run, &mut units)?;
            units.push(Unit::Mark(c == '?'));
        } else {
            run.push(c);
        }
    }
    flush(&mut run, &mut units)?;
    let name = cjk_name(page);
    // Each decoder's way, and the most plausible reading of either (not a mix: one
    // decoder wrote the token).
    let ways: &[bool] = match decoder {
        Decoder::Either => &[false, true],
        Decoder::Pairs => &[false],
        Decoder::Bytewise => &[true],
    };
    let (text, scored, score, bytewise) = ways
        .iter()
        .flat_map(|&bytewise| {
            walk(&units, name, bytewise, usual_hint)
                .into_iter()
                .map(move |p| (p, bytewise))
        })
        // (A reading that filled every gap with a known byte competes with none: it
        // would win only to be dropped below, hiding the other decoder's reading, as
        // Shift_JIS's lone A0 read into `ا٠ساعة` hides Python's `ا�ساعة`.)
        .filter(|(p, _)| {
            p.pending.need == 0
                && (!need_whole || evidence(p))
                && (!p.filled || p.text.contains('\u{FFFD}'))
        })
        .map(|(p, bytewise)| {
            let (shown, score) = scored(&p, usual_hint, following);
            (p.text, shown, score, bytewise)
        })
        .min_by_key(|(_, _, score, _)| *score)
        // (Every `?` itself is the plain reading, found without gaps: `Málaga?`.)
        .filter(|(text, _, _, _)| text.contains('\u{FFFD}') && stays_fixed(text))?;
    let steps = vec![
        Step::Encode(name),
        Step::Decode("UTF-8"),
        Step::Restore(if bytewise {
            LOST_IN_CJK_BYTEWISE
        } else {
            LOST_IN_CJK
        }),
    ];
    Some((text, steps, scored, score))
}

/// The partial readings of `units` through the page `name` that end the token, each
/// mark a gap as the page's decoder leaves it: as encoding_rs's decoders do (`gap_widths`),
/// or (`byte_per_mark`) one byte each, any byte, as Python's do (an invalid pair loses its
/// lead alone and the next byte is read again: `č` read as Big5 is `��`).
fn walk(
    units: &[Unit],
    name: &str,
    byte_per_mark: bool,
    usual_hint: Option<usize>,
) -> Vec<Partial> {
    let widths = if byte_per_mark {
        &[1][..]
    } else {
        gap_widths(name)
    };
    let mut frontier = vec![Partial {
        pending: BOUNDARY,
        text: String::new(),
        lost: 0,
        lost_lengths: Vec::new(),
        whole: 0,
        whole_long: 0,
        filled: false,
    }];
    for (i, unit) in units.iter().enumerate() {
        let mut next: Vec<Partial> = Vec::new();
        match unit {
            Unit::Known(bytes) => {
                for mut partial in frontier {
                    if bytes.iter().all(|&b| partial.known(b)) {
                        next.push(partial);
                    }
                }
            }
            Unit::Mark(question) => {
                // What follows the gap: the decoder loses a lead alone only before ASCII
                // (or at the end); before a non-ASCII byte, only a never-valid byte.
                // (`Some(None)`: a non-ASCII byte lost itself, before a U+FFFD.)
                let next_byte = match units.get(i + 1) {
                    None | Some(Unit::Mark(true)) => None,
                    Some(Unit::Mark(false)) => Some(None),
                    Some(Unit::Known(bytes)) => {
                        bytes.first().copied().filter(|b| !b.is_ascii()).map(Some)
                    }
                };
                let ascii_next = next_byte.is_none();
                for partial in frontier {
                    if *question && partial.pending.need == 0 {
                        let mut literal = partial.clone();
                        literal.text.push('?');
                        next.push(literal);
                    }
                    for &width in widths {
                        let mut states = Vec::new();
                        if width == 1 {
                            if byte_per_mark {
                                partial.clone().unknown(true, &mut states);
                            } else if ascii_next {
                                partial.clone().unknown(false, &mut states);
                            } else if let Some(range) =
                                next_byte.and_then(|b| lost_alone_before(name, b))
                            {
                                partial.clone().lost_in(range, &mut states);
                            }
                        } else {
                            // Each byte of a wider gap may be a lead as well.
                            states.push(partial.clone());
                            for _ in 0..width {
                                let mut more = Vec::new();
                                for state in states {
                                    state.unknown(true, &mut more);
                                }
                                states = more;
                            }
                        }
                        next.extend(states);
                    }
                }
            }
        }
        // Readings that meet again (same text, same decoder state) are one.
        next.sort_by(|a, b| a.lost.cmp(&b.lost).then_with(|| a.text.cmp(&b.text)));
        next.dedup_by(|a, b| a.text == b.text && a.pending == b.pending);
        if next.len() > MAX_FRONTIER {
            // Too many: keep the most plausible so far (not the fewest lost: a word of
            // Cyrillic read as Big5 lost most of its letters, `??郇???迮`).
            next.sort_by_cached_key(|p| scored(p, usual_hint, None).1);
            next.truncate(MAX_FRONTIER);
        }
        if next.is_empty() {
            return Vec::new();
        }
        frontier = next;
    }
    frontier
}

/// A token read through a chain that repaired other words of its line: a lossy reading
/// needs no whole character of its own then.
pub(super) fn lossy_cjk_in_chain(
    token: &str,
    wrong: Charset,
    usual_hint: Option<usize>,
    following: Option<char>,
    decoder: Decoder,
) -> Option<(String, Vec<Step>, String, i32)> {
    if !token.chars().any(|c| c == '\u{FFFD}' || c == '?') {
        return None;
    }
    lossy_reading(token, wrong, false, usual_hint, following, decoder)
}

/// With `chain` UTF-8 read through a CJK page, makes the line's lossy readings assume one
/// decoder: the one that reads all its lossy words best (a word it cannot read counts
/// heavily against it). One decoder wrote the line, and readings of either way compete
/// unevenly word by word (one byte per mark loses fewer characters: `虴��郕邽` is
/// `Чушки` with two letters lost, not `Ч�ки`).
pub(super) fn one_decoder_per_line<'a>(
    readings: &mut [Option<ChainReading>],
    source: impl Fn(usize) -> (&'a str, Option<char>),
    chain: &[Step],
) -> Option<Decoder> {
    let [Step::Encode(wrong), Step::Decode("UTF-8")] = chain else {
        return None;
    };
    let page = encoder_for(wrong).filter(|c| c.single_byte().is_none())?;
    let lossy: Vec<usize> = readings
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.as_ref()
                .is_some_and(|(_, steps, _)| restores_lost_in_cjk(steps))
        })
        .map(|(i, _)| i)
        .collect();
    let used = |d: Decoder| {
        lossy.iter().any(|&i| {
            readings[i]
                .as_ref()
                .is_some_and(|(_, steps, _)| Decoder::of_steps(steps) == Some(d))
        })
    };
    let (pairs, bytewise) = (used(Decoder::Pairs), used(Decoder::Bytewise));
    if !(pairs && bytewise) {
        return [(pairs, Decoder::Pairs), (bytewise, Decoder::Bytewise)]
            .into_iter()
            .find_map(|(u, d)| u.then_some(d));
    }
    const UNREAD: i32 = 1000;
    let total = |d: Decoder| -> i32 {
        lossy
            .iter()
            .map(|&i| {
                let (token, following) = source(i);
                lossy_cjk_in_chain(token, page, None, following, d).map_or(UNREAD, |r| r.3)
            })
            .sum()
    };
    let decoder = if total(Decoder::Bytewise) < total(Decoder::Pairs) {
        Decoder::Bytewise
    } else {
        Decoder::Pairs
    };
    for &i in &lossy {
        let theirs = readings[i]
            .as_ref()
            .and_then(|(_, steps, _)| Decoder::of_steps(steps));
        if theirs != Some(decoder) {
            let (token, following) = source(i);
            readings[i] = lossy_cjk_in_chain(token, page, None, following, decoder)
                .map(|(text, steps, shown, _)| (text, steps, Some(shown)));
        }
    }
    Some(decoder)
}

/// With `chain` UTF-8 read through a CJK page, rereads the words whose every non-ASCII
/// character was lost (`��`: one dash, or two Arabic letters?) by the UTF-8 length most
/// characters the chain brought back in the other words have.
pub(super) fn settle_lost_words<'a>(
    readings: &mut [Option<ChainReading>],
    source: impl Fn(usize) -> &'a str,
    chain: &[Step],
) {
    let [Step::Encode(wrong), Step::Decode("UTF-8")] = chain else {
        return;
    };
    let Some(page) = encoder_for(wrong).filter(|c| c.single_byte().is_none()) else {
        return;
    };
    let mut by_length = [0usize; 5];
    let mut ascii_letters = 0;
    for (text, _, _) in readings.iter().flatten() {
        for c in text.chars().filter(|&c| c != '\u{FFFD}') {
            if c.is_ascii() {
                ascii_letters += usize::from(c.is_ascii_alphabetic());
            } else if c.is_alphabetic() {
                by_length[c.len_utf8()] += 1;
            }
        }
    }
    // In a line of mostly ASCII letters a word with none is punctuation (`—`, `€`,
    // three bytes); else its letters are as long as the line's others.
    let usual = if ascii_letters > by_length.iter().sum::<usize>() {
        3
    } else {
        match (2..=4)
            .filter(|&n| by_length[n] > 0)
            .max_by_key(|&n| by_length[n])
        {
            Some(n) => n,
            None => return,
        }
    };
    for (i, reading) in readings.iter_mut().enumerate() {
        let all_lost = reading.as_ref().is_some_and(|(text, _, _)| {
            text.contains('\u{FFFD}') && text.chars().all(|c| c.is_ascii() || c == '\u{FFFD}')
        });
        if all_lost
            && let Some((text, steps, shown, _)) =
                lossy_cjk_in_chain(source(i), page, Some(usual), None, Decoder::Either)
        {
            *reading = Some((text, steps, Some(shown)));
        }
    }
}

/// With `chain` UTF-8 read through a CJK page that repaired some of `text`'s words
/// (`edits`), the edits that read its ASCII words with `?` through the page with lost
/// bytes (`lossy_reading`; a `?` stays itself unless the page can lose bytes there and
/// the word reads better without it). Only words of letters: a URL's `?` is its own.
pub(super) fn lost_in_ascii_words(
    text: &str,
    chain: &[Step],
    edits: &[Edit],
    decoder: Decoder,
) -> Vec<Edit> {
    let [Step::Encode(wrong), Step::Decode("UTF-8")] = chain else {
        return Vec::new();
    };
    let Some(page) = encoder_for(wrong).filter(|c| c.single_byte().is_none()) else {
        return Vec::new();
    };
    if !edits.iter().any(|e| e.steps.starts_with(chain)) || !text.contains('?') {
        return Vec::new();
    }
    // The length of the letters the chain brought back, for a word that has none.
    let mut by_length = [0usize; 5];
    for c in edits.iter().flat_map(|e| e.replacement.chars()) {
        if !c.is_ascii() && c.is_alphabetic() {
            by_length[c.len_utf8()] += 1;
        }
    }
    let usual = (2..=4).max_by_key(|&n| (by_length[n], n == 2)).unwrap_or(2);
    let mut lost = Vec::new();
    for range in super::tokens(text) {
        let token = &text[range.clone()];
        let word = token.trim_end_matches(['.', ',', ';', ':', '!', ')', '"']);
        let word = word.trim_start_matches(['(', '"']);
        // (Numbers too, `45??68`, `12(3)?`, and marks alone, `??`: whether a `?` there is
        // lost is `odd_questions_cost`'s to say.)
        if !token.is_ascii()
            || !word.contains('?')
            || !word
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "?-:.,()+%".contains(c))
        {
            continue;
        }
        let following = text[range.end..]
            .strip_prefix(' ')
            .and_then(|rest| rest.chars().next());
        if let Some((reading, steps, _, _)) =
            lossy_cjk_in_chain(token, page, Some(usual), following, decoder)
        {
            lost.extend(super::edit_for(token, range.start, reading, steps));
        }
    }
    lost
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, fix_text};

    fn fixed(text: &str) -> String {
        fix_text(text, &Options::default())
    }

    #[test]
    fn gaps_are_filled_and_marked() {
        for (bad, good) in [
            // 新建文件夹 read as GBK: the last byte of 夹 was lost, as `?` or U+FFFD.
            ("鏂板缓鏂囦欢澶?", "新建文件\u{FFFD}"),
            ("鏂板缓鏂囦欢澶\u{FFFD}", "新建文件\u{FFFD}"),
            // 我是中国人 read by a GBK decoder without the user-defined rows (Python's):
            // AD E5 has no character there, so AD alone was lost and E5 began 鍥.
            ("鎴戞槸涓\u{FFFD}鍥戒汉", "我是\u{FFFD}国人"),
            ("鎴戞槸涓?鍥戒汉", "我是\u{FFFD}国人"),
            // Python's Big5 decoder loses one byte per mark: `č` (C4 8D) is two marks, as
            // are `у` (D1 83) and `ш` (D1 88) of `Чушки`.
            (
                "U\u{FFFD}\u{FFFD}enici osmih razreda pi禳u",
                "U\u{FFFD}enici osmih razreda pišu",
            ),
            (
                "虴\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}郕邽 訇\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}迮郕",
                "Ч\u{FFFD}\u{FFFD}ки б\u{FFFD}\u{FFFD}ек",
            ),
            // Python's Shift_JIS loses 84 alone before D8 (`ل` is D9 84); encoding_rs's
            // would lose A0 alone there, which reads `ا٠ساعة`, no loss marked.
            ("ﾘｧﾙ\u{FFFD}ﾘｳﾘｧﾘｹﾘｩ", "ا\u{FFFD}ساعة"),
            // Windows' cp932 gives A0 as U+F8F0: `à` (C3 A0) is `ﾃ\u{F8F0}`.
            (
                "Sarﾃ\u{F8F0} una serata, perchﾃｩ",
                "Sarà una serata, perché",
            ),
            // محمد عبد الله الحسيني read as Big5: each م, ل, ه, ي, ن lost whole (a lead
            // and a trail Big5 rejects), one U+FFFD each.
            (
                "\u{FFFD}堶\u{FFFD}堹 媢堥堹 塈\u{FFFD}\u{FFFD}\u{FFFD} 塈\u{FFFD}堶堻\u{FFFD}\u{FFFD}\u{FFFD}",
                "\u{FFFD}ح\u{FFFD}د عبد ا\u{FFFD}\u{FFFD}\u{FFFD} ا\u{FFFD}حس\u{FFFD}\u{FFFD}\u{FFFD}",
            ),
            // A dash (E2 80 94) read as EUC-KR: two errors, one character; the word is
            // read by the chain that repaired `Filozofická`.
            (
                "Univerzita Karlova \u{FFFD}\u{FFFD} Filozofick찼 fakulta",
                "Univerzita Karlova \u{FFFD} Filozofická fakulta",
            ),
            (
                "The council voted 7鈥?2 to extend the library鈥檚 opening hours",
                "The council voted 7\u{FFFD}2 to extend the library’s opening hours",
            ),
        ] {
            assert_eq!(fixed(bad), good, "{bad}");
        }
    }

    #[test]
    fn big5_reads_back_its_hkscs_rows() {
        // 𩵚 is 9D 6E, in the HKSCS rows encoding_rs's Big5 encoder does not write.
        assert_eq!(fixed("Nguyễn Văn Tr⑹廙𩵚g"), "Nguyễn Văn Trường");
    }

    #[test]
    fn ascii_words_lose_bytes_to_the_same_page() {
        for (bad, good) in [
            // Polish read as Big5: `ę` (C4 99) is a lead and a trail Big5 rejects, lost
            // whole in two ASCII words; `ź` came back.
            (
                "Spotkanie odb?dzie si? 15 pa驕dziernika 2024 r.",
                "Spotkanie odb\u{FFFD}dzie si\u{FFFD} 15 października 2024 r.",
            ),
            // Inside a word that came back: a `?` before a letter is no question mark.
            ("h覺?覺rd覺yordu", "hı\u{FFFD}ırdıyordu"),
            // A mark alone, beside words that came back: `щ` (D1 89) lost whole.
            (
                "虷迮郇訄?訄 郇訄 ?郅?訇訄 ?迮 迮 郈郋赲邽?邽郅訄 ? 14 % 郱訄 迣郋迡邽郇訄.",
                "Цена\u{FFFD}а на \u{FFFD}л\u{FFFD}ба \u{FFFD}е е пови\u{FFFD}ила \u{FFFD} 14 % за година.",
            ),
            // A question ends a sentence and a URL keeps its query.
            (
                "Gdzie? Tu pa驕dziernika, index.php?id=3",
                "Gdzie? Tu października, index.php?id=3",
            ),
        ] {
            assert_eq!(fixed(bad), good, "{bad}");
        }
        // No word that came back through a page: nothing says a `?` is a lost letter.
        assert_eq!(
            fixed("Spotkanie odb?dzie si? 15 maja"),
            "Spotkanie odb?dzie si? 15 maja"
        );
    }

    #[test]
    fn correct_text_with_marks_stays() {
        for clean in [
            "你好?我是",
            "本当にいいの?",
            "日本語の\u{FFFD}テキスト",
            "新建文件夹?",
            "¿Qué? 中文",
        ] {
            assert_eq!(fixed(clean), clean, "{clean}");
        }
    }

    #[test]
    fn widths_follow_the_decoder() {
        let page = |name| Charset::for_label(name).unwrap();
        // A one-byte gap before ASCII is a continuation byte: 夹 (E5 A4 B9) lost B9.
        let (text, _, _, _) = lossy_reading(
            "鏂板缓鏂囦欢澶?",
            page("GBK"),
            true,
            None,
            None,
            Decoder::Either,
        )
        .unwrap();
        assert_eq!(text, "新建文件\u{FFFD}");
        // GBK loses no pair, so a `?` between whole characters is itself.
        assert!(
            lossy_reading("你好?我是", page("GBK"), true, None, None, Decoder::Either).is_none()
        );
    }
}
