//! Flags, parsed with clap into plain values. `run.rs` turns them into library settings.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Guess encodings, repair mojibake and normalize Unicode in text records, showing every
/// change before it is written.
///
/// Examples:
///   mojifix diff records.txt              show what would change (exit 1 if anything)
///   mojifix fix records.txt -o clean.txt  write the cleaned records
///   mojifix fix --jsonl --fields title,abstract dump.jsonl > clean.jsonl
///   mojifix detect *.txt                  guess each file's encoding
#[derive(Parser, Debug)]
#[command(name = "mojifix", version, verbatim_doc_comment)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Write cleaned records to stdout (or -o PATH).
    Fix(FixArgs),
    /// Show every change that `fix` would make; write nothing.
    /// Exit status: 0 nothing to change, 1 changes found, 2 trouble.
    Diff(DiffArgs),
    /// Guess the encoding of each file: PATH<TAB>ENCODING<TAB>CONFIDENCE.
    Detect(DetectArgs),
}

#[derive(Args, Debug)]
pub struct InputArgs {
    /// Files or directories to read; none or `-` means stdin. Directories are walked
    /// recursively, skipping hidden and .gitignored files.
    pub files: Vec<PathBuf>,

    /// Record format: lines (one record per line), jsonl, whole (one record per file),
    /// csv, tsv, refer (EndNote), ris. Default: from the file extension (.jsonl/.ndjson,
    /// .csv, .tsv, .enw/.refer, .ris), else lines.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,

    /// Same as --format jsonl.
    #[arg(long)]
    pub jsonl: bool,

    /// Same as --format whole: each file is one record.
    #[arg(long)]
    pub whole: bool,

    /// JSONL: only clean these string fields (comma-separated paths: a,b.c,items[].title).
    #[arg(long, value_name = "PATHS", value_delimiter = ',')]
    pub fields: Vec<String>,

    /// Input encoding: a name (UTF-8, windows-1252, GBK, Shift_JIS, latin-1, cp437, ...)
    /// or `auto` to detect it per file. Default UTF-8; undecodable bytes are an error.
    #[arg(long, value_name = "ENCODING")]
    pub from: Option<String>,

    /// With `--from auto`: detect each line's encoding on its own (records from mixed sources).
    #[arg(long)]
    pub per_record: bool,

    /// Pass bad records (invalid JSON or CSV, ragged rows, undecodable bytes) through unchanged, count them and
    /// go on, instead of stopping at the first.
    #[arg(long)]
    pub keep_going: bool,

    #[command(flatten)]
    pub fixers: FixerArgs,

    #[command(flatten)]
    pub batch: BatchArgs,
}

/// Record formats, output encoding and batches of files.
#[derive(Args, Debug)]
pub struct BatchArgs {
    /// CSV/TSV: only clean these columns (comma-separated header names or 0-based
    /// indexes). The header row is never changed.
    #[arg(long, value_name = "COLUMNS", value_delimiter = ',')]
    pub columns: Vec<String>,

    /// CSV/TSV: accept rows with more or fewer fields than the header.
    #[arg(long)]
    pub allow_ragged: bool,

    /// Output encoding (default UTF-8; ASCII-compatible encodings only). A character it
    /// cannot hold is an error that names the record and field; nothing is replaced.
    #[arg(long, value_name = "ENCODING")]
    pub to: Option<String>,

    /// Stop the file at the first undecodable byte or bad record (the default).
    #[arg(long, conflicts_with = "keep_going")]
    pub strict: bool,

    /// Directories: only take files matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,

    /// Directories: skip files and directories matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Worker threads for files and records (default: one per core; 1 runs serially).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    pub threads: usize,

    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct FixerArgs {
    /// Fixer preset: default (repair damage only), ftfy (ftfy 6.3.1's choices: also
    /// straighten quotes and narrow fullwidth characters), encoding (mojibake only).
    #[arg(long, default_value = "default", value_name = "PRESET")]
    pub preset: String,

    /// Unicode normalization: nfc, nfkc, nfd, nfkd, none.
    #[arg(long, value_name = "FORM")]
    pub normalize: Option<String>,

    /// Straighten curly quotes (“ ” ‘ ’ → " ').
    #[arg(long, overrides_with = "no_uncurl_quotes")]
    pub uncurl_quotes: bool,
    #[arg(long, hide = true)]
    pub no_uncurl_quotes: bool,

    /// Turn fullwidth ASCII into ASCII and halfwidth katakana into fullwidth.
    #[arg(long, overrides_with = "no_fix_width")]
    pub fix_width: bool,
    #[arg(long, hide = true)]
    pub no_fix_width: bool,

    /// Leave HTML entities (&eacute;) alone.
    #[arg(long)]
    pub no_html: bool,

    /// Do not repair mojibake.
    #[arg(long)]
    pub no_encoding: bool,

    /// Leave C1 control characters alone (default: read them as windows-1252).
    #[arg(long)]
    pub no_c1: bool,

    /// Leave Latin ligatures (ﬁ) alone.
    #[arg(long)]
    pub no_ligatures: bool,

    /// Leave line breaks (CRLF, U+2028) alone.
    #[arg(long)]
    pub no_line_breaks: bool,

    /// Leave control characters and stray BOMs alone.
    #[arg(long)]
    pub no_controls: bool,

    /// Leave ANSI terminal escapes alone.
    #[arg(long)]
    pub no_terminal_escapes: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Report layout: inline (before/after with the changes marked), unified, json
    /// (one JSON object per change, then a summary).
    #[arg(long, default_value = "inline", value_name = "STYLE")]
    pub diff_style: String,

    /// Colour: auto (when writing to a terminal and NO_COLOR is unset), always, never.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}

#[derive(Args, Debug)]
pub struct FixArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Write to this file instead of stdout. It is replaced only when the run succeeds.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Rewrite each input file in place (atomically: temp file, fsync, rename).
    #[arg(long, conflicts_with = "output")]
    pub in_place: bool,

    /// With --in-place: keep the original as FILE + SUFFIX.
    #[arg(long, value_name = "SUFFIX", requires = "in_place")]
    pub backup: Option<String>,

    /// Also print the diff report of every change to stderr.
    #[arg(long)]
    pub diff: bool,

    /// Apply every change except the ones this decisions file rejects (exported from the
    /// `diff --html` page, or built from `diff --json`; see docs/review.md). A rejected
    /// change the input no longer holds is an error that names it.
    #[arg(long, value_name = "FILE")]
    pub decisions: Option<PathBuf>,

    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub report: ReportArgs,

    /// Same as --diff-style json.
    #[arg(long)]
    pub json: bool,

    /// Write the report as one self-contained HTML review page to FILE (filters, sort by
    /// margin, j/k/x keys, rejections exported as a decisions file for `fix --decisions`).
    #[arg(long, value_name = "FILE", conflicts_with = "json")]
    pub html: Option<PathBuf>,

    /// When stdout is a terminal, page the report (and its summary) through $PAGER
    /// (default `less`, with LESS=FRX unless set).
    #[arg(long, conflicts_with = "html")]
    pub pager: bool,

    /// Do not print the summary at the end.
    #[arg(long)]
    pub no_summary: bool,
}

#[derive(Args, Debug)]
pub struct DetectArgs {
    /// Files to examine; none or `-` means stdin.
    pub files: Vec<PathBuf>,

    /// One JSON object per file, with the runners-up, BOM and invalid bytes.
    #[arg(long)]
    pub json: bool,

    /// What you know about the source: a top-level domain (ru, jp, cn, tw, kr) or a
    /// language code (uk, ja, zh-TW).
    #[arg(long, value_name = "LANG|TLD")]
    pub hint: Option<String>,

    /// Ignore a charset the file declares (<meta charset>, XML encoding=); for fields and
    /// prefixes, where a declaration does not describe the bytes at hand.
    #[arg(long)]
    pub ignore_declared: bool,

    /// One answer per line (PATH:LINE), for files whose lines come from different sources.
    #[arg(long)]
    pub per_record: bool,
}

pub fn parse() -> Cli {
    Cli::parse()
}
