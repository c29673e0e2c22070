//! Tabular operators, part one: the dispatcher from an operator keyword to its grammar, and
//! the everyday operators (filtering, projecting, aggregating, joining, sorting).
//!
//! Every operator becomes one `Operator` node whose first token is its keyword. The rarer
//! operators are in [`super::operators_more`].

use super::{Completed, Parser, clauses, expressions, operators_more as more, pipeline};
use crate::kql::error::SyntaxErrorKind;
use crate::kql::syntax_kind::SyntaxKind;

/// Every operator keyword the parser knows.
const OPERATORS: &[&str] = &[
    "where",
    "filter",
    "project",
    "project-away",
    "project-keep",
    "project-rename",
    "project-reorder",
    "project-smart",
    "project-by-names",
    "extend",
    "summarize",
    "join",
    "lookup",
    "union",
    "mv-expand",
    "mv-apply",
    "mvexpand",
    "mvapply",
    "parse",
    "parse-where",
    "parse-kv",
    "make-series",
    "top",
    "top-nested",
    "top-hitters",
    "sort",
    "order",
    "take",
    "limit",
    "distinct",
    "count",
    "as",
    "evaluate",
    "invoke",
    "render",
    "serialize",
    "sample",
    "sample-distinct",
    "search",
    "find",
    "fork",
    "facet",
    "getschema",
    "range",
    "print",
    "datatable",
    "externaldata",
    "scan",
    "partition",
    "consume",
    "reduce",
    "make-graph",
    "graph-match",
    "graph-merge",
    "graph-to-table",
    "graph-shortest-paths",
    "graph-mark-components",
    "assert-schema",
    "execute-and-cache",
    "macro-expand",
];

/// Whether `word` is a known operator keyword (the same list as [`OPERATORS`]).
pub(super) fn is_operator(word: &str) -> bool {
    // A `match` on strings compiles to a length switch, far cheaper than scanning a slice.
    matches!(
        word,
        "where"
            | "filter"
            | "project"
            | "project-away"
            | "project-keep"
            | "project-rename"
            | "project-reorder"
            | "project-smart"
            | "project-by-names"
            | "extend"
            | "summarize"
            | "join"
            | "lookup"
            | "union"
            | "mv-expand"
            | "mv-apply"
            | "mvexpand"
            | "mvapply"
            | "parse"
            | "parse-where"
            | "parse-kv"
            | "make-series"
            | "top"
            | "top-nested"
            | "top-hitters"
            | "sort"
            | "order"
            | "take"
            | "limit"
            | "distinct"
            | "count"
            | "as"
            | "evaluate"
            | "invoke"
            | "render"
            | "serialize"
            | "sample"
            | "sample-distinct"
            | "search"
            | "find"
            | "fork"
            | "facet"
            | "getschema"
            | "range"
            | "print"
            | "datatable"
            | "externaldata"
            | "scan"
            | "partition"
            | "consume"
            | "reduce"
            | "make-graph"
            | "graph-match"
            | "graph-merge"
            | "graph-to-table"
            | "graph-shortest-paths"
            | "graph-mark-components"
            | "assert-schema"
            | "execute-and-cache"
            | "macro-expand"
    )
}

/// Clause keywords and chart names: after `|` they are reported as a missing operator rather
/// than as an unknown operator name.
const KEYWORDS: &[&str] = &[
    "on",
    "with",
    "kind",
    "step",
    "from",
    "let",
    "declare",
    "alias",
    "view",
    "typeof",
    "hint",
    "withsource",
    "isfuzzy",
    "nulls",
    "first",
    "last",
    "default",
    "limit",
    "timechart",
    "barchart",
    "columnchart",
    "piechart",
    "linechart",
    "areachart",
    "scatterchart",
    "anomalychart",
    "stackedareachart",
    "ladderchart",
    "timepivot",
    "pivotchart",
    "treemap",
    "card",
    "table",
    "list",
];

/// Whether the current word is a known operator keyword.
pub(super) fn at_operator_keyword(p: &Parser<'_>) -> bool {
    p.at(SyntaxKind::Word) && is_operator(p.nth_text(0))
}

/// One tabular operator, from its keyword.
pub(super) fn operator(p: &mut Parser<'_>) -> Completed {
    let m = p.start();
    let is_keyword = expressions::at_reserved(p) || KEYWORDS.contains(&p.nth_text(0));
    if !p.at(SyntaxKind::Word) || (is_keyword && !at_operator_keyword(p)) {
        p.error_missing(SyntaxErrorKind::MisplacedPipe, "Expected a tabular operator after `|`");
        p.recover_to_boundary();
        return m.complete(p, SyntaxKind::Operator);
    }
    let keyword = p.nth_text(0);
    p.bump();
    match keyword {
        "where" | "filter" => {
            clauses::operator_params(p, &[]);
            // Kusto.Language accepts `where Name = value` (and flags it later, semantically).
            clauses::assignment(p);
        }
        "extend" | "print" | "project-rename" => clauses::assignment_list(p),
        "project" | "serialize" => {
            // Both may be empty; a following operator name is then a new statement.
            if expressions::can_start_expr(p) || p.at(SyntaxKind::Comma) {
                clauses::assignment_list(p);
            }
        }
        "project-away" | "project-keep" if at_name_list(p) => clauses::name_pattern_list(p, &[]),
        "project-reorder" if at_name_list(p) => {
            clauses::name_pattern_list(p, &["asc", "desc", "granny-asc", "granny-desc"])
        }
        // Without a column list, what follows is reported when the next statement starts.
        "project-away" | "project-keep" | "project-reorder" => {}
        "summarize" => summarize(p),
        "distinct" => {
            clauses::operator_params(p, &[]);
            if p.at(SyntaxKind::Star) {
                expressions::star(p);
            } else {
                clauses::assignment_list(p);
            }
        }
        "count" | "getschema" | "consume" | "project-smart" => {
            clauses::operator_params(p, &["decodeblocks"])
        }
        "take" | "limit" | "sample" => {
            clauses::operator_params(p, &[]);
            expressions::expr(p);
        }
        "sort" | "order" => {
            clauses::operator_params(p, &[]);
            p.expect_word("by");
            clauses::sort_keys(p);
        }
        "top" => top(p),
        "join" | "lookup" => join(p),
        "union" => union(p),
        "as" => {
            clauses::operator_params(p, &[]);
            expressions::declared_name(p);
        }
        "evaluate" | "invoke" => evaluate(p),
        "mv-expand" | "mvexpand" => more::mv_expand_or_apply(p, false),
        "mv-apply" | "mvapply" => more::mv_expand_or_apply(p, true),
        "parse" | "parse-where" => more::parse(p),
        "parse-kv" => more::parse_kv(p),
        "make-series" => more::make_series(p),
        "top-nested" => more::top_nested(p),
        "top-hitters" | "sample-distinct" => more::n_of(p, keyword == "top-hitters"),
        "render" => more::render(p),
        "search" => more::search(p),
        "find" => more::find(p),
        "fork" => more::fork(p),
        "facet" => more::facet(p),
        "range" => more::range(p),
        "datatable" => more::datatable(p),
        "externaldata" => more::externaldata(p),
        "scan" => more::scan(p),
        "partition" => more::partition(p),
        "reduce" => more::reduce(p),
        word if is_operator(word) => more::balanced_rest(p),
        word => {
            let message = format!("Unknown tabular operator `{word}`");
            let range = p.prev_range();
            p.push_error(
                crate::kql::error::SyntaxError::new(
                    SyntaxErrorKind::UnknownOperator,
                    range,
                    message,
                )
                .with_help(unknown_operator_help(word)),
            );
            p.recover_to_boundary();
        }
    }
    m.complete(p, SyntaxKind::Operator)
}

fn unknown_operator_help(word: &str) -> String {
    let nearest = OPERATORS
        .iter()
        .map(|op| (strsim_distance(op, word), op))
        .min()
        .filter(|(distance, _)| *distance <= 2);
    match nearest {
        Some((_, op)) => format!("Use a tabular operator here, such as `{op}`"),
        None => {
            "Use a tabular operator such as `where`, `extend` or `project` after `|`".to_owned()
        }
    }
}

/// Levenshtein distance, small and allocation-light; operator names are short.
fn strsim_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

impl Parser<'_> {
    /// The range of the last consumed significant token.
    fn prev_range(&self) -> crate::source::TextRange {
        let end = self.prev_end();
        let start = self
            .pos
            .checked_sub(1)
            .and_then(|prev| self.significant.get(prev))
            .and_then(|&index| self.tokens.get(index as usize))
            .map_or(end, |token| token.range.start());
        crate::source::TextRange::new(start, end)
    }
}

/// Whether a column-name list starts here (a stray `,` counts: it reports the missing name).
fn at_name_list(p: &Parser<'_>) -> bool {
    matches!(
        p.current(),
        SyntaxKind::Word | SyntaxKind::Star | SyntaxKind::LBracket | SyntaxKind::Comma
    )
}

/// `summarize [hints] [aggregates] [by groups]`.
fn summarize(p: &mut Parser<'_>) {
    clauses::operator_params(p, &[]);
    if expressions::can_start_expr(p) || p.at(SyntaxKind::Comma) {
        clauses::assignment_list(p);
    }
    if p.at_word("by") {
        clauses::by_clause(p);
    }
}

/// `top N by expr [asc|desc] [nulls first|last]`.
fn top(p: &mut Parser<'_>) {
    clauses::operator_params(p, &[]);
    expressions::expr(p);
    p.expect_word("by");
    clauses::sort_key(p);
}

/// `join|lookup [kind=...] [hints] right-side on conditions`.
fn join(p: &mut Parser<'_>) {
    clauses::operator_params(p, &["kind", "withsource"]);
    if p.at(SyntaxKind::LParen) {
        let m = p.start();
        p.bump();
        pipeline::pipe_expr(p);
        p.expect_closing(SyntaxKind::RParen, "the right side of the join");
        m.complete(p, SyntaxKind::ParenExpr);
    } else {
        expressions::expr(p);
    }
    if p.at_word("on") {
        let m = p.start();
        p.bump();
        let shape = expressions::ListShape {
            report_missing_comma: false,
            ..expressions::ListShape::DEFAULT
        };
        expressions::comma_list(p, shape, |p| {
            expressions::expr(p);
        });
        m.complete(p, SyntaxKind::OnClause);
    }
}

/// `union [params] table, table*, (subquery), ...`.
fn union(p: &mut Parser<'_>) {
    clauses::operator_params(p, &["kind", "withsource", "isfuzzy"]);
    expressions::comma_separated(p, SyntaxKind::Eof, |p| {
        let is_pattern = match p.current() {
            SyntaxKind::Star => true,
            SyntaxKind::Word => {
                p.nth(1) == SyntaxKind::Star && p.current_range().end() == p.nth_range(1).start()
            }
            _ => false,
        };
        if is_pattern {
            clauses::name_pattern(p);
        } else {
            // Not a pipe expression: `union A, B | where x` filters the union.
            expressions::expr(p);
        }
    });
}

/// `evaluate [hints] plugin(args) [: schema]` and `invoke function(args)`.
fn evaluate(p: &mut Parser<'_>) {
    clauses::operator_params(p, &[]);
    if !(p.at(SyntaxKind::Word) && matches!(p.nth(1), SyntaxKind::LParen | SyntaxKind::Dot)) {
        p.error_missing(SyntaxErrorKind::MissingExpression, "Expected a plugin or function call");
    }
    expressions::expr(p);
    if p.at(SyntaxKind::Colon) && p.nth(1) == SyntaxKind::LParen {
        p.bump();
        super::statements::schema(p);
    }
}

impl Parser<'_> {
    /// The range of the token `lookahead` places ahead.
    pub(super) fn nth_range(&self, lookahead: usize) -> crate::source::TextRange {
        self.token_at(lookahead)
            .map_or_else(|| crate::source::TextRange::empty(self.text.len() as u32), |t| t.range)
    }
}

#[cfg(test)]
mod operator_list_tests {
    use super::OPERATORS;
    use crate::kql::tokenize;

    /// The lexer keeps its own list of hyphenated words; an operator missing from it would be
    /// cut into `project`, `-`, `away` and never recognised.
    #[test]
    fn every_operator_lexes_as_one_token() {
        for operator in OPERATORS {
            let (tokens, errors) = tokenize(operator);
            assert!(errors.is_empty(), "{operator}");
            assert_eq!(tokens.iter().filter(|t| !t.kind.is_trivia()).count(), 1, "{operator}");
        }
    }
}
