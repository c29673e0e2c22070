//! Turns byte offsets into the 1-based line and column a user sees.
//!
//! Columns count Unicode scalar values, as editors and GitHub annotations do. `\r\n` and `\n`
//! both end a line; a `\r` before `\n` is part of the line ending, not of the line.

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// How many bytes one entry of [`LineIndex::chars_before_block`] covers.
const BLOCK: usize = 256;

/// The byte offset of the start of every line of a text, and enough of a character count to
/// find a column without counting a whole long line: a file can hold one line of megabytes
/// with thousands of findings on it.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    /// The number of characters before each multiple of [`BLOCK`] bytes.
    chars_before_block: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        let mut chars_before_block = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut chars = 0u32;
        for (index, block) in text.as_bytes().chunks(BLOCK).enumerate() {
            chars_before_block.push(chars);
            chars = chars.saturating_add(count_chars(block) as u32);
            let block_start = index * BLOCK;
            for (offset, byte) in block.iter().enumerate() {
                if *byte == b'\n' {
                    let start = block_start + offset + 1;
                    line_starts.push(u32::try_from(start).unwrap_or(u32::MAX));
                }
            }
        }
        Self { line_starts, chars_before_block }
    }

    /// The number of lines (a text ending in a newline has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte offset where 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> Option<u32> {
        self.line_starts.get(line).copied()
    }

    /// The line and column of `offset` in `text`, clamped to the end of the text.
    pub fn line_col(&self, text: &str, offset: u32) -> LineCol {
        let offset = offset.min(u32::try_from(text.len()).unwrap_or(u32::MAX));
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line] as usize;
        let mut end = offset as usize;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.chars_before(text, end) - self.chars_before(text, start) + 1;
        LineCol { line: line as u32 + 1, column: column as u32 }
    }

    /// The number of characters in `text[..offset]`, for an offset at a character boundary.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let block = offset / BLOCK;
        let counted = self.chars_before_block.get(block).map_or(0, |&chars| chars as usize);
        let rest = text.as_bytes().get(block * BLOCK..offset).unwrap_or(&[]);
        counted + count_chars(rest)
    }

    /// The byte range of 0-based line `line`, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.line_starts.get(line)? as usize;
        let mut end = self.line_starts.get(line + 1).map_or(text.len(), |&next| next as usize);
        let bytes = text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(start..end)
    }
}

/// The characters that start in `bytes`: every byte but UTF-8 continuation bytes.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&byte| (byte as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, offset: u32) -> (u32, u32) {
        let pos = LineIndex::new(text).line_col(text, offset);
        (pos.line, pos.column)
    }

    #[test]
    fn counts_lines_and_columns_from_one() {
        let text = "ab\ncd\n";
        assert_eq!(at(text, 0), (1, 1));
        assert_eq!(at(text, 4), (2, 2));
        assert_eq!(at(text, 6), (3, 1));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "é: x";
        assert_eq!(at(text, 2), (1, 2));
    }

    #[test]
    fn crlf_is_one_line_ending() {
        let text = "a\r\nb";
        let index = LineIndex::new(text);
        assert_eq!(index.line_range(text, 0), Some(0..1));
        assert_eq!(at(text, 3), (2, 1));
    }

    #[test]
    fn columns_on_a_long_line_of_wide_characters() {
        // Long enough to span several blocks of the character count.
        let text = format!("x\n{}ab", "é€😀".repeat(200));
        let b = u32::try_from(text.len() - 1).expect("small");
        assert_eq!(at(&text, b), (2, 602));
        // An offset inside a character counts as the character's start.
        assert_eq!(at(&text, 4), (2, 2));
        assert_eq!(at(&text, 3), (2, 1));
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        assert_eq!(at("ab", 99), (1, 3));
    }
}
