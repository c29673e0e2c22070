//! The parser's limits on hostile input: brackets nested too deep give one `KQL113` at the
//! first bracket past the limit, and a query's errors stop at `MAX_ERRORS` plus one note.

use super::nesting::MAX_RECURSION;
use super::{MAX_NESTING, Parser, expressions};
use crate::kql::error::MAX_ERRORS;
use crate::kql::{SyntaxErrorKind, lexer, parse};
use crate::source::TextRange;

/// The kinds and ranges of the errors of `text`, checking the tree still prints it back.
fn errors(text: &str) -> Vec<(SyntaxErrorKind, TextRange)> {
    let parse = parse(text);
    assert_eq!(parse.syntax().text(), text, "the tree must keep every token");
    parse.errors().iter().map(|error| (error.kind, error.range)).collect()
}

/// `open` repeated `depth` times around `inner`, each closed by `close`.
fn nested(open: &str, inner: &str, close: &str, depth: usize) -> String {
    format!("print {}{inner}{}", open.repeat(depth), close.repeat(depth))
}

/// The range of the opening bracket number `MAX_NESTING + 1`, in a text of `print ` and
/// `open` repeated, the bracket last in each `open`.
fn first_too_deep(open: &str) -> TextRange {
    let end = "print ".len() + open.len() * (MAX_NESTING + 1);
    TextRange::from_usize(end - 1, end)
}

#[test]
fn nesting_up_to_the_limit_is_fine() {
    assert_eq!(errors(&nested("(", "1", ")", MAX_NESTING)), []);
    assert_eq!(errors(&nested("tostring(", "1", ")", MAX_NESTING)), []);
    assert_eq!(errors(&nested("dynamic([", "1", "])", 1)), []);
}

#[test]
fn one_error_at_the_first_bracket_past_the_limit() {
    let too_deep = SyntaxErrorKind::NestingTooDeep;
    for depth in [MAX_NESTING + 1, 5_000] {
        let parens = nested("(", "1", ")", depth);
        assert_eq!(errors(&parens), [(too_deep, first_too_deep("("))]);
        let calls = nested("tostring(", "1", ")", depth);
        assert_eq!(errors(&calls), [(too_deep, first_too_deep("tostring("))]);
    }
    let parse = parse(&nested("(", "1", ")", 500));
    let message = parse.errors().first().map(|error| error.message.as_str());
    assert_eq!(
        message,
        Some(format!("Expression nested deeper than {MAX_NESTING} levels").as_str())
    );
}

#[test]
fn every_kind_of_bracket_counts() {
    let too_deep = SyntaxErrorKind::NestingTooDeep;
    let arrays = format!("print dynamic({}1{})", "[".repeat(300), "]".repeat(300));
    let at = "print dynamic(".len() + MAX_NESTING - 1;
    assert_eq!(errors(&arrays), [(too_deep, TextRange::from_usize(at, at + 1))]);
    let scalars = nested("toscalar(print x=", "1", ")", 300);
    let at = "print ".len() + "toscalar(print x=".len() * MAX_NESTING + "toscalar".len();
    assert_eq!(errors(&scalars), [(too_deep, TextRange::from_usize(at, at + 1))]);
    let applies =
        format!("T | mv-apply x on ({}take 1{})", "mv-apply y on (".repeat(300), ")".repeat(300));
    assert_eq!(errors(&applies).iter().map(|e| e.0).collect::<Vec<_>>(), [too_deep]);
}

#[test]
fn brackets_side_by_side_past_the_limit_are_one_error() {
    // `let f = () {` opens `(` and `{` at the same depth.
    let bodies = format!("{}T{}", "let f = () {".repeat(300), "};".repeat(300));
    let at = "let f = () {".len() * MAX_NESTING + "let f = ".len();
    assert_eq!(
        errors(&bodies),
        [(SyntaxErrorKind::NestingTooDeep, TextRange::from_usize(at, at + 1))]
    );
}

#[test]
fn unclosed_brackets_past_the_limit_are_one_error() {
    let unclosed = format!("print {}1", "(".repeat(100_000));
    assert_eq!(errors(&unclosed), [(SyntaxErrorKind::NestingTooDeep, first_too_deep("("))]);
    let calls = format!("T | extend x = {}a", "tostring(".repeat(100_000));
    assert_eq!(errors(&calls).len(), 1);
}

#[test]
fn what_follows_a_deep_spot_is_still_checked() {
    let text = format!("{} | where", nested("(", "1", ")", 500));
    let found = errors(&text);
    let kinds: Vec<SyntaxErrorKind> = found.iter().map(|error| error.0).collect();
    assert_eq!(kinds, [SyntaxErrorKind::NestingTooDeep, SyntaxErrorKind::MissingExpression]);
    // Closing back under the limit and nesting again is a second deep spot.
    let twice = format!("{}, {}", nested("(", "1", ")", 200), &nested("(", "1", ")", 200)[6..]);
    assert_eq!(errors(&twice).len(), 2);
}

#[test]
fn recursion_past_the_backstop_skips_the_rest_of_the_bracket() {
    let text = "(a + b) | take 1";
    let (tokens, _) = lexer::tokenize(text);
    let mut parser = Parser::new(text, &tokens);
    parser.bump();
    parser.levels = vec![1; MAX_RECURSION];
    assert!(expressions::expr(&mut parser).is_none());
    // The error is at the first token not parsed, and the skip stops before `)`.
    let error = parser.errors.first().expect("an error");
    assert_eq!((error.kind, error.range), (SyntaxErrorKind::NestingTooDeep, TextRange::new(1, 2)));
    assert!(parser.at(crate::kql::SyntaxKind::RParen));
}

#[test]
fn errors_stop_at_the_limit_with_a_note() {
    let text = format!("T | take 1{}", ")".repeat(MAX_ERRORS + 30));
    let parse = parse(&text);
    let errors = parse.errors();
    assert_eq!(errors.len(), MAX_ERRORS + 1);
    let first = "T | take 1".len();
    for (index, error) in errors[..MAX_ERRORS].iter().enumerate() {
        assert_eq!(error.kind, SyntaxErrorKind::UnmatchedClosingBracket);
        assert_eq!(error.range, TextRange::from_usize(first + index, first + index + 1));
    }
    let note = &errors[MAX_ERRORS];
    assert_eq!(note.kind, SyntaxErrorKind::TooManyErrors);
    assert_eq!(note.range, TextRange::from_usize(first + MAX_ERRORS, first + MAX_ERRORS + 1));
    assert_eq!(note.message, "30 more syntax errors in this query are not reported");
}

#[test]
fn one_error_over_the_limit_is_counted_in_the_singular() {
    let text = format!("T | take 1{}", ")".repeat(MAX_ERRORS + 1));
    let parse = parse(&text);
    let note = parse.errors().last().expect("a note");
    assert_eq!(note.message, "1 more syntax error in this query is not reported");
    let at_limit = format!("T | take 1{}", ")".repeat(MAX_ERRORS));
    assert!(parse_kinds(&at_limit).iter().all(|&kind| kind != SyntaxErrorKind::TooManyErrors));
}

fn parse_kinds(text: &str) -> Vec<SyntaxErrorKind> {
    parse(text).errors().iter().map(|error| error.kind).collect()
}
