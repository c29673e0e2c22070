//! Fuzz target for the KQL lexer and parser: any input must parse without panicking, the tree
//! must give back the input byte for byte, every error range must lie inside the text on
//! character boundaries, and the typed views and script splitting must cope with the result.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sentinelctl::kql::{self, ast::AstNode};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parse = kql::parse(&text);

    let rebuilt: String = parse.tree().tokens().map(|token| token.text()).collect();
    assert_eq!(rebuilt, text, "tree is not lossless");
    for error in parse.errors() {
        let range = error.range.to_usize();
        assert!(range.end <= text.len(), "error range out of bounds: {error:?}");
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        assert!(!error.message.is_empty());
    }

    // Walk the typed views the way semantic analysis will.
    for statement in parse.root().statements() {
        if let kql::ast::Statement::Query(query) = statement {
            let _ = query.expr().map(|expr| expr.text());
        }
    }
    for operator in parse.syntax().descendants().filter_map(kql::ast::Operator::cast) {
        let _ =
            (operator.kind(), operator.params().count(), operator.by_clause().map(|b| b.range()));
    }

    for block in kql::split_script(&text) {
        assert!(text.get(block.to_usize()).is_some(), "block out of bounds: {block:?}");
    }
});
