//! How deep brackets nest: the parser counts the brackets open at the cursor, and a bracket
//! opened past [`MAX_NESTING`] is reported once (`KQL113`) and its content skipped unparsed, up
//! to the bracket that closes it. The brackets around it still close where they should, so a
//! deep spot costs one error, not one per level or per closing bracket, and what follows it is
//! still checked. Every recursion of the grammar passes through a bracket, which bounds the
//! parser's stack and that of every recursive walk of the tree after it; [`Parser::enter`]
//! bounds the recursion itself too, as a backstop.

use super::Parser;
use crate::kql::error::{SyntaxError, SyntaxErrorKind};
use crate::kql::syntax_kind::SyntaxKind;
use crate::kql::tree::Event;
use crate::source::TextRange;

/// How many brackets (round, square or curly) may be open at once. Real queries stay far below
/// it (the deepest in the conformance corpus opens 14); the bound keeps the recursive descent
/// and every recursive walk of the tree far from the stack limit, even on a 2 MiB thread.
pub const MAX_NESTING: usize = 100;

/// How deep the grammar functions may recurse. Every recursion of the grammar passes through
/// a bracket, so [`MAX_NESTING`] binds first; this is a backstop should one ever not.
pub(super) const MAX_RECURSION: usize = 4 * MAX_NESTING;

impl Parser<'_> {
    /// Consumes the current token, keeping track of the open brackets; a bracket that opens
    /// one level too deep has its content skipped (see [`Parser::skip_too_deep`]).
    pub(crate) fn bump(&mut self) {
        match self.current() {
            SyntaxKind::LParen | SyntaxKind::LBracket | SyntaxKind::LBrace => {
                let range = self.current_range();
                self.advance();
                self.open += 1;
                if self.open > MAX_NESTING {
                    self.skip_too_deep(range);
                }
            }
            SyntaxKind::RParen | SyntaxKind::RBracket | SyntaxKind::RBrace => {
                if self.open > self.levels.last().copied().unwrap_or(0) {
                    self.open -= 1;
                    self.too_deep_reported &= self.open >= MAX_NESTING;
                }
                self.advance();
            }
            _ => self.advance(),
        }
    }

    /// Consumes the current token without looking at it.
    pub(super) fn advance(&mut self) {
        if !self.at_eof() {
            self.pos += 1;
            self.events.push(Event::Token);
        }
    }

    /// Enters a recursive grammar function; returns false when the recursion is too deep,
    /// after reporting it and skipping the rest of the innermost bracket. Pair a true result
    /// with [`Parser::leave`].
    pub(crate) fn enter(&mut self) -> bool {
        if self.levels.len() >= MAX_RECURSION {
            let range = self.current_range();
            self.skip_too_deep(range);
            return false;
        }
        self.levels.push(self.open);
        true
    }

    pub(crate) fn leave(&mut self) {
        if let Some(open) = self.levels.pop() {
            self.open = self.open.min(open);
        }
    }

    /// Reports that the query nests too deeply at `range` and skips, unparsed, everything up
    /// to the bracket that closes the innermost open one (or to the end). The brackets around
    /// still close where they should, and the errors the skip causes before that closing
    /// bracket (a missing expression, a missing `)` at the end) are not reported.
    fn skip_too_deep(&mut self, range: TextRange) {
        if !self.too_deep_reported {
            self.too_deep_reported = true;
            self.push_error(
                SyntaxError::new(
                    SyntaxErrorKind::NestingTooDeep,
                    range,
                    format!("Expression nested deeper than {MAX_NESTING} levels"),
                )
                .with_help("Remove redundant brackets, or move inner parts into `let` statements"),
            );
        }
        let marker = self.start();
        let mut depth = 0u32;
        while !self.at_eof() {
            match self.current() {
                SyntaxKind::LParen | SyntaxKind::LBracket | SyntaxKind::LBrace => depth += 1,
                SyntaxKind::RParen | SyntaxKind::RBracket | SyntaxKind::RBrace if depth == 0 => {
                    break;
                }
                SyntaxKind::RParen | SyntaxKind::RBracket | SyntaxKind::RBrace => depth -= 1,
                _ => {}
            }
            self.advance();
        }
        marker.complete(self, SyntaxKind::Error);
        // At the end of the text, what is still missing is all knock-on.
        self.quiet_before = if self.at_eof() { u32::MAX } else { self.current_range().end() };
    }
}
