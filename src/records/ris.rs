//! RIS (`.ris`): records from `TY  - ` to `ER  - `, one `XX  - value` field per line.
//!
//! A line without a tag continues the field above it. Reports name fields by their
//! two-letter tag (`TI`, `AB`, `AU`). `TY` and `ER` are structure and never cleaned.
//!
//! ```
//! use mojifix::records::ris::fields;
//! let text = "TY  - JOUR\r\nTI  - A title\r\nER  - \r\n";
//! let f = fields(text).unwrap();
//! assert_eq!(f.len(), 1);
//! assert_eq!(f[0].tag, "TI");
//! assert_eq!(&text[f[0].value.clone()], "A title");
//! ```

use std::io::{self, BufRead};

use super::lines_with_offsets;
use super::refer::{TaggedField, is_blank};

/// The length of the `XX  -` tag prefix at the start of `line`, with the one space after
/// it when present; `None` when the line is not tagged. Tags are two characters, the
/// first a capital letter, the second a capital letter or digit.
pub(crate) fn line_tag(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let ok = b.len() >= 5
        && b[0].is_ascii_uppercase()
        && (b[1].is_ascii_uppercase() || b[1].is_ascii_digit())
        && &b[2..5] == b"  -";
    ok.then(|| if b.get(5) == Some(&b' ') { 6 } else { 5 })
}

/// Reads one record: the lines up to and including `ER  -`. Blank lines before `TY`
/// come with the record; blank lines alone at the end come back as a record with no
/// content. Returns the bytes read; 0 at the end.
pub fn read_record<R: BufRead>(reader: &mut R, buf: &mut Vec<u8>) -> io::Result<usize> {
    let mut total = 0;
    loop {
        let start = buf.len();
        let n = reader.read_until(b'\n', buf)?;
        if n == 0 {
            return Ok(total);
        }
        total += n;
        if buf[start..].starts_with(b"ER  -") {
            return Ok(total);
        }
    }
}

/// Splits a record into tagged fields (`TY` and `ER` left out).
pub fn fields(text: &str) -> Result<Vec<TaggedField>, (usize, String)> {
    let mut out: Vec<TaggedField> = Vec::new();
    let mut in_structure = false;
    let mut seen_tag = false;
    for (offset, line) in lines_with_offsets(text) {
        let content = line.trim_end_matches(['\r', '\n']);
        let end = offset + content.len();
        match line_tag(content) {
            Some(prefix) => {
                seen_tag = true;
                let tag = &content[..2];
                in_structure = tag == "TY" || tag == "ER";
                if !in_structure {
                    out.push(TaggedField {
                        tag: tag.to_owned(),
                        value: offset + prefix..end,
                    });
                }
            }
            None if is_blank(line.as_bytes()) => {}
            None => {
                if !seen_tag {
                    return Err((offset, "text before the first RIS tag (TY  - )".into()));
                }
                if !in_structure && let Some(last) = out.last_mut() {
                    last.value.end = end;
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_continuations() {
        let text = "\nTY  - JOUR\nTI  - Long\n  title\nAU  - Doe, J.\nER  -\n";
        let f = fields(text).unwrap();
        assert_eq!(f.len(), 2);
        assert_eq!(&text[f[0].value.clone()], "Long\n  title");
        assert_eq!(f[1].tag, "AU");
    }

    #[test]
    fn frames_on_er() {
        let mut input: &[u8] = b"TY  - JOUR\nER  - \n\nTY  - BOOK\nER  - \n\n";
        let mut chunks = Vec::new();
        loop {
            let mut buf = Vec::new();
            if read_record(&mut input, &mut buf).unwrap() == 0 {
                break;
            }
            chunks.push(String::from_utf8(buf).unwrap());
        }
        assert_eq!(
            chunks,
            ["TY  - JOUR\nER  - \n", "\nTY  - BOOK\nER  - \n", "\n"]
        );
    }

    #[test]
    fn untagged_start_is_an_error() {
        assert!(fields("hello\nTY  - JOUR\n").is_err());
    }
}
