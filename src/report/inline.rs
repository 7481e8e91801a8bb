//! The human-readable report: for each change, the file, record and field, the before and
//! after with a little context and the changed characters marked, and the repair steps.
//!
//! Without colour the marks are `[-removed-]` and `{+added+}` (as `git diff --word-diff`
//! writes them), so they survive NO_COLOR, pipes and logs.

use std::fmt::Write as _;

use similar::{ChangeTag, TextDiff};

use super::Source;
use super::fix::{Fix, describe_steps};
use crate::records::RecordReport;

/// Characters of context shown on each side of a change.
pub const CONTEXT_CHARS: usize = 24;

const RED: &str = "\x1b[1;31m";
const GREEN: &str = "\x1b[1;32m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Renders one changed record.
pub fn render_record(source: Source<'_>, record: &RecordReport, color: bool) -> String {
    let mut out = String::new();
    for field in &record.fields {
        for fix in &field.fixes {
            let field_name = field
                .name
                .as_deref()
                .map(|n| format!(" {n}"))
                .unwrap_or_default();
            let header = format!("{}:{}{}", source.path, field.line, field_name);
            let steps = describe_steps(&fix.steps);
            if color {
                let _ = writeln!(
                    out,
                    "{BOLD}{header}{RESET} {DIM}({steps}; margin {}){RESET}",
                    fix.margin()
                );
            } else {
                let _ = writeln!(out, "{header} ({steps}; margin {})", fix.margin());
            }
            let (minus, plus) = render_fix(&field.before, fix, color);
            let _ = writeln!(out, "  - {minus}");
            let _ = writeln!(out, "  + {plus}");
        }
    }
    out
}

/// The before and after lines of one fix, with context from the field's text.
pub fn render_fix(field_before: &str, fix: &Fix, color: bool) -> (String, String) {
    let left_all = &field_before[..fix.span.start];
    let right_all = &field_before[fix.span.end..];
    // Only the context is walked, never the whole field: a long field with many fixes
    // would otherwise cost time quadratic in its length.
    let left: String = {
        let start = left_all
            .char_indices()
            .rev()
            .nth(CONTEXT_CHARS - 1)
            .map_or(0, |(i, _)| i);
        let mut s = left_all[start..].to_owned();
        if start > 0 {
            s.insert(0, '…');
        }
        s
    };
    let right: String = {
        let mut s: String = right_all.chars().take(CONTEXT_CHARS).collect();
        if right_all.chars().nth(CONTEXT_CHARS).is_some() {
            s.push('…');
        }
        s
    };
    let left = visible(&left);
    let right = visible(&right);
    let mut minus = left.clone();
    let mut plus = left;
    let diff = TextDiff::configure().diff_chars(fix.before.as_str(), fix.after.as_str());
    let mut removed = String::new();
    let mut added = String::new();
    let flush =
        |minus: &mut String, plus: &mut String, removed: &mut String, added: &mut String| {
            if !removed.is_empty() {
                minus.push_str(&mark(&visible(removed), false, color));
                removed.clear();
            }
            if !added.is_empty() {
                plus.push_str(&mark(&visible(added), true, color));
                added.clear();
            }
        };
    for change in diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Equal => {
                flush(&mut minus, &mut plus, &mut removed, &mut added);
                minus.push_str(&visible(change.value()));
                plus.push_str(&visible(change.value()));
            }
            ChangeTag::Delete => removed.push_str(change.value()),
            ChangeTag::Insert => added.push_str(change.value()),
        }
    }
    flush(&mut minus, &mut plus, &mut removed, &mut added);
    minus.push_str(&right);
    plus.push_str(&right);
    (minus, plus)
}

fn mark(text: &str, added: bool, color: bool) -> String {
    match (color, added) {
        (true, false) => format!("{RED}{text}{RESET}"),
        (true, true) => format!("{GREEN}{text}{RESET}"),
        (false, false) => format!("[-{text}-]"),
        (false, true) => format!("{{+{text}+}}"),
    }
}

/// Shows invisible characters (controls, NBSP, line breaks) as escapes, so a change in
/// them can be seen.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{A0}' => out.push_str("\\u{a0}"),
            c if c.is_control()
                || matches!(c as u32, 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x206F | 0xFEFF) =>
            {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{Options, fix_and_explain};

    #[test]
    fn marks_without_color() {
        let before = "factor ¦Á inhibitors";
        let cleaned = fix_and_explain(before, &Options::default());
        let (minus, plus) = render_fix(before, &cleaned.fixes[0], false);
        assert_eq!(minus, "factor [-¦Á-] inhibitors");
        assert_eq!(plus, "factor {+α+} inhibitors");
    }

    #[test]
    fn context_is_cut() {
        let before = format!("{}cafÃ©{}", "x".repeat(100), "y".repeat(100));
        let cleaned = fix_and_explain(&before, &Options::default());
        let (minus, _) = render_fix(&before, &cleaned.fixes[0], false);
        assert!(minus.starts_with('…') && minus.ends_with('…'));
        assert!(minus.chars().count() < 70);
    }
}
