//! Detection's own text model: how much a decoded sample looks like real text.
//!
//! A frozen copy of the repair engine's plausibility model (`crate::repair::plausibility`)
//! as it stood when detection was tuned (commit 6176cc4). The repair engine retunes its
//! model for mojibake repair; detection's weights, letter terms and softmax temperature
//! were calibrated against *these* costs, so detection keeps its own copy and repair
//! tuning cannot move detection accuracy. Change it only together with a re-measurement
//! (`docs/detect.md`).
//!
//! A cost, roughly in bits: every character costs what it would cost to see it in ordinary
//! text (a Latin letter little, `¦` a lot, a C1 control more), and every adjacent pair adds
//! the cost of an unusual transition (a lowercase letter followed by an uppercase accented
//! one, two scripts meeting inside a word, a rare symbol glued to a letter). Lower is more
//! plausible.
//!
//! For Han and Hangul the encodings themselves give a frequency ranking for free: GB2312
//! level 1 (GBK bytes B0A1–D7F9), Big5's frequent block (A440–C67E) and JIS X 0208 level 1
//! (Shift_JIS 889F–9872) hold the few thousand characters of everyday text; KS X 1001
//! (EUC-KR B0A1–C8FE) holds the 2,350 common Hangul syllables.

use encoding_rs::{EncoderResult, Encoding};

use crate::tables::han::{HAN_BIGRAMS, HAN_RANK};

/// ASCII letters and digits are the baseline.
const ASCII_ALNUM: i32 = 4;
const SPACE: i32 = 2;
const ASCII_PUNCT_COMMON: i32 = 5;
/// `` ` ~ ^ | \ { } < > [ ] @ # $ % & * _ + = ``
const ASCII_PUNCT_RARE: i32 = 8;
/// Accented Latin letters of Latin-1 (é, ü, ñ, ø).
const LATIN1_LOWER: i32 = 8;
const LATIN1_UPPER: i32 = 10;
/// Capitals that real text rarely has but UTF-8 mojibake is made of: Ã Â Å Ð Þ Ý Ê Ë Ï.
const LATIN1_UPPER_RARE: i32 = 13;
/// Latin Extended-A/B and Latin Extended Additional (Polish, Czech, Vietnamese, …).
const LATIN_EXT_LOWER: i32 = 9;
const LATIN_EXT_UPPER: i32 = 11;
/// Letters that appear in mojibake far more than in text: ƒ, ˆ-like modifier letters.
const LATIN_ODD: i32 = 15;
const IPA: i32 = 14;
const SPACING_MODIFIER: i32 = 14;
const COMBINING_MARK: i32 = 10;
/// Greek/Cyrillic/Armenian/Georgian/Hebrew/Arabic/Indic/Thai letters.
const ALPHABET_LETTER: i32 = 6;
/// Cyrillic letters outside Russian/Ukrainian/Belarusian (џ ђ ѓ ќ ћ љ њ Ѕ ...): common
/// in Serbian and Macedonian, but also the bulk of UTF-8 read as windows-1251.
const CYRILLIC_RARE: i32 = 11;
const CYRILLIC_EXTENDED: i32 = 14;
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
/// CJK Extension A and compatibility ideographs.
const HAN_RARE: i32 = 19;
const KANA: i32 = 7;
/// Halfwidth katakana: legacy, and a large share of UTF-8 read as Shift_JIS.
const HALFWIDTH_KANA: i32 = 15;
const HANGUL_COMMON: i32 = 9;
const HANGUL_RARE: i32 = 16;
const HANGUL_JAMO: i32 = 15;
const CJK_PUNCT: i32 = 7;
const FULLWIDTH_PUNCT: i32 = 8;
const FULLWIDTH_ALNUM: i32 = 11;
const DASH_QUOTE: i32 = 7;
const GENERAL_PUNCT_OTHER: i32 = 12;
const INVISIBLE_FORMAT: i32 = 14;
const CURRENCY: i32 = 10;
const LATIN1_SYMBOL_COMMON: i32 = 10;
const LATIN1_SYMBOL_RARE: i32 = 16;
const SYMBOL: i32 = 12;
const BOX_DRAWING: i32 = 16;
const EMOJI: i32 = 10;
const PRIVATE_USE: i32 = 20;
const CONTROL: i32 = 20;
const C1_CONTROL: i32 = 22;
const REPLACEMENT_CHAR: i32 = 18;
const NONCHARACTER: i32 = 24;
const OTHER: i32 = 13;

/// Two scripts meeting inside a word: `MÜLLER` read as GBK gives `M躄LER`.
const SCRIPT_SWITCH_IN_WORD: i32 = 12;
/// Han next to Latin inside a token is common in real CJK text (`iPhone手机`).
const CJK_LATIN_SWITCH: i32 = 10;
/// A lowercase letter followed by an uppercase one inside a word, both ASCII (`iPhone`).
const CAMEL_CASE_ASCII: i32 = 3;
/// The same with a non-ASCII letter: `cafÃ`, `Ð¡Ñ€`.
const CASE_SWITCH_NON_ASCII: i32 = 10;
/// A non-ASCII lowercase letter after two capitals (`NESTLɮ`); `PDFs` is ASCII.
const LOWER_AFTER_CAPITALS: i32 = 8;
/// A rare symbol glued to a letter: `Ã©`, `Â°`, `¦Á`.
const SYMBOL_IN_WORD: i32 = 5;
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
        }
    }
}

/// Total cost of `text`: character costs plus transition costs.
#[cfg(test)] // The contest takes it in its own pass over the text (`Coster`).
pub fn cost(text: &str) -> i32 {
    let mut coster = Coster::default();
    for c in text.chars() {
        coster.push(c);
    }
    coster.total
}

/// `cost` taken one character at a time, so that a caller making its own pass over a
/// text gets the cost on the way.
#[derive(Clone, Copy, Default)]
pub struct Coster {
    pub total: i32,
    previous: Option<CharInfo>,
    capitals_in_a_row: u32,
    previous_char: char,
}

impl Coster {
    /// Adds `c` (the next character of the text); returns its `classify`.
    #[inline]
    pub fn push(&mut self, c: char) -> CharInfo {
        let info = classify(c);
        self.total += info.cost;
        if info.script == Script::Cjk && is_han_bigram(self.previous_char, c) {
            self.total -= HAN_WORD_BONUS;
        }
        self.previous_char = c;
        if let Some(prev) = self.previous {
            self.total += transition(&prev, &info);
        } else if info.kind == Kind::Mark {
            self.total += STRAY_MARK;
        }
        if info.lower && !info.ascii && self.capitals_in_a_row >= 2 {
            self.total += LOWER_AFTER_CAPITALS;
        }
        self.capitals_in_a_row = if info.upper {
            self.capitals_in_a_row + 1
        } else {
            0
        };
        self.previous = Some(info);
        info
    }
}

/// Cost of an adjacent pair beyond the two characters' own costs.
pub fn transition(a: &CharInfo, b: &CharInfo) -> i32 {
    let mut extra = 0;
    if a.kind == Kind::Letter && b.kind == Kind::Letter {
        if a.script != b.script && a.script != Script::Common && b.script != Script::Common {
            let pair = (a.script, b.script);
            extra += match pair {
                (Script::Cjk, Script::Hangul) | (Script::Hangul, Script::Cjk) => CJK_LATIN_SWITCH,
                (Script::Cjk, Script::Latin) | (Script::Latin, Script::Cjk) => CJK_LATIN_SWITCH,
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
    let weird = |x: &CharInfo| {
        matches!(x.kind, Kind::Symbol | Kind::Punct | Kind::Control) && x.cost >= LATIN1_SYMBOL_RARE
    };
    if (a.kind == Kind::Letter && weird(b)) || (weird(a) && b.kind == Kind::Letter) {
        extra += SYMBOL_IN_WORD;
    }
    // A mark belongs after a letter, and a script's own marks after that script's letters.
    let foreign_mark = b.script != Script::Common && a.script != b.script;
    if b.kind == Kind::Mark && (!matches!(a.kind, Kind::Letter | Kind::Mark) || foreign_mark) {
        extra += STRAY_MARK;
    }
    extra
}

/// The model's view of one character. Memoized for the Basic Multilingual Plane: every
/// candidate reading of every sample asks about the same few hundred characters, and
/// the answer for a Han or Hangul one costs a table search and up to four encoder runs.
#[inline]
pub fn classify(c: char) -> CharInfo {
    use std::sync::atomic::{AtomicU32, Ordering};
    // 0 = not yet known; else `pack`'s bits. Racing threads store the same value.
    static MEMO: [AtomicU32; 0x10000] = [const { AtomicU32::new(0) }; 0x10000];
    let Some(slot) = MEMO.get(c as usize) else {
        return classify_uncached(c);
    };
    let packed = slot.load(Ordering::Relaxed);
    if let Some(info) = unpack(packed) {
        return info;
    }
    let info = classify_uncached(c);
    slot.store(pack(&info), Ordering::Relaxed);
    info
}

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

/// `CharInfo` in 32 bits: cost (16, as i16), kind (3), script (4), the three flags, and
/// bit 31 set so that no packed value is 0.
fn pack(info: &CharInfo) -> u32 {
    let kind = KINDS.iter().position(|k| *k == info.kind).unwrap_or(0) as u32;
    let script = SCRIPTS.iter().position(|s| *s == info.script).unwrap_or(0) as u32;
    (info.cost as i16 as u16 as u32)
        | kind << 16
        | script << 19
        | u32::from(info.upper) << 23
        | u32::from(info.lower) << 24
        | u32::from(info.ascii) << 25
        | 1 << 31
}

#[inline]
fn unpack(packed: u32) -> Option<CharInfo> {
    if packed == 0 {
        return None;
    }
    Some(CharInfo {
        cost: i32::from(packed as u16 as i16),
        kind: KINDS[(packed >> 16 & 7) as usize % KINDS.len()],
        script: SCRIPTS[(packed >> 19 & 15) as usize % SCRIPTS.len()],
        upper: packed >> 23 & 1 == 1,
        lower: packed >> 24 & 1 == 1,
        ascii: packed >> 25 & 1 == 1,
    })
}

fn classify_uncached(c: char) -> CharInfo {
    let cp = c as u32;
    if cp < 0x80 {
        return classify_ascii(c);
    }
    if cp < 0x100 {
        return classify_latin1(c);
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
        0x0300..=0x036F => CharInfo::new(COMBINING_MARK, Kind::Mark, Script::Common),
        0x0370..=0x03FF => {
            if super::alpha::is_alphabetic(c) {
                letter(ALPHABET_LETTER, Script::Greek)
            } else {
                CharInfo::new(SYMBOL, Kind::Punct, Script::Greek)
            }
        }
        0x0400..=0x045F => {
            let russian = matches!(cp, 0x0410..=0x044F | 0x0401 | 0x0451)
                // Ukrainian and Belarusian: і ї є ў and capitals.
                || matches!(cp, 0x0404 | 0x0406 | 0x0407 | 0x040E | 0x0454 | 0x0456 | 0x0457 | 0x045E);
            letter(
                if russian {
                    ALPHABET_LETTER
                } else {
                    CYRILLIC_RARE
                },
                Script::Cyrillic,
            )
        }
        0x0490..=0x0491 => letter(ALPHABET_LETTER, Script::Cyrillic),
        0x0460..=0x052F => letter(CYRILLIC_EXTENDED, Script::Cyrillic),
        0x0530..=0x058F => alphabet(c, Script::Armenian),
        0x0591..=0x05C7 => CharInfo::new(COMBINING_MARK, Kind::Mark, Script::Hebrew),
        0x05C8..=0x05FF => alphabet(c, Script::Hebrew),
        0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED => {
            CharInfo::new(COMBINING_MARK, Kind::Mark, Script::Arabic)
        }
        0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDCF | 0xFDF0..=0xFDFF | 0xFE70..=0xFEFE => {
            alphabet(c, Script::Arabic)
        }
        0x0900..=0x0DFF => {
            if super::alpha::is_alphabetic(c) && !is_indic_mark(cp) {
                letter(ALPHABET_LETTER, Script::Indic)
            } else if c.is_numeric() {
                CharInfo::new(ALPHABET_LETTER, Kind::Digit, Script::Indic)
            } else {
                CharInfo::new(COMBINING_MARK, Kind::Mark, Script::Indic)
            }
        }
        0x0E00..=0x0EFF => {
            if matches!(cp, 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x0EB1 | 0x0EB4..=0x0EBC | 0x0EC8..=0x0ECD)
            {
                CharInfo::new(COMBINING_MARK, Kind::Mark, Script::Thai)
            } else {
                alphabet(c, Script::Thai)
            }
        }
        0x10A0..=0x10FF | 0x2D00..=0x2D2F => alphabet(c, Script::Georgian),
        0x1100..=0x11FF | 0x3130..=0x318F => {
            CharInfo::new(HANGUL_JAMO, Kind::Letter, Script::Hangul)
        }
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
        0x3100..=0x312F | 0x31A0..=0x31BF => letter(KANA, Script::Cjk),
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
        0xFFFD => CharInfo::new(REPLACEMENT_CHAR, Kind::Symbol, Script::Common),
        0xFDD0..=0xFDEF | 0xFFFE..=0xFFFF => {
            CharInfo::new(NONCHARACTER, Kind::Control, Script::Common)
        }
        0x1F000..=0x1FAFF => CharInfo::new(EMOJI, Kind::Symbol, Script::Common),
        0xE0000..=0xE007F => CharInfo::new(INVISIBLE_FORMAT, Kind::Mark, Script::Common),
        _ => {
            if super::alpha::is_alphabetic(c) {
                letter(ALPHABET_LETTER, Script::Other)
            } else {
                CharInfo::new(OTHER, Kind::Symbol, Script::Common)
            }
        }
    }
}

fn alphabet(c: char, script: Script) -> CharInfo {
    if super::alpha::is_alphabetic(c) {
        let mut info = CharInfo::new(ALPHABET_LETTER, Kind::Letter, script);
        info.upper = c.is_uppercase();
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
        0xA0 => CharInfo::new(LATIN1_SYMBOL_COMMON, Kind::Space, Script::Common),
        0xAD => CharInfo::new(LATIN1_SYMBOL_RARE, Kind::Control, Script::Common),
        0xAA | 0xBA => {
            let mut info = CharInfo::new(LATIN1_SYMBOL_RARE - 2, Kind::Letter, Script::Latin);
            info.lower = true;
            info
        }
        0xB5 => {
            let mut info = CharInfo::new(LATIN1_SYMBOL_COMMON + 2, Kind::Letter, Script::Greek);
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
                // Ã Â Å Ð Ê Ë Ï Î Ý Þ: the lead bytes of UTF-8 read as latin-1, rare as letters.
                if matches!(
                    cp,
                    0xC2 | 0xC3 | 0xC5 | 0xD0 | 0xCA | 0xCB | 0xCF | 0xCE | 0xDD | 0xDE
                ) {
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
        // Zero-width joiner: glue inside emoji sequences.
        0x200D => CharInfo::new(4, Kind::Mark, Script::Common),
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
/// word list), else the tier the legacy encodings give it (Big5's frequent block and JIS
/// level 1 cover traditional and Japanese use).
pub fn han_cost(c: char) -> i32 {
    if let Ok(i) = HAN_RANK.binary_search_by_key(&(c as u32), |&(cp, _)| cp) {
        return match HAN_RANK[i].1 {
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

/// Two Han characters that often form (part of) a Chinese word.
pub fn is_han_bigram(a: char, b: char) -> bool {
    // Every pair in the table is of two unified ideographs (U+4E00..U+9FFF); the pairs
    // of each first character are found through an index, not a search of all 40,000
    // (Han readings of Latin bytes ask for every character).
    const FIRST: u32 = 0x4E00;
    const END: u32 = 0xA000;
    static INDEX: std::sync::OnceLock<Vec<(u32, u32)>> = std::sync::OnceLock::new();
    let (a32, b32) = (a as u32, b as u32);
    if !(FIRST..END).contains(&a32) || !(FIRST..END).contains(&b32) {
        return false;
    }
    let index = INDEX.get_or_init(|| {
        let mut index = vec![(0u32, 0u32); (END - FIRST) as usize];
        for (i, &key) in HAN_BIGRAMS.iter().enumerate() {
            let first = (key >> 32) as u32;
            if let Some(entry) = first
                .checked_sub(FIRST)
                .and_then(|k| index.get_mut(k as usize))
            {
                if entry.1 == 0 {
                    entry.0 = i as u32;
                }
                entry.1 = i as u32 + 1;
            }
        }
        index
    });
    let key = ((a as u64) << 32) | b as u64;
    let (start, end) = index.get((a32 - FIRST) as usize).copied().unwrap_or((0, 0));
    HAN_BIGRAMS
        .get(start as usize..end as usize)
        .is_some_and(|block| block.binary_search(&key).is_ok())
}

/// KS X 1001's 2,350 syllables are everyday Korean; the other 8,822 are rare.
pub fn hangul_cost(c: char) -> i32 {
    match two_bytes(encoding_rs::EUC_KR, c) {
        Some(v) if (0xB0A1..=0xC8FE).contains(&v) => HANGUL_COMMON,
        _ => HANGUL_RARE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_bigrams_by_index_as_by_search() {
        for &key in HAN_BIGRAMS.iter().step_by(7) {
            let (a, b) = ((key >> 32) as u32, key as u32);
            let (Some(a), Some(b)) = (char::from_u32(a), char::from_u32(b)) else {
                continue;
            };
            assert!(is_han_bigram(a, b));
            for (x, y) in [(a, 'x'), ('x', b), (b, a), (a, '\u{9FFF}'), ('\u{4E00}', b)] {
                let k = ((x as u64) << 32) | y as u64;
                assert_eq!(is_han_bigram(x, y), HAN_BIGRAMS.binary_search(&k).is_ok());
            }
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
    fn han_tiers_follow_the_encodings() {
        assert_eq!(han_cost('中'), HAN_TOP_500);
        assert!(han_cost('犲') > HAN_TOP_500);
        assert!(is_han_bigram('中', '文'));
        assert!(!is_han_bigram('雅', '市'));
        assert_eq!(hangul_cost('한'), HANGUL_COMMON);
        assert_eq!(hangul_cost('똠'), HANGUL_RARE);
    }

    #[test]
    fn memo_gives_the_uncached_answer() {
        // Twice: the first call fills the memo, the second reads it.
        for _ in 0..2 {
            for c in (0..0x11000).filter_map(char::from_u32) {
                let (a, b) = (classify(c), classify_uncached(c));
                assert_eq!(
                    (a.cost, a.kind, a.script, a.upper, a.lower, a.ascii),
                    (b.cost, b.kind, b.script, b.upper, b.lower, b.ascii),
                    "{c:?}"
                );
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
