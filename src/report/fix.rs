//! `Fix` and `Step`: the change records every stage produces and every reporter reads.
//!
//! A fix names its span in the *original* field text (byte range), the text before and
//! after, and the steps that made it. Stages run one after another; `FixList` maps each
//! stage's spans back to the original text and merges fixes that touch, so one changed
//! region is one fix with all of its steps.

use std::fmt;
use std::ops::Range;

/// One explained step of a repair, in ftfy's vocabulary (`ExplanationStep`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// The text was re-encoded to bytes with this (wrong) decoding.
    Encode(&'static str),
    /// The bytes were decoded with this (true) encoding.
    Decode(&'static str),
    /// A lost byte was restored, or marked U+FFFD where information is really gone.
    Restore(&'static str),
    /// A Unicode normalization form.
    Normalize(&'static str),
    /// A named text fixer (`unescape_html`, `remove_control_chars`, …).
    Apply(&'static str),
}

impl Step {
    /// The step's kind and argument, as the JSON report writes them.
    pub fn parts(&self) -> (&'static str, &'static str) {
        match *self {
            Step::Encode(e) => ("encode", e),
            Step::Decode(e) => ("decode", e),
            Step::Restore(what) => ("restore", what),
            Step::Normalize(form) => ("normalize", form),
            Step::Apply(fixer) => ("apply", fixer),
        }
    }
}

/// Renders steps the way reports show them: `latin-1 → GBK`, `windows-1252 → UTF-8 ×2`.
pub fn describe_steps(steps: &[Step]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < steps.len() {
        match (&steps[i], steps.get(i + 1)) {
            (Step::Encode(wrong), Some(Step::Decode(right))) => {
                parts.push(format!("{} → {}", short_name(wrong), short_name(right)));
                i += 2;
            }
            (step, _) => {
                parts.push(match step {
                    Step::Encode(e) => format!("encode {e}"),
                    Step::Decode(e) => format!("decode {e}"),
                    Step::Restore(what) => format!("restore {what}"),
                    Step::Normalize(form) => form.to_string(),
                    Step::Apply(fixer) => fixer.to_string(),
                });
                i += 1;
            }
        }
    }
    parts.join(", ")
}

fn short_name(name: &'static str) -> &'static str {
    match name {
        "ISO-8859-1" => "latin-1",
        other => other,
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, arg) = self.parts();
        write!(f, "{kind} {arg}")
    }
}

/// One change to a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// Byte range in the original field text.
    pub span: Range<usize>,
    pub before: String,
    pub after: String,
    pub steps: Vec<Step>,
    /// Plausibility cost of the span before and after (lower is more plausible); equal
    /// for cosmetic fixers, which are not scored.
    pub cost_before: i32,
    pub cost_after: i32,
}

impl Fix {
    /// How sure the repair is: the cost it saved. Larger is surer.
    pub fn margin(&self) -> i32 {
        self.cost_before - self.cost_after
    }
}

/// One stage's change, in that stage's input coordinates.
#[derive(Clone, Debug)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
    pub steps: Vec<Step>,
    pub cost_before: i32,
    pub cost_after: i32,
}

/// Fixes accumulated over stages, each held both in original and current coordinates.
#[derive(Clone, Debug, Default)]
pub struct FixList {
    /// Sorted, non-overlapping, non-touching.
    entries: Vec<Entry>,
}

#[derive(Clone, Debug)]
struct Entry {
    original: Range<usize>,
    current: Range<usize>,
    steps: Vec<Step>,
    cost_before: i32,
    cost_after: i32,
}

impl FixList {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Maps a current position that lies outside every entry to the original text.
    fn to_original(&self, pos: usize) -> usize {
        let mut delta: isize = 0;
        for entry in &self.entries {
            if entry.current.end <= pos {
                delta += entry.current.len() as isize - entry.original.len() as isize;
            }
        }
        (pos as isize - delta) as usize
    }

    /// Applies one stage's edits (sorted, non-overlapping, in the coordinates of
    /// `current`) and records them, merging with earlier fixes they overlap or touch.
    /// Returns the new text.
    pub fn apply(&mut self, current: &str, edits: Vec<Edit>) -> String {
        if edits.is_empty() {
            return current.to_owned();
        }
        // Union the old entries and the new edits into groups, in input coordinates.
        struct Group {
            range: Range<usize>,
            original: Range<usize>,
            steps: Vec<Step>,
            cost_before: Option<i32>,
            cost_after: i32,
            edits: Vec<Edit>,
        }
        enum Item {
            Old(Entry),
            New(Edit),
        }
        let mut items: Vec<(Range<usize>, Item)> = Vec::new();
        for entry in std::mem::take(&mut self.entries).into_iter() {
            items.push((entry.current.clone(), Item::Old(entry)));
        }
        let old_entries: Vec<Entry> = items
            .iter()
            .filter_map(|(_, item)| match item {
                Item::Old(e) => Some(e.clone()),
                Item::New(_) => None,
            })
            .collect();
        for edit in edits {
            items.push((edit.range.clone(), Item::New(edit)));
        }
        items.sort_by_key(|(range, item)| (range.start, matches!(item, Item::New(_))));
        let lookup = FixList {
            entries: old_entries,
        };
        let mut groups: Vec<Group> = Vec::new();
        for (range, item) in items {
            let extend = groups.last().is_some_and(|g| range.start <= g.range.end);
            if !extend {
                groups.push(Group {
                    range: range.start..range.start,
                    original: 0..0,
                    steps: Vec::new(),
                    cost_before: None,
                    cost_after: 0,
                    edits: Vec::new(),
                });
                let group = groups.last_mut().unwrap_or_else(|| unreachable!());
                group.original.start = match &item {
                    Item::Old(entry) => entry.original.start,
                    Item::New(_) => lookup.to_original(range.start),
                };
            }
            let group = groups.last_mut().unwrap_or_else(|| unreachable!());
            if range.end >= group.range.end {
                group.range.end = range.end;
                group.original.end = match &item {
                    Item::Old(entry) => entry.original.end,
                    Item::New(_) => usize::MAX,
                };
            }
            match item {
                Item::Old(entry) => {
                    group.steps.extend(entry.steps);
                    group.cost_before.get_or_insert(entry.cost_before);
                    group.cost_after = entry.cost_after;
                }
                Item::New(edit) => {
                    group.steps.extend(edit.steps.iter().cloned());
                    group.cost_before.get_or_insert(edit.cost_before);
                    group.cost_after = edit.cost_after;
                    group.edits.push(edit);
                }
            }
        }
        for group in &mut groups {
            if group.original.end == usize::MAX {
                group.original.end = lookup.to_original(group.range.end);
            }
        }
        // Build the output and the entries in output coordinates.
        let mut out = String::with_capacity(current.len() + 16);
        let mut last = 0;
        for group in groups {
            out.push_str(&current[last..group.range.start]);
            let start = out.len();
            let mut cursor = group.range.start;
            for edit in &group.edits {
                out.push_str(&current[cursor..edit.range.start]);
                out.push_str(&edit.replacement);
                cursor = edit.range.end;
            }
            out.push_str(&current[cursor..group.range.end]);
            last = group.range.end;
            self.entries.push(Entry {
                original: group.original,
                current: start..out.len(),
                steps: group.steps,
                cost_before: group.cost_before.unwrap_or(0),
                cost_after: group.cost_after,
            });
        }
        out.push_str(&current[last..]);
        out
    }

    /// The fixes, with `before` read from `original` and `after` from `current`.
    /// Regions a later stage turned back into the original text are dropped.
    pub fn finish(&self, original: &str, current: &str) -> Vec<Fix> {
        self.entries
            .iter()
            .filter(|e| original[e.original.clone()] != current[e.current.clone()])
            .map(|e| Fix {
                span: e.original.clone(),
                before: original[e.original.clone()].to_owned(),
                after: current[e.current.clone()].to_owned(),
                steps: e.steps.clone(),
                cost_before: e.cost_before,
                cost_after: e.cost_after,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(range: Range<usize>, replacement: &str, fixer: &'static str) -> Edit {
        Edit {
            range,
            replacement: replacement.to_owned(),
            steps: vec![Step::Apply(fixer)],
            cost_before: 0,
            cost_after: 0,
        }
    }

    #[test]
    fn stages_map_back_to_the_original() {
        let original = "a&amp;b cafÃ© x";
        let mut list = FixList::default();
        let s1 = list.apply(original, vec![edit(1..6, "&", "html")]);
        assert_eq!(s1, "a&b cafÃ© x");
        let s2 = list.apply(&s1, vec![edit(7..11, "é", "mojibake")]);
        assert_eq!(s2, "a&b café x");
        let fixes = list.finish(original, &s2);
        assert_eq!(fixes.len(), 2);
        assert_eq!(fixes[0].before, "&amp;");
        assert_eq!(fixes[0].after, "&");
        assert_eq!(fixes[1].before, "Ã©");
        assert_eq!(fixes[1].after, "é");
        assert_eq!(&original[fixes[1].span.clone()], "Ã©");
    }

    #[test]
    fn touching_edits_merge_with_all_steps() {
        let original = "x&amp;eacute;y";
        let mut list = FixList::default();
        let s1 = list.apply(original, vec![edit(1..6, "&", "html")]);
        assert_eq!(s1, "x&eacute;y");
        let s2 = list.apply(&s1, vec![edit(1..9, "é", "html")]);
        assert_eq!(s2, "xéy");
        let fixes = list.finish(original, &s2);
        assert_eq!(fixes.len(), 1);
        assert_eq!(fixes[0].before, "&amp;eacute;");
        assert_eq!(fixes[0].after, "é");
        assert_eq!(fixes[0].steps.len(), 2);
    }
}
