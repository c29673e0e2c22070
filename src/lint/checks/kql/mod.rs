//! KQL syntax findings (`KQL1xx`): the parser's errors, placed in the rule file. A query
//! without syntax errors goes on, with the same tree, to the semantic checks (`KQL2xx`).
//!
//! The parser defines the kinds of syntax mistake, each with its code and documentation
//! (`crate::kql::SyntaxErrorKind`); this module turns them into lints and maps each error's
//! offset in the query text back to the line and column of the YAML file, whatever the
//! scalar style the query was written in. Standalone `.kql`/`.csl` files are linted block
//! by block, the way the Log Analytics editor runs the block under the cursor.

use std::sync::LazyLock;

use crate::diagnostics::Diagnostic;
use crate::kql::semantic::UserSchemas;
use crate::kql::{self, SyntaxErrorKind};
use crate::lint::registry::Lint;
use crate::lint::{LintContext, RuleDocument};
use crate::source::{EmbeddedText, SourceFile, SourceId, TextRange};

/// One lint per kind of syntax error, built from the parser's own documentation.
static SYNTAX_LINTS: LazyLock<Vec<Lint>> =
    LazyLock::new(|| SyntaxErrorKind::ALL.iter().map(|&kind| lint_for(kind)).collect());

fn lint_for(kind: SyntaxErrorKind) -> Lint {
    use crate::diagnostics::Severity;
    Lint {
        code: kind.code(),
        name: kind.name(),
        default_severity: if kind.is_note() { Severity::Info } else { Severity::Error },
        summary: summary(kind.docs()),
        docs: kind.docs(),
    }
}

/// The first sentence under "What it does", as the one-line summary.
fn summary(docs: &'static str) -> &'static str {
    let body = docs.split_once("## What it does").map_or(docs, |(_, rest)| rest);
    let first = body.lines().map(str::trim).find(|line| !line.is_empty()).unwrap_or("");
    first.split_once(". ").map_or(first.trim_end_matches('.'), |(sentence, _)| sentence)
}

/// Every `KQL1xx` lint.
pub fn lints() -> Vec<&'static Lint> {
    SYNTAX_LINTS.iter().collect()
}

fn lint_of(kind: SyntaxErrorKind) -> &'static Lint {
    let index = SyntaxErrorKind::ALL.iter().position(|&k| k == kind).unwrap_or(0);
    &SYNTAX_LINTS[index]
}

/// Checks the syntax of a rule's `query`.
pub fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    let Some(node) = doc.field("query") else { return };
    let Some(query) = node.as_str() else { return };
    let parse = kql::parse(query);
    let map = EmbeddedText::new(doc.source.text(), node.range, node.style, query);
    if parse.errors().is_empty() {
        if doc.semantics {
            super::kql_semantic::check_parsed(doc, &parse, map, ctx);
        }
        return;
    }
    for error in parse.errors() {
        let diagnostic =
            ctx.report(lint_of(error.kind), map.range_to_file(error.range), &error.message);
        if let Some(help) = &error.help {
            diagnostic.set_help(help);
        }
    }
}

/// Checks a standalone query file, one blank-line-separated block at a time: syntax, then,
/// for a block without syntax errors, the names it uses (the checks that need rule fields do
/// not apply to a file that has none) when `semantics` is set.
pub fn check_script(
    source_id: SourceId,
    file: &SourceFile,
    user: &UserSchemas,
    semantics: bool,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for block in kql::split_script(file.text()) {
        let text = file.slice(block);
        let parse = kql::parse(text);
        if parse.errors().is_empty() && semantics {
            let mut ctx = LintContext::new(source_id);
            super::kql_semantic::check_block(&parse, user, (file.text(), block.start()), &mut ctx);
            diagnostics.extend(ctx.into_diagnostics());
            continue;
        }
        for error in parse.errors() {
            let lint = lint_of(error.kind);
            let range = TextRange::new(
                block.start() + error.range.start(),
                block.start() + error.range.end(),
            );
            let mut diagnostic =
                Diagnostic::new(lint.code, lint.default_severity, source_id, range, &error.message);
            diagnostic.help.clone_from(&error.help);
            diagnostics.push(diagnostic);
        }
    }
    diagnostics
}

#[cfg(test)]
mod tests;
