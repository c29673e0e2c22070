//! Helpers for check tests: lint a YAML text or a fixture file and look at the findings.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::lint::runner::{LintSettings, lint_source};
use crate::source::{SourceDb, SourceFile};

/// A finding reduced to what tests compare: code, 1-based line:column and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: &'static str,
    pub line: u32,
    pub column: u32,
    pub message: String,
    pub severity: crate::diagnostics::Severity,
    /// What `--fix` would write in place of the finding's text, if anything.
    pub fix: Option<String>,
}

/// Lints `text` as if it were the file at `path` (the path decides hunting-folder detection).
pub fn lint_text(path: &str, text: &str) -> Vec<Finding> {
    let mut sources = SourceDb::new();
    let id = sources.add(SourceFile::new(path, text));
    let (diagnostics, _) = lint_source(&mut sources, id, &LintSettings::default());
    to_findings(&sources, &diagnostics)
}

/// Lints a fixture under `tests/fixtures/`.
pub fn lint_fixture(relative: &str) -> Vec<Finding> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("fixture {}: {error}", path.display()));
    lint_text(relative, &text)
}

/// Only the findings whose code starts with `prefix`.
pub fn with_prefix(findings: &[Finding], prefix: &str) -> Vec<Finding> {
    findings.iter().filter(|f| f.code.starts_with(prefix)).cloned().collect()
}

fn to_findings(sources: &SourceDb, diagnostics: &[Diagnostic]) -> Vec<Finding> {
    diagnostics
        .iter()
        .map(|d| {
            let position = sources.get(d.source).line_col(d.range.start());
            Finding {
                code: d.code,
                line: position.line,
                column: position.column,
                message: d.message.clone(),
                severity: d.severity,
                fix: d.fix.as_ref().map(|f| f.replacement.clone()),
            }
        })
        .collect()
}

/// Runs one check on a loaded rule, as the runner would with default settings.
pub fn run_check(
    source: &SourceFile,
    id: crate::source::SourceId,
    root: &crate::yaml::Node,
    kind: crate::model::RuleKind,
    check: impl FnOnce(&crate::lint::RuleDocument<'_>, &mut crate::lint::LintContext),
) -> Vec<Diagnostic> {
    let user_schemas = crate::kql::semantic::UserSchemas::default();
    let doc = crate::lint::RuleDocument {
        source_id: id,
        source,
        root,
        kind,
        user_schemas: &user_schemas,
        semantics: true,
    };
    let mut ctx = crate::lint::LintContext::new(id);
    check(&doc, &mut ctx);
    ctx.into_diagnostics()
}
