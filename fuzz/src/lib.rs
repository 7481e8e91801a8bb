//! The invariants the fuzz targets check, one `check_*` function per target.
//!
//! Each target in `fuzz_targets/` is one line that calls a function here, so the same
//! checks also run on the saved crash inputs in `fuzz/regressions/<target>/` from the main
//! crate's `tests/regressions.rs` (which includes this file with `#[path]`), on stable and
//! without libFuzzer.
//!
//! A check panics with a message when an invariant breaks; libFuzzer saves the input.
//! A record format's target is one file in `fuzz_targets/` calling
//! `check_records(Format::X, data)` plus its `[[bin]]` stanza in `fuzz/Cargo.toml`;
//! `frames` below is the format's record splitter, written apart from the library's.

use mojifix::charset::Charset;
use mojifix::detect::detect_with_hint;
use mojifix::pipeline::{Options, fix_and_explain};
use mojifix::records::{
    self, ChangedField, Format, InputEncoding, RecordReport, Settings, Summary, jsonl,
};
use mojifix::report::fix::{Fix, Step};
use mojifix::report::{Source, inline, json, summary};

/// Top-level-domain hints the detector may be given; the first input byte picks one.
const HINTS: &[Option<&str>] = &[
    None,
    Some("ru"),
    Some("jp"),
    Some("cn"),
    Some("kr"),
    Some("tw"),
    Some("gr"),
    Some("de"),
    Some(""),
    Some("XN--P1AI"),
    Some("co.uk"),
];

/// `detect`: arbitrary bytes (the first picks a hint) never panic, and the answer is
/// self-consistent: a probability, a name `Charset` knows, offsets inside the input.
pub fn check_detect(data: &[u8]) {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let hint = HINTS[selector as usize % HINTS.len()];
    let d = detect_with_hint(bytes, hint);
    assert!(
        d.confidence.is_finite() && (0.0..=1.0).contains(&d.confidence),
        "confidence {} for {}",
        d.confidence,
        d.encoding
    );
    let mut total = d.confidence;
    for (name, p) in &d.alternatives {
        assert!(
            p.is_finite() && (0.0..=1.0).contains(p),
            "alternative {name} has {p}"
        );
        assert_ne!(*name, d.encoding, "the answer is also a runner-up");
        total += p;
    }
    assert!(total <= 1.0 + 1e-9, "confidences sum to {total}");
    if d.encoding != "binary" {
        let charset = d.charset();
        assert!(charset.is_some(), "detect named {:?}, unknown", d.encoding);
        if let Some(charset) = charset {
            // Whatever detect says must then decode without trouble.
            let _ = charset.decode(bytes);
        }
    }
    if let Some((runs, first)) = d.invalid {
        assert!(
            runs >= 1 && first < bytes.len(),
            "invalid {runs} at {first}"
        );
    }
}

/// `decode`: bytes in any charset (the first byte picks one from `Charset::all()`)
/// decode without panicking; undecodable runs are sorted, in bounds and each shown as
/// U+FFFD; `decode_strict` agrees; text that re-encodes decodes back to itself.
pub fn check_decode(data: &[u8]) {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let all = Charset::all();
    let charset = all[selector as usize % all.len()];
    assert_eq!(
        Charset::for_label(charset.name()),
        Some(charset),
        "name does not round-trip"
    );
    let decoded = charset.decode(bytes);
    let mut end = 0;
    for run in &decoded.undecodable {
        assert!(run.len > 0, "{charset}: empty undecodable run");
        assert!(
            run.offset >= end,
            "{charset}: runs out of order: {:?}",
            decoded.undecodable
        );
        end = run.offset + run.len;
        assert!(end <= bytes.len(), "{charset}: run {run:?} past the end");
    }
    let replacements = decoded.text.chars().filter(|&c| c == '\u{FFFD}').count();
    assert!(
        replacements >= decoded.undecodable.len(),
        "{charset}: {} runs but {replacements} U+FFFD",
        decoded.undecodable.len()
    );
    let strict = charset.decode_strict(bytes);
    if decoded.undecodable.is_empty() {
        assert_eq!(
            strict.as_deref(),
            Some(decoded.text.as_str()),
            "{charset}: strict decode differs"
        );
    } else {
        assert_eq!(strict, None, "{charset}: strict decode accepted bad bytes");
    }
    if charset.is_ascii_compatible() && bytes.is_ascii() && charset.name() != "ISO-2022-JP" {
        assert_eq!(
            decoded.text.as_bytes(),
            bytes,
            "{charset}: ASCII not kept as is"
        );
    }
    if decoded.undecodable.is_empty()
        && let Some(encoded) = charset.encode(&decoded.text)
    {
        let again = charset.decode(&encoded);
        assert!(
            again.undecodable.is_empty() && again.text == decoded.text,
            "{charset}: encode then decode changed {:?} into {:?} ({encoded:02X?})",
            decoded.text,
            again.text
        );
    }
}

/// Every fix's `before` is the original's text at its span, the spans are in order, and
/// applying the fixes to the original gives the output exactly.
pub fn check_fixes(original: &str, output: &str, fixes: &[Fix]) {
    let mut rebuilt = String::with_capacity(output.len());
    let mut last = 0;
    for fix in fixes {
        assert!(
            fix.span.start >= last && fix.span.start <= fix.span.end,
            "fix spans out of order or overlapping: {fixes:?}"
        );
        assert_eq!(
            original.get(fix.span.clone()),
            Some(fix.before.as_str()),
            "fix.before is not the original's text at {:?} in {original:?}",
            fix.span
        );
        assert_ne!(fix.before, fix.after, "a fix that changes nothing");
        assert!(!fix.steps.is_empty(), "a fix with no steps");
        rebuilt.push_str(&original[last..fix.span.start]);
        rebuilt.push_str(&fix.after);
        last = fix.span.end;
    }
    rebuilt.push_str(&original[last..]);
    assert_eq!(
        rebuilt, output,
        "the fixes applied to {original:?} do not give the output"
    );
}

/// The input as text: valid UTF-8 as is, anything else lossily (U+FFFD for bad bytes).
pub fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// `repair`: any string through `fix_and_explain` with the default and ftfy presets
/// never panics and explains itself exactly (`check_fixes`).
pub fn check_repair(data: &[u8]) {
    let text = text_of(data);
    for options in [Options::default(), Options::ftfy()] {
        let cleaned = fix_and_explain(&text, &options);
        check_fixes(&text, &cleaned.text, &cleaned.fixes);
        assert_eq!(
            cleaned.changed(),
            cleaned.text != text,
            "changed() is wrong"
        );
    }
}

/// Splits input the way line-based formats read it: each piece ends with `\n`, except
/// perhaps the last.
pub fn split_records(bytes: &[u8]) -> Vec<&[u8]> {
    bytes.split_inclusive(|&b| b == b'\n').collect()
}

/// A line's content without its `\n` or `\r\n`.
fn content(record: &[u8]) -> &[u8] {
    let record = record.strip_suffix(b"\n").unwrap_or(record);
    record.strip_suffix(b"\r").unwrap_or(record)
}

fn run(
    settings: &Settings,
    input: &[u8],
) -> (mojifix::Result<Summary>, Vec<u8>, Vec<RecordReport>) {
    let mut out = Vec::new();
    let mut reports = Vec::new();
    let result = records::process(settings, None, input, Some(&mut out), &mut |r| {
        reports.push(r.clone())
    });
    (result, out, reports)
}

/// Record formats: bytes through `records::process`. The first byte picks the preset
/// (bit 0), the input encoding (bits 1-2: UTF-8, auto-detected or any charset) and, with
/// UTF-8, `--allow-ragged` (bit 1). UTF-8 input must keep its records: as many out as in,
/// in order, unchanged ones byte for byte, changed ones explained exactly by their fixes
/// and still of the same shape (fields, tags, cells); the output must read back with as
/// many records and as many bad ones. A bad record is an error at a byte inside the input
/// (or passed through with `--keep-going`), never a panic.
pub fn check_records(format: Format, data: &[u8]) {
    let Some((&mode, input)) = data.split_first() else {
        return;
    };
    let mut settings = Settings::new(format);
    if mode & 1 == 1 {
        settings.options = Options::ftfy();
    }
    match (mode >> 1) % 4 {
        0 => {}
        1 => settings.allow_ragged = true,
        2 => settings.input = InputEncoding::Auto,
        _ => {
            let all = Charset::all();
            settings.input = InputEncoding::Fixed(all[(mode as usize >> 3) % all.len()]);
        }
    }
    let utf8 = settings.input == InputEncoding::Fixed(Charset::UTF_8);
    // Strict: an error or a result, never a panic.
    let (strict, strict_out, _) = run(&settings, input);
    if let Err(e) = &strict {
        // Offsets are in the input's bytes when records are decoded one by one (an
        // ASCII-compatible charset); UTF-16 and the like are transcoded whole first.
        let per_record = match settings.input {
            InputEncoding::Fixed(c) => c.is_ascii_compatible(),
            InputEncoding::Auto => false,
        };
        if per_record {
            let byte = e.position().byte;
            assert!(
                byte.is_some_and(|b| b < input.len() as u64),
                "error {e} is not at a byte of the {}-byte input",
                input.len()
            );
        }
    }
    settings.keep_going = true;
    let (result, out, reports) = run(&settings, input);
    let summary = match result {
        Ok(summary) => summary,
        // A CSV header is no record to pass through: a bad one stops the file, with
        // `--keep-going` too (strict may stop earlier, at bytes a legacy charset cannot
        // decode).
        Err(e)
            if matches!(format, Format::Csv | Format::Tsv)
                && e.position().record.is_none()
                && e.position().byte.is_some() =>
        {
            assert!(
                strict.is_err(),
                "a bad header, yet strict went through: {e}"
            );
            return;
        }
        Err(e) => panic!("--keep-going still failed: {e}"),
    };
    if let Ok(strict) = &strict {
        assert_eq!(strict.bad_records, 0);
        assert_eq!(&strict_out, &out, "strict and --keep-going outputs differ");
    }
    for report in &reports {
        for field in &report.fields {
            check_fixes(&field.before, &field.after, &field.fixes);
        }
    }
    if summary.bad_records == 0 {
        assert!(
            std::str::from_utf8(&out).is_ok(),
            "output is not UTF-8 though every record decoded"
        );
    }
    if !utf8 {
        return;
    }
    let records_in = frames(format, input);
    let numbers_in = numbering(format, &records_in);
    let expected = numbers_in.iter().flatten().count();
    assert_eq!(summary.records as usize, expected, "records counted");
    if summary.changed_records == 0 {
        assert_eq!(out, input, "nothing changed, yet the output differs");
    }
    let records_out = frames(format, &out);
    // A last record without a line ending that cleans to nothing (a lone NUL) cannot be
    // written as a record: it is the one record that may vanish.
    let last_vanished = format == Format::Lines
        && records_out.len() + 1 == records_in.len()
        && records_in.last().is_some_and(|r| !r.ends_with(b"\n"))
        && reports.iter().any(|r| {
            r.record == records_in.len() as u64 && r.fields.iter().all(|f| f.after.is_empty())
        });
    // The output reads back as the same number of records, the bad ones still bad.
    let (again, _, _) = run(&settings, &out);
    match again {
        Ok(again) => {
            assert_eq!(
                again.records + u64::from(last_vanished),
                summary.records,
                "output reads back as other records"
            );
            assert_eq!(
                again.bad_records, summary.bad_records,
                "bad records in the output"
            );
        }
        Err(e) => panic!("the output does not read back: {e}"),
    }
    if format == Format::Whole {
        return;
    }
    let records_out = if last_vanished {
        let mut padded = records_out;
        padded.push(b"");
        padded
    } else {
        records_out
    };
    assert_eq!(
        records_out.len(),
        records_in.len(),
        "{} record(s) in, {} out",
        records_in.len(),
        records_out.len()
    );
    let numbers_out = numbering(format, &records_out);
    let mut offset = 0usize;
    for (i, (a, b)) in records_in.iter().zip(&records_out).enumerate() {
        let number = numbers_in[i];
        if !last_vanished || i + 1 < records_in.len() {
            assert_eq!(numbers_out[i], number, "frame {i}: record number changed");
        }
        if let Some(report) = number.and_then(|n| reports.iter().find(|r| r.record == n)) {
            let n = report.record;
            let line = 1 + input[..offset].iter().filter(|&&b| b == b'\n').count() as u64;
            assert_eq!(report.line, line, "record {n} reported on another line");
            assert_eq!(
                report.byte, offset as u64,
                "record {n} reported at another byte"
            );
            // The line ending is kept.
            assert_eq!(
                a.ends_with(b"\r\n"),
                b.ends_with(b"\r\n"),
                "record {n}: line ending changed"
            );
            if let (Ok(a), Ok(b)) = (std::str::from_utf8(a), std::str::from_utf8(b)) {
                assert_eq!(
                    shape(format, a),
                    shape(format, b),
                    "record {n}: fields changed shape: {a:?} became {b:?}"
                );
            }
        } else {
            assert_eq!(a, b, "frame {i} unchanged but not copied byte for byte");
        }
        offset += a.len();
        if format == Format::Jsonl {
            check_jsonl_record(i as u64 + 1, a, b);
        }
    }
}

/// Splits input into the chunks a format reads, written apart from the library's framers
/// so the two check each other. Lines and JSONL: one line each. CSV/TSV: a line feed
/// outside quotes ends a record. Refer: blank lines before a record belong to it, and the
/// first blank line after its content ends it. RIS: a line starting `ER  -` ends a record.
/// A trailing chunk of blank lines comes back as a chunk of its own.
pub fn frames(format: Format, bytes: &[u8]) -> Vec<&[u8]> {
    let lines = split_records(bytes);
    let mut out = Vec::new();
    let mut start = 0;
    let mut at = 0;
    let mut csv_state = 0u8;
    let mut content = false;
    for line in lines {
        at += line.len();
        let ends = match format {
            Format::Whole => false,
            Format::Lines | Format::Jsonl => true,
            Format::Csv | Format::Tsv => {
                let delimiter = if format == Format::Tsv { b'\t' } else { b',' };
                // 0 at a field's start, 1 in an unquoted field, 2 in a quoted one, 3 just
                // after a quote inside a quoted field (its end, or half of `""`).
                // A BOM at the start belongs to the file: a quote after it opens a field.
                let skip = if at == line.len() && line.starts_with(b"\xEF\xBB\xBF") {
                    3
                } else {
                    0
                };
                for &b in &line[skip..] {
                    csv_state = match (csv_state, b) {
                        (2, b'"') => 3,
                        (2, _) => 2,
                        (3, b'"') => 2,
                        (_, b) if b == delimiter || b == b'\n' => 0,
                        (0, b'"') => 2,
                        _ => 1,
                    };
                }
                csv_state != 2
            }
            Format::Refer => {
                let blank = is_blank(line);
                let ends = blank && content;
                content |= !blank;
                ends
            }
            Format::Ris => line.starts_with(b"ER  -"),
        };
        if ends {
            out.push(&bytes[start..at]);
            start = at;
            content = false;
        }
    }
    if start < bytes.len() {
        out.push(&bytes[start..]);
    }
    out
}

fn is_blank(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// The record number of each chunk: `None` for blank chunks of the block formats and for
/// the CSV header.
pub fn numbering(format: Format, frames: &[&[u8]]) -> Vec<Option<u64>> {
    let block = matches!(
        format,
        Format::Csv | Format::Tsv | Format::Refer | Format::Ris
    );
    let csv = matches!(format, Format::Csv | Format::Tsv);
    let mut header = false;
    let mut n = 0;
    frames
        .iter()
        .enumerate()
        .map(|(i, frame)| {
            let body = if i == 0 {
                frame.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(frame)
            } else {
                frame
            };
            if block && is_blank(body) {
                return None;
            }
            if csv && !header {
                header = true;
                return None;
            }
            n += 1;
            Some(n)
        })
        .collect()
}

/// What a record's fields look like, values aside: the tags of refer and RIS fields, the
/// number of CSV cells. A fix must never change it.
pub fn shape(format: Format, record: &str) -> Vec<String> {
    let record = record.strip_prefix('\u{feff}').unwrap_or(record);
    match format {
        Format::Refer => match records::refer::fields(record) {
            Ok(fields) => fields.into_iter().map(|f| f.tag).collect(),
            Err((at, _)) => vec![format!("error at {at}")],
        },
        Format::Ris => match records::ris::fields(record) {
            Ok(fields) => fields.into_iter().map(|f| f.tag).collect(),
            Err((at, _)) => vec![format!("error at {at}")],
        },
        Format::Csv | Format::Tsv => {
            let delimiter = if format == Format::Tsv { b'\t' } else { b',' };
            let text = content_str(record);
            match records::csv::split_fields(text, delimiter) {
                Ok(cells) => vec![cells.len().to_string()],
                Err(e) => vec![format!("error at {}", e.offset)],
            }
        }
        _ => Vec::new(),
    }
}

/// A line's content without its `\n` or `\r\n`, as text.
fn content_str(record: &str) -> &str {
    let record = record.strip_suffix('\n').unwrap_or(record);
    record.strip_suffix('\r').unwrap_or(record)
}

/// A JSON line that serde_json reads must be read by the scanner too, and its cleaned
/// form must still be valid JSON with the same string paths.
fn check_jsonl_record(number: u64, before: &[u8], after: &[u8]) {
    let (Ok(before), Ok(after)) = (
        std::str::from_utf8(content(before)),
        std::str::from_utf8(content(after)),
    ) else {
        return;
    };
    let ours = jsonl::string_fields(before);
    if serde_json::from_str::<serde_json::Value>(before).is_ok() {
        assert!(
            ours.is_ok(),
            "record {number}: serde_json reads {before:?}, the scanner says {ours:?}"
        );
        assert!(
            serde_json::from_str::<serde_json::Value>(after).is_ok(),
            "record {number}: cleaned line {after:?} is not JSON"
        );
    }
    if let Ok(fields) = ours {
        let again = jsonl::string_fields(after);
        let Ok(again) = again else {
            panic!("record {number}: cleaned line {after:?} no longer scans: {again:?}");
        };
        let paths = |f: &[jsonl::StringField]| f.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(
            paths(&fields),
            paths(&again),
            "record {number}: paths changed"
        );
    }
}

/// `report`: the inline and JSON renderers on the fixes of any string, and on a made-up
/// fix over any span: no panic, one header and two lines per fix, JSON that parses and
/// says what the fix says.
pub fn check_report(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = text_of(rest);
    let cleaned = fix_and_explain(&text, &Options::ftfy());
    let mut fixes = cleaned.fixes;
    // A made-up fix: any char-aligned span of the text, replaced by its reverse.
    if !text.is_empty() {
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let a = boundaries[selector as usize % boundaries.len()];
        let b = boundaries[(selector as usize / 3) % boundaries.len()];
        let span = a.min(b)..a.max(b);
        let before = text[span.clone()].to_owned();
        let after: String = before.chars().rev().chain(['\u{301}']).collect();
        fixes.push(Fix {
            span,
            before,
            after,
            steps: vec![Step::Apply("fuzz")],
            cost_before: i32::from(selector),
            cost_after: -i32::from(selector),
        });
    }
    if fixes.is_empty() {
        return;
    }
    let record = RecordReport {
        record: 1,
        line: 1,
        byte: 0,
        fields: vec![ChangedField {
            name: Some("items[].title".to_owned()),
            line: 1,
            before: text.clone(),
            after: cleaned.text,
            fixes: fixes.clone(),
        }],
    };
    let source = Source { path: "in.jsonl" };
    for color in [false, true] {
        let out = inline::render_record(source, &record, color);
        assert_eq!(
            out.lines().count(),
            3 * fixes.len(),
            "inline report is not three lines a fix: {out:?}"
        );
    }
    let out = json::render_record(source, &record);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), fixes.len(), "JSON report: one line a fix");
    for (line, fix) in lines.iter().zip(&fixes) {
        let value: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => panic!("JSON report line does not parse ({e}): {line}"),
        };
        let data = &value["data"];
        assert_eq!(data["before"], fix.before.as_str());
        assert_eq!(data["after"], fix.after.as_str());
        assert_eq!(data["byte_range"][0], fix.span.start);
        let chars = text[..fix.span.start].chars().count();
        assert_eq!(data["char_range"][0], chars);
        assert_eq!(data["char_range"][1], chars + fix.before.chars().count());
    }
    let mut totals = Summary {
        files: 1,
        records: 1,
        changed_records: 1,
        changes: fixes.len() as u64,
        ..Summary::default()
    };
    totals.by_kind.insert(text, 1);
    assert!(serde_json::from_str::<serde_json::Value>(&json::render_summary(&totals)).is_ok());
    let _ = summary::render(&totals);
}
