//! YML106: the file cannot be read as UTF-8 text.

use std::path::Path;

use crate::declare_lint;
use crate::diagnostics::Diagnostic;
use crate::source::{InvalidUtf8, SourceFile, SourceId, TextRange};

declare_lint! {
    /// File cannot be read as UTF-8 text
    ///
    /// ## What it does
    /// Reports rule files that cannot be read, or are not UTF-8 (for example saved as
    /// UTF-16 by a Windows editor, or with one character typed in Windows-1252). The finding
    /// points at the first byte that is not UTF-8.
    ///
    /// ## Why is this bad?
    /// Sentinel content tooling reads rule files as UTF-8; the file cannot be linted or
    /// deployed.
    ///
    /// ## Example
    /// A rule saved as "Unicode" (UTF-16 LE) in Notepad.
    ///
    /// Use instead: save the file as UTF-8.
    pub static UNREADABLE_FILE = ("YML106", "unreadable-file", Error);
}

/// Why a file could not be linted as text.
#[derive(Debug)]
pub enum ReadProblem {
    Io(std::io::Error),
    NotUtf8(InvalidUtf8),
}

/// Reads `path`: a file that cannot be read becomes an empty source, one that is not UTF-8 is
/// kept decoded lossily so its finding can show the line with the bad byte.
pub fn read(path: &Path) -> (SourceFile, Option<ReadProblem>) {
    match std::fs::read(path) {
        Ok(bytes) => {
            let (file, invalid) = SourceFile::from_bytes(path, bytes);
            (file, invalid.map(ReadProblem::NotUtf8))
        }
        Err(error) => (SourceFile::new(path, ""), Some(ReadProblem::Io(error))),
    }
}

impl ReadProblem {
    /// The finding for this problem in `source`.
    pub fn diagnostic(&self, source: SourceId) -> Diagnostic {
        let lint = &UNREADABLE_FILE;
        let (range, message, help) = match self {
            ReadProblem::Io(error) => {
                (TextRange::empty(0), format!("File cannot be read: {error}"), None)
            }
            ReadProblem::NotUtf8(invalid) => not_utf8(invalid),
        };
        let mut diagnostic =
            Diagnostic::new(lint.code, lint.default_severity, source, range, message);
        if let Some(help) = help {
            diagnostic.set_help(help);
        }
        diagnostic
    }
}

fn not_utf8(invalid: &InvalidUtf8) -> (TextRange, String, Option<String>) {
    let message = if invalid.bytes.len() > 1 {
        format!(
            "File is not valid UTF-8 text: bytes {} here do not form a character",
            invalid.hex()
        )
    } else {
        format!("File is not valid UTF-8 text: byte {} here is not UTF-8", invalid.hex())
    };
    let help = if invalid.utf16 {
        "The file is UTF-16 (it starts with a UTF-16 byte-order mark): save it as UTF-8"
    } else if invalid.binary {
        "The file holds NUL bytes: it is binary data, not a rule; remove it or exclude it"
    } else {
        "Save the file as UTF-8; the byte is probably a character in another encoding such as \
         Windows-1252"
    };
    (invalid.range, message, Some(help.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceDb;

    #[test]
    fn the_finding_is_at_the_first_invalid_byte_and_shows_its_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("r.yaml");
        std::fs::write(&path, b"id: x\ndescription: |\n  Files \xFF\xFE signed\n").expect("write");
        let (file, problem) = read(&path);
        let mut sources = SourceDb::new();
        let id = sources.add(file);
        let diagnostic = problem.expect("not UTF-8").diagnostic(id);
        let file = sources.get(id);
        let start = file.line_col(diagnostic.range.start());
        assert_eq!((start.line, start.column), (3, 9));
        assert_eq!(diagnostic.message, "File is not valid UTF-8 text: byte 0xFF here is not UTF-8");
        assert!(file.text().contains("Files \u{fffd}\u{fffd} signed"));
    }

    #[test]
    fn a_missing_file_is_a_finding_not_a_panic() {
        let (file, problem) = read(Path::new("no/such/file.yaml"));
        assert_eq!(file.text(), "");
        assert!(matches!(problem, Some(ReadProblem::Io(_))));
    }
}
