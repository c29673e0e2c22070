//! Syntax errors: what went wrong, where, and the stable `KQL1xx` code and documentation of
//! each kind of mistake.
//!
//! The parser only builds these values; turning them into lint findings with a file, a line
//! and a severity is the linter's job.

use crate::source::TextRange;

/// How many syntax errors of one query are reported; one mistake can set off hundreds of
/// knock-on errors, and a listing that long hides the first, which is the one to fix.
pub const MAX_ERRORS: usize = 20;

/// One syntax error in a query.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    /// Where the error is; an empty range means something is missing at that offset.
    pub range: TextRange,
    /// A one-line statement of the problem: sentence case, no final period.
    pub message: String,
    /// An imperative hint on how to fix it, when there is a likely fix.
    pub help: Option<String>,
}

impl SyntaxError {
    pub(crate) fn new(kind: SyntaxErrorKind, range: TextRange, message: impl Into<String>) -> Self {
        Self { kind, range, message: message.into(), help: None }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// The kinds of syntax mistake, each with its own lint code.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum SyntaxErrorKind {
    /// A token that does not fit where it stands.
    UnexpectedToken,
    /// A string literal without its closing quote.
    UnterminatedString,
    /// An opening bracket without its closing one.
    MissingClosingBracket,
    /// A word after `|` that is not a tabular operator.
    UnknownOperator,
    /// A place that needs an expression has none.
    MissingExpression,
    /// A required keyword or punctuation mark is missing.
    MissingToken,
    /// Two statements or queries follow each other without `;`.
    MissingSemicolon,
    /// Two list items follow each other without `,`.
    MissingComma,
    /// A character KQL does not use, such as a typographic quote.
    UnexpectedCharacter,
    /// A place that needs a name has none.
    MissingName,
    /// A closing bracket without an opening one.
    UnmatchedClosingBracket,
    /// A query that starts with `|`, or a `|` with no operator after it.
    MisplacedPipe,
    /// A query nested too deeply to parse.
    NestingTooDeep,
    /// A malformed value inside `dynamic(...)`.
    InvalidDynamicLiteral,
    /// An unknown backslash escape in a string literal.
    InvalidEscape,
    /// A keyword, such as a type name, used where a name is expected.
    KeywordAsName,
    /// A note that the query has more syntax errors than are listed.
    TooManyErrors,
}

impl SyntaxErrorKind {
    /// Every kind, in code order.
    pub const ALL: &'static [SyntaxErrorKind] = &[
        Self::UnexpectedToken,
        Self::UnterminatedString,
        Self::MissingClosingBracket,
        Self::UnknownOperator,
        Self::MissingExpression,
        Self::MissingToken,
        Self::MissingSemicolon,
        Self::MissingComma,
        Self::UnexpectedCharacter,
        Self::MissingName,
        Self::UnmatchedClosingBracket,
        Self::MisplacedPipe,
        Self::NestingTooDeep,
        Self::InvalidDynamicLiteral,
        Self::InvalidEscape,
        Self::KeywordAsName,
        Self::TooManyErrors,
    ];

    /// The stable lint code of the kind.
    #[rustfmt::skip]
    pub fn code(self) -> &'static str {
        match self {
            Self::UnexpectedToken => "KQL101",
            Self::UnterminatedString => "KQL102",
            Self::MissingClosingBracket => "KQL103",
            Self::UnknownOperator => "KQL104",
            Self::MissingExpression => "KQL105",
            Self::MissingToken => "KQL106",
            Self::MissingSemicolon => "KQL107",
            Self::MissingComma => "KQL108",
            Self::UnexpectedCharacter => "KQL109",
            Self::MissingName => "KQL110",
            Self::UnmatchedClosingBracket => "KQL111",
            Self::MisplacedPipe => "KQL112",
            Self::NestingTooDeep => "KQL113",
            Self::InvalidDynamicLiteral => "KQL114",
            Self::InvalidEscape => "KQL115",
            Self::KeywordAsName => "KQL116",
            Self::TooManyErrors => "KQL117",
        }
    }

    /// A kebab-case name of the kind, for configuration and documentation.
    #[rustfmt::skip]
    pub fn name(self) -> &'static str {
        match self {
            Self::UnexpectedToken => "unexpected-token",
            Self::UnterminatedString => "unterminated-string",
            Self::MissingClosingBracket => "missing-closing-bracket",
            Self::UnknownOperator => "unknown-tabular-operator",
            Self::MissingExpression => "missing-expression",
            Self::MissingToken => "missing-token",
            Self::MissingSemicolon => "missing-semicolon",
            Self::MissingComma => "missing-comma",
            Self::UnexpectedCharacter => "unexpected-character",
            Self::MissingName => "missing-name",
            Self::UnmatchedClosingBracket => "unmatched-closing-bracket",
            Self::MisplacedPipe => "misplaced-pipe",
            Self::NestingTooDeep => "nesting-too-deep",
            Self::InvalidDynamicLiteral => "invalid-dynamic-literal",
            Self::InvalidEscape => "invalid-escape-sequence",
            Self::KeywordAsName => "keyword-as-name",
            Self::TooManyErrors => "too-many-errors",
        }
    }

    /// Whether the kind is a note about the other errors rather than a mistake of its own.
    pub fn is_note(self) -> bool {
        self == Self::TooManyErrors
    }

    /// The documentation of the kind, in markdown with the headings "What it does",
    /// "Why is this bad?" and "Example".
    pub fn docs(self) -> &'static str {
        crate::kql::error_docs::docs(self)
    }
}

/// Keeps the first [`MAX_ERRORS`] of `errors` (sorted by offset) and, when there were more,
/// adds a note at the first one left out saying how many more there are.
pub(crate) fn limit(errors: &mut Vec<SyntaxError>) {
    let Some(first_left_out) = errors.get(MAX_ERRORS).map(|error| error.range) else { return };
    let more = errors.len() - MAX_ERRORS;
    errors.truncate(MAX_ERRORS);
    let message = if more == 1 {
        "1 more syntax error in this query is not reported".to_owned()
    } else {
        format!("{more} more syntax errors in this query are not reported")
    };
    errors.push(
        SyntaxError::new(SyntaxErrorKind::TooManyErrors, first_left_out, message)
            .with_help("Fix the errors above, then lint again"),
    );
}

#[cfg(test)]
mod tests {
    use super::{MAX_ERRORS, SyntaxErrorKind};
    use std::collections::HashSet;

    #[test]
    fn the_docs_state_the_real_limits() {
        let nesting = format!("more than {} levels deep.", crate::kql::MAX_NESTING);
        assert!(SyntaxErrorKind::NestingTooDeep.docs().contains(&nesting));
        let errors = format!("The first {MAX_ERRORS} are reported");
        assert!(SyntaxErrorKind::TooManyErrors.docs().contains(&errors));
    }

    #[test]
    fn codes_and_names_are_unique_and_documented() {
        let codes: HashSet<_> = SyntaxErrorKind::ALL.iter().map(|k| k.code()).collect();
        let names: HashSet<_> = SyntaxErrorKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(codes.len(), SyntaxErrorKind::ALL.len());
        assert_eq!(names.len(), SyntaxErrorKind::ALL.len());
        for kind in SyntaxErrorKind::ALL {
            assert!(kind.code().starts_with("KQL1"), "{kind:?}");
            let docs = kind.docs();
            for heading in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(docs.contains(heading), "{kind:?} lacks {heading}");
            }
        }
    }
}
