//! Runs the analyzer over a list of query files and writes the unknown names it finds, one
//! JSON line per file, for comparison with Kusto.Language's semantic diagnostics
//! (`scripts/semantic-agreement.py` drives it and does the comparison).
//!
//! Ignored by default: it needs a corpus the project does not ship. Run with
//! `SEMANTIC_LIST=list.txt SEMANTIC_OUT=ours.jsonl cargo test --release --lib
//! kql::semantic::agreement -- --ignored`.

use std::fmt::Write as _;

use crate::kql::semantic::{FindingKind, UserSchemas, analyze};

/// The query of a file: a YAML rule's `query`/`Query` value, else the whole text.
fn query_of(path: &str, text: &str) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !(path.ends_with(".yaml") || path.ends_with(".yml")) {
        return Some(text.to_owned());
    }
    let parsed = crate::yaml::parse(text);
    let root = parsed.root?;
    let node = root.get("query").or_else(|| root.get("Query"))?;
    node.as_str().map(str::to_owned)
}

fn kind_name(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::UnknownColumn => "column",
        FindingKind::UnknownFunction => "function",
        FindingKind::UnknownTable => "table",
        FindingKind::WrongArgumentCount => "arity",
    }
}

#[test]
#[ignore = "needs a query corpus; see the module docs"]
fn write_unknown_names() {
    let (Some(list), Some(out)) =
        (std::env::var_os("SEMANTIC_LIST"), std::env::var_os("SEMANTIC_OUT"))
    else {
        return;
    };
    let list = std::fs::read_to_string(list).unwrap_or_default();
    let mut lines = String::new();
    let user = UserSchemas::default();
    for path in list.lines().filter(|l| !l.is_empty()) {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let Some(query) = query_of(path, &text) else { continue };
        let parse = crate::kql::parse(&query);
        let syntax_ok = parse.errors().is_empty();
        let analysis = analyze(&parse, &user);
        let findings: Vec<serde_json::Value> = analysis
            .findings
            .iter()
            .map(|f| {
                let name = f.message.split('`').nth(1).unwrap_or("");
                serde_json::json!({"kind": kind_name(f.kind), "name": name, "start": f.range.start()})
            })
            .collect();
        let record =
            serde_json::json!({"file": path, "syntax_ok": syntax_ok, "findings": findings});
        let _ = writeln!(lines, "{record}");
    }
    std::fs::write(out, lines).unwrap_or_else(|e| panic!("cannot write the output: {e}"));
}
