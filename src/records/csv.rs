//! CSV and TSV: RFC 4180 records, one per line unless a quoted field spans lines.
//!
//! Records are framed on raw bytes (a record ends at a line feed outside quotes), then each
//! decoded record is split into fields with the byte range each field occupies, quotes
//! included. The writer splices: only a changed field is rewritten, and it is quoted only
//! when it was quoted before or its new value needs it. The first record is the header: it
//! names the columns (`--columns title,2`) and is never cleaned.
//!
//! ```
//! use mojifix::records::csv::split_fields;
//! let fields = split_fields("a,\"b,\"\"c\"\"\",d", b',').unwrap();
//! let values: Vec<&str> = fields.iter().map(|f| f.value.as_str()).collect();
//! assert_eq!(values, ["a", "b,\"c\"", "d"]);
//! assert_eq!(fields[1].range, 2..11);
//! assert!(fields[1].quoted);
//! ```

use std::io::{self, BufRead};
use std::ops::Range;

/// One field of a CSV record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvField {
    /// Byte range of the field in the record text, quotes included.
    pub range: Range<usize>,
    /// The value with quotes removed and `""` unescaped.
    pub value: String,
    /// The field was written in quotes.
    pub quoted: bool,
}

/// A CSV syntax error at a byte offset in the record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvError {
    pub offset: usize,
    pub message: String,
}

/// Lines joined into one record while a quoted field is open stop at this size: a stray
/// quote near the top of a huge file then costs this much memory, not the whole file, and
/// is reported (`a quoted field is never closed`) at its byte.
pub const MAX_QUOTED_RECORD: usize = 16 << 20;

/// Reads one record's raw bytes (line terminator included) into `buf`: lines are joined
/// while a quoted field is open, up to `MAX_QUOTED_RECORD` bytes. Returns the number of
/// bytes read; 0 at the end.
///
/// 0x22 (`"`), 0x0A and the delimiter are never trail bytes in the ASCII-compatible
/// encodings this runs on, so framing the undecoded bytes is safe.
pub fn read_record<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    delimiter: u8,
) -> io::Result<usize> {
    read_record_after(reader, buf, delimiter, 0)
}

/// `read_record` for the first record of a UTF-8 file: a BOM there belongs to the file,
/// not the first field, so a quote right after it opens a quoted field.
pub fn read_first_record<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    delimiter: u8,
) -> io::Result<usize> {
    read_record_after(reader, buf, delimiter, UTF8_BOM.len())
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads a record, not scanning a leading BOM of up to `bom` bytes.
fn read_record_after<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    delimiter: u8,
    bom: usize,
) -> io::Result<usize> {
    let mut total = 0;
    let mut state = Scan::FieldStart;
    loop {
        let start = buf.len();
        let n = reader.read_until(b'\n', buf)?;
        if n == 0 {
            return Ok(total);
        }
        let skip = if total == 0 && bom > 0 && buf[start..].starts_with(UTF8_BOM) {
            UTF8_BOM.len()
        } else {
            0
        };
        total += n;
        for &b in &buf[start + skip..] {
            state = state.step(b, delimiter);
        }
        // Only an open quoted field carries the record over the line feed.
        if state != Scan::Quoted || !buf.ends_with(b"\n") || total >= MAX_QUOTED_RECORD {
            return Ok(total);
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scan {
    FieldStart,
    Unquoted,
    Quoted,
    /// A `"` inside a quoted field: either the closing quote or the first of `""`.
    QuoteInQuoted,
}

impl Scan {
    fn step(self, b: u8, delimiter: u8) -> Scan {
        match self {
            Scan::FieldStart | Scan::Unquoted if b == delimiter || b == b'\n' => Scan::FieldStart,
            Scan::FieldStart if b == b'"' => Scan::Quoted,
            Scan::FieldStart | Scan::Unquoted => Scan::Unquoted,
            Scan::Quoted if b == b'"' => Scan::QuoteInQuoted,
            Scan::Quoted => Scan::Quoted,
            Scan::QuoteInQuoted if b == b'"' => Scan::Quoted,
            Scan::QuoteInQuoted if b == delimiter || b == b'\n' => Scan::FieldStart,
            // Text after a closing quote; `split_fields` reports it.
            Scan::QuoteInQuoted => Scan::Unquoted,
        }
    }
}

/// Splits one record (without its final line terminator) into fields.
///
/// A `"` inside an unquoted field is kept as text, as most readers do; text after a
/// closing quote and a quote left open are errors.
pub fn split_fields(text: &str, delimiter: u8) -> Result<Vec<CsvField>, CsvError> {
    let bytes = text.as_bytes();
    let mut fields = Vec::new();
    let mut pos = 0;
    loop {
        let start = pos;
        if bytes.get(pos) == Some(&b'"') {
            pos += 1;
            let mut value = String::new();
            loop {
                let rest = &bytes[pos..];
                let Some(q) = memchr::memchr(b'"', rest) else {
                    return Err(CsvError {
                        offset: start,
                        message: format!(
                            "a quoted field is never closed (within {} MiB)",
                            MAX_QUOTED_RECORD >> 20
                        ),
                    });
                };
                value.push_str(&text[pos..pos + q]);
                pos += q + 1;
                if bytes.get(pos) == Some(&b'"') {
                    value.push('"');
                    pos += 1;
                    continue;
                }
                break;
            }
            match bytes.get(pos) {
                None => {}
                Some(&b) if b == delimiter => {}
                Some(_) => {
                    return Err(CsvError {
                        offset: pos,
                        message: "text after the closing quote of a field".into(),
                    });
                }
            }
            fields.push(CsvField {
                range: start..pos,
                value,
                quoted: true,
            });
        } else {
            let end = memchr::memchr(delimiter, &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
            fields.push(CsvField {
                range: start..end,
                value: text[start..end].to_owned(),
                quoted: false,
            });
            pos = end;
        }
        if pos >= bytes.len() {
            return Ok(fields);
        }
        // At a delimiter.
        pos += 1;
        if pos == bytes.len() {
            fields.push(CsvField {
                range: pos..pos,
                value: String::new(),
                quoted: false,
            });
            return Ok(fields);
        }
    }
}

/// Writes a field's new value: quoted if it was quoted, or if it now holds the
/// delimiter, a quote, a line break, or starts with a quote.
pub fn write_field(value: &str, delimiter: u8, was_quoted: bool) -> String {
    let needs = value
        .bytes()
        .any(|b| b == delimiter || b == b'"' || b == b'\n' || b == b'\r');
    if !(was_quoted || needs) {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// The header of a CSV file: column names and the columns to clean.
#[derive(Clone, Debug)]
pub struct Header {
    pub names: Vec<String>,
    /// `selected[i]`: clean column `i`. Empty means every column.
    pub selected: Vec<bool>,
}

impl Header {
    /// Resolves `--columns` entries, each a header name or a 0-based index.
    /// An unknown name comes back as `Err(name)`.
    pub fn new(names: Vec<String>, columns: &[String]) -> Result<Header, String> {
        let mut selected = Vec::new();
        if !columns.is_empty() {
            selected = vec![false; names.len()];
            for column in columns {
                let index = match names.iter().position(|n| n == column) {
                    Some(i) => i,
                    None => match column.parse::<usize>() {
                        Ok(i) => i,
                        Err(_) => return Err(column.clone()),
                    },
                };
                if index >= selected.len() {
                    selected.resize(index + 1, false);
                }
                selected[index] = true;
            }
        }
        Ok(Header { names, selected })
    }

    pub fn is_selected(&self, index: usize) -> bool {
        self.selected.is_empty() || self.selected.get(index).copied().unwrap_or(false)
    }

    /// The name reports use for column `index`: its header name, or `#index`.
    pub fn name(&self, index: usize) -> String {
        match self.names.get(index) {
            Some(name) if !name.is_empty() => name.clone(),
            _ => format!("#{index}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(input: &[u8]) -> Vec<Vec<u8>> {
        let mut reader = input;
        let mut out = Vec::new();
        loop {
            let mut buf = Vec::new();
            if read_record(&mut reader, &mut buf, b',').unwrap() == 0 {
                return out;
            }
            out.push(buf);
        }
    }

    #[test]
    fn frames_multiline_quoted_fields() {
        let records = frame(b"a,b\r\n\"x\r\ny\",\"q\"\"\"\r\nlast,\"\"\n");
        assert_eq!(
            records,
            [
                b"a,b\r\n".to_vec(),
                b"\"x\r\ny\",\"q\"\"\"\r\n".to_vec(),
                b"last,\"\"\n".to_vec()
            ]
        );
    }

    #[test]
    fn a_bom_does_not_hide_an_opening_quote() {
        let input = b"\xEF\xBB\xBF\"a\nb\",c\n1,2\n";
        let mut reader = &input[..];
        let mut buf = Vec::new();
        read_first_record(&mut reader, &mut buf, b',').unwrap();
        assert_eq!(buf, b"\xEF\xBB\xBF\"a\nb\",c\n");
    }

    #[test]
    fn unterminated_quote_runs_to_the_end_and_errors() {
        let records = frame(b"a,\"open\nmore\n");
        assert_eq!(records.len(), 1);
        let text = std::str::from_utf8(&records[0]).unwrap().trim_end();
        assert!(split_fields(text, b',').is_err());
    }

    #[test]
    fn splits_and_keeps_ranges() {
        let f = split_fields("1,,\"a\"\"b\",", b',').unwrap();
        assert_eq!(f.len(), 4);
        assert_eq!(f[1].range, 2..2);
        assert_eq!(f[2].value, "a\"b");
        assert_eq!(f[3].range, 10..10);
        assert!(split_fields("\"a\"x,b", b',').is_err());
        assert_eq!(split_fields("a\"b", b',').unwrap()[0].value, "a\"b");
    }

    #[test]
    fn quoting_only_when_needed_or_kept() {
        assert_eq!(write_field("café", b',', false), "café");
        assert_eq!(write_field("café", b',', true), "\"café\"");
        assert_eq!(write_field("a,b", b',', false), "\"a,b\"");
        assert_eq!(write_field("a,b", b'\t', false), "a,b");
        assert_eq!(write_field("say \"hi\"", b',', false), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn columns_by_name_or_index() {
        let h = Header::new(vec!["id".into(), "title".into()], &["title".into()]).unwrap();
        assert!(h.is_selected(1) && !h.is_selected(0));
        let h = Header::new(vec!["id".into(), "title".into()], &["0".into()]).unwrap();
        assert!(h.is_selected(0) && !h.is_selected(1));
        assert!(Header::new(vec!["id".into()], &["nope".into()]).is_err());
    }
}
