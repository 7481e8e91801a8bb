//! Review decisions: stable change ids, and the decisions file that tells `fix` which
//! changes a reviewer rejected.
//!
//! A change id is a hash of what the change is and where it sits: the path as the user
//! gave it (`-` for stdin), the record number, the field name, the byte range in the
//! field and the text before and after. The same input gives the same ids on every run.
//!
//! A decisions file is JSON:
//! `{"version":1,"rejected":[{"id":…,"path":…,"record":…,"field":…,"before":…,"after":…}]}`.
//! `records::process` drops every fix whose id is rejected before the writer splices;
//! a rejected change that the input no longer holds is an error naming it, never skipped.
//!
//! ```
//! use mojifix::decisions::change_id;
//! let id = change_id("a.txt", 3, None, 4..8, "Ã©", "é");
//! assert_eq!(id, change_id("a.txt", 3, None, 4..8, "Ã©", "é"));
//! assert_eq!(id.len(), 16);
//! ```

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use serde_json::Value;

use crate::error::{Error, ErrorKind, Position, Result};
use crate::report::fix::Fix;

/// FNV-1a, 64 bits: small, fixed and the same on every platform and Rust version (std's
/// `DefaultHasher` promises none of that).
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

struct Fnv(u64);

impl Fnv {
    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
    }

    /// A length-prefixed part, so `("ab","c")` and `("a","bc")` hash apart.
    fn part(&mut self, bytes: &[u8]) {
        self.bytes(&(bytes.len() as u64).to_le_bytes());
        self.bytes(bytes);
    }
}

/// The path as ids and decisions compare it: `./data/a.csv` and `data/./a.csv` are
/// `data/a.csv`, so `diff ./data` and `fix data` agree.
pub fn path_key(path: &str) -> String {
    let mut s = path;
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.trim_start_matches('/');
    }
    let mut out = s.replace("/./", "/");
    while out.contains("/./") {
        out = out.replace("/./", "/");
    }
    out
}

/// The stable id of one change: 16 lowercase hex digits.
pub fn change_id(
    path: &str,
    record: u64,
    field: Option<&str>,
    span: Range<usize>,
    before: &str,
    after: &str,
) -> String {
    let mut h = Fnv(FNV_OFFSET);
    h.part(b"mojifix-change-v1");
    h.part(path_key(path).as_bytes());
    h.part(&record.to_le_bytes());
    match field {
        // A marker byte keeps "no field" apart from a field named "".
        None => h.part(&[0]),
        Some(name) => {
            h.part(&[1]);
            h.part(name.as_bytes());
        }
    }
    h.part(&(span.start as u64).to_le_bytes());
    h.part(&(span.end as u64).to_le_bytes());
    h.part(before.as_bytes());
    h.part(after.as_bytes());
    format!("{:016x}", h.0)
}

/// The id of `fix` in a record's field.
pub fn fix_id(path: &str, record: u64, field: Option<&str>, fix: &Fix) -> String {
    change_id(
        path,
        record,
        field,
        fix.span.clone(),
        &fix.before,
        &fix.after,
    )
}

/// One rejected change, as the decisions file names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    pub id: String,
    pub path: String,
    pub record: u64,
    pub field: Option<String>,
    pub before: String,
    pub after: String,
}

impl Rejected {
    /// How errors name the decision; the error's position names its path and record.
    pub fn describe(&self) -> String {
        let field = self
            .field
            .as_deref()
            .map(|f| format!("field {f}: "))
            .unwrap_or_default();
        format!(
            "rejected change {} ({field}{:?} → {:?})",
            self.id, self.before, self.after
        )
    }
}

/// The rejected changes of a decisions file, by path and record.
#[derive(Clone, Debug, Default)]
pub struct Decisions {
    by_path: HashMap<String, BTreeMap<u64, Vec<Rejected>>>,
}

impl Decisions {
    /// Reads a decisions file's JSON text.
    pub fn parse(text: &str) -> Result<Decisions> {
        let bad = |message: String| Error::new(ErrorKind::Decisions { message });
        let value: Value = serde_json::from_str(text).map_err(|e| bad(format!("not JSON: {e}")))?;
        match value.get("version").and_then(Value::as_u64) {
            Some(1) => {}
            other => {
                return Err(bad(format!(
                    "unsupported version {other:?} (this mojifix reads version 1)"
                )));
            }
        }
        let list = value
            .get("rejected")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("no \"rejected\" array".to_owned()))?;
        let mut decisions = Decisions::default();
        for (i, item) in list.iter().enumerate() {
            let text = |key: &str| -> Result<String> {
                item.get(key)
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .ok_or_else(|| bad(format!("rejected[{i}]: no string {key:?}")))
            };
            let record = item
                .get("record")
                .and_then(Value::as_u64)
                .ok_or_else(|| bad(format!("rejected[{i}]: no record number")))?;
            let field = match item.get("field") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(_) => return Err(bad(format!("rejected[{i}]: field is not a string"))),
            };
            let rejected = Rejected {
                id: text("id")?,
                path: text("path")?,
                record,
                field,
                before: text("before")?,
                after: text("after")?,
            };
            decisions.insert(rejected);
        }
        Ok(decisions)
    }

    /// Adds a rejection; the same id twice is one rejection.
    pub fn insert(&mut self, rejected: Rejected) {
        let list = self
            .by_path
            .entry(path_key(&rejected.path))
            .or_default()
            .entry(rejected.record)
            .or_default();
        if !list.iter().any(|r| r.id == rejected.id) {
            list.push(rejected);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    pub fn len(&self) -> usize {
        self.by_path
            .values()
            .flat_map(|records| records.values())
            .map(Vec::len)
            .sum()
    }

    /// The rejected changes of one record.
    pub fn for_record(&self, path: &str, record: u64) -> &[Rejected] {
        self.by_path
            .get(&path_key(path))
            .and_then(|records| records.get(&record))
            .map_or(&[], Vec::as_slice)
    }

    /// Rejected changes of `path` in records after `last`: the file has no such record.
    pub fn beyond(&self, path: &str, last: u64) -> Option<&Rejected> {
        self.by_path
            .get(&path_key(path))?
            .range(last + 1..)
            .next()
            .and_then(|(_, list)| list.first())
    }

    /// Rejected changes of paths that are not among `paths`.
    pub fn unknown_path<'a>(&'a self, paths: &[String]) -> Option<&'a Rejected> {
        let known: Vec<String> = paths.iter().map(|p| path_key(p)).collect();
        self.by_path
            .iter()
            .filter(|(p, _)| !known.contains(p))
            .flat_map(|(_, records)| records.values())
            .flat_map(|list| list.first())
            .next()
    }

    /// The error for a decision that matches nothing in the input.
    pub fn mismatch(rejected: &Rejected, reason: &str) -> Error {
        Error::at(
            ErrorKind::Decision {
                decision: rejected.describe(),
                reason: reason.to_owned(),
            },
            Position {
                path: Some(rejected.path.clone().into()),
                record: Some(rejected.record),
                ..Position::default()
            },
        )
    }
}

/// Splices `fixes` (sorted, non-overlapping, spans in `before`) into `before`.
pub fn splice(before: &str, fixes: &[Fix]) -> String {
    splice_spans(
        before,
        fixes
            .iter()
            .map(|fix| (fix.span.clone(), fix.after.as_str())),
    )
}

/// Splices replacements (sorted, non-overlapping spans in `before`) into `before`.
pub fn splice_spans<'a>(
    before: &str,
    replacements: impl IntoIterator<Item = (std::ops::Range<usize>, &'a str)>,
) -> String {
    let mut out = String::with_capacity(before.len() + 16);
    let mut last = 0;
    for (span, after) in replacements {
        out.push_str(before.get(last..span.start).unwrap_or(""));
        out.push_str(after);
        last = span.end;
    }
    out.push_str(before.get(last..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_tell_changes_apart() {
        // Pinned: the id must not move between runs, platforms or releases.
        assert_eq!(
            change_id("a.txt", 1, None, 0..4, "Ã©", "é"),
            change_id("a.txt", 1, None, 0..4, "Ã©", "é")
        );
        let base = change_id("a.txt", 1, Some("title"), 0..4, "Ã©", "é");
        assert_eq!(base, "d322f2852063673e");
        let others = [
            change_id("b.txt", 1, Some("title"), 0..4, "Ã©", "é"),
            change_id("a.txt", 2, Some("title"), 0..4, "Ã©", "é"),
            change_id("a.txt", 1, Some("abstract"), 0..4, "Ã©", "é"),
            change_id("a.txt", 1, None, 0..4, "Ã©", "é"),
            change_id("a.txt", 1, Some(""), 0..4, "Ã©", "é"),
            change_id("a.txt", 1, Some("title"), 1..5, "Ã©", "é"),
            change_id("a.txt", 1, Some("title"), 0..4, "Ã", "é"),
            change_id("a.txt", 1, Some("title"), 0..4, "Ã©", "e"),
        ];
        for (i, other) in others.iter().enumerate() {
            assert_ne!(&base, other, "case {i}");
        }
    }

    #[test]
    fn paths_compare_without_dot_segments() {
        assert_eq!(path_key("./data/./a.csv"), "data/a.csv");
        assert_eq!(path_key(".//a.csv"), "a.csv");
        assert_eq!(path_key("/x/././y"), "/x/y");
        assert_eq!(path_key("../a"), "../a");
        assert_eq!(path_key("-"), "-");
        assert_eq!(
            change_id("./a.txt", 1, None, 0..1, "x", "y"),
            change_id("a.txt", 1, None, 0..1, "x", "y")
        );
    }

    #[test]
    fn parses_the_decisions_file() {
        let text = r#"{"version":1,"rejected":[
            {"id":"00","path":"a.csv","record":2,"field":"title","before":"x","after":"y"},
            {"id":"01","path":"b.txt","record":5,"field":null,"before":"x","after":"y"}]}"#;
        let d = Decisions::parse(text).unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d.for_record("./a.csv", 2).len(), 1);
        assert_eq!(d.for_record("a.csv", 2)[0].field.as_deref(), Some("title"));
        assert!(d.for_record("a.csv", 1).is_empty());
        assert_eq!(d.beyond("b.txt", 4).map(|r| r.record), Some(5));
        assert!(d.beyond("b.txt", 5).is_none());
        assert_eq!(
            d.unknown_path(&["a.csv".to_owned()]).map(|r| r.id.as_str()),
            Some("01")
        );
        assert!(Decisions::parse(r#"{"version":2,"rejected":[]}"#).is_err());
        assert!(Decisions::parse(r#"{"version":1,"rejected":[{"id":"x"}]}"#).is_err());
    }
}
