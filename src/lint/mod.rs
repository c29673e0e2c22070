//! The linter: runs every check over loaded rule files and collects diagnostics.
//!
//! Phases, per file: YAML loading (syntax findings), kind detection, per-file checks over the
//! spanned tree; then checks across files (duplicate ids, base-revision comparison).

pub mod checks;
pub mod context;
pub mod message;
pub mod registry;
pub mod runner;
pub mod selection;
#[cfg(test)]
pub mod testing;

pub use context::{LintContext, RuleDocument};
pub use registry::Lint;
pub use runner::{LintOutcome, LintSettings, lint_files};
pub use selection::Selection;

/// Every lint sentinelctl knows, in code order.
pub fn all_lints() -> Vec<&'static Lint> {
    let mut lints = checks::all_lints();
    lints.sort_by_key(|lint| lint.code);
    lints
}

/// The lint with this code (case-insensitive), if any.
pub fn lint_by_code(code: &str) -> Option<&'static Lint> {
    all_lints().into_iter().find(|lint| lint.code.eq_ignore_ascii_case(code))
}
