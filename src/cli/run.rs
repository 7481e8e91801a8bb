//! Runs a parsed command: builds the library settings once, then reads, cleans, reports
//! and writes. Printing happens here; cleaning happens in the library.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

use mojifix::charset::Charset;
use mojifix::exit;
use mojifix::normalize::Normalization;
use mojifix::pipeline::{HtmlMode, Options};
use mojifix::records::{self, Format, InputEncoding, RecordReport, Settings, Summary};
use mojifix::report::{DiffStyle, Source, inline, json, summary};
use mojifix::write::AtomicFile;

use super::args::{
    Cli, ColorChoice, Command, DetectArgs, DiffArgs, FixArgs, FixerArgs, InputArgs, ReportArgs,
};

const READ_BUFFER: usize = 1 << 20;

pub fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Fix(args) => fix(args),
        Command::Diff(args) => diff(args),
        Command::Detect(args) => detect(args),
    }
}

/// Validated settings shared by `fix` and `diff`.
struct Config {
    settings: Settings,
    format_override: Option<Format>,
    style: DiffStyle,
    color: bool,
    /// Render a report for each changed record. Off for `fix` without `--diff`, where
    /// the report would go nowhere: rendering costs more than cleaning on long fields.
    report: bool,
}

fn options(f: &FixerArgs) -> Result<Options> {
    let mut options = Options::preset(&f.preset)
        .ok_or_else(|| anyhow!("unknown --preset {:?} (default, ftfy, encoding)", f.preset))?;
    if let Some(form) = &f.normalize {
        options.normalization = Normalization::parse(form)
            .ok_or_else(|| anyhow!("unknown --normalize {form:?} (nfc, nfkc, nfd, nfkd, none)"))?;
    }
    if f.uncurl_quotes {
        options.uncurl_quotes = true;
    }
    if f.no_uncurl_quotes {
        options.uncurl_quotes = false;
    }
    if f.fix_width {
        options.fix_character_width = true;
    }
    if f.no_fix_width {
        options.fix_character_width = false;
    }
    if f.no_html {
        options.unescape_html = HtmlMode::Never;
    }
    options.fix_encoding &= !f.no_encoding;
    options.fix_c1_controls &= !f.no_c1;
    options.fix_latin_ligatures &= !f.no_ligatures;
    options.fix_line_breaks &= !f.no_line_breaks;
    options.remove_control_chars &= !f.no_controls;
    options.remove_terminal_escapes &= !f.no_terminal_escapes;
    Ok(options)
}

fn config(
    input: &InputArgs,
    report: &ReportArgs,
    json_flag: bool,
    to_terminal: bool,
) -> Result<Config> {
    let format_override = if input.jsonl {
        Some(Format::Jsonl)
    } else if input.whole {
        Some(Format::Whole)
    } else {
        match &input.format {
            Some(name) => Some(
                Format::parse(name)
                    .ok_or_else(|| anyhow!("unknown --format {name:?} (lines, jsonl, whole)"))?,
            ),
            None => None,
        }
    };
    let encoding = match input.from.as_deref() {
        None => InputEncoding::Fixed(Charset::UTF_8),
        Some(name) if name.eq_ignore_ascii_case("auto") => InputEncoding::Auto,
        Some(name) => InputEncoding::Fixed(
            Charset::for_label(name)
                .ok_or_else(|| anyhow!(mojifix::ErrorKind::UnknownEncoding(name.to_owned())))?,
        ),
    };
    let style = if json_flag {
        DiffStyle::Json
    } else {
        DiffStyle::parse(&report.diff_style).ok_or_else(|| {
            anyhow!(
                "unknown --diff-style {:?} (inline, unified, json)",
                report.diff_style
            )
        })?
    };
    let color = match report.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let mut settings = Settings::new(format_override.unwrap_or(Format::Lines));
    settings.options = options(&input.fixers)?;
    settings.input = encoding;
    settings.fields = input.fields.clone();
    settings.keep_going = input.keep_going;
    Ok(Config {
        settings,
        format_override,
        style,
        color,
        report: true,
    })
}

/// The inputs: paths as given, `-` for stdin.
fn inputs(files: &[PathBuf]) -> Vec<PathBuf> {
    if files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        files.to_vec()
    }
}

fn open(path: &Path) -> Result<Box<dyn io::BufRead>> {
    if path == Path::new("-") {
        return Ok(Box::new(BufReader::with_capacity(READ_BUFFER, io::stdin())));
    }
    let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Box::new(BufReader::with_capacity(READ_BUFFER, file)))
}

fn render(style: DiffStyle, color: bool, path: &str, record: &RecordReport) -> String {
    let source = Source { path };
    match style {
        DiffStyle::Inline => inline::render_record(source, record, color),
        DiffStyle::Json => json::render_record(source, record),
        DiffStyle::Unified => unified(path, record),
    }
}

fn unified(path: &str, record: &RecordReport) -> String {
    let mut out = String::new();
    for field in &record.fields {
        let name = field
            .name
            .as_deref()
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "--- {path}:{}{name}\n+++ {path}:{}{name} (fixed)\n",
            record.line, record.line
        ));
        let steps: Vec<String> = field
            .fixes
            .iter()
            .map(|f| mojifix::report::fix::describe_steps(&f.steps))
            .collect();
        out.push_str(&format!(
            "@@ record {} @@ {}\n",
            record.record,
            steps.join("; ")
        ));
        out.push_str(&format!(
            "-{}\n+{}\n",
            inline::visible(&field.before),
            inline::visible(&field.after)
        ));
    }
    out
}

/// Cleans one input into `writer`, reporting to `report_sink`.
fn clean_one(
    config: &Config,
    path: &Path,
    writer: Option<&mut dyn Write>,
    report_sink: &mut dyn Write,
) -> Result<Summary> {
    let display = path.display().to_string();
    let mut settings = config.settings.clone();
    settings.format = config
        .format_override
        .unwrap_or_else(|| Format::from_path(path));
    let reader = open(path)?;
    let mut sink_error: Option<io::Error> = None;
    let style = config.style;
    let color = config.color;
    let mut on_record = |record: &RecordReport| {
        if config.report
            && sink_error.is_none()
            && let Err(e) = report_sink.write_all(render(style, color, &display, record).as_bytes())
        {
            sink_error = Some(e);
        }
    };
    let label = if path == Path::new("-") {
        None
    } else {
        Some(path)
    };
    let result = match writer {
        Some(w) => records::process(
            &settings,
            label,
            reader,
            Some(&mut WriteRef(w)),
            &mut on_record,
        ),
        None => records::process::<_, io::Sink>(&settings, label, reader, None, &mut on_record),
    };
    if let Some(e) = sink_error {
        return Err(e.into());
    }
    let summary = result.map_err(|e| {
        if path == Path::new("-") {
            anyhow!("<stdin>: {e}")
        } else {
            anyhow!(e)
        }
    })?;
    Ok(summary)
}

/// Lets a `&mut dyn Write` be passed where `W: Write` is wanted.
struct WriteRef<'a>(&'a mut dyn Write);

impl Write for WriteRef<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

fn print_summary(style: DiffStyle, summary: &Summary, sink: &mut dyn Write) -> io::Result<()> {
    match style {
        DiffStyle::Json => sink.write_all(json::render_summary(summary).as_bytes()),
        _ => sink.write_all(summary::render(summary).as_bytes()),
    }
}

fn fix(args: FixArgs) -> Result<u8> {
    let mut config = config(&args.input, &args.report, false, io::stderr().is_terminal())?;
    config.report = args.diff;
    let files = inputs(&args.input.files);
    let stderr = io::stderr();
    let mut report_sink: Box<dyn Write> = if args.diff {
        Box::new(stderr.lock())
    } else {
        Box::new(io::sink())
    };
    let mut total = Summary::default();
    if args.in_place {
        for path in &files {
            if path == Path::new("-") {
                bail!("--in-place needs files, not stdin");
            }
            let mut out = AtomicFile::create(path)
                .with_context(|| format!("cannot write beside {}", path.display()))?;
            let summary = {
                let mut writer = BufWriter::new(out.writer());
                let summary = clean_one(&config, path, Some(&mut writer), &mut report_sink)?;
                writer.flush()?;
                summary
            };
            out.commit(args.backup.as_deref())
                .with_context(|| format!("cannot replace {}", path.display()))?;
            total.add(&summary);
        }
    } else if let Some(output) = &args.output {
        let mut out = AtomicFile::create(output)
            .with_context(|| format!("cannot write {}", output.display()))?;
        {
            let mut writer = BufWriter::new(out.writer());
            for path in &files {
                total.add(&clean_one(
                    &config,
                    path,
                    Some(&mut writer),
                    &mut report_sink,
                )?);
            }
            writer.flush()?;
        }
        out.commit(None)
            .with_context(|| format!("cannot replace {}", output.display()))?;
    } else {
        let stdout = io::stdout();
        let mut writer = BufWriter::with_capacity(1 << 16, stdout.lock());
        for path in &files {
            total.add(&clean_one(
                &config,
                path,
                Some(&mut writer),
                &mut report_sink,
            )?);
        }
        writer.flush()?;
    }
    if args.diff {
        print_summary(config.style, &total, &mut report_sink)?;
    }
    Ok(exit::CLEAN)
}

fn diff(args: DiffArgs) -> Result<u8> {
    let config = config(
        &args.input,
        &args.report,
        args.json,
        io::stdout().is_terminal(),
    )?;
    let files = inputs(&args.input.files);
    let stdout = io::stdout();
    let mut sink = BufWriter::new(stdout.lock());
    let mut total = Summary::default();
    for path in &files {
        total.add(&clean_one(&config, path, None, &mut sink)?);
    }
    if !args.no_summary {
        if config.style == DiffStyle::Json {
            print_summary(config.style, &total, &mut sink)?;
        } else {
            sink.flush()?;
            print_summary(config.style, &total, &mut io::stderr())?;
        }
    }
    sink.flush()?;
    Ok(if total.changes > 0 {
        exit::CHANGED
    } else {
        exit::CLEAN
    })
}

fn detect(args: DetectArgs) -> Result<u8> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let hint = args.hint.as_deref().map(str::to_ascii_lowercase);
    for path in inputs(&args.files) {
        let mut bytes = Vec::new();
        if path == Path::new("-") {
            io::stdin()
                .read_to_end(&mut bytes)
                .context("cannot read stdin")?;
        } else {
            File::open(&path)
                .and_then(|mut f| f.read_to_end(&mut bytes))
                .with_context(|| format!("cannot read {}", path.display()))?;
        }
        let d = mojifix::detect::detect_with_hint(&bytes, hint.as_deref());
        let shown = path.display().to_string();
        if args.json {
            let alternatives: Vec<serde_json::Value> = d
                .alternatives
                .iter()
                .map(|(name, conf)| serde_json::json!({ "encoding": name, "confidence": round3(*conf) }))
                .collect();
            let line = serde_json::json!({
                "path": shown,
                "encoding": d.encoding,
                "confidence": round3(d.confidence),
                "alternatives": alternatives,
                "bom": d.bom,
                "invalid": d.invalid.map(|(count, first)| serde_json::json!({ "count": count, "first_offset": first })),
                "bytes": bytes.len(),
            });
            writeln!(out, "{line}")?;
        } else {
            writeln!(out, "{shown}\t{}\t{:.3}", d.encoding, d.confidence)?;
        }
    }
    out.flush()?;
    Ok(exit::CLEAN)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
