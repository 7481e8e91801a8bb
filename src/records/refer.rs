//! EndNote / refer (`.enw`, `.refer`): `%X value` tagged fields, one record per block of
//! lines, blocks separated by blank lines.
//!
//! A line that does not start with a tag continues the field above it. A record written
//! on one line (the flattened form some exports and scrapers produce, like
//! `fixtures/seed-record.txt`) is split where a tag follows a space: `… %T title %A name`.
//! That inline split applies only to one-line records, so a `%` in the text of a
//! multi-line record is never mistaken for a tag. Reports name fields by tag (`%X`).
//!
//! ```
//! use mojifix::records::refer::fields;
//! let text = "%0 Journal Article %T Title %X Abstract";
//! let f = fields(text).unwrap();
//! let tags: Vec<&str> = f.iter().map(|f| f.tag.as_str()).collect();
//! assert_eq!(tags, ["%0", "%T", "%X"]);
//! assert_eq!(&text[f[2].value.clone()], "Abstract");
//! ```

use std::io::{self, BufRead};
use std::ops::Range;

use super::lines_with_offsets;

/// One tagged field of a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaggedField {
    /// The tag as written (`%T`; `AU` in RIS).
    pub tag: String,
    /// Byte range of the value in the record text: continuation lines included, the
    /// final line terminator excluded.
    pub value: Range<usize>,
}

/// A byte that may follow `%` in a tag: letters, digits and EndNote's punctuation tags.
fn is_tag_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"@!#$]&()*+^<>~=?".contains(&b)
}

/// The tag at the start of `line`, if any: `%` + tag char + space (or end of line).
pub(crate) fn line_tag(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    (b.len() >= 2
        && b[0] == b'%'
        && is_tag_char(b[1])
        && matches!(b.get(2), None | Some(b' ' | b'\t' | b'\r' | b'\n')))
    .then_some(2)
}

/// True when a line holds only spaces, tabs and its terminator.
pub fn is_blank(line: &[u8]) -> bool {
    line.iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// Reads one record: any blank lines before it, its lines, and the blank line that ends
/// it. A chunk of blank lines alone (at the end of a file) comes back as a record with no
/// content. Returns the bytes read; 0 at the end.
pub fn read_record<R: BufRead>(reader: &mut R, buf: &mut Vec<u8>) -> io::Result<usize> {
    let mut total = 0;
    let mut content = false;
    loop {
        let start = buf.len();
        let n = reader.read_until(b'\n', buf)?;
        if n == 0 {
            return Ok(total);
        }
        total += n;
        let blank = is_blank(&buf[start..]);
        if blank && content {
            return Ok(total);
        }
        content |= !blank;
    }
}

/// Splits a record (its whole text, blank lines included) into tagged fields.
pub fn fields(text: &str) -> Result<Vec<TaggedField>, (usize, String)> {
    let lines: Vec<(usize, &str)> = lines_with_offsets(text)
        .filter(|(_, l)| !is_blank(l.as_bytes()))
        .collect();
    let mut out: Vec<TaggedField> = Vec::new();
    let one_line = lines.len() == 1;
    for (offset, line) in lines {
        let content = line.trim_end_matches(['\r', '\n']);
        let end = offset + content.len();
        let Some(tag_len) = line_tag(content) else {
            match out.last_mut() {
                Some(last) => last.value.end = end,
                None => {
                    return Err((offset, "text before the first %-tag".into()));
                }
            }
            continue;
        };
        if one_line {
            split_inline(content, offset, &mut out);
            continue;
        }
        out.push(TaggedField {
            tag: content[..tag_len].to_owned(),
            value: value_start(content, tag_len, offset)..end,
        });
    }
    Ok(out)
}

/// Where the value starts after a tag: past one space.
fn value_start(content: &str, tag_len: usize, offset: usize) -> usize {
    let skip = usize::from(content.as_bytes().get(tag_len) == Some(&b' '));
    offset + (tag_len + skip).min(content.len())
}

/// Where the inline tags ` %X ` of a flattened record start (at their `%`).
fn inline_starts(b: &[u8]) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut i = 1;
    while i + 2 < b.len() {
        if b[i] == b' '
            && b[i + 1] == b'%'
            && is_tag_char(b[i + 2])
            && matches!(b.get(i + 3), None | Some(b' '))
        {
            starts.push(i + 1);
            i += 3;
        } else {
            i += 1;
        }
    }
    starts
}

/// How many inline tags a value of a flattened record would hold between the tags around
/// it (spaces stand for what is on either side).
pub(crate) fn inline_tags(value: &str) -> usize {
    inline_starts(format!("  {value} ").as_bytes()).len()
}

/// Splits a flattened record `%0 a %T b %A c` at each ` %X `.
fn split_inline(content: &str, offset: usize, out: &mut Vec<TaggedField>) {
    let b = content.as_bytes();
    let mut starts = vec![0];
    starts.extend(inline_starts(b));
    for (k, &s) in starts.iter().enumerate() {
        // The space before the next tag belongs to the separator.
        let e = starts.get(k + 1).map_or(b.len(), |&n| n - 1);
        let value = value_start(&content[s..e], 2, offset + s)..offset + e;
        out.push(TaggedField {
            tag: content[s..s + 2].to_owned(),
            value,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiline_record_with_continuation() {
        let text = "%0 Journal Article\n%T A title\nthat goes on\n%A Doe, J.\n\n";
        let f = fields(text).unwrap();
        assert_eq!(f.len(), 3);
        assert_eq!(&text[f[1].value.clone()], "A title\nthat goes on");
        assert_eq!(f[2].tag, "%A");
        assert_eq!(&text[f[2].value.clone()], "Doe, J.");
    }

    #[test]
    fn percent_in_text_is_not_a_tag() {
        let text = "%X In 64% of patients, 5 % fewer %\n%D 2013\n";
        let f = fields(text).unwrap();
        assert_eq!(f.len(), 2);
        assert_eq!(&text[f[0].value.clone()], "In 64% of patients, 5 % fewer %");
    }

    #[test]
    fn flattened_seed_form() {
        let text = "%0 Journal Article %T T %A E. I. Alexeeva %X 64% of them %U";
        let f = fields(text).unwrap();
        let got: Vec<(&str, &str)> = f
            .iter()
            .map(|f| (f.tag.as_str(), &text[f.value.clone()]))
            .collect();
        assert_eq!(
            got,
            [
                ("%0", "Journal Article"),
                ("%T", "T"),
                ("%A", "E. I. Alexeeva"),
                ("%X", "64% of them"),
                ("%U", "")
            ]
        );
    }

    #[test]
    fn frames_blank_separated_records() {
        let mut input: &[u8] = b"\n%T a\n%A b\n\n\n%T c\r\n\r\n\n";
        let mut chunks = Vec::new();
        loop {
            let mut buf = Vec::new();
            if read_record(&mut input, &mut buf).unwrap() == 0 {
                break;
            }
            chunks.push(String::from_utf8(buf).unwrap());
        }
        assert_eq!(chunks, ["\n%T a\n%A b\n\n", "\n%T c\r\n\r\n", "\n"]);
    }

    #[test]
    fn untagged_text_is_an_error() {
        assert!(fields("just text\n").is_err());
    }
}
