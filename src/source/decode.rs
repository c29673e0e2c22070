//! Reading a file's bytes as text when they may not be UTF-8.
//!
//! A file that is not UTF-8 is still kept, decoded lossily (each invalid sequence becomes
//! U+FFFD), so its finding can show the line with the bad byte; the position of the first
//! invalid sequence is exact, counted in the kept text.

use std::path::PathBuf;

use super::{BYTE_ORDER_MARK, SourceFile, TextRange};

/// The first place a file stops being UTF-8.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidUtf8 {
    /// The replacement character standing for the invalid bytes in the decoded text.
    pub range: TextRange,
    /// The invalid bytes themselves (the start of a cut-off character at the end of a file).
    pub bytes: Vec<u8>,
    /// Whether the file starts with a UTF-16 byte-order mark, the usual cause.
    pub utf16: bool,
    /// Whether the file holds NUL bytes, which no text format but UTF-16 has: binary data.
    pub binary: bool,
}

impl InvalidUtf8 {
    /// `0xFF` or `0xE2 0x80`, as a hex editor shows them.
    pub fn hex(&self) -> String {
        let shown: Vec<String> = self.bytes.iter().map(|b| format!("0x{b:02X}")).collect();
        shown.join(" ")
    }
}

impl SourceFile {
    /// The file's text, and where it is not UTF-8 if it is not.
    pub fn from_bytes(path: impl Into<PathBuf>, bytes: Vec<u8>) -> (Self, Option<InvalidUtf8>) {
        let error = match String::from_utf8(bytes) {
            Ok(text) => return (Self::new(path, text), None),
            Err(error) => error,
        };
        let utf8 = error.utf8_error();
        let bytes = error.into_bytes();
        let start = utf8.valid_up_to();
        let end = utf8.error_len().map_or(bytes.len(), |len| start + len);
        let bad = bytes[start..end].to_vec();
        // The byte-order mark `new` drops comes before the bad byte, which moves back with it.
        let dropped = if bytes.starts_with(BYTE_ORDER_MARK.encode_utf8(&mut [0; 3]).as_bytes()) {
            BYTE_ORDER_MARK.len_utf8()
        } else {
            0
        };
        let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
        let binary = !utf16 && bytes.contains(&0);
        let file = Self::new(path, String::from_utf8_lossy(&bytes).into_owned());
        let at = start - dropped;
        let range = TextRange::from_usize(at, at + char::REPLACEMENT_CHARACTER.len_utf8());
        (file, Some(InvalidUtf8 { range, bytes: bad, utf16, binary }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (SourceFile, Option<InvalidUtf8>) {
        SourceFile::from_bytes("a.yaml", bytes.to_vec())
    }

    #[test]
    fn utf8_text_is_kept_as_it_is() {
        let (file, invalid) = decode("id: é\n".as_bytes());
        assert_eq!((file.text(), invalid), ("id: é\n", None));
    }

    #[test]
    fn the_first_invalid_byte_is_found_at_its_line_and_column() {
        let (file, invalid) = decode(b"id: x\nname: \xC3\xA9t\xE9\nx: \xFF\n");
        let invalid = invalid.expect("invalid");
        assert_eq!(
            file.line_col(invalid.range.start()),
            crate::source::LineCol { line: 2, column: 9 }
        );
        assert_eq!(file.slice(invalid.range), "\u{fffd}");
        assert_eq!(invalid.hex(), "0xE9");
        assert_eq!(file.text(), "id: x\nname: ét\u{fffd}\nx: \u{fffd}\n");
    }

    #[test]
    fn a_byte_order_mark_does_not_shift_the_position() {
        let (file, invalid) = decode(b"\xEF\xBB\xBFid: \xFF\n");
        let invalid = invalid.expect("invalid");
        assert_eq!(file.slice(invalid.range), "\u{fffd}");
        assert_eq!(file.line_col(invalid.range.start()).column, 5);
    }

    #[test]
    fn utf16_binary_data_and_cut_off_characters_are_recognised() {
        let (_, invalid) = decode(b"\xFF\xFEi\0d\0");
        assert!(invalid.is_some_and(|i| i.utf16 && !i.binary && i.range.start() == 0));
        let (_, invalid) = decode(b"\0\x01\x02\x80");
        assert!(invalid.is_some_and(|i| i.binary));
        let (_, invalid) = decode(b"id: \xE2\x80");
        assert_eq!(invalid.map(|i| i.hex()), Some("0xE2 0x80".to_owned()));
    }
}
