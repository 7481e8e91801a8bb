//! The plausibility model: how much a string looks like real text in some language.
//!
//! A cost, roughly in bits: every character costs what it would cost to see it in ordinary
//! text (a Latin letter little, `¦` a lot, a C1 control more), and every adjacent pair adds
//! the cost of an unusual transition (a lowercase letter followed by an uppercase accented
//! one, two scripts meeting inside a word, a rare symbol glued to a letter). Lower is more
//! plausible. The repair search compares the cost of a span before and after a candidate
//! repair; it never asks whether the span "looks like mojibake", only which reading is the
//! more ordinary text.
//!
//! For Han and Hangul the encodings themselves give a frequency ranking for free: GB2312
//! level 1 (GBK bytes B0A1–D7F9), Big5's frequent block (A440–C67E) and JIS X 0208 level 1
//! (Shift_JIS 889F–9872) hold the few thousand characters of everyday text; KS X 1001
//! (EUC-KR B0A1–C8FE) holds the 2,350 common Hangul syllables. Finer ranks come from
//! frequency data (`tables::han`, `tables::cjk_freq`): jieba's Han ranks and word pairs,
//! shared by traditional and Japanese forms through OpenCC's variant tables, and Hangul
//! syllable ranks and pairs from Wikipedia counts.
//!
//! ```
//! use mojifix::repair::plausibility::cost;
//! assert!(cost("café") < cost("cafÃ©"));
//! assert!(cost("你好") < cost("浣犲ソ"));
//! ```

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use encoding_rs::{EncoderResult, Encoding};

use crate::tables::cjk_freq::{HAN_FOLD, HANGUL_BIGRAMS, HANGUL_RANK};
use crate::tables::han::{HAN_BIGRAMS, HAN_RANK};

/// ASCII letters and digits are the baseline.
const ASCII_ALNUM: i32 = 4;
const SPACE: i32 = 2;
const NBSP: i32 = 6;
const ASCII_PUNCT_COMMON: i32 = 5;
/// `` ` ~ ^ | \ { } < > [ ] @ # $ % & * _ + = ``
const ASCII_PUNCT_RARE: i32 = 8;
/// Accented Latin letters of Latin-1 (é, ü, ñ, ø).
const LATIN1_LOWER: i32 = 8;
const LATIN1_UPPER: i32 = 10;
/// Capitals that real text rarely has but UTF-8 mojibake is made of: Ã Â Å Ð Þ Ý Ê Ë Ï.
const LATIN1_UPPER_RARE: i32 = 13;
const LATIN1_UPPER_MOJIBAKE_LEAD: i32 = 16;
/// Latin Extended-A/B and Latin Extended Additional (Polish, Czech, Vietnamese, …).
const LATIN_EXT_LOWER: i32 = 9;
const LATIN_EXT_UPPER: i32 = 11;
/// Letters that appear in mojibake far more than in text: ƒ, ˆ-like modifier letters.
const LATIN_ODD: i32 = 15;
const LATIN_RARE: i32 = 14;
const ISOLATED_LETTER: i32 = 8;
const RARE_LETTERLIKE: i32 = 16;
const PHONETIC_EXTENSION: i32 = 30;
const IPA: i32 = 14;
const SPACING_MODIFIER: i32 = 14;
const COMBINING_MARK: i32 = 10;
const COMBINING_MARK_RARE: i32 = 18;
/// Vowel signs and points of Hebrew, Arabic, Thai and Indic scripts: everyday there.
const SCRIPT_MARK: i32 = 3;
/// Overlay marks (U+0334–U+0338) strike through any character: `$̶6̶3̶`.
const OVERLAY_MARK: i32 = 4;
/// ...but struck-through letters are rare (`t̶usis` is `tõusis` read as GBK).
const OVERLAY_ON_LETTER: i32 = 8;
/// Greek/Cyrillic/Armenian/Georgian/Hebrew/Arabic/Indic/Thai letters.
const ALPHABET_LETTER: i32 = 4;
/// Capitals of other alphabets: all-caps Cyrillic from random bytes is otherwise as cheap
/// as the CJK text those bytes really were.
const ALPHABET_CAPITAL_EXTRA: i32 = 0;
/// Cyrillic letters outside Russian/Ukrainian/Belarusian (џ ђ ѓ ќ ћ љ њ Ѕ ...): common
/// in Serbian and Macedonian, but also the bulk of UTF-8 read as windows-1251.
const CYRILLIC_RARE: i32 = 9;
const CYRILLIC_EXTENDED: i32 = 14;
/// Thai letters no longer written (`ฃ` `ฅ`).
const THAI_OBSOLETE: i32 = 14;
/// Han by frequency rank in Chinese text.
const HAN_TOP_500: i32 = 8;
const HAN_TOP_1500: i32 = 10;
const HAN_TOP_3500: i32 = 12;
const HAN_TOP_8000: i32 = 15;
/// Han outside the ranked list, by legacy-encoding tier.
const HAN_TIER1: i32 = 12;
const HAN_TIER2: i32 = 16;
const HAN_TIER3: i32 = 19;
/// Two Han characters that make a known word: real Chinese, not random byte pairs.
const HAN_WORD_BONUS: i32 = 5;
/// A Han character between two others that forms a word with neither: random byte
/// pairs read as GBK look like this.
const HAN_NO_WORD: i32 = 3;
/// CJK Extension A and compatibility ideographs.
const HAN_RARE: i32 = 19;
const KANA: i32 = 7;
const BOPOMOFO: i32 = 14;
/// Halfwidth katakana: legacy, and a large share of UTF-8 read as Shift_JIS.
const HALFWIDTH_KANA: i32 = 15;
/// Taken off each halfwidth katakana from the third of a run on.
const HALFWIDTH_RUN_BONUS: i32 = 8;
/// Taken off a halfwidth sound mark on a kana that takes it, or a long-vowel mark after
/// a kana.
const HALFWIDTH_SPELLING_BONUS: i32 = 12;
/// Hangul by frequency rank in Korean text (Wikipedia counts)...
const HANGUL_TOP_300: i32 = 8;
const HANGUL_TOP_1000: i32 = 9;
/// ...then the rest of KS X 1001's 2,350 syllables: real, but most of them are what
/// Chinese or Japanese bytes read as EUC-KR look like (`맒뷔위멜뒝`).
const HANGUL_COMMON: i32 = 12;
const HANGUL_RARE: i32 = 18;
/// Two Hangul syllables that Korean text often shows side by side...
const HANGUL_WORD_BONUS: i32 = 3;
/// ...and a syllable inside a Hangul run that pairs with neither neighbour: a quarter of
/// real Korean syllables, nearly every one of Chinese or Japanese bytes read as EUC-KR.
const HANGUL_NO_WORD: i32 = 3;
const HANGUL_JAMO: i32 = 15;
/// Taken off a compatibility jamo that repeats the one before: chat's laughter and
/// tears (`ㅋㅋㅋ`, `ㅠㅠ`). (Jamo alone are also what EUC-KR's row A4 makes of the
/// hiragana EUC-JP and GBK keep there.)
const REPEATED_JAMO_BONUS: i32 = 10;
const CJK_PUNCT: i32 = 7;
const FULLWIDTH_PUNCT: i32 = 8;
const FULLWIDTH_ALNUM: i32 = 8;
const DASH_QUOTE: i32 = 7;
const GENERAL_PUNCT_OTHER: i32 = 12;
const INVISIBLE_FORMAT: i32 = 14;
const CURRENCY: i32 = 10;
const LATIN1_SYMBOL_COMMON: i32 = 10;
const LATIN1_SYMBOL_RARE: i32 = 16;
const SECTION_SIGN: i32 = 8;
const SYMBOL: i32 = 12;
const BOX_DRAWING: i32 = 16;
const EMOJI: i32 = 10;
const PRIVATE_USE: i32 = 20;
const CONTROL: i32 = 20;
const C1_CONTROL: i32 = 22;
const REPLACEMENT_CHAR: i32 = 18;
const NONCHARACTER: i32 = 24;
const UNASSIGNED: i32 = 24;
const OTHER: i32 = 13;

/// Two scripts meeting inside a word: `MÜLLER` read as GBK gives `M躄LER`.
const SCRIPT_SWITCH_IN_WORD: i32 = 12;
/// Han next to Latin inside a token is common in real CJK text (`iPhone手机`).
const CJK_LATIN_SWITCH: i32 = 10;
/// Greek letters inside Latin words are scientific notation (`IL2Rγc`, `TNF-α`).
const GREEK_IN_LATIN: i32 = 3;
/// A lowercase letter followed by an uppercase one inside a word, both ASCII (`iPhone`).
const CAMEL_CASE_ASCII: i32 = 3;
/// The same with a non-ASCII letter: `cafÃ`, `Ð¡Ñ€`.
const CASE_SWITCH_NON_ASCII: i32 = 10;
/// A lowercase letter after two capitals, one of them non-ASCII (`NESTLɮ`, `ÄÆdomu`);
/// `PDFs` is ASCII.
const LOWER_AFTER_CAPITALS: i32 = 8;
/// A Greek or Cyrillic letter glued before a latin-1 symbol: `Β°`, `В±`.
const FOREIGN_LETTER_BEFORE_LATIN1_SYMBOL: i32 = 10;
/// Punctuation other than apostrophes and dashes between two letters of a word.
const PUNCT_INSIDE_WORD: i32 = 12;
/// A rare symbol glued to a letter: `Ã©`, `Â°`, `¦Á`.
const SYMBOL_IN_WORD: i32 = 5;
/// A digit glued to a letter of an alphabet that does not write digits that way
/// (`3ף25`); CJK and Hangul do (`2024年`, `3월`).
const DIGIT_LETTER_FOREIGN: i32 = 6;
/// CJK punctuation or fullwidth forms glued to an ASCII letter (`【LTIMOS`).
const CJK_PUNCT_BY_ASCII_LETTER: i32 = 6;
/// Kana glued to a Han character Japanese cannot write (none of JIS X 0208's): EUC-JP
/// read as GBK keeps the kana and turns the kanji into simplified Chinese
/// (`お勉を倾った` for `お茶を買った`).
const KANA_BY_HAN_OUTSIDE_JIS: i32 = 12;
/// A repeated odd character costs its first occurrence, not every one.
const REPEATED_SYMBOL: i32 = -12;
const SAME_LETTER_AGAIN: i32 = 6;
const ACCENT_RUN: i32 = 3;
/// Box drawing inside a word (`CU╔NTENOS` is latin-1 read as IBM437): drawings touch
/// spaces and each other, not letters.
const DRAWING_IN_WORD: i32 = 5;
/// A combining mark after something that is not a letter.
const STRAY_MARK: i32 = 10;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Letter,
    Mark,
    Digit,
    Space,
    Punct,
    Symbol,
    Control,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Script {
    Common,
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Hebrew,
    Arabic,
    Indic,
    Thai,
    Georgian,
    Hangul,
    /// Han, kana and bopomofo together: Japanese mixes them inside one word.
    Cjk,
    Other,
}

/// What the model knows about one character.
#[derive(Clone, Copy, Debug)]
pub struct CharInfo {
    pub cost: i32,
    pub kind: Kind,
    pub script: Script,
    pub upper: bool,
    pub lower: bool,
    pub ascii: bool,
    pub ch: char,
}

impl CharInfo {
    fn new(cost: i32, kind: Kind, script: Script) -> CharInfo {
        CharInfo {
            cost,
            kind,
            script,
            upper: false,
            lower: false,
            ascii: false,
            ch: '\0',
        }
    }
}

/// Total cost of `text`: character costs plus transition costs.
pub fn cost(text: &str) -> i32 {
    let mut total = 0;
    let mut previous: Option<CharInfo> = None;
    let mut before_previous: Option<CharInfo> = None;
    let mut capitals_in_a_row = 0;
    let mut non_ascii_capital_in_run = false;
    let mut previous_char = '\0';
    let mut same_letter_run = 0;
    let mut accent_run = 0;
    let mut halfwidth_run = 0;
    for c in text.chars() {
        let info = classify(c);
        total += info.cost;
        // Halfwidth katakana writing a word (`ﾜﾀｼﾊﾅﾘﾀｲ`, as old Japanese systems do):
        // UTF-8 read as Shift_JIS leaves them one or two at a time between kanji
        // (`縺薙ｓ縺ｫ`), so a longer run reads as text, not as mojibake.
        if ('\u{FF66}'..='\u{FF9F}').contains(&c) {
            halfwidth_run += 1;
            if halfwidth_run >= 3 {
                total -= HALFWIDTH_RUN_BONUS;
            }
            // Sound marks on the kana that take them, and the long-vowel mark after kana
            // (`ﾃﾞｰﾀ`, `ｽｽﾞｷ`): how halfwidth text spells, which bytes of another page
            // seldom happen to (`棉袄` is no reading of it).
            let voiced = match c {
                '\u{FF9E}' => {
                    matches!(previous_char, '\u{FF73}' | '\u{FF76}'..='\u{FF84}' | '\u{FF8A}'..='\u{FF8E}')
                }
                '\u{FF9F}' => matches!(previous_char, '\u{FF8A}'..='\u{FF8E}'),
                '\u{FF70}' => {
                    matches!(previous_char, '\u{FF66}'..='\u{FF6F}' | '\u{FF71}'..='\u{FF9D}')
                }
                _ => false,
            };
            if voiced {
                total -= HALFWIDTH_SPELLING_BONUS;
            }
        } else {
            halfwidth_run = 0;
        }
        if info.script == Script::Cjk && is_han_bigram(previous_char, c) {
            total -= HAN_WORD_BONUS;
        }
        if info.script == Script::Hangul && is_hangul_bigram(previous_char, c) {
            total -= HANGUL_WORD_BONUS;
        }
        // Three or more accented Latin letters in a row are rare (`îðäàí` is Bulgarian
        // read as latin-1); Polish `żółć` pays a little.
        if info.kind == Kind::Letter && info.script == Script::Latin && !info.ascii {
            accent_run += 1;
            if accent_run >= 3 {
                total += ACCENT_RUN;
            }
        } else {
            accent_run = 0;
        }
        if c == previous_char && ('\u{3131}'..='\u{318E}').contains(&c) {
            total -= REPEATED_JAMO_BONUS;
        }
        // The same letter three times running is rare in any language (`ддддд`).
        if c == previous_char && info.kind == Kind::Letter && info.script != Script::Cjk {
            same_letter_run += 1;
            if same_letter_run >= 2 {
                total += SAME_LETTER_AGAIN;
            }
        } else {
            same_letter_run = 0;
        }
        previous_char = c;
        // Quote marks, daggers and bullets sit between words, never inside one
        // (`S‹o Jo‹o` is MacRoman `São João` shown as windows-1252); apostrophes,
        // dashes and the middle dot (`l·l`) do.
        if info.kind == Kind::Letter
            && previous.is_some_and(|p| p.kind == Kind::Punct && !p.ascii && !joins_words(p.ch))
            && before_previous.is_some_and(|b: CharInfo| b.kind == Kind::Letter)
        {
            total += PUNCT_INSIDE_WORD;
        }
        // A soft hyphen between lowercase letters is a hyphenation point (`Hel­sin­ki`,
        // scraped from HTML's `&shy;`): no UTF-8 read as a Latin page leaves one there
        // (`í` is `Ã` and a soft hyphen), so it costs nothing.
        if info.kind == Kind::Letter
            && info.lower
            && let (Some(hyphen), Some(letter)) = (previous, before_previous)
            && hyphen.ch == '\u{AD}'
            && letter.kind == Kind::Letter
            && letter.lower
        {
            total -= hyphen.cost + transition(&letter, &hyphen) + transition(&hyphen, &info);
        }
        before_previous = previous;
        if let Some(prev) = previous {
            total += transition(&prev, &info);
        } else if info.kind == Kind::Mark {
            total += STRAY_MARK;
        }
        if info.lower && capitals_in_a_row >= 2 && (!info.ascii || non_ascii_capital_in_run) {
            total += LOWER_AFTER_CAPITALS;
        }
        if info.upper {
            capitals_in_a_row += 1;
            non_ascii_capital_in_run |= !info.ascii;
        } else {
            capitals_in_a_row = 0;
            non_ascii_capital_in_run = false;
        }
        previous = Some(info);
    }
    total
        + without_words(text, is_han, is_han_bigram, HAN_NO_WORD)
        + without_words(text, is_hangul, is_hangul_bigram, HANGUL_NO_WORD)
        + isolated_letters(text)
}

/// Punctuation that writers put inside words: apostrophes, hyphens and dashes, the
/// middle dot (Catalan `l·l`), the hyphenation point.
fn joins_words(c: char) -> bool {
    matches!(
        c,
        '\u{2018}' | '\u{2019}' | '\u{2010}'..='\u{2015}' | '·' | '\u{2027}' | '\u{2E31}'
    )
}

/// Alphabets with no one-letter words: a lone Hebrew, Arabic, Armenian, Georgian, Thai
/// or Indic letter between non-letters (`“ה”`, `Յ`) is a byte pair read as UTF-8.
/// (Latin, Greek and Cyrillic have one-letter words; CJK characters stand alone.)
fn isolated_letters(text: &str) -> i32 {
    let mut extra = 0;
    let mut previous: Option<CharInfo> = None;
    let mut chars = text.chars().map(classify).peekable();
    while let Some(info) = chars.next() {
        let lone_script = matches!(
            info.script,
            Script::Hebrew
                | Script::Arabic
                | Script::Armenian
                | Script::Georgian
                | Script::Thai
                | Script::Indic
                | Script::Other
        );
        if info.kind == Kind::Letter && lone_script {
            // A letter before a full stop is an abbreviation (`د.إ`), not a lone letter.
            let joined = |x: &CharInfo| matches!(x.kind, Kind::Letter | Kind::Mark) || x.ch == '.';
            let left = previous.as_ref().is_some_and(joined);
            let right = chars.peek().is_some_and(joined);
            if !left && !right {
                extra += ISOLATED_LETTER;
            }
        }
        previous = Some(info);
    }
    extra
}

pub(super) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF)
}

pub(super) fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7A3)
}

/// `penalty` for each char of a run of `member`s (Han, Hangul syllables) that forms a
/// known pair (`word`) with neither neighbour.
fn without_words(
    text: &str,
    member: fn(char) -> bool,
    word: fn(char, char) -> bool,
    penalty: i32,
) -> i32 {
    if !text.chars().any(member) {
        return 0;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut extra = 0;
    for i in 0..chars.len() {
        if !member(chars[i]) {
            continue;
        }
        let left = i > 0 && member(chars[i - 1]);
        let right = i + 1 < chars.len() && member(chars[i + 1]);
        if !(left || right) {
            continue;
        }
        let word_left = left && word(chars[i - 1], chars[i]);
        let word_right = right && word(chars[i], chars[i + 1]);
        if !word_left && !word_right {
            extra += penalty;
        }
    }
    extra
}

/// Cost of an adjacent pair beyond the two characters' own costs.
pub fn transition(a: &CharInfo, b: &CharInfo) -> i32 {
    let mut extra = 0;
    if a.kind == Kind::Letter && b.kind == Kind::Letter {
        // A lowercase letter followed by a capital of another script inside a word
        // (`NezamΔ›` is Czech read as windows-1253).
        if a.lower && b.upper && a.script != b.script && !b.ascii {
            extra += CASE_SWITCH_NON_ASCII;
        }
        if a.script != b.script && a.script != Script::Common && b.script != Script::Common {
            let pair = (a.script, b.script);
            extra += match pair {
                (Script::Cjk, Script::Hangul) | (Script::Hangul, Script::Cjk) => CJK_LATIN_SWITCH,
                (Script::Cjk, Script::Latin) | (Script::Latin, Script::Cjk) => CJK_LATIN_SWITCH,
                // (Not right after a lowercase Latin letter: `Thιβtre` is `Théâtre`
                // shown in a Greek page, where notation has a capital or digit before.)
                (Script::Latin, Script::Greek) if a.lower && b.lower => SCRIPT_SWITCH_IN_WORD,
                (Script::Greek, Script::Latin) | (Script::Latin, Script::Greek) => GREEK_IN_LATIN,
                _ => SCRIPT_SWITCH_IN_WORD,
            };
        } else if a.lower && b.upper {
            extra += if a.ascii && b.ascii {
                CAMEL_CASE_ASCII
            } else {
                CASE_SWITCH_NON_ASCII
            };
        }
    }
    // Symbols (math, arrows, box drawing) glued to letters are odd; so are rare marks.
    let weird = |x: &CharInfo| match x.kind {
        Kind::Symbol | Kind::Control => x.cost >= SYMBOL,
        Kind::Punct => x.cost >= LATIN1_SYMBOL_RARE,
        _ => false,
    };
    if (a.kind == Kind::Letter && weird(b)) || (weird(a) && b.kind == Kind::Letter) {
        extra += SYMBOL_IN_WORD;
    }
    let drawing = |x: &CharInfo| matches!(x.ch as u32, 0x2500..=0x259F);
    if (a.kind == Kind::Letter && drawing(b)) || (drawing(a) && b.kind == Kind::Letter) {
        extra += DRAWING_IN_WORD;
    }
    let digit_foreign = |d: &CharInfo, l: &CharInfo| {
        d.kind == Kind::Digit
            && d.ascii
            && l.kind == Kind::Letter
            && !matches!(
                l.script,
                Script::Latin | Script::Common | Script::Cjk | Script::Hangul | Script::Greek
            )
    };
    if digit_foreign(a, b) || digit_foreign(b, a) {
        extra += DIGIT_LETTER_FOREIGN;
    }
    // (The ideographic space too: `¡¡Hola` is no `\u{3000}Hola` read as GBK.)
    let cjk_punct =
        |x: &CharInfo| (x.kind == Kind::Punct && x.script == Script::Cjk) || x.ch == '\u{3000}';
    let ascii_letter = |x: &CharInfo| x.kind == Kind::Letter && x.ascii;
    if (cjk_punct(a) && ascii_letter(b)) || (ascii_letter(a) && cjk_punct(b)) {
        extra += CJK_PUNCT_BY_ASCII_LETTER;
    }
    if (is_kana(a.ch) && han_outside_jis(b.ch)) || (is_kana(b.ch) && han_outside_jis(a.ch)) {
        extra += KANA_BY_HAN_OUTSIDE_JIS;
    }
    // The same odd character again is typography or drawing (`´´` as closing quotes,
    // `────` in a table); different drawing characters in a row are not
    // (`╪º╪▒` is UTF-8 read as IBM437).
    if a.ch == b.ch && matches!(a.kind, Kind::Symbol | Kind::Punct) && a.cost >= SYMBOL {
        extra += REPEATED_SYMBOL;
    }
    // A Greek or Cyrillic letter right before a latin-1 symbol (`Β°C`, `В±`): what a
    // UTF-8 lead byte and a continuation byte become in windows-1253 or 1251. (Not
    // `«»`, `·` or `¨`, which Russian and Greek text write after words.)
    if a.kind == Kind::Letter
        && matches!(a.script, Script::Greek | Script::Cyrillic)
        && matches!(b.ch as u32, 0xA2..=0xBF)
        && !matches!(b.ch, '«' | '»' | '·' | '¨')
    {
        extra += FOREIGN_LETTER_BEFORE_LATIN1_SYMBOL;
    }
    // A mark belongs after a letter, and a script's own marks after that script's letters.
    if a.kind == Kind::Letter && matches!(b.ch as u32, 0x0334..=0x0338) {
        extra += OVERLAY_ON_LETTER;
    }
    // (Common marks such as U+0336 also strike through digits and symbols: `$̶6̶3̶`.)
    // The combining diacritics of U+0300–U+036F are written on Latin, Greek and Cyrillic
    // letters (and IPA); on Thai, Arabic, Hebrew, Indic or CJK letters they are stray
    // (`ย͔`: TIS-620 `อ` and a windows-1252 quote read as UTF-8).
    let diacritic_on_other_script = matches!(b.ch as u32, 0x0300..=0x036F)
        && a.kind == Kind::Letter
        && !matches!(
            a.script,
            Script::Latin | Script::Greek | Script::Cyrillic | Script::Common
        );
    let foreign_mark =
        (b.script != Script::Common && a.script != b.script) || diacritic_on_other_script;
    if b.kind == Kind::Mark && (matches!(a.kind, Kind::Space | Kind::Control) || foreign_mark) {
        extra += STRAY_MARK;
    }
    extra
}

/// The model's view of one character.
#[inline]
pub fn classify(c: char) -> CharInfo {
    let cp = c as u32;
    // `classify_inner` is a pure function of the char: its result for the BMP is memoized
    // (packed into a `u32`, computed on first use), which spares the `char::is_alphabetic`
    // lookups and the encoders of `han_cost`/`hangul_cost` on every later call. (Only this
    // lookup is inlined into the callers: `cost` classifies every char it reads.)
    if cp < 0x10000 {
        let packed = CLASSIFY_MEMO[cp as usize].load(Ordering::Relaxed);
        if packed != 0 {
            return unpack_info(packed, c);
        }
    }
    classify_unknown(c)
}

/// `classify` outside its memo: a char beyond the BMP, or one not looked up before.
#[inline(never)]
fn classify_unknown(c: char) -> CharInfo {
    let cp = c as u32;
    if cp >= 0x10000 {
        let mut info = classify_inner(c);
        info.ch = c;
        return info;
    }
    let slot = &CLASSIFY_MEMO[cp as usize];
    let mut info = classify_inner(c);
    info.ch = c;
    if let Some(packed) = pack_info(&info) {
        slot.store(packed, Ordering::Relaxed);
    }
    info
}

/// `classify_inner` of every BMP char seen so far, packed; 0 = not computed yet.
static CLASSIFY_MEMO: [AtomicU32; 0x10000] = [const { AtomicU32::new(0) }; 0x10000];

const KINDS: [Kind; 7] = [
    Kind::Letter,
    Kind::Mark,
    Kind::Digit,
    Kind::Space,
    Kind::Punct,
    Kind::Symbol,
    Kind::Control,
];
const SCRIPTS: [Script; 13] = [
    Script::Common,
    Script::Latin,
    Script::Greek,
    Script::Cyrillic,
    Script::Armenian,
    Script::Hebrew,
    Script::Arabic,
    Script::Indic,
    Script::Thai,
    Script::Georgian,
    Script::Hangul,
    Script::Cjk,
    Script::Other,
];
const MEMO_VALID: u32 = 1 << 31;

/// Bits 0–7 cost, 8–10 kind, 11–14 script, 15 upper, 16 lower, 17 ascii, 31 valid.
/// `None` for a cost that does not fit (then the char is not memoized).
fn pack_info(info: &CharInfo) -> Option<u32> {
    let cost = u8::try_from(info.cost).ok()?;
    let kind = KINDS.iter().position(|&k| k == info.kind)? as u32;
    let script = SCRIPTS.iter().position(|&s| s == info.script)? as u32;
    Some(
        MEMO_VALID
            | u32::from(cost)
            | kind << 8
            | script << 11
            | u32::from(info.upper) << 15
            | u32::from(info.lower) << 16
            | u32::from(info.ascii) << 17,
    )
}

#[inline]
fn unpack_info(packed: u32, c: char) -> CharInfo {
    CharInfo {
        cost: (packed & 0xFF) as i32,
        kind: KINDS[((packed >> 8) & 0x7) as usize],
        script: SCRIPTS[((packed >> 11) & 0xF) as usize],
        upper: packed & (1 << 15) != 0,
        lower: packed & (1 << 16) != 0,
        ascii: packed & (1 << 17) != 0,
        ch: c,
    }
}

fn classify_inner(c: char) -> CharInfo {
    let cp = c as u32;
    if cp < 0x80 {
        return classify_ascii(c);
    }
    if cp < 0x100 {
        return classify_latin1(c);
    }
    // A code point Unicode has not assigned is in no text (`Ν` `Έ` read as one piece
    // of UTF-8 give U+0378).
    if unicode_general_category::get_general_category(c)
        == unicode_general_category::GeneralCategory::Unassigned
    {
        return CharInfo::new(UNASSIGNED, Kind::Symbol, Script::Other);
    }
    let letter = |cost: i32, script: Script| {
        let mut info = CharInfo::new(cost, Kind::Letter, script);
        info.upper = c.is_uppercase();
        info.lower = c.is_lowercase();
        info
    };
    match cp {
        0x0100..=0x024F => {
            if cp == 0x0192 {
                // ƒ: windows-1252 0x83, almost only ever seen in mojibake.
                return letter(LATIN_ODD, Script::Latin);
            }
            if is_rare_latin(cp) {
                return letter(LATIN_RARE, Script::Latin);
            }
            let info = letter(0, Script::Latin);
            letter(
                if info.upper {
                    LATIN_EXT_UPPER
                } else {
                    LATIN_EXT_LOWER
                },
                Script::Latin,
            )
        }
        0x0250..=0x02AF => letter(IPA, Script::Latin),
        // ˈ ˌ ː (IPA length and stress) are letters; ˆ ˇ ˘ ˙ ˚ ˛ ˜ ˝ are accents on their own.
        0x02B0..=0x02FF => {
            let kind = if matches!(cp, 0x02C6..=0x02C7 | 0x02D8..=0x02DD) {
                Kind::Symbol
            } else {
                Kind::Letter
            };
            CharInfo::new(SPACING_MODIFIER, kind, Script::Common)
        }
        0x0334..=0x0338 => CharInfo::new(OVERLAY_MARK, Kind::Mark, Script::Common),
        // Marks of U+0339–U+036F beyond the IPA ties are for phonetics and medieval
        // texts; in everyday text they are UTF-8 read in pieces (`PÍŠU` is no `P͊U`).
        0x0339..=0x035B | 0x0363..=0x036F => {
            CharInfo::new(COMBINING_MARK_RARE, Kind::Mark, Script::Common)
        }
        0x0300..=0x036F => CharInfo::new(COMBINING_MARK, Kind::Mark, Script::Common),
        0x0370..=0x03FF => {
            if c.is_alphabetic() {
                let capital = if c.is_uppercase() {
                    ALPHABET_CAPITAL_EXTRA
                } else {
                    0
                };
                letter(ALPHABET_LETTER + capital, Script::Greek)
            } else {
                CharInfo::new(SYMBOL, Kind::Punct, Script::Greek)
            }
        }
        0x0400..=0x045F => {
            let russian = matches!(cp, 0x0410..=0x044F | 0x0401 | 0x0451)
                // Ukrainian and Belarusian: і ї є ў and capitals.
                || matches!(cp, 0x0404 | 0x0406 | 0x0407 | 0x040E | 0x0454 | 0x0456 | 0x0457 | 0x045E);
            let capital = if c.is_uppercase() {
                ALPHABET_CAPITAL_EXTRA
            } else {
                0
            };
            letter(
                if russian {
                    ALPHABET_LETTER + capital
                } else {
                    CYRILLIC_RARE
                },
                Script::Cyrillic,
            )
        }
        0x0490..=0x0491 => letter(ALPHABET_LETTER, Script::Cyrillic),
        0x0460..=0x052F => letter(CYRILLIC_EXTENDED, Script::Cyrillic),
        0x0530..=0x058F => alphabet(c, Script::Armenian),
        // Hebrew's maqaf, geresh and gershayim (`ר׳`, `צה״ל`), Arabic's comma,
        // semicolon, question mark and Urdu's full stop (`المعارف،`): their scripts'
        // everyday punctuation, written against the word before.
        0x05BE | 0x05F3 | 0x05F4 => CharInfo::new(ASCII_PUNCT_COMMON, Kind::Punct, Script::Hebrew),
        0x060C | 0x061B | 0x061F | 0x06D4 => {
            CharInfo::new(ASCII_PUNCT_COMMON, Kind::Punct, Script::Arabic)
        }
        0x0591..=0x05C7 => CharInfo::new(SCRIPT_MARK, Kind::Mark, Script::Hebrew),
        0x05C8..=0x05FF => alphabet(c, Script::Hebrew),
        0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED => {
            CharInfo::new(SCRIPT_MARK, Kind::Mark, Script::Arabic)
        }
        0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDCF | 0xFDF0..=0xFDFF | 0xFE70..=0xFEFE => {
            alphabet(c, Script::Arabic)
        }
        0x0900..=0x0DFF => {
            if c.is_alphabetic() && !is_indic_mark(cp) {
                letter(ALPHABET_LETTER, Script::Indic)
            } else if c.is_numeric() {
                CharInfo::new(ALPHABET_LETTER, Kind::Digit, Script::Indic)
            } else {
                CharInfo::new(SCRIPT_MARK, Kind::Mark, Script::Indic)
            }
        }
        0x0E00..=0x0EFF => {
            if matches!(cp, 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x0EB1 | 0x0EB4..=0x0EBC | 0x0EC8..=0x0ECD)
            {
                CharInfo::new(SCRIPT_MARK, Kind::Mark, Script::Thai)
            } else if matches!(cp, 0x0E03 | 0x0E05) {
                // `ฃ` `ฅ`, obsolete since the 1940s: all but absent from text, but what
                // UTF-8's continuation bytes A3 and A5 are in windows-874 (`ÃÂ£` is `£`
                // that lost a byte, not `รยฃ`).
                letter(THAI_OBSOLETE, Script::Thai)
            } else {
                alphabet(c, Script::Thai)
            }
        }
        0x10A0..=0x10FF | 0x2D00..=0x2D2F => alphabet(c, Script::Georgian),
        0x1100..=0x11FF | 0x3130..=0x318F => {
            CharInfo::new(HANGUL_JAMO, Kind::Letter, Script::Hangul)
        }
        // Phonetic extensions (ᴴ ᵃ): small print of phonetics, all but absent elsewhere.
        0x1D00..=0x1DBF => letter(PHONETIC_EXTENSION, Script::Latin),
        0x1E00..=0x1EFF => {
            let info = letter(0, Script::Latin);
            letter(
                if info.upper {
                    LATIN_EXT_UPPER
                } else {
                    LATIN_EXT_LOWER
                },
                Script::Latin,
            )
        }
        0x1F00..=0x1FFF => letter(ALPHABET_LETTER + 2, Script::Greek),
        0x2000..=0x206F => classify_general_punctuation(cp),
        0x20A0..=0x20CF => CharInfo::new(CURRENCY, Kind::Symbol, Script::Common),
        0x2100..=0x214F => {
            // № and ™ are everyday; the rest of letterlike symbols less so.
            let cost = if matches!(cp, 0x2116 | 0x2122) {
                LATIN1_SYMBOL_COMMON
            } else {
                SYMBOL
            };
            CharInfo::new(cost, Kind::Symbol, Script::Common)
        }
        // Enclosed alphanumerics (ⓓ ①): decorative, rare.
        0x2460..=0x24FF => CharInfo::new(RARE_LETTERLIKE, Kind::Symbol, Script::Common),
        0x2500..=0x259F => CharInfo::new(BOX_DRAWING, Kind::Symbol, Script::Common),
        0x2150..=0x2BFF => CharInfo::new(SYMBOL, Kind::Symbol, Script::Common),
        0x3000..=0x303F => {
            if cp == 0x3000 {
                CharInfo::new(SPACE, Kind::Space, Script::Common)
            } else {
                CharInfo::new(CJK_PUNCT, Kind::Punct, Script::Cjk)
            }
        }
        0x3040..=0x30FF | 0x31F0..=0x31FF => letter(KANA, Script::Cjk),
        0x3100..=0x312F | 0x31A0..=0x31BF => letter(BOPOMOFO, Script::Cjk),
        0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF => letter(HAN_RARE, Script::Cjk),
        0x4E00..=0x9FFF => letter(han_cost(c), Script::Cjk),
        0xAC00..=0xD7A3 => letter(hangul_cost(c), Script::Hangul),
        0xE000..=0xF8FF | 0xF0000..=0x10FFFF => {
            CharInfo::new(PRIVATE_USE, Kind::Symbol, Script::Common)
        }
        0xFE00..=0xFE0F => CharInfo::new(2, Kind::Mark, Script::Common),
        0xFF01..=0xFF5E => {
            let narrow = char::from_u32(cp - 0xFEE0).unwrap_or('?');
            if narrow.is_ascii_alphanumeric() {
                let mut info = letter(FULLWIDTH_ALNUM, Script::Common);
                info.kind = if narrow.is_ascii_digit() {
                    Kind::Digit
                } else {
                    Kind::Letter
                };
                info
            } else {
                CharInfo::new(FULLWIDTH_PUNCT, Kind::Punct, Script::Cjk)
            }
        }
        0xFF61..=0xFF64 => CharInfo::new(HALFWIDTH_KANA, Kind::Punct, Script::Cjk),
        0xFF65..=0xFF9F => letter(HALFWIDTH_KANA, Script::Cjk),
        // Halfwidth Hangul letters: legacy too, and what UTF-8 lead bytes become when
        // sign-extended (`ￃﾫ` is `ë`).
        0xFFA0..=0xFFDC => letter(HALFWIDTH_KANA, Script::Hangul),
        0xFFFD => CharInfo::new(REPLACEMENT_CHAR, Kind::Symbol, Script::Common),
        0xFDD0..=0xFDEF | 0xFFFE..=0xFFFF => {
            CharInfo::new(NONCHARACTER, Kind::Control, Script::Common)
        }
        0x1F000..=0x1FAFF => CharInfo::new(EMOJI, Kind::Symbol, Script::Common),
        0xE0000..=0xE007F => CharInfo::new(INVISIBLE_FORMAT, Kind::Mark, Script::Common),
        _ => {
            if c.is_alphabetic() {
                letter(ALPHABET_LETTER, Script::Other)
            } else {
                CharInfo::new(OTHER, Kind::Symbol, Script::Common)
            }
        }
    }
}

/// Latin Extended-A/B letters of small orthographies (Esperanto ĉ ĝ ĥ ĵ ŝ ŭ, Maltese ċ ġ
/// ħ, Sami ŧ ŋ, archaic ſ ĸ ŀ ŉ ŗ) and most of Extended-B beyond the Romanian and
/// Pinyin letters: real but rare, and frequent in mojibake.
fn is_rare_latin(cp: u32) -> bool {
    matches!(
        cp,
        0x0108..=0x010B
            | 0x011C..=0x011D
            | 0x0120..=0x0121
            | 0x0124..=0x0127
            | 0x0128..=0x0129
            | 0x012C..=0x012D
            | 0x0134..=0x0135
            | 0x0138
            | 0x013F..=0x0140
            | 0x0149..=0x014B
            | 0x014E..=0x014F
            | 0x0156..=0x0157
            | 0x015C..=0x015D
            | 0x0166..=0x0167
            | 0x016C..=0x016D
            | 0x017F
            // Extended-B, except Vietnamese Ơ ơ Ư ư and the Pinyin vowels with caron
            // or diaeresis (U+01CD–U+01DC); Sami ǧ ǩ ǯ and Livonian ǫ ǭ are as rare as
            // the rest, and UTF-8 of `Ã¡` read as IBM850 is `ǭ`.
            | 0x0180..=0x019F
            | 0x01A2..=0x01AE
            | 0x01B1..=0x01CC
            | 0x01DD..=0x0217
            | 0x021C..=0x024F
    )
}

fn alphabet(c: char, script: Script) -> CharInfo {
    if c.is_alphabetic() {
        let mut info = CharInfo::new(ALPHABET_LETTER, Kind::Letter, script);
        info.upper = c.is_uppercase();
        if info.upper {
            info.cost += ALPHABET_CAPITAL_EXTRA;
        }
        info.lower = c.is_lowercase();
        info
    } else if c.is_numeric() {
        CharInfo::new(ALPHABET_LETTER, Kind::Digit, script)
    } else {
        CharInfo::new(SYMBOL, Kind::Punct, script)
    }
}

/// Indic vowel signs and viramas: alphabetic in Unicode, but they attach like marks.
fn is_indic_mark(cp: u32) -> bool {
    let offset = cp & 0x7F;
    matches!(offset, 0x00..=0x03 | 0x3A..=0x4F | 0x51..=0x57 | 0x62..=0x63)
}

fn classify_ascii(c: char) -> CharInfo {
    if c.is_ascii_alphabetic() {
        let mut info = CharInfo::new(ASCII_ALNUM, Kind::Letter, Script::Latin);
        info.upper = c.is_ascii_uppercase();
        info.lower = c.is_ascii_lowercase();
        info.ascii = true;
        return info;
    }
    let mut info = if c.is_ascii_digit() {
        CharInfo::new(ASCII_ALNUM, Kind::Digit, Script::Common)
    } else if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
        CharInfo::new(SPACE, Kind::Space, Script::Common)
    } else if c.is_ascii_control() {
        CharInfo::new(CONTROL, Kind::Control, Script::Common)
    } else if ".,;:!?'\"-()/".contains(c) {
        CharInfo::new(ASCII_PUNCT_COMMON, Kind::Punct, Script::Common)
    } else {
        CharInfo::new(ASCII_PUNCT_RARE, Kind::Punct, Script::Common)
    };
    info.ascii = true;
    info
}

fn classify_latin1(c: char) -> CharInfo {
    let cp = c as u32;
    match cp {
        0x80..=0x9F => CharInfo::new(C1_CONTROL, Kind::Control, Script::Common),
        // NBSP: a space, common in French typography and web text.
        0xA0 => CharInfo::new(NBSP, Kind::Space, Script::Common),
        0xAD => CharInfo::new(LATIN1_SYMBOL_RARE, Kind::Control, Script::Common),
        0xAA | 0xBA => {
            let mut info = CharInfo::new(LATIN1_SYMBOL_RARE - 2, Kind::Letter, Script::Latin);
            info.lower = true;
            info
        }
        // µ: the micro sign of µg and µF, written with Latin letters.
        0xB5 => {
            let mut info = CharInfo::new(LATIN1_SYMBOL_COMMON + 2, Kind::Letter, Script::Common);
            info.lower = true;
            info
        }
        0xA1..=0xBF | 0xD7 | 0xF7 => {
            let cost = match cp {
                // ¦ ¨ ¯ ´ ¸ ¤ ¬: accents and signs that stand alone almost only in mojibake.
                0xA4 | 0xA6 | 0xA8 | 0xAC | 0xAF | 0xB4 | 0xB8 => LATIN1_SYMBOL_RARE,
                // ¹ ¶ ¼ ¾ ³ ¿-less: uncommon but real.
                0xB9 | 0xB6 | 0xBC | 0xBE | 0xB3 => LATIN1_SYMBOL_COMMON + 3,
                0xA2 | 0xA3 | 0xA5 => CURRENCY,
                // §: everyday in legal and German text (`§§ 12–15`).
                0xA7 => SECTION_SIGN,
                0xAB | 0xBB => DASH_QUOTE + 1,
                _ => LATIN1_SYMBOL_COMMON,
            };
            let kind = if matches!(cp, 0xA1 | 0xA7 | 0xAB | 0xB6 | 0xB7 | 0xBB | 0xBF) {
                Kind::Punct
            } else {
                Kind::Symbol
            };
            CharInfo::new(cost, kind, Script::Common)
        }
        _ => {
            let upper = c.is_uppercase();
            let cost = if upper {
                // Ã Â: the lead bytes of most UTF-8 read as latin-1; as letters they
                // appear only in Portuguese and Romanian capitals.
                if matches!(cp, 0xC2 | 0xC3) {
                    LATIN1_UPPER_MOJIBAKE_LEAD
                } else if matches!(cp, 0xD0 | 0xCA | 0xCB | 0xCF | 0xCE | 0xDD | 0xDE) {
                    // Ð Ê Ë Ï Î Ý Þ: rare capitals, and lead bytes too.
                    LATIN1_UPPER_RARE
                } else {
                    LATIN1_UPPER
                }
            } else {
                LATIN1_LOWER
            };
            let mut info = CharInfo::new(cost, Kind::Letter, Script::Latin);
            info.upper = upper;
            info.lower = c.is_lowercase();
            info
        }
    }
}

fn classify_general_punctuation(cp: u32) -> CharInfo {
    match cp {
        0x2010..=0x2015 | 0x2018..=0x201F | 0x2022 | 0x2026 => {
            CharInfo::new(DASH_QUOTE, Kind::Punct, Script::Common)
        }
        0x2000..=0x200A | 0x202F | 0x205F => {
            CharInfo::new(LATIN1_SYMBOL_COMMON, Kind::Space, Script::Common)
        }
        // Zero-width non-joiner and joiner: Persian and Indic spelling, emoji sequences.
        0x200C..=0x200D => CharInfo::new(4, Kind::Mark, Script::Common),
        0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F => {
            CharInfo::new(INVISIBLE_FORMAT, Kind::Control, Script::Common)
        }
        _ => CharInfo::new(GENERAL_PUNCT_OTHER, Kind::Punct, Script::Common),
    }
}

/// Encodes one char with `encoding`; `None` when unmappable.
fn encode_char(encoding: &'static Encoding, c: char) -> Option<([u8; 8], usize)> {
    let mut utf8 = [0u8; 4];
    let s = c.encode_utf8(&mut utf8);
    let mut out = [0u8; 8];
    let mut encoder = encoding.new_encoder();
    let (result, _, written) = encoder.encode_from_utf8_without_replacement(s, &mut out, true);
    match result {
        EncoderResult::InputEmpty => Some((out, written)),
        _ => None,
    }
}

fn two_bytes(encoding: &'static Encoding, c: char) -> Option<u16> {
    let (bytes, len) = encode_char(encoding, c)?;
    (len == 2).then(|| u16::from_be_bytes([bytes[0], bytes[1]]))
}

/// Cost of a unified Han character: its frequency rank in Chinese text (from jieba's
/// word list; a traditional or Japanese form takes its simplified form's rank, so Big5 and
/// Shift_JIS text is not priced as rare), else the tier the legacy encodings give it
/// (Big5's frequent block and JIS level 1).
pub fn han_cost(c: char) -> i32 {
    let rank = |c: char| {
        HAN_RANK
            .binary_search_by_key(&(c as u32), |&(cp, _)| cp)
            .ok()
            .map(|i| HAN_RANK[i].1)
    };
    let own = rank(c);
    let folded = han_fold(c).and_then(rank);
    let best = match (own, folded) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    if let Some(r) = best {
        return match r {
            0..=499 => HAN_TOP_500,
            500..=1499 => HAN_TOP_1500,
            1500..=3499 => HAN_TOP_3500,
            _ => HAN_TOP_8000,
        };
    }
    let big5 = two_bytes(encoding_rs::BIG5, c);
    let sjis = two_bytes(encoding_rs::SHIFT_JIS, c);
    let frequent = big5.is_some_and(|v| (0xA440..=0xC67E).contains(&v))
        || sjis.is_some_and(|v| (0x889F..=0x9872).contains(&v));
    if frequent {
        return HAN_TIER1;
    }
    let gb = two_bytes(encoding_rs::GBK, c);
    let known = gb.is_some_and(|v| (0xB0A1..=0xF7FE).contains(&v))
        || big5.is_some_and(|v| (0xC940..=0xF9D5).contains(&v))
        || sjis.is_some_and(|v| (0x989F..=0xEAA4).contains(&v));
    if known { HAN_TIER2 } else { HAN_TIER3 }
}

/// The simplified form of a traditional or Japanese Han char (`們` → `们`, `図` → `图`).
fn han_fold(c: char) -> Option<char> {
    let i = HAN_FOLD
        .binary_search_by_key(&(c as u32), |&(cp, _)| cp)
        .ok()?;
    char::from_u32(HAN_FOLD[i].1)
}

/// Two Han characters that often form (part of) a Chinese word, in any of the scripts'
/// forms (`現在` is `现在`).
pub fn is_han_bigram(a: char, b: char) -> bool {
    // The table and the folds are all in U+4E00–U+9FFF: kana and punctuation skip the
    // searches.
    if !is_han(a) || !is_han(b) {
        return false;
    }
    let known = |a: char, b: char| {
        let key = ((a as u64) << 32) | b as u64;
        HAN_BIGRAMS.binary_search(&key).is_ok()
    };
    if known(a, b) {
        return true;
    }
    let (fa, fb) = (han_fold(a), han_fold(b));
    (fa.is_some() || fb.is_some()) && known(fa.unwrap_or(a), fb.unwrap_or(b))
}

/// Two Hangul syllables seen side by side in Korean text (`서울`).
pub fn is_hangul_bigram(a: char, b: char) -> bool {
    if !is_hangul(a) || !is_hangul(b) {
        return false;
    }
    let key = ((a as u32) << 16) | b as u32;
    HANGUL_BIGRAMS.binary_search(&key).is_ok()
}

/// Hangul by rank in Korean text; KS X 1001's other syllables cost more, and the 8,822
/// outside it are rare.
pub fn hangul_cost(c: char) -> i32 {
    if let Ok(i) = HANGUL_RANK.binary_search_by_key(&(c as u32), |&(cp, _)| cp) {
        return if HANGUL_RANK[i].1 < 300 {
            HANGUL_TOP_300
        } else {
            HANGUL_TOP_1000
        };
    }
    match two_bytes(encoding_rs::EUC_KR, c) {
        Some(v) if (0xB0A1..=0xC8FE).contains(&v) => HANGUL_COMMON,
        _ => HANGUL_RARE,
    }
}

/// Accented letters of Latin orthographies (lowercase), after CLDR's exemplar characters.
/// A text whose accented letters no single orthography uses (`Vlåda`: Czech with a
/// Scandinavian `å`) was decoded through the wrong page.
const ORTHOGRAPHIES: &[&str] = &[
    "áčďéěíňóřšťúůýž",        // Czech
    "áäčďéíĺľňóôŕšťúýž",      // Slovak
    "ąćęłńóśźż",              // Polish
    "áéíóöőúüű",              // Hungarian
    "äöüß",                   // German
    "àâæçéèêëîïôœùûüÿ",       // French
    "áéíñóúü",                // Spanish
    "áâãàçéêíóôõú",           // Portuguese
    "àèéìíîòóùú",             // Italian
    "ăâîșțşţ",                // Romanian
    "âçğıîöşûüi\u{307}",      // Turkish (`İ` lowercases to `i̇`; `â` `î` `û` in loans)
    "æøåéóòô",                // Danish, Norwegian
    "åäöé",                   // Swedish, Finnish
    "áðéíóúýþæö",             // Icelandic
    "ąčęėįšųūž",              // Lithuanian
    "āčēģīķļņšūž",            // Latvian
    "äõöüšž",                 // Estonian
    "čćđšž",                  // Croatian, Slovenian, Bosnian
    "àçèéíïòóúü",             // Catalan
    "éëïóöüèê",               // Dutch
    "ĉĝĥĵŝŭ",                 // Esperanto
    "ċġħż",                   // Maltese
    "àáâãèéêìíòóôõùúýăđĩũơư", // Vietnamese (letters without a second tone mark)
];

/// Per accented Latin letter that the best-fitting orthography lacks.
pub const FOREIGN_ACCENT: i32 = 6;

/// How many distinct accented Latin letters of `text` fall outside the one orthography
/// that covers most of them.
pub fn orthography_mismatches(text: &str) -> usize {
    // The letters as `orthography_letters_reference` picks them, one table lookup per
    // char (`gate::orthography_letters`): the repair counts every reading of a line.
    // (The distinct letters, in order, on the stack: the dominant-chain pass counts a
    // line per chain, and a line has rarely more than a few dozen.)
    let mut room = ['\0'; 32];
    let mut count = 0;
    let mut more: Vec<char> = Vec::new();
    super::gate::orthography_letters(text, |lower| {
        if room[..count].contains(&lower) || more.contains(&lower) {
            return;
        }
        if count < room.len() {
            room[count] = lower;
            count += 1;
        } else {
            more.push(lower);
        }
    });
    if more.is_empty() {
        return mismatches_among(&room[..count]);
    }
    let mut letters = room.to_vec();
    letters.extend(more);
    mismatches_among(&letters)
}

/// The lower-case letters `orthography_mismatches` counts, in order, repeats included:
/// the definition `gate::orthography_letters` must agree with.
#[cfg(test)]
pub(super) fn orthography_letters_reference(text: &str) -> Vec<char> {
    let mut letters = Vec::new();
    for c in text.chars() {
        // ª º are ordinal indicators, not letters of an orthography. (Cheap tests first.)
        if c.is_ascii()
            || matches!(c, 'ª' | 'º')
            || classify(c).script != Script::Latin
            || !c.is_alphabetic()
        {
            continue;
        }
        // Vietnamese letters with tone marks (U+1E00…) say nothing about the page.
        if c as u32 >= 0x1E00 {
            continue;
        }
        letters.extend(c.to_lowercase());
    }
    letters
}

/// `orthography_mismatches` of a text whose distinct lower-case letters (as it collects
/// them) are `letters`.
pub(super) fn mismatches_among(letters: &[char]) -> usize {
    if letters.len() < 2 {
        return 0;
    }
    // For each orthography, how many of the letters it has: one lookup per letter in the
    // table of which orthographies have it.
    let table = orthography_masks();
    let mask_of = |c: &char| {
        table
            .binary_search_by_key(c, |&(k, _)| k)
            .map_or(0, |i| table[i].1)
    };
    // Usually one orthography has them all (the text's own): nothing to count.
    if letters
        .iter()
        .map(mask_of)
        .fold(u32::MAX, |all, mask| all & mask)
        != 0
    {
        return 0;
    }
    let mut counts = [0usize; ORTHOGRAPHIES.len()];
    for mask in letters.iter().map(mask_of) {
        for (o, count) in counts.iter_mut().enumerate() {
            *count += (mask >> o & 1) as usize;
        }
    }
    let best = counts.iter().copied().max().unwrap_or(0);
    letters.len() - best
}

/// Hiragana or katakana letters (not `ー` or `・`, which Chinese pages have too).
pub(super) fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3041..=0x3096 | 0x30A1..=0x30FA)
}

/// A CJK Unified Ideograph (U+4E00–U+9FFF) that EUC-JP, that is JIS X 0208, lacks.
pub(super) fn han_outside_jis(c: char) -> bool {
    const FIRST: u32 = 0x4E00;
    const LAST: u32 = 0x9FFF;
    static OUTSIDE: OnceLock<Vec<u64>> = OnceLock::new();
    let code = c as u32;
    if !(FIRST..=LAST).contains(&code) {
        return false;
    }
    let bits = OUTSIDE.get_or_init(|| {
        let mut bits = vec![0u64; ((LAST - FIRST) / 64 + 1) as usize];
        let mut encoder = encoding_rs::EUC_JP.new_encoder();
        let mut out = [0u8; 8];
        let mut buf = [0u8; 4];
        for code in FIRST..=LAST {
            let Some(han) = char::from_u32(code) else {
                continue;
            };
            let (result, _, _) = encoder.encode_from_utf8_without_replacement(
                han.encode_utf8(&mut buf),
                &mut out,
                false,
            );
            if matches!(result, EncoderResult::Unmappable(_)) {
                let i = (code - FIRST) as usize;
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        bits
    });
    let i = (code - FIRST) as usize;
    bits.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 != 0)
}

/// Every letter of `ORTHOGRAPHIES`, sorted, with a bit set for each orthography that has it.
fn orthography_masks() -> &'static [(char, u32)] {
    const _: () = assert!(ORTHOGRAPHIES.len() <= 32);
    static MASKS: OnceLock<Vec<(char, u32)>> = OnceLock::new();
    MASKS.get_or_init(|| {
        let mut masks: Vec<(char, u32)> = Vec::new();
        for (o, letters) in ORTHOGRAPHIES.iter().enumerate() {
            for c in letters.chars() {
                match masks.iter_mut().find(|(k, _)| *k == c) {
                    Some((_, mask)) => *mask |= 1 << o,
                    None => masks.push((c, 1 << o)),
                }
            }
        }
        masks.sort_by_key(|&(c, _)| c);
        masks
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The count on the stack must be the count on the definition's letters, with more
    /// distinct letters than the stack holds too.
    #[test]
    fn orthography_mismatches_match_the_letters_definition() {
        let mut texts = crate::test_fixtures::texts();
        let many: String = ('\u{c0}'..'\u{250}').collect();
        texts.push(many.clone());
        texts.push(format!("{many} {many}"));
        texts.push(('\u{e0}'..'\u{110}').rev().collect());
        for text in texts {
            let mut letters: Vec<char> = Vec::new();
            for c in orthography_letters_reference(&text) {
                if !letters.contains(&c) {
                    letters.push(c);
                }
            }
            assert_eq!(
                orthography_mismatches(&text),
                mismatches_among(&letters),
                "{text:?}"
            );
        }
    }

    #[test]
    fn mojibake_costs_more_than_its_repair() {
        for (good, bad) in [
            ("café", "cafÃ©"),
            ("Привет", "РџСЂРёРІРµС‚"),
            ("你好", "浣犲ソ"),
            ("文字化け", "鏂囧瓧鍖栥亼"),
            ("TNF-α", "TNF-¦Á"),
            ("[5–11]", "[5¨C11]"),
            ("안녕하세요", "¾È³çÇÏ¼¼¿ä"),
            ("中文", "ÖÐÎÄ"),
            ("СЕКРЕТ", "ÑÅÊÐÅÒ"),
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
    fn correct_text_beats_its_misreadings() {
        // MÜLLER re-read as GBK gives a Han char between Latin capitals.
        assert!(cost("MÜLLER") < cost("M躄LER"));
        assert!(cost("CUÉNTENOS") < cost("CU蒒TENOS"));
    }

    #[test]
    fn unassigned_code_points_and_rare_marks_cost_more() {
        // U+0378 is unassigned; U+038C (Ό) is a letter.
        assert_eq!(classify('\u{378}').cost, UNASSIGNED);
        assert_eq!(classify('\u{38C}').kind, Kind::Letter);
        // A medieval mark is rarer than an acute; the IPA tie bar is not.
        assert!(classify('\u{34A}').cost > classify('\u{301}').cost);
        assert_eq!(classify('\u{361}').cost, classify('\u{301}').cost);
    }

    #[test]
    fn kana_beside_han_japanese_lacks_costs() {
        // Simplified-only forms are outside JIS X 0208; their Japanese forms are not.
        assert!(han_outside_jis('倾') && han_outside_jis('给'));
        assert!(!han_outside_jis('買') && !han_outside_jis('茶') && !han_outside_jis('中'));
        assert!(!han_outside_jis('あ') && is_kana('あ') && is_kana('カ') && !is_kana('ー'));
        // EUC-JP read as GBK: kana stay, kanji turn into simplified Chinese.
        assert!(cost("お茶を買った") + 2 * KANA_BY_HAN_OUTSIDE_JIS <= cost("お勉を倾った") + 8);
        // Chinese without kana pays nothing for it.
        assert_eq!(
            transition(&classify('倾'), &classify('向')),
            transition(&classify('倾'), &classify('中'))
        );
    }

    #[test]
    fn han_tiers_follow_the_encodings() {
        assert_eq!(han_cost('中'), HAN_TOP_500);
        assert!(han_cost('犲') > HAN_TOP_500);
        assert!(is_han_bigram('中', '文'));
        assert!(!is_han_bigram('雅', '市'));
        assert_eq!(hangul_cost('한'), HANGUL_TOP_300);
        assert_eq!(hangul_cost('맒'), HANGUL_COMMON);
        assert_eq!(han_cost('們'), han_cost('们'));
        assert!(is_han_bigram('現', '在'));
        assert!(is_hangul_bigram('서', '울'));
        assert!(!is_hangul_bigram('맒', '뷔'));
        assert_eq!(hangul_cost('똠'), HANGUL_RARE);
    }

    #[test]
    fn orthography_table_matches_the_lists() {
        let samples = [
            "Vláda měsíc",
            "Vlåda měsíc",
            "żółć ąę straße",
            "àâæçéèêëîïôœùûüÿ ñ ø å",
            "ĉĝĥĵŝŭ ċġħż ăâîșțşţ",
            "ÁÉÍÓÚ Ñ Ü",
            "Þórðardóttir Škoda",
            "İstanbul Topkapı Sarayı",
        ];
        for text in samples {
            let mut letters: Vec<char> = Vec::new();
            for c in text.chars() {
                if c.is_ascii() || classify(c).script != Script::Latin || !c.is_alphabetic() {
                    continue;
                }
                for lower in c.to_lowercase() {
                    if !letters.contains(&lower) {
                        letters.push(lower);
                    }
                }
            }
            let want = if letters.len() < 2 {
                0
            } else {
                letters.len()
                    - ORTHOGRAPHIES
                        .iter()
                        .map(|o| letters.iter().filter(|c| o.contains(**c)).count())
                        .max()
                        .unwrap_or(0)
            };
            assert_eq!(orthography_mismatches(text), want, "{text}");
        }
        // `İ` (lowercase `i̇`) is a Turkish letter, not two foreign ones.
        assert_eq!(orthography_mismatches("İstanbul Topkapı Sarayı, Şişli"), 0);
    }

    #[test]
    fn memoized_classify_matches_the_model() {
        for cp in 0..0x11000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            for _ in 0..2 {
                let got = classify(c);
                let mut want = classify_inner(c);
                want.ch = c;
                assert_eq!(format!("{got:?}"), format!("{want:?}"), "U+{cp:04X}");
            }
        }
    }

    #[test]
    fn case_switch_inside_word_costs() {
        assert!(cost("abÉ") > cost("abé"));
        assert!(transition(&classify('a'), &classify('É')) > 0);
        assert_eq!(transition(&classify('a'), &classify('b')), 0);
    }
}
