//! Pipelines: a source expression followed by `| operator` steps, the operators that may start
//! a query on their own (`union`, `print`, `range`, `datatable`...), and the source-less
//! sub-pipelines inside `mv-apply`, `fork`, `facet` and `partition`.

use super::{Completed, Parser, expressions, operators};
use crate::kql::error::SyntaxErrorKind;
use crate::kql::syntax_kind::SyntaxKind;

/// Operators that can stand first in a query, without a source before them.
const SOURCE_OPERATORS: &[&str] =
    &["union", "print", "datatable", "externaldata", "find", "search", "evaluate"];

/// An expression that may be followed by `| operator` steps.
pub(super) fn pipe_expr(p: &mut Parser<'_>) -> Option<Completed> {
    if !p.enter() {
        return None;
    }
    let source = pipe_source(p);
    let result = match source {
        Some(source) if p.at(SyntaxKind::Pipe) => {
            let m = source.precede(p);
            pipe_tail(p);
            Some(m.complete(p, SyntaxKind::Pipeline))
        }
        other => other,
    };
    p.leave();
    result
}

/// The first element of a pipeline: a source operator or an expression.
fn pipe_source(p: &mut Parser<'_>) -> Option<Completed> {
    if at_source_operator(p) {
        return Some(operators::operator(p));
    }
    expressions::expr(p)
}

fn at_source_operator(p: &Parser<'_>) -> bool {
    if !p.at(SyntaxKind::Word) {
        return false;
    }
    let word = p.nth_text(0);
    if word == "range" {
        // `range x from ...` is the operator; `range(...)` is a function.
        return p.nth(1) == SyntaxKind::Word;
    }
    if SOURCE_OPERATORS.contains(&word) {
        // `print = 1`, a column called `search` or `evaluate(...)` are not operators.
        let used_as_name = matches!(p.nth(1), SyntaxKind::Eq | SyntaxKind::Dot | SyntaxKind::Comma);
        let called = word == "evaluate" && p.nth(1) == SyntaxKind::LParen;
        return !used_as_name && !called;
    }
    false
}

/// `| operator | operator ...` from the current `|`.
pub(super) fn pipe_tail(p: &mut Parser<'_>) {
    while p.at(SyntaxKind::Pipe) {
        p.bump();
        if p.at_boundary() {
            p.error_missing(
                SyntaxErrorKind::MisplacedPipe,
                "Expected a tabular operator after `|`",
            );
            continue;
        }
        operators::operator(p);
    }
}

/// Inside brackets after `mv-apply ... on`, `fork`, `facet ... with` or `partition ... by`:
/// either a pipeline of operators with no source, or an ordinary pipe expression.
pub(super) fn sub_pipeline(p: &mut Parser<'_>) {
    let used_as_name = matches!(
        p.nth(1),
        SyntaxKind::LParen
            | SyntaxKind::Dot
            | SyntaxKind::LBracket
            | SyntaxKind::Eq
            | SyntaxKind::Comma
            | SyntaxKind::Pipe
            | SyntaxKind::Semicolon
            | SyntaxKind::RParen
            | SyntaxKind::Eof
    );
    let is_operator = operators::at_operator_keyword(p)
        && !at_source_operator(p)
        && (expressions::at_reserved(p) || !used_as_name);
    if is_operator {
        let m = p.start();
        operators::operator(p);
        pipe_tail(p);
        m.complete(p, SyntaxKind::SubPipeline);
    } else {
        pipe_expr(p);
    }
}
