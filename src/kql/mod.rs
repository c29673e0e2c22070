//! The KQL front end: a lossless lexer and an error-tolerant parser for the Kusto Query
//! Language used by Microsoft Sentinel rules and hunting queries.
//!
//! [`parse`] turns a query text into a [`Parse`]: a [`SyntaxTree`] that keeps every token and
//! every piece of whitespace and comment (so the tree prints back the exact input), plus the
//! [`SyntaxError`]s found, each with a byte range and a `KQL1xx` code. Parsing never fails and
//! never panics; a mistake is reported and the parser resumes at the next `|` or `;`, so one
//! mistake does not hide the next. At most [`MAX_ERRORS`] errors are kept, followed by a note
//! counting the rest, and brackets nest at most [`MAX_NESTING`] deep, so hostile input gives
//! a short report. Typed views over the tree are in [`ast`].
//!
//! This module is syntax only: it does not know tables, columns or function signatures, and it
//! does not map offsets back into the YAML file a query came from.

pub mod ast;
mod error;
mod error_docs;
mod lexer;
mod parser;
mod script;
pub mod semantic;
#[cfg(test)]
mod snapshot_tests;
mod syntax_kind;
mod tree;

pub use error::{MAX_ERRORS, SyntaxError, SyntaxErrorKind};
pub use lexer::{Token, tokenize};
pub use parser::MAX_NESTING;
pub use script::split_script;
pub use syntax_kind::SyntaxKind;
pub use tree::{SyntaxElement, SyntaxNode, SyntaxToken, SyntaxTree};

use crate::kql::lexer::LexError;

/// The result of parsing one query text: its tree and its syntax errors.
#[derive(Clone)]
pub struct Parse {
    tree: SyntaxTree,
    errors: Vec<SyntaxError>,
}

impl Parse {
    pub fn tree(&self) -> &SyntaxTree {
        &self.tree
    }

    /// The root node of the tree.
    pub fn syntax(&self) -> SyntaxNode<'_> {
        self.tree.root()
    }

    /// The typed root of the tree: the statements of the query.
    pub fn root(&self) -> ast::Root<'_> {
        ast::Root::new(self.tree.root())
    }

    /// The syntax errors, in text order.
    pub fn errors(&self) -> &[SyntaxError] {
        &self.errors
    }

    pub fn into_errors(self) -> Vec<SyntaxError> {
        self.errors
    }
}

/// Parses a query text (one query, possibly several `;`-separated statements).
pub fn parse(text: &str) -> Parse {
    let (tokens, lex_errors) = lexer::tokenize(text);
    let (events, parse_errors) = parser::parse_tokens(text, &tokens);
    let mut errors: Vec<SyntaxError> =
        lex_errors.into_iter().map(|error| lex_error(text, error)).collect();
    // A bad character or string is reported once, by the lexer, not again by the parser.
    // Sorted for a binary search: a query can hold thousands of both.
    let mut lexed: Vec<u32> = errors.iter().map(|error| error.range.start()).collect();
    lexed.sort_unstable();
    errors.extend(
        parse_errors.into_iter().filter(|error| lexed.binary_search(&error.range.start()).is_err()),
    );
    // Stable sort keeps the parser's order for errors at the same offset.
    errors.sort_by_key(|error| error.range.start());
    error::limit(&mut errors);
    let tree = SyntaxTree::build(text, tokens, events);
    Parse { tree, errors }
}

fn lex_error(text: &str, error: LexError) -> SyntaxError {
    match error {
        LexError::UnterminatedString { token, missing_at, quote } => SyntaxError::new(
            SyntaxErrorKind::UnterminatedString,
            crate::source::TextRange::new(token.start(), missing_at),
            format!("Unterminated string literal: expected the closing `{quote}`"),
        )
        .with_help(format!("Close the string with `{quote}` on the same line")),
        LexError::InvalidEscape(range) => {
            let escape = text.get(range.to_usize()).unwrap_or("\\");
            SyntaxError::new(
                SyntaxErrorKind::InvalidEscape,
                range,
                format!("Unknown escape sequence `{escape}` in a string literal"),
            )
            .with_help("Double the backslash (`\\\\`), or use a verbatim string such as `@'...'`")
        }
        LexError::UnknownCharacter(range) => {
            let character = text.get(range.to_usize()).unwrap_or("?");
            let error = SyntaxError::new(
                SyntaxErrorKind::UnexpectedCharacter,
                range,
                format!("Unexpected character `{character}`"),
            );
            match character {
                "\u{201c}" | "\u{201d}" | "\u{2018}" | "\u{2019}" => {
                    error.with_help("Replace typographic quotes with straight quotes (`\"` or `'`)")
                }
                _ => error,
            }
        }
    }
}
