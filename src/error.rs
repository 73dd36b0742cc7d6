//! The library's error type: one enum for everything that can go wrong with an input or an option.
//! Errors about a file always name the file.

use std::path::PathBuf;

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
    /// The file looks like binary data, not text.
    #[error("{path}: binary file ({reason}), not a text document")]
    Binary { path: PathBuf, reason: String },
    /// The bytes are neither valid UTF-8, UTF-16 (with BOM) nor GB18030.
    #[error("{path}: cannot decode as UTF-8, UTF-16 (with BOM) or GB18030/GBK")]
    Undecodable { path: PathBuf },
    /// The file holds no text at all.
    #[error("{path}: empty file")]
    Empty { path: PathBuf },
    /// A data file shipped with govrules (dictionary, stopwords, taxonomy) is malformed.
    #[error("{path}: {message}")]
    Resource { path: String, message: String },
    /// An option has a value the library cannot use.
    #[error("invalid option: {0}")]
    InvalidOption(String),
}
