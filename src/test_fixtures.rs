//! Texts from the fixtures for the tests that compare a fast path with its definition.

/// Lines of the fixtures: every clean line, the same with curly quotes, fullwidth
/// forms and as UTF-8 read as windows-1252, and the real mojibake and real clean lines.
pub(crate) fn texts() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus");
    let mut texts = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(root.join("clean"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    for path in paths {
        for line in std::fs::read_to_string(&path).unwrap_or_default().lines() {
            let (misread, _, _) = encoding_rs::WINDOWS_1252.decode(line.as_bytes());
            let fullwidth: String = line
                .chars()
                .map(|c| match c {
                    '!'..='~' if c.is_ascii_punctuation() => {
                        char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
                    }
                    _ => c,
                })
                .collect();
            texts.push(line.to_owned());
            texts.push(format!(
                "\u{201c}{}\u{201d}",
                line.replace('\'', "\u{2019}")
            ));
            texts.push(fullwidth);
            texts.push(misread.into_owned());
        }
    }
    for file in ["real/real-mojibake.jsonl", "real-clean/lines.jsonl"] {
        let raw = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        for line in raw.lines() {
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(line)
                && let Some(text) = value["text"].as_str()
            {
                texts.push(text.to_owned());
            }
        }
    }
    assert!(texts.len() > 5000, "fixtures not found");
    texts
}
