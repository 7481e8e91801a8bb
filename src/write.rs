//! Safe output: write to a temporary file beside the target, fsync, then rename over it.
//! A failed or killed run leaves the target as it was.
//!
//! On Linux the temporary file is anonymous (`O_TMPFILE`): it has no name until the
//! commit links it into the directory just before the rename, so even a run killed with
//! SIGKILL leaves no temporary file behind. Elsewhere (or where `O_TMPFILE` or `/proc` is
//! missing) it is a named `.mojifix-*.tmp` file, removed on error.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A file being written; becomes `target` only on `commit`.
pub struct AtomicFile {
    temp: Temp,
    dir: PathBuf,
    target: PathBuf,
}

enum Temp {
    /// Unnamed until commit (Linux `O_TMPFILE`, or a file unlinked right after creation).
    Anonymous(fs::File),
    Named(tempfile::NamedTempFile),
}

impl AtomicFile {
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let temp = if cfg!(target_os = "linux") {
            Temp::Anonymous(tempfile::tempfile_in(&dir)?)
        } else {
            Temp::Named(named_temp(&dir)?)
        };
        Ok(AtomicFile {
            temp,
            dir,
            target: target.to_path_buf(),
        })
    }

    pub fn writer(&mut self) -> &mut fs::File {
        match &mut self.temp {
            Temp::Anonymous(f) => f,
            Temp::Named(t) => t.as_file_mut(),
        }
    }

    /// Flushes and syncs what was written, so a check made next (has the source
    /// changed?) is followed only by the quick steps of `commit`.
    pub fn sync(&mut self) -> io::Result<()> {
        let file = self.writer();
        file.flush()?;
        file.sync_all()
    }

    /// Flushes, syncs and renames over the target. With `backup`, the old target is first
    /// hard-linked (or copied) to `target + backup`.
    pub fn commit(mut self, backup: Option<&str>) -> io::Result<()> {
        self.sync()?;
        if let Ok(meta) = fs::metadata(&self.target) {
            // Keep the original's permissions.
            self.writer().set_permissions(meta.permissions())?;
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
        let named = match self.temp {
            Temp::Named(t) => t,
            Temp::Anonymous(mut file) => match link_anonymous(&file, &self.dir) {
                Ok(named) => named,
                Err(_) => {
                    // No O_TMPFILE or /proc: copy into a named temporary file instead.
                    let mut named = named_temp(&self.dir)?;
                    io::Seek::seek(&mut file, io::SeekFrom::Start(0))?;
                    io::copy(&mut file, named.as_file_mut())?;
                    named.as_file().sync_all()?;
                    named
                        .as_file()
                        .set_permissions(file.metadata()?.permissions())?;
                    named
                }
            },
        };
        named.persist(&self.target).map_err(|e| e.error)?;
        // Make the rename itself durable.
        if let Ok(dir) = fs::File::open(&self.dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

fn named_temp(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(".mojifix-")
        .suffix(".tmp")
        .tempfile_in(dir)
}

/// Gives an anonymous file a temporary name in `dir` (linkat through /proc/self/fd).
#[cfg(target_os = "linux")]
fn link_anonymous(file: &fs::File, dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::io::AsRawFd;
    for _ in 0..16 {
        // Reserve a fresh name, then free it for linkat (which will not overwrite).
        let path = named_temp(dir)?
            .into_temp_path()
            .keep()
            .map_err(|e| e.error)?;
        fs::remove_file(&path)?;
        let from = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))?;
        let to = CString::new(path.as_os_str().as_bytes())?;
        // SAFETY: both are valid NUL-terminated paths; linkat reads them and returns.
        let rc = unsafe {
            libc::linkat(
                libc::AT_FDCWD,
                from.as_ptr(),
                libc::AT_FDCWD,
                to.as_ptr(),
                libc::AT_SYMLINK_FOLLOW,
            )
        };
        if rc == 0 {
            let named = tempfile::NamedTempFile::from_parts(
                file.try_clone()?,
                tempfile::TempPath::try_from_path(path)?,
            );
            return Ok(named);
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::AlreadyExists {
            return Err(err);
        }
    }
    Err(io::Error::other("no free temporary name"))
}

#[cfg(not(target_os = "linux"))]
fn link_anonymous(_: &fs::File, _: &Path) -> io::Result<tempfile::NamedTempFile> {
    Err(io::Error::other("anonymous temporary files need Linux"))
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
