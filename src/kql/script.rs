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
/// the last non-whitespace token of its block. Blocks holding only comments are left out, and
/// so are client directives, blocks whose first token is `#` (such as `#connect ...`), which
/// the editors do not run as queries either.
pub fn split_script(text: &str) -> Vec<TextRange> {
    let (tokens, _) = tokenize(text);
    let mut blocks = Vec::new();
    let mut block = Block::default();
    for token in &tokens {
        match token.kind {
            SyntaxKind::Whitespace => {
                if line_breaks(&text[token.range.to_usize()]) >= 2 {
                    blocks.extend(std::mem::take(&mut block).query_range());
                }
            }
            kind => {
                if block.first_significant.is_none() && kind != SyntaxKind::Comment {
                    block.first_significant = Some(&text[token.range.to_usize()]);
                }
                block.range =
                    Some(block.range.map_or(token.range, |range| range.cover(token.range)));
            }
        }
    }
    blocks.extend(block.query_range());
    blocks
}

/// The block being collected.
#[derive(Default)]
struct Block<'t> {
    range: Option<TextRange>,
    first_significant: Option<&'t str>,
}

impl Block<'_> {
    /// The block's range, if it holds a query (not only comments, not a directive).
    fn query_range(self) -> Option<TextRange> {
        self.range.filter(|_| self.first_significant.is_some_and(|first| first != "#"))
    }
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
            blocks("// header\n\n#connect x\n\nprint x = ```a\n\nb```\n\n\n// tail"),
            vec!["print x = ```a\n\nb```"]
        );
    }
}
