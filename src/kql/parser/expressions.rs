//! Scalar expressions: a precedence-climbing parser for `or`, `and`, comparisons and string
//! operators, arithmetic, prefix signs, and postfix member access, indexing and calls.
//!
//! Pipes are not expressions here: an expression inside brackets may hold a whole pipeline
//! (see [`super::pipeline::pipe_expr`]), but at operator level `|` ends the expression.

use super::{Completed, Parser, literals, pipeline, statements};
use crate::kql::error::SyntaxErrorKind;
use crate::kql::syntax_kind::SyntaxKind;

/// names such as `extend` or `on` are valid column names.
pub(super) fn is_reserved(word: &str) -> bool {
    // A `match` on strings compiles to a length switch, far cheaper than scanning a slice.
    matches!(
        word,
        "and"
            | "or"
            | "by"
            | "where"
            | "project"
            | "project-away"
            | "project-keep"
            | "project-rename"
            | "project-reorder"
            | "set"
            | "top-nested"
            | "top-hitters"
            | "mv-expand"
            | "mv-apply"
            | "parse-where"
            | "parse-kv"
            | "make-series"
            | "sample"
            | "sample-distinct"
            | "as"
            | "invoke"
            | "of"
            | "to"
            | "print"
            | "union"
            | "search"
            | "find"
            | "datatable"
            | "externaldata"
            | "materialize"
            | "toscalar"
            | "asc"
            | "desc"
            | "has"
            | "!has"
            | "has_cs"
            | "!has_cs"
            | "hasprefix"
            | "!hasprefix"
            | "hasprefix_cs"
            | "!hasprefix_cs"
            | "hassuffix"
            | "!hassuffix"
            | "hassuffix_cs"
            | "!hassuffix_cs"
            | "contains"
            | "!contains"
            | "contains_cs"
            | "!contains_cs"
            | "startswith"
            | "!startswith"
            | "startswith_cs"
            | "!startswith_cs"
            | "endswith"
            | "!endswith"
            | "endswith_cs"
            | "!endswith_cs"
            | "matches"
            | "in"
            | "!in"
            | "in~"
            | "!in~"
            | "has_any"
            | "has_all"
            | "between"
            | "!between"
            | "like"
            | "notlike"
            | "likecs"
            | "notlikecs"
            | "notcontains"
            | "notcontainscs"
            | "containscs"
    )
}

/// Scalar type names, which are keywords in expressions.
const TYPE_NAMES: &[&str] = &[
    "string", "int", "int64", "long", "real", "boolean", "datetime", "date", "timespan", "time",
    "dynamic", "decimal", "double",
];

/// Binding powers, loosest first.
const OR: u8 = 1;
const AND: u8 = 2;
const COMPARE: u8 = 3;
const ADD: u8 = 4;
const MULTIPLY: u8 = 5;
const PREFIX: u8 = 6;

/// What follows a binary operator.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RightSide {
    Expression,
    /// `in`, `has_any` and the like take a bracketed list.
    List,
    /// `between (a .. b)`.
    Range,
    /// `matches regex` takes a second word before its operand.
    Regex,
}

/// A full expression without pipes; `None` when there was none (already reported).
pub(super) fn expr(p: &mut Parser<'_>) -> Option<Completed> {
    expr_bp(p, 0)
}

/// An expression that stops before comparisons and `in`, such as the axis of `make-series`.
pub(super) fn arithmetic_expr(p: &mut Parser<'_>) -> Option<Completed> {
    expr_bp(p, COMPARE)
}

fn expr_bp(p: &mut Parser<'_>, min_bp: u8) -> Option<Completed> {
    if !p.enter() {
        return None;
    }
    let result = expr_bp_inner(p, min_bp);
    p.leave();
    result
}

fn expr_bp_inner(p: &mut Parser<'_>, min_bp: u8) -> Option<Completed> {
    let mut lhs = prefix(p)?;
    while let Some((bp, right)) = binary_operator(p) {
        if bp <= min_bp {
            break;
        }
        let m = lhs.precede(p);
        p.bump();
        match right {
            RightSide::Expression if p.at(SyntaxKind::Star) => {
                // `*` stands for all columns only on the left of a string operator.
                p.error_after_previous(
                    SyntaxErrorKind::MissingExpression,
                    "Expected an expression",
                );
            }
            RightSide::Expression => {
                expr_bp(p, bp);
            }
            RightSide::List => expr_list(p),
            RightSide::Range => between_range(p),
            RightSide::Regex => {
                p.expect_word("regex");
                expr_bp(p, bp);
            }
        }
        lhs = m.complete(p, SyntaxKind::BinaryExpr);
    }
    Some(lhs)
}

fn binary_operator(p: &Parser<'_>) -> Option<(u8, RightSide)> {
    use SyntaxKind::*;
    let simple = |bp| Some((bp, RightSide::Expression));
    match p.current() {
        EqEq | BangEq | LessGreater | Less | LessEq | Greater | GreaterEq | EqTilde | BangTilde => {
            simple(COMPARE)
        }
        Plus | Minus => simple(ADD),
        Star | Slash | Percent => simple(MULTIPLY),
        Word => match p.nth_text(0) {
            "or" => simple(OR),
            "and" => simple(AND),
            "in" | "!in" | "in~" | "!in~" | "has_any" | "has_all" | "!has_any" | "!has_all" => {
                Some((COMPARE, RightSide::List))
            }
            "between" | "!between" => Some((COMPARE, RightSide::Range)),
            "matches" if p.nth_word(1, "regex") => Some((COMPARE, RightSide::Regex)),
            word if is_string_operator(word) => simple(COMPARE),
            _ => None,
        },
        _ => None,
    }
}

fn is_string_operator(word: &str) -> bool {
    let positive = word.strip_prefix('!').unwrap_or(word);
    matches!(
        positive,
        "has"
            | "has_cs"
            | "hasprefix"
            | "hasprefix_cs"
            | "hassuffix"
            | "hassuffix_cs"
            | "contains"
            | "contains_cs"
            | "startswith"
            | "startswith_cs"
            | "endswith"
            | "endswith_cs"
    ) || matches!(
        word,
        "like"
            | "notlike"
            | "likecs"
            | "notlikecs"
            | "notcontains"
            | "notcontainscs"
            | "containscs"
    )
}

/// `( item, ... )` after `in` and the like; an item may be a whole subquery.
fn expr_list(p: &mut Parser<'_>) {
    let m = p.start();
    if !p.at(SyntaxKind::LParen) {
        p.error_missing(SyntaxErrorKind::MissingToken, "Expected `(`");
        m.complete(p, SyntaxKind::ExprList);
        return;
    }
    p.bump();
    comma_separated(p, SyntaxKind::RParen, |p| {
        pipeline::pipe_expr(p);
    });
    p.expect_closing(SyntaxKind::RParen, "the list");
    m.complete(p, SyntaxKind::ExprList);
}

/// `(low .. high)` after `between`.
fn between_range(p: &mut Parser<'_>) {
    let m = p.start();
    if p.expect(SyntaxKind::LParen) {
        let range = p.start();
        expr(p);
        p.expect(SyntaxKind::DotDot);
        expr(p);
        range.complete(p, SyntaxKind::RangeExpr);
        p.expect_closing(SyntaxKind::RParen, "the range");
    }
    m.complete(p, SyntaxKind::ExprList);
}

/// Items separated by commas up to `end`, reporting a missing comma when the next token could
/// start another item, and a missing item after a trailing comma.
pub(super) fn comma_separated(
    p: &mut Parser<'_>,
    end: SyntaxKind,
    item: impl FnMut(&mut Parser<'_>),
) {
    comma_list(p, ListShape { end, ..ListShape::DEFAULT }, item);
}

/// How a comma-separated list ends and what it allows.
#[derive(Clone, Copy)]
pub(super) struct ListShape {
    /// The closing token, or `Eof` for a list that ends where items stop.
    pub(super) end: SyntaxKind,
    /// Report a missing comma when the next token could start an item; without it the list
    /// simply ends there (the `on` list of `join` works that way).
    pub(super) report_missing_comma: bool,
    /// Whether the list may be empty (call arguments) rather than needing one item.
    pub(super) allow_empty: bool,
    /// Words that end the list although they could be names, such as `on` after `mv-apply`.
    pub(super) stops: &'static [&'static str],
}

impl ListShape {
    pub(super) const DEFAULT: ListShape = ListShape {
        end: SyntaxKind::Eof,
        report_missing_comma: true,
        allow_empty: false,
        stops: &[],
    };
}

/// Items separated by commas, shaped by `shape`; see [`comma_separated`].
pub(super) fn comma_list(
    p: &mut Parser<'_>,
    shape: ListShape,
    mut item: impl FnMut(&mut Parser<'_>),
) {
    let at_item = |p: &Parser<'_>| {
        can_start_expr(p) && !(p.at(SyntaxKind::Word) && shape.stops.contains(&p.nth_text(0)))
    };
    if shape.allow_empty && (p.at(shape.end) || (!at_item(p) && !p.at(SyntaxKind::Star))) {
        return;
    }
    if p.at(shape.end) {
        p.error_missing(SyntaxErrorKind::MissingExpression, "Expected an expression");
        return;
    }
    let end = shape.end;
    loop {
        let before = p.position();
        item(p);
        if p.eat(SyntaxKind::Comma) {
            if end == SyntaxKind::RBracket && !at_item(p) {
                // A trailing comma is fine in `datatable` values.
                return;
            }
            continue;
        }
        if p.at(end) || !shape.report_missing_comma || !at_item(p) || p.position() == before {
            return;
        }
        p.error_missing(SyntaxErrorKind::MissingComma, "Expected `,` between list items");
    }
}

fn prefix(p: &mut Parser<'_>) -> Option<Completed> {
    if matches!(p.current(), SyntaxKind::Minus | SyntaxKind::Plus) {
        let m = p.start();
        p.bump();
        if matches!(p.current(), SyntaxKind::Minus | SyntaxKind::Plus) {
            // `- -3` is not KQL; a sign applies to an operand.
            p.error_after_previous(SyntaxErrorKind::MissingExpression, "Expected an expression");
        } else {
            expr_bp(p, PREFIX);
        }
        return Some(m.complete(p, SyntaxKind::PrefixExpr));
    }
    let primary = primary(p)?;
    Some(postfix(p, primary))
}

/// Member access, indexing and calls after a primary expression.
fn postfix(p: &mut Parser<'_>, mut lhs: Completed) -> Completed {
    loop {
        match p.current() {
            SyntaxKind::Dot if p.nth(1) == SyntaxKind::LBracket => {
                // `a.[0]` and `a.['b']` index like `a[0]`.
                let m = lhs.precede(p);
                p.bump();
                p.bump();
                expr(p);
                p.expect_closing(SyntaxKind::RBracket, "the index");
                lhs = m.complete(p, SyntaxKind::IndexExpr);
            }
            SyntaxKind::Dot => {
                let m = lhs.precede(p);
                p.bump();
                if p.at(SyntaxKind::Word) && !at_reserved(p) {
                    name_ref(p);
                } else if at_bracketed_name(p) {
                    bracketed_name(p);
                } else {
                    p.error_missing(SyntaxErrorKind::MissingName, "Expected a name after `.`");
                }
                lhs = m.complete(p, SyntaxKind::MemberExpr);
            }
            SyntaxKind::LBracket => {
                let m = lhs.precede(p);
                p.bump();
                expr(p);
                p.expect_closing(SyntaxKind::RBracket, "the index");
                lhs = m.complete(p, SyntaxKind::IndexExpr);
            }
            SyntaxKind::LParen
                if matches!(lhs.kind(), SyntaxKind::NameRef | SyntaxKind::MemberExpr) =>
            {
                let callee = p.nth_text_back(1);
                let m = lhs.precede(p);
                if callee == "typeof" && lhs.kind() == SyntaxKind::NameRef {
                    type_arg(p);
                } else {
                    arg_list(p, matches!(callee, "toscalar" | "materialize"));
                }
                lhs = m.complete(p, SyntaxKind::CallExpr);
            }
            _ => return lhs,
        }
    }
}

fn primary(p: &mut Parser<'_>) -> Option<Completed> {
    match p.current() {
        SyntaxKind::Word => word_primary(p),
        SyntaxKind::Number | SyntaxKind::Timespan | SyntaxKind::TypedLiteral => {
            let m = p.start();
            p.bump();
            Some(m.complete(p, SyntaxKind::Literal))
        }
        SyntaxKind::String => Some(literals::string(p)),
        SyntaxKind::LParen => Some(paren_expr(p)),
        SyntaxKind::LBracket => Some(bracketed_name(p)),
        // `* has "x"` searches every column; `*` means nothing elsewhere in an expression.
        SyntaxKind::Star if p.nth(1) == SyntaxKind::Word && is_string_operator(p.nth_text(1)) => {
            let m = p.start();
            p.bump();
            Some(m.complete(p, SyntaxKind::StarExpr))
        }
        _ => {
            p.error_after_previous(SyntaxErrorKind::MissingExpression, "Expected an expression");
            None
        }
    }
}

fn word_primary(p: &mut Parser<'_>) -> Option<Completed> {
    let word = p.nth_text(0);
    if p.nth(1) == SyntaxKind::LParen && !matches!(word, "true" | "false") {
        match word {
            "dynamic" => return Some(literals::dynamic(p)),
            "materialize" | "toscalar" => return Some(name_ref(p)),
            "datatable" | "externaldata" | "range" | "print" | "union" | "find" | "search"
            | "evaluate" => {}
            _ if !is_reserved(word) => return Some(name_ref(p)),
            _ => {}
        }
    }
    if TYPE_NAMES.contains(&word) && p.nth(1) != SyntaxKind::LParen {
        let message = format!("The type name `{word}` cannot be used as a name here");
        let help = format!("Write `['{word}']` to refer to a column or variable called `{word}`");
        let range = p.current_range();
        p.push_error(
            crate::kql::error::SyntaxError::new(SyntaxErrorKind::KeywordAsName, range, message)
                .with_help(help),
        );
        return Some(name_ref(p));
    }
    if matches!(word, "true" | "false") {
        let m = p.start();
        p.bump();
        return Some(m.complete(p, SyntaxKind::Literal));
    }
    if is_reserved(word) {
        p.error_after_previous(SyntaxErrorKind::MissingExpression, "Expected an expression");
        return None;
    }
    Some(name_ref(p))
}

pub(super) fn name_ref(p: &mut Parser<'_>) -> Completed {
    let m = p.start();
    p.bump();
    m.complete(p, SyntaxKind::NameRef)
}

/// Whether `['name']` (or `[name]`, `[1]`) starts here.
pub(super) fn at_bracketed_name(p: &Parser<'_>) -> bool {
    p.at(SyntaxKind::LBracket)
        && matches!(p.nth(1), SyntaxKind::String | SyntaxKind::Word | SyntaxKind::Number)
}

/// `['name']`, `["name"]`, `[name]` or `[1]`.
pub(super) fn bracketed_name(p: &mut Parser<'_>) -> Completed {
    let m = p.start();
    p.bump();
    if !matches!(p.current(), SyntaxKind::String | SyntaxKind::Word | SyntaxKind::Number) {
        p.error_missing(SyntaxErrorKind::MissingName, "Expected a quoted name");
    } else {
        p.bump();
    }
    p.expect_closing(SyntaxKind::RBracket, "the name");
    m.complete(p, SyntaxKind::BracketedName)
}

fn paren_expr(p: &mut Parser<'_>) -> Completed {
    let m = p.start();
    p.bump();
    pipeline::pipe_expr(p);
    p.expect_closing(SyntaxKind::RParen, "the parenthesised expression");
    m.complete(p, SyntaxKind::ParenExpr)
}

/// `( [name =] argument, ... )` of a call. Only `toscalar` and `materialize` take a whole
/// query as argument; other functions need it in parentheses.
pub(super) fn arg_list(p: &mut Parser<'_>, takes_query: bool) {
    let m = p.start();
    p.bump();
    let shape =
        ListShape { end: SyntaxKind::RParen, allow_empty: !takes_query, ..ListShape::DEFAULT };
    if takes_query {
        comma_list(p, shape, pipeline::sub_pipeline);
    } else {
        comma_list(p, shape, argument);
    }
    p.expect_closing(SyntaxKind::RParen, "the argument list");
    m.complete(p, SyntaxKind::ArgList);
}

fn argument(p: &mut Parser<'_>) {
    if p.at(SyntaxKind::Word) && p.nth(1) == SyntaxKind::Eq {
        let m = p.start();
        declared_name(p);
        p.bump();
        expr(p);
        m.complete(p, SyntaxKind::NamedArg);
    } else if p.at(SyntaxKind::Star) && matches!(p.nth(1), SyntaxKind::Comma | SyntaxKind::RParen) {
        star(p);
    } else {
        expr(p);
    }
}

/// `(type)` after `typeof`.
fn type_arg(p: &mut Parser<'_>) {
    let m = p.start();
    p.bump();
    statements::type_ref(p);
    p.expect_closing(SyntaxKind::RParen, "`typeof`");
    m.complete(p, SyntaxKind::ArgList);
}

/// `*` standing for all columns.
pub(super) fn star(p: &mut Parser<'_>) {
    let m = p.start();
    p.bump();
    m.complete(p, SyntaxKind::StarExpr);
}

/// A declared name: a word or a bracketed `['name']`.
pub(super) fn declared_name(p: &mut Parser<'_>) -> bool {
    let m = p.start();
    if p.at(SyntaxKind::Word) {
        p.bump();
    } else if at_bracketed_name(p) {
        bracketed_name(p);
    } else {
        m.abandon(p);
        p.error_missing(SyntaxErrorKind::MissingName, "Expected a name");
        return false;
    }
    m.complete(p, SyntaxKind::Name);
    true
}

/// Whether the current token could begin an expression, used to tell a missing comma from the
/// end of a list.
pub(super) fn can_start_expr(p: &Parser<'_>) -> bool {
    match p.current() {
        SyntaxKind::Word => match p.nth_text(0) {
            "materialize" | "toscalar" => p.nth(1) == SyntaxKind::LParen,
            // Operators that start a query on their own.
            "union" | "print" | "datatable" | "externaldata" | "search" | "find" => true,
            word => !is_reserved(word),
        },
        SyntaxKind::Minus | SyntaxKind::Plus => true,
        SyntaxKind::Number
        | SyntaxKind::Timespan
        | SyntaxKind::String
        | SyntaxKind::TypedLiteral
        | SyntaxKind::LParen
        | SyntaxKind::LBracket => true,
        _ => false,
    }
}

/// Whether the current word is reserved (cannot be a plain name).
pub(super) fn at_reserved(p: &Parser<'_>) -> bool {
    p.at(SyntaxKind::Word) && is_reserved(p.nth_text(0))
}
