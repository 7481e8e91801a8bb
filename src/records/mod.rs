//! Records: how input bytes split into records, which parts of a record are the fields to
//! clean, and how a cleaned record is written back.
//!
//! The writer splices: an unchanged record is copied byte for byte, a changed one gets only
//! its changed fields rewritten. A new format is a new file here plus a variant of
//! `Format`.
//!
//! ```
//! use mojifix::records::{Format, process_bytes, Settings};
//! let settings = Settings::new(Format::Lines);
//! let (out, summary) = process_bytes(&settings, b"caf\xc3\x83\xc2\xa9\nok\r\n").unwrap();
//! assert_eq!(out, "café\nok\r\n".as_bytes());
//! assert_eq!(summary.records, 2);
//! ```

pub mod jsonl;

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use std::ops::Range;
use std::path::Path;

use crate::charset::Charset;
use crate::detect;
use crate::error::{Error, ErrorKind, Position, Result};
use crate::pipeline::{Cleaned, Options, fix_and_explain};
use crate::report::fix::{Fix, describe_steps};

/// A record format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One record per line; line endings kept.
    Lines,
    /// One JSON value per line; its string values are the fields.
    Jsonl,
    /// The whole input is one record.
    Whole,
}

impl Format {
    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "lines" | "txt" | "text" => Some(Format::Lines),
            "jsonl" | "ndjson" | "json-lines" => Some(Format::Jsonl),
            "whole" => Some(Format::Whole),
            _ => None,
        }
    }

    /// The format a file's extension implies; lines when unknown.
    pub fn from_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("jsonl" | "ndjson") => Format::Jsonl,
            _ => Format::Lines,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Lines => "lines",
            Format::Jsonl => "jsonl",
            Format::Whole => "whole",
        }
    }
}

/// How input bytes become text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputEncoding {
    /// A known charset (UTF-8 by default). Undecodable bytes are an error.
    Fixed(Charset),
    /// Detect per input from its first megabyte.
    Auto,
}

/// Everything a run needs to know about records.
#[derive(Clone, Debug)]
pub struct Settings {
    pub format: Format,
    pub options: Options,
    pub input: InputEncoding,
    /// JSONL paths to clean (`a`, `b.c`, `items[].title`); empty means all strings.
    pub fields: Vec<String>,
    /// Pass a bad record through unchanged, count it, and go on.
    pub keep_going: bool,
}

impl Settings {
    pub fn new(format: Format) -> Settings {
        Settings {
            format,
            options: Options::default(),
            input: InputEncoding::Fixed(Charset::UTF_8),
            fields: Vec::new(),
            keep_going: false,
        }
    }
}

/// A changed field of a record.
#[derive(Clone, Debug)]
pub struct ChangedField {
    /// The field's name (`text`, `items[].title`); `None` for plain lines.
    pub name: Option<String>,
    /// The field's text before cleaning (decoded).
    pub before: String,
    pub after: String,
    pub fixes: Vec<Fix>,
}

/// What happened to one record; reporters receive one per changed record.
#[derive(Clone, Debug)]
pub struct RecordReport {
    /// 1-based record number.
    pub record: u64,
    /// 1-based line where the record starts.
    pub line: u64,
    /// Byte offset of the record in the input.
    pub byte: u64,
    pub fields: Vec<ChangedField>,
}

/// Counts over a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: u64,
    pub records: u64,
    pub changed_records: u64,
    pub changes: u64,
    /// Changes by their steps (`latin-1 → GBK`, `unescape_html`).
    pub by_kind: BTreeMap<String, u64>,
    /// Undecodable byte runs met (each also an error or a passed-through record).
    pub undecodable: u64,
    /// Records passed through unchanged because they were bad (`--keep-going`).
    pub bad_records: u64,
    pub errors: u64,
}

impl Summary {
    pub fn add(&mut self, other: &Summary) {
        self.files += other.files;
        self.records += other.records;
        self.changed_records += other.changed_records;
        self.changes += other.changes;
        for (k, v) in &other.by_kind {
            *self.by_kind.entry(k.clone()).or_default() += v;
        }
        self.undecodable += other.undecodable;
        self.bad_records += other.bad_records;
        self.errors += other.errors;
    }
}

/// One field to clean inside a decoded record.
struct FieldSpan {
    name: Option<String>,
    /// Byte range in the record text that the field's written form occupies.
    range: Range<usize>,
    value: String,
    /// How to write a new value: raw, or as a JSON string literal.
    json_ascii_escaped: Option<bool>,
}

/// Cleans every record read from `reader`, writes the result to `writer` (if any) and
/// calls `report` for each changed record. `path` only names the input in errors.
pub fn process<R: BufRead, W: Write>(
    settings: &Settings,
    path: Option<&Path>,
    mut reader: R,
    mut writer: Option<&mut W>,
    report: &mut dyn FnMut(&RecordReport),
) -> Result<Summary> {
    let position = |record: u64, line: u64, byte: u64| Position {
        path: path.map(Path::to_path_buf),
        record: Some(record),
        line: Some(line),
        byte: Some(byte),
    };
    let io_error = |e: io::Error| {
        Error::at(
            ErrorKind::Io(e),
            Position {
                path: path.map(Path::to_path_buf),
                ..Position::default()
            },
        )
    };
    let mut summary = Summary {
        files: 1,
        ..Summary::default()
    };
    let charset = match settings.input {
        InputEncoding::Fixed(c) => c,
        InputEncoding::Auto => {
            let head = reader.fill_buf().map_err(io_error)?;
            detect::detect(head).charset().unwrap_or(Charset::UTF_8)
        }
    };
    // Encodings where 0x0A is not always a line feed are decoded whole first.
    if !charset.is_ascii_compatible() {
        let mut raw = Vec::new();
        reader.read_to_end(&mut raw).map_err(io_error)?;
        let decoded = charset.decode(&raw);
        if let Some(bad) = decoded.undecodable.first() {
            summary.undecodable += decoded.undecodable.len() as u64;
            if !settings.keep_going {
                return Err(Error::at(
                    ErrorKind::Decode {
                        encoding: charset.name(),
                        len: bad.len,
                        first: raw.get(bad.offset).copied().unwrap_or(0),
                    },
                    Position {
                        path: path.map(Path::to_path_buf),
                        byte: Some(bad.offset as u64),
                        ..Position::default()
                    },
                ));
            }
        }
        let utf8 = Settings {
            input: InputEncoding::Fixed(Charset::UTF_8),
            ..settings.clone()
        };
        let inner = process(&utf8, path, decoded.text.as_bytes(), writer, report)?;
        summary.add(&inner);
        summary.files -= 1;
        return Ok(summary);
    }
    // A line cannot hold a line break, so in the lines format `\r` and U+2028 stay as they
    // are rather than become `\n`, which would split the record in two.
    let options = if settings.format == Format::Lines {
        Options {
            fix_line_breaks: false,
            ..settings.options.clone()
        }
    } else {
        settings.options.clone()
    };
    let mut raw: Vec<u8> = Vec::new();
    let mut record_no: u64 = 0;
    let mut line_no: u64 = 1;
    let mut offset: u64 = 0;
    let mut first = true;
    loop {
        raw.clear();
        let read = match settings.format {
            Format::Whole => reader.read_to_end(&mut raw),
            Format::Lines | Format::Jsonl => reader.read_until(b'\n', &mut raw),
        }
        .map_err(io_error)?;
        if read == 0 {
            break;
        }
        record_no += 1;
        let record_line = line_no;
        let record_offset = offset;
        line_no += memchr::memchr_iter(b'\n', &raw).count() as u64;
        offset += read as u64;
        // A leading UTF-8 BOM belongs to the file, not the first record: write it as is.
        let mut body: &[u8] = &raw;
        let mut bom: &[u8] = &[];
        if first && charset == Charset::UTF_8 && body.starts_with(&[0xEF, 0xBB, 0xBF]) {
            bom = &raw[..3];
            body = &raw[3..];
        }
        first = false;
        let (content, ending) = split_line_ending(body, settings.format);
        let decoded = charset.decode(content);
        if let Some(bad) = decoded.undecodable.first() {
            summary.undecodable += decoded.undecodable.len() as u64;
            let error = Error::at(
                ErrorKind::Decode {
                    encoding: charset.name(),
                    len: bad.len,
                    first: content.get(bad.offset).copied().unwrap_or(0),
                },
                position(
                    record_no,
                    record_line,
                    record_offset + (bom.len() + bad.offset) as u64,
                ),
            );
            summary.records += 1;
            if settings.keep_going {
                summary.bad_records += 1;
                summary.errors += 1;
                if let Some(w) = writer.as_deref_mut() {
                    w.write_all(&raw).map_err(io_error)?;
                }
                continue;
            }
            return Err(error);
        }
        let text = decoded.text;
        let fields = match field_spans(settings, &text) {
            Ok(fields) => fields,
            Err((byte, kind)) => {
                summary.records += 1;
                if settings.keep_going {
                    summary.bad_records += 1;
                    summary.errors += 1;
                    if let Some(w) = writer.as_deref_mut() {
                        w.write_all(&raw).map_err(io_error)?;
                    }
                    continue;
                }
                return Err(Error::at(
                    kind,
                    position(
                        record_no,
                        record_line,
                        record_offset + (bom.len() + byte) as u64,
                    ),
                ));
            }
        };
        summary.records += 1;
        let mut changed: Vec<(Range<usize>, String)> = Vec::new();
        let mut changed_fields = Vec::new();
        for field in fields {
            let mut cleaned = fix_and_explain(&field.value, &options);
            if settings.format == Format::Lines {
                cleaned = fit_line(&field.value, cleaned);
            }
            if !cleaned.changed() {
                continue;
            }
            let written = match field.json_ascii_escaped {
                Some(ascii) => jsonl::encode_string(&cleaned.text, ascii),
                None => cleaned.text.clone(),
            };
            for fix in &cleaned.fixes {
                summary.changes += 1;
                *summary
                    .by_kind
                    .entry(describe_steps(&fix.steps))
                    .or_default() += 1;
            }
            changed.push((field.range.clone(), written));
            changed_fields.push(ChangedField {
                name: field.name,
                before: field.value,
                after: cleaned.text,
                fixes: cleaned.fixes,
            });
        }
        if changed.is_empty() {
            if let Some(w) = writer.as_deref_mut() {
                if charset == Charset::UTF_8 {
                    w.write_all(&raw).map_err(io_error)?;
                } else {
                    w.write_all(text.as_bytes()).map_err(io_error)?;
                    w.write_all(ending).map_err(io_error)?;
                }
            }
            continue;
        }
        summary.changed_records += 1;
        report(&RecordReport {
            record: record_no,
            line: record_line,
            byte: record_offset,
            fields: changed_fields,
        });
        if let Some(w) = writer.as_deref_mut() {
            let mut out = Vec::with_capacity(raw.len() + 16);
            out.extend_from_slice(bom);
            let mut last = 0;
            for (range, replacement) in &changed {
                out.extend_from_slice(&text.as_bytes()[last..range.start]);
                out.extend_from_slice(replacement.as_bytes());
                last = range.end;
            }
            out.extend_from_slice(&text.as_bytes()[last..]);
            out.extend_from_slice(ending);
            w.write_all(&out).map_err(io_error)?;
        }
    }
    Ok(summary)
}

/// A line cannot hold a line feed: a fix that writes one (`&#10;` decoded) would split the
/// record in two, so it is left out and the rest kept. Nor may a line newly end in `\r`
/// (`a\r\0` with the NUL removed): read back, that `\r` would join the line ending.
fn fit_line(original: &str, cleaned: Cleaned) -> Cleaned {
    let splits =
        |text: &str| text.contains('\n') || (text.ends_with('\r') && !original.ends_with('\r'));
    if !splits(&cleaned.text) {
        return cleaned;
    }
    let mut fixes: Vec<Fix> = cleaned
        .fixes
        .into_iter()
        .filter(|fix| !fix.after.contains('\n'))
        .collect();
    loop {
        let mut text = String::with_capacity(original.len());
        let mut last = 0;
        for fix in &fixes {
            text.push_str(&original[last..fix.span.start]);
            text.push_str(&fix.after);
            last = fix.span.end;
        }
        text.push_str(&original[last..]);
        if !splits(&text) || fixes.pop().is_none() {
            return Cleaned { text, fixes };
        }
    }
}

/// Cleans an in-memory input; returns the output bytes and the summary.
pub fn process_bytes(settings: &Settings, input: &[u8]) -> Result<(Vec<u8>, Summary)> {
    let mut out = Vec::with_capacity(input.len());
    let summary = process(settings, None, input, Some(&mut out), &mut |_| {})?;
    Ok((out, summary))
}

/// Splits the line terminator (`\n` or `\r\n`) off a record of a line-based format.
fn split_line_ending(record: &[u8], format: Format) -> (&[u8], &[u8]) {
    if format == Format::Whole {
        return (record, &[]);
    }
    if record.ends_with(b"\r\n") {
        record.split_at(record.len() - 2)
    } else if record.ends_with(b"\n") {
        record.split_at(record.len() - 1)
    } else {
        (record, &[])
    }
}

fn field_spans(
    settings: &Settings,
    text: &str,
) -> std::result::Result<Vec<FieldSpan>, (usize, ErrorKind)> {
    match settings.format {
        Format::Lines | Format::Whole => Ok(vec![FieldSpan {
            name: None,
            range: 0..text.len(),
            value: text.to_owned(),
            json_ascii_escaped: None,
        }]),
        Format::Jsonl => {
            if text.trim().is_empty() {
                return Ok(Vec::new());
            }
            let fields = jsonl::string_fields(text)
                .map_err(|e| (e.offset, ErrorKind::Json { message: e.message }))?;
            Ok(fields
                .into_iter()
                .filter(|f| {
                    settings.fields.is_empty() || jsonl::path_selected(&f.path, &settings.fields)
                })
                .filter_map(|f| {
                    let value = f.value?;
                    Some(FieldSpan {
                        name: Some(f.path),
                        range: f.literal,
                        value,
                        json_ascii_escaped: Some(f.ascii_escaped),
                    })
                })
                .collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_endings_and_count() {
        let input = "a\r\ncafÃ©\n\nlast".as_bytes();
        let (out, summary) = process_bytes(&Settings::new(Format::Lines), input).unwrap();
        assert_eq!(out, "a\r\ncafé\n\nlast".as_bytes());
        assert_eq!(summary.records, 4);
        assert_eq!(summary.changed_records, 1);
    }

    #[test]
    fn jsonl_splices_only_changed_literals() {
        let input = "{\"text\":\"cafÃ©\",\"n\":1e5,\"k\":\"\\u00e9\"}\n";
        let (out, _) = process_bytes(&Settings::new(Format::Jsonl), input.as_bytes()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"text\":\"café\",\"n\":1e5,\"k\":\"\\u00e9\"}\n"
        );
    }

    #[test]
    fn bad_json_names_record_and_byte() {
        let input = b"{\"a\":\"x\"}\n{\"a\":}\n";
        let err = process_bytes(&Settings::new(Format::Jsonl), input).unwrap_err();
        assert_eq!(err.position().record, Some(2));
        assert_eq!(err.position().byte, Some(15));
    }

    #[test]
    fn invalid_utf8_is_an_error_unless_keep_going() {
        let input = b"ok\nbad \xff here\n";
        let err = process_bytes(&Settings::new(Format::Lines), input).unwrap_err();
        assert_eq!(err.position().record, Some(2));
        assert_eq!(err.position().byte, Some(7));
        let mut settings = Settings::new(Format::Lines);
        settings.keep_going = true;
        let (out, summary) = process_bytes(&settings, input).unwrap();
        assert_eq!(out, input);
        assert_eq!(summary.bad_records, 1);
    }

    // Found by the `lines` fuzz target: U+2028 and a lone CR became `\n` and split one
    // record into two.
    #[test]
    fn a_fix_never_splits_a_line() {
        let input = "a\u{2028}b\nc\rd cafÃ©\r\ne&#10;f\nÃ©\rx\ny\r\0\n".as_bytes();
        let (out, summary) = process_bytes(&Settings::new(Format::Lines), input).unwrap();
        assert_eq!(
            out,
            "a\u{2028}b\nc\rd café\r\ne&#10;f\né\rx\ny\r\0\n".as_bytes()
        );
        assert_eq!(summary.records, 5);
        assert_eq!(summary.changes, 2);
        let (out, _) = process_bytes(&Settings::new(Format::Whole), input).unwrap();
        assert_eq!(out, "a\nb\nc\nd café\ne\nf\né\nx\ny\n\n".as_bytes());
    }

    #[test]
    fn explicit_legacy_input_becomes_utf8() {
        let mut settings = Settings::new(Format::Lines);
        settings.input = InputEncoding::Fixed(Charset::for_label("windows-1252").unwrap());
        let (out, _) = process_bytes(&settings, b"caf\xe9\n").unwrap();
        assert_eq!(out, "café\n".as_bytes());
    }
}
