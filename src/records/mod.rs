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

pub mod csv;
pub mod jsonl;
pub mod refer;
pub mod ris;

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::charset::Charset;
use crate::decisions::{self, Decisions};
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
    /// Comma-separated values with a header row (RFC 4180 quoting).
    Csv,
    /// Tab-separated values with a header row (same quoting as CSV).
    Tsv,
    /// EndNote / refer: `%X value` fields, records separated by blank lines.
    Refer,
    /// RIS: `TY  - ` … `ER  - ` records of `XX  - value` fields.
    Ris,
}

impl Format {
    /// Every format name `parse` accepts, for messages.
    pub const NAMES: &'static str = "lines, jsonl, whole, csv, tsv, refer, ris";

    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "lines" | "txt" | "text" => Some(Format::Lines),
            "jsonl" | "ndjson" | "json-lines" => Some(Format::Jsonl),
            "whole" => Some(Format::Whole),
            "csv" => Some(Format::Csv),
            "tsv" => Some(Format::Tsv),
            "refer" | "endnote" | "enw" => Some(Format::Refer),
            "ris" => Some(Format::Ris),
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
            Some("csv") => Format::Csv,
            Some("tsv") => Format::Tsv,
            Some("enw" | "refer") => Format::Refer,
            Some("ris") => Format::Ris,
            _ => Format::Lines,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Lines => "lines",
            Format::Jsonl => "jsonl",
            Format::Whole => "whole",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Refer => "refer",
            Format::Ris => "ris",
        }
    }

    fn delimiter(self) -> u8 {
        if self == Format::Tsv { b'\t' } else { b',' }
    }

    /// Formats whose records may hold blank chunks that are not records.
    fn skips_blank(self) -> bool {
        matches!(
            self,
            Format::Csv | Format::Tsv | Format::Refer | Format::Ris
        )
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
    /// The encoding written (UTF-8 by default). A character it cannot hold is an error.
    pub output: Charset,
    /// JSONL paths to clean (`a`, `b.c`, `items[].title`); empty means all strings.
    pub fields: Vec<String>,
    /// CSV/TSV columns to clean, by header name or 0-based index; empty means all.
    pub columns: Vec<String>,
    /// CSV/TSV: accept rows whose field count differs from the header's.
    pub allow_ragged: bool,
    /// Pass a bad record through unchanged, count it, and go on.
    pub keep_going: bool,
    /// 1 cleans one record at a time; any other value cleans chunks of records in
    /// parallel on rayon's pool (output order is kept).
    pub threads: usize,
    /// With `InputEncoding::Auto`: detect the encoding of each line on its own
    /// (`detect::decode_per_line`), for files whose records come from different sources.
    pub per_record: bool,
    /// Changes a reviewer rejected (`fix --decisions`): dropped before the writer
    /// splices; one the input no longer holds is an error.
    pub decisions: Option<Arc<Decisions>>,
}

impl Settings {
    pub fn new(format: Format) -> Settings {
        Settings {
            format,
            options: Options::default(),
            input: InputEncoding::Fixed(Charset::UTF_8),
            output: Charset::UTF_8,
            fields: Vec::new(),
            columns: Vec::new(),
            allow_ragged: false,
            keep_going: false,
            threads: 1,
            per_record: false,
            decisions: None,
        }
    }

    /// True when output bytes are in the input's encoding, so an input with nothing to
    /// fix comes out identical.
    pub fn output_is_input(&self) -> bool {
        self.input == InputEncoding::Fixed(self.output)
    }
}

/// A changed field of a record.
#[derive(Clone, Debug)]
pub struct ChangedField {
    /// The field's name (`text`, `items[].title`, `%X`, `TI`, a CSV column); `None` for
    /// plain lines.
    pub name: Option<String>,
    /// 1-based line of the file where the field starts (fields of block formats and
    /// multi-line CSV rows start below their record's first line).
    pub line: u64,
    /// The field's text before cleaning (decoded).
    pub before: String,
    pub after: String,
    pub fixes: Vec<Fix>,
}

/// What happened to one record; reporters receive one per changed record.
#[derive(Clone, Debug)]
pub struct RecordReport {
    /// 1-based record number (a CSV header is not a record).
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

/// How a field's new value is written into the record text.
#[derive(Clone, Copy, Debug)]
enum Writeback {
    Raw,
    Json { ascii_escaped: bool },
    Csv { delimiter: u8, quoted: bool },
}

/// One field to clean inside a decoded record.
struct FieldSpan {
    name: Option<String>,
    /// Byte range in the record text that the field's written form occupies.
    range: Range<usize>,
    value: String,
    writeback: Writeback,
    /// Clean each line of the value on its own and keep its line breaks: they are the
    /// record's structure (refer/RIS continuation lines, CSV cells), not damage.
    by_line: bool,
    /// What each cleaned line must keep (with `by_line`).
    rule: LineRule,
}

/// What a cleaned line of a multi-line field must keep so the output reads back as the
/// same fields and records: in refer and RIS a line may not split, turn blank, gain or
/// lose a tag (`%A `, `AU  - `, `ER  - `), or end in a new `\r`; in the flattened refer
/// form it may not gain or lose an inline ` %X ` tag. CSV cells are quoted as needed
/// when written, so any line goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineRule {
    Free,
    Refer { one_line: bool },
    Ris,
}

impl LineRule {
    /// `index` is the line's place in the value: line 0 follows the field's tag, later
    /// ones are continuation lines.
    fn keeps(self, index: usize, before: &str, after: &str) -> bool {
        if self == LineRule::Free {
            return true;
        }
        if after.contains('\n') || (after.ends_with('\r') && !before.ends_with('\r')) {
            return false;
        }
        let blank = |s: &str| refer::is_blank(s.as_bytes());
        match self {
            LineRule::Free => true,
            LineRule::Refer { one_line: true } => {
                refer::inline_tags(after) == refer::inline_tags(before)
            }
            LineRule::Refer { .. } | LineRule::Ris if index == 0 => true,
            LineRule::Refer { .. } => {
                blank(after) == blank(before)
                    && refer::line_tag(after).is_some() == refer::line_tag(before).is_some()
            }
            LineRule::Ris => {
                blank(after) == blank(before)
                    && ris::line_tag(after).is_some() == ris::line_tag(before).is_some()
            }
        }
    }
}

/// At most this many fixes of one line are tried one by one when all of them together
/// break the line's rule; a line with more is left as it was (bounded time).
const MAX_FIT: usize = 64;

/// A record's bytes as framed, and where they sit in the input.
struct RawRecord {
    bytes: Vec<u8>,
    /// 1-based record number; 0 for a chunk of blank lines that is no record.
    number: u64,
    line: u64,
    byte: u64,
    /// Length of the UTF-8 BOM at the start of `bytes` (first record only).
    bom: usize,
}

/// What cleaning one record produced.
struct Outcome {
    /// The bytes to write; `None` copies the record's bytes as they were.
    out: Option<Vec<u8>>,
    report: Option<RecordReport>,
    delta: Summary,
}

/// What every record of one input shares.
struct FileContext<'a> {
    settings: &'a Settings,
    path: Option<&'a Path>,
    charset: Charset,
    header: Option<csv::Header>,
    /// The path as change ids and decisions name it; `-` for stdin.
    key: String,
}

/// Records cleaned together when running in parallel; a chunk also stops growing at
/// `CHUNK_BYTES`, so memory stays bounded by the chunk, not the file.
const CHUNK_RECORDS: usize = 256;
const CHUNK_BYTES: usize = 4 << 20;

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// Reads the next record's raw bytes into `buf`; 0 at the end of the input. `utf8_start`:
/// this is the first record of UTF-8 input, where a BOM is no part of the record.
fn read_record<R: BufRead>(
    format: Format,
    reader: &mut R,
    buf: &mut Vec<u8>,
    utf8_start: bool,
) -> io::Result<usize> {
    match format {
        Format::Whole => reader.read_to_end(buf),
        Format::Lines | Format::Jsonl => reader.read_until(b'\n', buf),
        Format::Csv | Format::Tsv if utf8_start => {
            csv::read_first_record(reader, buf, format.delimiter())
        }
        Format::Csv | Format::Tsv => csv::read_record(reader, buf, format.delimiter()),
        Format::Refer => refer::read_record(reader, buf),
        Format::Ris => ris::read_record(reader, buf),
    }
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
    if matches!(settings.input, InputEncoding::Auto)
        && settings.per_record
        && settings.format != Format::Whole
    {
        let mut raw = Vec::new();
        reader.read_to_end(&mut raw).map_err(io_error)?;
        let decoded = detect::decode_per_line(&raw, &detect::DetectOptions::default());
        summary.undecodable += decoded.undecodable.len() as u64;
        let utf8 = Settings {
            input: InputEncoding::Fixed(Charset::UTF_8),
            ..settings.clone()
        };
        let inner = process(&utf8, path, decoded.text.as_bytes(), writer, report)?;
        summary.add(&inner);
        summary.files -= 1;
        return Ok(summary);
    }
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
    let mut ctx = FileContext {
        settings,
        path,
        charset,
        header: None,
        key: path.map_or_else(|| "-".to_owned(), |p| p.display().to_string()),
    };
    let parallel = settings.threads != 1;
    let mut chunk: Vec<RawRecord> = Vec::new();
    let mut chunk_bytes = 0;
    let mut record_no: u64 = 0;
    let mut line_no: u64 = 1;
    let mut offset: u64 = 0;
    let mut first = true;
    loop {
        let mut bytes = Vec::new();
        let utf8_start = first && charset == Charset::UTF_8;
        let read =
            read_record(settings.format, &mut reader, &mut bytes, utf8_start).map_err(io_error)?;
        if read == 0 {
            break;
        }
        // A leading UTF-8 BOM belongs to the file, not the first record: it is kept as is.
        let bom = if first && charset == Charset::UTF_8 && bytes.starts_with(UTF8_BOM) {
            UTF8_BOM.len()
        } else {
            0
        };
        first = false;
        let blank = settings.format.skips_blank() && refer::is_blank(&bytes[bom..]);
        let needs_header =
            !blank && ctx.header.is_none() && matches!(settings.format, Format::Csv | Format::Tsv);
        let number = if blank || needs_header {
            0
        } else {
            record_no += 1;
            record_no
        };
        let raw = RawRecord {
            number,
            line: line_no,
            byte: offset,
            bom,
            bytes,
        };
        line_no += memchr::memchr_iter(b'\n', &raw.bytes).count() as u64;
        offset += read as u64;
        if needs_header {
            flush(
                &ctx,
                &mut chunk,
                writer.as_deref_mut(),
                report,
                &mut summary,
                parallel,
            )?;
            chunk_bytes = 0;
            let (header, out) = read_header(&ctx, &raw)?;
            ctx.header = Some(header);
            if let Some(w) = writer.as_deref_mut() {
                w.write_all(out.as_deref().unwrap_or(&raw.bytes))
                    .map_err(io_error)?;
            }
            continue;
        }
        chunk_bytes += raw.bytes.len();
        chunk.push(raw);
        if !parallel || chunk.len() >= CHUNK_RECORDS || chunk_bytes >= CHUNK_BYTES {
            flush(
                &ctx,
                &mut chunk,
                writer.as_deref_mut(),
                report,
                &mut summary,
                parallel,
            )?;
            chunk_bytes = 0;
        }
    }
    flush(&ctx, &mut chunk, writer, report, &mut summary, parallel)?;
    if let Some(rejected) = settings
        .decisions
        .as_ref()
        .and_then(|d| d.beyond(&ctx.key, record_no))
    {
        let reason = format!("the input has only {record_no} record(s)");
        return Err(Decisions::mismatch(rejected, &reason));
    }
    Ok(summary)
}

/// Cleans the records of a chunk (in parallel when asked), then reports and writes them
/// in input order. The first error in input order stops the file.
fn flush<W: Write>(
    ctx: &FileContext<'_>,
    chunk: &mut Vec<RawRecord>,
    mut writer: Option<&mut W>,
    report: &mut dyn FnMut(&RecordReport),
    summary: &mut Summary,
    parallel: bool,
) -> Result<()> {
    let outcomes: Vec<Result<Outcome>> = if parallel && chunk.len() > 1 {
        chunk.par_iter().map(|raw| clean_record(ctx, raw)).collect()
    } else {
        chunk.iter().map(|raw| clean_record(ctx, raw)).collect()
    };
    for (raw, outcome) in chunk.iter().zip(outcomes) {
        let outcome = outcome?;
        summary.add(&outcome.delta);
        if let Some(r) = &outcome.report {
            report(r);
        }
        if let Some(w) = writer.as_deref_mut() {
            w.write_all(outcome.out.as_deref().unwrap_or(&raw.bytes))
                .map_err(|e| ctx.error(ErrorKind::Io(e), None))?;
        }
    }
    chunk.clear();
    Ok(())
}

impl FileContext<'_> {
    fn error(&self, kind: ErrorKind, at: Option<(&RawRecord, &[u8], usize)>) -> Error {
        let mut position = Position {
            path: self.path.map(Path::to_path_buf),
            ..Position::default()
        };
        if let Some((raw, content, offset)) = at {
            // Whatever `offset` counts in, the error falls inside its record.
            let offset = offset.min((raw.bytes.len() - raw.bom).saturating_sub(1));
            let before = content.get(..offset).unwrap_or(content);
            position.record = (raw.number > 0).then_some(raw.number);
            position.line = Some(raw.line + memchr::memchr_iter(b'\n', before).count() as u64);
            position.byte = Some(raw.byte + (raw.bom + offset) as u64);
        }
        Error::at(kind, position)
    }

    /// An error at byte `at` of the decoded text of `content` (a record of `raw`):
    /// positioned at the input byte the character there came from, as outside UTF-8 the
    /// two differ.
    fn text_error(&self, kind: ErrorKind, raw: &RawRecord, content: &[u8], at: usize) -> Error {
        let at = if self.charset == Charset::UTF_8 {
            at
        } else {
            input_offset(self.charset, content, at)
        };
        self.error(kind, Some((raw, content, at)))
    }

    /// A bad record: an error, or with `--keep-going` a record passed through unchanged.
    fn bad_record(&self, error: Error, mut delta: Summary) -> Result<Outcome> {
        if !self.settings.keep_going {
            return Err(error);
        }
        delta.bad_records += 1;
        delta.errors += 1;
        Ok(Outcome {
            out: None,
            report: None,
            delta,
        })
    }

    /// Encodes output text in the `--to` encoding; a character it cannot hold is an
    /// error naming the record and the field that holds it.
    fn encode(
        &self,
        raw: &RawRecord,
        text: &str,
        fields: &[(Range<usize>, Option<String>)],
    ) -> Result<Vec<u8>> {
        let output = self.settings.output;
        if output == Charset::UTF_8 {
            return Ok(text.as_bytes().to_vec());
        }
        if let Some(bytes) = output.encode(text) {
            return Ok(bytes);
        }
        let mut buf = [0u8; 4];
        let (at, ch) = text
            .char_indices()
            .find(|&(_, c)| output.encode(c.encode_utf8(&mut buf)).is_none())
            .unwrap_or((0, '\u{FFFD}'));
        let field = fields
            .iter()
            .find(|(r, _)| r.start <= at && at < r.end)
            .and_then(|(_, name)| name.clone());
        Err(self.error(
            ErrorKind::Unencodable {
                encoding: output.name(),
                ch,
                field,
            },
            Some((raw, text.as_bytes(), at)),
        ))
    }
}

/// The byte of `raw` that the character at byte `at` of its decoded text came from: the
/// first prefix of `raw` whose decoding reaches past `at` ends with it. A binary search,
/// run only for errors.
fn input_offset(charset: Charset, raw: &[u8], at: usize) -> usize {
    let (mut lo, mut hi) = (0, raw.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if charset.decode(raw.get(..=mid).unwrap_or(raw)).text.len() > at {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// Reads a CSV header: decodes it, names the columns, resolves `--columns`. Returns the
/// bytes to write when the output encoding differs.
fn read_header(ctx: &FileContext<'_>, raw: &RawRecord) -> Result<(csv::Header, Option<Vec<u8>>)> {
    let body = &raw.bytes[raw.bom..];
    let (content, ending) = split_line_ending(body, ctx.settings.format);
    let decoded = ctx.charset.decode(content);
    if let Some(bad) = decoded.undecodable.first() {
        return Err(ctx.error(
            ErrorKind::Decode {
                encoding: ctx.charset.name(),
                len: bad.len,
                first: content.get(bad.offset).copied().unwrap_or(0),
            },
            Some((raw, content, bad.offset)),
        ));
    }
    let text = decoded.text;
    let fields = csv::split_fields(&text, ctx.settings.format.delimiter()).map_err(|e| {
        ctx.text_error(
            ErrorKind::Csv { message: e.message },
            raw,
            content,
            e.offset,
        )
    })?;
    let names: Vec<String> = fields.into_iter().map(|f| f.value).collect();
    let header = csv::Header::new(names.clone(), &ctx.settings.columns).map_err(|name| {
        let kind = ErrorKind::UnknownColumn {
            name,
            header: names,
        };
        ctx.error(kind, Some((raw, content, 0)))
    })?;
    let out = if ctx.charset == ctx.settings.output {
        None
    } else {
        let mut full = text;
        full.push_str(&String::from_utf8_lossy(ending));
        Some(ctx.encode(raw, &full, &[])?)
    };
    Ok((header, out))
}

/// Cleans one record: decode, find its fields, clean each, splice, encode.
fn clean_record(ctx: &FileContext<'_>, raw: &RawRecord) -> Result<Outcome> {
    let settings = ctx.settings;
    if raw.number == 0 {
        // Blank lines between records: ASCII, the same bytes in every output encoding.
        return Ok(Outcome {
            out: None,
            report: None,
            delta: Summary::default(),
        });
    }
    let mut delta = Summary {
        records: 1,
        ..Summary::default()
    };
    let body = &raw.bytes[raw.bom..];
    let (content, ending) = split_line_ending(body, settings.format);
    let decoded = ctx.charset.decode(content);
    if let Some(bad) = decoded.undecodable.first() {
        delta.undecodable += decoded.undecodable.len() as u64;
        let error = ctx.error(
            ErrorKind::Decode {
                encoding: ctx.charset.name(),
                len: bad.len,
                first: content.get(bad.offset).copied().unwrap_or(0),
            },
            Some((raw, content, bad.offset)),
        );
        return ctx.bad_record(error, delta);
    }
    let text = decoded.text;
    let fields = match field_spans(ctx, &text) {
        Ok(fields) => fields,
        Err((at, kind)) => {
            let error = ctx.text_error(kind, raw, content, at);
            return ctx.bad_record(error, delta);
        }
    };
    let names: Vec<(Range<usize>, Option<String>)> = fields
        .iter()
        .map(|f| (f.range.clone(), f.name.clone()))
        .collect();
    let mut changed: Vec<(Range<usize>, String, Option<String>)> = Vec::new();
    let mut changed_fields = Vec::new();
    // A line cannot hold a line break, so in the lines format `\r` and U+2028 stay as they
    // are rather than become `\n`, which would split the record in two.
    let line_options;
    let options = if settings.format == Format::Lines {
        line_options = Options {
            fix_line_breaks: false,
            ..settings.options.clone()
        };
        &line_options
    } else {
        &settings.options
    };
    let rejected = settings
        .decisions
        .as_ref()
        .map_or(&[][..], |d| d.for_record(&ctx.key, raw.number));
    let mut matched = vec![false; rejected.len()];
    for field in fields {
        let mut cleaned = if field.by_line {
            clean_by_line(&field.value, options, field.rule)
        } else {
            fix_and_explain(&field.value, options)
        };
        if settings.format == Format::Lines {
            cleaned = fit_line(&field.value, cleaned);
        }
        if !rejected.is_empty() {
            let before = cleaned.fixes.len();
            cleaned.fixes.retain(|fix| {
                let id = decisions::fix_id(&ctx.key, raw.number, field.name.as_deref(), fix);
                match rejected.iter().position(|r| r.id == id) {
                    Some(i) => {
                        matched[i] = true;
                        false
                    }
                    None => true,
                }
            });
            if cleaned.fixes.len() != before {
                cleaned.text = decisions::splice(&field.value, &cleaned.fixes);
            }
        }
        if !cleaned.changed() {
            continue;
        }
        let written = match field.writeback {
            Writeback::Raw => cleaned.text.clone(),
            Writeback::Json { ascii_escaped } => jsonl::encode_string(&cleaned.text, ascii_escaped),
            Writeback::Csv { delimiter, quoted } => {
                csv::write_field(&cleaned.text, delimiter, quoted)
            }
        };
        for fix in &cleaned.fixes {
            delta.changes += 1;
            *delta.by_kind.entry(describe_steps(&fix.steps)).or_default() += 1;
        }
        changed.push((field.range.clone(), written, field.name.clone()));
        let field_line = raw.line
            + memchr::memchr_iter(
                b'\n',
                text.as_bytes().get(..field.range.start).unwrap_or(b""),
            )
            .count() as u64;
        changed_fields.push(ChangedField {
            line: field_line,
            name: field.name,
            before: field.value,
            after: cleaned.text,
            fixes: cleaned.fixes,
        });
    }
    if let Some(i) = matched.iter().position(|m| !m) {
        let reason = format!(
            "record {} has no such change (the input or the fixers changed)",
            raw.number
        );
        return Err(Decisions::mismatch(&rejected[i], &reason));
    }
    let ending = String::from_utf8_lossy(ending);
    if changed.is_empty() {
        let out = if ctx.charset == settings.output {
            None
        } else {
            let full = text + &ending;
            Some(ctx.encode(raw, &full, &names)?)
        };
        return Ok(Outcome {
            out,
            report: None,
            delta,
        });
    }
    delta.changed_records = 1;
    let mut out_text = String::with_capacity(text.len() + 16);
    let mut out_fields = Vec::with_capacity(changed.len());
    let mut last = 0;
    for (range, replacement, name) in &changed {
        out_text.push_str(text.get(last..range.start).unwrap_or(""));
        let start = out_text.len();
        out_text.push_str(replacement);
        out_fields.push((start..out_text.len(), name.clone()));
        last = range.end;
    }
    out_text.push_str(text.get(last..).unwrap_or(""));
    out_text.push_str(&ending);
    if settings.format.skips_blank()
        && !same_shape(settings.format, &(text.clone() + &ending), &out_text)
    {
        // The per-line rules missed a way this record would read back as another: leave
        // it as it was rather than write other records.
        delta.changed_records = 0;
        delta.changes = 0;
        delta.by_kind.clear();
        let out = if ctx.charset == settings.output {
            None
        } else {
            Some(ctx.encode(raw, &(text + &ending), &names)?)
        };
        return Ok(Outcome {
            out,
            report: None,
            delta,
        });
    }
    let mut out = Vec::with_capacity(out_text.len() + raw.bom);
    if settings.output == Charset::UTF_8 {
        out.extend_from_slice(&raw.bytes[..raw.bom]);
    }
    out.extend_from_slice(&ctx.encode(raw, &out_text, &out_fields)?);
    Ok(Outcome {
        out: Some(out),
        report: Some(RecordReport {
            record: raw.number,
            line: raw.line,
            byte: raw.byte,
            fields: changed_fields,
        }),
        delta,
    })
}

/// Cleans each line of a multi-line value on its own, keeping its line breaks and what
/// `rule` says each line must keep; the fixes keep their spans in the whole value.
fn clean_by_line(value: &str, options: &Options, rule: LineRule) -> Cleaned {
    if !value.contains('\n') && rule == LineRule::Free {
        return fix_and_explain(value, options);
    }
    let mut text = String::with_capacity(value.len());
    let mut fixes = Vec::new();
    for (index, (offset, line)) in lines_with_offsets(value).enumerate() {
        let content = line.trim_end_matches(['\r', '\n']);
        let cleaned = fit_fixes(content, fix_and_explain(content, options), |after| {
            rule.keeps(index, content, after)
        });
        text.push_str(&cleaned.text);
        text.push_str(&line[content.len()..]);
        fixes.extend(cleaned.fixes.into_iter().map(|mut fix| {
            fix.span = fix.span.start + offset..fix.span.end + offset;
            fix
        }));
    }
    Cleaned { text, fixes }
}

/// Keeps the fixes of `cleaned` that leave `keeps` true, tried first to last, when all of
/// them together do not; past `MAX_FIT` fixes the text is left as it was.
fn fit_fixes(original: &str, cleaned: Cleaned, keeps: impl Fn(&str) -> bool) -> Cleaned {
    if !cleaned.changed() || keeps(&cleaned.text) {
        return cleaned;
    }
    let mut kept = Vec::new();
    if cleaned.fixes.len() <= MAX_FIT {
        for fix in cleaned.fixes {
            kept.push(fix);
            if !keeps(&decisions::splice(original, &kept)) {
                kept.pop();
            }
        }
    }
    Cleaned {
        text: decisions::splice(original, &kept),
        fixes: kept,
    }
}

/// True when `after` reads back as the same record as `before`: one record, blank or not
/// alike, with the same tags (refer, RIS) or as many cells (CSV). The last guard before a
/// changed record of a block format is written.
fn same_shape(format: Format, before: &str, after: &str) -> bool {
    let whole = |text: &str| {
        let mut reader = text.as_bytes();
        let mut buf = Vec::new();
        read_record(format, &mut reader, &mut buf, false).ok() == Some(text.len())
    };
    if !whole(after) || refer::is_blank(after.as_bytes()) != refer::is_blank(before.as_bytes()) {
        return false;
    }
    let tags = |fields: std::result::Result<Vec<refer::TaggedField>, (usize, String)>| {
        fields
            .map(|f| f.into_iter().map(|f| f.tag).collect::<Vec<_>>())
            .ok()
    };
    match format {
        Format::Refer => tags(refer::fields(before)) == tags(refer::fields(after)),
        Format::Ris => tags(ris::fields(before)) == tags(ris::fields(after)),
        Format::Csv | Format::Tsv => {
            let cells = |text: &str| {
                let (content, _) = split_line_ending(text.as_bytes(), format);
                let content = std::str::from_utf8(content).unwrap_or(text);
                csv::split_fields(content, format.delimiter())
                    .map(|c| c.len())
                    .ok()
            };
            cells(before) == cells(after)
        }
        Format::Lines | Format::Jsonl | Format::Whole => true,
    }
}

/// The lines of `text`, each with its terminator and its byte offset.
pub(crate) fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |offset, line| {
        let at = *offset;
        *offset += line.len();
        Some((at, line))
    })
}

/// Drops the fixes that would put a line break into a line (`&#10;`, or a `\r` left at
/// the end), last first, so one record never comes out as two.
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

/// Splits the line terminator (`\n` or `\r\n`) off a record of a one-line-per-record
/// format; block formats (whole, refer, RIS) keep theirs inside the record text.
fn split_line_ending(record: &[u8], format: Format) -> (&[u8], &[u8]) {
    if matches!(format, Format::Whole | Format::Refer | Format::Ris) {
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
    ctx: &FileContext<'_>,
    text: &str,
) -> std::result::Result<Vec<FieldSpan>, (usize, ErrorKind)> {
    let settings = ctx.settings;
    match settings.format {
        Format::Lines | Format::Whole => Ok(vec![FieldSpan {
            name: None,
            range: 0..text.len(),
            value: text.to_owned(),
            writeback: Writeback::Raw,
            by_line: false,
            rule: LineRule::Free,
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
                        writeback: Writeback::Json {
                            ascii_escaped: f.ascii_escaped,
                        },
                        by_line: false,
                        rule: LineRule::Free,
                    })
                })
                .collect())
        }
        Format::Csv | Format::Tsv => {
            let delimiter = settings.format.delimiter();
            let cells = csv::split_fields(text, delimiter)
                .map_err(|e| (e.offset, ErrorKind::Csv { message: e.message }))?;
            let Some(header) = &ctx.header else {
                return Ok(Vec::new());
            };
            if !settings.allow_ragged && cells.len() != header.names.len() {
                return Err((
                    0,
                    ErrorKind::Ragged {
                        expected: header.names.len(),
                        got: cells.len(),
                    },
                ));
            }
            Ok(cells
                .into_iter()
                .enumerate()
                .filter(|(i, cell)| header.is_selected(*i) && !cell.value.is_empty())
                .map(|(i, cell)| FieldSpan {
                    name: Some(header.name(i)),
                    range: cell.range,
                    value: cell.value,
                    writeback: Writeback::Csv {
                        delimiter,
                        quoted: cell.quoted,
                    },
                    by_line: true,
                    rule: LineRule::Free,
                })
                .collect())
        }
        Format::Refer | Format::Ris => {
            let tagged = if settings.format == Format::Refer {
                refer::fields(text).map_err(|(at, message)| (at, ErrorKind::Refer { message }))
            } else {
                ris::fields(text).map_err(|(at, message)| (at, ErrorKind::Ris { message }))
            }?;
            let rule = if settings.format == Format::Ris {
                LineRule::Ris
            } else {
                // The flattened form: every tag on the record's one non-blank line.
                let lines = lines_with_offsets(text)
                    .filter(|(_, l)| !refer::is_blank(l.as_bytes()))
                    .count();
                LineRule::Refer {
                    one_line: lines == 1,
                }
            };
            Ok(tagged
                .into_iter()
                .filter_map(|f| {
                    let value = text.get(f.value.clone())?.to_owned();
                    Some(FieldSpan {
                        name: Some(f.tag),
                        range: f.value,
                        value,
                        writeback: Writeback::Raw,
                        by_line: true,
                        rule,
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

    // Found by the `refer`, `ris` and `csv` fuzz targets: a fix that empties a line, or
    // writes a tag, would make the output read back as other records or fields.
    #[test]
    fn a_fix_never_changes_a_records_shape() {
        let fixed = |format, input: &str| {
            let (out, summary) = process_bytes(&Settings::new(format), input.as_bytes()).unwrap();
            (String::from_utf8(out).unwrap(), summary.records)
        };
        // A continuation line of a NUL alone would turn blank (the end of a record); an
        // entity would become a tag. The line's other fixes still apply.
        assert_eq!(
            fixed(Format::Refer, "%T cafÃ©\n\0\n&#37;A cafÃ©\n"),
            ("%T café\n\0\n&#37;A café\n".to_owned(), 1)
        );
        // In the flattened form, an inline tag.
        assert_eq!(
            fixed(Format::Refer, "%0 Book %T a &#37;A b\n"),
            ("%0 Book %T a &#37;A b\n".to_owned(), 1)
        );
        // A continuation line that would start with `ER  -` and end the record early.
        assert_eq!(
            fixed(Format::Ris, "TY  - JOUR\nTI  - a\n\0ER  - b\nER  - \n"),
            ("TY  - JOUR\nTI  - a\n\0ER  - b\nER  - \n".to_owned(), 1)
        );
        // A row that would clean to a blank line (no record), or to nothing at all.
        assert_eq!(fixed(Format::Csv, "h\n\0\n"), ("h\n\0\n".to_owned(), 1));
        assert_eq!(fixed(Format::Csv, "h\nx\n\0"), ("h\nx\n\0".to_owned(), 2));
        assert_eq!(
            fixed(Format::Tsv, "a\tb\n\0\t\n"),
            ("a\tb\n\0\t\n".to_owned(), 1)
        );
    }

    // Found by the `csv` fuzz target: in a legacy charset the offset was counted in the
    // decoded text (longer than the input) and could point past the end of the file.
    #[test]
    fn error_offsets_count_input_bytes_in_legacy_charsets() {
        let mut settings = Settings::new(Format::Csv);
        settings.input = InputEncoding::Fixed(Charset::for_label("windows-1252").unwrap());
        // `é` is one byte in the input, two in the text.
        let err = process_bytes(&settings, b"h,i\n\xe9,\"a\"b\n").unwrap_err();
        assert!(err.to_string().contains("after the closing quote"), "{err}");
        assert_eq!(err.position().byte, Some(9));
        let err = process_bytes(&settings, b"\xe9\xe9,\"a\"b\n").unwrap_err();
        assert_eq!(err.position().byte, Some(6));
    }

    #[test]
    fn explicit_legacy_input_becomes_utf8() {
        let mut settings = Settings::new(Format::Lines);
        settings.input = InputEncoding::Fixed(Charset::for_label("windows-1252").unwrap());
        let (out, _) = process_bytes(&settings, b"caf\xe9\n").unwrap();
        assert_eq!(out, "café\n".as_bytes());
    }

    const ALL: [Format; 7] = [
        Format::Lines,
        Format::Jsonl,
        Format::Whole,
        Format::Csv,
        Format::Tsv,
        Format::Refer,
        Format::Ris,
    ];

    #[test]
    fn parallel_chunks_match_serial() {
        let mut input = String::new();
        for i in 0..1000 {
            input.push_str(&format!("%T r{i} cafÃ©\n%X ok\n\n"));
        }
        let mut serial = Settings::new(Format::Refer);
        serial.threads = 1;
        let mut parallel = serial.clone();
        parallel.threads = 0;
        let a = process_bytes(&serial, input.as_bytes()).unwrap();
        let b = process_bytes(&parallel, input.as_bytes()).unwrap();
        assert_eq!(a.0, b.0);
        assert_eq!(a.1, b.1);
        assert_eq!(a.1.records, 1000);
        assert_eq!(a.1.changed_records, 1000);
    }

    #[test]
    fn csv_quoted_multiline_header_after_a_bom() {
        let input = "\u{feff}\"a\nb\",c\n1,cafÃ©\n";
        let (out, summary) = process_bytes(&Settings::new(Format::Csv), input.as_bytes()).unwrap();
        assert_eq!(out, "\u{feff}\"a\nb\",c\n1,café\n".as_bytes());
        assert_eq!(summary.records, 1);
    }

    #[test]
    fn csv_header_and_counts() {
        let input = "\u{feff}h1,h2\r\n\r\na,\"b\r\nc\"\r\n";
        let (out, summary) = process_bytes(&Settings::new(Format::Csv), input.as_bytes()).unwrap();
        assert_eq!(out, input.as_bytes());
        assert_eq!(summary.records, 1);
    }

    #[test]
    fn unencodable_output_names_the_field() {
        let mut settings = Settings::new(Format::Ris);
        settings.output = Charset::for_label("latin-1").unwrap();
        let input = "TY  - JOUR\nTI  - ok\nAB  - α\nER  - \n";
        let err = process_bytes(&settings, input.as_bytes()).unwrap_err();
        assert_eq!(err.position().record, Some(1));
        assert_eq!(err.position().line, Some(3));
        assert!(err.to_string().contains("(field AB)"), "{err}");
    }

    /// A reader that counts the bytes read from it.
    struct Counting<'a> {
        inner: &'a [u8],
        read: std::rc::Rc<std::cell::Cell<usize>>,
    }

    impl io::Read for Counting<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.inner.read(buf)?;
            self.read.set(self.read.get() + n);
            Ok(n)
        }
    }

    /// A writer that notes how much input had been read when output first arrived.
    struct Probe {
        read: std::rc::Rc<std::cell::Cell<usize>>,
        first_at: Option<usize>,
        written: usize,
    }

    impl Write for Probe {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.first_at.get_or_insert(self.read.get());
            self.written += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn records_stream_with_memory_bounded_by_a_chunk() {
        let cases: [(Format, &str); 3] = [
            (
                Format::Refer,
                "%T A title\n%X An abstract\nthat goes on\n\n",
            ),
            (Format::Ris, "TY  - JOUR\r\nTI  - A title\r\nER  - \r\n\r\n"),
            (Format::Csv, "1,\"multi\nline, quoted\",x\n"),
        ];
        for (format, record) in cases {
            for threads in [1, 0] {
                let read = std::rc::Rc::new(std::cell::Cell::new(0));
                // More than a parallel chunk holds; clean ASCII, so cleaning is quick.
                let count = (6 << 20) / record.len();
                let mut input = Vec::new();
                if format == Format::Csv {
                    input.extend_from_slice(b"id,text,more\n");
                }
                input.extend_from_slice(record.repeat(count).as_bytes());
                let reader = io::BufReader::new(Counting {
                    inner: &input,
                    read: read.clone(),
                });
                let mut settings = Settings::new(format);
                settings.threads = threads;
                let mut probe = Probe {
                    read: read.clone(),
                    first_at: None,
                    written: 0,
                };
                let summary =
                    process(&settings, None, reader, Some(&mut probe), &mut |_| {}).unwrap();
                assert_eq!(summary.records as usize, count, "{format:?}");
                let limit = if threads == 1 {
                    64 << 10
                } else {
                    CHUNK_BYTES + (64 << 10)
                };
                let first = probe.first_at.unwrap();
                assert!(
                    first < limit,
                    "{format:?} threads {threads}: first output after {first} bytes"
                );
                assert_eq!(read.get(), input.len());
                assert_eq!(probe.written, input.len());
            }
        }
    }

    proptest::proptest! {
        /// Clean (ASCII) text comes out byte for byte in every format, bad records included
        /// (passed through with --keep-going); no input makes the engine panic.
        #[test]
        fn clean_input_is_copied_byte_for_byte(
            input in "[a-zA-Z0-9 ,\t\"%{}:\\[\\]\n-]{0,200}",
            format in 0usize..7,
        ) {
            let mut settings = Settings::new(ALL[format]);
            settings.keep_going = true;
            settings.allow_ragged = format % 2 == 0;
            if let Ok((out, _)) = process_bytes(&settings, input.as_bytes()) {
                proptest::prop_assert_eq!(out, input.as_bytes());
            }
        }

        #[test]
        fn arbitrary_bytes_never_panic(
            input in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
            format in 0usize..7,
            threads in 0usize..2,
            latin in proptest::bool::ANY,
        ) {
            let mut settings = Settings::new(ALL[format]);
            settings.keep_going = true;
            settings.threads = threads;
            if latin {
                // Every byte decodes, so the record parsers see all of the input.
                settings.input = InputEncoding::Fixed(Charset::for_label("windows-1252").unwrap());
            }
            let _ = process_bytes(&settings, &input);
        }
    }
}
