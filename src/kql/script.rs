//! Splitting a standalone `.kql`/`.csl` file into the query blocks the Log Analytics and Azure
//! Data Explorer editors run one at a time.
//!
//! The editors cut the text at blank lines, and only there: a blank line inside a multi-line
//! string literal (```` ``` ````) does not cut, because it is inside a token, but a blank line
//! inside brackets does, exactly as in the editors. The cut is done on tokens, so a `//`
//! comment that mentions a blank line cannot confuse it.

use crate::kql::lexer::tokenize;
use crate::kql::syntax_kind::SyntaxKind;
use crate::source::TextRange;

/// The byte ranges of the query blocks of `text`, in order. Each range runs from the first to
/// the last non-whitespace token of its block; blocks holding only comments are left out.
pub fn split_script(text: &str) -> Vec<TextRange> {
    let (tokens, _) = tokenize(text);
    let mut blocks = Vec::new();
    let mut block: Option<TextRange> = None;
    let mut has_query = false;
    for token in &tokens {
        match token.kind {
            SyntaxKind::Whitespace => {
                if line_breaks(&text[token.range.to_usize()]) >= 2 {
                    if let Some(range) = block.take().filter(|_| has_query) {
                        blocks.push(range);
                    }
                    has_query = false;
                }
            }
            kind => {
                has_query |= kind != SyntaxKind::Comment;
                block = Some(block.map_or(token.range, |range| range.cover(token.range)));
            }
        }
    }
    if let Some(range) = block.filter(|_| has_query) {
        blocks.push(range);
    }
    blocks
}

/// The number of line breaks in whitespace, counting `\r\n` once.
fn line_breaks(whitespace: &str) -> usize {
    let bytes = whitespace.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|&(index, &byte)| {
            byte == b'\n' || (byte == b'\r' && bytes.get(index + 1) != Some(&b'\n'))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Vec<&str> {
        split_script(text).into_iter().map(|range| &text[range.to_usize()]).collect()
    }

    #[test]
    fn blank_lines_split_even_inside_brackets() {
        assert_eq!(
            blocks("T\n| where x in (1,\n\n2)\n| take 1\r\n  \r\nT2"),
            vec!["T\n| where x in (1,", "2)\n| take 1", "T2"]
        );
    }

    #[test]
    fn multi_line_strings_and_comment_blocks() {
        assert_eq!(
            blocks("// header\n\nprint x = ```a\n\nb```\n\n\n// tail"),
            vec!["print x = ```a\n\nb```"]
        );
    }
}
