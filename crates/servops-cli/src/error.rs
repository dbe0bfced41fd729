//! The command's errors: each prints as one line naming what to fix.

use std::path::PathBuf;

/// Why a command failed. Printed as one line on standard error; the
/// process then exits with status 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A file could not be opened, read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A row or field of an input file is malformed.
    #[error("{path}:{line}:{column}: {message}")]
    Input {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// 1-based column number (field position), or the column's name.
        column: String,
        /// What is wrong.
        message: String,
    },
    /// A row of an input file is malformed, at no one column.
    #[error("{path}:{line}: {message}")]
    InputLine {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// The configuration file is malformed.
    #[error("{path}: {message}")]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The arguments do not make sense together.
    #[error("{0}")]
    Usage(String),
    /// The library refused the inputs.
    #[error(transparent)]
    Library(#[from] servops::Error),
    /// Writing the results failed.
    #[error("cannot write the output: {0}")]
    Output(std::io::Error),
}

impl CliError {
    /// An input error at a line and column of a file.
    pub fn input(
        path: impl Into<PathBuf>,
        line: u64,
        column: impl ToString,
        message: impl Into<String>,
    ) -> CliError {
        CliError::Input {
            path: path.into(),
            line,
            column: column.to_string(),
            message: message.into(),
        }
    }
}

impl CliError {
    /// An input error at a line of a file, at no one column.
    pub fn input_line(path: impl Into<PathBuf>, line: u64, message: impl Into<String>) -> CliError {
        CliError::InputLine {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}

impl From<servops::queue::Error> for CliError {
    fn from(e: servops::queue::Error) -> Self {
        CliError::Library(e.into())
    }
}

impl From<servops::core::Error> for CliError {
    fn from(e: servops::core::Error) -> Self {
        CliError::Library(e.into())
    }
}
