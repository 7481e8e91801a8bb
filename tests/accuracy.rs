//! Repair accuracy on the project's own corpora, per family, with floors that the engine
//! must not fall below. Run with `-- --nocapture` to see the table.
//!
//! - Synthetic: every clean line of `fixtures/corpus/clean/` (34 files, 33 languages plus
//!   `tricky.txt`) is broken through each family with encoding_rs and must come back
//!   exactly; broken lines that no decoder could tell from clean text (the break did not
//!   change the line) are skipped.
//! - Clean: every clean line must come through unchanged; so must real lines of web pages
//!   and feeds of known encoding (`fixtures/corpus/real-clean/`, from chardet's and
//!   charset-normalizer's test files).
//! - Real: `fixtures/corpus/real/real-mojibake.jsonl`, mojibake quoted from public bug
//!   reports (each with its source URL), plus synthetic variants marked as such.

use std::collections::BTreeMap;
use std::fs;

use mojifix::{Charset, Options, fix_text};
use unicode_normalization::UnicodeNormalization;

struct Tally {
    total: usize,
    right: usize,
    failures: Vec<String>,
}

impl Tally {
    fn new() -> Tally {
        Tally {
            total: 0,
            right: 0,
            failures: Vec::new(),
        }
    }
    fn rate(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.right as f64 / self.total as f64
        }
    }
}

fn clean_corpus() -> Vec<(String, String)> {
    let mut lines = Vec::new();
    let mut paths: Vec<_> = fs::read_dir("fixtures/corpus/clean")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths {
        let lang = path.file_stem().unwrap().to_string_lossy().into_owned();
        for line in fs::read_to_string(&path).unwrap().lines() {
            if !line.trim().is_empty() {
                lines.push((lang.clone(), line.to_owned()));
            }
        }
    }
    lines
}

fn charset(name: &str) -> Charset {
    Charset::for_label(name).unwrap_or_else(|| panic!("no charset {name}"))
}

/// Bytes decoded with `wrong`; `None` if the decode is lossy (undecodable bytes).
fn misread(bytes: &[u8], wrong: &str) -> Option<String> {
    let decoded = charset(wrong).decode(bytes);
    decoded.undecodable.is_empty().then_some(decoded.text)
}

/// The family a language's legacy encoding belongs to.
fn legacy_encoding(lang: &str) -> Option<&'static str> {
    Some(match lang {
        "ru" | "uk" | "bg" | "sr" => "windows-1251",
        "el" => "ISO-8859-7",
        "he" => "windows-1255",
        "ar" | "fa" => "windows-1256",
        "tr" => "windows-1254",
        "pl" | "cs" | "sk" | "hu" | "hr" | "ro" => "windows-1250",
        "lt" | "lv" | "et" => "windows-1257",
        "th" => "windows-874",
        _ => return None,
    })
}

fn cjk_encodings(lang: &str) -> &'static [&'static str] {
    match lang {
        "zh-hans" => &["GBK"],
        "zh-hant" => &["Big5"],
        "ja" => &["Shift_JIS", "EUC-JP"],
        "ko" => &["EUC-KR"],
        _ => &[],
    }
}

thread_local! {
    static IDEMPOTENCE: std::cell::RefCell<Tally> = std::cell::RefCell::new(Tally::new());
}

/// Whether `got` gives back every char of `want` or U+FFFD in its place (where its bytes
/// were lost), and at least one non-ASCII char.
fn restored_with_marks(got: &str, want: &str) -> bool {
    got.chars().count() == want.chars().count()
        && got
            .chars()
            .zip(want.chars())
            .all(|(g, w)| g == w || g == '\u{FFFD}')
        && got
            .chars()
            .zip(want.chars())
            .any(|(g, w)| g == w && !w.is_ascii())
}

/// How many failures per family are listed (`MOJIFIX_FAILURES=N` to see more).
fn failures_shown() -> usize {
    std::env::var("MOJIFIX_FAILURES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30)
}

fn check(tally: &mut Tally, broken: &str, expected: &str, options: &Options) {
    check_with(tally, broken, expected, options, |got| got == expected);
}

/// `check` with its own rule for a right answer (`expected` is what failures show).
/// Returns the fixed text, unless `broken` was already `expected` (nothing checked).
fn check_with(
    tally: &mut Tally,
    broken: &str,
    expected: &str,
    options: &Options,
    right: impl Fn(&str) -> bool,
) -> Option<String> {
    if broken == expected {
        return None;
    }
    tally.total += 1;
    let got = fix_text(broken, options);
    // Fixing fixed text changes nothing (tallied for all families together).
    IDEMPOTENCE.with(|t| {
        let mut t = t.borrow_mut();
        t.total += 1;
        let twice = fix_text(&got, options);
        if twice == got {
            t.right += 1;
        } else if t.failures.len() < failures_shown() {
            t.failures.push(format!("{broken:?} → {got:?} → {twice:?}"));
        }
    });
    if right(&got) {
        tally.right += 1;
    } else if tally.failures.len() < failures_shown() {
        tally
            .failures
            .push(format!("{broken:?} → {got:?}, want {expected:?}"));
    }
    Some(got)
}

/// Counts `text` right when fixing leaves it as it is.
fn check_unchanged(tally: &mut Tally, text: &str, lang: &str, options: &Options) {
    tally.total += 1;
    let got = fix_text(text, options);
    if got == text {
        tally.right += 1;
    } else if tally.failures.len() < failures_shown() {
        tally.failures.push(format!("[{lang}] {text:?} → {got:?}"));
    }
}

fn measure() -> BTreeMap<&'static str, Tally> {
    let options = Options::default();
    let mut families: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let lines = clean_corpus();
    // Clean words alone, as single-word fields (names, cities) are: no context tells
    // their language, and a word of a language the profiles lack reads like none.
    {
        let mut words: Vec<String> = Vec::new();
        for (_, line) in &lines {
            for word in line.split_whitespace() {
                let word =
                    word.trim_matches(|c: char| c.is_ascii_punctuation() || "«»“”„".contains(c));
                if !word.is_ascii() {
                    words.push(word.to_owned());
                    // (Upper-casing may leave a decomposed letter that NFC composes.)
                    let upper: String = word.to_uppercase().nfc().collect();
                    if upper != word {
                        words.push(upper);
                    }
                }
            }
        }
        words.sort();
        words.dedup();
        let t = families
            .entry("clean words alone unchanged")
            .or_insert_with(Tally::new);
        for word in words {
            check_unchanged(t, &word, "", &options);
        }
    }
    // Correct lines written for the project, each file a family that must come through
    // unchanged: short fields in 13 Latin-script languages too short for the language
    // model to be sure of (names, addresses, prices, capitals), and a probe of false
    // fixes across ~100 languages and the registers scraped records hold (references,
    // chat, code, soft hyphens, Arabic and Hebrew punctuation, halfwidth katakana, jamo).
    for (family, path) in [
        (
            "short correct lines unchanged",
            "fixtures/corpus/short-clean.txt",
        ),
        (
            "correct probe lines unchanged",
            "fixtures/corpus/correct-probe.txt",
        ),
    ] {
        let t = families.entry(family).or_insert_with(Tally::new);
        for line in fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            check_unchanged(t, line, "", &options);
        }
    }
    // The same lines in capitals and in title case (headlines, name fields): other
    // letters, the same languages.
    {
        let t = families
            .entry("clean upper/title case unchanged")
            .or_insert_with(Tally::new);
        for (lang, line) in &lines {
            let upper: String = line.to_uppercase().nfc().collect();
            let title: String = line
                .split(' ')
                .map(|w| {
                    let mut chars = w.chars();
                    chars.next().map_or(String::new(), |first| {
                        first.to_uppercase().chain(chars).collect::<String>()
                    })
                })
                .collect::<Vec<_>>()
                .join(" ")
                .nfc()
                .collect();
            for variant in [upper, title] {
                if &variant == line {
                    continue;
                }
                check_unchanged(t, &variant, lang, &options);
            }
        }
    }
    for (lang, line) in &lines {
        let utf8 = line.as_bytes();
        // Clean text must not change.
        {
            let t = families.entry("clean unchanged").or_insert_with(Tally::new);
            t.total += 1;
            let got = fix_text(line, &options);
            if &got == line {
                t.right += 1;
            } else if t.failures.len() < 20 {
                t.failures.push(format!("[{lang}] {line:?} → {got:?}"));
            }
        }
        // 1. UTF-8 read as a single-byte page.
        for wrong in [
            "windows-1252",
            "windows-1250",
            "windows-1251",
            "windows-1253",
            "windows-1254",
            "windows-1257",
            "KOI8-R",
            "macintosh",
            "IBM437",
            "IBM850",
            "IBM866",
            "ISO-8859-2",
            "ISO-8859-1",
        ] {
            if let Some(broken) = misread(utf8, wrong) {
                let family = match wrong {
                    "windows-1252" | "ISO-8859-1" => "utf8 as latin-1/1252",
                    "IBM437" | "IBM850" | "IBM866" => "utf8 as DOS pages",
                    _ => "utf8 as other sbcs",
                };
                check(
                    families.entry(family).or_insert_with(Tally::new),
                    &broken,
                    line,
                    &options,
                );
            }
        }
        // 8. Lost bytes: UTF-8 read as windows-1252, whose undefined bytes (81 8D 8F 90
        // 9D) were dropped or written as `?` / U+FFFD. Right when every other char comes
        // back and each char that lost a byte is U+FFFD (information really gone) or,
        // where its word tells, the char itself; how often a char so restored is the
        // wrong one is tallied on its own. And NBSP (A0) turned into a plain space,
        // which can be restored exactly.
        if let Some(once) = misread(utf8, "windows-1252") {
            let lost = |c: char| matches!(c as u32, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D);
            if once.chars().any(lost) {
                let expected: String = line
                    .chars()
                    .map(|c| {
                        let mut buf = [0u8; 4];
                        let bytes = c.encode_utf8(&mut buf).as_bytes();
                        if bytes
                            .iter()
                            .any(|&b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
                        {
                            '\u{FFFD}'
                        } else {
                            c
                        }
                    })
                    .collect();
                for mark in [None, Some('?'), Some('\u{FFFD}')] {
                    let broken: String = once
                        .chars()
                        .filter_map(|c| if lost(c) { mark } else { Some(c) })
                        .collect();
                    let right = |got: &str| {
                        got.chars().count() == expected.chars().count()
                            && got.chars().zip(expected.chars()).zip(line.chars()).all(
                                |((g, e), original)| g == e || (e == '\u{FFFD}' && g == original),
                            )
                    };
                    let checked = check_with(
                        families
                            .entry("utf8 as 1252, lost bytes")
                            .or_insert_with(Tally::new),
                        &broken,
                        &expected,
                        &options,
                        right,
                    );
                    // Precision of the restorations: of the chars that lost a byte and
                    // came back as something other than U+FFFD, how many are right.
                    let got = checked.unwrap_or_else(|| fix_text(&broken, &options));
                    let elsewhere_right = got.chars().count() == expected.chars().count()
                        && got
                            .chars()
                            .zip(expected.chars())
                            .all(|(g, e)| g == e || e == '\u{FFFD}');
                    if elsewhere_right {
                        let t = families
                            .entry("lost bytes: restored char right")
                            .or_insert_with(Tally::new);
                        for ((g, e), original) in
                            got.chars().zip(expected.chars()).zip(line.chars())
                        {
                            // (A completion: a char of the same length and lead byte. A
                            // leftover of the misreading, `Ã`, is another failure.)
                            let mut a = [0u8; 4];
                            let mut b = [0u8; 4];
                            let (gb, ob) = (
                                g.encode_utf8(&mut a).as_bytes(),
                                original.encode_utf8(&mut b).as_bytes(),
                            );
                            let leftover = misread(&ob[..1], "windows-1252")
                                .is_some_and(|lead| lead.starts_with(g));
                            if e == '\u{FFFD}'
                                && g != '\u{FFFD}'
                                && !leftover
                                && gb.len() == ob.len()
                                && gb[0] == ob[0]
                            {
                                t.total += 1;
                                if g == original {
                                    t.right += 1;
                                } else if t.failures.len() < failures_shown() {
                                    t.failures
                                        .push(format!("{broken:?} → {got:?}: {g} for {original}"));
                                }
                            }
                        }
                    }
                }
            }
            if once.contains('\u{A0}') && !line.contains('\u{A0}') {
                check(
                    families
                        .entry("utf8 as 1252, NBSP as space")
                        .or_insert_with(Tally::new),
                    &once.replace('\u{A0}', " "),
                    line,
                    &options,
                );
            }
        }
        // UTF-8 bytes sign-extended into U+FF80–U+FFFF (`(char) b` on a Java byte).
        if !line.is_ascii() {
            let broken: String = utf8
                .iter()
                .map(|&b| {
                    char::from_u32(if b < 0x80 {
                        b.into()
                    } else {
                        0xFF00 + u32::from(b)
                    })
                })
                .collect::<Option<String>>()
                .unwrap_or_default();
            check(
                families
                    .entry("utf8 as sign-extended bytes")
                    .or_insert_with(Tally::new),
                &broken,
                line,
                &options,
            );
        }
        // Two layers.
        if let Some(once) = misread(utf8, "windows-1252")
            && let Some(twice) = misread(once.as_bytes(), "windows-1252")
        {
            check(
                families
                    .entry("utf8 as 1252, twice")
                    .or_insert_with(Tally::new),
                &twice,
                line,
                &options,
            );
        }
        // 3. A legacy single-byte page read as latin-1 / windows-1252.
        if let Some(enc) = legacy_encoding(lang)
            && let Some(bytes) = charset(enc).encode(line)
        {
            for wrong in ["ISO-8859-1", "windows-1252"] {
                if let Some(broken) = misread(&bytes, wrong) {
                    check(
                        families.entry("sbcs as latin-1").or_insert_with(Tally::new),
                        &broken,
                        line,
                        &options,
                    );
                }
            }
        }
        // 4. Legacy CJK read as latin-1 / windows-1252; 6. read as another CJK page.
        for &enc in cjk_encodings(lang) {
            let Some(bytes) = charset(enc).encode(line) else {
                continue;
            };
            // What the true encoding gives back is all a repair can restore: Shift_JIS
            // writes `¥` as 5C, which its decoder reads as `\` (paths need that).
            let Some(line) = misread(&bytes, enc) else {
                continue;
            };
            let line = line.as_str();
            for wrong in ["ISO-8859-1", "windows-1252"] {
                if let Some(broken) = misread(&bytes, wrong) {
                    check(
                        families.entry("cjk as latin-1").or_insert_with(Tally::new),
                        &broken,
                        line,
                        &options,
                    );
                }
            }
            for wrong in ["GBK", "Big5", "Shift_JIS", "EUC-KR"] {
                if wrong != enc
                    && let Some(broken) = misread(&bytes, wrong)
                {
                    check(
                        families.entry("cjk as cjk").or_insert_with(Tally::new),
                        &broken,
                        line,
                        &options,
                    );
                }
            }
        }
        // 5. UTF-8 read as a CJK page (only when that decode is lossless).
        for wrong in ["GBK", "Shift_JIS", "Big5", "EUC-KR"] {
            if !line.is_ascii()
                && let Some(broken) = misread(utf8, wrong)
            {
                check(
                    families.entry("utf8 as cjk").or_insert_with(Tally::new),
                    &broken,
                    line,
                    &options,
                );
            }
        }
        // 5b. The same, lossy: the misreading replaced what it could not decode with U+FFFD
        // (or a converter wrote `?`). Right when every char comes back or is U+FFFD
        // where its bytes were lost, and at least one comes back.
        for wrong in ["GBK", "Shift_JIS", "Big5", "EUC-KR"] {
            if line.is_ascii() {
                continue;
            }
            let decoded = charset(wrong).decode(utf8);
            if decoded.undecodable.is_empty() {
                continue;
            }
            for marked in [decoded.text.clone(), decoded.text.replace('\u{FFFD}', "?")] {
                let t = families
                    .entry("utf8 as cjk, lossy")
                    .or_insert_with(Tally::new);
                t.total += 1;
                let got = fix_text(&marked, &options);
                if restored_with_marks(&got, line) {
                    t.right += 1;
                } else if t.failures.len() < failures_shown() {
                    t.failures
                        .push(format!("{marked:?} → {got:?}, want {line:?}"));
                }
            }
        }
        // 7. Partial: one word broken inside correct text.
        let words: Vec<&str> = line.split(' ').collect();
        if words.len() >= 3
            && let Some((i, word)) = words
                .iter()
                .enumerate()
                .find(|(_, w)| !w.is_ascii() && w.chars().count() >= 3)
            && let Some(broken_word) = misread(word.as_bytes(), "windows-1252")
        {
            let mut broken_words = words.clone();
            broken_words[i] = &broken_word;
            check(
                families
                    .entry("partial (one word)")
                    .or_insert_with(Tally::new),
                &broken_words.join(" "),
                line,
                &options,
            );
        }
    }
    // 5c. UTF-8 read through Python's own codecs (`scripts/gen-python-codecs.py`): other
    // tables than encoding_rs's and another way of losing bytes (an invalid pair loses
    // its lead alone; a single-byte page's undefined byte is U+FFFD), as in text that
    // went through Python.
    let python = fs::read_to_string("fixtures/corpus/python-codecs.jsonl").unwrap();
    for row in python.lines() {
        let v: serde_json::Value = serde_json::from_str(row).unwrap();
        let (text, want) = (v["text"].as_str().unwrap(), v["expected"].as_str().unwrap());
        let lossy = v["lossy"].as_bool().unwrap();
        let codec = v["codec"].as_str().unwrap();
        let cjk = [
            "gbk",
            "big5",
            "shift_jis",
            "euc_kr",
            "cp932",
            "cp949",
            "cp950",
            "euc_jp",
        ]
        .contains(&codec);
        let name = match (cjk, lossy) {
            (true, false) => "utf8 as cjk (python)",
            (true, true) => "utf8 as cjk, lossy (python)",
            (false, _) => "utf8 as sbcs, lossy (python)",
        };
        let t = families.entry(name).or_insert_with(Tally::new);
        t.total += 1;
        let got = fix_text(text, &options);
        IDEMPOTENCE.with(|t| {
            let mut t = t.borrow_mut();
            t.total += 1;
            let twice = fix_text(&got, &options);
            if twice == got {
                t.right += 1;
            } else if t.failures.len() < failures_shown() {
                t.failures.push(format!("{text:?} → {got:?} → {twice:?}"));
            }
        });
        let right = if lossy {
            restored_with_marks(&got, want)
        } else {
            got == want
        };
        if right {
            t.right += 1;
        } else if t.failures.len() < failures_shown() {
            t.failures
                .push(format!("[{codec}] {text:?} → {got:?}, want {want:?}"));
        }
    }
    // Real text of known encoding (web pages and feeds) must not change; run with the
    // encoding preset's fixers only, as HTML entities in it are decoded on purpose.
    let encoding_only = Options::encoding_only();
    let real_clean = fs::read_to_string("fixtures/corpus/real-clean/lines.jsonl").unwrap()
        + &fs::read_to_string("fixtures/corpus/real-clean/web-lines.jsonl").unwrap();
    for line in real_clean.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap();
        let t = families
            .entry("real text unchanged")
            .or_insert_with(Tally::new);
        t.total += 1;
        let got = fix_text(text, &encoding_only);
        if got == text {
            t.right += 1;
        } else if t.failures.len() < failures_shown() {
            t.failures.push(format!(
                "[{}] {text:?} → {got:?}",
                v["source"].as_str().unwrap()
            ));
        }
    }
    // Real cases: the first collection, and a second one gathered later from other
    // threads and pages (scored on its own, so the first's floor keeps its meaning).
    let real = fs::read_to_string("fixtures/corpus/real/real-mojibake.jsonl").unwrap();
    let second = fs::read_to_string("fixtures/corpus/real/real-mojibake-2.jsonl").unwrap();
    let cases = real
        .lines()
        .map(|l| (l, false))
        .chain(second.lines().map(|l| (l, true)));
    for (line, later) in cases {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap();
        let expected = v["expected"].as_str().unwrap();
        let synthetic = v["source"] == "synthetic";
        let name = if later {
            "real file: from the wild, 2nd"
        } else if synthetic {
            "real file: synthetic"
        } else {
            "real file: from the wild"
        };
        check(
            families.entry(name).or_insert_with(Tally::new),
            text,
            expected,
            &options,
        );
    }
    let idempotence = IDEMPOTENCE.with(|t| std::mem::replace(&mut *t.borrow_mut(), Tally::new()));
    families.insert("idempotent (all broken)", idempotence);
    families
}

#[test]
fn repair_rates_per_family() {
    let families = measure();
    println!(
        "\n{:<28} {:>6} {:>6} {:>7}",
        "family", "right", "total", "rate"
    );
    for (name, t) in &families {
        println!(
            "{:<28} {:>6} {:>6} {:>6.1}%",
            name,
            t.right,
            t.total,
            100.0 * t.rate()
        );
    }
    for (name, t) in &families {
        for f in &t.failures {
            println!("  {name}: {f}");
        }
    }
    // Floors: measured values, rounded down. Raise them as the engine improves.
    let floors: &[(&str, f64)] = &[
        ("clean unchanged", 0.999),
        ("clean words alone unchanged", 0.999),
        ("short correct lines unchanged", 0.99),
        ("correct probe lines unchanged", 0.98),
        ("clean upper/title case unchanged", 0.999),
        ("real text unchanged", 0.997),
        ("idempotent (all broken)", 0.999),
        ("utf8 as latin-1/1252", 0.99),
        ("utf8 as other sbcs", 0.97),
        ("utf8 as DOS pages", 0.99),
        ("utf8 as sign-extended bytes", 0.99),
        ("utf8 as 1252, twice", 0.995),
        ("utf8 as 1252, lost bytes", 0.945),
        ("lost bytes: restored char right", 0.98),
        ("utf8 as 1252, NBSP as space", 0.975),
        ("sbcs as latin-1", 0.93),
        ("cjk as latin-1", 0.99),
        ("cjk as cjk", 0.92),
        ("utf8 as cjk", 0.98),
        ("utf8 as cjk, lossy", 0.70),
        ("utf8 as cjk (python)", 0.98),
        ("utf8 as cjk, lossy (python)", 0.70),
        ("utf8 as sbcs, lossy (python)", 0.89),
        ("partial (one word)", 0.975),
        ("real file: from the wild", 0.86),
        ("real file: from the wild, 2nd", 0.76),
        ("real file: synthetic", 0.975),
    ];
    let mut low = Vec::new();
    for (name, floor) in floors {
        let rate = families.get(name).map_or(0.0, Tally::rate);
        if rate < *floor {
            low.push(format!(
                "{name}: {:.1}% < floor {:.1}%",
                rate * 100.0,
                floor * 100.0
            ));
        }
    }
    assert!(low.is_empty(), "below floor: {low:#?}");
}
