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
use std::io::{BufRead, BufWriter, Write};
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
pub fn fix_in_place<R: BufRead>(
    settings: &Settings,
    path: &Path,
    reader: R,
    backup: Option<&str>,
    report: &mut dyn FnMut(&RecordReport),
) -> Result<Summary> {
    let at_path = |e: std::io::Error| Error::from(e).with_path(path);
    let mut out = AtomicFile::create(path).map_err(at_path)?;
    let summary = {
        let mut writer = BufWriter::new(out.writer());
        let summary = records::process(settings, Some(path), reader, Some(&mut writer), report)?;
        writer.flush().map_err(at_path)?;
        summary
    };
    if summary.changed_records == 0 && backup.is_none() && settings.output_is_input() {
        // Nothing changed: leave the file (and its timestamps) alone.
        return Ok(summary);
    }
    out.commit(backup).map_err(at_path)?;
    Ok(summary)
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
