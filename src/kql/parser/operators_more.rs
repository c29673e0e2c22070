//! Tabular operators, part two: the operators with a grammar of their own — `mv-expand`,
//! `parse`, `make-series`, `top-nested`, `render`, `search`, `find`, `fork`, `facet`,
//! `range`, `datatable`, `externaldata`, `scan`, `partition` and `reduce`.

use super::{Parser, clauses, expressions, pipeline, statements};
use crate::kql::error::SyntaxErrorKind;
use crate::kql::syntax_kind::SyntaxKind;

/// `mv-expand [params] item [to typeof(t)], ... [limit n]` and
/// `mv-apply [params] item, ... on (subquery)`.
pub(super) fn mv_expand_or_apply(p: &mut Parser<'_>, apply: bool) {
    clauses::operator_params(p, &["bagexpansion", "with_itemindex", "kind"]);
    let stops: &'static [&'static str] = if apply { &["on"] } else { &["limit"] };
    let shape = expressions::ListShape { stops, ..expressions::ListShape::DEFAULT };
    expressions::comma_list(p, shape, |p| {
        clauses::assignment(p);
        clauses::to_typeof(p);
    });
    if p.eat_word("limit") {
        expressions::expr(p);
    }
    if apply {
        let m = p.start();
        if p.expect_word("on") {
            bracketed_sub_pipeline(p, SyntaxKind::LParen, SyntaxKind::RParen);
        }
        m.complete(p, SyntaxKind::OnClause);
    }
}

/// `( operators )` or `{ query }` holding a sub-pipeline.
fn bracketed_sub_pipeline(p: &mut Parser<'_>, open: SyntaxKind, close: SyntaxKind) {
    let m = p.start();
    if p.expect(open) {
        pipeline::sub_pipeline(p);
        p.expect_closing(close, "the subquery");
    }
    m.complete(p, SyntaxKind::ParenExpr);
}

/// `parse [kind=...] [flags=...] expr with pattern` (also `parse-where`).
pub(super) fn parse(p: &mut Parser<'_>) {
    clauses::operator_params(p, &["kind", "flags"]);
    expressions::expr(p);
    if !p.expect_word("with") {
        return;
    }
    let m = p.start();
    while !p.at_boundary() {
        match p.current() {
            SyntaxKind::String | SyntaxKind::Star => p.bump(),
            SyntaxKind::Word => {
                expressions::declared_name(p);
                if p.eat(SyntaxKind::Colon) {
                    statements::type_ref(p);
                }
            }
            SyntaxKind::LBracket if expressions::at_bracketed_name(p) => {
                expressions::declared_name(p);
            }
            _ => {
                p.error_here(
                    SyntaxErrorKind::UnexpectedToken,
                    "Unexpected token in the parse pattern",
                );
                p.recover_to_boundary();
            }
        }
    }
    m.complete(p, SyntaxKind::ParsePattern);
}

/// `parse-kv expr as (name: type, ...) [with (property = value, ...)]`.
pub(super) fn parse_kv(p: &mut Parser<'_>) {
    expressions::expr(p);
    if p.expect_word("as") && p.at(SyntaxKind::LParen) {
        statements::schema(p);
    }
    if p.at_word("with") {
        clauses::with_properties(p);
    }
}

/// `make-series [params] aggregates on axis [from a] [to b] step s [by groups]`, or with
/// `in range(a, b, s)` instead of from/to/step.
pub(super) fn make_series(p: &mut Parser<'_>) {
    clauses::operator_params(p, &["kind"]);
    let shape = expressions::ListShape { stops: &["on"], ..expressions::ListShape::DEFAULT };
    expressions::comma_list(p, shape, |p| {
        clauses::assignment(p);
        if p.at_word("default") && p.nth(1) == SyntaxKind::Eq {
            p.bump();
            p.bump();
            expressions::expr(p);
        }
    });
    let m = p.start();
    if p.expect_word("on") {
        expressions::arithmetic_expr(p);
        if p.eat_word("in") {
            expressions::expr(p);
        } else {
            if p.eat_word("from") {
                expressions::expr(p);
            }
            if p.eat_word("to") {
                expressions::expr(p);
            }
            if p.expect_word("step") {
                expressions::expr(p);
            }
        }
    }
    m.complete(p, SyntaxKind::OnClause);
    if p.at_word("by") {
        clauses::by_clause(p);
    }
}

/// `top-nested [n] of expr [with others = v] by agg [asc|desc], top-nested ...`.
pub(super) fn top_nested(p: &mut Parser<'_>) {
    loop {
        if !p.at_word("of") {
            expressions::expr(p);
        }
        if p.expect_word("of") {
            clauses::assignment(p);
        }
        if p.at_word("with") && p.nth_word(1, "others") {
            p.bump();
            p.bump();
            p.expect(SyntaxKind::Eq);
            expressions::expr(p);
        }
        if p.expect_word("by") {
            clauses::assignment(p);
            if p.at_word("asc") || p.at_word("desc") {
                p.bump();
            }
        }
        if !(p.at(SyntaxKind::Comma) && p.nth_word(1, "top-nested")) {
            return;
        }
        p.bump();
        p.bump();
    }
}

/// `top-hitters n of expr [by expr]` and `sample-distinct n of expr`.
pub(super) fn n_of(p: &mut Parser<'_>, allow_by: bool) {
    expressions::expr(p);
    if p.expect_word("of") {
        expressions::expr(p);
    }
    if allow_by && p.at_word("by") {
        clauses::by_clause(p);
    }
}

/// `render chart [kind=k] [with (property = value, ...)]`.
pub(super) fn render(p: &mut Parser<'_>) {
    if !p.eat(SyntaxKind::Word) {
        p.error_missing(SyntaxErrorKind::MissingName, "Expected a chart type after `render`");
    }
    if p.at_word("with") {
        clauses::with_properties(p);
    } else {
        // The legacy form writes properties without `with (...)`.
        clauses::operator_params(p, &["kind", "title", "xtitle", "ytitle", "legend", "series"]);
    }
}

/// `search [kind=...] [in (tables)] predicate`.
pub(super) fn search(p: &mut Parser<'_>) {
    clauses::operator_params(p, &["kind"]);
    table_scope(p);
    if p.at(SyntaxKind::Star) && p.nth(1) != SyntaxKind::Word {
        expressions::star(p);
    } else {
        expressions::expr(p);
    }
}

/// `in (table, ...)` naming the tables `search` and `find` look in.
fn table_scope(p: &mut Parser<'_>) {
    if p.at_word("in") && p.nth(1) == SyntaxKind::LParen {
        let m = p.start();
        p.bump();
        p.bump();
        clauses::name_pattern_list(p, &[]);
        p.expect_closing(SyntaxKind::RParen, "the table list");
        m.complete(p, SyntaxKind::ExprList);
    }
}

/// `find [withsource=c] [in (tables)] where predicate [project ... | project-smart]`.
pub(super) fn find(p: &mut Parser<'_>) {
    clauses::operator_params(p, &["withsource", "datascope"]);
    table_scope(p);
    if p.expect_word("where") {
        expressions::expr(p);
    }
    if p.eat_word("project-smart") {
        return;
    }
    if p.eat_word("project") {
        clauses::name_pattern_list(p, &[]);
    }
}

/// `fork [name=](subquery) ...`.
pub(super) fn fork(p: &mut Parser<'_>) {
    let mut any = false;
    loop {
        if p.at(SyntaxKind::Word) && p.nth(1) == SyntaxKind::Eq {
            expressions::declared_name(p);
            p.bump();
        } else if !p.at(SyntaxKind::LParen) {
            break;
        }
        any = true;
        bracketed_sub_pipeline(p, SyntaxKind::LParen, SyntaxKind::RParen);
    }
    if !any {
        p.error_missing(SyntaxErrorKind::MissingToken, "Expected `(` and a subquery after `fork`");
    }
}

/// `facet by column, ... [with (subquery)]`.
pub(super) fn facet(p: &mut Parser<'_>) {
    if p.expect_word("by") {
        let shape = expressions::ListShape { stops: &["with"], ..expressions::ListShape::DEFAULT };
        expressions::comma_list(p, shape, clauses::name_pattern);
    }
    if p.at_word("with") {
        let m = p.start();
        p.bump();
        bracketed_sub_pipeline(p, SyntaxKind::LParen, SyntaxKind::RParen);
        m.complete(p, SyntaxKind::WithClause);
    }
}

/// `range column from start to stop step step`.
pub(super) fn range(p: &mut Parser<'_>) {
    expressions::declared_name(p);
    for word in ["from", "to", "step"] {
        if p.expect_word(word) {
            expressions::expr(p);
        }
    }
}

/// `datatable (schema) [values, ...]`.
pub(super) fn datatable(p: &mut Parser<'_>) {
    if !params_and_schema(p) {
        return;
    }
    bracketed_values(p, |p| {
        expressions::expr(p);
    });
}

/// The operator parameters and the `(schema)` that `datatable` and `externaldata` start with;
/// false (with an error) when the schema is missing.
fn params_and_schema(p: &mut Parser<'_>) -> bool {
    clauses::operator_params(p, &[]);
    if !p.at(SyntaxKind::LParen) {
        p.error_missing(SyntaxErrorKind::MissingToken, "Expected `(` and the table schema");
        return false;
    }
    statements::schema(p);
    true
}

/// `[ item, ... ]`.
fn bracketed_values(p: &mut Parser<'_>, item: impl FnMut(&mut Parser<'_>)) {
    let m = p.start();
    if p.expect(SyntaxKind::LBracket) {
        let shape = expressions::ListShape {
            end: SyntaxKind::RBracket,
            allow_empty: true,
            ..expressions::ListShape::DEFAULT
        };
        expressions::comma_list(p, shape, item);
        p.expect_closing(SyntaxKind::RBracket, "the value list");
    }
    m.complete(p, SyntaxKind::ExprList);
}

/// `externaldata (schema) [ urls ] [with (properties)]`.
pub(super) fn externaldata(p: &mut Parser<'_>) {
    if !params_and_schema(p) {
        return;
    }
    bracketed_values(p, |p| {
        expressions::expr(p);
    });
    if p.at_word("with") {
        clauses::with_properties(p);
    }
}

/// `scan [params] [order by ...] [partition by ...] [declare (...)] with (step ...; ...)`.
pub(super) fn scan(p: &mut Parser<'_>) {
    clauses::operator_params(p, &["with_match_id"]);
    for clause in ["order", "partition"] {
        if p.at_word(clause) && p.nth_word(1, "by") {
            p.bump();
            p.bump();
            clauses::sort_keys(p);
        }
    }
    if p.eat_word("declare") && p.at(SyntaxKind::LParen) {
        statements::param_list(p);
    }
    if !p.expect_word("with") || !p.expect(SyntaxKind::LParen) {
        return;
    }
    while p.at_word("step") {
        scan_step(p);
    }
    p.expect_closing(SyntaxKind::RParen, "the scan steps");
}

/// `step name [optional] : predicate [=> assignments] ;`.
fn scan_step(p: &mut Parser<'_>) {
    let m = p.start();
    p.bump();
    expressions::declared_name(p);
    p.eat_word("optional");
    clauses::operator_params(p, &["output"]);
    p.expect(SyntaxKind::Colon);
    expressions::expr(p);
    if p.eat(SyntaxKind::FatArrow) {
        clauses::assignment_list(p);
    }
    p.expect(SyntaxKind::Semicolon);
    m.complete(p, SyntaxKind::ScanStep);
}

/// `partition [hints] by column [id] ( subquery )` or `{ subquery }`.
pub(super) fn partition(p: &mut Parser<'_>) {
    clauses::operator_params(p, &[]);
    if p.expect_word("by") {
        // Only a column: `by Col (subquery)` is not a call.
        if p.at(SyntaxKind::Word) {
            expressions::name_ref(p);
        } else {
            expressions::expr(p);
        }
    }
    if p.at(SyntaxKind::LBrace) {
        bracketed_sub_pipeline(p, SyntaxKind::LBrace, SyntaxKind::RBrace);
    } else {
        bracketed_sub_pipeline(p, SyntaxKind::LParen, SyntaxKind::RParen);
    }
}

/// `reduce [kind=...] by expr [with threshold=..., characters=...]`.
pub(super) fn reduce(p: &mut Parser<'_>) {
    clauses::operator_params(p, &["kind"]);
    if p.expect_word("by") {
        expressions::expr(p);
    }
    if p.eat_word("with") {
        clauses::assignment_list(p);
    }
}

/// An operator whose grammar the parser does not model (graph operators and the like):
/// its tokens, with brackets balanced, up to the next `|` or `;`.
pub(super) fn balanced_rest(p: &mut Parser<'_>) {
    let mut depth = 0u32;
    while !p.at_eof() {
        match p.current() {
            SyntaxKind::Pipe | SyntaxKind::Semicolon if depth == 0 => return,
            SyntaxKind::LParen | SyntaxKind::LBracket | SyntaxKind::LBrace => depth += 1,
            SyntaxKind::RParen | SyntaxKind::RBracket | SyntaxKind::RBrace => {
                if depth == 0 {
                    return;
                }
                depth -= 1;
            }
            _ => {}
        }
        p.bump();
    }
}
