//! How much a decoded reading reads like a language, for the contest's re-ranking: the
//! repair engine's letter-bigram model (`repair::language`, Wikipedia profiles) applied so
//! that readings of the same bytes are compared fairly.
//!
//! `language::fit` prices bigrams of letters of the scripts it covers; a character that is
//! no letter is a word boundary, and letters of other scripts (Han, Hangul, kana) are not
//! priced. Used naively, that favours readings that turn letters into symbols or into
//! CJK, since fewer priced bigrams cost less. So here:
//!
//! - a non-ASCII symbol glued to a letter (`f„hrt`, `Stra¯e`, `‚чера` for `Вчера`) is
//!   priced as the unseen bigrams it makes: a symbol costs about what the letter pairs it
//!   replaces would, so turning letters into symbols gains nothing (quotes glued to words
//!   pay too; they are rarer than the letters other pages put on those bytes);
//! - a reading whose non-ASCII characters are mostly letters the model does not cover
//!   gets no language term at all (`None`): the model has nothing to say about it, and
//!   the contest treats it as neutral.

use super::model::Script;
use crate::repair::language;

/// What a bigram no language of its script shows costs beyond an ordinary one, in bits
/// (`language::Fit::excess`: about 14.5 − 8).
const UNSEEN_EXCESS_BITS: f64 = 6.5;

/// How many characters of a reading are priced.
const PRICED_CHARS: usize = 640;

/// The script of `c` when the language model prices it as a letter (a covered script).
fn covered_script(c: char) -> Option<Script> {
    let script = super::model::classify(c).script;
    (super::alpha::is_alphabetic(c)
        && matches!(
            script,
            Script::Latin
                | Script::Cyrillic
                | Script::Greek
                | Script::Arabic
                | Script::Hebrew
                | Script::Thai
                | Script::Indic
        ))
    .then_some(script)
}

/// The language model's excess cost of `text` in bits (lower reads more like a language),
/// or `None` when most non-ASCII characters are letters the model does not cover.
#[cfg(test)] // The contest prices its readings together (`excess_bits_many`).
pub fn excess_bits(text: &str) -> Option<f64> {
    let (priced, glued_sides) = priced(text)?;
    Some(excess(language::fit(&priced), glued_sides))
}

/// `excess_bits` of each text, the texts being readings of the same bytes: their common
/// bigrams are looked up once (`language::fit_many`), with the same result.
pub fn excess_bits_many(texts: &[&str]) -> Vec<Option<f64>> {
    let priced: Vec<Option<(String, usize)>> = texts.iter().map(|t| priced(t)).collect();
    let strings: Vec<&str> = priced.iter().flatten().map(|(p, _)| p.as_str()).collect();
    let mut fits = language::fit_many(&strings).into_iter();
    priced
        .iter()
        .map(|p| {
            let (_, glued_sides) = p.as_ref()?;
            Some(excess(fits.next()?, *glued_sides))
        })
        .collect()
}

fn excess(fit: language::Fit, glued_sides: usize) -> f64 {
    f64::from(fit.excess_quarter_bits) / 4.0 + glued_sides as f64 * UNSEEN_EXCESS_BITS
}

/// The text as the language model is to price it (symbols as word boundaries), and how
/// many letter sides symbols are glued to; `None` when most non-ASCII characters are
/// letters the model does not cover.
fn priced(text: &str) -> Option<(String, usize)> {
    // The term is capped, so a limited stretch of text says as much as the whole sample.
    let end = text
        .char_indices()
        .nth(PRICED_CHARS)
        .map_or(text.len(), |(i, _)| i);
    // One pass with the chars before and after at hand (no copy of the text as chars).
    let mut chars = text[..end].chars().peekable();
    let mut priced = String::with_capacity(text.len());
    let mut glued_sides = 0usize;
    let (mut covered, mut uncovered) = (0usize, 0usize);
    let mut prev: Option<char> = None;
    // Each script picks its own best language, so a one- or two-letter word of another
    // script between Latin words reads as a cheap word of that language (`jeudi а Lyon`
    // with Cyrillic `а`: Russian's conjunction) while the accented letter of the real
    // reading (`à`) pays as a rare one of the text's language. Such a word is priced as
    // the two unseen pairs of its switches in and out of the script. (Longer words of
    // another script among Latin ones are real text: `<title>` markup, product names.)
    // The last three words' scripts and lengths, the current one last.
    let mut words: [Option<(Script, usize)>; 3] = [None; 3];
    let mut switches = 0usize;
    let word_start = |before: Option<char>| !before.is_some_and(super::alpha::is_alphabetic);
    let mut letter = |script: Script, starts: bool| {
        if !starts {
            if let Some((_, len)) = &mut words[2] {
                *len += 1;
            }
            return;
        }
        words = [words[1], words[2], Some((script, 1))];
        if let [Some((a, _)), Some((b, len)), Some((c, _))] = words
            && a == Script::Latin
            && c == Script::Latin
            && b != Script::Latin
            && len <= 2
        {
            switches += 2;
        }
    };
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let before = prev;
        prev = Some(c);
        if c.is_ascii() {
            if c.is_ascii_alphabetic() {
                letter(Script::Latin, word_start(before));
            }
            priced.push(c);
            continue;
        }
        // Ordinal indicators are alphabetic, but the model reads them as no letter.
        if super::alpha::is_alphabetic(c) && !matches!(c, 'ª' | 'º') {
            match covered_script(c) {
                Some(script) => {
                    covered += 1;
                    letter(script, word_start(before));
                }
                None => uncovered += 1,
            }
            priced.push(c);
            continue;
        }
        if unicode_normalization::char::is_combining_mark(c) {
            // Composing marks (windows-1258) are the model's business.
            priced.push(c);
            continue;
        }
        let letter = |n: Option<char>| n.is_some_and(super::alpha::is_alphabetic);
        let is_l = |n: Option<char>| n.is_some_and(|n| n.eq_ignore_ascii_case(&'l'));
        let sides = usize::from(letter(before)) + usize::from(letter(next));
        // A symbol beside a letter is no writing of any language: priced as the unseen
        // bigram it makes, on each side. Exempt: the apostrophe (`l’été`); beside one
        // letter, the no-break space (French `mot\u{A0}:`) and the ordinal indicators
        // (`Nº`); the middle dot of Catalan `l·l` (its only use between letters: `str·nke`
        // is Slovak `stránke` read as macintosh).
        // A no-break space beside an ordinary one spaces nothing (` \u{A0}to` is Croatian
        // ` što` read as KOI8-R): not exempt.
        let spaced = |n: Option<char>| n.is_some_and(char::is_whitespace);
        let exempt = c == '’'
            || (sides == 1 && matches!(c, 'ª' | 'º'))
            || (sides == 1 && c == '\u{A0}' && !spaced(before) && !spaced(next))
            || (c == '·' && is_l(before) && is_l(next));
        if sides > 0 && !exempt {
            glued_sides += sides;
            covered += 1;
        }
        priced.push(' ');
    }
    if uncovered > covered {
        return None;
    }
    glued_sides += switches;
    Some((priced, glued_sides))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misreadings_cost_more() {
        for (good, bad) in [
            ("Straßenbahn fährt", "Straáenbahn f„hrt"),
            ("Mēs rīt brauksim uz jūru", "Mçs rît brauksim uz jûru"),
            ("Yarın sabah erkenden", "Yarýn sabah erkenden"),
            ("Preşedintele", "Preºedintele"),
            ("Вчера вечером", "‚чера вечером"),
            ("nije što je", "nije \u{A0}to je"),
            ("l'inflazione è arriva", "l'inflazione и arriva"),
        ] {
            let (g, b) = (excess_bits(good), excess_bits(bad));
            assert!(g < b, "{good} {g:?} vs {bad} {b:?}");
        }
    }

    #[test]
    fn priced_together_or_alone_alike() {
        let texts = [
            "Straßenbahn fährt",
            "Straáenbahn f„hrt",
            "Вчера вечером",
            "‚чера вечером",
            "日本語の本",
            "plain words",
            "",
            "Yarın sabah",
            "Yarýn sabah",
        ];
        let alone: Vec<Option<f64>> = texts.iter().map(|t| excess_bits(t)).collect();
        assert_eq!(excess_bits_many(&texts), alone);
        assert_eq!(excess_bits_many(&texts[..1]), alone[..1]);
    }

    #[test]
    fn long_words_of_another_script_are_not_switches() {
        // A Cyrillic word after markup is real text: priced as its letters only.
        let (_, glued) = priced("<description>Ясимки</description>").unwrap();
        assert_eq!(glued, 0);
        let (_, glued) = priced("jeudi а Lyon").unwrap();
        assert_eq!(glued, 2);
    }

    #[test]
    fn uncovered_readings_are_neutral() {
        assert_eq!(excess_bits("日本語の本"), None);
        assert!(excess_bits("plain words").is_some());
    }
}
