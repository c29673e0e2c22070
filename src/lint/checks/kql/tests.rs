//! KQL syntax errors reported at the right place in the rule file, for every scalar style.

use crate::lint::testing::{Finding, lint_text, with_prefix};

fn kql_findings(text: &str) -> Vec<Finding> {
    with_prefix(&lint_text("rule.yaml", text), "KQL")
}

#[test]
fn a_clean_query_has_no_kql_findings() {
    let text = "id: x\nquery: |\n  SigninLogs\n  | where ResultType != \"0\"\n  | take 5\n";
    assert_eq!(kql_findings(text), []);
}

#[test]
fn error_in_a_literal_block_points_at_the_yaml_line() {
    let text = "id: x\nquery: |\n  SigninLogs\n  | where ResultType == (\"0\"\n  | take 5\n";
    let findings = kql_findings(text);
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| (4..=5).contains(&f.line)), "{findings:?}");
}

#[test]
fn error_in_a_double_quoted_query_points_at_the_column() {
    let text = "id: x\nquery: \"SigninLogs | wher x\"\n";
    let findings = kql_findings(text);
    assert_eq!(findings.first().map(|f| (f.line, f.column)), Some((2, 22)), "{findings:?}");
}

#[test]
fn error_in_a_folded_block() {
    let text = "id: x\nquery: >-\n  SigninLogs\n  | summarize count() by\n";
    let findings = kql_findings(text);
    assert!(!findings.is_empty());
    assert_eq!(findings[0].line, 4, "{findings:?}");
}

#[test]
fn several_errors_in_one_query_are_all_reported() {
    let text = "id: x\nquery: |\n  T\n  | where (a\n  | project x,\n  | frob\n";
    assert!(kql_findings(text).len() >= 2);
}

#[test]
fn every_kind_has_a_summary_and_docs() {
    for lint in super::lints() {
        assert!(lint.code.starts_with("KQL1"), "{}", lint.code);
        assert!(!lint.summary.is_empty(), "{}", lint.code);
        assert!(lint.docs.contains("## What it does"), "{}", lint.code);
    }
}
