//! From the paths given to the files to read. Folders are walked (with `walkdir`) in sorted order,
//! following symbolic links; a link back into a folder being walked is a loop, named in a warning and not
//! followed, and a folder reached again through another link is skipped with a warning (folders are
//! known by device and inode), so every folder is read once however the links run. Only regular files
//! are read: a FIFO, a socket or a device is an error naming it, decided from its metadata, so it is
//! never opened. One file reached by two paths (`./a.txt` and `a.txt`, a link, a hard link) is read
//! once, with a warning. A file in a folder whose extension is none of those read is skipped, and listed
//! as skipped (`README*` files and names starting with `.` are left out without a word).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Extensions read when walking a folder: texts, web pages, Word documents.
pub const READ_EXTENSIONS: &[&str] = &["txt", "md", "html", "htm", "docx"];

/// The files to read, in sorted order, each named once; the files of folders skipped by their
/// extension, in sorted order; and what went wrong on the way.
#[derive(Debug, Default)]
pub(super) struct Walked {
    pub files: Vec<PathBuf>,
    pub skipped: Vec<PathBuf>,
    pub errors: Vec<Error>,
    pub warnings: Vec<String>,
}

/// Walks `paths`: a file given by name is read whatever its extension; in a folder, the files with one
/// of [`READ_EXTENSIONS`] are, except `README*` and names starting with `.`.
pub(super) fn walk(paths: &[PathBuf]) -> Walked {
    let mut out = Walked::default();
    let mut found: Vec<(PathBuf, FileKey)> = Vec::new();
    for p in paths {
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(source) => {
                out.errors.push(Error::from_io(p, source));
                continue;
            }
        };
        if meta.is_dir() {
            walk_folder(p, &mut found, &mut out);
        } else if meta.is_file() {
            found.push((p.clone(), FileKey::of(p, &meta)));
        } else {
            out.errors.push(not_regular(p, &meta));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    out.skipped.sort();
    out.skipped.dedup();
    let mut first_of: HashMap<FileKey, PathBuf> = HashMap::new();
    for (path, key) in found {
        match first_of.get(&key) {
            Some(first) if *first == path => out.warnings.push(format!(
                "{}: given more than once; read once",
                path.display()
            )),
            Some(first) => out.warnings.push(format!(
                "{}: the same file as {}; read once",
                path.display(),
                first.display()
            )),
            None => {
                first_of.insert(key, path.clone());
                out.files.push(path);
            }
        }
    }
    out
}

fn walk_folder(root: &Path, found: &mut Vec<(PathBuf, FileKey)>, out: &mut Walked) {
    let mut entries = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    // Folders read so far: one reached again through a link (not a loop) is not read twice.
    let mut folders: HashMap<FileKey, PathBuf> = HashMap::new();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                if let Some(ancestor) = err.loop_ancestor() {
                    out.warnings.push(format!(
                        "{}: symbolic link loop back to {}; not followed",
                        path.display(),
                        ancestor.display()
                    ));
                    continue;
                }
                let source = err
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("cannot be read"));
                if is_read(&path) || err_is_folder(&source) {
                    out.errors.push(Error::from_io(&path, source));
                } else if source.kind() != std::io::ErrorKind::NotFound {
                    // A link that cannot be followed (a chain of links in a circle): it was no text.
                    out.warnings
                        .push(format!("{}: {source}; skipped", path.display()));
                }
                // A dangling link that would not have been read anyway loses nothing.
                continue;
            }
        };
        let path = entry.path();
        if entry.file_type().is_dir() {
            let Ok(meta) = entry.metadata() else {
                continue;
            };
            match folders.get(&FileKey::of(path, &meta)) {
                Some(first) => {
                    out.warnings.push(format!(
                        "{}: the same folder as {}; read once",
                        path.display(),
                        first.display()
                    ));
                    entries.skip_current_dir();
                }
                None => {
                    folders.insert(FileKey::of(path, &meta), path.to_path_buf());
                }
            }
            continue;
        }
        if !is_read(path) {
            if !is_readme(path) {
                out.skipped.push(path.to_path_buf());
            }
            continue;
        }
        // With follow_links, the entry's metadata is the target's: a link to a FIFO is refused too.
        match entry.metadata() {
            Ok(meta) if meta.is_file() => {
                found.push((path.to_path_buf(), FileKey::of(path, &meta)))
            }
            Ok(meta) => out.errors.push(not_regular(path, &meta)),
            Err(err) => {
                let source = err
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("cannot be read"));
                out.errors.push(Error::from_io(path, source));
            }
        }
    }
}

/// A folder that cannot be read: its files are lost, which is an error.
fn err_is_folder(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::PermissionDenied
}

/// Whether a file met in a folder is read: one of [`READ_EXTENSIONS`], and no `README`.
fn is_read(p: &Path) -> bool {
    let ext_ok = p
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| READ_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        .unwrap_or(false);
    ext_ok && !is_readme(p)
}

/// `README`, `readme.md`, `ReadMe.txt`: documentation of a folder, not one of its texts.
fn is_readme(p: &Path) -> bool {
    let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    stem.eq_ignore_ascii_case("readme")
}

/// What kind of non-regular file `meta` describes, for the message.
pub(super) fn not_regular(path: &Path, meta: &std::fs::Metadata) -> Error {
    Error::NotRegular {
        path: path.to_path_buf(),
        kind: file_kind(meta),
    }
}

#[cfg(unix)]
fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "not a file"
    }
}

#[cfg(not(unix))]
fn file_kind(_meta: &std::fs::Metadata) -> &'static str {
    "not a file"
}

/// What makes two paths one file: device and inode on Unix, the canonical path elsewhere.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum FileKey {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(PathBuf),
}

impl FileKey {
    /// The key of the file at `path`, whose metadata (links followed) is `meta`.
    pub(crate) fn of(path: &Path, meta: &std::fs::Metadata) -> Self {
        #[cfg(unix)]
        {
            let _ = path;
            use std::os::unix::fs::MetadataExt;
            FileKey::Inode(meta.dev(), meta.ino())
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            FileKey::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
        }
    }

    /// The key of the file at `path`, if it exists.
    pub(crate) fn at(path: &Path) -> Option<Self> {
        std::fs::metadata(path).ok().map(|m| FileKey::of(path, &m))
    }
}
