//! Maps offsets inside a YAML scalar's value back to the file it was written in.
//!
//! A rule's `query` reaches the KQL parser as the scalar's *value*: indentation removed, line
//! breaks folded, quotes and escapes resolved. To report a KQL error at the line and column
//! the author sees, each value offset must be traced back into the file. Rather than
//! re-implement every YAML scalar style, the map aligns the value against the raw text: each
//! value character is matched to the next raw character that produces it, and whatever raw
//! text produces nothing (indentation, quotes, `\r`, escape backslashes) is skipped.

use super::TextRange;
use crate::yaml::ScalarStyle;

/// A run of value bytes that sits contiguously in the file.
#[derive(Clone, Copy, Debug)]
struct Segment {
    value_start: u32,
    file_start: u32,
    len: u32,
}

/// The offset map of one scalar.
#[derive(Clone, Debug)]
pub struct EmbeddedText {
    segments: Vec<Segment>,
    value_len: u32,
    fallback: u32,
}

impl EmbeddedText {
    /// Aligns `value` against the scalar written at `range` of `file_text`.
    pub fn new(file_text: &str, range: TextRange, style: ScalarStyle, value: &str) -> Self {
        let raw_start = content_start(range, style);
        let raw = file_text.get(raw_start as usize..range.end() as usize).unwrap_or("");
        let mut map =
            Self { segments: Vec::new(), value_len: value.len() as u32, fallback: raw_start };
        let double_quoted = style == ScalarStyle::DoubleQuoted;
        let mut raw_chars = raw.char_indices().peekable();
        for (value_offset, wanted) in value.char_indices() {
            let Some(file_offset) = next_match(&mut raw_chars, wanted, double_quoted) else {
                break;
            };
            map.push(value_offset as u32, raw_start + file_offset as u32, wanted.len_utf8() as u32);
        }
        map
    }

    /// An identity map, for text that is the file itself (standalone `.kql` files).
    pub fn identity(start: u32, len: u32) -> Self {
        let segment = Segment { value_start: 0, file_start: start, len };
        Self { segments: vec![segment], value_len: len, fallback: start }
    }

    fn push(&mut self, value_start: u32, file_start: u32, len: u32) {
        if let Some(last) = self.segments.last_mut()
            && last.value_start + last.len == value_start
            && last.file_start + last.len == file_start
        {
            last.len += len;
            return;
        }
        self.segments.push(Segment { value_start, file_start, len });
    }

    /// The file offset of a value offset; the end of the value maps after its last character.
    pub fn to_file(&self, value_offset: u32) -> u32 {
        let index = self.segments.partition_point(|s| s.value_start <= value_offset);
        let Some(segment) = index.checked_sub(1).and_then(|i| self.segments.get(i)) else {
            return self.segments.first().map_or(self.fallback, |s| s.file_start);
        };
        let within = (value_offset - segment.value_start).min(segment.len);
        segment.file_start + within
    }

    /// A value range as a file range; a range ending at the value's end stays on its last line.
    pub fn range_to_file(&self, range: TextRange) -> TextRange {
        let start = self.to_file(range.start());
        if range.is_empty() {
            return TextRange::empty(start);
        }
        let end = self.to_file(range.end() - 1) + 1;
        TextRange::new(start, end.max(start))
    }

    pub fn value_len(&self) -> u32 {
        self.value_len
    }
}

/// Where the value's characters begin: after the opening quote of a quoted scalar. (The
/// parser's range of a block scalar already starts at its first content character.)
fn content_start(range: TextRange, style: ScalarStyle) -> u32 {
    let quote = u32::from(style.is_quoted());
    range.start() + quote
}

/// Advances through the raw text to the character that produces `wanted`.
fn next_match(
    raw: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    wanted: char,
    double_quoted: bool,
) -> Option<usize> {
    while let Some((offset, found)) = raw.next() {
        if double_quoted && found == '\\' {
            skip_escape(raw);
            return Some(offset);
        }
        let folded_break = found == '\n' && wanted == ' ';
        if found == wanted || folded_break {
            return Some(offset);
        }
    }
    None
}

/// Consumes the rest of an escape sequence (`\n`, `\x41`, `\u00e9`, `\U0001F600`).
fn skip_escape(raw: &mut std::iter::Peekable<std::str::CharIndices<'_>>) {
    let extra = match raw.next().map(|(_, c)| c) {
        Some('x') => 2,
        Some('u') => 4,
        Some('U') => 8,
        _ => 0,
    };
    for _ in 0..extra {
        raw.next();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::LineIndex;
    use crate::yaml;

    /// The file line:column of the first occurrence of `needle` in the query value.
    fn locate(file: &str, needle: &str) -> (u32, u32) {
        let root = yaml::parse(file).root.expect("valid yaml");
        let node = root.get("query").expect("query");
        let value = node.as_str().expect("string");
        let map = EmbeddedText::new(file, node.range, node.style, value);
        let offset = map.to_file(value.find(needle).expect("needle in value") as u32);
        let position = LineIndex::new(file).line_col(file, offset);
        (position.line, position.column)
    }

    #[test]
    fn literal_block() {
        let file = "id: x\nquery: |\n  T\n  | where A == 1\n  | take 5\n";
        assert_eq!(locate(file, "A =="), (4, 11));
        assert_eq!(locate(file, "take"), (5, 5));
    }

    #[test]
    fn literal_block_with_crlf_and_strip_chomping() {
        let file = "id: x\r\nquery: |-\r\n    T\r\n    | take 5\r\n";
        assert_eq!(locate(file, "take"), (4, 7));
    }

    #[test]
    fn folded_block() {
        let file = "query: >\n  T\n  | where A\n  | take 5\n";
        assert_eq!(locate(file, "where"), (3, 5));
        assert_eq!(locate(file, "take"), (4, 5));
    }

    #[test]
    fn plain_multiline_scalar() {
        let file = "query: T\n  | where A\n  | take 5\nid: x\n";
        assert_eq!(locate(file, "take"), (3, 5));
    }

    #[test]
    fn double_quoted_with_escapes() {
        let file = "query: \"T | where P == \\\"C:\\\\x\\\" | take 5\"\n";
        assert_eq!(locate(file, "take"), (1, 36));
        assert_eq!(locate(file, "C:"), (1, 26));
    }

    #[test]
    fn single_quoted_with_doubled_quotes() {
        let file = "query: 'T | where A == ''x'' | take 5'\n";
        assert_eq!(locate(file, "take"), (1, 32));
    }

    #[test]
    fn end_of_value_maps_after_the_last_character() {
        let file = "query: |\n  T |\n";
        let root = yaml::parse(file).root.expect("yaml");
        let node = root.get("query").expect("query");
        let value = node.as_str().expect("string");
        let map = EmbeddedText::new(file, node.range, node.style, value);
        let range = map.range_to_file(TextRange::new(2, 3));
        assert_eq!(&file[range.to_usize()], "|");
    }
}
