//! A Latin text written in one Latin page (Central European, Baltic, Turkish) and shown
//! as latin-1 or windows-1252, where no word gives it away to the character model: the
//! reread letters are letters too (`Povodnì na Moravì` is Czech `Povodně na Moravě`,
//! `Sorularýnýzý` Turkish `Sorularınızı`). Only the language model, on the whole text,
//! can tell: the text reads like one language once reread, and markedly better than it
//! reads as it is, under any language.
//!
//! Two stages, so that ordinary accented text pays little: the words a page changes are
//! priced under each Latin language before and after (a few bigram lookups), and only
//! when some language gains enough on them is the whole text fitted both ways.

use super::gate::is_alphabetic;
use super::language;
use crate::charset::{SingleBytePage, single_byte_page};

/// The pages a Latin text may really be in, in order of preference on a tie.
pub(super) const TRUTHS: &[&str] = &["windows-1250", "ISO-8859-2", "windows-1257", "windows-1254"];

/// How much cheaper, in quarter bits, the changed words must read under some language
/// before the whole text is fitted.
const MIN_WORD_GAIN: i64 = 4 * 6;
/// The same under the language the unchanged words are in: one reread letter in a long
/// word (`Országgyûlés` → `Országgyűlés`) changes only a bigram or two.
const MIN_WORD_GAIN_IN_CONTEXT: i64 = 4 * 2;

/// The letters the unchanged words must have to say which language the text is in
/// (`Orario: … e …` says little).
pub(super) const MIN_CONTEXT_LETTERS: usize = 12;

/// How much better the reread text must read than the text as it is: less excess, in
/// bits, plus `UNSEEN_PAIR_GAIN` for each letter pair no language has that it removes.
const MIN_TEXT_GAIN: i32 = 12;
const UNSEEN_PAIR_GAIN: i32 = 4;
/// The same, on weak evidence (see `Evidence`). A text of one word of letters (or of
/// letters spaced out) is never reread on weak evidence: it says too little of its
/// language (`Ã`, `C O N C L U S Ã O`; Portuguese `Cãibra` is no Romanian `Căibra`).
const MIN_TEXT_GAIN_WEAK: i32 = 12;

/// A whole-text rereading: the pages it went through and the text it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Rereading {
    pub wrong: &'static str,
    pub truth: &'static str,
    pub text: String,
}

/// Whether `reread(text, bytes, page)` gives a rereading: every byte of `bytes` has a
/// char in `page`, some char changes, and each char that changes becomes a letter or was
/// a C1 control. Byte lookups only, no strings: on ordinary accented text most pages
/// change nothing (`é` is `é` in all four) or make a letter no letter.
fn rereads(text: &str, bytes: &[u8], page: &SingleBytePage) -> bool {
    let mut changed = false;
    // (`bytes` has one byte per char, below 0x80 exactly for the ASCII chars, which
    // every page keeps.)
    for (c, &b) in text.chars().zip(bytes).filter(|&(_, &b)| b >= 0x80) {
        let Some(r) = page.decode_byte(b) else {
            return false;
        };
        if r != c {
            if !is_alphabetic(r) && !('\u{80}'..'\u{A0}').contains(&c) {
                return false;
            }
            changed = true;
        }
    }
    changed
}

/// The char `c`, shown by windows-1252 as byte `b`, stands for in `page`: ASCII stays.
#[inline]
fn reread_char(c: char, b: u8, page: &SingleBytePage) -> Option<char> {
    if b < 0x80 {
        Some(c)
    } else {
        page.decode_byte(b)
    }
}

/// `text` reread through `page` from `bytes` (one byte per char, as windows-1252 shows
/// it), as `words_gain` weighs it; `None` when it changes nothing or turns a letter into
/// a char that is no letter. Each word is copied whole, not char by char (only a changed
/// one is reread); the whole reread text is built only for a contender (`reread_text`).
fn reread(text: &str, bytes: &[u8], page: &SingleBytePage) -> Option<Reread> {
    // (Sized once: at most the text and a space per word.)
    let room = text.len() + 8;
    let mut found = Reread {
        changed_before: String::with_capacity(room),
        changed_after: String::with_capacity(room),
        unchanged: String::with_capacity(room),
        beyond_final_graves: false,
        says_its_page: false,
    };
    let mut changed = false;
    // The current word: where it starts in `text` and in `bytes`, and whether it changes.
    let (mut word_start, mut word_first) = (0, 0);
    let mut word_changed = false;
    for (index, ((at, c), &b)) in text.char_indices().zip(bytes).enumerate() {
        let r = reread_char(c, b, page)?;
        if r != c {
            // Only a C1 control may become what is no letter (the page's own
            // punctuation: `’` at 92); windows-1252's `–` is no ISO-8859-2 control.
            if !is_alphabetic(r) && !('\u{80}'..'\u{A0}').contains(&c) {
                return None;
            }
            changed = true;
            word_changed = true;
            let next = text
                .get(at + c.len_utf8()..)
                .and_then(|rest| rest.chars().next());
            let ends_word = next.is_none_or(|next| !is_alphabetic(next));
            let grave = matches!(c, 'à' | 'è' | 'ì' | 'ò' | 'ù' | 'À' | 'È' | 'Ì' | 'Ò' | 'Ù');
            found.beyond_final_graves |= !(grave && ends_word);
        }
        // (A word ends at any whitespace, which is no part of it; a C1 control NEL that
        // changes marks the word it ends as changed.)
        if c.is_whitespace() {
            let word = (text.get(word_start..at)?, bytes.get(word_first..index)?);
            let before_number = text
                .get(at + c.len_utf8()..)
                .is_some_and(|rest| rest.starts_with(|n: char| n.is_ascii_digit()));
            found.add_word(word, word_changed, before_number, page)?;
            word_changed = false;
            (word_start, word_first) = (at + c.len_utf8(), index + 1);
        }
    }
    let word = (text.get(word_start..)?, bytes.get(word_first..)?);
    found.add_word(word, word_changed, false, page)?;
    changed.then_some(found)
}

/// `text` reread through `page` from `bytes`, whole.
fn reread_text(text: &str, bytes: &[u8], page: &SingleBytePage) -> Option<String> {
    text.chars()
        .zip(bytes)
        .map(|(c, &b)| reread_char(c, b, page))
        .collect()
}

/// A text reread through a page: the words it changes, before and after, and the words
/// it leaves, each followed by a space.
struct Reread {
    changed_before: String,
    changed_after: String,
    unchanged: String,
    /// Some changed char is other than a grave vowel ending a word (Italian writes those:
    /// `lunedì`, `però`, `è`).
    beyond_final_graves: bool,
    /// Some changed word tells its page: a word of two letters or more, or one of one
    /// letter not before a number (`Trubka Ø 32 mm` is a diameter, no Czech `Ř`; the
    /// Hungarian `Ő már` is a word).
    says_its_page: bool,
}

/// A Latin letter no language profile has a pair of.
const UNKNOWN_LETTER: char = '\u{024F}';

/// `c` as the language model weighs it where another reading has a letter: a symbol
/// that reading makes a letter is a letter no language writes, not a word break
/// (`Wroc³aw` has the unknown pairs `c³` `³a`, not the common `c ` ` a`, which would
/// always read better than `cł`).
fn weighed_as(c: char, letter_elsewhere: bool) -> char {
    if letter_elsewhere && !is_alphabetic(c) && !c.is_whitespace() {
        UNKNOWN_LETTER
    } else {
        c
    }
}

impl Reread {
    /// Adds a word, as it is and its bytes, which `page` changes or leaves; `None` when
    /// a byte of a changed word has no char there.
    fn add_word(
        &mut self,
        (word, bytes): (&str, &[u8]),
        changed: bool,
        before_number: bool,
        page: &SingleBytePage,
    ) -> Option<()> {
        if !changed {
            self.unchanged.push_str(word);
            self.unchanged.push(' ');
            return Some(());
        }
        let letters = word.chars().filter(|&c| is_alphabetic(c)).count();
        self.says_its_page |= letters >= 2 || (letters == 1 && !before_number);
        for (c, &b) in word.chars().zip(bytes) {
            let r = reread_char(c, b, page)?;
            self.changed_before.push(weighed_as(c, is_alphabetic(r)));
            self.changed_after.push(r);
        }
        self.changed_before.push(' ');
        self.changed_after.push(' ');
        Some(())
    }
}

/// How strongly the words `reread` changes read better: at least `MIN_WORD_GAIN`
/// cheaper under the language of the words it leaves (`Strong`), or under some language
/// and no worse under that of the words it leaves, or with too few of those to say, or
/// `MIN_WORD_GAIN_IN_CONTEXT` cheaper under that language (`Weak`: a short text says
/// little of its language).
fn words_gain(reread: &Reread) -> Option<Evidence> {
    let gains = language::latin_cost_gains(&reread.changed_before, &reread.changed_after);
    // (Most rereadings of ordinary accented text gain under no language: stop there.)
    let strong_somewhere = gains.iter().any(|&g| g >= MIN_WORD_GAIN);
    if !strong_somewhere && !gains.iter().any(|&g| g >= MIN_WORD_GAIN_IN_CONTEXT) {
        return None;
    }
    let context = language::latin_costs(&reread.unchanged);
    // (Costs of as many bigrams each: the cheapest is the likeliest language.)
    let in_context = context
        .iter()
        .enumerate()
        .min_by_key(|&(_, &c)| c)
        .filter(|&(_, &c)| c > 0)
        .and_then(|(language, _)| gains.get(language).copied());
    let context_letters = reread
        .unchanged
        .chars()
        .filter(|&c| is_alphabetic(c))
        .count();
    match in_context {
        Some(gain) if context_letters >= MIN_CONTEXT_LETTERS => {
            if gain >= MIN_WORD_GAIN {
                Some(Evidence::Strong)
            } else if strong_somewhere {
                // (French `très` reads worse as `trčs` among French words.)
                (gain >= 0).then_some(Evidence::Weak)
            } else {
                (gain >= MIN_WORD_GAIN_IN_CONTEXT).then_some(Evidence::Weak)
            }
        }
        _ => strong_somewhere.then_some(Evidence::Weak),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Evidence {
    Strong,
    Weak,
}

/// When `text`'s accented letters are all Icelandic ones and it has `ð` or `þ`, the
/// count of its acute vowels (and `æ` `ö`) and of its `ý`: a language latin-1 serves that
/// the profiles lack, so its words read poorly to the model as they are (`Veðurstofan` is
/// no Lithuanian `Vešurstofan`).
pub(super) fn icelandic_letters(text: &str) -> Option<(usize, usize)> {
    let (mut thorn_or_eth, mut vowels, mut y_acute) = (false, 0, 0);
    for c in text.chars().filter(|c| !c.is_ascii() && is_alphabetic(*c)) {
        match c.to_lowercase().next().unwrap_or(c) {
            'ð' | 'þ' => thorn_or_eth = true,
            'á' | 'é' | 'í' | 'ó' | 'ú' | 'æ' | 'ö' => vowels += 1,
            'ý' => y_acute += 1,
            _ => return None,
        }
    }
    thorn_or_eth.then_some((vowels, y_acute))
}

/// The pages whose rereading of `text` passes the cheap test on the words it changes,
/// with those rereadings.
fn contenders(text: &str) -> Vec<(&'static str, String, Evidence)> {
    // (Most text has no char of U+0080–U+00FF, whose UTF-8 starts with C2 or C3.)
    if !text.bytes().any(|b| b == 0xC2 || b == 0xC3) {
        return Vec::new();
    }
    // (A table lookup per letter pair first: a text some language writes every letter
    // pair of reads well as it is.)
    if icelandic_letters(text).is_some() || !language::every_language_lacks_a_pair(text) {
        return Vec::new();
    }
    // (The bytes windows-1252 shows so, C1 controls kept as latin-1 shows them.)
    let Some(bytes) = crate::Charset::for_label("windows-1252")
        .and_then(|shown| super::encode_keeping_c1(shown, text))
    else {
        return Vec::new();
    };
    let mut found: Vec<(&'static str, String, Evidence)> = Vec::new();
    for &name in TRUTHS {
        let Some(page) = single_byte_page(name) else {
            continue;
        };
        // (The strings are built only for the pages that reread something.)
        if !rereads(text, &bytes, page) {
            continue;
        }
        let Some(reread) = reread(text, &bytes, page) else {
            continue;
        };
        if !reread.says_its_page {
            continue;
        }
        let evidence = match words_gain(&reread) {
            Some(Evidence::Weak) if !reread.beyond_final_graves => None,
            evidence => evidence,
        };
        // (A page that reads the text as an earlier one did adds nothing.)
        if let Some(evidence) = evidence
            && let Some(reread) = reread_text(text, &bytes, page)
            && !found.iter().any(|(_, r, _)| *r == reread)
        {
            found.push((name, reread, evidence));
        }
    }
    found
}

/// `texts` (a text and its rereadings, char for char) with each char that is no letter
/// where some other reads a letter written as a letter no language has: so the model
/// weighs `Wroc³aw` against `Wrocław` as a word with an unknown letter, not as two
/// words whose common boundary pairs would always read better.
fn letters_kept_as_letters(texts: &[&str]) -> Vec<String> {
    let longest = texts.iter().map(|t| t.chars().count()).max().unwrap_or(0);
    let mut letter_at = vec![false; longest];
    for text in texts {
        for (slot, c) in letter_at.iter_mut().zip(text.chars()) {
            *slot |= !c.is_ascii() && is_alphabetic(c);
        }
    }
    texts
        .iter()
        .map(|text| {
            text.chars()
                .enumerate()
                .map(|(at, c)| weighed_as(c, letter_at.get(at).copied().unwrap_or(false)))
                .collect()
        })
        .collect()
}

/// The Latin page `text` reads best in, when it reads markedly better there than as it
/// is.
pub(super) fn rereading(text: &str) -> Option<Rereading> {
    let contenders = contenders(text);
    if contenders.is_empty() {
        return None;
    }
    let mut texts: Vec<&str> = vec![text];
    texts.extend(contenders.iter().map(|(_, r, _)| r.as_str()));
    let masked = letters_kept_as_letters(&texts);
    let masked: Vec<&str> = masked.iter().map(String::as_str).collect();
    let fits = language::fit_many(&masked);
    let before = fits[0];
    let words = text
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count();
    let (best, _) = contenders
        .iter()
        .zip(&fits[1..])
        // It must leave at most half the letter pairs no language has, of at least two:
        // a text in a language without a profile reads poorly either way. On weak
        // evidence it must leave none, and gain more.
        .filter(|(c, after)| {
            before.unseen >= 2
                && 2 * after.unseen <= before.unseen
                && (c.2 == Evidence::Strong || 4 * after.unseen <= before.unseen)
        })
        .map(|(c, after)| {
            let pairs = (before.unseen - after.unseen) as i32;
            (
                c,
                before.excess() - after.excess() + UNSEEN_PAIR_GAIN * pairs,
            )
        })
        .filter(|(c, gain)| {
            *gain
                >= match c.2 {
                    Evidence::Strong => MIN_TEXT_GAIN,
                    Evidence::Weak if words >= 2 => MIN_TEXT_GAIN_WEAK,
                    Evidence::Weak => i32::MAX,
                }
        })
        // (The first of equals: `TRUTHS` is in order of preference.)
        .fold(
            None,
            |best: Option<(&(&str, String, Evidence), i32)>, (c, gain)| match best {
                Some((_, g)) if g >= gain => best,
                _ => Some((c, gain)),
            },
        )?;
    let has_cp1252_extra = text.chars().any(super::is_cp1252_extra);
    let has_c1 = text.chars().any(|c| ('\u{80}'..'\u{A0}').contains(&c));
    Some(Rereading {
        wrong: if has_c1 && !has_cp1252_extra {
            "ISO-8859-1"
        } else {
            "windows-1252"
        },
        truth: best.0,
        text: best.1.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_or_two_reread_in_long_words_of_a_clear_language() {
        // ISO-8859-2 Hungarian shown as latin-1: only `ő`/`ű` differ, one bigram or two
        // per word, among words that are plainly Hungarian.
        let found = rereading("Fûtéskorszerûsítés a belvárosi iskolákban");
        assert_eq!(
            found.map(|r| r.text).as_deref(),
            Some("Fűtéskorszerűsítés a belvárosi iskolákban")
        );
        // French `û` among French words stays.
        assert_eq!(rereading("Il est sûr que la flûte coûte cher."), None);
        assert_eq!(rereading("Tõnu ütles, et põhjus on mõistetav."), None);
        // Symbols read as letters (`£` `¼` `³` are ISO-8859-2's `Ł` `ź` `ł`) are weighed
        // as letters, so the page that rereads them all beats the one rereading `ñ` only.
        assert_eq!(
            rereading("Gdañsk, £ód¼, Poznañ, Wroc³aw i Szczecin").map(|r| r.text),
            Some("Gdańsk, Łódź, Poznań, Wrocław i Szczecin".to_owned())
        );
        assert_eq!(rereading("Volumen: 10 m³, Preis: 5 €, ¼ Anteil"), None);
    }

    /// The fixtures' lines, and each as its Latin pages' bytes shown as windows-1252:
    /// texts every page rereads something of.
    fn texts_and_misreadings() -> Vec<String> {
        let shown = crate::Charset::for_label("windows-1252").unwrap();
        let mut texts = crate::test_fixtures::texts();
        for text in texts.clone() {
            for &truth in TRUTHS {
                if let Some(bytes) = crate::Charset::for_label(truth).unwrap().encode(&text) {
                    texts.push(shown.decode(&bytes).text);
                }
            }
        }
        texts.extend(
            [
                "",
                "è",
                "é",
                "Povodnì na Moravì",
                "Sorularýnýzý",
                "a\u{8A}b",
            ]
            .map(String::from),
        );
        texts
    }

    /// `reread` as first written, building every string: the definition the one that
    /// copies only the changed words must agree with.
    #[derive(Default)]
    struct RereadReference {
        text: String,
        changed_before: String,
        changed_after: String,
        unchanged: String,
        beyond_final_graves: bool,
    }

    fn reread_reference(
        text: &str,
        bytes: &[u8],
        page: &SingleBytePage,
    ) -> Option<RereadReference> {
        let mut found = RereadReference::default();
        let mut word_before = String::new();
        let mut word_after = String::new();
        let mut word_changed = false;
        let end_word =
            |found: &mut RereadReference, before: &mut String, after: &mut String, changed| {
                if changed {
                    found.changed_before.push_str(before);
                    found.changed_before.push(' ');
                    found.changed_after.push_str(after);
                    found.changed_after.push(' ');
                } else {
                    found.unchanged.push_str(before);
                    found.unchanged.push(' ');
                }
                before.clear();
                after.clear();
            };
        let mut chars = text.chars().zip(bytes).peekable();
        while let Some((c, &b)) = chars.next() {
            let r = if b < 0x80 { c } else { page.decode_byte(b)? };
            if r != c {
                if !r.is_alphabetic() && !('\u{80}'..'\u{A0}').contains(&c) {
                    return None;
                }
                word_changed = true;
                let ends_word = chars.peek().is_none_or(|&(next, _)| !next.is_alphabetic());
                let grave = matches!(c, 'à' | 'è' | 'ì' | 'ò' | 'ù' | 'À' | 'È' | 'Ì' | 'Ò' | 'Ù');
                found.beyond_final_graves |= !(grave && ends_word);
            }
            found.text.push(r);
            if c.is_whitespace() {
                end_word(&mut found, &mut word_before, &mut word_after, word_changed);
                word_changed = false;
            } else {
                // (A symbol read as a letter is weighed as an unknown letter.)
                word_before.push(if c.is_alphabetic() || !r.is_alphabetic() {
                    c
                } else {
                    UNKNOWN_LETTER
                });
                word_after.push(r);
            }
        }
        end_word(&mut found, &mut word_before, &mut word_after, word_changed);
        (found.text != text).then_some(found)
    }

    /// `reread` and `reread_text` give what the definition gives, and the words it leaves
    /// cost and count what the text less its changed words does (`words_gain`'s context).
    #[test]
    fn reread_matches_the_reference() {
        let shown = crate::Charset::for_label("windows-1252").unwrap();
        let mut some = 0;
        let mut texts = texts_and_misreadings();
        // (A C1 NEL is whitespace, and ISO-8859-2 keeps it where windows-1250 has `…`.)
        texts.extend(
            [
                "žluťoučký\u{85}kůň",
                "a\u{85}",
                "\u{85}",
                "Povodnì\u{A0}na  Moravì ",
            ]
            .map(String::from),
        );
        for text in texts {
            let Some(bytes) = crate::repair::encode_keeping_c1(shown, &text) else {
                continue;
            };
            for &name in TRUTHS {
                let page = single_byte_page(name).unwrap();
                let expected = reread_reference(&text, &bytes, page);
                let found = reread(&text, &bytes, page);
                assert_eq!(found.is_some(), expected.is_some(), "{name} {text:?}");
                let pre = rereads(&text, &bytes, page);
                assert_eq!(pre, expected.is_some(), "{name} {text:?}");
                let (Some(found), Some(expected)) = (found, expected) else {
                    continue;
                };
                some += 1;
                assert_eq!(
                    found.changed_before, expected.changed_before,
                    "{name} {text:?}"
                );
                assert_eq!(
                    found.changed_after, expected.changed_after,
                    "{name} {text:?}"
                );
                assert_eq!(
                    found.beyond_final_graves, expected.beyond_final_graves,
                    "{name} {text:?}"
                );
                assert_eq!(
                    reread_text(&text, &bytes, page),
                    Some(expected.text),
                    "{name} {text:?}"
                );
                assert_eq!(found.unchanged, expected.unchanged, "{name} {text:?}");
            }
        }
        assert!(some > 100, "{some}");
    }

    /// Prints the gains on the corpora, for choosing the margins:
    /// `cargo test --release --lib latin_pages::tests::calibrate -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn calibrate() {
        let show = |label: &str, text: &str| {
            let contenders = contenders(text);
            if contenders.is_empty() {
                return;
            }
            let mut texts: Vec<&str> = vec![text];
            texts.extend(contenders.iter().map(|(_, r, _)| r.as_str()));
            let fits = language::fit_many(&texts);
            for ((name, r, _), f) in contenders.iter().zip(&fits[1..]) {
                let page = single_byte_page(name).unwrap();
                let rr = reread_reference(
                    text,
                    &crate::repair::encode_keeping_c1(
                        crate::Charset::for_label("windows-1252").unwrap(),
                        text,
                    )
                    .unwrap(),
                    page,
                )
                .unwrap();
                let ctx = language::fit(&rr.unchanged);
                let costs = language::latin_costs(&rr.unchanged);
                let (b, a) = (
                    language::latin_costs(&rr.changed_before),
                    language::latin_costs(&rr.changed_after),
                );
                let cg = costs
                    .iter()
                    .enumerate()
                    .min_by_key(|&(_, &c)| c)
                    .filter(|(_, c)| **c > 0)
                    .map(|(l, _)| {
                        (
                            language::latin_language_code(l),
                            b[l] as i64 - a[l] as i64,
                            b[l],
                            a[l],
                        )
                    });
                println!(
                    "{label}\t{}\t{}/{}\t{name}\t{text}\t{r}\t{}/{}\t{cg:?}",
                    fits[0].excess() - f.excess()
                        + UNSEEN_PAIR_GAIN * (fits[0].unseen as i32 - f.unseen as i32),
                    fits[0].unseen,
                    f.unseen,
                    ctx.unseen,
                    ctx.bigrams
                );
            }
        };
        if let Ok(texts) = std::env::var("MOJIFIX_TEXTS") {
            for text in texts.split('\n') {
                let bytes = crate::repair::encode_keeping_c1(
                    crate::Charset::for_label("windows-1252").unwrap(),
                    text,
                );
                for &name in TRUTHS {
                    let page = single_byte_page(name).unwrap();
                    if let Some(r) = bytes.as_ref().and_then(|b| reread_reference(text, b, page)) {
                        let costs = |t: &str| language::latin_costs(t);
                        let ctx = costs(&r.unchanged);
                        let best = ctx.iter().enumerate().min_by_key(|&(_, &c)| c);
                        let (b, a) = (costs(&r.changed_before), costs(&r.changed_after));
                        let fits = language::fit_many(&[text, &r.text]);
                        println!(
                            "{name}: ctx best {best:?} word gain there {:?} max {:?} | fit {:?} -> {:?} | {}",
                            best.map(|(l, _)| b[l] as i64 - a[l] as i64),
                            b.iter().zip(&a).map(|(&x, &y)| x as i64 - y as i64).max(),
                            (fits[0].excess(), fits[0].unseen),
                            (fits[1].excess(), fits[1].unseen),
                            r.text
                        );
                    }
                }
            }
            return;
        }
        for entry in std::fs::read_dir("fixtures/corpus/clean").unwrap() {
            let path = entry.unwrap().path();
            let lang = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            for line in text.lines() {
                show(&format!("clean:{lang}"), line);
                let page = match lang.as_str() {
                    "pl" | "cs" | "sk" | "hu" | "hr" | "ro" => "windows-1250",
                    "lt" | "lv" | "et" => "windows-1257",
                    "tr" => "windows-1254",
                    _ => continue,
                };
                let charset = crate::Charset::for_label(page).unwrap();
                if let Some(bytes) = charset.encode(line) {
                    let shown = crate::Charset::for_label("windows-1252").unwrap();
                    let broken = shown.decode(&bytes).text;
                    if broken != line {
                        show(&format!("broken:{lang}"), &broken);
                    }
                }
            }
        }
        let real = std::fs::read_to_string("fixtures/corpus/real-clean/lines.jsonl").unwrap();
        for line in real.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            show("real-clean", v["text"].as_str().unwrap());
        }
    }
}
