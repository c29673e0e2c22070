//! Pieces shared by many tabular operators: `name=value` parameters and hints, assignment
//! lists, `by` clauses, column name patterns and sort keys.

use super::{Parser, expressions, statements};
use crate::kql::error::SyntaxErrorKind;
use crate::kql::syntax_kind::SyntaxKind;

/// Operator parameters such as `kind=inner`, `withsource=T` or `hint.strategy=shuffle`: the
/// names in `names`, and any `hint.*`.
pub(super) fn operator_params(p: &mut Parser<'_>, names: &[&str]) {
    loop {
        let is_hint = p.at_word("hint") && p.nth(1) == SyntaxKind::Dot;
        let is_named =
            p.at(SyntaxKind::Word) && p.nth(1) == SyntaxKind::Eq && names.contains(&p.nth_text(0));
        if !is_hint && !is_named {
            return;
        }
        let m = p.start();
        p.bump();
        if is_hint {
            p.bump();
            if !p.eat(SyntaxKind::Word) {
                p.error_missing(SyntaxErrorKind::MissingName, "Expected a hint name after `hint.`");
            }
        }
        p.expect(SyntaxKind::Eq);
        param_value(p);
        m.complete(p, SyntaxKind::OperatorParam);
    }
}

/// A parameter value: one word or literal, never a call (so `kind=inner (T)` stays apart).
pub(super) fn param_value(p: &mut Parser<'_>) {
    let m = p.start();
    match p.current() {
        SyntaxKind::Word => {
            p.bump();
            m.complete(p, SyntaxKind::NameRef);
        }
        SyntaxKind::Number
        | SyntaxKind::Timespan
        | SyntaxKind::String
        | SyntaxKind::TypedLiteral => {
            p.bump();
            m.complete(p, SyntaxKind::Literal);
        }
        SyntaxKind::Minus if p.nth(1) == SyntaxKind::Number => {
            p.bump();
            p.bump();
            m.complete(p, SyntaxKind::Literal);
        }
        _ => {
            m.abandon(p);
            p.error_missing(SyntaxErrorKind::MissingExpression, "Expected a parameter value");
        }
    }
}

/// `item, item, ...` where each item is an expression, `name = expr` or `(a, b) = expr`.
pub(super) fn assignment_list(p: &mut Parser<'_>) {
    expressions::comma_separated(p, SyntaxKind::Eof, assignment);
}

/// One `name = expr`, `(a, b) = expr` or plain expression.
pub(super) fn assignment(p: &mut Parser<'_>) {
    let named = match p.current() {
        SyntaxKind::Word => p.nth(1) == SyntaxKind::Eq && !expressions::at_reserved(p),
        SyntaxKind::LBracket => {
            expressions::at_bracketed_name(p)
                && p.nth(2) == SyntaxKind::RBracket
                && p.nth(3) == SyntaxKind::Eq
        }
        SyntaxKind::LParen => at_name_tuple(p),
        _ => false,
    };
    if !named {
        expressions::expr(p);
        return;
    }
    let m = p.start();
    if p.at(SyntaxKind::LParen) {
        name_tuple(p);
    } else {
        expressions::declared_name(p);
    }
    p.bump();
    expressions::expr(p);
    m.complete(p, SyntaxKind::Assignment);
}

/// Whether `(a, b, ...) =` starts here.
fn at_name_tuple(p: &Parser<'_>) -> bool {
    let mut ahead = 1;
    loop {
        if p.nth(ahead) != SyntaxKind::Word {
            return false;
        }
        match p.nth(ahead + 1) {
            SyntaxKind::Comma => ahead += 2,
            SyntaxKind::RParen => return p.nth(ahead + 2) == SyntaxKind::Eq,
            _ => return false,
        }
    }
}

fn name_tuple(p: &mut Parser<'_>) {
    let m = p.start();
    p.bump();
    while p.at(SyntaxKind::Word) {
        expressions::declared_name(p);
        if !p.eat(SyntaxKind::Comma) {
            break;
        }
    }
    p.expect_closing(SyntaxKind::RParen, "the name list");
    m.complete(p, SyntaxKind::NameTuple);
}

/// `by item, ...`.
pub(super) fn by_clause(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect_word("by");
    assignment_list(p);
    m.complete(p, SyntaxKind::ByClause);
}

/// A column name or a wildcard pattern such as `Device*` or `*Id`: words and stars written
/// without spaces between them.
pub(super) fn name_pattern(p: &mut Parser<'_>) {
    let m = p.start();
    match p.current() {
        SyntaxKind::LBracket if expressions::at_bracketed_name(p) => {
            expressions::bracketed_name(p);
        }
        SyntaxKind::Word | SyntaxKind::Star if !expressions::at_reserved(p) => {
            p.bump();
            while matches!(p.current(), SyntaxKind::Word | SyntaxKind::Star | SyntaxKind::Number)
                && p.current_range().start() == p.prev_end()
            {
                p.bump();
            }
        }
        _ => {
            m.abandon(p);
            p.error_missing(SyntaxErrorKind::MissingName, "Expected a column name");
            return;
        }
    }
    m.complete(p, SyntaxKind::NamePattern);
}

/// `pattern, pattern, ...` for `project-away`, `project-keep` and the like, each optionally
/// followed by one of `suffixes` (such as `asc`).
pub(super) fn name_pattern_list(p: &mut Parser<'_>, suffixes: &[&str]) {
    expressions::comma_separated(p, SyntaxKind::Eof, |p| {
        name_pattern(p);
        if p.at(SyntaxKind::Word) && suffixes.contains(&p.nth_text(0)) {
            p.bump();
        }
    });
}

/// `expr [asc|desc] [nulls first|last], ...`.
pub(super) fn sort_keys(p: &mut Parser<'_>) {
    expressions::comma_separated(p, SyntaxKind::Eof, sort_key);
}

/// `expr [asc|desc] [nulls first|last]`.
pub(super) fn sort_key(p: &mut Parser<'_>) {
    let m = p.start();
    expressions::expr(p);
    if p.at_word("asc") || p.at_word("desc") {
        p.bump();
    }
    if p.at_word("nulls") && (p.nth_word(1, "first") || p.nth_word(1, "last")) {
        p.bump();
        p.bump();
    }
    m.complete(p, SyntaxKind::SortKey);
}

/// `with ( name = value, ... )` property lists of `render`, `externaldata` and `parse-kv`.
pub(super) fn with_properties(p: &mut Parser<'_>) {
    let m = p.start();
    p.bump();
    if p.expect(SyntaxKind::LParen) {
        let shape = expressions::ListShape {
            end: SyntaxKind::RParen,
            allow_empty: true,
            ..expressions::ListShape::DEFAULT
        };
        expressions::comma_list(p, shape, property);
        p.expect_closing(SyntaxKind::RParen, "the property list");
    }
    m.complete(p, SyntaxKind::WithClause);
}

/// `name = value` inside `with (...)`.
fn property(p: &mut Parser<'_>) {
    let m = p.start();
    expressions::declared_name(p);
    p.expect(SyntaxKind::Eq);
    expressions::expr(p);
    m.complete(p, SyntaxKind::Assignment);
}

/// `to typeof(type)` after an `mv-expand` or `mv-apply` item.
pub(super) fn to_typeof(p: &mut Parser<'_>) {
    if p.at_word("to") && p.nth_word(1, "typeof") {
        p.bump();
        p.bump();
        if p.expect(SyntaxKind::LParen) {
            statements::type_ref(p);
            p.expect_closing(SyntaxKind::RParen, "`typeof`");
        }
    }
}
