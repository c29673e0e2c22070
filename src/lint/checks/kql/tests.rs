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

/// Lints `text` as a standalone query file: (code, line, column, message) per finding.
fn script_findings(text: &str) -> Vec<(&'static str, u32, u32, String)> {
    let mut sources = crate::source::SourceDb::new();
    let id = sources.add(crate::source::SourceFile::new("q.kql", text));
    let user = crate::kql::semantic::UserSchemas::default();
    let diagnostics = super::check_script(id, sources.get(id), &user, true);
    let position = |d: &crate::diagnostics::Diagnostic| sources.get(id).line_col(d.range.start());
    diagnostics
        .iter()
        .map(|d| (d.code, position(d).line, position(d).column, d.message.clone()))
        .collect()
}

#[test]
fn query_files_get_name_checks_block_by_block() {
    let text =
        "SigninLogs\n| where IpAddress == '1'\n\nAuditLogs\n| take 1\n\nNoSuchTable\n| take 1\n";
    let found = script_findings(text);
    let codes: Vec<_> = found.iter().map(|f| (f.0, f.1, f.2)).collect();
    assert_eq!(codes, [("KQL201", 2, 9), ("KQL203", 7, 1)], "{found:?}");
    assert_eq!(found[0].3, "Unknown column `IpAddress`");
}

#[test]
fn query_files_report_undescribed_custom_tables() {
    // A query file has no `dataTypes` to declare a custom table in.
    let found = script_findings("Custom_CL | where Anything == 1");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "KQL203");
}

#[test]
fn a_block_with_a_syntax_error_gets_no_name_checks() {
    let found =
        script_findings("SigninLogs\n| where IpAddress == (\n\nAuditLogs | where Nope == 1\n");
    assert!(found.iter().any(|f| f.0.starts_with("KQL1") && f.1 <= 3), "{found:?}");
    assert_eq!(found.iter().filter(|f| f.0.starts_with("KQL2")).count(), 1, "{found:?}");
    assert!(found.iter().any(|f| f.0 == "KQL201" && f.1 == 4), "{found:?}");
}

#[test]
fn semantics_can_be_switched_off_and_syntax_is_still_checked() {
    let mut sources = crate::source::SourceDb::new();
    let text = "SigninLogs | where IpAddress == '1'\n\nAuditLogs | where (\n";
    let id = sources.add(crate::source::SourceFile::new("q.kql", text));
    let user = crate::kql::semantic::UserSchemas::default();
    let codes = |semantics| -> Vec<&str> {
        let found = super::check_script(id, sources.get(id), &user, semantics);
        found.iter().map(|d| d.code).collect()
    };
    let with = codes(true);
    assert!(with.contains(&"KQL201"), "{with:?}");
    let without = codes(false);
    assert!(!without.is_empty() && without.iter().all(|c| c.starts_with("KQL1")), "{without:?}");
}
