//! The review page: one self-contained HTML file (inline CSS and vanilla JS, no network)
//! listing every change with its context, chain and margin, with filters, sorting by
//! margin, keyboard navigation and rejections exported as a decisions file
//! (`crate::decisions`).
//!
//! Record text never becomes markup. The changes travel as JSON inside
//! `<script type="application/json">`, with every `<`, `>` and `&` written `\u003c`,
//! `\u003e`, `\u0026` (so no `</script>` or `<!--` can end the block early), and the page
//! puts text on screen with `textContent` only. Rows are rendered in a window of about
//! 200 around the scroll position, so 100,000 changes open in a few seconds.
//!
//! ```
//! use mojifix::records::Summary;
//! use mojifix::report::html::page;
//! let html = page(b"", &Summary::default());
//! assert!(html.starts_with("<!doctype html>"));
//! ```

use serde_json::{Value, json};

use super::Source;
use super::fix::{Fix, Step, describe_steps};
use crate::decisions::fix_id;
use crate::records::{RecordReport, Summary};

/// Characters of context kept on each side of a change.
pub const CONTEXT_CHARS: usize = 40;

const TEMPLATE: &str = include_str!("review.html");
const DATA_MARK: &str = "@@MOJIFIX_DATA@@";

/// The fixers behind a change's steps: `fix_encoding` for a repair chain, `normalize`
/// for a normalization form, else the fixer's own name.
pub fn fixers(steps: &[Step]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for step in steps {
        let name = match *step {
            Step::Encode(_) | Step::Decode(_) | Step::Restore(_) => "fix_encoding",
            Step::Normalize(_) => "normalize",
            Step::Apply(fixer) => fixer,
        };
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The context of a fix in its field: up to `CONTEXT_CHARS` characters each side, with
/// `…` where the field goes on.
fn context(field_before: &str, fix: &Fix) -> (String, String) {
    let left_all = field_before.get(..fix.span.start).unwrap_or("");
    let right_all = field_before.get(fix.span.end..).unwrap_or("");
    let start = left_all
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let mut left = left_all[start..].to_owned();
    if start > 0 {
        left.insert(0, '…');
    }
    let mut right: String = right_all.chars().take(CONTEXT_CHARS).collect();
    if right_all.chars().nth(CONTEXT_CHARS).is_some() {
        right.push('…');
    }
    (left, right)
}

/// One JSON line per fix of the record: the page's data for it.
pub fn render_record(source: Source<'_>, record: &RecordReport) -> String {
    let mut out = String::new();
    for field in &record.fields {
        for fix in &field.fixes {
            let (left, right) = context(&field.before, fix);
            let line = json!({
                "i": fix_id(source.path, record.record, field.name.as_deref(), fix),
                "p": source.path,
                "r": record.record,
                "l": field.line,
                "f": field.name,
                "s": [fix.span.start, fix.span.end],
                "b": fix.before,
                "a": fix.after,
                "L": left,
                "R": right,
                "c": describe_steps(&fix.steps),
                "x": fixers(&fix.steps),
                "m": fix.margin(),
            });
            out.push_str(&line.to_string());
            out.push('\n');
        }
    }
    out
}

/// Escapes JSON text for a `<script>` block: `<`, `>` and `&` become `\u003c`, `\u003e`,
/// `\u0026`. JSON has these characters only inside strings, where the escapes mean the
/// same, so the result parses to the same value.
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

/// The whole page, from the JSON lines `render_record` wrote and the run's summary.
pub fn page(changes: &[u8], summary: &Summary) -> String {
    let summary: Value = json!({
        "files": summary.files,
        "records": summary.records,
        "changed_records": summary.changed_records,
        "changes": summary.changes,
        "by_kind": summary.by_kind,
        "undecodable": summary.undecodable,
        "bad_records": summary.bad_records,
        "errors": summary.errors,
    });
    let changes = String::from_utf8_lossy(changes);
    let mut data = String::with_capacity(changes.len() + 512);
    data.push_str("{\"version\":1,\"summary\":");
    data.push_str(&summary.to_string());
    data.push_str(",\"changes\":[");
    for (i, line) in changes.lines().filter(|l| !l.is_empty()).enumerate() {
        if i > 0 {
            data.push_str(",\n");
        }
        data.push_str(line);
    }
    data.push_str("]}");
    let data = script_json(&data);
    let (head, tail) = TEMPLATE.split_once(DATA_MARK).unwrap_or((TEMPLATE, ""));
    let mut out = String::with_capacity(head.len() + data.len() + tail.len());
    out.push_str(head);
    out.push_str(&data);
    out.push_str(tail);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{Format, Settings, process};

    fn page_for(input: &str, format: Format) -> String {
        let settings = Settings::new(format);
        let mut lines = String::new();
        let summary =
            process::<_, std::io::Sink>(&settings, None, input.as_bytes(), None, &mut |r| {
                lines.push_str(&render_record(Source { path: "-" }, r))
            })
            .unwrap();
        page(lines.as_bytes(), &summary)
    }

    /// The data block of a page, unescaped back to JSON.
    fn data(html: &str) -> Value {
        let start = html.find("id=\"data\">").unwrap() + "id=\"data\">".len();
        let end = start + html[start..].find("</script>").unwrap();
        serde_json::from_str(&html[start..end]).unwrap()
    }

    #[test]
    fn script_json_escapes_markup() {
        assert_eq!(
            script_json(r#"{"a":"</script><b>&amp;"}"#),
            r#"{"a":"\u003c/script\u003e\u003cb\u003e\u0026amp;"}"#
        );
        let v: Value = serde_json::from_str(&script_json(r#"{"a":"<!--x-->"}"#)).unwrap();
        assert_eq!(v["a"], "<!--x-->");
    }

    #[test]
    fn a_record_holding_a_script_stays_text() {
        let html = page_for("<script>alert(1)</script> cafÃ© &lt;b&gt;\n", Format::Lines);
        // The template has exactly two script elements: the data block and the page's
        // own code. Record text adds no tag of any kind.
        assert_eq!(html.matches("<script").count(), 2, "{html}");
        assert!(!html.contains("alert(1)</script>"));
        assert!(!html.contains("<b>"));
        let data = data(&html);
        let changes = data["changes"].as_array().unwrap();
        // Entities are left alone in text that holds markup (HtmlMode::Auto).
        assert_eq!(changes.len(), 1, "{data}");
        // The text is all there, as data.
        let joined: String = changes
            .iter()
            .map(|c| format!("{}{}{}", c["L"].as_str().unwrap(), c["b"], c["R"]))
            .collect();
        assert!(joined.contains("<script>alert(1)</script>"), "{joined}");
        assert!(joined.contains("&lt;b&gt;"), "{joined}");
        // The page renders record text with textContent only.
        assert!(!html.contains("innerHTML"));
        assert!(!html.contains("insertAdjacentHTML"));
        assert!(!html.contains("document.write"));
    }

    #[test]
    fn page_holds_ids_chains_fixers_and_the_summary() {
        let html = page_for("{\"t\":\"cafÃ©\",\"u\":\"a&amp;b\"}\n", Format::Jsonl);
        let data = data(&html);
        assert_eq!(data["summary"]["changes"], 2);
        let changes = data["changes"].as_array().unwrap();
        let ids: Vec<&str> = changes.iter().map(|c| c["i"].as_str().unwrap()).collect();
        assert_eq!(
            ids[0],
            crate::decisions::change_id("-", 1, Some("t"), 3..7, "Ã©", "é")
        );
        assert_ne!(ids[0], ids[1]);
        assert_eq!(changes[0]["x"][0], "fix_encoding");
        assert_eq!(changes[1]["x"][0], "unescape_html");
        assert_eq!(changes[1]["f"], "u");
    }
}
