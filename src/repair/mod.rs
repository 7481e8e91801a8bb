//! Mojibake repair: a search over (wrong decoding, true encoding) chains, scored by the
//! plausibility model.
//!
//! Text is cut into tokens at whitespace. A token that the model finds entirely ordinary
//! (the vast majority) never enters the search. For a suspicious token, every hypothesis
//! "these characters are bytes in encoding T that were decoded as W" is tried: re-encode
//! the token with W (losslessly; a U+FFFD stands for a byte W could not show), decode the
//! bytes with T, and score the result. The best candidate replaces the token only if it
//! beats the original by a margin; the search then runs again on the result, to undo up to
//! `MAX_LAYERS` layers of mojibake.
//!
//! ```
//! use mojifix::repair::repair;
//! let edits = repair("cafÃ© and TNF-¦Á");
//! assert_eq!(edits[0].replacement, "é");
//! assert_eq!(edits[1].replacement, "α");
//! ```

pub mod gate;
pub mod language;
mod latin_pages;
mod lossy_cjk;
pub mod plausibility;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use crate::charset::{Charset, SingleBytePage, single_byte_page, single_byte_page_static};
use crate::report::fix::{Edit, Step};
use plausibility::{Kind, Script, classify, cost};
use unicode_normalization::char::is_combining_mark;

/// At most this many layers of mojibake are undone (`cafÃƒÂ©` is two).
pub const MAX_LAYERS: usize = 3;

/// Minimum cost saved for UTF-8 decoded from a single-byte misreading: the UTF-8
/// validity of the bytes is itself strong evidence.
const MIN_GAIN_UTF8_FROM_SINGLE_BYTE: i32 = 8;
/// The same when the evidence is a single two-byte sequence (`É®` is valid UTF-8 too).
const MIN_GAIN_UTF8_ONE_PAIR: i32 = 8;
/// The same when the pair's second byte is a restored NBSP (A0) that became a space.
const MIN_GAIN_NBSP: i32 = 12;
/// UTF-8 decoded from a CJK misreading (`浣犲ソ`).
const MIN_GAIN_UTF8_FROM_CJK: i32 = 10;
/// Legacy CJK decoded from latin-1/windows-1252: most high-byte pairs are valid GBK or
/// Big5, so validity proves little (`MÜLLER` is valid GBK).
const MIN_GAIN_CJK_FROM_LATIN: i32 = 10;
/// One CJK page read as another: validity proves even less. (With word pairs for
/// traditional Han and Hangul in the model, 20 repairs more; real halfwidth-katakana
/// lines start being reread as GBK at 17.)
const MIN_GAIN_CJK_FROM_CJK: i32 = 20;
/// A single-byte page read as another: every byte string is valid, only the model decides.
const MIN_GAIN_SINGLE_BYTE: i32 = 16;
/// Per extra character of the original, single-byte repairs must also win by this much,
/// so a long all-caps word is not reinterpreted on a small average gain.
const SINGLE_BYTE_GAIN_PER_CHAR: i32 = 2;
/// A chain must have saved this much over the whole text to count as its dominant one.
const MIN_DOMINANT_GAIN: i32 = 10;
/// Letter pairs no Latin-script language shows (`language::unseen_latin1_pairs`) that make a
/// text a suspect for a single-byte page read as another.
const MIN_UNSEEN_FOR_REREADING: u32 = 2;
/// ... and those that make one whose accented letters fit an orthography a suspect for a
/// Latin page read as another.
const MIN_UNSEEN_FOR_LATIN_REREADING: u32 = 3;
/// Cyrillic letter pairs no Cyrillic language shows that make a text a suspect for one
/// Cyrillic page read as another.
const MIN_UNSEEN_FOR_CYRILLIC_REREADING: u32 = 5;
/// The Cyrillic pages, each misread as each other (windows-1251 text shown as KOI8-R is
/// the classic Russian mojibake).
const CYRILLIC_PAGES: [&str; 5] = [
    "windows-1251",
    "KOI8-R",
    "IBM866",
    "ISO-8859-5",
    "x-mac-cyrillic",
];
/// With a dominant chain, a suspicious token it leaves about as plausible is repaired
/// with it (`Å ` → `Š` in a Latvian line read as windows-1252)...
const MIN_GAIN_CONSISTENT: i32 = -4;
/// ...and so is an ordinary-looking token it improves clearly (`胁` → `в`).
const MIN_GAIN_CONSISTENT_UNSUSPICIOUS: i32 = -2;
/// ...and a restored NBSP with it, if it costs little (`Å ` → `Š`).
const MIN_GAIN_CONSISTENT_NBSP: i32 = -2;
/// The dominant chain wins over a token's own best reading unless that one is this
/// much more plausible.
const CONSISTENCY_SLACK: i32 = 12;
/// Cost of a short reading in a script found nowhere else in the text (`Context`).
const ISLAND_COST: i32 = 20;
/// Legacy CJK from latin-1 when the evidence is a single two-byte character.
const MIN_GAIN_CJK_ONE_PAIR: i32 = 16;
/// Prior against less common wrong decodings, added to a candidate's cost.
const PRIOR_COMMON: i32 = 0;
const PRIOR_UNCOMMON: i32 = 4;
const PRIOR_RARE: i32 = 6;

/// Single-byte pages that UTF-8 is commonly misread through, most common first.
const UTF8_MISREADINGS: &[(&str, i32)] = &[
    ("windows-1252", PRIOR_COMMON),
    ("ISO-8859-1", PRIOR_COMMON),
    ("windows-1251", PRIOR_COMMON),
    ("windows-1250", PRIOR_UNCOMMON),
    ("windows-1253", PRIOR_UNCOMMON),
    ("windows-1254", PRIOR_UNCOMMON),
    ("windows-1255", PRIOR_UNCOMMON),
    ("windows-1256", PRIOR_UNCOMMON),
    ("windows-1257", PRIOR_UNCOMMON),
    ("windows-1258", PRIOR_UNCOMMON),
    ("ISO-8859-2", PRIOR_UNCOMMON),
    // It differs from latin-1 only where windows-1252 has the same letters (Š Ž Œ €):
    // wherever the two read a token differently, windows-1252 is the likelier page
    // (`ÃŽle` is `Île`, not `ôle`).
    ("ISO-8859-15", PRIOR_RARE + PRIOR_UNCOMMON),
    ("macintosh", PRIOR_RARE),
    ("KOI8-R", PRIOR_UNCOMMON),
    ("KOI8-U", PRIOR_UNCOMMON),
    ("ISO-8859-5", PRIOR_RARE),
    ("ISO-8859-7", PRIOR_RARE),
    ("IBM437", PRIOR_RARE),
    ("IBM850", PRIOR_RARE),
    ("IBM866", PRIOR_RARE),
    ("x-mac-cyrillic", PRIOR_RARE),
    ("windows-874", PRIOR_UNCOMMON),
    (crate::charset::SIGN_EXTENDED_BYTES, PRIOR_RARE),
];

/// Multi-byte pages UTF-8 is misread through (and that legacy CJK is misread as).
const CJK_PAGES: &[&str] = &["GBK", "Shift_JIS", "Big5", "EUC-KR", "EUC-JP"];

/// Whether `text` has at most one word with non-ASCII letters and too few ASCII letters
/// around it to say its language (`In Verð`, `Hraunið Пётр`).
fn one_word(text: &str) -> bool {
    let (mut accented, mut context) = (0, 0);
    for word in text.split_whitespace() {
        if word
            .chars()
            .any(|c| !c.is_ascii() && gate::is_alphabetic(c) && classify(c).script == Script::Latin)
        {
            accented += 1;
        } else {
            context += word.chars().filter(char::is_ascii_alphabetic).count();
        }
    }
    accented <= 1 && context < latin_pages::MIN_CONTEXT_LETTERS
}

/// Whether `text` reads as Icelandic, with more acute vowels (or `æ` `ö`) than `ý`:
/// Icelandic has no language profile, so its words read like no language (`borgað með`
/// is no Lithuanian `borgaš meš`). Turkish shown as latin-1 writes `ð` `þ` too, but among
/// many `ý` (its `ı`: `deðiþtirilmiþtir`, `yýlý`).
fn reads_icelandic(text: &str) -> bool {
    latin_pages::icelandic_letters(text).is_some_and(|(vowels, y_acute)| vowels > y_acute)
}

/// Whether `text` has letters its own language does not write, where a Latin page read
/// as latin-1 would put them: a letter a Central European, Baltic or Turkish page reads
/// as another (`elérhetõ` is Hungarian `elérhető`, `mìsíc` Czech `měsíc`), in words no
/// one language writes, in a text every language lacks two letter pairs of (ASCII words
/// included). French `très`
/// fits French; the whole-text rereadings are then weighed by the language model.
pub(super) fn latin_reads_foreign(text: &str) -> bool {
    // (Cheap tests first: most text has no such letter, U+00A0–U+00FF being C2 or C3
    // in UTF-8, or writes it the way one language does.)
    text.as_bytes().iter().any(|&b| b == 0xC2 || b == 0xC3)
        && text.chars().any(is_latin1_ambiguous)
        && !hungarian_written_in_latin1(text)
        && latin_pairs_read_foreign(text)
}

/// The tests of `latin_reads_foreign` after its pre-checks (a letter `is_latin1_ambiguous`
/// holds for, no Hungarian written in latin-1), which the gate's own scan answers: the
/// suspect words' letter pairs fit no one language, and the text lacks two pairs of
/// every language.
pub(super) fn latin_pairs_read_foreign(text: &str) -> bool {
    !language::suspect_pairs_fit_one_language(text, is_latin1_ambiguous)
        && language::every_language_lacks_two_pairs(text)
}

/// A latin-1 letter (or `¹ ³ ¿ ¾ ¼`, Polish letters shown as latin-1) that one of the
/// Central European, Baltic or Turkish pages reads as a different letter.
pub(super) fn is_latin1_ambiguous(c: char) -> bool {
    static AMBIGUOUS: OnceLock<[bool; 0x60]> = OnceLock::new();
    let ambiguous = AMBIGUOUS.get_or_init(|| {
        let pages: Vec<&SingleBytePage> = LATIN_TRUTHS
            .iter()
            .filter_map(|n| single_byte_page(n))
            .collect();
        let mut table = [false; 0x60];
        for (byte, slot) in (0xA0u8..=0xFF).zip(table.iter_mut()) {
            let latin1 = char::from(byte);
            *slot = (latin1.is_alphabetic() || matches!(latin1, '¹' | '³' | '¿' | '¾' | '¼'))
                && pages.iter().any(|page| {
                    page.decode_byte(byte)
                        .is_some_and(|c| c != latin1 && c.is_alphabetic())
                });
        }
        table
    });
    let cp = c as u32;
    (0xA0..0x100).contains(&cp) && ambiguous[(cp - 0xA0) as usize]
}

/// Whether `text` is Hungarian written with latin-1's `õ` `û` for `ő` `ű`, which
/// latin-1 lacks (every other accented letter is one Hungarian has): the per-word
/// rereadings here stay out of it; `latin_pages` judges such a text as a whole.
fn hungarian_written_in_latin1(text: &str) -> bool {
    let mut stand_in = false;
    for c in text.chars().filter(|c| !c.is_ascii() && c.is_alphabetic()) {
        match hungarian_letter(c) {
            HungarianLetter::StandIn => stand_in = true,
            HungarianLetter::Own => {}
            HungarianLetter::Other => return false,
        }
    }
    stand_in
}

/// What a non-ASCII letter says to `hungarian_written_in_latin1`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum HungarianLetter {
    /// `õ` `û` written for `ő` `ű`.
    StandIn,
    /// An accented letter Hungarian writes in latin-1.
    Own,
    Other,
}

pub(super) fn hungarian_letter(c: char) -> HungarianLetter {
    match c {
        'õ' | 'û' | 'Õ' | 'Û' => HungarianLetter::StandIn,
        'á' | 'é' | 'í' | 'ó' | 'ö' | 'ú' | 'ü' | 'Á' | 'É' | 'Í' | 'Ó' | 'Ö' | 'Ú' | 'Ü' => {
            HungarianLetter::Own
        }
        _ => HungarianLetter::Other,
    }
}

/// How much more `text` (whose fit is `before`) reads like its language with its
/// non-ASCII tokens (at `ranges`) replaced by their readings (`line[line_words[i]]`, the
/// tokens as a chain read them); `None` unless it has fewer letter pairs that language lacks and
/// less excess. Judged on the
/// whole text, ASCII words included, so `lunedì` in an Italian line stays (Czech
/// `lunedě` fits the word alone better, not the line).
fn whole_language_gain(
    text: &str,
    before: language::Fit,
    ranges: &[Range<usize>],
    line: &str,
    line_words: &[Range<usize>],
) -> Option<i32> {
    let mut after = String::with_capacity(text.len() + 8);
    let mut from = 0;
    for (range, word) in ranges.iter().zip(line_words) {
        after.push_str(&text[from..range.start]);
        after.push_str(&line[word.clone()]);
        from = range.end;
    }
    after.push_str(&text[from..]);
    let after = language::fit(&after);
    // None left of at least two, or two fewer: one pair is noise of the profiles, which
    // lack rarer pairs of real words, and which language fits a short line best can
    // change with one word (Italian `Però … è` reads as Czech `Perň … č`).
    let fewer = after.unseen < before.unseen
        && (after.unseen == 0 && before.unseen >= 2 || before.unseen - after.unseen >= 2);
    (fewer && after.excess() < before.excess()).then(|| {
        FOREIGN_PAIR_GAIN * (before.unseen - after.unseen) as i32 + before.excess() - after.excess()
    })
}

/// What each letter pair the language lacks, and a rereading removes, is worth against
/// the character model's costs (the excess in bits comes on top).
const FOREIGN_PAIR_GAIN: i32 = 4;

/// Whether `text` has a latin-1 symbol inside a word where Polish, Slovak or Czech
/// letters shown as latin-1 leave one (`Wroc³aw`, `jesieni¹`, `¯ó³w`, `z¾avy`): a
/// word's letter on one side and a letter or the word's edge on the other. Such a text
/// is tried in the Central European pages, judged by the character model.
pub(super) fn latin_symbol_in_word(text: &str) -> bool {
    // (All of them are U+00A0–U+00BF, whose UTF-8 starts with C2: most text has none.)
    if !text.as_bytes().contains(&0xC2) {
        return false;
    }
    let symbol = is_latin_symbol;
    let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    let mut previous: Option<char> = None;
    // Whether `previous` is a letter that starts its word.
    let mut one_letter_before = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        // (After a word of one letter it is notation: `y³`, `z¹`.)
        if symbol(c) && !(previous.is_some_and(char::is_alphabetic) && one_letter_before) {
            let letter_before = previous.is_some_and(char::is_alphabetic);
            let letter_after = next.is_some_and(char::is_alphabetic);
            // (`¿` opens Spanish questions: at a word's start it is no Polish `ż`.)
            if letter_before && (letter_after || edge(next))
                || letter_after && edge(previous) && c != '¿'
            {
                return true;
            }
        }
        // (Only worth knowing before a symbol; `is_alphabetic` is dear on CJK text.)
        one_letter_before = next.is_some_and(symbol)
            && c.is_alphabetic()
            && previous.is_none_or(|p| !p.is_alphanumeric());
        previous = Some(c);
    }
    false
}

/// Whether a word of `text` holds a windows-1252 sign that no orthography writes there,
/// where Mac or DOS Latin letters shown as windows-1252 leave one: a quote mark or
/// dagger between letters (`S‹o Jo‹o` is MacRoman `São João`, `ge‹ntegreerde`
/// IBM850 `geïntegreerde`), or one of windows-1252's capitals after a lowercase letter
/// (`JosŽ` is `José`). Such a text is tried in those pages, judged by the character
/// model. (Apostrophes and dashes join words: `Bob’s`, `pre–war` say nothing.)
pub(super) fn cp1252_sign_in_word(text: &str) -> bool {
    // (Every such char is led by C5, CB or E2 in UTF-8, never a continuation byte: only
    // the words that hold one are looked at.)
    memchr::memchr3_iter(0xC5, 0xCB, 0xE2, text.as_bytes()).any(|at| {
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            return false;
        };
        if !(is_word_sign(c) || is_cp1252_capital(c)) {
            return false;
        }
        let start = text[..at]
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let end = text[at..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| at + i);
        sign_inside_word(&text[start..end])
    })
}

/// The signs `cp1252_sign_in_word` looks for between letters.
fn is_word_sign(c: char) -> bool {
    matches!(c, '‚' | '„' | '‡' | 'ˆ' | '‰' | '‹' | '“' | '”' | '˜' | '›')
}

/// The capitals `cp1252_sign_in_word` looks for after a lowercase letter.
fn is_cp1252_capital(c: char) -> bool {
    matches!(c, 'Ž' | 'Š' | 'Œ' | 'Ÿ')
}

/// `cp1252_sign_in_word`'s test on one word.
fn sign_inside_word(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    let mut inside = false;
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        if is_word_sign(c) {
            let letter_before = before.is_some_and(char::is_alphabetic);
            let letter_after = after.is_some_and(char::is_alphabetic);
            // A sign that opens or closes a letter run quotes there, and the word
            // uses its signs as signs (`“quoted”word`, a lost space).
            if letter_before != letter_after {
                return false;
            }
            inside |= letter_before && letter_after;
        } else if is_cp1252_capital(c) && before.is_some_and(char::is_lowercase) {
            inside = true;
        }
    }
    inside
}

/// Of the pages `cp1252_sign_in_word` text may be in, the one whose reading of the text
/// the language model likes best (`ge‹ntegreerde` is IBM850's `geïntegreerde`, not
/// MacRoman's `geãntegreerde`): the character model sees a letter either way.
fn mac_or_dos_reading(text: &str) -> Option<&'static str> {
    let cp1252 = Charset::for_label("windows-1252")?;
    let bytes = encode_keeping_c1(cp1252, text)?;
    MAC_AND_DOS_LATIN
        .iter()
        .filter_map(|&name| {
            let reread = Charset::for_label(name)?.decode_strict(&bytes)?;
            Some((name, language::fit(&reread).excess()))
        })
        .min_by_key(|&(_, excess)| excess)
        .map(|(name, _)| name)
}

/// The pages `cp1252_sign_in_word` text is tried in, as windows-1252 shows them.
const MAC_AND_DOS_LATIN: &[&str] = &["macintosh", "IBM850"];

/// Cyrillic alphabets the language profiles lack, which write letters of their own:
/// Serbian and Macedonian (lowercase), after CLDR's exemplar characters.
const UNPROFILED_CYRILLIC: &[(&str, &str)] = &[
    ("абвгдђежзијклљмнњопрстћуфхцчџш", "ђјљњћџ"),
    ("абвгдѓежзѕијклљмнњопрстќуфхцчџш", "ѓѕјљњќџ"),
];

/// Whether `text`'s Cyrillic letters are all of one alphabet in `UNPROFILED_CYRILLIC`,
/// some of them its own: `Ђорђе, Ћирилица, Џемпер, Љубљана` is Serbian, whose pairs
/// no profile has, not windows-1251 read as another page (which gives letters such as
/// `ы` `ю` `й` that Serbian lacks).
fn writes_unprofiled_cyrillic(text: &str) -> bool {
    let letters = text
        .chars()
        .filter(|&c| ('\u{400}'..='\u{4FF}').contains(&c))
        .flat_map(char::to_lowercase);
    UNPROFILED_CYRILLIC.iter().any(|(alphabet, own)| {
        let mut has_own = false;
        letters.clone().all(|c| {
            has_own |= own.contains(c);
            alphabet.contains(c)
        }) && has_own
    })
}

/// The latin-1 symbols `latin_symbol_in_word` looks for.
pub(super) fn is_latin_symbol(c: char) -> bool {
    matches!(c, '¹' | '³' | '¿' | '¾' | '¼' | '¥' | '¯' | '£')
}

/// Latin pages legacy CJK bytes are misread through: Windows', and the DOS pages zip
/// tools and consoles read file names with (`ÉVé╡éóâtâHâïâ_` is Shift_JIS `新しいフォルダ`).
const LATIN_MISREADINGS: &[&str] = &["ISO-8859-1", "windows-1252", "IBM437", "IBM850"];

/// A single-byte page misread as another: (the page it was read as, the pages it may
/// really be in). Windows and ISO pages are read as latin-1/windows-1252; DOS pages are
/// read as the US DOS page (`CU╔NTENOS`: latin-1 shown as IBM437); Mac text as Windows.
const SINGLE_BYTE_PAIRS: &[(&str, &[&str])] = &[
    ("windows-1252", WINDOWS_TRUTHS),
    ("ISO-8859-1", WINDOWS_TRUTHS),
    // Latin text shown in a Greek or Cyrillic page (`Thιβtre`, `Thйвtre`).
    ("windows-1253", &["windows-1252"]),
    ("ISO-8859-7", &["windows-1252"]),
    ("windows-1251", &["windows-1252"]),
    ("IBM437", &["windows-1252", "IBM866", "IBM850"]),
    ("IBM850", &["windows-1252", "IBM866"]),
    ("macintosh", &["windows-1252"]),
];
const WINDOWS_TRUTHS: &[&str] = &[
    "windows-1251",
    "KOI8-R",
    "ISO-8859-5",
    "windows-1253",
    "ISO-8859-7",
    "windows-1255",
    "windows-1256",
    "windows-874",
    "windows-1250",
    "windows-1257",
    "windows-1254",
];

/// A token's candidate reading.
#[derive(Clone, Debug)]
struct Candidate {
    text: String,
    steps: Vec<Step>,
    /// Model cost plus the hypothesis prior.
    score: i32,
    min_gain: i32,
    /// Valid UTF-8 but not better than the token: only a step towards a deeper layer.
    weak: bool,
    /// A page's reading whose evidence holds the token but which is never applied (see
    /// `utf8_from_single_byte`): when it ranks first, the search finds nothing.
    claim_only: bool,
}

struct Hypotheses {
    utf8_misreadings: Vec<(&'static SingleBytePage, i32)>,
    cjk: Vec<Charset>,
    latin: Vec<Charset>,
    single_byte_pairs: Vec<(Charset, Vec<Charset>)>,
}

fn hypotheses() -> &'static Hypotheses {
    static H: OnceLock<Hypotheses> = OnceLock::new();
    H.get_or_init(|| {
        let charsets = |names: &[&str]| -> Vec<Charset> {
            names.iter().filter_map(|n| Charset::for_label(n)).collect()
        };
        Hypotheses {
            utf8_misreadings: UTF8_MISREADINGS
                .iter()
                .filter_map(|&(name, prior)| single_byte_page(name).map(|p| (p, prior)))
                .collect(),
            cjk: charsets(CJK_PAGES),
            latin: charsets(LATIN_MISREADINGS),
            single_byte_pairs: SINGLE_BYTE_PAIRS
                .iter()
                .filter_map(|(wrong, truths)| Some((Charset::for_label(wrong)?, charsets(truths))))
                .collect(),
        }
    })
}

/// Finds and repairs the mojibake in `text`. Returns sorted, non-overlapping edits.
pub fn repair(text: &str) -> Vec<Edit> {
    if text.is_ascii() {
        return Vec::new();
    }
    let mut edits = repair_tokens(text);
    drop_accent_words_read_as_other_scripts(text, &mut edits);
    drop_cjk_readings_the_text_contradicts(text, &mut edits);
    let Some(rereading) = latin_pages::rereading(text) else {
        return edits;
    };
    // No word has a reading, or the words' readings read worse than the whole text in
    // another Latin page: `¯ó³w` is no Big5 `草逕` in a line ISO-8859-2 reads as Polish.
    if edits.is_empty() || reads_better(&rereading.text, &with_edits(text, &edits)) {
        return whole_text_edits(text, &rereading);
    }
    edits
}

/// Whether `a` costs less than `b` to the character and language models together.
fn reads_better(a: &str, b: &str) -> bool {
    let score = |s: &str| cost(s) + language::fit(s).excess();
    score(a) < score(b)
}

/// `text` with `edits` (sorted, non-overlapping) applied.
fn with_edits(text: &str, edits: &[Edit]) -> String {
    crate::decisions::splice_spans(
        text,
        edits
            .iter()
            .map(|edit| (edit.range.clone(), edit.replacement.as_str())),
    )
}

/// Drops the edits that read a word of accented Latin letters alone (`áéíóúñ`, `äöü`)
/// into another script, when the text's accented letters all fit one orthography: a list
/// of one language's vowels is no mojibake, though its letters read as Arabic, Thai or
/// Cyrillic cost less to the character model, which prices accented letters above other
/// alphabets' letters. A single-byte page of another script read as latin-1 leaves
/// letters of no one orthography (`Ïðèâåò`), but for a word or two.
/// (One test after every pass: token readings, the dominant chain and the whole-line
/// pages each find such readings.)
fn drop_accent_words_read_as_other_scripts(text: &str, edits: &mut Vec<Edit>) {
    // (ª º are ordinal indicators, as in `orthography_mismatches`.)
    let accent_word = |s: &str| {
        !s.is_empty()
            && s.chars().all(|c| {
                let info = classify(c);
                !info.ascii
                    && info.kind == Kind::Letter
                    && info.script == Script::Latin
                    && !matches!(c, 'ª' | 'º')
            })
    };
    let other_script = |s: &str| {
        s.chars().any(|c| {
            let info = classify(c);
            info.kind == Kind::Letter && !matches!(info.script, Script::Latin | Script::Common)
        })
    };
    let suspect = |e: &Edit| accent_word(&text[e.range.clone()]) && other_script(&e.replacement);
    if !edits.iter().any(suspect) || plausibility::orthography_mismatches(text) != 0 {
        return;
    }
    // A chain that also read a word with symbols or digits in it (`ºÎ»ê, 2023³â 7¿ù
    // 5ÀÏ`: EUC-KR) has evidence of its own for the words of letters.
    // (Each chain once: a long text repeats a few chains over many edits.)
    let mut proven: Vec<Vec<Step>> = Vec::new();
    for e in edits.iter() {
        if !accent_word(&text[e.range.clone()]) && !proven.contains(&e.steps) {
            proven.push(e.steps.clone());
        }
    }
    edits.retain(|e| !suspect(e) || proven.contains(&e.steps));
}

/// Drops the edits that reread Han or Hangul the text also writes, left as they are, in
/// words no edit touches: one text, one reading of a character (`的` of `定義的number`
/// stays, so the `的` of `C 的menu` is no EUC-JP `Ū`). Words with a lost byte (U+FFFD)
/// (or a `?` glued to a non-ASCII char: lossy converters write it) are damaged
/// themselves and say nothing.
fn drop_cjk_readings_the_text_contradicts(text: &str, edits: &mut Vec<Edit>) {
    let cjk = |c: char| plausibility::is_han(c) || plausibility::is_hangul(c);
    let all_cjk = |s: &str| s.chars().any(cjk) && s.chars().all(|c| c.is_ascii() || cjk(c));
    if !edits.iter().any(|e| all_cjk(&text[e.range.clone()])) {
        return;
    }
    // (The edits are sorted and do not overlap: one walk over them and the words, and
    // the kept chars sorted for lookup, so a long text costs linear time.)
    let mut kept: Vec<char> = Vec::new();
    let mut next_edit = 0;
    for word in tokens(text) {
        while edits
            .get(next_edit)
            .is_some_and(|e| e.range.end <= word.start)
        {
            next_edit += 1;
        }
        let untouched = edits
            .get(next_edit)
            .is_none_or(|e| e.range.start >= word.end);
        if untouched && !marks_lost_bytes(&text[word.clone()]) {
            kept.extend(text[word].chars().filter(|&c| cjk(c)));
        }
    }
    if kept.is_empty() {
        return;
    }
    kept.sort_unstable();
    kept.dedup();
    edits.retain(|e| {
        let before = &text[e.range.clone()];
        !(all_cjk(before)
            && before
                .chars()
                .filter(|&c| cjk(c))
                .all(|c| kept.binary_search(&c).is_ok()))
    });
}

/// Whether `word` holds U+FFFD, or a `?` next to a non-ASCII char.
fn marks_lost_bytes(word: &str) -> bool {
    let mut previous = ' ';
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied().unwrap_or(' ');
        if c == '\u{FFFD}' || (c == '?' && (!previous.is_ascii() || !next.is_ascii())) {
            return true;
        }
        previous = c;
    }
    false
}

/// The edits that turn `text` into `rereading`'s text, token by token (the rereading
/// maps each char to one char).
fn whole_text_edits(text: &str, rereading: &latin_pages::Rereading) -> Vec<Edit> {
    let read: Vec<char> = rereading.text.chars().collect();
    let steps = vec![Step::Encode(rereading.wrong), Step::Decode(rereading.truth)];
    let mut edits = Vec::new();
    let mut chars = text.char_indices().zip(&read).peekable();
    for range in tokens(text) {
        let mut after = String::with_capacity(range.len());
        while let Some(&((at, _), &r)) = chars.peek() {
            if at >= range.end {
                break;
            }
            if at >= range.start {
                after.push(r);
            }
            chars.next();
        }
        edits.extend(edit_for(
            &text[range.clone()],
            range.start,
            after,
            steps.clone(),
        ));
    }
    edits
}

/// `repair` by the tokens' own readings and the chains they share.
fn repair_tokens(text: &str) -> Vec<Edit> {
    struct Token<'a> {
        range: Range<usize>,
        source: &'a str,
        source_cost: i32,
        suspicious: bool,
        next_is_space: bool,
        /// The first char of the next token, after one space.
        following: Option<char>,
        best: Option<(String, Vec<Step>, i32)>,
        rereads: Option<Box<CjkRereads>>,
    }
    let ranges: Vec<Range<usize>> = tokens(text)
        .filter(|r| !text[r.clone()].is_ascii())
        .collect();
    let first_pass = Context {
        scripts: Vec::new(),
        enabled: false,
    };
    let drops_undefined = drops_undefined_bytes(text);
    let mut found: Vec<Token> = Vec::new();
    for range in ranges {
        let source = &text[range.clone()];
        let suspicious = is_suspicious(source);
        // In a text that dropped the undefined bytes rather than keep them as C1
        // controls, a lead before a space lost its byte too (`×©×œ× ` is `של�`), not
        // an NBSP (`נ`) to the space; but for `Ã ` (`à`), the common case by far.
        let next_is_space =
            text[range.end..].starts_with(' ') && (!drops_undefined || source.ends_with('Ã'));
        // (An unsuspicious token's cost is needed only once some token has a reading;
        // it is filled in below.)
        let (source_cost, best, rereads) = if suspicious {
            gate::first_search(source, next_is_space, &first_pass)
        } else {
            (0, None, None)
        };
        let following = text[range.end..]
            .strip_prefix(' ')
            .and_then(|rest| rest.chars().next());
        found.push(Token {
            range,
            source,
            source_cost,
            suspicious,
            next_is_space,
            following,
            best,
            rereads,
        });
    }
    // No token has a reading: nothing below can make an edit (the island pass and the
    // dominant chain start from the tokens' readings), unless the accented letters fit
    // no orthography, where Latin page rereadings are tried on the whole text.
    let source_line: String = found.iter().map(|t| t.source).collect::<Vec<_>>().join(" ");
    let source_mismatches = plausibility::orthography_mismatches(&source_line) as i32;
    // A text whose words read like no language (`yaðýþ`, `pieòçma`: Turkish and Latvian
    // read as windows-1252) may be a single-byte page read as another though no one word
    // shows it to the character model: those rereadings compete on the whole text too.
    let unseen_pairs = language::unseen_latin1_pairs(&source_line);
    let reads_poorly = unseen_pairs >= MIN_UNSEEN_FOR_REREADING;
    // Cyrillic words no Cyrillic language writes: one Cyrillic page read as another.
    let cyrillic_reads_poorly = language::unseen_cyrillic_pairs(&source_line)
        >= MIN_UNSEEN_FOR_CYRILLIC_REREADING
        && !writes_unprofiled_cyrillic(&source_line);
    // (Only for a text no word of which has a reading of its own: the rereadings that
    // the language model alone asks for never compete with UTF-8 readings.)
    // One word is too little evidence: a word of a language the profiles lack reads
    // like none (Icelandic `Egilsstaðir` is no Turkish `Egilsstağir`, `In Verð` no
    // Lithuanian `In Verš`).
    let reads_foreign = found.iter().all(|t| t.best.is_none())
        && latin_reads_foreign(text)
        && !one_word(text)
        && !reads_icelandic(text);
    let symbol_in_word = latin_symbol_in_word(text);
    let sign_in_word = cp1252_sign_in_word(text);
    let reads_poorly_any =
        reads_poorly || cyrillic_reads_poorly || reads_foreign || symbol_in_word || sign_in_word;
    // Legacy CJK read as another CJK page damages every word of a line, but a short word
    // (`辑匡,` for `서울,`: EUC-KR read as GBK) gains too little on its own to pass
    // `MIN_GAIN_CJK_FROM_CJK`: such rereadings are also scored on the line's suspicious
    // CJK words together, from the costs their first search found, when some of them
    // have no reading of their own.
    let line_chains = if found
        .iter()
        .any(|t| t.best.is_none() && t.rereads.is_some())
    {
        let words: Vec<&CjkRereads> = found.iter().filter_map(|t| t.rereads.as_deref()).collect();
        cjk_line_chains(&words)
    } else {
        Vec::new()
    };
    // A lone CJK character among Latin words (`Il bando 猫 disponibile`: `è` read as GBK)
    // is an island itself: it is searched below with the penalty it would pay as a reading.
    let has_ascii_letters = text.bytes().any(|b| b.is_ascii_alphabetic());
    let lone_cjk = has_ascii_letters && found.iter().any(|t| is_lone_cjk(t.source));
    if found.iter().all(|t| t.best.is_none())
        && source_mismatches < 2
        && !reads_poorly_any
        && line_chains.is_empty()
        && !lone_cjk
    {
        return Vec::new();
    }
    for token in found.iter_mut().filter(|t| !t.suspicious) {
        token.source_cost = cost(token.source);
    }
    // Each token's context: the scripts of the text around it, as first read.
    let read_scripts: Vec<Vec<Script>> = found
        .iter()
        .map(|t| {
            let mut scripts = letter_scripts(t.source);
            if let Some((best, _, _)) = &t.best {
                for script in letter_scripts(best) {
                    if !scripts.contains(&script) {
                        scripts.push(script);
                    }
                }
            }
            scripts
        })
        .collect();
    let contexts = contexts_of(&read_scripts, has_ascii_letters);
    let cjk_outside_lone_tokens = lone_cjk
        && found.iter().any(|t| {
            !is_lone_cjk(t.source)
                && letter_scripts(t.source)
                    .iter()
                    .any(|s| matches!(s, Script::Cjk | Script::Hangul))
        });
    // A reading that is an island in its context is searched again with the penalty,
    // which may pick another reading (`Â£` → `£`, not `짙`) or none.
    for (token, context) in found.iter_mut().zip(&contexts) {
        let island = token.best.as_ref().is_some_and(|(best, steps, _)| {
            context.penalty(best, steps.contains(&Step::Decode("UTF-8"))) > 0
        });
        if island {
            token.best = search(
                token.source,
                token.source_cost,
                0,
                token.next_is_space,
                context,
                None,
            );
        } else if lone_cjk && token.best.is_none() && is_lone_cjk(token.source) {
            // (Other lone CJK characters do not make CJK the text's script: `拢18 adults,
            // 拢9 children` is `£` twice.)
            let penalty = if cjk_outside_lone_tokens {
                context.penalty(token.source, true)
            } else {
                ISLAND_COST
            };
            if penalty > 0 {
                let best = search(
                    token.source,
                    token.source_cost + penalty,
                    0,
                    token.next_is_space,
                    context,
                    None,
                );
                // The reading must be a word of the text's own language (Italian `è`
                // among Italian words; not in `The character 猫 means cat`): with it, the
                // text shows no letter pair its language lacks that it did not without.
                let fits = best.as_ref().is_some_and(|(reading, _, _)| {
                    let with = format!(
                        "{} {reading} {}",
                        &text[..token.range.start],
                        &text[token.range.end..]
                    );
                    let without = format!(
                        "{} {}",
                        &text[..token.range.start],
                        &text[token.range.end..]
                    );
                    language::fit(&with).unseen <= language::fit(&without).unseen
                });
                if fits {
                    token.source_cost += penalty;
                    token.best = best;
                }
            }
        }
    }
    // The text's dominant chain: mojibake damages a whole record the same way, so a
    // chain that clearly repaired some tokens is the first suspect for the others
    // (`15ŮŞ` next to Arabic read as windows-1250, `в` read as GBK next to Bulgarian).
    // Each chain any token chose is scored on every token it improves; identical readings
    // (IBM437 and IBM850 agree on most bytes) then back the chain that fits them all.
    let mut chains: Vec<Vec<Step>> = Vec::new();
    for token in &found {
        if let Some((_, steps, _)) = &token.best {
            let chain = chain_of(steps);
            if !chains.contains(&chain) {
                chains.push(chain);
            }
        }
    }
    for chain in line_chains {
        if !chains.contains(&chain) {
            chains.push(chain);
        }
    }
    // Pages that read most bytes alike (windows-1250 and ISO-8859-2, windows-1252 and
    // ISO-8859-15) compete on the whole text: the one whose accented letters fit one
    // orthography wins (`Vláda … měsíc`, not `Vlåda … měsíc`).
    if chains
        .iter()
        .any(|c| c.len() == 2 && single_byte_page_static(step_arg(&c[0])).is_some())
    {
        for &(page, _) in &hypotheses().utf8_misreadings {
            let chain = vec![Step::Encode(page.name()), Step::Decode("UTF-8")];
            if !chains.contains(&chain) {
                chains.push(chain);
            }
        }
    }
    // On a tie the earlier chain wins: the tokens' own choices first, then pages by prior
    // (`max_by_key` keeps the last maximum, so the list is walked backwards).
    // A Latin text whose accented letters fit no one orthography (`støedu … zdrojù`:
    // Czech read as latin-1) may be a Latin page read as another, though no single
    // word shows it: those chains compete too, on the whole text.
    // Most words that have a reading read as UTF-8 or CJK: the text is no single-byte page
    // read as another (a stray word's odd reading does not say otherwise).
    let (rereadings, others) =
        found
            .iter()
            .filter_map(|t| t.best.as_ref())
            .fold((0, 0), |(r, o), (_, steps, _)| {
                if is_single_byte_rereading(&chain_of(steps)) {
                    (r + 1, o)
                } else {
                    (r, o + 1)
                }
            });
    let other_readings = others > 0 && others >= rereadings;
    // Pages of other scripts are tried whenever the words read like no Latin language,
    // even against the words' own readings: Hebrew and Arabic with vowel points shown as
    // latin-1 (`ùÈÑìåÉí`) have odd CJK readings word by word. The language model judges
    // those rereadings below.
    let script_pages = reads_poorly;
    let reads_poorly = reads_poorly && !other_readings;
    if cyrillic_reads_poorly && !other_readings {
        // (Text is shown in the common pages; the rare ones are only truths.)
        for wrong in &CYRILLIC_PAGES[..3] {
            for truth in CYRILLIC_PAGES {
                let chain = vec![Step::Encode(wrong), Step::Decode(truth)];
                if *wrong != truth && !chains.contains(&chain) {
                    chains.push(chain);
                }
            }
        }
    }
    // The text's words with letters: a rereading in another script must change most of
    // them (counted once, when first needed).
    let mut letter_words: Option<usize> = None;
    let mut count_letter_words = || {
        *letter_words.get_or_insert_with(|| {
            text.split_whitespace()
                .filter(|w| w.chars().any(gate::is_alphabetic))
                .count()
        })
    };
    if source_mismatches >= 2 || script_pages || reads_foreign || symbol_in_word {
        // A page of another script can only win on most of the text's words (below), so
        // a text whose words are mostly ASCII is not tried in one.
        let letter_words = count_letter_words();
        let non_ascii_words = found
            .iter()
            .filter(|t| {
                t.source
                    .chars()
                    .any(|c| !c.is_ascii() && gate::is_alphabetic(c))
            })
            .count();
        let truths: &[&str] = if script_pages && 2 * non_ascii_words > letter_words {
            WINDOWS_TRUTHS
        } else {
            LATIN_TRUTHS
        };
        // windows-1252 and latin-1 encode alike but for the C1 range: only a text with
        // C1 controls is tried as latin-1, only one with windows-1252's own characters
        // there as windows-1252.
        let has_c1 = found
            .iter()
            .any(|t| t.source.chars().any(|c| ('\u{80}'..='\u{9F}').contains(&c)));
        let has_cp1252_extra = found.iter().any(|t| t.source.chars().any(is_cp1252_extra));
        let wrongs: &[&str] = match (has_c1, has_cp1252_extra) {
            (true, false) => &["ISO-8859-1"],
            (true, true) => &["windows-1252", "ISO-8859-1"],
            _ => &["windows-1252"],
        };
        for &wrong in wrongs {
            for &truth in truths {
                let chain = vec![Step::Encode(wrong), Step::Decode(truth)];
                if !chains.contains(&chain) {
                    chains.push(chain);
                }
            }
        }
    }
    if sign_in_word && let Some(truth) = mac_or_dos_reading(text) {
        let chain = vec![Step::Encode("windows-1252"), Step::Decode(truth)];
        if !chains.contains(&chain) {
            chains.push(chain);
        }
    }
    let found_ranges: Vec<Range<usize>> = found.iter().map(|t| t.range.clone()).collect();
    // The text's own fit, for every chain `whole_language_gain` weighs (fitted once).
    let text_fit = std::cell::OnceCell::new();
    let foreign_only = reads_foreign && source_mismatches < 2 && !reads_poorly && !symbol_in_word;
    // Long texts repeat their words: each distinct token is read once per chain (all a
    // reading depends on is the key).
    let (token_ids, distinct_tokens) =
        distinct_token_ids(&found, |t| (t.source, t.next_is_space, t.source_cost));
    // Whether the text's words without ASCII letters are at most half its words with
    // letters (asked once, when first needed).
    let mut few_words_without_ascii_letters: Option<bool> = None;
    let scored = chains
        .into_iter()
        .rev()
        .map(|chain| {
            // A single-byte page of another script (or ISO-8859-2) read as another, in a
            // text whose orthography gain stays short of `MIN_DOMINANT_GAIN`, totals that
            // gain alone unless `enough` below, which needs it to change more than half
            // the words with letters: a chain that reads fewer tokens differently at all
            // (before pricing them) is filtered out whatever they read.
            let script_rereading = is_single_byte_rereading(&chain)
                && !is_latin_page(step_arg(&chain[1]))
                && plausibility::FOREIGN_ACCENT * source_mismatches < MIN_DOMINANT_GAIN;
            // Each distinct token as such a chain reads it, when it was read for that test.
            let mut read_first: Option<Vec<Option<String>>> = None;
            if script_rereading {
                // It reads no word with ASCII letters (`read_through_chain` gives up on
                // those): `Óveður á Suðurlandi` could change only `á`.
                if decoder_for(step_arg(&chain[1])).is_some_and(|c| c.single_byte().is_some())
                    && *few_words_without_ascii_letters.get_or_insert_with(|| {
                        let without = found
                            .iter()
                            .filter(|t| !t.source.bytes().any(|b| b.is_ascii_alphabetic()))
                            .count();
                        2 * without <= count_letter_words()
                    })
                {
                    return (chain, 0, 0, 0);
                }
                let mut read: Vec<Option<Option<String>>> = vec![None; distinct_tokens];
                for (t, &id) in found.iter().zip(&token_ids) {
                    read[id].get_or_insert_with(|| apply_chain(t.source, &chain, t.next_is_space));
                }
                let differing = found
                    .iter()
                    .zip(&token_ids)
                    .filter(|&(t, &id)| {
                        read[id]
                            .as_ref()
                            .is_some_and(|r| r.as_ref().is_some_and(|r| r != t.source))
                    })
                    .count();
                if 2 * differing <= count_letter_words() {
                    return (chain, 0, 0, 0);
                }
                read_first = Some(read.into_iter().map(Option::flatten).collect());
            }
            // UTF-8 read through a single-byte page: `read_through_chain` reads no token
            // with a char the page cannot encode (a lost byte's U+FFFD aside), and most
            // of the pages tried lack most of a text's letters (`Ã` is in no Greek or
            // Cyrillic page). Such tokens are passed over unread (each distinct token
            // tested once), and a chain that can read none changes none.
            let mut unreadable: Option<Vec<Option<bool>>> = None;
            if let [Step::Encode(wrong), Step::Decode("UTF-8")] = &chain[..]
                && let Some(page) = single_byte_page_static(wrong)
            {
                let mut lacks: Vec<Option<bool>> = vec![None; distinct_tokens];
                for (t, &id) in found.iter().zip(&token_ids) {
                    lacks[id].get_or_insert_with(|| {
                        t.source
                            .chars()
                            .any(|c| c != '\u{FFFD}' && page_byte(page, c).is_none())
                    });
                }
                if lacks.iter().all(|l| l.unwrap_or(true)) {
                    return (chain, 0, 0, 0);
                }
                unreadable = Some(lacks);
            }
            let mut total = 0;
            // (Every token goes into the line: sized once for the common case.)
            let mut line = String::with_capacity(text.len() + text.len() / 2 + 8);
            // Where each token's reading is in `line` (a reading may hold a space).
            let mut line_words: Vec<Range<usize>> = Vec::with_capacity(found.len());
            let mut changed = 0;
            // How many of them read worse to the character model.
            let mut worse = 0;
            // The words the chain changes, before and after, for the language model.
            let mut changed_before = String::new();
            let mut changed_after = String::new();
            let mut longest_changed = 0;
            // Whether a changed word tells its page: not a letter alone before a number,
            // a symbol's use (`Hadice Ø 19 mm, délka` is no Czech `Ř`; Hungarian `Ő már`
            // is a word).
            let mut says_its_page = false;
            let mut readings: Vec<Option<Option<(String, i32)>>> = vec![None; distinct_tokens];
            for (t, &id) in found.iter().zip(&token_ids) {
                let repaired = readings[id]
                    .get_or_insert_with(|| {
                        let unread = unreadable
                            .as_ref()
                            .is_some_and(|u| u.get(id).copied().flatten().unwrap_or(false));
                        let candidate = match read_first.as_mut() {
                            Some(read) => read.get_mut(id).and_then(Option::take),
                            None if unread => None,
                            None => apply_chain(t.source, &chain, t.next_is_space),
                        };
                        candidate
                            .map(|candidate| {
                                // (Most tokens a chain leaves as they are: no need to
                                // score them.)
                                let gain = if candidate == t.source {
                                    0
                                } else {
                                    t.source_cost - cost(&candidate)
                                };
                                (candidate, gain)
                            })
                            .filter(|(_, gain)| *gain >= MIN_GAIN_CONSISTENT)
                    })
                    .as_ref();
                let line_start = line.len();
                match repaired {
                    Some((candidate, gain)) => {
                        total += gain;
                        if candidate != t.source {
                            changed += 1;
                            worse += usize::from(*gain < 0);
                            changed_before.push_str(t.source);
                            changed_before.push(' ');
                            changed_after.push_str(candidate);
                            changed_after.push(' ');
                            let letters = candidate
                                .chars()
                                .filter(|&c| gate::is_alphabetic(c))
                                .count();
                            longest_changed = longest_changed.max(letters);
                            says_its_page |= letters >= 2
                                || (letters == 1
                                    && !t.following.is_some_and(|c| c.is_ascii_digit()));
                        }
                        line.push_str(candidate);
                    }
                    None => line.push_str(t.source),
                }
                line_words.push(line_start..line.len());
                line.push(' ');
            }
            // A chain that changes no token totals 0 on every path below (the line is the
            // source's, the language model sees no words), short of `MIN_DOMINANT_GAIN`:
            // skip the orthography count and the language model.
            if changed == 0 {
                return (chain, 0, 0, 0);
            }
            let mismatches = plausibility::orthography_mismatches(&line) as i32;
            // A Latin page read as another that leaves letters of no one orthography gets
            // a total of 0 below and is filtered out: skip the language model's scoring.
            let latin_rereading = chain.len() == 2 && LATIN_TRUTHS.contains(&step_arg(&chain[1]));
            if latin_rereading && mismatches > 0 {
                return (chain, 0, 0, 0);
            }
            let orthography_gain = plausibility::FOREIGN_ACCENT * (source_mismatches - mismatches);
            // A page reread as another turns letters into letters, where the character
            // model sees little; the language model, on all the words, says which reading
            // is a language. (Not when some word has a UTF-8 or CJK reading: the model
            // has no say on CJK text, so it would favour any reading into CJK.)
            let char_total = total;
            let total = if is_single_byte_rereading(&chain) {
                // A whole text is in the page, so for the language model to weigh in the
                // rereading must change more than a stray word: at least two words in a
                // Latin page (`lunedì` is Italian, not Czech
                // `lunedě`), most of the text's words in another script (`á` and `í` in
                // Icelandic are not Greek `α`, `ν`).
                let latin = is_latin_page(step_arg(&chain[1]));
                // A page read as another gives words: mostly letters, not the symbols the
                // same bytes are elsewhere (`ã“ã‚“` is no Greek `γ“γ‚“`).
                // (Vowel points and marks, `ـَ` `ְ` `ั`, belong to the letters they sit on.)
                let (letters, others) = changed_after
                    .chars()
                    .filter(|&c| !c.is_ascii() && !is_combining_mark(c))
                    .fold((0, 0), |(l, o), c| {
                        if gate::is_alphabetic(c) {
                            (l + 1, o)
                        } else {
                            (l, o + 1)
                        }
                    });
                let mut whole_gain = None;
                let enough = if latin {
                    // Letters that fit no one orthography are evidence enough; a text that
                    // fits one needs more: rarer letters of a real language are missing
                    // from the profiles too (Italian `lunedì`).
                    let evidence = !foreign_only
                        && says_its_page
                        && (source_mismatches > 0
                            || (changed >= 2 && unseen_pairs >= MIN_UNSEEN_FOR_LATIN_REREADING));
                    // Or, in a text whose language lacks some of its letter pairs, the
                    // whole text reads better for it (judged so, when it does). (Words of one letter say
                    // nothing: `C O N C L U S Ã O`.)
                    // Nor do grave vowels alone, which French and Italian write and
                    // the profiles know poorly (`Però … è` is no Czech `Perň … č`).
                    let beyond_graves = changed_before.chars().any(|c| {
                        !c.is_ascii()
                            && gate::is_alphabetic(c)
                            && !matches!(
                                c,
                                'à' | 'è' | 'ì' | 'ò' | 'ù' | 'À' | 'È' | 'Ì' | 'Ò' | 'Ù'
                            )
                    });
                    if reads_foreign
                        && (!evidence || source_mismatches > 0)
                        && longest_changed >= 2
                        && beyond_graves
                    {
                        let before = *text_fit.get_or_init(|| language::fit(text));
                        whole_gain =
                            whole_language_gain(text, before, &found_ranges, &line, &line_words);
                    }
                    evidence || whole_gain.is_some()
                } else if letters < 3 * others
                    || (changed < 2 && longest_changed < 3)
                    || longest_changed < 2
                    // Real mojibake reads worse than its repair word by word: a rereading
                    // that makes most words worse (`И` → `»`, `Отворили` → `ќтворили`)
                    // has only the language model behind it, which may lack the language
                    // (Serbian).
                    || 2 * worse > changed
                {
                    // (`( ò¬ó )` is no Thai word: `๒ฌ๓` has one letter; `ä ö ü ß` are
                    // no Russian words `д ц ь Я`: words of one letter say nothing.)
                    false
                } else {
                    // Against words' own readings, one word is too little to say which
                    // script a line is in (`ÕÅÎ°` is `张伟`, not `ХЕО°`).
                    2 * changed > count_letter_words() && (changed >= 2 || !other_readings)
                };
                if !enough {
                    // Without that evidence the character model alone may still carry a
                    // Latin rereading (`przyj¹³`: symbols inside words), never another.
                    // (Not when it was tried only for the language model's sake.)
                    if latin && !foreign_only { total } else { 0 }
                } else if let Some(gain) = whole_gain {
                    total + gain
                } else if other_readings && latin {
                    total
                } else {
                    // On the words it changes, the rereading must leave text that reads
                    // well, not only less badly:
                    // Icelandic (no profile) reread as Lithuanian gains a little and is
                    // still poor (`Alžingi`); real repairs remove most of the excess (half
                    // of it when no letter pair is left that the language lacks).
                    let before = language::cost(&changed_before);
                    let after = language::fit(&changed_after);
                    let gain = before - after.excess().max(0);
                    let reads_well = if after.unseen == 0 {
                        2 * gain >= before
                    } else {
                        3 * gain >= 2 * before
                    };
                    // (Against words' own readings, it must read well: Thai letters
                    // are cheap to the character model, and Korean shown as latin-1
                    // reads as a Thai that is no language, `ฐแมฆวา`.)
                    if reads_well {
                        total + gain
                    } else if other_readings {
                        0
                    } else {
                        total + gain.min(0)
                    }
                }
            } else {
                total
            };
            let score = total + orthography_gain - chain_prior(&chain);
            // A Latin page read as another must leave one clean orthography behind; leet
            // speak (`MÄ£ÄM ÌÑÌ`) fits none either way (returned above).
            let total = total + orthography_gain;
            (chain, total, score, char_total)
        })
        .collect::<Vec<_>>();
    // Against words' own readings, the language model may confirm a rereading into
    // another script but not overturn the character model: that rereading must gain as
    // much more there than the best chain that is no rereading (`Ôëê` is cp437's `≈`, not the
    // Greek `Τλκ` a language model half-believes).
    let best_structural = if other_readings {
        scored
            .iter()
            .filter(|(chain, ..)| !is_single_byte_rereading(chain))
            .map(|&(_, _, _, char_total)| char_total)
            .max()
    } else {
        None
    };
    let dominant = scored
        .into_iter()
        .filter(|(chain, _, _, char_total)| {
            !is_single_byte_rereading(chain)
                || is_latin_page(step_arg(&chain[1]))
                || best_structural.is_none_or(|best| *char_total >= best + MIN_DOMINANT_GAIN)
        })
        .filter(|(_, total, _, _)| *total >= MIN_DOMINANT_GAIN)
        .max_by_key(|(_, _, score, _)| *score)
        .map(|(chain, _, _, _)| chain);
    // Contexts of the text as now read, for judging whether a token is itself an island
    // (`Г` alone among French words once `rГ©gion` reads `région`).
    let read: Vec<Vec<Script>> = found
        .iter()
        .map(|t| letter_scripts(t.best.as_ref().map_or(t.source, |b| b.0.as_str())))
        .collect();
    let read_contexts = contexts_of(&read, has_ascii_letters);
    let mut line_decoder = None;
    if let Some(chain) = &dominant {
        // A CJK page reread as another changes the script of the whole line (`서울` from
        // `辑匡`): its one-syllable words (`복` from `汗`) are no islands in the line as
        // the chain reads it, though they were in the line as first read.
        let mut chain_readings: Vec<Option<ChainReading>> = found
            .iter()
            .map(|t| apply_chain_in_line(t.source, chain, (t.next_is_space, t.following), false))
            .collect();
        // Words that lost every character to a CJK page (`��`) are read by the length
        // of the characters the chain brought back in the others.
        lossy_cjk::settle_lost_words(&mut chain_readings, |i| found[i].source, chain);
        line_decoder = lossy_cjk::one_decoder_per_line(
            &mut chain_readings,
            |i| (found[i].source, found[i].following),
            chain,
        );
        // When the chain changes every other word of the text, the one it leaves may
        // have lost a byte after a lone lead (`CAPÃTULO` beside `â€”`): read it so. (Not
        // with two words left: correct words beside one broken one, `générale` beside
        // `SociÃ©tÃ©`, look the same.)
        let unchanged: Vec<usize> = chain_readings
            .iter()
            .zip(&found)
            .enumerate()
            .filter(|(_, (reading, t))| reading.as_ref().is_none_or(|r| r.0 == t.source))
            .map(|(i, _)| i)
            .collect();
        // (Only after `Ã`, the lead of latin-1's letters, which correct text hardly
        // writes before ASCII; `É` in `RÉGIONALES` beside `Ã‰LECTIONS` is a letter.)
        if let [only] = unchanged[..]
            && found.len() >= 2
            && found[only].source.contains('Ã')
        {
            let t = &found[only];
            chain_readings[only] =
                apply_chain_in_line(t.source, chain, (t.next_is_space, t.following), true);
        } else if !reads_utf8_through_latin1(chain)
            && let [Step::Encode(wrong), Step::Decode("UTF-8")] = &chain[..]
            && let Some(page) = single_byte_page(wrong)
            // (Some word the chain read whole, without a lost byte: a line that is our
            // own output, `Ž�ci dev�tých`, has none.)
            && chain_readings.iter().zip(&found).any(|(reading, t)| {
                reading.as_ref().is_some_and(|(text, steps, _)| {
                    *text != t.source && !steps.iter().any(|s| matches!(s, Step::Restore(_)))
                })
            })
        {
            // A word of a line read through another page whose undefined byte was lost
            // (`С�Рµ` beside `слободан`: `је` lost the 98 windows-1251 lacks) is read as
            // the line is, its loss evidence enough beside the line's words.
            for &i in &unchanged {
                let t = &found[i];
                if lead_before_lost_mark(t.source, page) {
                    chain_readings[i] =
                        apply_chain_in_line(t.source, chain, (t.next_is_space, t.following), true);
                }
            }
        } else if unchanged.len() < found.len() && reads_utf8_through_latin1(chain) {
            // So may a capital lead inside a lowercase word, which no orthography writes
            // (`informÄcija`, `TÅkyÅ`: Latvian and Japanese that lost their 81 and 8D),
            // beside words the chain read.
            // (A cut sequence may have a reading already, scored without the line.)
            let read_scripts: Vec<Script> = chain_readings
                .iter()
                .flatten()
                .flat_map(|r| letter_scripts(&r.0))
                .collect();
            for (i, t) in found.iter().enumerate() {
                if (lead_capital_after_lowercase(t.source)
                    || lone_lead_script(t.source).is_some_and(|s| read_scripts.contains(&s)))
                    && unchanged.contains(&i)
                    || has_cut_sequence(t.source)
                    || lead_before_question_mark(t.source)
                {
                    chain_readings[i] =
                        apply_chain_in_line(t.source, chain, (t.next_is_space, t.following), true);
                }
            }
        }
        let chain_contexts = is_cjk_rereading(chain).then(|| {
            let scripts: Vec<Vec<Script>> = found
                .iter()
                .zip(&chain_readings)
                .map(|(t, reading)| {
                    let mut scripts = letter_scripts(t.source);
                    if let Some((candidate, _, _)) = reading
                        && t.source_cost - cost(candidate) >= MIN_GAIN_CONSISTENT
                    {
                        scripts = letter_scripts(candidate);
                    }
                    scripts
                })
                .collect();
            contexts_of(&scripts, has_ascii_letters)
        });
        let contexts = chain_contexts.as_ref().unwrap_or(&contexts);
        let script_rereading =
            is_single_byte_rereading(chain) && !is_latin_page(step_arg(&chain[1]));
        for (((token, context), read_context), reading) in found
            .iter_mut()
            .zip(contexts)
            .zip(&read_contexts)
            .zip(chain_readings)
        {
            let Some((candidate, steps, scored)) = reading else {
                continue;
            };
            if candidate == token.source {
                continue;
            }
            let mut candidate_cost =
                cost(scored.as_deref().unwrap_or(&candidate)) + context.penalty(&candidate, true);
            // As the chain was chosen: with the language model (`yağış`, not `yaðýþ`);
            // not where the source has a symbol inside the word, which the model reads as
            // two short words (`podwy¿ki`: the character model judges those).
            if is_single_byte_rereading(chain) && !has_symbol_inside_word(token.source) {
                candidate_cost += language::cost(&candidate) - language::cost(token.source);
            }
            // A token that is itself an island (`Г` alone in French) is no evidence
            // against the chain that repaired the rest of the text.
            let mut source_cost = token.source_cost + read_context.penalty(token.source, true);
            // A lossy reading prices the `?`s it keeps (`lossy_cjk`); so is the source
            // against it (`碼??? 碼?幕卍???` beside `عبد` is `ا��� ا�حس���`).
            if lossy_cjk::restores_lost_in_cjk(&steps) {
                source_cost += lossy_cjk::odd_questions_cost(token.source, token.following);
            }
            // A text reread into another script takes all its words of latin-1 letters
            // along, however cheap they looked as Latin (`çâ ùîç …` is `חג שמח …`):
            // a line is in one page.
            let whole_word_of_script = script_rereading
                && !token.source.chars().any(|c| c.is_ascii_alphabetic())
                && candidate
                    .chars()
                    .all(|c| !gate::is_alphabetic(c) || c as u32 >= 0x250);
            // So does a Latin page reread as another: the words it changes are in that
            // page too, whichever language a word alone looks like (`priëmë` beside
            // `antradienį` is Lithuanian `priėmė`).
            // (Not Mac or DOS Latin, read only where a word gains: `cp1252_sign_in_word`.)
            let latin_page_word = is_single_byte_rereading(chain)
                && is_windows_latin_page(step_arg(&chain[1]))
                && candidate
                    .chars()
                    .all(|c| !gate::is_alphabetic(c) || c.is_ascii() || (c as u32) < 0x250);
            // And a CJK page reread as another: its CJK words are all in that page, the
            // short ones the model cannot judge alone too (`唸ホ` beside `태풍 북상으로`
            // is EUC-KR `결항`).
            let cjk_page_word = is_cjk_rereading(chain)
                && !token.source.chars().any(|c| c.is_ascii_alphabetic())
                && candidate.chars().all(|c| {
                    !gate::is_alphabetic(c)
                        || matches!(classify(c).script, Script::Cjk | Script::Hangul)
                });
            let needed = if whole_word_of_script || latin_page_word || cjk_page_word {
                i32::MIN
            } else if token.suspicious {
                MIN_GAIN_CONSISTENT
            } else {
                MIN_GAIN_CONSISTENT_UNSUSPICIOUS
            };
            let nbsp_only = restores_nbsp(&steps)
                && candidate.chars().count() + 1 >= token.source.chars().count();
            // A restored NBSP is a guess; it must about pay for itself (`Å ` → `Š` in a
            // Latvian line does, `È arrivato` → `Ƞarrivato` does not).
            let needed = if nbsp_only {
                needed.max(MIN_GAIN_CONSISTENT_NBSP)
            } else {
                needed
            };
            if source_cost - candidate_cost < needed {
                continue;
            }
            // (A word's own lossy reading that assumed another decoder than the line's
            // gives way: one decoder wrote the line.)
            let other_decoder = line_decoder.is_some_and(|d| {
                token
                    .best
                    .as_ref()
                    .is_some_and(|b| lossy_cjk::assumes_other_decoder(&b.1, d))
            });
            let better = other_decoder
                || token.best.as_ref().is_none_or(|b| {
                    ranked(&candidate, candidate_cost) <= ranked(&b.0, b.2) + CONSISTENCY_SLACK
                });
            if better {
                token.best = Some((candidate, steps, candidate_cost));
            }
        }
    }
    let mut edits: Vec<Edit> = found
        .into_iter()
        .filter_map(|t| {
            let (after, steps, _) = t.best?;
            let consume = nbsp_consumes_space(&steps, &after, &text[t.range.end..]);
            let mut edit = edit_for(t.source, t.range.start, after, steps)?;
            if consume && edit.range.end == t.range.end {
                edit.range.end += 1;
            }
            Some(edit)
        })
        .collect();
    // A CJK page that lost bytes of this text lost them in its ASCII words too
    // (`odb?dzie si? 15 pa驕dziernika`: Big5 lost `ę` twice, whole): read those words
    // through the page as well.
    if let Some(chain) = &dominant {
        let decoder = line_decoder.unwrap_or(lossy_cjk::Decoder::Either);
        let lost = lossy_cjk::lost_in_ascii_words(text, chain, &edits, decoder);
        if !lost.is_empty() {
            edits.extend(lost);
            edits.sort_by_key(|e| e.range.start);
        }
    }
    edits
}

/// Whether `text` reads as UTF-8 shown in windows-1252 that dropped the bytes the page
/// has no character for: no C1 control kept, and a lead char right before another
/// (`××` is `א` whose 90 was dropped; a lead is always followed by a continuation char;
/// two capitals are words, `TÄÄLLÄ`).
fn drops_undefined_bytes(text: &str) -> bool {
    let lead = |c: char| ('\u{C2}'..='\u{F4}').contains(&c);
    !text.chars().any(|c| ('\u{80}'..='\u{9F}').contains(&c))
        && text
            .chars()
            .zip(text.chars().skip(1))
            .any(|(a, b)| lead(a) && lead(b) && !(a.is_uppercase() && b.is_uppercase()))
}

/// Whether `token` has a latin-1 symbol (U+00A1–U+00BF) right after a letter
/// (`podwy¿ki`, `p³ac`, `ró¿¹`), where a Central European letter may stand.
fn has_symbol_inside_word(token: &str) -> bool {
    let mut after_letter = false;
    for c in token.chars() {
        if after_letter && ('\u{A1}'..='\u{BF}').contains(&c) {
            return true;
        }
        after_letter = c.is_alphabetic();
    }
    false
}

/// What the rest of a text is written in: a reading that puts a word or two of a script
/// found nowhere else in the text (`¬´` → `Т` in English, `Â£` → `짙`) pays
/// `ISLAND_COST`, since real mojibake of that script would have left more of it. Greek
/// is exempt: it is notation in Latin text (`TNF-α`).
struct Context {
    scripts: Vec<Script>,
    /// The first search runs without the penalty: other tokens' readings are not known
    /// yet, and they may be in the very script a token's reading introduces.
    enabled: bool,
}

impl Context {
    fn penalty(&self, text: &str, validated: bool) -> i32 {
        if !self.enabled {
            return 0;
        }
        let scripts = letter_scripts(text);
        let island = scripts.iter().any(|s| {
            !matches!(s, Script::Latin | Script::Common | Script::Greek)
                && !self.scripts.contains(s)
        });
        if !island {
            return 0;
        }
        let letters = text
            .chars()
            .filter(|&c| !c.is_ascii() && matches!(classify(c).kind, Kind::Letter | Kind::Digit))
            .count();
        // Two CJK characters already make a word (`日本`); two letters of an alphabet
        // rarely do; without a UTF-8 step only the model vouches for a reading, so even
        // a few letters need the larger margin (`ò¬ó` → `Хкв`).
        let cjk = scripts
            .iter()
            .any(|s| matches!(s, Script::Cjk | Script::Hangul));
        let short = if cjk {
            letters <= 1
        } else if validated {
            letters <= 2
        } else {
            letters <= 4
        };
        if short { ISLAND_COST } else { 0 }
    }
}

/// Each token's context: the scripts of all the other tokens (and Latin when the text
/// has ASCII letters). Counted once, so a 10 MB line costs linear time.
fn contexts_of(token_scripts: &[Vec<Script>], has_ascii_letters: bool) -> Vec<Context> {
    let mut counts: Vec<(Script, usize)> = Vec::new();
    for own in token_scripts {
        for script in own {
            match counts.iter_mut().find(|(s, _)| s == script) {
                Some(entry) => entry.1 += 1,
                None => counts.push((*script, 1)),
            }
        }
    }
    token_scripts
        .iter()
        .map(|own| {
            let mut scripts: Vec<Script> = counts
                .iter()
                .filter(|(script, n)| *n > usize::from(own.contains(script)))
                .map(|(script, _)| *script)
                .collect();
            if has_ascii_letters && !scripts.contains(&Script::Latin) {
                scripts.push(Script::Latin);
            }
            Context {
                scripts,
                enabled: true,
            }
        })
        .collect()
}

/// The page or encoding a step names.
fn step_arg(step: &Step) -> &'static str {
    step.parts().1
}

/// The priors of a chain's misreadings.
fn chain_prior(chain: &[Step]) -> i32 {
    chain
        .iter()
        .filter_map(|s| match s {
            Step::Encode(name) => UTF8_MISREADINGS
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, p)| *p),
            _ => None,
        })
        .sum()
}

/// Whether `chain` rereads one CJK page as another.
fn is_cjk_rereading(chain: &[Step]) -> bool {
    let cjk = |step: &Step| {
        let name = step_arg(step);
        hypotheses().cjk.iter().any(|&page| cjk_name(page) == name)
    };
    chain.len() == 2 && cjk(&chain[0]) && cjk(&chain[1])
}

/// Whether `token` has CJK characters (Han, kana, Hangul, CJK punctuation, fullwidth and
/// halfwidth forms).
fn has_cjk(token: &str) -> bool {
    token.chars().any(|c| c as u32 >= 0x2E80)
}

/// A line's suspicious CJK words must together gain this much under one CJK page reread
/// as another (the margin of one word plus its prior).
const MIN_GAIN_CJK_LINE: i32 = MIN_GAIN_CJK_FROM_CJK + PRIOR_UNCOMMON;

/// What one CJK page reread as another costs a token: `gain[wrong][truth]` over
/// `CJK_PAGES`, the token's cost minus its reading's (`None`: no reading), as the first
/// search found them.
#[derive(Clone, Debug)]
pub(super) struct CjkRereads {
    token_cost: i32,
    gain: [[Option<i32>; CJK_PAGES.len()]; CJK_PAGES.len()],
}

impl CjkRereads {
    pub(super) fn new(token_cost: i32) -> CjkRereads {
        CjkRereads {
            token_cost,
            gain: [[None; CJK_PAGES.len()]; CJK_PAGES.len()],
        }
    }

    /// A reading of the token through pages `wrong` → `truth` that costs `cost` (the best
    /// of the byte strings `cjk_encodings` gives is kept).
    fn record(&mut self, wrong: usize, truth: usize, cost: i32) {
        let gain = self.token_cost - cost;
        if let Some(slot) = self.gain.get_mut(wrong).and_then(|row| row.get_mut(truth)) {
            *slot = Some(slot.map_or(gain, |g| g.max(gain)));
        }
    }
}

/// The CJK rereadings (`Encode(wrong)`, `Decode(truth)`) that make a line's suspicious
/// CJK `words` more plausible by `MIN_GAIN_CJK_LINE` in all, best first. Each word must
/// have a reading: the whole line went through the one misreading.
fn cjk_line_chains(words: &[&CjkRereads]) -> Vec<Vec<Step>> {
    let h = hypotheses();
    let mut found: Vec<(i32, Vec<Step>)> = Vec::new();
    for (w, &wrong) in h.cjk.iter().enumerate() {
        for (t, &truth) in h.cjk.iter().enumerate() {
            let total: Option<i32> = words.iter().map(|r| r.gain[w][t]).sum();
            if let Some(total) = total
                && total >= MIN_GAIN_CJK_LINE
            {
                found.push((
                    total,
                    vec![Step::Encode(cjk_name(wrong)), Step::Decode(cjk_name(truth))],
                ));
            }
        }
    }
    found.sort_by_key(|(total, _)| -total);
    found.into_iter().map(|(_, chain)| chain).collect()
}

/// Whether `token` holds exactly one CJK character (Han, kana, Hangul) and no other letter
/// (digits and punctuation it may have: `拢18` is `£18` read as GBK).
fn is_lone_cjk(token: &str) -> bool {
    let mut cjk = 0;
    for c in token.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphabetic() {
                return false;
            }
            continue;
        }
        match classify(c).script {
            Script::Cjk | Script::Hangul => cjk += 1,
            _ if gate::is_alphabetic(c) => return false,
            _ => {}
        }
    }
    cjk == 1
}

/// Whether `chain` rereads one single-byte page as another (no UTF-8, no CJK step).
fn is_single_byte_rereading(chain: &[Step]) -> bool {
    chain.len() == 2
        && chain[1] != Step::Decode("UTF-8")
        && single_byte_page_static(step_arg(&chain[0])).is_some()
        && single_byte_page_static(step_arg(&chain[1])).is_some()
}

/// The scripts of the letters (and non-ASCII digits, `۲`) in `s`.
fn letter_scripts(s: &str) -> Vec<Script> {
    let mut found: Vec<Script> = Vec::new();
    for c in s.chars() {
        let info = classify(c);
        let counts = info.kind == Kind::Letter || (info.kind == Kind::Digit && !c.is_ascii());
        if counts && info.script != Script::Common && !found.contains(&info.script) {
            found.push(info.script);
        }
    }
    found
}

/// A chain's decoding steps, without the lost-byte notes, so chains can be compared.
fn chain_of(steps: &[Step]) -> Vec<Step> {
    steps
        .iter()
        .filter(|s| matches!(s, Step::Encode(_) | Step::Decode(_)))
        .cloned()
        .collect()
}

/// For each item, the index of the first item with the same key, renumbered from 0, and
/// how many distinct keys there are. Short lists, which rarely repeat a key, are
/// numbered as they are.
fn distinct_token_ids<T, K: std::hash::Hash + Eq>(
    items: &[T],
    key: impl Fn(&T) -> K,
) -> (Vec<usize>, usize) {
    if items.len() < 32 {
        return ((0..items.len()).collect(), items.len());
    }
    let mut ids = std::collections::HashMap::with_capacity(items.len());
    let numbered = items
        .iter()
        .map(|item| {
            let next = ids.len();
            *ids.entry(key(item)).or_insert(next)
        })
        .collect();
    (numbered, ids.len())
}

/// Re-applies a chain (pairs of `Encode`, `Decode`) to another token; returns the text.
fn apply_chain(token: &str, chain: &[Step], next_is_space: bool) -> Option<String> {
    // (The dominant-chain pass only scores the text: no steps to collect.)
    read_through_chain(token, chain, (next_is_space, None), false, None).map(|(text, _)| text)
}

/// A token as a chain reads it: the text, the steps, and the text to score when it
/// differs (lost bytes as their likeliest completion).
type ChainReading = (String, Vec<Step>, Option<String>);

/// `apply_chain`, where `line_evidence` says the rest of the line was read through this
/// chain: a byte dropped after a lone lead (`ZÃKAZ` beside `â€”`) is then read as lost
/// without whole sequences in the token itself. Also returns the text to score (lost
/// bytes as their likeliest completion) when it differs.
fn apply_chain_in_line(
    token: &str,
    chain: &[Step],
    after: (bool, Option<char>),
    line_evidence: bool,
) -> Option<ChainReading> {
    let mut steps = Vec::new();
    let (text, scored) = read_through_chain(token, chain, after, line_evidence, Some(&mut steps))?;
    Some((text, steps, scored))
}

/// The body of `apply_chain_in_line`: the text and the text to score, with the steps
/// pushed onto `steps` when the caller wants them.
fn read_through_chain(
    token: &str,
    chain: &[Step],
    (next_is_space, following): (bool, Option<char>),
    line_evidence: bool,
    mut steps: Option<&mut Vec<Step>>,
) -> Option<(String, Option<String>)> {
    // (Borrowed until a layer changes it: most tokens are read by one layer.)
    let mut current: Cow<str> = Cow::Borrowed(token);
    let mut scored: Option<String> = None;
    for (layer, pair) in chain.chunks(2).enumerate() {
        let [Step::Encode(wrong), Step::Decode(truth)] = pair else {
            return None;
        };
        if *truth == "UTF-8"
            && let Some(page) = single_byte_page_static(wrong)
        {
            let drops_need_whole = !(line_evidence && chain.len() == 2);
            let (text, more, _, score_as) = utf8_reading(
                &current,
                page,
                next_is_space && layer == 0,
                layer == 0,
                drops_need_whole,
            )?;
            current = Cow::Owned(text);
            scored = score_as;
            if let Some(steps) = steps.as_deref_mut() {
                steps.extend(more);
            }
            continue;
        }
        // As in the search: a word in a non-Latin legacy page has no ASCII letters (digits
        // it may have: `БД-3`).
        let single_byte_truth = decoder_for(truth).is_some_and(|c| c.single_byte().is_some());
        if single_byte_truth
            && !is_latin_page(truth)
            && current.chars().any(|c| c.is_ascii_alphabetic())
        {
            return None;
        }
        let wrong_charset = encoder_for(wrong)?;
        // Bytes a CJK page lost in the first layer (`鏂囦欢澶?`): read as gaps.
        if *truth == "UTF-8"
            && layer == 0
            && wrong_charset.single_byte().is_none()
            && let Some((text, more, score_as, _)) = lossy_cjk::lossy_cjk_in_chain(
                &current,
                wrong_charset,
                None,
                following,
                lossy_cjk::Decoder::Either,
            )
        {
            current = Cow::Owned(text);
            scored = Some(score_as);
            if let Some(steps) = steps.as_deref_mut() {
                steps.extend(more);
            }
            continue;
        }
        current = Cow::Owned(if let Some(wrong_page) = wrong_charset.single_byte() {
            if *truth == "UTF-8" {
                decode_utf8_lenient(&encode_keeping_c1(wrong_charset, &current)?)?
            } else if let Some(truth_page) = decoder_for(truth)?.single_byte() {
                reread_char_for_char(&current, wrong_page, truth_page)?
            } else {
                decoder_for(truth)?.decode_strict(&encode_keeping_c1(wrong_charset, &current)?)?
            }
        } else {
            // A CJK page may give more than one byte string (`cjk_encodings`): the most
            // plausible reading wins, as in the search.
            let truth_charset = decoder_for(truth)?;
            cjk_encodings(wrong_charset, &current)
                .iter()
                .filter_map(|bytes| {
                    if *truth == "UTF-8" {
                        decode_utf8_lenient(bytes)
                    } else {
                        truth_charset.decode_strict(bytes)
                    }
                })
                .min_by_key(|text| cost(text))?
        });
        if let Some(steps) = steps.as_deref_mut() {
            steps.extend([pair[0].clone(), pair[1].clone()]);
        }
    }
    if introduces_private_use(token, &current) {
        return None;
    }
    Some((current.into_owned(), scored))
}

/// Whether `after` has private-use characters `before` lacks: the user-defined areas of
/// Shift_JIS, Big5 and GBK decode to them, and no repair ends there (`óóóó` is not two
/// Shift_JIS user-defined characters).
fn introduces_private_use(before: &str, after: &str) -> bool {
    let private = |c: char| matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF);
    after.chars().any(private) && !before.chars().any(private)
}

/// Encodes with `charset`; for a single-byte page a C1 control stands for its own byte
/// (text that went through latin-1 keeps the bytes the page has no character for).
fn encode_keeping_c1(charset: Charset, text: &str) -> Option<Vec<u8>> {
    match charset.single_byte() {
        Some(page) => {
            // (One byte per char: at most `text.len()`, so the `Vec` never grows.)
            let mut bytes = Vec::with_capacity(text.len());
            for c in text.chars() {
                bytes.push(page_byte(page, c)?);
            }
            Some(bytes)
        }
        None => charset.encode(text),
    }
}

/// `c`'s byte in a single-byte `page` as `encode_keeping_c1` writes it.
#[inline]
fn page_byte(page: &SingleBytePage, c: char) -> Option<u8> {
    page.encode_char(c)
        .or_else(|| (0x80..0xA0).contains(&(c as u32)).then_some(c as u8))
}

/// `text` encoded in the single-byte page `wrong` (as `encode_keeping_c1` does) and
/// decoded strictly in the single-byte page `truth`: `None` when a char has no byte or a
/// byte no char. Both pages map one char to one byte, so this goes char for char without
/// the byte string: the dominant-chain pass rereads every token of a text in up to a
/// dozen such pairs.
fn reread_char_for_char(
    text: &str,
    wrong: &SingleBytePage,
    truth: &SingleBytePage,
) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        out.push(truth.decode_byte(page_byte(wrong, c)?)?);
    }
    Some(out)
}

/// The byte strings `charset` may have decoded to `text`: the page's own encoding, and for
/// Shift_JIS also what encoding_rs's encoder leaves out, though its decoder produces it.
/// Its user-defined rows F0–F9 decode to private use (U+E000–U+E757) but do not encode
/// back; EUC-JP, GBK or Big5 bytes read as Shift_JIS hit them often (lead bytes F0–F9).
/// And the NEC-selected rows ED–EE decode to the same characters as the IBM rows FA–FC,
/// where the encoder writes them: so a second string keeps them in ED–EE (`注意` in
/// EUC-JP, C3 ED B0 D5, reads `ﾃ擎ﾕ`, and `擎` encodes back as FB BC).
fn cjk_encodings(charset: Charset, text: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    if charset.name() == "Big5" {
        out.extend(lossy_cjk::big5_with_hkscs(charset, text));
        return out;
    }
    if charset.name() != "Shift_JIS" {
        out.extend(charset.encode(text));
        return out;
    }
    out.extend(shift_jis_encode(charset, text, false));
    if text.chars().any(|c| shift_jis_nec_rows().contains_key(&c))
        && let Some(nec) = shift_jis_encode(charset, text, true)
    {
        out.push(nec);
    }
    out
}

/// Shift_JIS bytes for `text`, with the user-defined rows and, if `nec_rows`, the
/// NEC-selected rows (see `cjk_encodings`).
fn shift_jis_encode(charset: Charset, text: &str, nec_rows: bool) -> Option<Vec<u8>> {
    // (Windows' and Python's cp932 also give the single bytes A0, FD, FE, FF as
    // U+F8F0–U+F8F3: `à` (C3 A0) read so is `ﾃ\u{F8F0}`.)
    let special = |c: char| {
        matches!(c as u32, 0xE000..=0xE757 | 0xF8F0..=0xF8F3)
            || (nec_rows && shift_jis_nec_rows().contains_key(&c))
    };
    if !text.chars().any(special) {
        return charset.encode(text);
    }
    let mut out = Vec::with_capacity(text.len());
    let mut run_start = 0;
    for (i, c) in text.char_indices() {
        if !special(c) {
            continue;
        }
        if run_start < i {
            out.extend(charset.encode(&text[run_start..i])?);
        }
        run_start = i + c.len_utf8();
        let cp = c as u32;
        if let Some(bytes) = shift_jis_nec_rows().get(&c).filter(|_| nec_rows) {
            out.extend_from_slice(bytes);
        } else if let Some(&byte) = [0xA0, 0xFD, 0xFE, 0xFF].get((cp.wrapping_sub(0xF8F0)) as usize)
        {
            out.push(byte);
        } else {
            // The WHATWG index's pointer for the user-defined area, then its bytes.
            let pointer = cp - 0xE000 + 8836;
            let (lead, trail) = (pointer / 188, pointer % 188);
            let lead = lead + if lead < 0x1F { 0x81 } else { 0xC1 };
            let trail = trail + if trail < 0x3F { 0x40 } else { 0x41 };
            out.extend([lead as u8, trail as u8]);
        }
    }
    out.extend(charset.encode(&text[run_start..])?);
    Some(out)
}

/// The characters of Shift_JIS's NEC-selected rows (ED40–EEFC) that encode elsewhere,
/// with their bytes there.
fn shift_jis_nec_rows() -> &'static std::collections::HashMap<char, [u8; 2]> {
    static ROWS: OnceLock<std::collections::HashMap<char, [u8; 2]>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let mut rows = std::collections::HashMap::new();
        let Some(sjis) = Charset::for_label("Shift_JIS") else {
            return rows;
        };
        for lead in [0xEDu8, 0xEE] {
            for trail in (0x40u8..=0x7E).chain(0x80..=0xFC) {
                let bytes = [lead, trail];
                if let Some(text) = sjis.decode_strict(&bytes)
                    && let Some(c) = text.chars().next()
                    && sjis.encode(&text).is_some_and(|b| b != bytes)
                {
                    rows.insert(c, bytes);
                }
            }
        }
        rows
    })
}

/// GBK is encoded with the GB18030 encoder: same decoder, and every char round-trips.
fn encoder_for(name: &'static str) -> Option<Charset> {
    Charset::for_static_label(if name == "GBK" { "gb18030" } else { name })
}

fn decoder_for(name: &'static str) -> Option<Charset> {
    Charset::for_static_label(name)
}

/// Maximal runs of non-whitespace. NBSP stays inside tokens: it is part of UTF-8 read as
/// latin-1 (`à` = C3 A0 → `Ã\u{A0}`).
/// Whether the space at byte `at` of `text` may be the A0 byte of a three- or
/// four-byte UTF-8 sequence read as windows-1252 (an NBSP later turned into a space):
/// a lead char (E0–F4) before it and a continuation char (80–BF) after it, as in
/// `æ ¼` (`格`). Such a space does not end a token.
pub(super) fn space_inside_sequence(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text.get(at + 1..).and_then(|rest| rest.chars().next());
    let is_lead = |c: char| (0xE0..=0xF4).contains(&(c as u32));
    let is_continuation =
        |c: char| (0x80..0xC0).contains(&(c as u32)) || is_cp1252_extra(c) && c as u32 > 0xFF;
    before.is_some_and(is_lead) && after.is_some_and(is_continuation)
}

fn tokens(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start: Option<usize> = None;
    let mut iter = text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')));
    std::iter::from_fn(move || {
        for (i, c) in iter.by_ref() {
            let split = matches!(
                c,
                ' ' | '\t' | '\n' | '\r' | '\u{3000}' | '\u{0B}' | '\u{0C}'
            ) && !(c == ' ' && space_inside_sequence(text, i));
            match (split, start) {
                (true, Some(s)) => {
                    start = None;
                    return Some(s..i);
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        None
    })
}

/// The cheap gate: a token with only ordinary characters and no odd transitions never
/// enters the search.
fn is_suspicious(token: &str) -> bool {
    gate::is_suspicious(token)
}

/// The edit that turns `source` into `after`, trimmed to the part that changed.
fn edit_for(source: &str, offset: usize, after: String, steps: Vec<Step>) -> Option<Edit> {
    let current = after;
    let prefix: usize = source
        .chars()
        .zip(current.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let suffix: usize = source[prefix..]
        .chars()
        .rev()
        .zip(current[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let before = &source[prefix..source.len() - suffix];
    let after = &current[prefix..current.len() - suffix];
    if before == after {
        return None;
    }
    Some(Edit {
        range: offset + prefix..offset + source.len() - suffix,
        replacement: after.to_owned(),
        steps,
        cost_before: cost(before),
        cost_after: cost(after),
    })
}

/// The best chain of readings from `token`, looking up to `MAX_LAYERS` deep: a first
/// layer that is only the second-best reading on its own may lead to the best text
/// (`cafÃƒÂ©` reads better as GBK than as one layer of UTF-8, but two layers of UTF-8
/// give `café`). Returns the text, its steps and its cost.
/// With `rereads`, also records the cost of each CJK page reread as another.
fn search(
    token: &str,
    token_cost: i32,
    depth: usize,
    lost_nbsp_after: bool,
    context: &Context,
    rereads: Option<&mut CjkRereads>,
) -> Option<(String, Vec<Step>, i32)> {
    let mut best: Option<(String, Vec<Step>, i32)> = None;
    let mut best_rank: Option<i32> = None;
    let found = candidates(
        token,
        token_cost,
        lost_nbsp_after,
        depth == 0,
        context,
        rereads,
    );
    for candidate in found {
        // Scores carry the priors of every chosen hypothesis, so a rare misreading needs
        // a real advantage to beat a common one.
        let prior = candidate.score - cost(&candidate.text);
        if candidate.claim_only {
            let rank = ranked(&candidate.text, candidate.score);
            if best_rank.is_none_or(|b| rank < b) {
                best = None;
                best_rank = Some(rank);
            }
            continue;
        }
        let mut options: Vec<(String, Vec<Step>, i32)> = Vec::new();
        if !candidate.weak {
            options.push((
                candidate.text.clone(),
                candidate.steps.clone(),
                candidate.score,
            ));
        }
        if depth + 1 < MAX_LAYERS
            && !candidate.text.is_ascii()
            && (candidate.weak || is_suspicious(&candidate.text))
            && let Some((deeper, more, deeper_cost)) = search(
                &candidate.text,
                cost(&candidate.text),
                depth + 1,
                false,
                context,
                None,
            )
        {
            let total = deeper_cost + prior;
            // A weak layer (`Г‚ВЈ` → `Â£`, no better on its own) counts only if the
            // layers under it make the whole chain win by its margin.
            if !candidate.weak || token_cost - total >= candidate.min_gain {
                let mut steps = candidate.steps.clone();
                steps.extend(more);
                options.push((deeper, steps, total));
            }
        }
        for option in options {
            let rank = ranked(&option.0, option.2);
            if best_rank.is_none_or(|b| rank < b) {
                best = Some(option);
                best_rank = Some(rank);
            }
        }
    }
    best
}

/// The order of readings that each won their margin: score plus the language model's
/// cost. The model ranks but does not accept: a reading must win its margin on the
/// character model alone (a word in no covered language is no evidence of mojibake), but
/// among the readings that do, letters that form words come first (Arabic, not the Thai
/// the same windows-1256 bytes give under windows-874).
fn ranked(text: &str, score: i32) -> i32 {
    score + language::cost(text)
}

/// Whether `reading` rewrites the end or start of a word of `token` that it keeps in part,
/// in that word's own script, into letter pairs no language writes where the word had
/// none: `Фантазер╩` is no `Фантазеһ` (KOI8-R `р╩` as UTF-8), `Колледж═` no `Коллед֠`.
/// A real repair of part of a word gives its language's letters back.
fn breaks_a_word(token: &str, reading: &str) -> bool {
    const KEPT_LETTERS: usize = 3;
    let kept_run = |a: &mut dyn Iterator<Item = char>, b: &mut dyn Iterator<Item = char>| {
        let mut script = None;
        let mut run = 0;
        for (x, y) in a.zip(b) {
            if x != y || !x.is_alphabetic() {
                break;
            }
            let s = classify(x).script;
            if script.is_some_and(|p| p != s) {
                break;
            }
            script = Some(s);
            run += 1;
        }
        (run >= KEPT_LETTERS).then_some(script).flatten()
    };
    let Some(script) = kept_run(&mut token.chars(), &mut reading.chars())
        .or_else(|| kept_run(&mut token.chars().rev(), &mut reading.chars().rev()))
    else {
        return false;
    };
    // (Only the alphabets the language model has profiles of.)
    if !matches!(script, Script::Cyrillic | Script::Greek) {
        return false;
    }
    language::fit(reading).unseen > language::fit(token).unseen
}

/// How many readings of one layer are followed further.
const BEAM_WIDTH: usize = 3;
/// How many weak readings (valid UTF-8, no gain yet) are followed to a deeper layer.
const WEAK_BEAM_WIDTH: usize = 2;
/// A weak reading may cost at most this much more than the token it comes from.
const WEAK_LAYER_FLOOR: i32 = -30;

/// The most plausible readings of `token` other than itself that win by their margin,
/// best first, at most `BEAM_WIDTH`.
/// Lost bytes (U+FFFD, `?`) are only read as such in the first layer: deeper layers are
/// re-readings of our own output, where a U+FFFD is information already marked as gone.
fn candidates(
    token: &str,
    token_cost: i32,
    lost_nbsp_after: bool,
    first_layer: bool,
    context: &Context,
    mut rereads: Option<&mut CjkRereads>,
) -> Vec<Candidate> {
    let mut found: Vec<Candidate> = Vec::new();
    let mut consider = |candidate: Candidate| {
        if candidate.text == token
            || introduces_private_use(token, &candidate.text)
            || breaks_a_word(token, &candidate.text)
        {
            return;
        }
        let mut candidate = candidate;
        let validated = candidate.steps.contains(&Step::Decode("UTF-8"));
        candidate.score += context.penalty(&candidate.text, validated);
        let gain = token_cost - candidate.score;
        if gain < candidate.min_gain {
            let utf8 = candidate.steps.get(1) == Some(&Step::Decode("UTF-8"));
            if !utf8 || gain < WEAK_LAYER_FLOOR {
                return;
            }
            candidate.weak = true;
        }
        if found.iter().any(|c| c.text == candidate.text) {
            return;
        }
        found.push(candidate);
    };
    let h = hypotheses();
    // 1. UTF-8 misread through a single-byte page.
    for &(page, prior) in &h.utf8_misreadings {
        if let Some(candidate) =
            utf8_from_single_byte(token, page, prior, lost_nbsp_after, first_layer)
        {
            consider(candidate);
        }
    }
    // Deeper layers undo only UTF-8 read through single-byte pages (`cafÃƒÂ©`, a
    // windows-1251 layer over a windows-1252 one): other hops stacked on our own output
    // turn noise into chains no document went through.
    if !first_layer {
        return finish_candidates(found);
    }
    let has_high_latin = token
        .chars()
        .any(|c| (0x80..0x100).contains(&(c as u32)) || is_cp1252_extra(c));
    // 2. UTF-8 misread through a CJK page.
    let has_cjk = token.chars().any(|c| c as u32 >= 0x2E80);
    if has_cjk {
        // The token in each CJK page, for steps 2 and 3.
        let encoded: Vec<Vec<Vec<u8>>> = h
            .cjk
            .iter()
            .map(|&page| cjk_encodings(page, token))
            .collect();
        // The same with lost bytes: a U+FFFD where the page could not decode a byte, a `?`
        // a converter wrote instead (`鍙戦€佹垚鍔?` is `发送成功` whose last byte was
        // lost). Only in the first layer, as for single-byte pages.
        let mut lossy_pages: Vec<&str> = Vec::new();
        if first_layer && token.chars().any(|c| c == '\u{FFFD}' || c == '?') {
            for &page in &h.cjk {
                if let Some((text, steps, _, score)) = lossy_cjk::lossy_reading(
                    token,
                    page,
                    true,
                    None,
                    None,
                    lossy_cjk::Decoder::Either,
                ) {
                    lossy_pages.push(cjk_name(page));
                    consider(Candidate {
                        text,
                        steps,
                        score: score + lossy_cjk::marks_surcharge(token),
                        min_gain: MIN_GAIN_UTF8_FROM_CJK,
                        weak: false,
                        claim_only: false,
                    });
                } else if lossy_cjk::lossy_reading(
                    token,
                    page,
                    false,
                    None,
                    None,
                    lossy_cjk::Decoder::Either,
                )
                .is_some()
                {
                    // (Too little evidence to be made alone, but the chain that repairs
                    // the line may make it: `蠔link?s` is `Įlinkęs`.)
                    lossy_pages.push(cjk_name(page));
                }
            }
        }
        for (&page, bytes) in h
            .cjk
            .iter()
            .zip(&encoded)
            .flat_map(|(p, all)| all.iter().map(move |b| (p, b)))
        {
            if bytes.is_ascii() {
                continue;
            }
            if let Some(text) = decode_utf8_lenient(bytes) {
                // (Against a lossy reading through the same page, priced as that prices
                // a `?` kept: `hı?ırdıyordu` is `hı�ırdıyordu`.)
                let score = cost(&text)
                    + if lossy_pages.contains(&cjk_name(page)) {
                        lossy_cjk::odd_questions_cost(&text, None)
                    } else {
                        0
                    };
                consider(Candidate {
                    text,
                    steps: vec![Step::Encode(cjk_name(page)), Step::Decode("UTF-8")],
                    score,
                    min_gain: MIN_GAIN_UTF8_FROM_CJK,
                    weak: false,
                    claim_only: false,
                });
            }
        }
        // 3. One CJK page misread as another.
        for (w, (&wrong, bytes)) in h
            .cjk
            .iter()
            .zip(&encoded)
            .enumerate()
            .flat_map(|(w, (p, all))| all.iter().map(move |b| (w, (p, b))))
        {
            for (t, &truth) in h.cjk.iter().enumerate() {
                if truth == wrong || (cjk_name(truth) == "GBK" && cjk_name(wrong) == "GBK") {
                    continue;
                }
                // A page read as another turns its words into other words: a reading
                // with no letter the token lacks only made signs of some (`あぁー、…
                // ・・・＿|￣|○` is no `あぁ〖、…ˇˇˇ〔|”|←`: Shift_JIS text, EUC-JP bytes
                // read as GBK).
                if let Some(text) = truth.decode_strict(bytes)
                    && text
                        .chars()
                        .any(|c| classify(c).kind == Kind::Letter && !token.contains(c))
                {
                    let text_cost = cost(&text);
                    if let Some(rereads) = rereads.as_deref_mut() {
                        rereads.record(w, t, text_cost);
                    }
                    let score = text_cost + PRIOR_UNCOMMON;
                    consider(Candidate {
                        text,
                        steps: vec![Step::Encode(cjk_name(wrong)), Step::Decode(cjk_name(truth))],
                        score,
                        min_gain: MIN_GAIN_CJK_FROM_CJK,
                        weak: false,
                        claim_only: false,
                    });
                }
            }
        }
    }
    if has_high_latin {
        // 4. Legacy CJK misread as latin-1 / windows-1252.
        for &wrong in &h.latin {
            // (DOS pages show CJK file names, rarely text, and their trail bytes give
            // box drawing: `新しいフォルダ` reads `ÉVé╡éóâtâHâïâ_` in IBM437.)
            let dos = wrong.name().starts_with("IBM");
            if dos
                && !token
                    .chars()
                    .any(|c| ('\u{2500}'..='\u{259F}').contains(&c))
            {
                continue;
            }
            let Some(bytes) = wrong.encode(token) else {
                continue;
            };
            // (Bytes that are UTF-8 were UTF-8: `├▓┬¼├│` is `ò¬ó`.)
            if dos && std::str::from_utf8(&bytes).is_ok() {
                continue;
            }
            for &truth in &h.cjk {
                if let Some(text) = truth.decode_strict(&bytes) {
                    // Korean text is written in Hangul; a word of EUC-KR's Hanja alone
                    // (`專宸` from Hebrew `îöãä`) is a rare thing to have lost.
                    let hanja_only = cjk_name(truth) == "EUC-KR"
                        && !text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
                        && text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
                    let score = cost(&text)
                        + if hanja_only { PRIOR_RARE * 2 } else { 0 }
                        + if dos { PRIOR_RARE * 3 } else { 0 };
                    let pairs = text.chars().filter(|c| !c.is_ascii()).count();
                    consider(Candidate {
                        text,
                        steps: vec![Step::Encode(wrong.name()), Step::Decode(cjk_name(truth))],
                        score,
                        min_gain: if pairs <= 1 {
                            MIN_GAIN_CJK_ONE_PAIR
                        } else {
                            MIN_GAIN_CJK_FROM_LATIN
                        },
                        weak: false,
                        claim_only: false,
                    });
                }
            }
        }
    }
    // 5. A single-byte page misread as another.
    let non_ascii = token.chars().filter(|c| !c.is_ascii()).count() as i32;
    // A word of a non-Latin alphabet in its legacy page has no ASCII letters or digits
    // glued to it.
    let has_ascii_letters = token.chars().any(|c| c.is_ascii_alphanumeric());
    if non_ascii >= 1 {
        for (wrong, truths) in &h.single_byte_pairs {
            let wrong = *wrong;
            let Some(bytes) = encode_keeping_c1(wrong, token) else {
                continue;
            };
            // Bytes that are mostly UTF-8 of two or more non-ASCII chars are that UTF-8
            // (step 1 reads it, lost bytes too): no legacy page's words fall into UTF-8's
            // byte patterns twice (`Ã¡Ã©Ã³` is `áéó`, not the Thai `รกรฉรณ` windows-874
            // reads; nor is `Ã¡ÃÃ³` with a lost byte).
            if mostly_utf8(&bytes) {
                continue;
            }
            for &truth in truths {
                // (Mac and DOS Latin words are read only as a whole text's, on
                // `cp1252_sign_in_word` evidence: one word's reading is too little.)
                if truth == wrong || (has_ascii_letters && !is_windows_latin_page(truth.name())) {
                    continue;
                }
                // (The letter test below, on the bytes before any `String` is built; the
                // same test runs again on the decoded text.)
                if let Some(page) = truth.single_byte_page()
                    && !letters_dominate(&bytes, page)
                {
                    continue;
                }
                if let Some(text) = truth.decode_strict(&bytes) {
                    // A page read as another gives words: mostly letters, not the box
                    // drawing or symbols that the same bytes are in DOS pages.
                    let (letters, others) =
                        text.chars()
                            .filter(|c| !c.is_ascii())
                            .fold((0, 0), |(l, o), c| {
                                if is_word_char(classify(c).kind) {
                                    (l + 1, o)
                                } else {
                                    (l, o + 1)
                                }
                            });
                    if letters < 3 * others || letters == 0 {
                        continue;
                    }
                    let prior = if matches!(
                        truth.name(),
                        "windows-1251" | "KOI8-R" | "windows-1253" | "ISO-8859-7" | "windows-1252"
                    ) {
                        PRIOR_UNCOMMON
                    } else {
                        PRIOR_RARE
                    };
                    let score = cost(&text) + prior;
                    consider(Candidate {
                        text,
                        steps: vec![Step::Encode(wrong.name()), Step::Decode(truth.name())],
                        score,
                        min_gain: MIN_GAIN_SINGLE_BYTE + SINGLE_BYTE_GAIN_PER_CHAR * non_ascii,
                        weak: false,
                        claim_only: false,
                    });
                }
            }
        }
    }
    finish_candidates(found)
}

/// Whether `bytes` hold at least two non-ASCII UTF-8 sequences and at most half as many
/// bytes that are in none.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut sequences, mut stray) = (0, 0);
    for chunk in bytes.utf8_chunks() {
        sequences += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        stray += chunk.invalid().len();
    }
    sequences >= 2 && 2 * stray <= sequences
}

/// Whether a char of this kind is part of a word: a letter, or a combining mark (Thai
/// writes most vowels and every tone as one: `นักท่องเที่ยว`, a third of its chars).
fn is_word_char(kind: Kind) -> bool {
    matches!(kind, Kind::Letter | Kind::Mark)
}

/// Whether `bytes` decode with `page` to text whose non-ASCII chars are mostly letters
/// (`letters >= 3 * others`, at least one), as step 5 of `candidates` requires; false when a
/// byte does not decode (`decode_strict` fails then).
fn letters_dominate(bytes: &[u8], page: &SingleBytePage) -> bool {
    let mut letters = 0;
    let mut others = 0;
    for &b in bytes {
        let Some(c) = page.decode_byte(b) else {
            return false;
        };
        if c.is_ascii() {
            continue;
        }
        if is_word_char(classify(c).kind) {
            letters += 1;
        } else {
            others += 1;
        }
    }
    letters >= 3 * others && letters != 0
}

/// The best `BEAM_WIDTH` strong readings, then the best `WEAK_BEAM_WIDTH` weak ones.
fn finish_candidates(found: Vec<Candidate>) -> Vec<Candidate> {
    let (mut weak, mut strong): (Vec<Candidate>, Vec<Candidate>) =
        found.into_iter().partition(|c| c.weak);
    // The beam follows the best scores (a reading that is itself still mojibake, `xÂ²`,
    // leads to the text `x²` a layer down, so the language model must not push it out),
    // plus the reading the language model ranks first.
    strong.sort_by_key(|c| c.score);
    weak.sort_by_key(|c| c.score);
    if let Some(best_ranked) = strong
        .iter()
        .enumerate()
        .min_by_key(|(_, c)| ranked(&c.text, c.score))
        .map(|(i, _)| i)
        && best_ranked >= BEAM_WIDTH
    {
        let candidate = strong.remove(best_ranked);
        strong.insert(0, candidate);
    }
    strong
        .into_iter()
        .take(BEAM_WIDTH + 1)
        .chain(weak.into_iter().take(WEAK_BEAM_WIDTH))
        .collect()
}

/// encoding_rs names GB18030's encoder "gb18030"; reports say GBK, its common name, since
/// the decoders are the same.
fn cjk_name(charset: Charset) -> &'static str {
    match charset.name() {
        "gb18030" => "GBK",
        other => other,
    }
}

/// Latin pages that may be misread as windows-1252 / latin-1 without any single word
/// showing it: the ones the whole-text rereading tries.
const LATIN_TRUTHS: &[&str] = latin_pages::TRUTHS;

/// Pages whose letters include ASCII: their words mix ASCII and high bytes.
fn is_latin_page(name: &str) -> bool {
    matches!(
        name,
        "windows-1250"
            | "windows-1252"
            | "windows-1254"
            | "windows-1257"
            | "ISO-8859-1"
            | "macintosh"
            | "IBM850"
    )
}

/// A Latin page other than Mac's and DOS's (`MAC_AND_DOS_LATIN`), whose words are read
/// one at a time.
fn is_windows_latin_page(name: &str) -> bool {
    is_latin_page(name) && !MAC_AND_DOS_LATIN.contains(&name)
}

fn is_cp1252_extra(c: char) -> bool {
    matches!(c as u32, 0x152..=0x153 | 0x160..=0x161 | 0x178 | 0x17D..=0x17E | 0x192 | 0x2C6 | 0x2DC | 0x2013..=0x2026 | 0x2030 | 0x2039..=0x203A | 0x20AC | 0x2122)
}

/// Bytes a page has no printable character for: when mojibake passed through the page,
/// these bytes were kept as C1 controls or lost (U+FFFD).
fn lost_byte_candidates(page: &SingleBytePage) -> &[u8] {
    // (Kept with the page: asked for per token and page.)
    page.bytes_without_char()
}

/// Re-encodes `token` with `page` and decodes every valid UTF-8 multi-byte sequence in
/// the bytes, keeping the other characters as they are. Needs at least one sequence.
fn utf8_from_single_byte(
    token: &str,
    page: &'static SingleBytePage,
    prior: i32,
    lost_nbsp_after: bool,
    allow_lost: bool,
) -> Option<Candidate> {
    let reading =
        |lone_leads| utf8_reading_as(token, page, lost_nbsp_after, allow_lost, true, lone_leads);
    // Drops without the whole sequences they need are no reading, but the whole
    // sequences are still this page's evidence: read with the leads kept, it holds the
    // token against pages that read those sequences worse (`ÄekÃ¡` is no IBM850
    // `Äekǭ`), and is never applied itself.
    let (found, claim_only) = match reading(LoneLeads::MayDrop) {
        Ok(found) => (found, false),
        Err(TooFewWhole) => (reading(LoneLeads::Keep).unwrap_or(None), true),
    };
    let (text, steps, min_gain, scored) = found?;
    let score = cost(scored.as_deref().unwrap_or(&text)) + prior;
    Some(Candidate {
        text,
        steps,
        score,
        min_gain,
        weak: false,
        claim_only,
    })
}

/// `utf8_from_single_byte` without the scoring: the text, its steps, its margin and,
/// when lost bytes became U+FFFD, the text to score instead (each U+FFFD as its
/// likeliest completion). Nothing when lone-lead drops lack the whole sequences they need.
fn utf8_reading(
    token: &str,
    page: &'static SingleBytePage,
    lost_nbsp_after: bool,
    allow_lost: bool,
    drops_need_whole: bool,
) -> Option<Utf8Reading> {
    utf8_reading_as(
        token,
        page,
        lost_nbsp_after,
        allow_lost,
        drops_need_whole,
        LoneLeads::MayDrop,
    )
    .unwrap_or(None)
}

/// `utf8_reading_with` after its cheap pre-check.
fn utf8_reading_as(
    token: &str,
    page: &'static SingleBytePage,
    lost_nbsp_after: bool,
    allow_lost: bool,
    drops_need_whole: bool,
    lone_leads: LoneLeads,
) -> Result<Option<Utf8Reading>, TooFewWhole> {
    // (Without whole sequences a lone lead may be all there is: no pre-check then.)
    if drops_need_whole && !may_read_as_utf8(token, page, lost_nbsp_after, allow_lost) {
        return Ok(None);
    }
    utf8_reading_with(
        token,
        page,
        lost_nbsp_after,
        allow_lost,
        drops_need_whole,
        lone_leads,
    )
}

/// Whether a lead byte with no continuation byte after it may be read as having dropped
/// one, or is left as the char it shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LoneLeads {
    MayDrop,
    Keep,
}

/// A reading's lone-lead drops lacked the whole sequences beside them.
struct TooFewWhole;

/// A UTF-8 reading of a token: its text, steps, margin and the text to score instead
/// (see `utf8_reading`).
type Utf8Reading = (String, Vec<Step>, i32, Option<String>);

/// A first pass of `utf8_reading` without allocating: false when it certainly finds
/// nothing. It encodes each char as `utf8_reading_with` does (giving up on an
/// unencodable one), and looks for what every reading there needs: a lead byte C2–F4
/// followed by a continuation byte, a lost one (U+FFFD), a `?` or a space standing for
/// one, or a lead C2–DF ending the token before a lost NBSP. (A dropped byte needs a
/// whole sequence beside it, so a lead and a continuation byte.) Most words with accents have leads
/// but no such pair.
fn may_read_as_utf8(
    token: &str,
    page: &'static SingleBytePage,
    lost_nbsp_after: bool,
    allow_lost: bool,
) -> bool {
    let mut may_decode = false;
    let mut after_lost = false;
    let mut last: Option<u8> = None;
    // The chars before the last one and the last one.
    let (mut before_lead, mut previous_char): (Option<char>, Option<char>) = (None, None);
    for c in token.chars() {
        let after_lead = matches!(last, Some(0xC2..=0xF4));
        if c == '\u{FFFD}' && allow_lost {
            may_decode |= after_lead;
            last = None;
            after_lost = true;
            continue;
        }
        let Some(byte) = page
            .encode_char(c)
            .or_else(|| (0x80..0xA0).contains(&(c as u32)).then_some(c as u8))
        else {
            return false;
        };
        // (A space after a lead may be an NBSP inside the character: `æ ¼`.)
        may_decode |=
            after_lead && (matches!(byte, 0x80..=0xBF) || (allow_lost && matches!(c, '?' | ' ')));
        // (Or a lost lead: `lost_lead_before`.)
        may_decode |= after_lost && matches!(byte, 0x80..=0xBF);
        after_lost = false;
        // Or a soft hyphen stripped from `í` (`MedellÃn`) or `ح` (`ØÙ…`): see
        // `stripped_soft_hyphen`.
        may_decode |= allow_lost
            && match last {
                Some(0xC3) => before_lead.is_some_and(char::is_lowercase),
                // (`Ä` `Å` inside a word: `capital_lead_inside_word`.)
                Some(0xC4 | 0xC5) => before_lead.is_some_and(char::is_alphabetic),
                Some(0xD8) => true,
                _ => false,
            };
        before_lead = previous_char;
        previous_char = Some(c);
        last = Some(byte);
    }
    // (And `Ä` `Å` ending a lowercase word: `laikÄ`.)
    may_decode
        || (lost_nbsp_after && matches!(last, Some(0xC2..=0xDF)))
        || allow_lost
            && matches!(last, Some(0xC4 | 0xC5))
            && before_lead.is_some_and(char::is_lowercase)
}

fn utf8_reading_with(
    token: &str,
    page: &'static SingleBytePage,
    lost_nbsp_after: bool,
    allow_lost: bool,
    drops_need_whole: bool,
    lone_leads: LoneLeads,
) -> Result<Option<Utf8Reading>, TooFewWhole> {
    // None marks a byte lost as U+FFFD. `questions` marks ASCII `?`, which lossy
    // converters also write for a byte they could not map: inside a sequence it counts
    // as lost, anywhere else it is just `?`.
    let mut bytes: Vec<Option<u8>> = Vec::with_capacity(token.len());
    let mut chars: Vec<char> = Vec::with_capacity(token.len());
    for c in token.chars() {
        chars.push(c);
        if c == '\u{FFFD}' && allow_lost {
            bytes.push(None);
            continue;
        }
        // A C1 control stands for its own byte: text that went through latin-1 keeps
        // the bytes windows-1252 has no character for (`â\u{80}\u{99}` is `’`).
        let Some(byte) = page
            .encode_char(c)
            .or_else(|| (0x80..0xA0).contains(&(c as u32)).then_some(c as u8))
        else {
            return Ok(None);
        };
        bytes.push(Some(byte));
    }
    if !bytes.iter().any(|b| b.is_none_or(|b| b >= 0x80)) {
        return Ok(None);
    }
    // Only sequences with a lost byte (a U+FFFD, or a `?` in the first layer) use these.
    let lost = if allow_lost && bytes.iter().any(|b| b.is_none_or(|b| b == b'?')) {
        lost_byte_candidates(page)
    } else {
        &[]
    };
    // Every reading below starts at a lead byte C2–F4 (CESU-8's ED included), or at a
    // lost one: without one nothing decodes.
    if !bytes.iter().enumerate().any(|(i, b)| {
        matches!(b, Some(0xC2..=0xF4)) || b.is_none() && lost_lead_before(&bytes, i, lost)
    }) {
        return Ok(None);
    }
    // Bytes the page has no character for may also have been dropped outright
    // (`ÙØ§Ø·Ù…Ø©` is `فاطمة` whose 81 vanished): a sequence one continuation byte
    // short is read as having lost it, but only in a token whose other sequences are
    // whole, so a lone `Ã` in `SÃO` stays.
    // Where a lost byte's U+FFFD went in `out`, and the char to score it as.
    let mut stand_ins: Vec<(usize, Lost)> = Vec::new();
    let mut whole_sequences = 0;
    // Losses whose likeliest completion is no common letter (`É�`: `Ɂ`, `ɍ`, ...).
    let mut unlikely_losses = 0;
    // Whole sequences of three or four bytes, which no text shows by chance.
    let mut whole_long = 0;
    let mut lost_sequences = 0;
    let mut latin_whole = 0;
    // Dropped-byte sequences that kept a continuation byte (`â€`).
    let mut partial_drops = 0;
    let mut non_latin_lead_losses = 0;
    let mut dropped_sequences = 0;
    // Damaged sequences whose lead is a capital inside a lowercase word (`maksÄt`):
    // evidence on their own, as no orthography writes that.
    let mut capitals_inside_words = 0;
    let nbsp_byte = page.encode_char('\u{A0}');
    let mut out = String::with_capacity(token.len());
    let mut steps = vec![Step::Encode(page.name()), Step::Decode("UTF-8")];
    let mut decoded_any = false;
    let mut evidence_bytes = 0;
    let mut i = 0;
    while i < bytes.len() {
        let needed = match bytes[i] {
            // A lost lead byte: pages that lack some of C2–DF lose the lead of a
            // two-byte letter (windows-1255 has no D9, so Arabic `ل`, D9 84, reads `�„`).
            None if lost_lead_before(&bytes, i, lost) => 1,
            None => {
                out.push(chars[i]);
                i += 1;
                continue;
            }
            Some(0xC2..=0xDF) => 1,
            Some(0xE0..=0xEF) => 2,
            Some(0xF0..=0xF4) => 3,
            Some(_) => 0,
        };
        if needed == 0 {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // CESU-8: a surrogate pair written as two three-byte sequences (ED A0–AF xx,
        // ED B0–BF xx), as Java and old MySQL do for emoji.
        if let Some(c) = cesu8_pair(&bytes[i..]) {
            out.push(c);
            decoded_any = true;
            evidence_bytes += 6;
            i += 6;
            continue;
        }
        // The char read before this sequence.
        let out_before = out.chars().next_back();
        let available = bytes.len() - i - 1;
        // Whether a `?` in the sequence stands for a lost byte (a lossy decoder's mark,
        // but also what a writer may have meant: not a close quote's).
        let mut question_lost = false;
        // The whole sequence decoded, or `None` (also for one cut short).
        let decoded = if available < needed {
            // A trailing sequence one byte short, before a space: its last byte was
            // NBSP (A0), later turned into a plain space (`voilÃ le` → `voilà le`).
            if lost_nbsp_after && available + 1 == needed && nbsp_byte == Some(0xA0) {
                let mut seq: Vec<u8> = bytes[i..].iter().flatten().copied().collect();
                seq.push(0xA0);
                // Unless a dropped byte reads better: `â€` before a space is `”`
                // whose 9D was dropped, not a dagger (E2 80 A0) whose A0 became the space.
                if seq.len() == needed + 1
                    && let Ok(s) = std::str::from_utf8(&seq)
                    && !s.chars().next().is_some_and(|nbsp_reading| {
                        dropped_reads_better(
                            nbsp_reading,
                            &bytes[i..],
                            needed,
                            allow_lost.then_some(page),
                            &out,
                        )
                    })
                {
                    out.push_str(s);
                    steps.push(Step::Restore(if seq == [0xC3, 0xA0] {
                        NBSP_A_GRAVE
                    } else {
                        NBSP_LOST
                    }));
                    decoded_any = true;
                    evidence_bytes += needed + 1;
                    break;
                }
            }
            // (Else it may have dropped a byte: below.)
            None
        } else {
            let mut buffer = [None; 4];
            let sequence = &mut buffer[..=needed];
            sequence.copy_from_slice(&bytes[i..=i + needed]);
            let mut nbsp_inside = false;
            for (k, b) in sequence.iter_mut().enumerate().skip(1) {
                if allow_lost && *b == Some(b'?') && chars[i + k] == '?' {
                    *b = None;
                    question_lost = true;
                }
                // A space inside a sequence was its A0 (NBSP) byte: `æ ¼` is `格`. (Tokens
                // hold such a space only between a lead and a continuation char.)
                if allow_lost && *b == Some(b' ') && nbsp_byte == Some(0xA0) {
                    *b = Some(0xA0);
                    nbsp_inside = true;
                }
            }
            let decoded = decode_sequence(sequence, lost);
            // Only for a letter: `está \x93` is not U+1813 (a Mongolian digit).
            let decoded =
                if nbsp_inside && !decoded.as_ref().is_some_and(|(c, ..)| c.is_alphabetic()) {
                    None
                } else {
                    decoded
                };
            if nbsp_inside && decoded.is_some() {
                steps.push(Step::Restore(NBSP_INSIDE));
            }
            decoded
        };
        // A lost lead is the page's commonest completion in the script of the letter
        // before it (at the token's start, of its first whole sequence): windows-1255
        // loses D9–DF, and Arabic `�„` after Arabic is D9 84 `ل`, not DA 84 `ڄ`.
        let script_before = || {
            out_before
                .filter(|c| c.is_alphabetic())
                .or_else(|| first_whole_letter(&bytes))
                .map(|c| classify(c).script)
        };
        let mut lead_restored = false;
        let decoded = match decoded {
            Some(('\u{FFFD}', true, Some(lost)))
                if bytes[i].is_none()
                    && script_before() == Some(classify(lost.stand_in).script) =>
            {
                lead_restored = true;
                Some((lost.stand_in, true, None))
            }
            decoded => decoded,
        };
        match decoded {
            Some((c, _, _)) if lead_restored => {
                // (Restored from its script, it is no loss the checks below weigh.)
                out.push(c);
                steps.push(Step::Restore("lost byte"));
                decoded_any = true;
                evidence_bytes += 2;
                i += 2;
            }
            Some((c, restored, stand_in)) => {
                if let Some(mut lost) = stand_in {
                    lost.question_mark = question_lost;
                    stand_ins.push((out.len(), lost));
                }
                out.push(c);
                if restored {
                    lost_sequences += 1;
                    unlikely_losses +=
                        usize::from(c == '\u{FFFD}' && needed == 1 && !likely_loss(bytes[i], page));
                    capitals_inside_words += usize::from(
                        needed == 1 && capital_lead_inside_word(&chars, i, i + 2, out_before),
                    );
                    // (Not a Greek or Cyrillic lead between ASCII letters: that is no text
                    // of its script that lost a char, `GroΓ�en` is `Großen`.)
                    let between_ascii_letters = i > 0
                        && chars[i - 1].is_ascii_alphabetic()
                        && chars
                            .get(i + needed + 1)
                            .is_some_and(char::is_ascii_alphabetic);
                    non_latin_lead_losses +=
                        usize::from(!is_latin_lead(chars[i]) && !between_ascii_letters);
                    steps.push(Step::Restore(if c == '\u{FFFD}' {
                        "lost byte (marked U+FFFD)"
                    } else {
                        "lost byte"
                    }));
                }
                decoded_any = true;
                whole_sequences += usize::from(!restored);
                whole_long += usize::from(!restored && needed >= 2);
                latin_whole += usize::from(!restored && is_latin_lead(c));
                evidence_bytes += needed + 1;
                i += needed + 1;
            }
            None => {
                let restored_hyphen = (allow_lost && needed == 1)
                    .then(|| {
                        // The letters around it: the word so far, and the token's
                        // letters after it.
                        let word_start = out
                            .char_indices()
                            .rev()
                            .find(|&(_, c)| !c.is_alphabetic())
                            .map_or(0, |(at, c)| at + c.len_utf8());
                        let after: String = chars[i + 1..]
                            .iter()
                            .take_while(|c| c.is_alphabetic())
                            .collect();
                        stripped_soft_hyphen(
                            &bytes[i..],
                            page,
                            out.chars().next_back(),
                            chars.get(i + 1).copied(),
                            (&out[word_start..], &after),
                        )
                    })
                    .flatten();
                if let Some(c) = restored_hyphen {
                    out.push(c);
                    steps.push(Step::Restore(SOFT_HYPHEN_STRIPPED));
                    decoded_any = true;
                    whole_sequences += 1;
                    evidence_bytes += 2;
                    i += 1;
                } else if let Some((c, taken, stand_in)) =
                    dropped_byte_sequence(&bytes[i..], needed, allow_lost.then_some(page))
                        .filter(|&(_, taken, _)| taken > 1 || lone_leads == LoneLeads::MayDrop)
                {
                    if let Some(lost) = stand_in {
                        stand_ins.push((out.len(), lost));
                    }
                    out.push(c);
                    steps.push(Step::Restore(LOST_DROPPED));
                    dropped_sequences += 1;
                    unlikely_losses +=
                        usize::from(c == '\u{FFFD}' && needed == 1 && !likely_loss(bytes[i], page));
                    capitals_inside_words += usize::from(
                        taken == 1 && capital_lead_inside_word(&chars, i, i + 1, out_before),
                    );
                    partial_drops += usize::from(taken > 1);
                    non_latin_lead_losses += usize::from(!is_latin_lead(chars[i]));
                    decoded_any = true;
                    evidence_bytes += taken;
                    i += taken;
                } else if !allow_lost {
                    // A later layer must read every lead byte: left as it is, it would
                    // be a char of the middle layer, which no one ever saw (`краС`
                    // from `ÐºÑ€Ð°Ñ` read through windows-1251 twice).
                    return Ok(None);
                } else {
                    out.push(chars[i]);
                    i += 1;
                }
            }
        }
    }
    // A drop that left a lone lead byte needs whole sequences beside it (`SÖÄ£` is
    // leetspeak); one that left a lead and a continuation byte is evidence on its own
    // (`â€` is `”` with its last byte gone).
    // (As many whole sequences as drops will do when they read as another script:
    // `ÑÐµ` is `�е`.)
    let lone_lead_drops = dropped_sequences - partial_drops;
    let damaged = lost_sequences + dropped_sequences;
    // (One is enough for the token's other lone leads: `ÄakovaÄki` is `�akova�ki`.)
    let only_capitals_inside_words = damaged > 0 && capitals_inside_words > 0;
    let enough_whole = only_capitals_inside_words
        || whole_sequences > dropped_sequences
        || whole_sequences == dropped_sequences && latin_whole == 0;
    if !decoded_any {
        return Ok(None);
    }
    if lone_lead_drops > 0 && !enough_whole && drops_need_whole {
        return Err(TooFewWhole);
    }
    // With no whole sequence, a loss is only evidence after the classic lead letters
    // (`Ã?`, `Ä�`); an Arabic or Cyrillic letter before a U+FFFD is text that lost a
    // char, often our own output, not UTF-8 read through its page.
    // Nor is a loss of a two-byte letter no common letter completes (`NESTLÉ�`, our own
    // output, is no `É` that lost one of windows-1252's undefined bytes: `likely_loss`).
    if whole_sequences == 0 && unlikely_losses > 0 && drops_need_whole {
        return Ok(None);
    }
    // (Unless the rest of the line was read through this page: `С�Рµ` beside
    // `слободан` is `је` whose 98, undefined in windows-1251, was lost.)
    if whole_sequences == 0 && non_latin_lead_losses > 0 && drops_need_whole {
        return Ok(None);
    }
    // Nor with as many losses as whole sequences: `пі�н` (our own output, Ukrainian that
    // lost a char) is no KOI8-U mojibake of `Ц�`.
    // (Two whole sequences of three bytes or more are evidence enough: CJK read through
    // windows-1253, `ε­�γ�©γ‚‚`, loses a byte of half its characters.)
    if non_latin_lead_losses > 0
        && whole_sequences <= lost_sequences + dropped_sequences
        && whole_long < 2
        && drops_need_whole
    {
        return Ok(None);
    }
    // The only evidence is a hypothetical A0 byte: `S Ã O` is Portuguese, not `S à O`.
    let nbsp_only = evidence_bytes <= 2 && restores_nbsp(&steps);
    steps.dedup();
    let min_gain = if nbsp_only {
        MIN_GAIN_NBSP
    } else if evidence_bytes <= 2 {
        MIN_GAIN_UTF8_ONE_PAIR
    } else {
        MIN_GAIN_UTF8_FROM_SINGLE_BYTE
    };
    // A U+FFFD is scored as a letter only where whole sequences outnumber the damaged
    // ones: our own output (`ك�ل`) must not read as fresh mojibake the next time round.
    let mostly_whole = whole_sequences >= lost_sequences + dropped_sequences
        || !drops_need_whole
        || only_capitals_inside_words;
    if mostly_whole && !stand_ins.is_empty() {
        let (restored_out, kept, restored) = restore_lost_from_context(&out, stand_ins);
        if restored > 0 {
            out = restored_out;
            steps.push(Step::Restore(LOST_RESTORED_FROM_WORD));
        }
        stand_ins = kept;
    }
    let scored = (!stand_ins.is_empty() && mostly_whole).then(|| {
        let mut scored = String::with_capacity(out.len());
        let mut from = 0;
        for (at, lost) in &stand_ins {
            let at = *at;
            scored.push_str(&out[from..at]);
            scored.push(lost.stand_in);
            from = at + '\u{FFFD}'.len_utf8();
        }
        scored.push_str(&out[from..]);
        scored
    });
    Ok(Some((out, steps, min_gain, scored)))
}

/// Whether a short sequence before a space reads better as having dropped a byte than
/// as having lost an NBSP to the space: the NBSP reading is a symbol or punctuation
/// (not a letter or digit, not NBSP itself) and the dropped byte's likeliest completion is
/// cheaper.
fn dropped_reads_better(
    nbsp_reading: char,
    bytes: &[Option<u8>],
    needed: usize,
    page: Option<&SingleBytePage>,
    decoded_before: &str,
) -> bool {
    if page.is_none() || nbsp_reading == '\u{A0}' {
        return false;
    }
    // A letter whose case is at odds with the word it ends is no reading, when the drop
    // gives a letter of its script in the word's case: a capital ending a lowercase word
    // (`DaugavÄ ` is `Daugavā` that lost its 81, not `DaugavĠ`), a lowercase letter
    // ending a word of capitals (`ČESKÃ ` is `ČESKÝ` that lost its 9D, not `ČESKà`;
    // `Cà Mau` has one capital only).
    let capital_ending_lowercase = || {
        decoded_before
            .chars()
            .next_back()
            .is_some_and(char::is_lowercase)
    };
    let lowercase_ending_capitals = || {
        let (letters, capitals) = decoded_before
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .fold((0, 0), |(n, u), c| {
                (n + 1, u + usize::from(c.is_uppercase()))
            });
        letters >= 2 && capitals == letters
    };
    let odd_case = if nbsp_reading.is_uppercase() {
        capital_ending_lowercase()
    } else {
        nbsp_reading.is_lowercase() && lowercase_ending_capitals()
    };
    if needed == 1
        && odd_case
        && let Some((_, _, Some(lost))) =
            dropped_byte_sequence(bytes, needed, single_byte_page_static("windows-1252"))
        && if nbsp_reading.is_uppercase() {
            lost.stand_in.is_lowercase()
        } else {
            lost.stand_in.is_uppercase()
        }
        && classify(lost.stand_in).script == classify(nbsp_reading).script
    {
        return true;
    }
    // A letter or digit must be rare for the drop to win (`Ñ ` is `я` that lost its
    // 8F, not the archaic `Ѡ`; `Ã ` stays `à`).
    // (Two-byte sequences only: in a longer one the byte may have gone from anywhere,
    // and some completion is always a common ideograph.)
    // (Hangul is the exception: `ì´ ` is `이` that lost its 9D, not the rare `촠`; the
    // syllables' frequency tiers tell them apart.)
    let margin = if !nbsp_reading.is_alphanumeric() {
        1
    } else if needed == 1 || classify(nbsp_reading).script == Script::Hangul {
        RARE_NBSP_LETTER_MARGIN
    } else {
        return false;
    };
    // (Dropped as windows-1252's undefined bytes, whichever page is tried: a page
    // that defines all 256 must not make `â€ ` a dagger for want of them.)
    match dropped_byte_sequence(bytes, needed, single_byte_page_static("windows-1252")) {
        Some((_, _, Some(lost))) => {
            let (nbsp, dropped) = (classify(nbsp_reading), classify(lost.stand_in));
            // (A letter against a letter of its own script.)
            dropped.cost + margin <= nbsp.cost
                && (!nbsp_reading.is_alphanumeric() || dropped.script == nbsp.script)
        }
        _ => false,
    }
}

/// Whether `chain` is UTF-8 read through windows-1252 or latin-1, one layer.
fn reads_utf8_through_latin1(chain: &[Step]) -> bool {
    matches!(
        chain,
        [
            Step::Encode("windows-1252" | "ISO-8859-1"),
            Step::Decode("UTF-8")
        ]
    )
}

/// Whether `token` has a capital that is a UTF-8 lead byte in windows-1252 (`Â`–`ß`)
/// right after a lowercase letter.
fn lead_capital_after_lowercase(token: &str) -> bool {
    let mut after_lower = false;
    for c in token.chars() {
        if after_lower && ('\u{C2}'..='\u{DF}').contains(&c) && c.is_uppercase() {
            return true;
        }
        after_lower = c.is_lowercase();
    }
    false
}

/// Whether the lead at `chars[i]` is `Ä` or `Å` (C4, C5: leads of common lowercase
/// letters, `ā č ō`) inside a word: after a letter and before a lowercase one, or after
/// a lowercase letter at the word's end (`next` is the char after its sequence; `before`
/// the char read before it).
/// German and Scandinavian write those capitals only first in a word or in capitals.
fn capital_lead_inside_word(chars: &[char], i: usize, next: usize, before: Option<char>) -> bool {
    let Some(before) = before.filter(|_| matches!(chars.get(i), Some('Ä' | 'Å'))) else {
        return false;
    };
    let after = chars.get(next).copied();
    before.is_alphabetic()
        && (after.is_some_and(char::is_lowercase)
            || before.is_lowercase() && !after.is_some_and(char::is_alphabetic))
}

/// The script of the letters a word of one lead letter (and punctuation) starts in
/// UTF-8, when that is not Latin: `Ñ` is `с` that lost its 81 when the words beside it
/// read as Cyrillic. (Latin leads alone are initials and words: `É.`, `Å`, `Ã`.)
fn lone_lead_script(token: &str) -> Option<Script> {
    let mut letters = token.chars().filter(|c| c.is_alphanumeric());
    let (Some(lead), None) = (letters.next(), letters.next()) else {
        return None;
    };
    // Î Ï: Greek; Ð Ñ: Cyrillic; ×: Hebrew; Ø–Û: Arabic.
    if !matches!(lead, 'Î' | 'Ï' | 'Ð' | 'Ñ' | '×' | 'Ø'..='Û') {
        return None;
    }
    let first = std::str::from_utf8(&[lead as u8, 0x90])
        .ok()?
        .chars()
        .next()?;
    Some(classify(first).script)
}

/// Whether `token`, as windows-1252 bytes, has a lead byte right before a `?` inside a
/// word (`UÄ?enici`, `laikÄ? pieauga`): a continuation byte windows-1252 lacks written
/// as `?`, beside words a chain read through it.
fn lead_before_question_mark(token: &str) -> bool {
    let Some(page) = single_byte_page_static("windows-1252") else {
        return false;
    };
    let chars: Vec<char> = token.chars().collect();
    chars.windows(2).enumerate().any(|(i, pair)| {
        pair[1] == '?'
            && matches!(page.encode_char(pair[0]), Some(0xC2..=0xF4))
            && (i > 0 || chars.get(2).is_some_and(|c| c.is_alphabetic()))
    })
}

/// Whether a two-byte sequence whose lead is `lead` could have lost a byte the page has
/// no character for and been a common letter (what real losses take: `Ã�` is `Á` `Í`
/// `Ï` `Ð` `Ý`, `×�` is `א`, `Ù�` is `ف`; `É�` would be `Ɂ` `ɍ` `ɏ` `ɐ` `ɝ`).
fn likely_loss(lead: Option<u8>, page: &SingleBytePage) -> bool {
    let Some(lead) = lead else {
        return false;
    };
    lost_byte_candidates(page).iter().any(|&b| {
        std::str::from_utf8(&[lead, b])
            .ok()
            .and_then(|s| s.chars().next())
            .is_some_and(|c| {
                let info = classify(c);
                info.kind == plausibility::Kind::Letter && info.cost <= LIKELY_COMPLETION_COST
            })
    })
}

/// The highest cost of a letter `likely_loss` accepts (Latin-1's capitals `Ð` `Ý`; not
/// IPA's `Ɂ` or `ǁ`).
const LIKELY_COMPLETION_COST: i32 = 13;

/// Whether `token` has a char that is a UTF-8 lead byte in `page` right before a U+FFFD,
/// or before continuation bytes and then one (`β€�`: `“` lost its 9C).
fn lead_before_lost_mark(token: &str, page: &SingleBytePage) -> bool {
    let bytes: Vec<Option<u8>> = token.chars().map(|c| page.encode_char(c)).collect();
    let chars: Vec<char> = token.chars().collect();
    (0..chars.len()).any(|i| {
        chars[i] == '\u{FFFD}'
            && (1..=3).any(|back| {
                i >= back
                    && matches!(bytes[i - back], Some(0xC2..=0xF4))
                    && bytes[i - back + 1..i]
                        .iter()
                        .all(|b| matches!(b, Some(0x80..=0xBF)))
            })
    })
}

/// Whether `token`, as windows-1252 bytes, has a three- or four-byte lead with a
/// continuation byte after it and then one too few (`voltaâ€.`: `”` lost its 9D). The
/// continuation chars must be no letters: `Mikuláš` is Slovak, not `á` `š` cut short.
fn has_cut_sequence(token: &str) -> bool {
    let Some(page) = single_byte_page_static("windows-1252") else {
        return false;
    };
    let chars: Vec<char> = token.chars().collect();
    let byte = |i: usize| chars.get(i).and_then(|&c| page.encode_char(c));
    let continuation = |i: usize| {
        matches!(byte(i), Some(0x80..=0xBF)) && chars.get(i).is_some_and(|c| !c.is_alphabetic())
    };
    (0..chars.len()).any(|i| {
        let needed = match byte(i) {
            Some(0xE0..=0xEF) => 2,
            Some(0xF0..=0xF4) => 3,
            _ => return false,
        };
        (1..needed).all(|k| continuation(i + k)) && !matches!(byte(i + needed), Some(0x80..=0xBF))
    })
}

/// How much cheaper a dropped byte's likeliest letter must be than a letter an NBSP
/// gives for the drop to be read.
const RARE_NBSP_LETTER_MARGIN: i32 = 6;

/// Whether a lead byte's char is a Latin letter or symbol (U+0080–U+024F), as the lead
/// bytes of UTF-8 read through a Latin page are.
fn is_latin_lead(c: char) -> bool {
    (0x80..0x250).contains(&(c as u32))
}

/// Restore note for a byte the page had no character for, dropped from the text.
pub const LOST_DROPPED: &str = "dropped byte (marked U+FFFD)";

/// A UTF-8 sequence at the start of `bytes` whose lead needs `needed` continuation
/// bytes but has one fewer before a byte that cannot continue it: read as having lost
/// one of the page's undefined bytes (the caller only keeps the reading where whole
/// sequences outnumber such losses, so a lone `Ã` in `SÃO` stays). Returns U+FFFD (or the one char every choice of
/// byte and place gives), how many bytes it takes, and the likeliest completion to
/// score a U+FFFD by.
fn dropped_byte_sequence(
    bytes: &[Option<u8>],
    needed: usize,
    page: Option<&SingleBytePage>,
) -> Option<(char, usize, Option<Lost>)> {
    let page = page?;
    // (Leads F1–F4 start planes 4–16: private use, nothing real text writes.)
    if needed == 0 || matches!(bytes.first(), Some(Some(0xF1..=0xF4))) {
        return None;
    }
    let continuation = |b: &Option<u8>| matches!(b, Some(0x80..=0xBF));
    let present = bytes[1..].iter().take_while(|b| continuation(b)).count();
    if present + 1 != needed {
        return None;
    }
    let dropped = lost_byte_candidates(page);
    let mut agreed: Option<char> = None;
    let mut ambiguous = false;
    let mut any = false;
    let mut stand_in: Option<char> = None;
    let mut completions = Vec::new();
    let widened = widened_losses(dropped);
    for place in 1..=needed {
        // The lead and the present continuation bytes, with a hole at `place`.
        let mut sequence = [0u8; 4];
        let mut present_bytes = bytes[..needed].iter().map(|b| b.unwrap_or(0));
        for (at, slot) in sequence.iter_mut().enumerate().take(needed + 1) {
            if at != place {
                *slot = present_bytes.next().unwrap_or(0);
            }
        }
        for &b in &widened {
            sequence[place] = b;
            if let Ok(s) = std::str::from_utf8(&sequence[..=needed]) {
                completions.extend(s.chars().next());
            }
        }
        for &b in dropped {
            sequence[place] = b;
            if let Ok(s) = std::str::from_utf8(&sequence[..=needed])
                && let Some(c) = s.chars().next()
            {
                any = true;
                stand_in = cheaper(stand_in, Some(c));
                match agreed {
                    None => agreed = Some(c),
                    Some(a) if a != c => ambiguous = true,
                    Some(_) => {}
                }
            }
        }
    }
    if !any {
        return None;
    }
    if ambiguous {
        Some((
            '\u{FFFD}',
            needed,
            stand_in.map(|stand_in| Lost {
                stand_in,
                completions,
                question_mark: false,
            }),
        ))
    } else {
        Some((agreed?, needed, None))
    }
}

/// Restore note for a soft hyphen (byte AD) that a display or a copy stripped from
/// inside a character (`MedellÃn` is `Medellín`, C3 AD).
pub const SOFT_HYPHEN_STRIPPED: &str = "soft hyphen stripped from a character";

/// The letter a two-byte sequence whose continuation byte is missing reads as when that
/// byte was AD: the page shows it as a soft hyphen, which renderers and copies drop as
/// invisible, unlike the bytes the page has no character for (those stay U+FFFD, as
/// ftfy writes them). Only where no undefined byte could have been the one lost instead:
/// their completions must be no letters (`Ø` + `Ù` is `ح`; after `Ù` it could be `ف`),
/// or capitals where the soft-hyphen reading is a lowercase letter inside a lowercase
/// word (`balÃk` is `balík`, not `balÁk`; a next sequence counts as lowercase).
fn stripped_soft_hyphen(
    bytes: &[Option<u8>],
    page: &SingleBytePage,
    before: Option<char>,
    after: Option<char>,
    word: (&str, &str),
) -> Option<char> {
    let lead = (*bytes.first()?)?;
    if !matches!(lead, 0xC2..=0xDF)
        || page.encode_char('\u{AD}') != Some(0xAD)
        || matches!(bytes.get(1), Some(Some(0x80..=0xBF)))
    {
        return None;
    }
    let reading = |b: u8| {
        std::str::from_utf8(&[lead, b])
            .ok()
            .and_then(|s| s.chars().next())
    };
    let is_letter = |c: char| c.is_alphabetic() && !is_combining_mark(c);
    let letter = reading(0xAD).filter(|&c| is_letter(c))?;
    // The letter must join its own script: the letter before it, or the next sequence
    // (`Øst` is Danish, not `ح` before `st`).
    let next_is_sequence = matches!(bytes.get(1), Some(Some(0xC2..=0xF4)));
    let script = classify(letter).script;
    let joins_before = before.is_some_and(|b| is_letter(b) && classify(b).script == script);
    if !joins_before && !next_is_sequence {
        return None;
    }
    let inside_lowercase_word = letter.is_lowercase()
        && before.is_some_and(char::is_lowercase)
        && (after.is_some_and(char::is_lowercase) || next_is_sequence);
    // The word as each letter would make it, for the language model.
    let word_with = |c: char| format!("{}{c}{}", word.0, word.1);
    let restored = language::fit(&word_with(letter));
    let alternatives_rule_out = (0x80..=0x9F)
        .chain(lost_byte_candidates(page).iter().copied())
        .filter_map(reading)
        .filter(|&c| is_letter(c))
        .all(|c| {
            if c.is_uppercase() {
                inside_lowercase_word
            } else {
                // A lowercase letter the word reads clearly worse with: more letter
                // pairs no language has, or costlier ones (`Straße` lost its 9F to a
                // latin-1 decoding that dropped C1 controls: not `Straíe`).
                let other = language::fit(&word_with(c));
                restored.unseen < other.unseen
                    || restored.unseen == other.unseen
                        && restored.excess() + MIN_SOFT_HYPHEN_LANGUAGE_GAIN <= other.excess()
            }
        });
    alternatives_rule_out.then_some(letter)
}

/// How many bits cheaper the word must read with the soft hyphen's letter than with a
/// lowercase letter another lost byte gives.
const MIN_SOFT_HYPHEN_LANGUAGE_GAIN: i32 = 4;

/// Restore notes for an NBSP (byte A0) that became a plain space after a lead byte.
/// After `Ã` (C3) it was `à`, a word of its own in French and Portuguese, so the space
/// is kept unless the next word is one `à` joins (`àquele`, `às`).
pub const NBSP_A_GRAVE: &str = "NBSP turned into a space (à)";
pub const NBSP_LOST: &str = "NBSP turned into a space";
/// The same inside a character's bytes (the space stays part of the token).
pub const NBSP_INSIDE: &str = "NBSP inside a character turned into a space";

/// Whether the steps restored an NBSP that had become a space.
fn restores_nbsp(steps: &[Step]) -> bool {
    steps.contains(&Step::Restore(NBSP_A_GRAVE)) || steps.contains(&Step::Restore(NBSP_LOST))
}

/// Portuguese contractions of `à`: `Ã s` is `às`, `Ã quele` is `àquele` (ftfy's rule).
const A_GRAVE_CONTRACTIONS: &[&str] = &["s", "quele", "quela", "queles", "quelas", "quilo"];

/// Whether the space after a token whose NBSP was restored was that NBSP (and goes).
/// `reading` is the token's repaired text.
fn nbsp_consumes_space(steps: &[Step], reading: &str, after_token: &str) -> bool {
    if steps.contains(&Step::Restore(NBSP_LOST)) {
        return true;
    }
    if !steps.contains(&Step::Restore(NBSP_A_GRAVE)) {
        return false;
    }
    let rest = &after_token[after_token.len().min(1)..];
    // A second space, or none before the end: the space was the NBSP.
    if rest.starts_with(' ') || rest.is_empty() {
        return true;
    }
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    // `à` ending a longer word: inside a word (`vÃ o` is `vào`) when the word joined up
    // has only letter pairs some language writes; `voilÃ le` (a collapsed space after
    // `voilà`) joins up into pairs none does.
    let last_word: String = {
        let mut w: Vec<char> = reading
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect();
        w.reverse();
        w.into_iter().collect()
    };
    if last_word.chars().count() >= 2 && !word.is_empty() {
        let joined = format!("{last_word}{word}");
        return language::fit(&joined).unseen == 0;
    }
    // `Ã s'éloigner` is `à s'éloigner`: the contraction is a whole word.
    let after_word = rest[word.len()..].chars().next();
    A_GRAVE_CONTRACTIONS.contains(&word.as_str()) && !matches!(after_word, Some('\'' | '’'))
}

/// A CESU-8 surrogate pair at the start of `bytes`, as one char.
fn cesu8_pair(bytes: &[Option<u8>]) -> Option<char> {
    if bytes.len() < 6 || bytes.iter().take(6).any(Option::is_none) {
        return None;
    }
    let mut b = [0u8; 6];
    for (to, from) in b.iter_mut().zip(bytes) {
        *to = from.unwrap_or(0);
    }
    let continuation = |x: u8| (0x80..=0xBF).contains(&x);
    if b[0] == 0xED
        && (0xA0..=0xAF).contains(&b[1])
        && continuation(b[2])
        && b[3] == 0xED
        && (0xB0..=0xBF).contains(&b[4])
        && continuation(b[5])
    {
        let high = 0xD000 | (u32::from(b[1] & 0x3F) << 6) | u32::from(b[2] & 0x3F);
        let low = 0xD000 | (u32::from(b[4] & 0x3F) << 6) | u32::from(b[5] & 0x3F);
        return char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00));
    }
    None
}

/// A lost byte whose char its word tells: only one of the possible chars makes a word.
pub const LOST_RESTORED_FROM_WORD: &str = "lost byte (restored from its word)";

/// How much cheaper (in the models' units) the best completion of a lost byte must make
/// its word than the runner-up before it replaces the U+FFFD.
const RESTORE_FROM_WORD_MARGIN: i32 = 10;

/// Replaces the U+FFFD of each lost byte with the one completion that makes its word read
/// as text, where one does clearly: `Δ�άμα` is `Δράμα` (ρ lost its 81), `�eká` beside
/// Czech words stays marked when `č` and `ā` fit alike. Returns the text, the stand-ins
/// left (at their new offsets), and how many were restored.
fn restore_lost_from_context(
    out: &str,
    stand_ins: Vec<(usize, Lost)>,
) -> (String, Vec<(usize, Lost)>, usize) {
    let mut text = String::with_capacity(out.len());
    let mut kept = Vec::with_capacity(stand_ins.len());
    let mut restored = 0;
    let mut from = 0;
    for (at, lost) in stand_ins {
        text.push_str(&out[from..at]);
        from = at + '\u{FFFD}'.len_utf8();
        // The text around the mark, whole words up to `RESTORE_CONTEXT_CHARS` either side
        // (the reading works a token at a time: mostly the mark's word).
        let start = context_start(out, at);
        let end = context_end(out, from);
        let (before, after) = (&out[start..at], &out[from..end]);
        let neighbour = before.chars().next_back().or_else(|| after.chars().next());
        // Letters on both sides within the word: a word of one letter (`с` or `я`) or
        // a word's first letter, whose one bigram is its boundary, is not told enough.
        let is_letter = |c: Option<char>| c.is_some_and(|c| c.is_alphabetic());
        let inside_word = is_letter(before.chars().next_back()) && is_letter(after.chars().next());
        let mut ranked: Vec<(i32, char)> = Vec::new();
        let mut candidate = String::with_capacity(end - start + 4);
        // Only letters of the alphabets the bigram model prices: a Han or Hangul char is
        // told by its frequency alone, which picks wrongly often enough that a mark is
        // better.
        let may_restore = |c: char| {
            matches!(
                classify(c).script,
                Script::Latin | Script::Cyrillic | Script::Greek | Script::Arabic | Script::Hebrew
            ) && c.is_alphabetic()
                && !is_combining_mark(c)
                && neighbour.is_some_and(|n| classify(n).script == classify(c).script)
        };
        // (Outside a word, or where no completion may be restored, none is clear whatever
        // the ranking: the completions are not scored.)
        let completions: &[char] =
            if inside_word && lost.completions.iter().any(|&c| may_restore(c)) {
                &lost.completions
            } else {
                &[]
            };
        for &c in completions {
            if ranked.iter().any(|&(_, r)| r == c) {
                continue;
            }
            candidate.clear();
            candidate.push_str(before);
            candidate.push(c);
            candidate.push_str(after);
            // (No charge per unseen bigram: the profiles lack some real ones, Russian
            // `пя` among them, and `пятидесяти` must not lose to `пстидесяти` for it.)
            ranked.push((cost(&candidate) + language::fit(&candidate).excess(), c));
        }
        ranked.sort_unstable();
        let best = ranked.first().copied();
        let runner_up = ranked.get(1).map(|&(score, _)| score);
        let clear = match (best, runner_up) {
            (Some((score, c)), Some(second)) => {
                score + RESTORE_FROM_WORD_MARGIN <= second && inside_word && may_restore(c)
            }
            _ => false,
        };
        // `”` is the one quotation mark whose UTF-8 has a byte windows-1252 lacks (E2 80
        // 9D): after a `“` still open, before no letter, the mark closes it (`â€œsomethingâ€�`).
        let closes_quote = !lost.question_mark
            && lost.completions.contains(&'\u{201D}')
            && !is_letter(after.chars().next())
            && out[..at].matches('\u{201C}').count() > out[..at].matches('\u{201D}').count();
        match best {
            _ if closes_quote => {
                text.push('\u{201D}');
                restored += 1;
            }
            _ if !clear && let Some(c) = clear_by_frequency(&lost.completions, out) => {
                text.push(c);
                restored += 1;
            }
            Some((_, c)) if clear => {
                text.push(c);
                restored += 1;
            }
            _ => {
                kept.push((text.len(), lost));
                text.push('\u{FFFD}');
            }
        }
    }
    text.push_str(&out[from..]);
    (text, kept, restored)
}

/// How much commoner (in the model's per-char cost) a kana completion must be than every
/// other before it replaces a lost byte's U+FFFD: hiragana `こ` (7) against the CJK
/// extension A and compatibility chars the other undefined bytes make (13 and up).
const RESTORE_BY_FREQUENCY_MARGIN: i32 = 6;

/// The kana completion of a lost byte, far commoner than every other, in a text that
/// writes kana elsewhere: `ã“ã‚“` is `こん`, its `こ` having lost windows-1252's undefined
/// 81. (Not Han or Hangul: whether the byte lost was one of the page's own undefined
/// bytes or windows-1252's is itself a guess, and where the true byte is not among the
/// completions a common wrong syllable or Han char wins: `있` as `쐈`, `曜` as `曏`. Of
/// the kana, 81 is the one byte those pages commonly lack.)
fn clear_by_frequency(completions: &[char], text: &str) -> Option<char> {
    let mut ranked: Vec<(i32, char)> = completions.iter().map(|&c| (classify(c).cost, c)).collect();
    ranked.sort_unstable();
    ranked.dedup_by_key(|&mut (_, c)| c);
    let (&(cost, c), rest) = ranked.split_first()?;
    let writes_kana = text.chars().any(|other| other != c && is_kana(other));
    (is_kana(c)
        && writes_kana
        && rest
            .iter()
            .all(|&(other, o)| !is_kana(o) && cost + RESTORE_BY_FREQUENCY_MARGIN <= other))
    .then_some(c)
}

/// Whether `c` is a hiragana or katakana letter (the prolonged sound mark included).
fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309F}' | '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9D}')
}

/// How many chars either side of a lost byte its restoration reads.
const RESTORE_CONTEXT_CHARS: usize = 48;

/// Where the context before `at` starts: `RESTORE_CONTEXT_CHARS` back, then on to the
/// next word's start so no word is cut.
fn context_start(text: &str, at: usize) -> usize {
    let mut chars = text[..at].char_indices().rev();
    let Some((far, _)) = chars.nth(RESTORE_CONTEXT_CHARS) else {
        return 0;
    };
    text[far..at]
        .find(char::is_whitespace)
        .map_or(far, |i| far + i)
}

/// Where the context after `from` ends, as `context_start` does it.
fn context_end(text: &str, from: usize) -> usize {
    let Some((far, _)) = text[from..].char_indices().nth(RESTORE_CONTEXT_CHARS) else {
        return text.len();
    };
    text[from..from + far]
        .rfind(char::is_whitespace)
        .map_or(from + far, |i| from + i)
}

/// The bytes a restoration from context weighs: the page's own losses and windows-1252's
/// undefined bytes, the commonest losses, since the page of a reading is itself a guess
/// (`BraÄ kreÄ‡u` reads alike through windows-1250 and 1252, and `č` lost 1252's 8D).
fn widened_losses(lost: &[u8]) -> Vec<u8> {
    let common = single_byte_page_static("windows-1252").map_or(&[][..], lost_byte_candidates);
    let mut widened = Vec::with_capacity(lost.len() + common.len());
    widened.extend_from_slice(lost);
    for &b in common {
        if !widened.contains(&b) {
            widened.push(b);
        }
    }
    widened
}

/// What the U+FFFD of a lost byte may have been: the char of every byte that could
/// have been lost, and the one the model finds likeliest alone, which the reading is
/// scored as.
#[derive(Clone, Debug, PartialEq)]
struct Lost {
    stand_in: char,
    completions: Vec<char>,
    /// The lost byte was written as `?`.
    question_mark: bool,
}

/// The letter of the first whole two-byte sequence of `bytes`, if any.
fn first_whole_letter(bytes: &[Option<u8>]) -> Option<char> {
    bytes.windows(2).find_map(|pair| match pair {
        [Some(lead @ 0xC2..=0xDF), Some(trail @ 0x80..=0xBF)] => {
            std::str::from_utf8(&[*lead, *trail])
                .ok()
                .and_then(|s| s.chars().next())
                .filter(|c| c.is_alphabetic())
        }
        _ => None,
    })
}

/// Whether `bytes[i]`, a lost byte, may be the lead of a two-byte sequence: one
/// continuation byte follows it (and no second one, which would make the lead no
/// two-byte lead), and the page loses some two-byte lead (C2–DF).
fn lost_lead_before(bytes: &[Option<u8>], i: usize, lost: &[u8]) -> bool {
    let continuation = |at: usize| matches!(bytes.get(at), Some(Some(0x80..=0xBF)));
    bytes.get(i).is_some_and(Option::is_none)
        && continuation(i + 1)
        && !continuation(i + 2)
        && lost.iter().any(|b| (0xC2..=0xDF).contains(b))
}

/// Decodes one UTF-8 sequence whose bytes may include lost ones (`None`). Returns the
/// char and whether a lost byte was involved: a lost byte is restored when exactly one of
/// `lost` makes the sequence valid, otherwise the char is U+FFFD (information is gone).
fn decode_sequence(sequence: &[Option<u8>], lost: &[u8]) -> Option<(char, bool, Option<Lost>)> {
    // (`sequence` is at most 4 bytes: one UTF-8 sequence.)
    // The sequence with its first missing byte as `lost` and any second one as `second`.
    let fill2 = |lost: u8, second: u8| {
        let mut buffer = [0u8; 4];
        let mut first = true;
        for (to, from) in buffer.iter_mut().zip(sequence) {
            *to = from.unwrap_or_else(|| {
                let b = if first { lost } else { second };
                first = false;
                b
            });
        }
        buffer
    };
    let fill = |lost: u8| fill2(lost, lost);
    let n = sequence.len();
    let missing = sequence.iter().filter(|b| b.is_none()).count();
    if missing == 0 {
        let bytes = fill(0);
        return std::str::from_utf8(&bytes[..n])
            .ok()
            .and_then(|s| s.chars().next())
            .map(|c| (c, false, None));
    }
    // (Two of a sequence's three or four bytes may be gone: `ã??` is a kana whose 81
    // and a second undefined byte became `?`.)
    // (A lost lead only of a two-byte sequence: `lost_lead_before`.)
    if sequence[0].is_none() && n != 2 || missing > 2 || missing == 2 && n < 3 {
        return None;
    }
    let mut found = None;
    let mut count = 0;
    let mut stand_in: Option<char> = None;
    let mut completions = Vec::new();
    let seconds: &[u8] = if missing == 2 { lost } else { &[0] };
    for &b in lost {
        for &second in seconds {
            let bytes = fill2(b, second);
            if let Ok(s) = std::str::from_utf8(&bytes[..n]) {
                count += 1;
                found = s.chars().next();
                stand_in = cheaper(stand_in, found);
                if missing == 2 {
                    completions.extend(found);
                }
            }
        }
    }
    if missing == 1 {
        for b in widened_losses(lost) {
            let bytes = fill(b);
            if let Ok(s) = std::str::from_utf8(&bytes[..n]) {
                completions.extend(s.chars().next());
            }
        }
    }
    match count {
        0 => {
            // The page had no undefined bytes that fit: the byte was lost some other way
            // (a CJK or latin-1 round trip, or a `?`). Still a valid shape, but unknowable.
            let bytes = fill(0x80);
            std::str::from_utf8(&bytes[..n])
                .ok()
                .map(|_| ('\u{FFFD}', true, None))
        }
        1 => found.map(|c| (c, true, None)),
        _ => Some((
            '\u{FFFD}',
            true,
            stand_in.map(|stand_in| Lost {
                stand_in,
                completions,
                question_mark: false,
            }),
        )),
    }
}

/// Of two possible chars, the one the model finds more plausible on its own: a lost
/// byte's U+FFFD is scored as its likeliest completion, so `�ме` is judged as a word
/// with a missing letter, not as a word with a symbol in it.
fn cheaper(a: Option<char>, b: Option<char>) -> Option<char> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if classify(b).cost < classify(a).cost {
            b
        } else {
            a
        }),
        (a, b) => a.or(b),
    }
}

/// Decodes UTF-8 strictly, except that a final sequence cut short becomes U+FFFD.
fn decode_utf8_lenient(bytes: &[u8]) -> Option<String> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(s.to_owned()),
        Err(e) if e.error_len().is_none() && e.valid_up_to() > 0 => {
            let mut s = std::str::from_utf8(&bytes[..e.valid_up_to()])
                .ok()?
                .to_owned();
            s.push('\u{FFFD}');
            Some(s)
        }
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> String {
        let edits = repair(text);
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

    /// `may_read_as_utf8` may only turn away tokens the full reading finds nothing in:
    /// every clean fixture word, as UTF-8 read through each page, with its undefined bytes
    /// lost (U+FFFD) or dropped.
    /// The char-for-char rereading of the dominant-chain pass must give what encoding the
    /// token in one page and decoding it strictly in the other gives, for every pair of
    /// single-byte pages the repair rereads and every char either page has.
    #[test]
    fn char_for_char_rereading_matches_encode_then_decode() {
        let names: Vec<&'static str> = WINDOWS_TRUTHS
            .iter()
            .chain(LATIN_MISREADINGS)
            .chain(CYRILLIC_PAGES.iter())
            .chain(["IBM437", "IBM850", "IBM866", "macintosh", "ISO-8859-2"].iter())
            .copied()
            .collect();
        let mut checked = 0;
        for &wrong in &names {
            for &truth in &names {
                let (Some(w), Some(t)) = (decoder_for(wrong), decoder_for(truth)) else {
                    continue;
                };
                let (Some(wp), Some(tp)) = (w.single_byte(), t.single_byte()) else {
                    continue;
                };
                let mut chars: Vec<char> = (0..=255u8)
                    .flat_map(|b| [wp.decode_byte(b), tp.decode_byte(b)])
                    .flatten()
                    .collect();
                chars.extend(['\u{80}', '\u{9f}', '€', 'ő', '中', 'a']);
                for c in chars {
                    for text in [c.to_string(), format!("x{c}y{c}")] {
                        let slow = encode_keeping_c1(w, &text).and_then(|b| t.decode_strict(&b));
                        assert_eq!(
                            reread_char_for_char(&text, wp, tp),
                            slow,
                            "{wrong} {truth} {text:?}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100_000, "{checked}");
    }

    #[test]
    fn utf8_precheck_never_rejects_a_reading() {
        let mut words: Vec<String> = Vec::new();
        for text in crate::test_fixtures::texts().iter().step_by(7) {
            words.extend(text.split(' ').map(str::to_owned));
        }
        words.extend(
            [
                "voil\u{c3}",
                "\u{c3}?",
                "\u{e2}\u{fffd}\u{a6}",
                "\u{ed}\u{a0}\u{bd}\u{ed}\u{b8}\u{80}",
            ]
            .map(String::from),
        );
        for (page, _) in &hypotheses().utf8_misreadings {
            for word in &words {
                let misread: String = word
                    .bytes()
                    .map(|b| page.decode_byte(b).unwrap_or('\u{fffd}'))
                    .collect();
                // (Undefined bytes also get dropped outright.)
                let dropped: String = word.bytes().filter_map(|b| page.decode_byte(b)).collect();
                for token in [word.as_str(), misread.as_str(), dropped.as_str()] {
                    for (nbsp, lost) in [(false, false), (true, true), (false, true)] {
                        if !may_read_as_utf8(token, page, nbsp, lost) {
                            for lone_leads in [LoneLeads::MayDrop, LoneLeads::Keep] {
                                let reading =
                                    utf8_reading_with(token, page, nbsp, lost, true, lone_leads);
                                assert!(
                                    matches!(reading, Ok(None) | Err(TooFewWhole)),
                                    "{token:?} {}",
                                    page.name()
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn distinct_token_ids_number_repeats_alike() {
        let seven = ["a", "b", "c", "d", "e", "f", "g"];
        let words: Vec<&str> = (0..40).map(|i| seven[i % 7]).collect();
        let (ids, n) = distinct_token_ids(&words, |w| *w);
        assert_eq!(n, 7);
        for (a, b) in words.iter().zip(&ids) {
            for (c, d) in words.iter().zip(&ids) {
                assert_eq!(a == c, b == d);
            }
        }
        assert!(ids.iter().all(|&id| id < n));
        let (ids, n) = distinct_token_ids(&words[..5], |w| *w);
        assert_eq!((ids, n), (vec![0, 1, 2, 3, 4], 5));
    }

    #[test]
    fn issue_examples() {
        for (bad, good) in [
            ("cafÃ©", "café"),
            ("cafÃƒÂ©", "café"),
            ("Il bando 猫 disponibile", "Il bando è disponibile"),
            (
                "Tickets: 拢18 adults, 拢9 children",
                "Tickets: £18 adults, £9 children",
            ),
            ("TNF-¦Á", "TNF-α"),
            ("[5¨C11]", "[5–11]"),
            ("РџСЂРёРІРµС‚", "Привет"),
            ("SoÄŸuk", "Soğuk"),
            ("п÷я─п╦п╡п╣я┌", "Привет"),
            ("CU╔NTENOS", "CUÉNTENOS"),
            ("ÖÐÎÄ", "中文"),
            ("“ú–{", "日本"),
            ("¾È³çÇÏ¼¼¿ä", "안녕하세요"),
            // Shift_JIS file names shown in the DOS pages (zip tools, consoles).
            ("ÉVé╡éóâtâHâïâ_", "新しいフォルダ"),
            ("( ├▓┬¼├│ )", "( ò¬ó )"),
            ("浣犲ソ", "你好"),
            ("鏂囧瓧鍖栥亼", "文字化け"),
            ("縺薙ｓ縺ｫ縺｡縺ｯ", "こんにちは"),
            ("voilÃ le travail", "voilà le travail"),
            // UTF-8 read as windows-874 (Thai Windows).
            ("cafรฉ au lait", "café au lait"),
            // EUC-JP read as GBK: the kana survive, the kanji become simplified Chinese.
            (
                "コンビニでおにぎりとお勉を倾った。",
                "コンビニでおにぎりとお茶を買った。",
            ),
            // EUC-KR read as Big5: the last word reads worse alone, but the line is one page.
            (
                "鷓シ 磁鼻戲煎 薯輿 ホ奢ぇ 鼠渦晦 唸ホ",
                "태풍 북상으로 제주 항공편 무더기 결항",
            ),
        ] {
            assert_eq!(fixed(bad), good, "{bad}");
        }
    }

    #[test]
    fn a_lost_byte_closes_an_open_quote() {
        // `”` (E2 80 9D) lost its 9D to windows-1252; an open `“` says what it was.
        assert_eq!(
            fixed("just â€œsomethingâ€\u{FFFD} missing"),
            "just “something” missing"
        );
        // No open quote: the mark stays.
        assert_eq!(fixed("a â€\u{FFFD} b"), "a \u{FFFD} b");
    }

    #[test]
    fn correct_text_is_left_alone() {
        for good in [
            "MÜLLER",
            "PÍŠU",
            // Serbian, which the profiles lack, is no x-mac-cyrillic read as windows-1251.
            "Љиљана И Његош Отворили Су Пекару У Земуну.",
            "Српски: Ђорђе, Ћирилица, Џемпер, Љубљана, Његош",
            "Ђорђе, Ћирилица, Џемпер, Љубљана, Његош",
            "Македонски: Ѓорѓи, Ќерка, Скопје, Ѕвезда",
            // `的` is EUC-JP's C5 AA, UTF-8's `Ū`; the text writes it as Han elsewhere.
            "定義的number，然後查Keil C 的menu的interrupt number的表格",
            // Read as UTF-8 in windows-1253, `ΝΈ` would be the unassigned U+0378.
            "¨ΝΈΟ¨",
            "The character 猫 means cat.",
            "CUÉNTENOS",
            "NESTLÉ®",
            "你好，世界",
            "Việt Nam",
            "Η ¨ανατροφή¨",
            "SÃO PAULO",
            // Japanese with ASCII art (detect corpus, ooganemochi.com): its EUC-JP bytes
            // read as GBK only make signs of other signs.
            "あぁー、やられてまんがな、でんがな、おまんがな、おまんらゆるさんぜいっしんのほうですがな・・・＿|￣|○＿|￣|○＿|￣|○",
            // Halfwidth katakana names and words, spelt with sound and long-vowel marks.
            "ﾃﾞｰﾀ ﾊﾞﾝｺﾞｳ ｶﾞｲﾄﾞ",
            "ｽｽﾞｷ ｲﾁﾛｳ",
            // Arabic and Hebrew punctuation against the word before, soft hyphens.
            "المعارف، الثقافة، التراث",
            "ט״ו בשבט שמח",
            "Hel\u{AD}sin\u{AD}ki",
            "Trubka Ø 32 mm, Praha",
            "ㅋㅋㅋ 진짜 웃겨",
            // One Portuguese word, which Romanian's `ă` would also make a word.
            "Cãibra",
            "25°C",
            "½ cup",
            "Привет, мир",
            "こんにちは",
            "안녕하세요",
            "สวัสดีครับ ยินดีต้อนรับ",
            // Chinese that quotes kana, and Japanese with kanji of its own.
            "这家店叫「すし太郎」，价格很便宜。",
            "髙橋さんは東京の会社に勤めています。",
        ] {
            assert_eq!(fixed(good), good);
        }
    }

    #[test]
    fn lists_of_one_languages_accented_letters_stay() {
        // Each word is all accented letters, which other scripts' pages read cheaper.
        for good in [
            "áéíóúñ",
            "ÁÉÍÓÚ",
            "Spanish accents: áéíóúñ ÁÉÍÓÚÑ",
            "äöü ÄÖÜ ß",
            "âêîôû",
            "ąęółśżźćń",
            "ÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ",
            // Icelandic words alone read like no profiled language.
            "Egilsstaðir",
            "Þingvellir",
            "með",
            "In Verð",
            "Hraunið Пётр",
            // Icelandic in two words or more, which no profile covers.
            "Þórður Jónsson",
            "ÞÓRÐUR JÓNSSON",
            "Bændur á Norðurlandi",
            "Verð á",
            "á matseðlinum",
        ] {
            assert_eq!(fixed(good), good);
        }
        // Letters of no one orthography, or a chain that a word with symbols proves,
        // are still read: cp1251 and EUC-KR shown as latin-1.
        assert_eq!(fixed("Ïðèâåò"), "Привет");
        assert_eq!(fixed("ÑÅÊÐÅÒ"), "СЕКРЕТ");
        assert_eq!(fixed("ºÎ»ê, 2023³â 7¿ù 5ÀÏ"), "부산, 2023년 7월 5일");
        // Such a list's mojibake is valid UTF-8 under windows-1252, not Thai.
        assert_eq!(fixed("Ã¡Ã©Ã³ÃºÃ±"), "áéóúñ");
        // With a lost byte too: the loss is marked, the rest is UTF-8.
        assert_eq!(fixed("Ã¡Ã©ÃÃ³ÃºÃ±"), "áé\u{FFFD}óúñ");
    }

    #[test]
    fn a_lost_lead_byte_is_the_letter_of_its_neighbours_script() {
        // Arabic UTF-8 read as windows-1255, which has no D9: Python's decoder gives
        // U+FFFD for it and keeps the continuation byte (`ل`, D9 84, reads `�„`).
        for good in ["مجلس", "النواب", "عبد الله"] {
            let Some(hebrew) = Charset::for_label("windows-1255") else {
                panic!("windows-1255")
            };
            let broken: String = good
                .as_bytes()
                .iter()
                .map(|&b| {
                    hebrew
                        .single_byte_page()
                        .and_then(|page| page.decode_byte(b))
                        .unwrap_or('\u{FFFD}')
                })
                .collect();
            assert_eq!(fixed(&broken), good, "{broken}");
        }
    }

    #[test]
    fn thai_read_as_latin_1_counts_its_marks_as_letters() {
        // A third of Thai's chars are combining vowels and tones: they are word, not
        // symbols, so the windows-874 reading competes (Big5 gave `塾◎駖抉…` before).
        assert_eq!(
            fixed("¹Ñ¡·èÍ§à·ÕèÂÇµèÒ§ªÒµÔà¾ÔèÁ¢Öé¹ÃéÍÂÅÐ 30"),
            "นักท่องเที่ยวต่างชาติเพิ่มขึ้นร้อยละ 30"
        );
        assert_eq!(fixed("ÃÇÁ·Ñé§ÊÔé¹: 1,249.90 ºÒ·"), "รวมทั้งสิ้น: 1,249.90 บาท");
    }

    #[test]
    fn shift_jis_encodes_the_bytes_its_decoder_read() {
        let Some(sjis) = Charset::for_label("Shift_JIS") else {
            panic!("Shift_JIS")
        };
        // User-defined rows (F0–F9) and NEC-selected rows (ED–EE): the decoder reads
        // them, encoding_rs's encoder does not write them.
        for bytes in [
            &[0xF0u8, 0x40][..],
            &[0xF9, 0xFC],
            &[0xC3, 0xED, 0xB0, 0xD5],
        ] {
            let Some(text) = sjis.decode_strict(bytes) else {
                panic!("{bytes:x?}")
            };
            assert!(
                cjk_encodings(sjis, &text).iter().any(|b| b == bytes),
                "{bytes:x?}"
            );
        }
        assert_eq!(fixed("ﾃ擎ﾕ｡ｪﾂｭｸｵ､ｬｳ熙熙荀ｹ"), "注意！足元が滑りやす");
    }

    #[test]
    fn lost_and_dropped_bytes() {
        for (bad, good) in [
            // 81 (ف = D9 81) dropped, written as `?`, as U+FFFD.
            ("ÙØ§Ø·Ù…Ø©", "\u{FFFD}اطمة"),
            ("Ù?Ø§Ø·Ù…Ø©", "\u{FFFD}اطمة"),
            // A drop that left a lead and a continuation byte is evidence on its own,
            // and an open `“` says the lost char was `”`.
            ("â€œHelloâ€", "“Hello”"),
            // A Greek-page lead between ASCII letters lost its byte (windows-1253 lacks
            // 9F): no Greek text that lost a char.
            ("im GroΓ\u{FFFD}en Saal", "im Gro\u{FFFD}en Saal"),
            // `â€` before a space: `”` lost its 9D, not a dagger (E2 80 A0) its A0.
            ("He said â€œnoâ€ and left", "He said “no” and left"),
            // NBSP turned into a space, inside a word and inside a character.
            ("Xin chÃ o", "Xin chào"),
            ("voilÃ le travail", "voilà le travail"),
            // UTF-8 read as windows-874 (Thai Windows).
            ("cafรฉ au lait", "café au lait"),
            ("ä»·æ ¼", "价格"),
            // A lone `Ã` left by a chain that read every other word of the text.
            (
                "CAPÃTULO IX â€” DONDE SE CUENTA",
                "CAP\u{FFFD}TULO IX — DONDE SE CUENTA",
            ),
            // Correct words beside a broken one keep their letters.
            (
                "La SociÃ©tÃ© générale des Îles",
                "La Société générale des Îles",
            ),
            ("ì œì£¼", "제주"),
            // A lone lead before a space lost its byte (`я` is D1 8F): no archaic `Ѡ`
            // from a lost NBSP, no `С` of a middle layer (`краС`).
            ("ÐºÑ€Ð°Ñ Ð½Ð° Ð¼Ð°Ð¹", "кра\u{FFFD} на май"),
            ("Láº C LONG QUÃ‚N", "LẠC LONG QUÂN"),
            // A cut `”` beside words the chain read; a correct word beside them stays.
            (
                "A decisÃ£o â€œnÃ£o tem voltaâ€.",
                "A decisão “não tem volta\u{FFFD}.",
            ),
            ("LiptovskÃ½ Mikuláš, 5. 3.", "Liptovský Mikuláš, 5. 3."),
            // A capital lead inside a lowercase word, beside words the chain read.
            (
                "MÃ¶tley CrÃ¼e â€” Live in TÅkyÅ",
                "Mötley Crüe — Live in T\u{FFFD}ky\u{FFFD}",
            ),
            // A soft hyphen (AD) stripped from `í` and `ح`, which no undefined byte
            // could have been instead.
            ("MedellÃn", "Medellín"),
            (
                "la ciudad de MedellÃn es grande",
                "la ciudad de Medellín es grande",
            ),
            ("Ø§Ù„Ø±ØÙ…Ù†", "الرحمن"),
            ("ØÙ…ÛŒØ¯ Ø±Ø¶Ø§", "حمید رضا"),
            // A capital does not end a lowercase word: `Ä ` lost its 81 (`ā`), it is no
            // `Ġ` whose NBSP became the space.
            ("lÄ«menis DaugavÄ strauji", "līmenis Daugav\u{FFFD} strauji"),
            // A word of one Cyrillic lead beside Cyrillic words: `с` lost its 81.
            ("Ð¼Ð¾Ð³Ð° Ñ ÐºÐ°Ñ€Ñ‚Ð°", "мога \u{FFFD} карта"),
            // `Ä` `Å` inside a lowercase word lost a byte, even in a word alone (`ā`
            // lost 81, `č` 8D); the token's other lone leads then too.
            (
                "Vai varu maksÄt ar karti?",
                "Vai varu maks\u{FFFD}t ar karti?",
            ),
            (
                "Vai varu maksÄ?t ar karti?",
                "Vai varu maks\u{FFFD}t ar karti?",
            ),
            ("UÄenici osmih razreda", "U\u{FFFD}enici osmih razreda"),
            ("ÄakovaÄki vezovi", "\u{FFFD}akova\u{FFFD}ki vezovi"),
            ("svÃ\u{AD}Äkovou", "sví\u{FFFD}kovou"),
            // Two bytes of one kana lost as `?` (`ã??` is E3 81 xx).
            ("ã?™ã??ã?ª", "\u{FFFD}\u{FFFD}\u{FFFD}"),
            // A Hangul lead and one continuation before a space: a lost 9D (`이`), not
            // a rare syllable whose NBSP became the space.
            (
                "ìƒˆí•´ ë³µ ë§Žì´ ë°›ìœ¼ì„¸ìš”!",
                "새해 복 많\u{FFFD} 받으세요!",
            ),
            // A text that dropped its undefined bytes (`××`): `× ` lost a byte too.
            ("×©×œ×•× ×¨×‘, ××ž×¨", "שלו\u{FFFD} רב, \u{FFFD}מר"),
            // Latin initials beside repaired words stay.
            ("SzabÃ³, É. (2016).", "Szabó, É. (2016)."),
            // `č` lost its 8D; a word's first letter has only its boundary to go by, so
            // it stays marked (`�ndice` would read as `Ándice`, not `Índice`).
            ("VÃ¡s ÄekÃ¡ balÃk", "Vás \u{FFFD}eká balík"),
            // Inside a word the letters either side tell: `с` (D1 81) lost its 81, and
            // only `градусов` of `граду?ов`'s completions is Russian.
            ("Ð³Ñ€Ð°Ð´ÑƒÑÐ¾Ð²", "градусов"),
            // `ρ` lost its 81; `Δύάμα` is not far enough behind `Δράμα` to be sure.
            ("Î”ÏÎ¬Î¼Î±", "Δ\u{FFFD}άμα"),
            // Four kana lost their 81: every other completion is a rare extension A or
            // compatibility char, so the hiragana are restored.
            ("ã“ã‚“ã«ã¡ã¯", "こんにちは"),
            // Han is not told by frequency alone: `启` (E5 90 AF) lost its 90, and `可`
            // (81) is commoner; both stay marked.
            ("å¯åŠ¨ç¨‹åº1", "\u{FFFD}动程\u{FFFD}1"),
            // UTF-8 read as windows-1251 by a decoder that turned its one undefined
            // byte, 98, into U+FFFD: after the lead D1 it can only have been `ј`.
            (
                "РЈР»Р°Р· С\u{FFFD}Рµ СЃР»РѕР±РѕРґР°РЅ.",
                "Улаз је слободан.",
            ),
        ] {
            assert_eq!(fixed(bad), good, "{bad}");
        }
        // `ß` may have lost its 9F as well as `í` its AD: the language cannot tell.
        assert!(!fixed("StraÃe").contains('í'));
        // Whole sequences must outnumber drops of a lone lead byte: leet speak stays.
        for clean in [
            "MÄ£ÄM ÌÑÌ Q £ÄGÌ SÖÄ£",
            "SÃO PAULO",
            // German and Swedish capitals start words.
            "Äpfel und Ärger, Åsa och Åke",
            // `Ø` before Latin is Danish, whatever `ح` it could make.
            "Østerbro",
            "está \u{93}próximo",
            // Our own output: Ukrainian that lost chars is not KOI8-U mojibake.
            "Україн\u{FFFD}ька пі\u{FFFD}н\u{FFFD} лунала",
            // A capital before U+FFFD in correct Latin text is no lost lead.
            "NESTLÉ\u{FFFD} CONFISERIE",
            // Too few whole sequences for the drop (`č` lost its 8D), but windows-1252
            // reads `Ã¡` as `á`: no page that reads it worse takes the word (IBM850's
            // `Äekǭ`).
            "ÄekÃ¡",
        ] {
            assert_eq!(fixed(clean), clean, "{clean}");
        }
    }

    #[test]
    fn sign_extended_bytes_and_words_of_one_letter() {
        // UTF-8 bytes sign-extended into U+FF80–U+FFFF.
        assert_eq!(fixed("ￗﾑￗﾓￗﾙￗﾧￗﾔ"), "בדיקה");
        assert_eq!(fixed("The Zoￃﾫ Project"), "The Zoë Project");
        // Words of one letter read as UTF-8, and no further as Russian.
        assert_eq!(fixed("Ã¤ Ã¶ Ã¼ ÃŸ"), "ä ö ü ß");
        // A lead byte in windows-1253 or 1251 glued to a latin-1 symbol.
        assert_eq!(fixed("Het is vandaag 2 Β°C."), "Het is vandaag 2 °C.");
        assert_eq!(fixed("21 В± 1 В°C"), "21 ± 1 °C");
        for clean in [
            "ä ö ü ß",
            "ﾜﾀｼﾊﾅﾘﾀｲ",
            "TNF-α and IL2Rγc",
            "Он сказал: «Привет», — и ушёл.",
            "Πού είσαι· έλα.",
        ] {
            assert_eq!(fixed(clean), clean, "{clean}");
        }
    }

    #[test]
    fn a_reading_keeps_the_words_it_keeps_in_part() {
        // KOI8-R pages that write `«»` as box drawing (detect corpus, koi.kinder.ru and
        // susu.ac.ru): a letter and the box char are no UTF-8 of another letter.
        for good in [
            "Как и все игры серии, ╚ИСКАТЕЛЬ. Фантазер╩ станет для ребенка",
            "Колледж═≈ одно из ведущих средних учебных заведений",
        ] {
            assert_eq!(fixed(good), good);
        }
        assert!(breaks_a_word("Фантазер╩", "Фантазеһ"));
        assert!(!breaks_a_word("п÷я─п╦п╡п╣я┌", "Привет"));
        assert_eq!(fixed("Привет РјРёСЂ"), "Привет мир");
    }

    #[test]
    fn mac_and_dos_latin_shown_as_windows_1252() {
        // Municipality names of São Paulo state from a MacRoman export (the wild set).
        for (bad, good) in [
            ("S‹o Jo‹o da Boa Vista", "São João da Boa Vista"),
            ("S‹o JosŽ do Rio Preto", "São José do Rio Preto"),
            ("Ribeir‹o Preto", "Ribeirão Preto"),
            ("TaubatŽ", "Taubaté"),
            ("Mar‡o de 2020", "Março de 2020"),
            ("Fran‡ais", "Français"),
            // Beside a correct word whose letter MacRoman would make a sign.
            ("TaubatŽ e São Paulo", "Taubaté e São Paulo"),
        ] {
            assert_eq!(fixed(bad), good, "{bad}");
        }
        // Signs that quote, list or join there; a text with letters MacRoman lacks.
        for good in [
            "the “quoted”word",
            "He said „ja“und ging",
            "item•item•item",
            "one…two…three",
            "Microsoft™Windows",
            "Kosovo†Serbia",
            "price: 5‰of total",
            "Bob’s Burgers",
        ] {
            assert_eq!(fixed(good), good);
        }
    }

    #[test]
    fn latin_pages_shown_as_latin1_judged_by_the_language() {
        for (bad, good) in [
            (
                "Pøijïte ochutnat svíèkovou s knedlíkem!",
                "Přijďte ochutnat svíčkovou s knedlíkem!",
            ),
            ("Gospoða Ðurðica Šimunoviæ", "Gospođa Đurđica Šimunović"),
            (
                "Seimas antradiená priëmë naujà Darbo kodekso pataisà.",
                "Seimas antradienį priėmė naują Darbo kodekso pataisą.",
            ),
            (
                "Rz¹d zapowiada podwy¿ki p³ac w sferze bud¿etowej.",
                "Rząd zapowiada podwyżki płac w sferze budżetowej.",
            ),
            (
                "Ilýk bir rüzgâr esiyordu; aðaçlarýn yapraklarý hýþýrdýyordu.",
                "Ilık bir rüzgâr esiyordu; ağaçların yaprakları hışırdıyordu.",
            ),
            (
                "Topkapý Sarayý, Fatih, Ýstanbul",
                "Topkapı Sarayı, Fatih, İstanbul",
            ),
            (
                "Brodovi za Hvar i Braè kreæu svakog sata.",
                "Brodovi za Hvar i Brač kreću svakog sata.",
            ),
            ("îçéø äìçí òìä", "מחיר הלחם עלה"),
            // With vowel points, whose words have odd readings of their own.
            ("ùÈÑìåÉí òÂìÅéëÆí", "שָׁלוֹם עֲלֵיכֶם"),
            (
                "ÇóáúÚöáúãõ äõæÑñ æóÇáúÌóåúáõ ÙóáóÇãñ.",
                "اَلْعِلْمُ نُورٌ وَالْجَهْلُ ظَلَامٌ.",
            ),
            ("ÃÐÇÑ§! ¾×é¹Å×è¹", "ระวัง! พื้นลื่น"),
            // ...but not against the UTF-8 readings of symbols or the GBK of a name.
            ("ÔêÜ2 Ôëê 1.41421356", "√2 ≈ 1.41421356"),
            ("Ôöé   ÔööÔöÇÔöÇ lib.rs", "│   └── lib.rs"),
            ("ÕÅÎ°", "张伟"),
            ("çâ ùîç ìëì áéú éùøàì!", "חג שמח לכל בית ישראל!"),
            (
                "Urz¹d Miasta Sto³ecznego Warszawy",
                "Urząd Miasta Stołecznego Warszawy",
            ),
            // Whole-text rereadings no word shows (`latin_pages`): Hungarian's `õ` is
            // its `ő` whether a page was misread or latin-1 stood in for it.
            (
                "Ügyfélszolgálatunk hétvégén is elérhetõ.",
                "Ügyfélszolgálatunk hétvégén is elérhető.",
            ),
            (
                "Nezamìstnanost klesla na 2,8 %.",
                "Nezaměstnanost klesla na 2,8 %.",
            ),
            (
                "Sorularýnýzý bilgi@kutuphane-izmir.example.com.tr adresine gönderin.",
                "Sorularınızı bilgi@kutuphane-izmir.example.com.tr adresine gönderin.",
            ),
        ] {
            assert_eq!(fixed(bad), good, "{bad}");
        }
        for clean in [
            "Però la strada per Assisi è chiusa per lavori.",
            "Orario: lunedì–venerdì 9.00–13.00",
            "Orario: lunedì–venerdì 9.00–13.00 e 15.00–19.00",
            "Così è, se vi pare.",
            "Óveður á Suðurlandi: vegir lokaðir og flug fellt niður",
            "Les élèves très doués arrivèrent à l’école où ça sentait le café.",
            "x² + y³ = z¹",
            "¿Qué pasa? ¿Dónde estás?",
            "Add 1¼ cups of flour",
            "C O N C L U S Ã O",
            "Ayþe fór í bæinn",
            // Icelandic, which the language profiles lack.
            "Veðurstofan varar við stormi á morgun.",
            // Words in halfwidth katakana, as old Japanese systems write them.
            "ﾜﾀｼﾊﾅﾘﾀｲ",
            "南ﾆ死ﾆｻｳﾅ人ｱﾚﾊﾞ",
        ] {
            assert_eq!(fixed(clean), clean, "{clean}");
        }
    }
}
