//! Test support shared by the ATT&CK, connector and entity check families: load a YAML text
//! the way the linter does and run one check over it.
//!
//! Findings come back with the text their range covers, so tests can say "the error points
//! at `Evasion`" instead of comparing byte offsets.

use std::path::Path;

use crate::diagnostics::Severity;
use crate::lint::{LintContext, RuleDocument};
use crate::model::{KindSettings, detect_kind};
use crate::source::{SourceDb, SourceFile};

/// A check function, as every lint file and family `check` exposes it.
pub(crate) type Check = fn(&RuleDocument<'_>, &mut LintContext);

/// One diagnostic, reduced to what tests assert on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// The source text the diagnostic's range covers.
    pub text: String,
    /// What `--fix` would write in place of `text`, if anything.
    pub fix: Option<String>,
}

/// Runs `check` on `yaml` as if it were the file `rule.yaml`.
pub(crate) fn run(yaml: &str, check: Check) -> Vec<Found> {
    run_at("rules/rule.yaml", yaml, check)
}

/// Runs `check` on `yaml` loaded from `path` (which decides the kind when `kind:` is absent).
pub(crate) fn run_at(path: &str, yaml: &str, check: Check) -> Vec<Found> {
    let mut db = SourceDb::new();
    let id = db.add(SourceFile::new(path, yaml));
    let source = db.get(id);
    let parsed = crate::yaml::parse(source.text());
    assert!(parsed.errors.is_empty(), "test YAML must be valid: {:?}", parsed.errors);
    let root = parsed.root.expect("test YAML has a root");
    let kind = detect_kind(Path::new(path), &root, &KindSettings::default());
    crate::lint::testing::run_check(source, id, &root, kind, check)
        .into_iter()
        .map(|d| Found {
            code: d.code,
            severity: d.severity,
            text: source.slice(d.range).to_owned(),
            fix: d.fix.filter(|f| f.range == d.range).map(|f| f.replacement),
            message: d.message,
            help: d.help,
        })
        .collect()
}

/// Runs the ATT&CK, connector and entity families together, as the linter does.
pub(crate) fn run_families(path: &str, yaml: &str) -> Vec<Found> {
    run_at(path, yaml, |doc, ctx| {
        super::check(doc, ctx);
        crate::lint::checks::connectors::check(doc, ctx);
        crate::lint::checks::entities::check(doc, ctx);
    })
}

/// The codes of `found`, in report order.
pub(crate) fn codes(found: &[Found]) -> Vec<&'static str> {
    found.iter().map(|f| f.code).collect()
}
