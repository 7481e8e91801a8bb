//! Runs a parsed command: builds the library settings once, then reads, cleans, reports
//! and writes. Printing happens here; cleaning happens in the library.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use mojifix::batch::{self, Walk};
use mojifix::charset::Charset;
use mojifix::decisions::Decisions;
use mojifix::exit;
use mojifix::normalize::Normalization;
use mojifix::pipeline::{HtmlMode, Options};
use mojifix::records::{self, Format, InputEncoding, RecordReport, Settings, Summary};
use mojifix::report::{DiffStyle, Source, html, inline, json, summary};
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
    walk: Walk,
    quiet: bool,
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
                    .ok_or_else(|| anyhow!("unknown --format {name:?} ({})", Format::NAMES))?,
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
    settings.keep_going = input.keep_going && !input.batch.strict;
    settings.columns = input.batch.columns.clone();
    settings.allow_ragged = input.batch.allow_ragged;
    settings.threads = input.batch.threads;
    if let Some(name) = &input.batch.to {
        let charset = Charset::for_label(name)
            .ok_or_else(|| anyhow!(mojifix::ErrorKind::UnknownEncoding(name.to_owned())))?;
        if !charset.is_ascii_compatible() {
            bail!("--to {name}: only ASCII-compatible encodings can be written");
        }
        settings.output = charset;
    }
    if input.batch.threads > 0 {
        // Only the first call sets the pool; a second (in tests) keeps the first.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(input.batch.threads)
            .build_global();
    }
    settings.per_record = input.per_record;
    Ok(Config {
        settings,
        format_override,
        style,
        color,
        walk: Walk {
            include: input.batch.include.clone(),
            exclude: input.batch.exclude.clone(),
            no_ignore: false,
        },
        quiet: input.batch.quiet,
        report: true,
    })
}

/// The inputs: paths as given, `-` for stdin, directories expanded to their files.
fn inputs(files: &[PathBuf], walk: &Walk) -> Result<Vec<PathBuf>> {
    if files.is_empty() {
        return Ok(vec![PathBuf::from("-")]);
    }
    Ok(batch::expand(files, walk)?)
}

/// The raw stdin/path list, for `detect`.
fn raw_inputs(files: &[PathBuf]) -> Vec<PathBuf> {
    if files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        files.to_vec()
    }
}

type Reader = Box<dyn io::BufRead + Send>;

fn open(path: &Path, progress: &ProgressBar) -> Result<Reader> {
    if path == Path::new("-") {
        return Ok(Box::new(BufReader::with_capacity(READ_BUFFER, io::stdin())));
    }
    let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Box::new(BufReader::with_capacity(
        READ_BUFFER,
        progress.wrap_read(file),
    )))
}

/// A progress bar over the input bytes, on stderr, only when stderr is a terminal, not
/// `--quiet`, and the run is long enough to be worth one.
fn progress(files: &[PathBuf], quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let total: u64 = files
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    if total < (1 << 20) && files.len() < 50 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({eta})",
    ) {
        bar.set_style(style);
    }
    bar
}

fn render(style: DiffStyle, color: bool, path: &str, record: &RecordReport) -> String {
    let source = Source { path };
    match style {
        DiffStyle::Inline => inline::render_record(source, record, color),
        DiffStyle::Json => json::render_record(source, record),
        DiffStyle::Html => html::render_record(source, record),
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
            field.line, field.line
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

/// The label errors and reports use: the path, or `None` for stdin.
fn label(path: &Path) -> Option<&Path> {
    (path != Path::new("-")).then_some(path)
}

fn lib_error(path: &Path, e: mojifix::Error) -> anyhow::Error {
    if label(path).is_none() {
        anyhow!("<stdin>: {e}")
    } else {
        anyhow!(e)
    }
}

/// Cleans one input into `writer`, reporting to `report_sink`.
fn clean_one(
    config: &Config,
    path: &Path,
    progress: &ProgressBar,
    writer: Option<&mut dyn Write>,
    report_sink: &mut dyn Write,
) -> Result<Summary> {
    let display = path.display().to_string();
    let settings = batch::settings_for(&config.settings, config.format_override, path);
    let reader = open(path, progress)?;
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
    let result = match writer {
        Some(w) => records::process(
            &settings,
            label(path),
            reader,
            Some(&mut WriteRef(w)),
            &mut on_record,
        ),
        None => {
            records::process::<_, io::Sink>(&settings, label(path), reader, None, &mut on_record)
        }
    };
    if let Some(e) = sink_error {
        return Err(e.into());
    }
    result.map_err(|e| lib_error(path, e))
}

/// Cleans one file, reporting each changed record.
type FileJob<'a> = dyn Fn(&Path, &mut dyn FnMut(&RecordReport)) -> Result<Summary> + Sync + 'a;

/// Takes one file's result, after its report was written to the sink it is given.
type FileDone<'a> = dyn FnMut(&mut dyn Write, Result<Summary>) -> Result<()> + 'a;

/// Runs `job` on every file and writes each file's report to `sink`, in input order.
/// One at a time (or with `--threads 1`) the report streams as records are cleaned; with
/// several files they run in parallel and each file's report is collected first. `done`
/// gets each file's result, after its report.
fn for_each_file(
    config: &Config,
    files: &[PathBuf],
    job: &FileJob<'_>,
    sink: &mut dyn Write,
    done: &mut FileDone<'_>,
) -> Result<()> {
    let render_to = |path: &Path, out: &mut dyn Write| -> Result<Summary> {
        let display = path.display().to_string();
        let mut sink_error = None;
        let result = job(path, &mut |record| {
            if sink_error.is_none()
                && let Err(e) =
                    out.write_all(render(config.style, config.color, &display, record).as_bytes())
            {
                sink_error = Some(e);
            }
        });
        match sink_error {
            Some(e) => Err(e.into()),
            None => result,
        }
    };
    if files.len() < 2 || config.settings.threads == 1 {
        for path in files {
            let result = render_to(path, sink);
            done(sink, result)?;
        }
        return Ok(());
    }
    // Files in waves a few times the pool's size: reports come out wave by wave, in
    // order, and memory holds only one wave's reports.
    let wave = rayon::current_num_threads() * 4;
    for group in files.chunks(wave) {
        let results: Vec<(Vec<u8>, Result<Summary>)> = group
            .par_iter()
            .map(|path| {
                let mut out = Vec::new();
                let result = render_to(path, &mut out);
                (out, result)
            })
            .collect();
        for (out, result) in results {
            sink.write_all(&out)?;
            done(sink, result)?;
        }
    }
    Ok(())
}

/// Writes through while the progress bar is hidden, so report lines and the bar do not
/// mix on one terminal.
struct AroundBar<'a, W: Write> {
    bar: &'a ProgressBar,
    inner: W,
}

impl<W: Write> Write for AroundBar<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let inner = &mut self.inner;
        self.bar.suspend(|| inner.write(buf))
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
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
    let files = inputs(&args.input.files, &config.walk)?;
    if let Some(path) = &args.decisions {
        config.settings.decisions = Some(Arc::new(load_decisions(path, &files)?));
    }
    let bar = progress(&files, config.quiet || args.diff);
    config.report = args.diff;
    let stderr = io::stderr();
    let mut report_sink: Box<dyn Write> = if args.diff {
        Box::new(stderr.lock())
    } else {
        Box::new(io::sink())
    };
    let mut total = Summary::default();
    let mut trouble = false;
    if args.in_place {
        if files.iter().any(|p| p == Path::new("-")) {
            bail!("--in-place needs files, not stdin");
        }
        let backup = args.backup.as_deref();
        let job = |path: &Path, report: &mut dyn FnMut(&RecordReport)| -> Result<Summary> {
            let settings = batch::settings_for(&config.settings, config.format_override, path);
            let reader = open(path, &bar)?;
            batch::fix_in_place(&settings, path, reader, backup, report)
                .map_err(|e| lib_error(path, e))
        };
        for_each_file(&config, &files, &job, &mut report_sink, &mut |_, result| {
            match result {
                Ok(summary) => total.add(&summary),
                Err(e) => {
                    // Each file is replaced on its own: report it and go on with the rest.
                    bar.suspend(|| eprintln!("mojifix: {e:#}"));
                    total.files += 1;
                    total.errors += 1;
                    trouble = true;
                }
            }
            Ok(())
        })?;
    } else if let Some(output) = &args.output {
        let mut out = AtomicFile::create(output)
            .with_context(|| format!("cannot write {}", output.display()))?;
        {
            let mut writer = BufWriter::new(out.writer());
            for path in &files {
                total.add(&clean_one(
                    &config,
                    path,
                    &bar,
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
                &bar,
                Some(&mut writer),
                &mut report_sink,
            )?);
        }
        writer.flush()?;
    }
    bar.finish_and_clear();
    if args.diff {
        print_summary(config.style, &total, &mut report_sink)?;
    }
    Ok(if trouble { exit::TROUBLE } else { exit::CLEAN })
}

/// Starts `$PAGER` (default `less`; `LESS=FRX` unless set: quit if one screen, keep
/// colours, leave the text on screen) reading the report on its stdin.
fn spawn_pager() -> Result<std::process::Child> {
    let pager = std::env::var("PAGER")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "less".to_owned());
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(&pager)
        .stdin(std::process::Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        cmd.env("LESS", "FRX");
    }
    cmd.spawn()
        .with_context(|| format!("cannot start the pager {pager:?}"))
}

/// Reads a decisions file; a decision naming a path that is not among the inputs is an
/// error before anything is written.
fn load_decisions(path: &Path, files: &[PathBuf]) -> Result<Decisions> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let decisions = Decisions::parse(&text).with_context(|| path.display().to_string())?;
    let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    if let Some(rejected) = decisions.unknown_path(&names) {
        let error = Decisions::mismatch(rejected, "no input has that path");
        return Err(anyhow!(error).context(path.display().to_string()));
    }
    Ok(decisions)
}

fn diff(args: DiffArgs) -> Result<u8> {
    let mut config = config(
        &args.input,
        &args.report,
        args.json,
        io::stdout().is_terminal() && args.html.is_none(),
    )?;
    if args.html.is_some() {
        config.style = DiffStyle::Html;
    }
    let files = inputs(&args.input.files, &config.walk)?;
    let bar = progress(
        &files,
        config.quiet || matches!(config.style, DiffStyle::Json | DiffStyle::Html),
    );
    let stdout = io::stdout();
    let mut pager = if args.pager && io::stdout().is_terminal() {
        Some(spawn_pager()?)
    } else {
        None
    };
    // The page's data is collected first and written as one file at the end.
    let mut page_data: Vec<u8> = Vec::new();
    let mut sink: Box<dyn Write> = if args.html.is_some() {
        Box::new(&mut page_data)
    } else if let Some(stdin) = pager.as_mut().and_then(|p| p.stdin.take()) {
        Box::new(BufWriter::new(stdin))
    } else {
        Box::new(BufWriter::new(stdout.lock()))
    };
    let mut total = Summary::default();
    let mut trouble = false;
    if files.len() == 1 {
        // One input (or stdin): stream the report as records are cleaned.
        let mut out = AroundBar {
            bar: &bar,
            inner: &mut sink,
        };
        match clean_one(&config, &files[0], &bar, None, &mut out) {
            Ok(summary) => total.add(&summary),
            Err(e) => {
                sink.flush()?;
                return Err(e);
            }
        }
    } else {
        let job = |path: &Path, report: &mut dyn FnMut(&RecordReport)| -> Result<Summary> {
            let settings = batch::settings_for(&config.settings, config.format_override, path);
            let reader = open(path, &bar)?;
            records::process::<_, io::Sink>(&settings, label(path), reader, None, report)
                .map_err(|e| lib_error(path, e))
        };
        let mut out = AroundBar {
            bar: &bar,
            inner: &mut sink,
        };
        for_each_file(&config, &files, &job, &mut out, &mut |out, result| {
            match result {
                Ok(summary) => total.add(&summary),
                Err(e) => {
                    out.flush()?;
                    bar.suspend(|| eprintln!("mojifix: {e:#}"));
                    total.files += 1;
                    total.errors += 1;
                    trouble = true;
                }
            }
            Ok(())
        })?;
    }
    bar.finish_and_clear();
    if !args.no_summary {
        if config.style == DiffStyle::Json || pager.is_some() {
            print_summary(config.style, &total, &mut sink)?;
        } else {
            sink.flush()?;
            print_summary(config.style, &total, &mut io::stderr())?;
        }
    }
    sink.flush()?;
    drop(sink);
    if let Some(mut child) = pager {
        child.wait().context("waiting for the pager")?;
    }
    if let Some(path) = &args.html {
        let page = html::page(&page_data, &total);
        let mut out =
            AtomicFile::create(path).with_context(|| format!("cannot write {}", path.display()))?;
        out.writer()
            .write_all(page.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
        out.commit(None)
            .with_context(|| format!("cannot replace {}", path.display()))?;
    }
    Ok(if trouble {
        exit::TROUBLE
    } else if total.changes > 0 {
        exit::CHANGED
    } else {
        exit::CLEAN
    })
}

fn detect(args: DetectArgs) -> Result<u8> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let hint = args.hint.as_deref().map(str::to_ascii_lowercase);
    let paths = raw_inputs(&args.files);
    // Files are independent: detect them on all cores, print in the order given. Each
    // thread takes the next file when it is done with one (files differ a lot in cost,
    // and the corpus's order groups the costly scripts together, so fixed halves left
    // one core idle for much of a call).
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(paths.len())
        .max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(p) = paths.get(i) else {
                break;
            };
            mine.push((i, detect_one(p, &args, hint.as_deref())));
        }
        mine
    };
    let (mut done, panicked) = std::thread::scope(|scope| {
        // This thread is one of the workers: one thread fewer to start.
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut done = work();
        let mut panicked = false;
        for h in handles {
            match h.join() {
                Ok(v) => done.extend(v),
                Err(_) => panicked = true,
            }
        }
        (done, panicked)
    });
    if panicked {
        bail!("detection thread panicked");
    }
    done.sort_by_key(|&(i, _)| i);
    let results = done.into_iter().map(|(_, r)| r);
    for result in results {
        out.write_all(&result?)?;
    }
    out.flush()?;
    Ok(exit::CLEAN)
}

/// The output lines for one input file.
fn detect_one(path: &Path, args: &DetectArgs, hint: Option<&str>) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read stdin")?;
    } else {
        File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .with_context(|| format!("cannot read {}", path.display()))?;
    }
    let options = mojifix::detect::DetectOptions {
        hint,
        use_declared: !args.ignore_declared,
    };
    let shown = path.display().to_string();
    let mut out = Vec::new();
    if args.per_record {
        for (i, r) in mojifix::detect::detect_per_line(&bytes, &options)
            .iter()
            .enumerate()
        {
            let name = format!("{shown}:{}", i + 1);
            write_detection(&mut out, &name, &r.detection, r.range.len(), args.json)?;
        }
    } else {
        let d = mojifix::detect::detect_with(&bytes, &options);
        write_detection(&mut out, &shown, &d, bytes.len(), args.json)?;
    }
    Ok(out)
}

fn write_detection(
    out: &mut impl Write,
    shown: &str,
    d: &mojifix::Detection,
    len: usize,
    json: bool,
) -> Result<()> {
    if !json {
        writeln!(out, "{shown}\t{}\t{:.3}", d.encoding, d.confidence)?;
        return Ok(());
    }
    write_json_line(out, shown, d, len)
}

/// One `detect --json` line: the object `json_value` builds, printed as serde_json
/// prints it (keys in sorted order, scalars by serde_json), but written field by field:
/// building the value tree cost more than detecting a short file.
fn write_json_line(
    out: &mut impl Write,
    shown: &str,
    d: &mojifix::Detection,
    len: usize,
) -> Result<()> {
    out.write_all(b"{\"alternatives\":[")?;
    for (i, (name, conf)) in d.alternatives.iter().enumerate() {
        out.write_all(if i == 0 { b"{" } else { b",{" })?;
        out.write_all(b"\"confidence\":")?;
        serde_json::to_writer(&mut *out, &round3(*conf))?;
        out.write_all(b",\"encoding\":")?;
        serde_json::to_writer(&mut *out, name)?;
        out.write_all(b"}")?;
    }
    out.write_all(b"],\"bom\":")?;
    serde_json::to_writer(&mut *out, &d.bom)?;
    out.write_all(b",\"bytes\":")?;
    serde_json::to_writer(&mut *out, &len)?;
    out.write_all(b",\"confidence\":")?;
    serde_json::to_writer(&mut *out, &round3(d.confidence))?;
    out.write_all(b",\"encoding\":")?;
    serde_json::to_writer(&mut *out, d.encoding)?;
    out.write_all(b",\"invalid\":")?;
    match d.invalid {
        Some((count, first)) => {
            out.write_all(b"{\"count\":")?;
            serde_json::to_writer(&mut *out, &count)?;
            out.write_all(b",\"first_offset\":")?;
            serde_json::to_writer(&mut *out, &first)?;
            out.write_all(b"}")?;
        }
        None => out.write_all(b"null")?,
    }
    out.write_all(b",\"language\":")?;
    serde_json::to_writer(&mut *out, &d.language)?;
    out.write_all(b",\"path\":")?;
    serde_json::to_writer(&mut *out, shown)?;
    out.write_all(b",\"script\":")?;
    serde_json::to_writer(&mut *out, &d.script)?;
    out.write_all(b",\"truncated\":")?;
    serde_json::to_writer(&mut *out, &d.truncated)?;
    out.write_all(b"}\n")?;
    Ok(())
}

/// The `detect --json` object as a value: what `write_json_line` must print.
#[cfg(test)]
fn json_value(shown: &str, d: &mojifix::Detection, len: usize) -> serde_json::Value {
    let alternatives: Vec<serde_json::Value> = d
        .alternatives
        .iter()
        .map(|(name, conf)| serde_json::json!({ "encoding": name, "confidence": round3(*conf) }))
        .collect();
    serde_json::json!({
        "path": shown,
        "encoding": d.encoding,
        "confidence": round3(d.confidence),
        "alternatives": alternatives,
        "bom": d.bom,
        "invalid": d.invalid.map(|(count, first)| serde_json::json!({ "count": count, "first_offset": first })),
        "truncated": d.truncated,
        "script": d.script,
        "language": d.language,
        "bytes": len,
    })
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::{json_value, write_json_line};

    #[test]
    fn json_line_is_what_serde_json_prints() {
        let mut d = mojifix::detect::detect(b"caf\xe9 cr\xe8me \xe0 la \xe9");
        let mut cases = vec![d.clone()];
        d.alternatives = vec![("windows-1250", 0.123_456), ("x\"\\\u{1}é", f64::NAN)];
        d.bom = Some("UTF-8");
        d.invalid = Some((3, 17));
        d.truncated = Some(2);
        d.script = None;
        d.language = None;
        d.confidence = 1.0;
        cases.push(d.clone());
        d.confidence = 0.0;
        d.alternatives.clear();
        cases.push(d);
        for d in cases {
            for shown in ["a.txt", "dir/\"odd\"\t\u{7f}\u{2028}ä.txt", ""] {
                let mut line = Vec::new();
                write_json_line(&mut line, shown, &d, 42).unwrap();
                let want = format!("{}\n", json_value(shown, &d, 42));
                assert_eq!(String::from_utf8_lossy(&line), want);
            }
        }
    }
}
