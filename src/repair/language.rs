//! A letter-bigram language model: how much a text reads like *some* language.
//!
//! The character model in `plausibility` prices each character and each adjacent pair by
//! class; it cannot tell Arabic letters from the Thai letters the same windows-1256 bytes
//! give under windows-874, nor Czech `středu` from `støedu`: both readings are ordinary
//! letters. This model can. For every script it knows (Latin, Cyrillic, Greek, Arabic,
//! Hebrew, Thai, Indic), each bigram of letters (a space marks a word boundary) is
//! priced under each language of that script from Wikipedia counts (`tables::bigrams`),
//! and the best language of each script is taken: a text is assumed to be in one language
//! per script. Costs are in bits; a bigram a language never shows costs about 14.5 bits,
//! an ordinary one 5–9.
//!
//! Only differences between readings of the same bytes mean anything, so callers compare:
//! ```
//! use mojifix::repair::language::cost;
//! assert!(cost("وزارة التربية") < cost("ๆาวัษ วแสัศํษ"));
//! assert!(cost("ve středu") < cost("ve støedu"));
//! ```

use std::sync::OnceLock;

use super::plausibility::{Script, classify};
use crate::tables::bigrams::{BIGRAMS, LANGUAGES};

/// Room for every profile (`tables::bigrams::LANGUAGES` has 51).
const MAX_LANGUAGES: usize = 64;
const _: () = assert!(LANGUAGES.len() <= MAX_LANGUAGES);

/// A bigram of two letters of different scripts inside one word (`aб`): no language has
/// it; priced like an unseen bigram.
const MIXED_SCRIPT_COST: u32 = 58;

/// The scripts the profiles cover.
const SCRIPTS: [Script; 7] = [
    Script::Latin,
    Script::Cyrillic,
    Script::Greek,
    Script::Arabic,
    Script::Hebrew,
    Script::Thai,
    Script::Indic,
];

fn script_index(script: Script) -> Option<usize> {
    SCRIPTS.iter().position(|&s| s == script)
}

fn script_of_name(name: &str) -> Option<Script> {
    Some(match name {
        "LATIN" => Script::Latin,
        "CYRILLIC" => Script::Cyrillic,
        "GREEK" => Script::Greek,
        "ARABIC" => Script::Arabic,
        "HEBREW" => Script::Hebrew,
        "THAI" => Script::Thai,
        "INDIC" => Script::Indic,
        _ => return None,
    })
}

/// Each script's languages (indices into `LANGUAGES`).
fn languages_of_scripts() -> &'static [Vec<usize>; 7] {
    static BY_SCRIPT: OnceLock<[Vec<usize>; 7]> = OnceLock::new();
    BY_SCRIPT.get_or_init(|| {
        let mut by_script: [Vec<usize>; 7] = Default::default();
        for (index, &(_, script, _, _)) in LANGUAGES.iter().enumerate() {
            if let Some(s) = script_of_name(script).and_then(script_index) {
                by_script[s].push(index);
            }
        }
        by_script
    })
}

/// Slots of `key_index`: a power of two, over twice the distinct keys of `BIGRAMS`.
const KEY_SLOTS: usize = 1 << 15;
/// A free slot of `key_index` (no bigram has this key).
const NO_KEY: u64 = u64::MAX;

/// Where each distinct key's run of entries starts in `BIGRAMS` and how long it is, in
/// an open-addressed hash table: `fit` looks up every bigram of every reading, and a
/// binary search over the half-megabyte table missed the cache at most of its steps.
fn key_index() -> &'static [(u64, u32, u32)] {
    static INDEX: OnceLock<Vec<(u64, u32, u32)>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = vec![(NO_KEY, 0u32, 0u32); KEY_SLOTS];
        let mut start = 0;
        while start < BIGRAMS.len() {
            let key = BIGRAMS[start].0;
            let len = BIGRAMS[start..].iter().take_while(|e| e.0 == key).count();
            let mut slot = key_slot(key);
            while index[slot].0 != NO_KEY {
                slot = (slot + 1) % KEY_SLOTS;
            }
            index[slot] = (key, start as u32, len as u32);
            start += len;
        }
        index
    })
}

#[inline]
fn key_slot(key: u64) -> usize {
    hashed_slot(key, KEY_SLOTS)
}

/// The entries of `key` in `BIGRAMS`, one per language that has the bigram.
fn entries_of(key: u64) -> &'static [(u64, u8, u8)] {
    let index = key_index();
    let mut slot = key_slot(key);
    loop {
        let (k, start, len) = index[slot];
        if k == key {
            return &BIGRAMS[start as usize..(start + len) as usize];
        }
        if k == NO_KEY {
            return &[];
        }
        slot = (slot + 1) % KEY_SLOTS;
    }
}

/// For each bigram some Latin-script language has, every Latin-script language's price
/// of it in quarter bits (its cost, or its price for the unknown where it lacks it), in
/// an open-addressed hash table of its own: `latin_costs` adds a bigram's row instead of
/// walking its entries, one per language of any script that has it (the 2,900 or so
/// Latin bigrams' rows and slots take about 220 KB, a fifth of the entries and index).
struct LatinRows {
    /// (key, index into `rows`), `NO_KEY` where free; a power of two, at most half full.
    slots: Vec<(u64, u32)>,
    rows: Vec<[u8; LATIN_LANGUAGES]>,
}

impl LatinRows {
    fn get() -> &'static LatinRows {
        static ROWS: OnceLock<LatinRows> = OnceLock::new();
        ROWS.get_or_init(|| {
            let mut position = [None; MAX_LANGUAGES];
            for (at, &l) in LATIN_INDICES.iter().enumerate() {
                position[l] = Some(at);
            }
            let unknown = LATIN_INDICES.map(|l| LANGUAGES[l].2);
            let mut keyed: Vec<(u64, [u8; LATIN_LANGUAGES])> = Vec::new();
            for run in BIGRAMS.chunk_by(|a, b| a.0 == b.0) {
                let mut row = unknown;
                let mut latin = false;
                for &(_, lang, cost) in run {
                    if let Some(at) = position.get(lang as usize).copied().flatten() {
                        row[at] = cost;
                        latin = true;
                    }
                }
                if latin {
                    keyed.push((run[0].0, row));
                }
            }
            let len = (2 * keyed.len()).next_power_of_two().max(2);
            let mut slots = vec![(NO_KEY, 0u32); len];
            let mut rows = Vec::with_capacity(keyed.len());
            for (key, row) in keyed {
                let mut slot = hashed_slot(key, len);
                while slots[slot].0 != NO_KEY {
                    slot = (slot + 1) % len;
                }
                slots[slot] = (key, rows.len() as u32);
                rows.push(row);
            }
            LatinRows { slots, rows }
        })
    }

    /// `key`'s row; `None` when no Latin-script language has it (each prices it as the
    /// unknown).
    #[inline]
    fn row(&self, key: u64) -> Option<&[u8; LATIN_LANGUAGES]> {
        let len = self.slots.len();
        let mut slot = hashed_slot(key, len);
        loop {
            let (k, row) = *self.slots.get(slot)?;
            if k == key {
                return self.rows.get(row as usize);
            }
            if k == NO_KEY {
                return None;
            }
            slot = (slot + 1) % len;
        }
    }
}

/// A slot for `key` in an open-addressed table of `len` slots, a power of two.
#[inline]
fn hashed_slot(key: u64, len: usize) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - len.trailing_zeros())) as usize
}

/// Each Latin-script language's summed price of the bigrams added so far.
#[derive(Clone, Copy)]
struct LatinSum {
    /// The prices of the bigrams some Latin-script language has.
    priced: [u32; LATIN_LANGUAGES],
    /// How many bigrams no Latin-script language has.
    unknown: u32,
}

impl LatinSum {
    fn new() -> LatinSum {
        LatinSum {
            priced: [0; LATIN_LANGUAGES],
            unknown: 0,
        }
    }

    #[inline]
    fn add(&mut self, rows: &LatinRows, key: u64) {
        match rows.row(key) {
            Some(row) => {
                for (sum, &price) in self.priced.iter_mut().zip(row) {
                    *sum += u32::from(price);
                }
            }
            None => self.unknown += 1,
        }
    }

    /// The sums, as `latin_costs` gives them.
    fn costs(&self) -> [u32; LATIN_LANGUAGES] {
        std::array::from_fn(|at| {
            self.priced[at] + self.unknown * u32::from(LANGUAGES[LATIN_INDICES[at]].2)
        })
    }
}

/// How a text fits the model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fit {
    /// Summed cost of the bigrams, in quarter bits, each script under its best language.
    pub quarter_bits: u32,
    /// Bigrams priced (those of letters of covered scripts).
    pub bigrams: u32,
    /// Bigrams no language of their script has.
    pub unseen: u32,
    /// The cost beyond what as many bigrams of the best language's ordinary text cost
    /// (its bigram entropy, 7–11 bits), in quarter bits: so a symbol that is no letter
    /// (cost 0) and an ordinary letter weigh alike, and only unusual bigrams count.
    pub excess_quarter_bits: i32,
}

impl Fit {
    /// The cost in bits.
    pub fn bits(&self) -> i32 {
        (self.quarter_bits / 4) as i32
    }

    /// The cost in bits beyond what ordinary text with as many bigrams costs: about 0 for
    /// real words, 6.5 bits per bigram no language of its script shows.
    pub fn excess(&self) -> i32 {
        self.excess_quarter_bits / 4
    }
}

/// The letter as the profiles spell it: lower case; Vietnamese letters of Latin Extended
/// Additional folded to one (the profiles fold them so).
fn fold(c: char) -> char {
    if ('\u{1EA0}'..='\u{1EFF}').contains(&c) {
        return '\u{1EC3}';
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// What a char is to the model: a letter of a covered script, a letter of another script,
/// an Arabic or Hebrew point (skipped on a letter: Wikipedia text rarely writes them), a
/// combining mark that composed with nothing, or a word boundary.
enum Unit {
    Letter(char, usize),
    Uncovered,
    Point(usize),
    OddMark,
    Boundary,
}

// (Inlined for its ASCII test: most chars of a reading are ASCII.)
#[inline]
fn unit(c: char) -> Unit {
    if c.is_ascii() {
        return if c.is_ascii_alphabetic() {
            Unit::Letter(c.to_ascii_lowercase(), 0)
        } else {
            Unit::Boundary
        };
    }
    non_ascii_unit(c)
}

fn non_ascii_unit(c: char) -> Unit {
    // Ordinal indicators are alphabetic but no letter of a word (`3.º`, `Nº`).
    if matches!(c, 'ª' | 'º') {
        return Unit::Boundary;
    }
    if !crate::detect::alpha::is_alphabetic(c) {
        // A combining mark that did not compose with the letter before it (`e\u{329}`)
        // makes a letter no language writes.
        return if unicode_normalization::char::is_combining_mark(c) {
            Unit::OddMark
        } else {
            Unit::Boundary
        };
    }
    let info = classify(c);
    match script_index(info.script) {
        Some(s) => {
            if matches!(info.script, Script::Arabic | Script::Hebrew)
                && matches!(c as u32, 0x064B..=0x065F | 0x0670 | 0x0591..=0x05C7)
            {
                Unit::Point(s)
            } else {
                Unit::Letter(fold(c), s)
            }
        }
        None => Unit::Uncovered,
    }
}

/// The cost of `text` under the model.
pub fn fit(text: &str) -> Fit {
    let (grams, mixed) = bigrams(text, |key, s| (key, s));
    let present = grams.iter().fold(0u32, |m, &(_, s)| m | script_bit(s));
    price(grams.len(), present, mixed, |s| {
        let mut known = [(0u32, 0u32); MAX_LANGUAGES];
        let mut n = 0u32;
        for &(key, _) in grams.iter().filter(|&&(_, gs)| gs == s) {
            n += 1;
            add_entries(&mut known, key);
        }
        (known, n)
    })
}

/// `fit` of each text, for texts that are mostly alike (readings of the same bytes in
/// different encodings: their ASCII words are the same): the bigrams every text has
/// are looked up once, the rest per text. The sums are of integers, so the result is
/// `fit`'s exactly.
pub fn fit_many(texts: &[&str]) -> Vec<Fit> {
    // Sorted, as one packed u64 per bigram (cheaper to sort and compare than the pair):
    // `price` and the sums do not depend on the order of the bigrams.
    let all: Vec<(Vec<u64>, u32)> = texts
        .iter()
        .map(|t| {
            let (mut packed, mixed) = bigrams(t, pack);
            packed.sort_unstable();
            (packed, mixed)
        })
        .collect();
    let mut common = all.first().map(|(g, _)| g.clone()).unwrap_or_default();
    for (grams, _) in all.iter().skip(1) {
        common = multiset_meet(&common, grams);
    }
    let mut base = [([(0u32, 0u32); MAX_LANGUAGES], 0u32); SCRIPTS.len()];
    for &packed in &common {
        let (key, s) = unpack(packed);
        if let Some((known, n)) = base.get_mut(s) {
            add_entries(known, key);
            *n += 1;
        }
    }
    let mut rest = Vec::new();
    all.iter()
        .map(|(grams, mixed)| {
            multiset_minus(grams, &common, &mut rest);
            let present = grams.iter().fold(0u32, |m, &p| m | script_bit(unpack(p).1));
            price(grams.len(), present, *mixed, |s| {
                let (mut known, mut n) =
                    base.get(s).copied().unwrap_or(([(0, 0); MAX_LANGUAGES], 0));
                for (key, _) in rest.iter().map(|&p| unpack(p)).filter(|&(_, gs)| gs == s) {
                    n += 1;
                    add_entries(&mut known, key);
                }
                (known, n)
            })
        })
        .collect()
}

/// A bigram (key = first char << 32 | second char, script index) in one u64: both chars
/// are below 2^21 (code points, U+FFFF for an odd mark) and the script index below 8,
/// so the packing is one-to-one.
#[inline]
fn pack(key: u64, s: usize) -> u64 {
    let (first, second) = (key >> 32 & 0x1F_FFFF, key & 0x1F_FFFF);
    (first << 21 | second) << 3 | (s as u64 & 7)
}

#[inline]
fn unpack(packed: u64) -> (u64, usize) {
    let chars = packed >> 3;
    (
        (chars >> 21) << 32 | (chars & 0x1F_FFFF),
        (packed & 7) as usize,
    )
}
const _: () = assert!(SCRIPTS.len() <= 8);

/// Bit `s` of `price`'s mask of the scripts present.
#[inline]
fn script_bit(s: usize) -> u32 {
    1u32.checked_shl(s as u32).unwrap_or(0)
}

/// The items two sorted lists both have, as often as both have them.
fn multiset_meet(a: &[u64], b: &[u64]) -> Vec<u64> {
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(*x);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// The items of sorted `a` left after taking out sorted `b` (a sub-multiset of `a`),
/// into `out` (cleared first; reused between texts).
fn multiset_minus(a: &[u64], b: &[u64], out: &mut Vec<u64>) {
    out.clear();
    let mut j = 0;
    for x in a {
        if b.get(j) == Some(x) {
            j += 1;
        } else {
            out.push(*x);
        }
    }
}

/// The bigrams of `text` as (key, script index), and how many pairs of letters of two
/// scripts inside a word it has (see `for_each_bigram`).
/// Each bigram is stored as `make(key, script)` makes it.
fn bigrams<T>(text: &str, make: impl Fn(u64, usize) -> T) -> (Vec<T>, u32) {
    // (At most one bigram per char and one more: sized once, not grown.)
    let mut grams: Vec<T> = Vec::with_capacity(text.len() + 1);
    let mixed = for_each_bigram(text, |key, s| grams.push(make(key, s)));
    (grams, mixed)
}

/// Calls `add(key, script index)` with each bigram of `text`, in order, and returns how
/// many pairs of letters of two scripts inside a word it has. A word of an uncovered
/// script is a boundary on both sides and is not priced.
fn for_each_bigram(text: &str, mut add: impl FnMut(u64, usize)) -> u32 {
    let mut mixed = 0u32;
    let mut prev: Option<(char, usize)> = None;
    let mut chars = text.chars().peekable();
    while let Some(mut c) = chars.next() {
        // Decomposed letters are priced as the letters they compose to. (No canonical
        // composition has an ASCII second char, so the common case skips the lookup.)
        while let Some(&mark) = chars.peek().filter(|m| !m.is_ascii()) {
            match unicode_normalization::char::compose(c, mark) {
                Some(composed) => {
                    c = composed;
                    chars.next();
                }
                None => break,
            }
        }
        match unit(c) {
            Unit::OddMark => {
                if let Some((p, s)) = prev {
                    // (U+FFFF is in no profile: an unseen bigram.)
                    add(((p as u64) << 32) | 0xFFFF, s);
                    prev = Some(('\u{FFFF}', s));
                }
            }
            Unit::Letter(l, s) => {
                match prev {
                    None => add(((' ' as u64) << 32) | l as u64, s),
                    Some((p, ps)) if ps == s => add(((p as u64) << 32) | l as u64, s),
                    Some(_) => mixed += 1,
                }
                prev = Some((l, s));
            }
            // A point on a letter is skipped; a point on nothing is no writing.
            Unit::Point(s) => {
                if prev.is_none() {
                    add(((' ' as u64) << 32) | 0xFFFF, s);
                    prev = Some(('\u{FFFF}', s));
                }
            }
            Unit::Uncovered | Unit::Boundary => {
                if let Some((p, s)) = prev {
                    add((p as u64) << 32 | ' ' as u64, s);
                }
                prev = None;
            }
        }
    }
    if let Some((p, s)) = prev {
        add((p as u64) << 32 | ' ' as u64, s);
    }
    mixed
}

/// Adds `key`'s cost under each language that has it to that language's (sum, count).
fn add_entries(known: &mut [(u32, u32); MAX_LANGUAGES], key: u64) {
    for &(_, lang, cost) in entries_of(key) {
        if let Some(entry) = known.get_mut(lang as usize) {
            entry.0 += cost as u32;
            entry.1 += 1;
        }
    }
}

/// The fit of a text with `grams` bigrams, of the scripts whose bits are set in `present`;
/// `known_of(s)` gives script `s`'s per-language
/// (summed cost, bigrams it has) and its bigram count.
fn price(
    grams: usize,
    present: u32,
    mixed: u32,
    mut known_of: impl FnMut(usize) -> ([(u32, u32); MAX_LANGUAGES], u32),
) -> Fit {
    if grams == 0 && mixed == 0 {
        return Fit::default();
    }
    let by_script = languages_of_scripts();
    let mut fit = Fit {
        quarter_bits: mixed * MIXED_SCRIPT_COST,
        bigrams: grams as u32 + mixed,
        unseen: mixed,
        excess_quarter_bits: (mixed * MIXED_SCRIPT_COST) as i32 - (mixed * 32) as i32,
    };
    for (s, languages) in by_script.iter().enumerate() {
        // (`present`: bit s set when some bigram is of script s.)
        if present & script_bit(s) == 0 || languages.is_empty() {
            continue;
        }
        // Per language: summed cost of the bigrams it has, and how many it has.
        let (known, n) = known_of(s);
        let best = languages
            .iter()
            .map(|&l| {
                let (sum, have) = known[l];
                let (_, _, unknown, ordinary) = LANGUAGES[l];
                let cost = sum + (n - have) * unknown as u32;
                (cost as i32 - (n * ordinary as u32) as i32, cost, n - have)
            })
            .min();
        if let Some((excess, cost, unseen)) = best {
            fit.quarter_bits += cost;
            fit.unseen += unseen;
            fit.excess_quarter_bits += excess;
        }
    }
    fit
}

/// How many profiles are of the Latin script: the length of `latin_costs`' array.
pub(super) const LATIN_LANGUAGES: usize = latin_languages::<MAX_LANGUAGES>().1;

/// The Latin-script profiles' indices into `LANGUAGES`, in order (`languages_of_scripts`'
/// Latin list, fixed at compile time so the per-language costs need no `Vec`).
const LATIN_INDICES: [usize; LATIN_LANGUAGES] = latin_languages::<LATIN_LANGUAGES>().0;

/// The first `N` Latin-script profiles' indices into `LANGUAGES`, and how many there are.
const fn latin_languages<const N: usize>() -> ([usize; N], usize) {
    const fn is_latin(script: &str) -> bool {
        let (a, b) = (script.as_bytes(), b"LATIN".as_slice());
        if a.len() != b.len() {
            return false;
        }
        let mut i = 0;
        while i < a.len() {
            if a[i] != b[i] {
                return false;
            }
            i += 1;
        }
        true
    }
    let mut indices = [0; N];
    let (mut index, mut count) = (0, 0);
    while index < LANGUAGES.len() {
        if is_latin(LANGUAGES[index].1) {
            if count < N {
                indices[count] = index;
            }
            count += 1;
        }
        index += 1;
    }
    (indices, count)
}

/// Each Latin-script language's cost of `text`'s Latin letter bigrams, in quarter bits,
/// a bigram the language lacks at its price for the unknown: the per-language sums that
/// `fit` takes the best of, for comparing two readings under the same language.
pub(super) fn latin_costs(text: &str) -> [u32; LATIN_LANGUAGES] {
    let rows = LatinRows::get();
    let mut sum = LatinSum::new();
    for_each_bigram(text, |key, s| {
        if s == LATIN_SCRIPT {
            sum.add(rows, key);
        }
    });
    sum.costs()
}

/// `latin_costs(before)` less `latin_costs(after)`, language by language. A bigram both
/// texts have costs the same under every language, so only those one text has more of
/// than the other are looked up: the changed words of a rereading share most of their
/// bigrams (`povodnì`, `povodně` all but two).
pub(super) fn latin_cost_gains(before: &str, after: &str) -> [i64; LATIN_LANGUAGES] {
    let latin_keys = |text: &str| {
        let mut keys = Vec::with_capacity(text.len() + 1);
        for_each_bigram(text, |key, s| {
            if s == LATIN_SCRIPT {
                keys.push(key);
            }
        });
        keys.sort_unstable();
        keys
    };
    let (before, after) = (latin_keys(before), latin_keys(after));
    let rows = LatinRows::get();
    let (mut gained, mut lost) = (LatinSum::new(), LatinSum::new());
    let (mut i, mut j) = (0, 0);
    loop {
        match (before.get(i), after.get(j)) {
            (Some(b), Some(a)) if b == a => {
                i += 1;
                j += 1;
            }
            (Some(&b), a) if a.is_none_or(|&a| b < a) => {
                gained.add(rows, b);
                i += 1;
            }
            (_, Some(&a)) => {
                lost.add(rows, a);
                j += 1;
            }
            (_, None) => break,
        }
    }
    let (gained, lost) = (gained.costs(), lost.costs());
    std::array::from_fn(|l| i64::from(gained[l]) - i64::from(lost[l]))
}

/// The code of the language at `index` of `latin_costs`' list.
#[cfg(test)]
pub(super) fn latin_language_code(index: usize) -> &'static str {
    LATIN_INDICES.get(index).map_or("?", |&l| LANGUAGES[l].0)
}

/// `SCRIPTS`' index of the Latin script.
const LATIN_SCRIPT: usize = 0;
const _: () = assert!(matches!(SCRIPTS[LATIN_SCRIPT], Script::Latin));

/// How much less `text` reads like a language than ordinary text does, in bits (see
/// `Fit::excess`): 0 for real words, more the stranger their letter pairs. Never below 0:
/// text of a script the model does not cover costs 0, so words that read better than
/// average must not win against it for that alone (Thai letters against Korean ones).
pub fn cost(text: &str) -> i32 {
    fit(text).excess().max(0)
}

/// An alphabet whose letter pairs are looked up in a bit table built from the profiles of
/// its script: the letters a misreading through a single-byte page is made of.
struct Alphabet {
    /// The script of the profiles that say which pairs occur.
    script: &'static str,
    /// Slots, the word boundary (slot 0) included.
    slots: usize,
    /// A cheap test, before folding, of whether a char may be one of its letters.
    member: fn(char) -> bool,
    /// The slot of a folded (lower-case) letter, or of the word boundary ' '.
    index: fn(char) -> Option<usize>,
    /// The slot of any char: `index` of the folded char when `member` has it (the
    /// definition), worked out without `fold` for the common letters, as the per-char
    /// scans of every line read it.
    slot: fn(char) -> Option<usize>,
}

/// The letters windows-1252 has: ASCII, U+00C0–U+00FF but `×÷`, and eight more; a slot is
/// the letter's windows-1252 byte.
const LATIN1: Alphabet = Alphabet {
    script: "LATIN",
    slots: 256,
    member: |c| {
        c.is_ascii_alphabetic()
            || (matches!(
                c,
                '\u{C0}'..='\u{FF}' | 'Š' | 'š' | 'Œ' | 'œ' | 'Ž' | 'ž' | 'Ÿ' | 'ƒ'
            ) && c != '×'
                && c != '÷')
    },
    index: |c| match c {
        ' ' => Some(0),
        'a'..='z' => Some(c as usize),
        '\u{DF}'..='\u{FF}' if c != '÷' => Some(c as usize),
        'š' => Some(0x9A),
        'œ' => Some(0x9C),
        'ž' => Some(0x9E),
        'ƒ' => Some(0x83),
        _ => None,
    },
    slot: latin1_index,
};

/// The Cyrillic letters of U+0400–U+045F (Russian, Ukrainian, Belarusian, Bulgarian,
/// Serbian, Macedonian), folded to U+0430–U+045F.
const CYRILLIC: Alphabet = Alphabet {
    script: "CYRILLIC",
    slots: 49,
    member: |c| ('\u{400}'..='\u{45F}').contains(&c),
    index: |c| match c {
        ' ' => Some(0),
        '\u{430}'..='\u{45F}' => Some(1 + c as usize - 0x430),
        _ => None,
    },
    // (The capitals fold 0x50 up, `Ѐ`–`Џ` to `ѐ`–`џ`, and 0x20 up, `А`–`Я` to `а`–`я`.)
    slot: |c| match c {
        '\u{400}'..='\u{40F}' => Some(1 + c as usize + 0x50 - 0x430),
        '\u{410}'..='\u{42F}' => Some(1 + c as usize + 0x20 - 0x430),
        '\u{430}'..='\u{45F}' => Some(1 + c as usize - 0x430),
        _ => None,
    },
};

/// Which pairs of `alphabet`'s letters some language of its script shows: bit
/// `first * slots + second`.
fn pairs_seen(alphabet: &Alphabet) -> Vec<u64> {
    let mut seen = vec![0u64; (alphabet.slots * alphabet.slots).div_ceil(64)];
    for &(key, lang, _) in BIGRAMS {
        if LANGUAGES[lang as usize].1 != alphabet.script {
            continue;
        }
        let first = char::from_u32((key >> 32) as u32).and_then(alphabet.index);
        let second = char::from_u32(key as u32).and_then(alphabet.index);
        if let (Some(a), Some(b)) = (first, second) {
            let bit = a * alphabet.slots + b;
            seen[bit / 64] |= 1 << (bit % 64);
        }
    }
    seen
}

/// Calls `pair(first, second)` with the slots of each letter pair of the words of
/// `text` made of an alphabet's letters, `slot` its `Alphabet::slot`, slot 0 standing
/// for the word boundary before and after a word. (Generic over `slot`, so that
/// `latin1_index`'s common cases inline into the scans of every line: through the
/// `Alphabet`'s pointer it is a call per char.)
fn for_each_letter_pair(
    slot: impl Fn(char) -> Option<usize>,
    text: &str,
    mut pair: impl FnMut(usize, usize),
) {
    for_each_letter_pair_while(slot, text, |a, b| {
        pair(a, b);
        true
    });
}

/// `for_each_letter_pair`, stopping at the first pair for which `pair` returns false:
/// then returns false.
fn for_each_letter_pair_while(
    slot: impl Fn(char) -> Option<usize>,
    text: &str,
    mut pair: impl FnMut(usize, usize) -> bool,
) -> bool {
    let mut prev = 0usize;
    for c in text.chars() {
        match slot(c) {
            Some(index) => {
                if !pair(prev, index) {
                    return false;
                }
                prev = index;
            }
            None => {
                // A letter the alphabet lacks: the word cannot be a misreading through
                // its page, and ends uncounted. Anything else is a word boundary.
                if prev != 0
                    && (c.is_ascii()
                        || !crate::detect::alpha::is_alphabetic(c)
                        || matches!(c, 'ª' | 'º'))
                    && !pair(prev, 0)
                {
                    return false;
                }
                prev = 0;
            }
        }
    }
    prev == 0 || pair(prev, 0)
}

/// How many letter pairs of the words of `text` made of `alphabet`'s letters (a space
/// marks a word boundary) no language of its script shows. A table lookup per pair,
/// cheap enough for every line.
fn unseen_pairs(alphabet: &Alphabet, seen: &[u64], text: &str) -> u32 {
    let mut unseen = 0;
    for_each_letter_pair(alphabet.slot, text, |a, b| {
        let bit = a * alphabet.slots + b;
        if seen[bit / 64] >> (bit % 64) & 1 == 0 {
            unseen += 1;
        }
    });
    unseen
}

fn latin1_seen() -> &'static [u64] {
    static SEEN: OnceLock<Vec<u64>> = OnceLock::new();
    SEEN.get_or_init(|| pairs_seen(&LATIN1))
}

fn cyrillic_seen() -> &'static [u64] {
    static SEEN: OnceLock<Vec<u64>> = OnceLock::new();
    SEEN.get_or_init(|| pairs_seen(&CYRILLIC))
}

/// How many letter pairs of `text` no Latin-script language shows, counting the words made
/// of letters windows-1252 has: the text a page misread as windows-1252 or latin-1 is made
/// of (`yaðýþ` has four, `déjà vu` none).
pub fn unseen_latin1_pairs(text: &str) -> u32 {
    unseen_pairs(&LATIN1, latin1_seen(), text)
}

/// How many letter pairs of `text`'s Cyrillic words no Cyrillic-script language shows:
/// windows-1251 text read as KOI8-R (`аюмй дюммшу` for `БАНК ДАННЫХ`) is made of them.
pub fn unseen_cyrillic_pairs(text: &str) -> u32 {
    unseen_pairs(&CYRILLIC, cyrillic_seen(), text)
}

/// For `gate`'s one-pass scan, which counts unseen pairs as `unseen_pairs` does with
/// per-char lookups: `c`'s slot in the windows-1252 and in the Cyrillic alphabet (0 for a
/// char that is no letter of it; slot 0 is the word boundary, which no letter has), and
/// whether such a char ends the word before it as a boundary (else uncounted).
pub(super) fn pair_slots(c: char) -> (u8, u8, bool) {
    let slot = |alphabet: &Alphabet| {
        (alphabet.slot)(c)
            .and_then(|i| u8::try_from(i).ok())
            .unwrap_or(0)
    };
    let boundary =
        c.is_ascii() || !crate::detect::alpha::is_alphabetic(c) || matches!(c, 'ª' | 'º');
    (slot(&LATIN1), slot(&CYRILLIC), boundary)
}

/// Whether no Latin-script language shows the pair of windows-1252 slots `a`, `b`.
#[inline]
pub(super) fn latin1_pair_unseen(a: u8, b: u8) -> bool {
    let bit = a as usize * LATIN1.slots + b as usize;
    latin1_seen()[bit / 64] >> (bit % 64) & 1 == 0
}

/// Whether no Cyrillic-script language shows the pair of Cyrillic slots `a`, `b`.
#[inline]
pub(super) fn cyrillic_pair_unseen(a: u8, b: u8) -> bool {
    let bit = a as usize * CYRILLIC.slots + b as usize;
    cyrillic_seen()[bit / 64] >> (bit % 64) & 1 == 0
}

/// For each pair of `LATIN1` slots, the Latin-script languages whose profile shows it:
/// bit `i` for language `i` of `LANGUAGES`.
fn latin1_pair_languages() -> &'static [u64] {
    static TABLE: OnceLock<Vec<u64>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let slots = LATIN1.slots;
        let mut table = vec![0u64; slots * slots];
        for &(key, lang, _) in BIGRAMS {
            if LANGUAGES[lang as usize].1 != LATIN1.script || lang as usize >= 64 {
                continue;
            }
            let first = char::from_u32((key >> 32) as u32).and_then(LATIN1.index);
            let second = char::from_u32(key as u32).and_then(LATIN1.index);
            if let (Some(a), Some(b)) = (first, second) {
                table[a * slots + b] |= 1 << lang;
            }
        }
        table
    })
}

/// `c`'s slot in `LATIN1` (its `slot`: `LATIN1.index` of the folded letter when
/// `LATIN1.member` has it): ASCII and U+00C0–U+00FF are worked out directly, as they are
/// most of the chars the letter-pair scans read; the rest through `fold`, out of line
/// so that the common cases inline.
#[inline(always)]
fn latin1_index(c: char) -> Option<usize> {
    match c {
        'a'..='z' => Some(c as usize),
        'A'..='Z' => Some(c.to_ascii_lowercase() as usize),
        _ if c.is_ascii() => None,
        // Capitals fold 0x20 up; `×` and `÷` are no letters.
        '\u{C0}'..='\u{DE}' if c != '×' => Some(c as usize + 0x20),
        '\u{DF}'..='\u{FF}' if c != '÷' => Some(c as usize),
        _ => latin1_index_beyond(c),
    }
}

/// `latin1_index` of a char past U+00FF (or `×`, `÷`).
#[inline(never)]
fn latin1_index_beyond(c: char) -> Option<usize> {
    if (LATIN1.member)(c) {
        (LATIN1.index)(fold(c))
    } else {
        None
    }
}

/// Whether one Latin-script language shows all but at most one of the letter pairs of
/// `text`'s words that have a letter `suspect` picks (words made of windows-1252
/// letters; the profiles lack some rarer pairs of real words). A table lookup per pair:
/// the cheap test before `fit` asks which language the whole text is in (French `très`
/// fits French; Hungarian `Gyõr` no one language: Estonian writes `õr`, not `gy`, `yõ`).
///
/// Runs on most lines with a latin-1 letter, so a word's pairs are only read (a second
/// time, from where it starts) when it has a suspect letter, instead of collected for
/// every word.
pub fn suspect_pairs_fit_one_language(text: &str, suspect: impl Fn(char) -> bool) -> bool {
    let table = latin1_pair_languages();
    let slots = LATIN1.slots;
    // Languages missing none of the pairs so far, and missing exactly one.
    let mut languages = (u64::MAX, 0u64);
    let mut end_word = |word: &str| {
        let mut prev = 0usize;
        let mut add = |a: usize, b: usize| {
            let seen = table[a * slots + b];
            let (none, one) = languages;
            languages = (none & seen, (one & seen) | (none & !seen));
        };
        for index in word.chars().filter_map(latin1_index) {
            add(prev, index);
            prev = index;
        }
        add(prev, 0);
        languages != (0, 0)
    };
    let mut word_start = 0;
    let mut word_is_suspect = false;
    let mut in_word = false;
    for (at, c) in text.char_indices() {
        if latin1_index(c).is_some() {
            if !in_word {
                word_start = at;
                in_word = true;
            }
            word_is_suspect |= suspect(c);
        } else {
            if word_is_suspect && !end_word(&text[word_start..at]) {
                return false;
            }
            word_is_suspect = false;
            in_word = false;
        }
    }
    !word_is_suspect || end_word(&text[word_start..])
}

/// `suspect_pairs_fit_one_language` as first written, collecting every word's pairs: the
/// definition the fast version must agree with.
#[cfg(test)]
/// Whether one Latin-script language shows all but at most one of the letter pairs of
/// `text`'s words that have a letter `suspect` picks (words made of windows-1252
/// letters; the profiles lack some rarer pairs of real words). A table lookup per pair:
/// the cheap test before `fit` asks which language the whole text is in (French `très`
/// fits French; Hungarian `Gyõr` no one language: Estonian writes `õr`, not `gy`, `yõ`).
fn suspect_pairs_fit_one_language_reference(text: &str, suspect: impl Fn(char) -> bool) -> bool {
    let table = latin1_pair_languages();
    let slots = LATIN1.slots;
    // Languages missing none of the pairs so far, and missing exactly one.
    let mut languages = (u64::MAX, 0u64);
    let mut word: Vec<(usize, usize)> = Vec::new();
    let mut word_is_suspect = false;
    let mut end_word = |word: &mut Vec<(usize, usize)>, is_suspect: bool| {
        if is_suspect {
            for &(a, b) in word.iter() {
                let seen = table[a * slots + b];
                let (none, one) = languages;
                languages = (none & seen, (one & seen) | (none & !seen));
            }
        }
        word.clear();
        languages != (0, 0)
    };
    let mut prev = 0usize;
    for c in text.chars() {
        let index = if (LATIN1.member)(c) {
            (LATIN1.index)(fold(c))
        } else {
            None
        };
        match index {
            Some(index) => {
                word.push((prev, index));
                word_is_suspect |= suspect(c);
                prev = index;
            }
            None => {
                if prev != 0 {
                    word.push((prev, 0));
                }
                if !end_word(&mut word, word_is_suspect) {
                    return false;
                }
                word_is_suspect = false;
                prev = 0;
            }
        }
    }
    if prev != 0 {
        word.push((prev, 0));
    }
    end_word(&mut word, word_is_suspect)
}

/// Whether every Latin-script language lacks at least two of the letter pairs of
/// `text`'s words made of windows-1252 letters (ASCII words included): a table lookup
/// per pair, a cheap stand-in for `fit(text).unseen >= 2` on Latin text.
pub fn every_language_lacks_two_pairs(text: &str) -> bool {
    let (none, one) = languages_missing_few_pairs(text);
    none == 0 && one == 0
}

/// Whether every Latin-script language lacks at least one of the letter pairs of
/// `text`'s words made of windows-1252 letters: `every_language_lacks_two_pairs`' looser
/// twin.
pub fn every_language_lacks_a_pair(text: &str) -> bool {
    let table = latin1_pair_languages();
    let mut none = u64::MAX;
    // (Languages only drop out of `none`: once it is empty the rest of the text cannot
    // change the answer.)
    !for_each_letter_pair_while(latin1_index, text, |a, b| {
        none &= table[a * LATIN1.slots + b];
        none != 0
    }) || none == 0
}

/// The Latin-script languages (as bits) that miss none of the letter pairs of `text`'s
/// words made of windows-1252 letters, and those that miss exactly one.
fn languages_missing_few_pairs(text: &str) -> (u64, u64) {
    let table = latin1_pair_languages();
    let (mut none, mut one) = (u64::MAX, 0u64);
    for_each_letter_pair(latin1_index, text, |a, b| {
        let missing = !table[a * LATIN1.slots + b];
        one = (one & !missing) | (none & missing);
        none &= !missing;
    });
    (none, one)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hashed index finds, for every key of the table and for keys it lacks, the
    /// run of entries a search of the sorted table finds.
    #[test]
    fn entries_of_matches_a_search_of_the_table() {
        let search = |key: u64| {
            let start = BIGRAMS.partition_point(|&(k, _, _)| k < key);
            let len = BIGRAMS[start..].iter().take_while(|e| e.0 == key).count();
            &BIGRAMS[start..start + len]
        };
        assert!(NO_KEY > BIGRAMS[BIGRAMS.len() - 1].0);
        for &(key, _, _) in BIGRAMS {
            assert_eq!(entries_of(key), search(key));
            for other in [key + 1, key - 1, key ^ 0xFFFF, (key >> 32) << 32 | 0xFFFF] {
                assert_eq!(entries_of(other), search(other));
            }
        }
    }

    /// `latin_costs` as first written, from each bigram's entries: the definition the
    /// rows must agree with.
    fn latin_costs_reference(text: &str) -> Vec<u32> {
        let (grams, _) = bigrams(text, |key, s| (key, s));
        let mut known = [(0u32, 0u32); MAX_LANGUAGES];
        let mut n = 0u32;
        for &(key, _) in grams.iter().filter(|&&(_, s)| s == LATIN_SCRIPT) {
            n += 1;
            add_entries(&mut known, key);
        }
        languages_of_scripts()[LATIN_SCRIPT]
            .iter()
            .map(|&l| {
                let (sum, have) = known[l];
                sum + (n - have) * u32::from(LANGUAGES[l].2)
            })
            .collect()
    }

    /// Every bigram's row prices it as its entries do, and `latin_costs` is the
    /// definition's on the fixtures.
    #[test]
    fn latin_rows_match_the_entries() {
        let rows = LatinRows::get();
        assert!(2 * rows.rows.len() <= rows.slots.len());
        for &(key, _, _) in BIGRAMS {
            for key in [key, key ^ 0xFFFF] {
                let mut sum = LatinSum::new();
                sum.add(rows, key);
                let mut known = [(0u32, 0u32); MAX_LANGUAGES];
                add_entries(&mut known, key);
                let expected: Vec<u32> = LATIN_INDICES
                    .iter()
                    .map(|&l| known[l].0 + (1 - known[l].1) * u32::from(LANGUAGES[l].2))
                    .collect();
                assert_eq!(sum.costs().as_slice(), expected, "{key:x}");
            }
        }
        for text in crate::test_fixtures::texts() {
            assert_eq!(
                latin_costs(&text).as_slice(),
                latin_costs_reference(&text),
                "{text:?}"
            );
        }
    }

    /// The compile-time Latin list is `languages_of_scripts`' one.
    #[test]
    fn latin_indices_are_the_latin_languages() {
        assert_eq!(
            LATIN_INDICES.as_slice(),
            languages_of_scripts()[LATIN_SCRIPT]
        );
    }

    /// `latin_cost_gains` on the differing bigrams is the difference of the full costs.
    #[test]
    fn latin_cost_gains_are_differences_of_costs() {
        let mut texts = crate::test_fixtures::texts();
        texts.extend(
            [
                "",
                "a",
                "Povodnì na Moravì",
                "Povodně na Moravě",
                "the the",
                "é e\u{301}",
            ]
            .map(String::from),
        );
        for pair in texts.windows(2) {
            let (before, after) = (&pair[0], &pair[1]);
            let (b, a) = (latin_costs(before), latin_costs(after));
            let expected: Vec<i64> = b
                .iter()
                .zip(&a)
                .map(|(&b, &a)| i64::from(b) - i64::from(a))
                .collect();
            assert_eq!(
                latin_cost_gains(before, after).as_slice(),
                expected,
                "{before:?} {after:?}"
            );
        }
    }

    #[test]
    fn fit_many_is_fit_of_each() {
        let texts = [
            "ve středu",
            "ve støedu",
            "Вчера вечером",
            "‚чера вечером",
            "",
            "a",
            "日本語",
            "وزارة التربية",
            "ๆาวัษ วแสัศํษ",
            "e\u{329}x aб",
            "the the the",
            "the the",
        ];
        let each: Vec<Fit> = texts.iter().map(|t| fit(t)).collect();
        assert_eq!(fit_many(&texts), each);
        assert_eq!(fit_many(&texts[10..]), each[10..]);
        assert_eq!(fit_many(&[]), Vec::new());
    }

    #[test]
    fn real_words_beat_their_misreadings() {
        for (good, bad) in [
            ("Teléfono", "Tel\u{329}fono"),
            ("Привет, как дела", "Ïðèâåò, êàê äåëà"),
            ("středu podpoře zdrojů", "støedu podpoøe zdrojù"),
            ("وزارة التربية والتعليم", "ๆาวัษ วแสัศํษ ๆวแสฺแํใ"),
            ("Καλημέρα κόσμε", "Êáëçìİñá êüóìå"),
            ("שלום עולם", "ùìåí òåìí"),
        ] {
            assert!(
                cost(good) < cost(bad),
                "{good} {} vs {bad} {}",
                cost(good),
                cost(bad)
            );
        }
    }

    #[test]
    fn points_case_and_decomposition_do_not_matter() {
        assert_eq!(cost("سَلَام"), cost("سلام"));
        assert_eq!(cost("cafe\u{301}"), cost("café"));
        assert_eq!(cost("PARIS"), cost("paris"));
    }

    #[test]
    fn rare_pairs_of_real_words_are_seen_and_misread_letters_are_not() {
        // Pairs langdetect's profiles lack, filled in from lingua's models.
        for word in ["gyűlés", "Petőfi", "můžu"] {
            assert_eq!(fit(word).unseen, 0, "{word}");
        }
        // Hungarian `õ`/`û` (latin-1 showing ISO-8859-2's `ő`/`ű`) stay unseen there:
        // lingua's own Hungarian has them, but langdetect's alphabet of it does not.
        for word in ["gyûlés", "Petõfi"] {
            assert!(fit(word).unseen >= 1, "{word}");
        }
    }

    #[test]
    fn unseen_latin1_pairs_count_misread_words() {
        assert_eq!(unseen_latin1_pairs("déjà vu, café"), 0);
        assert!(unseen_latin1_pairs("naïve") <= 1);
        assert!(unseen_latin1_pairs("yaðýþ") >= 2);
        assert!(unseen_latin1_pairs("Ïðèâåò") >= 4);
        assert_eq!(unseen_latin1_pairs("Привет"), 0);
    }

    #[test]
    fn unseen_cyrillic_pairs_count_misread_words() {
        assert_eq!(unseen_cyrillic_pairs("Привет, как дела? Київ і Львів"), 0);
        assert!(unseen_cyrillic_pairs("аюмй дюммшу он бшянйнцнпмшл") >= 3);
    }

    /// Each alphabet's `slot` is its definition, `index` of the folded char when
    /// `member` has it, for every char.
    #[test]
    fn slots_match_the_definition() {
        for alphabet in [&LATIN1, &CYRILLIC] {
            for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
                let generic = if (alphabet.member)(c) {
                    (alphabet.index)(fold(c))
                } else {
                    None
                };
                assert_eq!((alphabet.slot)(c), generic, "{} {c:?}", alphabet.script);
            }
        }
    }

    /// The one-pass `suspect_pairs_fit_one_language` against the definition.
    #[test]
    fn fast_suspect_pairs_match_the_reference() {
        let suspect = |c: char| matches!(c, 'è' | 'à' | 'ñ' | 'õ' | 'ð' | 'Ò' | 'ì');
        let mut texts = crate::test_fixtures::texts();
        texts.extend(
            [
                "",
                "è",
                "très",
                "Gyõr és",
                "à la carte, très bien",
                "ðæ þú",
                "ÀÈÌ òè x",
                "elérhetõ mìsíc",
                "x è",
                "è x",
                "mìsíc.",
                "Ò1è2à",
                "Œuvre ñandú",
            ]
            .map(String::from),
        );
        for text in &texts {
            assert_eq!(
                suspect_pairs_fit_one_language(text, suspect),
                suspect_pairs_fit_one_language_reference(text, suspect),
                "{text:?}"
            );
        }
    }

    #[test]
    fn suspect_pairs_fit_one_language_or_none() {
        let suspect = |c: char| matches!(c, 'è' | 'õ' | 'ì' | 'ò');
        assert!(suspect_pairs_fit_one_language(
            "très bien, la mère",
            suspect
        ));
        assert!(suspect_pairs_fit_one_language("no suspects here", suspect));
        assert!(!suspect_pairs_fit_one_language("Gyõr mìsíc erdõi", suspect));
    }

    #[test]
    fn uncovered_scripts_and_symbols_cost_nothing() {
        assert_eq!(fit("日本語 123 — !"), Fit::default());
    }
}
