//! Where outputs are written, whole or not at all. A file goes to a temporary file in its target's folder
//! and is renamed over the target once complete ([`AtomicFile`]): a run cut short leaves the old file (or
//! none), never a truncated one, and a symbolic link at the target is replaced, not written through. An
//! output that is one of the run's input files is refused before anything is opened for writing
//! ([`refuse_inputs`]). Several files that make one unit (`report.json` and `report.html`) are renamed
//! together ([`commit_all`]) under a lock on their folder ([`FolderLock`]), so two runs into one folder
//! cannot mix their files. A target that is a device, FIFO or socket (`/dev/null`, `/dev/stdout`, a pipe) is
//! written in place, as before: renaming over it would replace the device with a file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::corpus::FileKey;
use crate::error::{Error, Result};

/// Refuses outputs that would overwrite one of `inputs`: the same file however it is named (another
/// spelling, a symbolic or hard link). An output that does not exist yet is no input.
pub fn refuse_inputs<'a>(
    outputs: &[PathBuf],
    inputs: impl IntoIterator<Item = &'a Path>,
) -> Result<()> {
    let outputs: Vec<(&PathBuf, FileKey)> = outputs
        .iter()
        .filter_map(|o| FileKey::at(o).map(|k| (o, k)))
        .collect();
    if outputs.is_empty() {
        return Ok(());
    }
    for input in inputs {
        let Some(key) = FileKey::at(input) else {
            continue;
        };
        if let Some((output, _)) = outputs.iter().find(|(_, k)| *k == key) {
            return Err(Error::OutputIsInput {
                output: output.to_path_buf(),
                input: input.to_path_buf(),
            });
        }
    }
    Ok(())
}

/// A file being written: a temporary file beside `target`, renamed over it by [`AtomicFile::commit`].
/// Dropped without a commit (an error, a panic), it is removed and the target is left as it was.
pub struct AtomicFile {
    file: Destination,
    target: PathBuf,
}

enum Destination {
    Temporary(BufWriter<tempfile::NamedTempFile>),
    /// A device, FIFO or socket at the target, written in place.
    InPlace(BufWriter<File>),
}

impl AtomicFile {
    /// Starts writing `target`. Fails if `target` is a folder or its folder cannot be written.
    pub fn create(target: &Path) -> Result<Self> {
        let io = |source| Error::Io {
            path: target.to_path_buf(),
            source,
        };
        match std::fs::metadata(target) {
            Ok(meta) if meta.is_dir() => {
                return Err(io(std::io::Error::other("a folder, not a file")));
            }
            Ok(meta) if !meta.is_file() => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(target)
                    .map_err(io)?;
                return Ok(AtomicFile {
                    file: Destination::InPlace(BufWriter::new(file)),
                    target: target.to_path_buf(),
                });
            }
            _ => {}
        }
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        {
            // The mode a plain create gives (0666 less the umask), not the temporary file's 0600.
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let temp = builder.tempfile_in(folder).map_err(io)?;
        Ok(AtomicFile {
            file: Destination::Temporary(BufWriter::new(temp)),
            target: target.to_path_buf(),
        })
    }

    /// The file it will become.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes the file to disk and renames it over the target (replacing a link there, not its target).
    pub fn commit(self) -> Result<()> {
        commit_all(vec![self])
    }

    /// Flushed and synced, ready to be renamed (`None` when written in place: nothing to rename).
    fn finish(self) -> Result<Option<(tempfile::NamedTempFile, PathBuf)>> {
        let target = self.target;
        let io = |source| Error::Io {
            path: target.clone(),
            source,
        };
        match self.file {
            Destination::Temporary(file) => {
                let temp = file.into_inner().map_err(|e| io(e.into_error()))?;
                temp.as_file().sync_all().map_err(io)?;
                Ok(Some((temp, target)))
            }
            Destination::InPlace(mut file) => {
                file.flush().map_err(io)?;
                Ok(None)
            }
        }
    }

    fn writer(&mut self) -> &mut dyn Write {
        match &mut self.file {
            Destination::Temporary(f) => f,
            Destination::InPlace(f) => f,
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer().write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.writer().write_all(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.writer().flush()
    }
}

/// Commits several files as one unit: all are written and synced before the first is renamed, so a
/// failure while writing any of them leaves every target as it was.
pub fn commit_all(files: Vec<AtomicFile>) -> Result<()> {
    let finished = files
        .into_iter()
        .map(AtomicFile::finish)
        .collect::<Result<Vec<_>>>()?;
    for (temp, target) in finished.into_iter().flatten() {
        temp.persist(&target).map_err(|e| Error::Io {
            path: target.clone(),
            source: e.error,
        })?;
    }
    Ok(())
}

/// An exclusive lock on an output folder, held until dropped: an OS file lock on `.govrules-report.lock`
/// in the folder, which the OS releases when the process ends however it ends, so a lock file left by a
/// killed run blocks nothing. The file holds the owner's process id, for the message.
pub struct FolderLock {
    // The lock lives as long as this open file: the guard is forgotten on purpose, and the OS releases
    // the lock when the file is closed on drop.
    _file: fd_lock::RwLock<File>,
}

/// The lock file's name inside the output folder.
pub const LOCK_FILE: &str = ".govrules-report.lock";

impl FolderLock {
    /// Locks `folder` (created if missing), or fails at once with [`Error::Locked`] while another process
    /// holds it.
    pub fn acquire(folder: &Path) -> Result<Self> {
        let path = folder.join(LOCK_FILE);
        let io = |source| Error::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(folder).map_err(|source| Error::Io {
            path: folder.to_path_buf(),
            source,
        })?;
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        let mut lock = fd_lock::RwLock::new(file);
        match lock.try_write() {
            Ok(guard) => {
                let mine = format!("{}\n", std::process::id());
                guard.set_len(0).map_err(io)?;
                (&*guard).write_all(mine.as_bytes()).map_err(io)?;
                std::mem::forget(guard);
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                let holder = std::fs::read_to_string(&path)
                    .ok()
                    .and_then(|s| s.trim().parse::<u32>().ok())
                    .map(|pid| format!(" (process {pid})"))
                    .unwrap_or_default();
                return Err(Error::Locked {
                    folder: folder.to_path_buf(),
                    holder,
                });
            }
            Err(e) => return Err(io(e)),
        }
        Ok(FolderLock { _file: lock })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_appears_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        std::fs::write(&target, "old").unwrap();
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        drop(f);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"new").unwrap();
        f.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_folder_is_no_target() {
        let dir = tempfile::tempdir().unwrap();
        assert!(AtomicFile::create(dir.path()).is_err());
    }

    #[test]
    fn an_input_is_refused_however_it_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("a.txt");
        std::fs::write(&input, "x").unwrap();
        let other = dir.path().join("sub/../a.txt");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let err = refuse_inputs(&[other], [input.as_path()]).unwrap_err();
        assert!(matches!(err, Error::OutputIsInput { .. }));
        let new = dir.path().join("new.json");
        assert!(refuse_inputs(&[new], [input.as_path()]).is_ok());
    }

    #[test]
    fn a_folder_lock_is_exclusive_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let first = FolderLock::acquire(dir.path()).unwrap();
        let err = FolderLock::acquire(dir.path())
            .err()
            .expect("second lock refused");
        let message = err.to_string();
        assert!(
            message.contains(&std::process::id().to_string()),
            "{message}"
        );
        drop(first);
        FolderLock::acquire(dir.path()).unwrap();
    }
}
