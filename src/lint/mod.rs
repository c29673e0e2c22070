//! The linter: runs every check over loaded rule files and collects diagnostics.
//!
//! Phases, per file: YAML loading (syntax findings), kind detection, per-file checks over the
//! spanned tree; then checks across files (duplicate ids, base-revision comparison).

pub mod checks;
pub mod context;
pub mod fix;
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

#[cfg(test)]
mod meta_tests {
    //! Checks over the whole lint table, so a new lint cannot skip its documentation.

    use super::all_lints;

    const FAMILIES: &[&str] =
        &["YML1", "SCH1", "SCD1", "IDS1", "ATT1", "CON1", "ENT1", "KQL1", "KQL2"];

    #[test]
    fn codes_are_unique_and_in_a_known_family() {
        let lints = all_lints();
        let mut codes: Vec<&str> = lints.iter().map(|l| l.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), lints.len(), "duplicate lint codes");
        for code in codes {
            assert!(FAMILIES.iter().any(|f| code.starts_with(f)), "{code} is in no family");
            assert_eq!(code.len(), 6, "{code} is not PREFIX + three digits");
        }
    }

    #[test]
    fn every_lint_is_documented() {
        for lint in all_lints() {
            assert!(!lint.summary.is_empty(), "{} has no summary", lint.code);
            assert!(!lint.summary.ends_with('.'), "{} summary ends with a period", lint.code);
            for heading in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(lint.docs.contains(heading), "{} docs lack {heading}", lint.code);
            }
            assert!(
                lint.name.chars().all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
                "{} name `{}` is not kebab-case",
                lint.code,
                lint.name
            );
        }
    }

    #[test]
    fn names_are_unique() {
        let lints = all_lints();
        let mut names: Vec<&str> = lints.iter().map(|l| l.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "two lints share a name");
    }
}
