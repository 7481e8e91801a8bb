//! The machine-readable report: JSON Lines of `{"type": "change", "data": …}` objects, one
//! per fix, then `{"type": "summary", "data": …}`.

use serde_json::{Value, json};

use super::Source;
use super::fix::describe_steps;
use crate::decisions::fix_id;
use crate::records::{RecordReport, Summary};

/// One JSON line per fix of the record.
pub fn render_record(source: Source<'_>, record: &RecordReport) -> String {
    let mut out = String::new();
    for field in &record.fields {
        for fix in &field.fixes {
            let char_start = field.before[..fix.span.start].chars().count();
            let char_end = char_start + fix.before.chars().count();
            let steps: Vec<Value> = fix
                .steps
                .iter()
                .map(|s| {
                    let (kind, arg) = s.parts();
                    json!({ "kind": kind, "arg": arg })
                })
                .collect();
            let line = json!({
                "type": "change",
                "data": {
                    "id": fix_id(source.path, record.record, field.name.as_deref(), fix),
                    "path": source.path,
                    "record": record.record,
                    "line": field.line,
                    "field": field.name,
                    "byte_range": [fix.span.start, fix.span.end],
                    "char_range": [char_start, char_end],
                    "before": fix.before,
                    "after": fix.after,
                    "chain": describe_steps(&fix.steps),
                    "steps": steps,
                    "cost_before": fix.cost_before,
                    "cost_after": fix.cost_after,
                    "margin": fix.margin(),
                }
            });
            out.push_str(&line.to_string());
            out.push('\n');
        }
    }
    out
}

pub fn render_summary(summary: &Summary) -> String {
    let line = json!({
        "type": "summary",
        "data": {
            "files": summary.files,
            "records": summary.records,
            "changed_records": summary.changed_records,
            "changes": summary.changes,
            "by_kind": summary.by_kind,
            "undecodable": summary.undecodable,
            "bad_records": summary.bad_records,
            "errors": summary.errors,
        }
    });
    format!("{line}\n")
}
