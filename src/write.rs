//! Safe output: write to a temporary file beside the target, fsync, then rename over it.
//! A failed or killed run leaves the target as it was.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A file being written; becomes `target` only on `commit`.
pub struct AtomicFile {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl AtomicFile {
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".mojifix-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        Ok(AtomicFile {
            temp,
            target: target.to_path_buf(),
        })
    }

    pub fn writer(&mut self) -> &mut fs::File {
        self.temp.as_file_mut()
    }

    /// Flushes, syncs and renames over the target. With `backup`, the old target is first
    /// hard-linked (or copied) to `target + backup`.
    pub fn commit(mut self, backup: Option<&str>) -> io::Result<()> {
        self.temp.as_file_mut().flush()?;
        self.temp.as_file().sync_all()?;
        if let Ok(meta) = fs::metadata(&self.target) {
            // Keep the original's permissions.
            fs::set_permissions(self.temp.path(), meta.permissions())?;
            if let Some(suffix) = backup {
                let mut name = self.target.as_os_str().to_owned();
                name.push(suffix);
                let backup_path = PathBuf::from(name);
                let _ = fs::remove_file(&backup_path);
                if fs::hard_link(&self.target, &backup_path).is_err() {
                    fs::copy(&self.target, &backup_path)?;
                }
            }
        }
        self.temp.persist(&self.target).map_err(|e| e.error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_untouched_until_commit() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        fs::write(&target, "old").unwrap();
        let mut file = AtomicFile::create(&target).unwrap();
        file.writer().write_all(b"new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        file.commit(Some(".bak")).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(
            fs::read_to_string(dir.path().join("out.txt.bak")).unwrap(),
            "old"
        );
    }

    #[test]
    fn dropped_file_leaves_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        fs::write(&target, "old").unwrap();
        {
            let mut file = AtomicFile::create(&target).unwrap();
            file.writer().write_all(b"half").unwrap();
        }
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
