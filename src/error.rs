//! The library's error type: one enum for everything that can go wrong with an input, an option or an
//! output. Errors about a file always name the file.

use std::path::{Path, PathBuf};

/// Result with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything the library can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A path given on the command line does not exist.
    #[error("{path}: no such file or directory")]
    NotFound { path: PathBuf },
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A FIFO, socket or device: never opened, as reading one can block forever.
    #[error("{path}: not a regular file ({kind}); skipped")]
    NotRegular { path: PathBuf, kind: &'static str },
    /// The file looks like binary data, not text.
    #[error("{path}: binary file ({reason}), not a text document")]
    Binary { path: PathBuf, reason: String },
    /// NUL bytes at every other position and no byte-order mark: UTF-16 that cannot be told from binary
    /// data for sure, so it is not guessed at.
    #[error("{path}: looks like {encoding} without a byte-order mark; save it as UTF-8, or as UTF-16 with a byte-order mark")]
    Utf16WithoutBom {
        path: PathBuf,
        encoding: &'static str,
    },
    /// The bytes are neither valid UTF-8, UTF-16 (with BOM) nor GB18030.
    #[error("{path}: cannot decode as UTF-8, UTF-16 (with BOM) or GB18030/GBK")]
    Undecodable { path: PathBuf },
    /// A `.docx` file whose text cannot be read (not a ZIP archive, no `word/document.xml`, bad XML).
    #[error("{path}: cannot read as a Word document (.docx): {reason}")]
    NotDocx { path: PathBuf, reason: String },
    /// The file holds no text at all: nothing, or only whitespace (zero-width characters included).
    #[error("{path}: empty file")]
    Empty { path: PathBuf },
    /// A data file shipped with govrules (dictionary, stopwords, taxonomy) is malformed.
    #[error("{path}: {message}")]
    Resource { path: String, message: String },
    /// An option has a value the library cannot use.
    #[error("invalid option: {0}")]
    InvalidOption(String),
    /// An output would overwrite a file the run reads.
    #[error("{output}: is also an input ({input}); refusing to overwrite it")]
    OutputIsInput { output: PathBuf, input: PathBuf },
    /// Another run holds the lock of the output folder.
    #[error("{folder}: another govrules report is writing into this folder{holder}; try again when it has finished")]
    Locked { folder: PathBuf, holder: String },
}

impl Error {
    /// The error for an I/O failure on `path`: [`Error::NotFound`] when it does not exist.
    pub fn from_io(path: &Path, source: std::io::Error) -> Self {
        if source.kind() == std::io::ErrorKind::NotFound {
            Error::NotFound {
                path: path.to_path_buf(),
            }
        } else {
            Error::Io {
                path: path.to_path_buf(),
                source,
            }
        }
    }
}
