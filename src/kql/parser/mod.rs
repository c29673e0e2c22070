//! The error-tolerant KQL parser: a hand-written recursive-descent parser over the significant
//! tokens that emits open/token/close events, later turned into the lossless tree.
//!
//! This file holds the cursor, markers, error reporting and recovery helpers; the grammar
//! lives in the submodules (statements, pipelines and operators, expressions). The parser never
//! fails and never panics: a mistake becomes a [`SyntaxError`] plus, where needed, an `Error`
//! node around the skipped tokens, and parsing resumes at the next `|` or `;`.
//!
//! How deep brackets may nest is bounded (`nesting.rs`), so hostile input cannot exhaust the
//! stack, here or in the recursive walks of the tree after parsing.

mod clauses;
mod expressions;
#[cfg(test)]
mod limit_tests;
mod literals;
mod nesting;
mod operators;
mod operators_more;
mod pipeline;
mod statements;

use crate::kql::error::{SyntaxError, SyntaxErrorKind};
use crate::kql::lexer::Token;
use crate::kql::syntax_kind::SyntaxKind;
use crate::kql::tree::Event;
use crate::source::TextRange;

pub use nesting::MAX_NESTING;

/// Parses `tokens` (trivia included) of `text` into events and syntax errors.
pub(crate) fn parse_tokens(text: &str, tokens: &[Token]) -> (Vec<Event>, Vec<SyntaxError>) {
    let mut parser = Parser::new(text, tokens);
    statements::root(&mut parser);
    (parser.events, parser.errors)
}

pub(crate) struct Parser<'t> {
    text: &'t str,
    tokens: &'t [Token],
    /// Indices into `tokens` of the non-trivia tokens.
    significant: Vec<u32>,
    /// The cursor, an index into `significant`.
    pos: usize,
    events: Vec<Event>,
    errors: Vec<SyntaxError>,
    /// How many brackets are open at the cursor.
    open: usize,
    /// For each running grammar function guarded by [`Parser::enter`], how many brackets were
    /// open when it started: a closing bracket inside it cannot close one of those, and
    /// leaving it forgets the brackets it opened and never closed.
    levels: Vec<usize>,
    /// Errors before this offset are knock-on effects of content skipped as too deep.
    quiet_before: u32,
    /// Whether nesting too deep was reported since the nesting last dropped below the
    /// limit: `let f = () {` opens two brackets side by side, worth one report.
    too_deep_reported: bool,
}

/// An open node; finish it with [`Marker::complete`] or drop it with [`Marker::abandon`].
#[must_use]
pub(crate) struct Marker {
    event: u32,
}

/// A finished node, which can still be wrapped in a new parent with [`Completed::precede`].
#[derive(Clone, Copy)]
pub(crate) struct Completed {
    event: u32,
    kind: SyntaxKind,
}

impl Marker {
    pub(crate) fn complete(self, p: &mut Parser<'_>, kind: SyntaxKind) -> Completed {
        if let Some(Event::Open { kind: slot, .. }) = p.events.get_mut(self.event as usize) {
            *slot = kind;
        }
        p.events.push(Event::Close);
        Completed { event: self.event, kind }
    }

    pub(crate) fn abandon(self, p: &mut Parser<'_>) {
        if self.event as usize + 1 == p.events.len() {
            p.events.pop();
        } else if let Some(event) = p.events.get_mut(self.event as usize) {
            *event = Event::Tombstone;
        }
    }
}

impl Completed {
    /// Opens a new node that will enclose this finished one.
    pub(crate) fn precede(self, p: &mut Parser<'_>) -> Marker {
        let parent = p.start();
        if let Some(Event::Open { forward_parent, .. }) = p.events.get_mut(self.event as usize) {
            *forward_parent = parent.event;
        }
        parent
    }

    pub(crate) fn kind(self) -> SyntaxKind {
        self.kind
    }
}

impl<'t> Parser<'t> {
    fn new(text: &'t str, tokens: &'t [Token]) -> Self {
        let significant: Vec<u32> = tokens
            .iter()
            .enumerate()
            .filter(|(_, token)| !token.kind.is_trivia())
            .map(|(index, _)| index as u32)
            .collect();
        Parser {
            text,
            tokens,
            significant,
            pos: 0,
            events: Vec::with_capacity(tokens.len() * 2),
            errors: Vec::new(),
            open: 0,
            levels: Vec::new(),
            quiet_before: 0,
            too_deep_reported: false,
        }
    }

    pub(crate) fn start(&mut self) -> Marker {
        let event = self.events.len() as u32;
        self.events.push(Event::Open { kind: SyntaxKind::Error, forward_parent: 0 });
        Marker { event }
    }

    fn token_at(&self, lookahead: usize) -> Option<&'t Token> {
        let index = *self.significant.get(self.pos + lookahead)?;
        self.tokens.get(index as usize)
    }

    /// The kind of the token `lookahead` places ahead, or `Eof`.
    pub(crate) fn nth(&self, lookahead: usize) -> SyntaxKind {
        self.token_at(lookahead).map_or(SyntaxKind::Eof, |token| token.kind)
    }

    pub(crate) fn current(&self) -> SyntaxKind {
        self.nth(0)
    }

    pub(crate) fn at(&self, kind: SyntaxKind) -> bool {
        self.current() == kind
    }

    pub(crate) fn at_eof(&self) -> bool {
        self.pos >= self.significant.len()
    }

    /// The text of the token `lookahead` places ahead, or "" at the end.
    pub(crate) fn nth_text(&self, lookahead: usize) -> &'t str {
        let text = self.text;
        self.token_at(lookahead).and_then(|t| text.get(t.range.to_usize())).unwrap_or("")
    }

    /// The text of the significant token `back` places behind the cursor, or "".
    pub(crate) fn nth_text_back(&self, back: usize) -> &'t str {
        let text = self.text;
        self.pos
            .checked_sub(back)
            .and_then(|index| self.significant.get(index))
            .and_then(|&index| self.tokens.get(index as usize))
            .and_then(|token| text.get(token.range.to_usize()))
            .unwrap_or("")
    }

    /// Whether the current token is the word `word` (KQL keywords are case-sensitive).
    pub(crate) fn at_word(&self, word: &str) -> bool {
        self.at(SyntaxKind::Word) && self.nth_text(0) == word
    }

    pub(crate) fn nth_word(&self, lookahead: usize, word: &str) -> bool {
        self.nth(lookahead) == SyntaxKind::Word && self.nth_text(lookahead) == word
    }

    pub(crate) fn current_range(&self) -> TextRange {
        self.token_at(0).map_or_else(|| TextRange::empty(self.text.len() as u32), |t| t.range)
    }

    /// The end of the last consumed significant token, or 0.
    pub(crate) fn prev_end(&self) -> u32 {
        self.pos
            .checked_sub(1)
            .and_then(|prev| self.significant.get(prev))
            .and_then(|&index| self.tokens.get(index as usize))
            .map_or(0, |token| token.range.end())
    }

    pub(crate) fn eat(&mut self, kind: SyntaxKind) -> bool {
        let found = self.at(kind);
        if found {
            self.bump();
        }
        found
    }

    pub(crate) fn eat_word(&mut self, word: &str) -> bool {
        let found = self.at_word(word);
        if found {
            self.bump();
        }
        found
    }

    /// Records an error unless one was already recorded at the same offset, which happens
    /// when several grammar rules notice the same missing piece.
    /// An error before the last one is a knock-on effect of it and is dropped too.
    pub(crate) fn push_error(&mut self, error: SyntaxError) {
        if self.errors.last().is_some_and(|last| last.range.start() >= error.range.start())
            || error.range.start() < self.quiet_before
        {
            return;
        }
        self.errors.push(error);
    }

    /// Where to report that something is missing before the current token: on the current
    /// token when at most one space or tab separates it from the previous one (the mistake is
    /// then usually that token), else right after the previous token, where the missing piece
    /// belongs. Kusto.Language places these errors the same way.
    pub(crate) fn missing_range(&self) -> TextRange {
        let current = self.current_range();
        let gap_start = (self.prev_end() as usize).min(current.start() as usize);
        let gap = self.text.get(gap_start..current.start() as usize).unwrap_or("");
        if self.pos == 0 || gap.is_empty() || gap == " " || gap == "\t" {
            current
        } else {
            TextRange::empty(self.prev_end())
        }
    }

    /// Reports that `what` is missing before the current token.
    /// A missing name or expression is reported right after the previous token.
    pub(crate) fn error_missing(&mut self, kind: SyntaxErrorKind, message: impl Into<String>) {
        let range = match kind {
            SyntaxErrorKind::MissingName
            | SyntaxErrorKind::MissingExpression
            | SyntaxErrorKind::MisplacedPipe => TextRange::empty(self.prev_end()),
            _ => self.missing_range(),
        };
        self.push_error(SyntaxError::new(kind, range, message));
    }

    /// Reports that something is missing right after the previous token, whatever follows.
    pub(crate) fn error_after_previous(
        &mut self,
        kind: SyntaxErrorKind,
        message: impl Into<String>,
    ) {
        let range = TextRange::empty(self.prev_end());
        self.push_error(SyntaxError::new(kind, range, message));
    }

    /// Reports an error on the current token itself.
    pub(crate) fn error_here(&mut self, kind: SyntaxErrorKind, message: impl Into<String>) {
        let range = self.current_range();
        self.push_error(SyntaxError::new(kind, range, message));
    }

    /// Consumes `kind` or reports it as missing.
    pub(crate) fn expect(&mut self, kind: SyntaxKind) -> bool {
        if self.eat(kind) {
            return true;
        }
        let text = kind.punctuation_text().unwrap_or("?");
        self.error_missing(SyntaxErrorKind::MissingToken, format!("Expected `{text}`"));
        false
    }

    /// Consumes the closing bracket `close` or reports it missing, naming what it closes.
    pub(crate) fn expect_closing(&mut self, close: SyntaxKind, what: &str) -> bool {
        if self.eat(close) {
            return true;
        }
        let text = close.punctuation_text().unwrap_or("?");
        self.error_missing(
            SyntaxErrorKind::MissingClosingBracket,
            format!("Expected `{text}` to close {what}"),
        );
        false
    }

    /// Consumes the keyword `word` or reports it as missing.
    pub(crate) fn expect_word(&mut self, word: &str) -> bool {
        if self.eat_word(word) {
            return true;
        }
        self.error_missing(SyntaxErrorKind::MissingToken, format!("Expected `{word}`"));
        false
    }

    /// Skips tokens up to the next `|` or `;` outside brackets (or an unmatched closing
    /// bracket), wrapping them in an `Error` node, so parsing can resume there.
    pub(crate) fn recover_to_boundary(&mut self) {
        if self.at_boundary() {
            return;
        }
        let marker = self.start();
        let mut depth = 0u32;
        while !self.at_eof() {
            match self.current() {
                SyntaxKind::Pipe | SyntaxKind::Semicolon if depth == 0 => break,
                SyntaxKind::LParen | SyntaxKind::LBracket | SyntaxKind::LBrace => depth += 1,
                SyntaxKind::RParen | SyntaxKind::RBracket | SyntaxKind::RBrace => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                _ => {}
            }
            // Balanced brackets are skipped whole, so the count of open ones does not change.
            self.advance();
        }
        marker.complete(self, SyntaxKind::Error);
    }

    /// Whether the current token ends an operator: `|`, `;`, a closing bracket or the end.
    pub(crate) fn at_boundary(&self) -> bool {
        matches!(
            self.current(),
            SyntaxKind::Pipe
                | SyntaxKind::Semicolon
                | SyntaxKind::RParen
                | SyntaxKind::RBracket
                | SyntaxKind::RBrace
                | SyntaxKind::Eof
        )
    }

    /// Wraps the current token in an `Error` node and moves past it.
    pub(crate) fn bump_as_error(&mut self) {
        let marker = self.start();
        self.bump();
        marker.complete(self, SyntaxKind::Error);
    }

    /// The position of the cursor, to check that a loop made progress.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }
}

#[cfg(test)]
mod tests {
    use crate::kql::{SyntaxErrorKind, parse};
    use crate::source::TextRange;

    fn first_error(text: &str) -> (SyntaxErrorKind, TextRange) {
        let parse = parse(text);
        let error = parse.errors().first().expect("an error");
        (error.kind, error.range)
    }

    #[test]
    fn a_missing_token_is_reported_on_the_next_token_when_one_space_away() {
        assert_eq!(
            first_error("T | extend a b"),
            (SyntaxErrorKind::MissingComma, TextRange::new(13, 14))
        );
    }

    #[test]
    fn a_missing_token_is_reported_after_the_previous_token_across_lines() {
        assert_eq!(
            first_error("T | extend a\nb"),
            (SyntaxErrorKind::MissingComma, TextRange::empty(12))
        );
        assert_eq!(
            first_error("T | extend a  b"),
            (SyntaxErrorKind::MissingComma, TextRange::empty(12))
        );
    }

    #[test]
    fn a_missing_expression_is_reported_right_after_the_previous_token() {
        assert_eq!(
            first_error("T | where a == )"),
            (SyntaxErrorKind::MissingExpression, TextRange::empty(14))
        );
    }

    #[test]
    fn errors_knocked_on_by_an_earlier_one_are_dropped() {
        // After the missing `=`, `asc` cannot start the value either; only the first mistake
        // is worth reporting.
        let parse = parse("let name asc = f();");
        let first = parse.errors().first().expect("an error");
        assert_eq!(
            (first.kind, first.range),
            (SyntaxErrorKind::MissingToken, TextRange::new(9, 12))
        );
        assert!(parse.errors().iter().all(|e| e.kind != SyntaxErrorKind::MissingExpression));
    }
}
