//! Source files as the linter sees them: a display path, the text, and a line index.
//!
//! Files are read once, stripped of a UTF-8 byte-order mark (so the first key is `id`, not
//! `\u{feff}id`), and kept for the whole run so renderers can show code frames. Line endings
//! are left as they are; positions are byte offsets into this text.

mod decode;
mod embedded;
mod line_index;
mod text;

pub use decode::InvalidUtf8;
pub use embedded::EmbeddedText;
pub use line_index::{LineCol, LineIndex};
pub use text::TextRange;

use std::path::{Path, PathBuf};

const BYTE_ORDER_MARK: char = '\u{feff}';

/// One file handed to the linter.
#[derive(Debug)]
pub struct SourceFile {
    path: PathBuf,
    text: String,
    line_index: LineIndex,
    rule_id: Option<String>,
    /// The text is the file as it was at a base revision; the file is gone from the tree.
    deleted: bool,
}

impl SourceFile {
    /// Wraps `text` read from `path`; a leading byte-order mark is dropped.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with(BYTE_ORDER_MARK) {
            text.drain(..BYTE_ORDER_MARK.len_utf8());
        }
        let line_index = LineIndex::new(&text);
        Self { path: path.into(), text, line_index, rule_id: None, deleted: false }
    }

    /// Marks the file as gone from the working tree, its text taken from a base revision:
    /// reports cannot annotate such a file in a pull request.
    pub fn deleted(mut self) -> Self {
        self.deleted = true;
        self
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted
    }

    /// The path as given on the command line or found by discovery (relative when possible).
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn line_index(&self) -> &LineIndex {
        &self.line_index
    }

    /// The Sentinel rule id (`id:`) the file declares, once the loader has read it.
    pub fn rule_id(&self) -> Option<&str> {
        self.rule_id.as_deref()
    }

    pub fn set_rule_id(&mut self, id: Option<String>) {
        self.rule_id = id;
    }

    /// The 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: u32) -> LineCol {
        self.line_index.line_col(&self.text, offset)
    }

    /// The text a range covers (empty if the range is out of bounds).
    pub fn slice(&self, range: TextRange) -> &str {
        self.text.get(range.to_usize()).unwrap_or("")
    }
}

/// Identifies a file within one run's [`SourceDb`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceId(u32);

/// All files of one run, addressed by [`SourceId`].
#[derive(Debug, Default)]
pub struct SourceDb {
    files: Vec<SourceFile>,
}

impl SourceDb {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, file: SourceFile) -> SourceId {
        let id = SourceId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(file);
        id
    }

    /// The file behind `id`. Ids only come from [`SourceDb::add`] on this database.
    pub fn get(&self, id: SourceId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn get_mut(&mut self, id: SourceId) -> &mut SourceFile {
        &mut self.files[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (SourceId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (SourceId(i as u32), f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_order_mark_is_dropped() {
        let file = SourceFile::new("a.yaml", "\u{feff}id: x\n");
        assert_eq!(file.text(), "id: x\n");
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
    }
}
