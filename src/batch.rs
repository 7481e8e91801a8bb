//! Batches of files: directories expanded the way ripgrep does (hidden and ignored files
//! skipped, `--include`/`--exclude` globs), each file's format picked from its extension,
//! and in-place rewriting that never loses the original.
//!
//! ```no_run
//! use std::path::PathBuf;
//! use mojifix::batch::{Walk, expand};
//! let files = expand(&[PathBuf::from("fixtures")], &Walk::default()).unwrap();
//! assert!(files.iter().all(|p| p.is_file()));
//! ```

use std::fs::File;
use std::hash::{DefaultHasher, Hasher};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use ignore::WalkBuilder;
use ignore::overrides::OverrideBuilder;

use crate::error::{Error, ErrorKind, Position, Result};
use crate::records::{self, Format, RecordReport, Settings, Summary};
use crate::write::AtomicFile;

/// Which files of a directory are taken.
#[derive(Clone, Debug, Default)]
pub struct Walk {
    /// Globs a file must match (any of them); empty takes every file.
    pub include: Vec<String>,
    /// Globs that drop a file or directory.
    pub exclude: Vec<String>,
    /// Also take hidden and ignored files.
    pub no_ignore: bool,
}

/// Expands the inputs: a directory becomes its files (recursively, sorted by name, hidden
/// and `.gitignore`d ones skipped, globs applied); a file or `-` stays as given.
pub fn expand(paths: &[PathBuf], walk: &Walk) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() != "-" && path.is_dir() {
            walk_dir(path, walk, &mut out)?;
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn walk_dir(dir: &Path, walk: &Walk, out: &mut Vec<PathBuf>) -> Result<()> {
    let glob_error = |e: ignore::Error| Error::new(ErrorKind::Usage(format!("bad glob: {e}")));
    // Excludes prune the walk; includes only pick among the files it yields, so an
    // include glob never brings back a hidden or ignored file.
    let mut excludes = OverrideBuilder::new(dir);
    for glob in &walk.exclude {
        excludes.add(&format!("!{glob}")).map_err(glob_error)?;
    }
    let mut includes = OverrideBuilder::new(dir);
    for glob in &walk.include {
        includes.add(glob).map_err(glob_error)?;
    }
    let includes = includes.build().map_err(glob_error)?;
    let walker = WalkBuilder::new(dir)
        .standard_filters(!walk.no_ignore)
        .overrides(excludes.build().map_err(glob_error)?)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        let entry = entry.map_err(|e| {
            Error::at(
                ErrorKind::Usage(e.to_string()),
                Position {
                    path: Some(dir.to_path_buf()),
                    ..Position::default()
                },
            )
        })?;
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        if walk.include.is_empty() || includes.matched(entry.path(), false).is_whitelist() {
            out.push(entry.into_path());
        }
    }
    Ok(())
}

/// The settings for one file: the forced format, or the one its extension implies.
pub fn settings_for(settings: &Settings, forced: Option<Format>, path: &Path) -> Settings {
    let mut s = settings.clone();
    s.format = forced.unwrap_or_else(|| Format::from_path(path));
    s
}

/// Cleans `path` in place: the records read from `reader` (the file's contents) go to a
/// temporary file beside it, which is synced and renamed over it only when every record
/// was read, cleaned and written. On any error, or if the process dies, the original stays
/// byte for byte as it was. With `backup`, the original is kept as `path + backup`.
///
/// Just before the rename the file is read again: if it no longer holds exactly the bytes
/// that were cleaned (another program truncated, appended to or rewrote it meanwhile),
/// the run stops with `ErrorKind::SourceChanged` and the file is left as the other
/// program made it. What remains unguarded is the short step from that check to the
/// rename; mojifix takes no lock.
pub fn fix_in_place<R: BufRead>(
    settings: &Settings,
    path: &Path,
    reader: R,
    backup: Option<&str>,
    report: &mut dyn FnMut(&RecordReport),
) -> Result<Summary> {
    let at_path = |e: io::Error| Error::from(e).with_path(path);
    let mut out = AtomicFile::create(path).map_err(at_path)?;
    let mut reader = Tally::new(reader);
    let summary = {
        let mut writer = BufWriter::new(out.writer());
        let summary =
            records::process(settings, Some(path), &mut reader, Some(&mut writer), report)?;
        writer.flush().map_err(at_path)?;
        summary
    };
    let unchanged = summary.changed_records == 0 && backup.is_none() && settings.output_is_input();
    if !unchanged {
        out.sync().map_err(at_path)?;
    }
    // Checked even when nothing is written: a summary of a file read while it changed
    // describes no version of it.
    reader.verify(path)?;
    if unchanged {
        // Nothing changed: leave the file (and its timestamps) alone.
        return Ok(summary);
    }
    out.commit(backup).map_err(at_path)?;
    Ok(summary)
}

/// A reader that counts and hashes the bytes read through it, so the file can be checked
/// later to hold exactly those bytes still.
struct Tally<R> {
    inner: R,
    len: u64,
    hash: DefaultHasher,
}

impl<R: BufRead> Tally<R> {
    fn new(inner: R) -> Tally<R> {
        Tally {
            inner,
            len: 0,
            hash: DefaultHasher::new(),
        }
    }

    fn take(&mut self, bytes: &[u8]) {
        self.len += bytes.len() as u64;
        self.hash.write(bytes);
    }

    /// Reads `path` again and compares it with what was read: length first (cheap), then
    /// the bytes.
    fn verify(&self, path: &Path) -> Result<()> {
        let changed = |detail: String| {
            Error::at(
                ErrorKind::SourceChanged { detail },
                Position {
                    path: Some(path.to_path_buf()),
                    ..Position::default()
                },
            )
        };
        let at_path = |e: io::Error| Error::from(e).with_path(path);
        let now = std::fs::metadata(path).map_err(at_path)?.len();
        if now != self.len {
            return Err(changed(format!("{} bytes read, {now} bytes now", self.len)));
        }
        let mut again = Tally::new(BufReader::with_capacity(1 << 16, open(path)?));
        io::copy(&mut again, &mut io::sink()).map_err(at_path)?;
        if again.len != self.len || again.hash.finish() != self.hash.finish() {
            return Err(changed(format!(
                "its {} bytes are not the ones read",
                self.len
            )));
        }
        Ok(())
    }
}

impl<R: BufRead> Read for Tally<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.take(&buf[..n]);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Tally<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        // The bytes consumed are the front of the buffer `fill_buf` just returned; asking
        // again returns that same buffer without reading.
        if let Ok(buf) = self.inner.fill_buf() {
            let n = amt.min(buf.len());
            self.len += n as u64;
            self.hash.write(&buf[..n]);
        }
        self.inner.consume(amt);
    }
}

/// Opens a file for reading, naming it in the error.
pub fn open(path: &Path) -> Result<File> {
    File::open(path).map_err(|e| Error::from(e).with_path(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn walks_sorted_skipping_hidden_with_globs() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("b.txt"), "x").unwrap();
        fs::write(dir.path().join("a.csv"), "x").unwrap();
        fs::write(dir.path().join(".hidden.txt"), "x").unwrap();
        fs::write(dir.path().join("sub/c.ris"), "x").unwrap();
        let names = |walk: &Walk| -> Vec<String> {
            expand(&[dir.path().to_path_buf()], walk)
                .unwrap()
                .iter()
                .map(|p| {
                    p.strip_prefix(dir.path())
                        .unwrap()
                        .to_string_lossy()
                        .into_owned()
                })
                .collect()
        };
        assert_eq!(names(&Walk::default()), ["a.csv", "b.txt", "sub/c.ris"]);
        let only_txt = Walk {
            include: vec!["*.txt".into()],
            ..Walk::default()
        };
        assert_eq!(names(&only_txt), ["b.txt"]);
        let no_sub = Walk {
            exclude: vec!["sub".into()],
            ..Walk::default()
        };
        assert_eq!(names(&no_sub), ["a.csv", "b.txt"]);
    }

    #[test]
    fn in_place_failure_leaves_the_original() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.jsonl");
        let original = "{\"a\":\"cafÃ©\"}\nnot json\n";
        fs::write(&path, original).unwrap();
        let settings = Settings::new(Format::Jsonl);
        let reader = std::io::BufReader::new(open(&path).unwrap());
        let err = fix_in_place(&settings, &path, reader, None, &mut |_| {}).unwrap_err();
        assert_eq!(err.position().record, Some(2));
        assert_eq!(fs::read_to_string(&path).unwrap(), original);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
