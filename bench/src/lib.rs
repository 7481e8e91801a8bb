//! Inputs shared by the criterion benchmarks: clean lines from `fixtures/corpus/clean/`
//! and the same lines broken through the common mojibake families.
//!
//! The peer comparison (`peers/run.py`) builds its own, larger corpus with Python's
//! codecs; these inputs only need to be deterministic and representative of the hot paths.

use std::path::PathBuf;

use mojifix::Charset;

/// The project root (the parent of `bench/`).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// Clean lines per language file (`de`, `ja`, …), sorted by name, `tricky` left out.
pub fn clean_lines() -> Vec<(String, Vec<String>)> {
    let dir = root().join("fixtures/corpus/clean");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    names.sort();
    names
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| {
            let lang = p.file_stem()?.to_str()?.to_owned();
            if lang == "tricky" {
                return None;
            }
            let text = std::fs::read_to_string(&p).ok()?;
            let lines = text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned)
                .collect();
            Some((lang, lines))
        })
        .collect()
}

/// Every clean line of every language, interleaved so that a prefix of the list is
/// multilingual.
pub fn all_clean() -> Vec<String> {
    let langs = clean_lines();
    let longest = langs.iter().map(|(_, l)| l.len()).max().unwrap_or(0);
    let mut out = Vec::new();
    for i in 0..longest {
        for (_, lines) in &langs {
            if let Some(l) = lines.get(i) {
                out.push(l.clone());
            }
        }
    }
    out
}

/// `text` written as `truth` and read back as `wrong`, as a broken program would.
/// `None` when `truth` cannot encode the text or `wrong` cannot decode every byte.
pub fn misread(text: &str, truth: &str, wrong: &str) -> Option<String> {
    let bytes = if truth.eq_ignore_ascii_case("UTF-8") {
        text.as_bytes().to_vec()
    } else {
        Charset::for_label(truth)?.encode(text)?
    };
    Charset::for_label(wrong)?.decode_strict(&bytes)
}

/// A line from `lang` broken the way it usually is: UTF-8 read as windows-1252 for
/// Latin scripts, as windows-1251 for Cyrillic, GBK read as latin-1 for Chinese, UTF-8
/// read as Shift_JIS for Japanese, EUC-KR read as latin-1 for Korean.
pub fn break_line(lang: &str, line: &str) -> Option<String> {
    let (truth, wrong) = match lang {
        "ru" | "uk" | "bg" | "sr" => ("UTF-8", "windows-1251"),
        "zh-hans" => ("GBK", "ISO-8859-1"),
        "zh-hant" => ("UTF-8", "GBK"),
        "ja" => ("UTF-8", "Shift_JIS"),
        "ko" => ("EUC-KR", "ISO-8859-1"),
        _ => ("UTF-8", "windows-1252"),
    };
    misread(line, truth, wrong).filter(|b| b != line)
}

/// Every line broken (those that can be), with its language.
pub fn all_broken() -> Vec<String> {
    let langs = clean_lines();
    let mut out = Vec::new();
    for (lang, lines) in &langs {
        for l in lines {
            if let Some(b) = break_line(lang, l) {
                out.push(b);
            }
        }
    }
    out
}

/// JSONL records `{"id": N, "text": ...}` of `lines`, with every `k`-th line broken when `broken_every` is `Some(k)`.
pub fn jsonl(broken_every: Option<usize>) -> Vec<u8> {
    let mut out = String::new();
    let langs = clean_lines();
    let mut n = 0usize;
    for (lang, lines) in &langs {
        for l in lines {
            n += 1;
            let text = match broken_every {
                Some(k) if n.is_multiple_of(k) => break_line(lang, l).unwrap_or_else(|| l.clone()),
                _ => l.clone(),
            };
            let literal = serde_json::to_string(&text).unwrap_or_default();
            out.push_str(&format!(
                "{{\"id\":{n},\"text\":{literal},\"lang\":\"{lang}\"}}\n"
            ));
        }
    }
    out.into_bytes()
}
