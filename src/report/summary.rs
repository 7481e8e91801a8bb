//! The summary printed after a human-readable report.

use std::fmt::Write as _;

use crate::records::Summary;

pub fn render(summary: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} file(s), {} record(s), {} changed, {} change(s), {} undecodable byte run(s), {} bad record(s), {} error(s)",
        summary.files,
        summary.records,
        summary.changed_records,
        summary.changes,
        summary.undecodable,
        summary.bad_records,
        summary.errors
    );
    for (kind, count) in &summary.by_kind {
        let _ = writeln!(out, "  {count:>6}  {kind}");
    }
    out
}
