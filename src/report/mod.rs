//! Reports: what changed, for people (inline, unified) and for programs (JSON).
//!
//! Every reporter reads the same `Fix` records; nothing re-diffs the text to find out what
//! changed. `similar` only marks the changed characters inside a fix.

pub mod fix;
pub mod html;
pub mod inline;
pub mod json;
pub mod summary;

/// How a diff report is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffStyle {
    /// Each change on two lines, `-` before and `+` after, changed characters marked.
    Inline,
    /// A unified diff of each changed record (`--- a` / `+++ b` / `@@`).
    Unified,
    /// One JSON object per change, then a summary object.
    Json,
    /// The review page's data, one JSON object per change (`html::render_record`); the
    /// caller collects them and writes `html::page`.
    Html,
}

impl DiffStyle {
    pub fn parse(name: &str) -> Option<DiffStyle> {
        match name {
            "inline" => Some(DiffStyle::Inline),
            "unified" => Some(DiffStyle::Unified),
            "json" => Some(DiffStyle::Json),
            _ => None,
        }
    }
}

/// Where a record came from, for report lines.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    /// The path as the user gave it; `-` for stdin.
    pub path: &'a str,
}
