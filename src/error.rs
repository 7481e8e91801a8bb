//! The library's error type: one boxed kind plus the position it happened at.

use std::fmt;
use std::path::PathBuf;

/// Where an error happened. Every field is optional: a stream has no path, a bad flag no
/// record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Position {
    pub path: Option<PathBuf>,
    /// 1-based record number (a line for line-based formats).
    pub record: Option<u64>,
    /// 1-based line number in the file where the record starts.
    pub line: Option<u64>,
    /// Byte offset in the file.
    pub byte: Option<u64>,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(path) = &self.path {
            parts.push(path.display().to_string());
        }
        if let Some(record) = self.record {
            parts.push(format!("record {record}"));
        }
        if let Some(line) = self.line
            && self.record != Some(line)
        {
            parts.push(format!("line {line}"));
        }
        if let Some(byte) = self.byte {
            parts.push(format!("byte {byte}"));
        }
        f.write_str(&parts.join(", "))
    }
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error(
        "bytes that are not valid {encoding} ({len} byte(s) starting with 0x{first:02X}); pass --from ENCODING, or --keep-going to pass the record through unchanged"
    )]
    Decode {
        encoding: &'static str,
        len: usize,
        first: u8,
    },
    #[error("invalid JSON: {message}")]
    Json { message: String },
    #[error("invalid CSV: {message}")]
    Csv { message: String },
    #[error("invalid refer/EndNote record: {message}")]
    Refer { message: String },
    #[error("invalid RIS record: {message}")]
    Ris { message: String },
    #[error("no column named {name:?} (the header has: {})", .header.join(", "))]
    UnknownColumn { name: String, header: Vec<String> },
    #[error("ragged row: expected {expected} fields, got {got} (pass --allow-ragged to accept)")]
    Ragged { expected: usize, got: usize },
    #[error(
        "unknown encoding {0:?} (try UTF-8, windows-1252, GBK, Shift_JIS, latin-1, cp437, auto)"
    )]
    UnknownEncoding(String),
    #[error("{0}")]
    Usage(String),
    #[error("{message}")]
    Record { message: String },
    #[error(
        "the file changed while mojifix was cleaning it ({detail}); it was left as it is now, run again"
    )]
    SourceChanged { detail: String },
    #[error("bad decisions file: {message}")]
    Decisions { message: String },
    #[error("{decision} does not match the input: {reason}")]
    Decision { decision: String, reason: String },
    #[error("{} cannot be written in {encoding}{}", char_name(*.ch), .field.as_ref().map(|f| format!(" (field {f})")).unwrap_or_default())]
    Unencodable {
        encoding: &'static str,
        ch: char,
        /// The field that holds it, when the record has named fields.
        field: Option<String>,
    },
}

fn char_name(c: char) -> String {
    format!("{c:?} (U+{:04X})", c as u32)
}

/// A library error: the kind and where it happened.
#[derive(Debug)]
pub struct Error {
    kind: Box<ErrorKind>,
    position: Position,
}

impl Error {
    pub fn new(kind: ErrorKind) -> Error {
        Error {
            kind: Box::new(kind),
            position: Position::default(),
        }
    }

    pub fn at(kind: ErrorKind, position: Position) -> Error {
        Error {
            kind: Box::new(kind),
            position,
        }
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    pub fn position(&self) -> &Position {
        &self.position
    }

    /// Fills in what the error does not say yet (the path, say, added by the caller).
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Error {
        if self.position.path.is_none() {
            self.position.path = Some(path.into());
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let position = self.position.to_string();
        if position.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{position}: {}", self.kind)
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io(e))
    }
}

pub type Result<T> = std::result::Result<T, Error>;
