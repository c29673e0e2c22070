//! Literals that need more than one token: adjacent string literals (which KQL concatenates)
//! and `dynamic(...)` values, whose content is JSON-like (objects, arrays, scalars).

use super::{Completed, Parser};
use crate::kql::error::SyntaxErrorKind;
use crate::kql::syntax_kind::SyntaxKind;

/// One string literal, or several adjacent ones as a `StringConcat`.
pub(super) fn string(p: &mut Parser<'_>) -> Completed {
    let m = p.start();
    p.bump();
    if !p.at(SyntaxKind::String) {
        return m.complete(p, SyntaxKind::Literal);
    }
    while p.at(SyntaxKind::String) {
        p.bump();
    }
    m.complete(p, SyntaxKind::StringConcat)
}

/// `dynamic( value )` where value is `null`, a scalar literal, an array or an object.
pub(super) fn dynamic(p: &mut Parser<'_>) -> Completed {
    let m = p.start();
    p.bump();
    p.bump();
    if p.at(SyntaxKind::RParen) {
        p.error_after_previous(
            SyntaxErrorKind::InvalidDynamicLiteral,
            "Expected a value inside `dynamic()`",
        );
    } else {
        json_value(p);
    }
    p.expect_closing(SyntaxKind::RParen, "the `dynamic` literal");
    m.complete(p, SyntaxKind::DynamicLiteral)
}

fn json_value(p: &mut Parser<'_>) {
    if !p.enter() {
        return;
    }
    if !at_json_value(p) {
        p.error_after_previous(SyntaxErrorKind::InvalidDynamicLiteral, "Expected a JSON value");
        p.leave();
        return;
    }
    match p.current() {
        SyntaxKind::LBrace => json_object(p),
        SyntaxKind::LBracket => json_array(p),
        SyntaxKind::String => {
            string(p);
        }
        SyntaxKind::Number | SyntaxKind::Timespan | SyntaxKind::TypedLiteral | SyntaxKind::Word => {
            let m = p.start();
            p.bump();
            m.complete(p, SyntaxKind::Literal);
        }
        SyntaxKind::Minus | SyntaxKind::Plus => {
            let m = p.start();
            p.bump();
            if matches!(p.current(), SyntaxKind::Number | SyntaxKind::Timespan) {
                p.bump();
            } else {
                p.error_missing(SyntaxErrorKind::InvalidDynamicLiteral, "Expected a number");
            }
            m.complete(p, SyntaxKind::Literal);
        }
        _ => {
            p.error_after_previous(SyntaxErrorKind::InvalidDynamicLiteral, "Expected a JSON value")
        }
    }
    p.leave();
}

/// Whether a JSON value starts here; other words end the array or object.
fn at_json_value(p: &Parser<'_>) -> bool {
    match p.current() {
        SyntaxKind::Word => matches!(p.nth_text(0), "true" | "false" | "null"),
        kind => matches!(
            kind,
            SyntaxKind::LBrace
                | SyntaxKind::LBracket
                | SyntaxKind::String
                | SyntaxKind::Number
                | SyntaxKind::Timespan
                | SyntaxKind::TypedLiteral
                | SyntaxKind::Minus
                | SyntaxKind::Plus
        ),
    }
}

fn json_array(p: &mut Parser<'_>) {
    let m = p.start();
    p.bump();
    if at_json_value(p) {
        loop {
            let before = p.position();
            json_value(p);
            if !p.eat(SyntaxKind::Comma) || p.position() == before {
                break;
            }
        }
    }
    p.expect_closing(SyntaxKind::RBracket, "the array");
    m.complete(p, SyntaxKind::JsonArray);
}

fn json_object(p: &mut Parser<'_>) {
    let m = p.start();
    p.bump();
    if !p.at(SyntaxKind::RBrace) {
        while json_member(p) && p.eat(SyntaxKind::Comma) {}
    }
    p.expect_closing(SyntaxKind::RBrace, "the object");
    m.complete(p, SyntaxKind::JsonObject);
}

/// `"name": value`; false when there was no property name.
fn json_member(p: &mut Parser<'_>) -> bool {
    if !matches!(p.current(), SyntaxKind::String | SyntaxKind::Word) {
        p.error_after_previous(SyntaxErrorKind::InvalidDynamicLiteral, "Expected a property name");
        return false;
    }
    let member = p.start();
    p.bump();
    p.expect(SyntaxKind::Colon);
    json_value(p);
    member.complete(p, SyntaxKind::JsonMember);
    true
}
