//! Statements: the `;`-separated sequence at the top of a query or inside a function body —
//! `let`, `set`, `declare query_parameters`, `alias` and query statements.

use super::{Parser, expressions, operators, pipeline};
use crate::kql::error::SyntaxErrorKind;
use crate::kql::syntax_kind::SyntaxKind;

/// The whole text: statements until the end.
pub(super) fn root(p: &mut Parser<'_>) {
    let root = p.start();
    statement_list(p, SyntaxKind::Eof);
    while !p.at_eof() {
        p.bump_as_error();
    }
    root.complete(p, SyntaxKind::Root);
}

/// Statements separated by `;`, up to `end` (the end of the text or the `}` of a body).
fn statement_list(p: &mut Parser<'_>, end: SyntaxKind) {
    // A `;` must end a statement: a leading `;` or `;;` is a stray separator.
    let mut after_separator = true;
    while !p.at(end) && !p.at_eof() {
        let before = p.position();
        if p.at(SyntaxKind::Semicolon) {
            if after_separator {
                p.error_here(
                    SyntaxErrorKind::UnexpectedToken,
                    "Unexpected `;` with no statement before it",
                );
            }
            p.bump();
            after_separator = true;
            continue;
        }
        after_separator = false;
        if !stray_token(p) {
            statement(p);
            statement_end(p, end);
        }
        if p.position() == before {
            p.bump_as_error();
        }
    }
}

/// Reports and skips a token that cannot start a statement; returns whether it did.
fn stray_token(p: &mut Parser<'_>) -> bool {
    match p.current() {
        SyntaxKind::RParen | SyntaxKind::RBracket | SyntaxKind::RBrace => {
            let text = p.nth_text(0).to_owned();
            p.error_here(
                SyntaxErrorKind::UnmatchedClosingBracket,
                format!("Unexpected `{text}` with no matching opening bracket"),
            );
            p.bump_as_error();
            true
        }
        _ if can_start_statement(p) => false,
        SyntaxKind::Pipe => {
            // A fragment starting with `|` is usually a snippet cut from a longer query;
            // parse its operators anyway so later mistakes are still found.
            p.error_here(
                SyntaxErrorKind::MisplacedPipe,
                "A query cannot start with `|`; it needs a table or a tabular expression first",
            );
            let m = p.start();
            pipeline::pipe_tail(p);
            m.complete(p, SyntaxKind::Pipeline);
            true
        }
        _ => {
            let text = p.nth_text(0).to_owned();
            p.error_here(SyntaxErrorKind::UnexpectedToken, format!("Unexpected `{text}`"));
            p.recover_to_boundary();
            true
        }
    }
}

/// After a statement: a `;`, the end of the block, or a missing `;` to report. A token that
/// cannot start a statement is reported on itself when the next statement starts instead.
fn statement_end(p: &mut Parser<'_>, end: SyntaxKind) {
    if p.at(SyntaxKind::Semicolon) || p.at(end) || p.at_eof() || !can_start_statement(p) {
        return;
    }
    p.push_missing_semicolon();
}

/// Whether the current token can begin a statement.
fn can_start_statement(p: &Parser<'_>) -> bool {
    match p.current() {
        SyntaxKind::Word => {
            !expressions::at_reserved(p) || operators::at_operator_keyword(p) || p.at_word("set")
        }
        SyntaxKind::Minus | SyntaxKind::Plus => true,
        _ => expressions::can_start_expr(p),
    }
}

impl Parser<'_> {
    fn push_missing_semicolon(&mut self) {
        let range = self.missing_range();
        self.push_error(
            crate::kql::error::SyntaxError::new(
                SyntaxErrorKind::MissingSemicolon,
                range,
                "Expected `;` between statements",
            )
            .with_help(
                "End the statement with `;`, or separate independent queries with a blank line \
                 and run them one at a time",
            ),
        );
    }
}

fn statement(p: &mut Parser<'_>) {
    if p.at(SyntaxKind::Word) {
        match p.nth_text(0) {
            "let" if at_let_name(p) => {
                return let_statement(p);
            }
            "set" if p.nth(1) == SyntaxKind::Word => return set_statement(p),
            "declare" if p.nth_word(1, "query_parameters") => return declare_statement(p),
            "alias" if p.nth_word(1, "database") => return alias_statement(p),
            _ => {}
        }
    }
    let m = p.start();
    if p.at(SyntaxKind::Word) && p.nth(1) == SyntaxKind::Colon {
        // A labelled query, `name: query`.
        expressions::declared_name(p);
        p.bump();
    }
    pipeline::sub_pipeline(p);
    m.complete(p, SyntaxKind::QueryStatement);
}

/// Whether `let` is followed by a name it can bind; otherwise `let` is an ordinary name.
fn at_let_name(p: &Parser<'_>) -> bool {
    match p.nth(1) {
        SyntaxKind::LBracket => true,
        SyntaxKind::Word => {
            let word = p.nth_text(1);
            !expressions::is_reserved(word) || operators::is_operator(word)
        }
        _ => false,
    }
}

fn let_statement(p: &mut Parser<'_>) {
    let m = p.start();
    p.bump();
    expressions::declared_name(p);
    p.expect(SyntaxKind::Eq);
    if p.at_word("view") && p.nth(1) == SyntaxKind::LParen {
        p.bump();
        function_decl(p);
    } else if p.at(SyntaxKind::LParen) && looks_like_function(p) {
        function_decl(p);
    } else {
        pipeline::sub_pipeline(p);
    }
    m.complete(p, SyntaxKind::LetStatement);
}

/// Whether the `(` at the cursor opens a parameter list: its matching `)` is followed by `{`.
fn looks_like_function(p: &Parser<'_>) -> bool {
    // `(name:` or `()` can only start a parameter list.
    if p.nth(1) == SyntaxKind::RParen
        || (p.nth(1) == SyntaxKind::Word && p.nth(2) == SyntaxKind::Colon)
    {
        return true;
    }
    let mut depth = 0usize;
    let mut ahead = 0;
    loop {
        match p.nth(ahead) {
            SyntaxKind::LParen => depth += 1,
            SyntaxKind::RParen => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return p.nth(ahead + 1) == SyntaxKind::LBrace;
                }
            }
            SyntaxKind::Eof | SyntaxKind::Semicolon | SyntaxKind::Pipe => return false,
            _ => {}
        }
        ahead += 1;
    }
}

/// `(params) { body }`, after `let name =` or `view`.
pub(super) fn function_decl(p: &mut Parser<'_>) {
    let m = p.start();
    param_list(p);
    function_body(p);
    m.complete(p, SyntaxKind::FunctionDecl);
}

pub(super) fn param_list(p: &mut Parser<'_>) {
    let m = p.start();
    p.expect(SyntaxKind::LParen);
    while !p.at(SyntaxKind::RParen) && !p.at_eof() {
        let before = p.position();
        param(p);
        if !p.eat(SyntaxKind::Comma) {
            break;
        }
        if p.position() == before {
            break;
        }
    }
    p.expect_closing(SyntaxKind::RParen, "the parameter list");
    m.complete(p, SyntaxKind::ParamList);
}

/// `name: type [= default]`; a tabular parameter's type is a schema such as `(*)`.
fn param(p: &mut Parser<'_>) {
    let m = p.start();
    expressions::declared_name(p);
    if p.expect(SyntaxKind::Colon) {
        type_ref(p);
    }
    if p.eat(SyntaxKind::Eq) {
        expressions::expr(p);
    }
    m.complete(p, SyntaxKind::Param);
}

/// A scalar type name, or a table schema `(*)` / `(col: type, ...)`.
pub(super) fn type_ref(p: &mut Parser<'_>) {
    let m = p.start();
    if p.at(SyntaxKind::LParen) {
        schema(p);
    } else if p.at(SyntaxKind::Word) {
        p.bump();
    } else {
        p.error_missing(SyntaxErrorKind::MissingName, "Expected a type name");
    }
    m.complete(p, SyntaxKind::TypeRef);
}

/// `(col: type, ...)`, `(*)` or `(*, col: type)`.
pub(super) fn schema(p: &mut Parser<'_>) {
    let m = p.start();
    p.bump();
    while !p.at(SyntaxKind::RParen) && !p.at_eof() {
        if p.at(SyntaxKind::Star) {
            let star = p.start();
            p.bump();
            star.complete(p, SyntaxKind::StarExpr);
        } else {
            let column = p.start();
            expressions::declared_name(p);
            if p.expect(SyntaxKind::Colon) {
                type_ref(p);
            }
            column.complete(p, SyntaxKind::ColumnDecl);
        }
        if !p.eat(SyntaxKind::Comma) {
            break;
        }
    }
    p.expect_closing(SyntaxKind::RParen, "the schema");
    m.complete(p, SyntaxKind::Schema);
}

/// `{ statements; last-expression }`.
pub(super) fn function_body(p: &mut Parser<'_>) {
    let m = p.start();
    if !p.at(SyntaxKind::LBrace) {
        p.error_after_previous(SyntaxErrorKind::MissingToken, "Expected `{` and the function body");
    } else {
        p.bump();
        if p.enter() {
            statement_list(p, SyntaxKind::RBrace);
            p.leave();
        }
        p.expect_closing(SyntaxKind::RBrace, "the function body");
    }
    m.complete(p, SyntaxKind::FunctionBody);
}

/// `set name [= value]`.
fn set_statement(p: &mut Parser<'_>) {
    let m = p.start();
    p.bump();
    expressions::declared_name(p);
    if p.eat(SyntaxKind::Eq) {
        // Option values are literals or bare words such as `true` or a time.
        expressions::expr(p);
    }
    m.complete(p, SyntaxKind::SetStatement);
}

/// `declare query_parameters (name: type [= default], ...)`.
fn declare_statement(p: &mut Parser<'_>) {
    let m = p.start();
    p.bump();
    p.bump();
    param_list(p);
    m.complete(p, SyntaxKind::DeclareStatement);
}

/// `alias database name = cluster(...).database(...)`.
fn alias_statement(p: &mut Parser<'_>) {
    let m = p.start();
    p.bump();
    p.bump();
    expressions::declared_name(p);
    p.expect(SyntaxKind::Eq);
    expressions::expr(p);
    m.complete(p, SyntaxKind::AliasStatement);
}
