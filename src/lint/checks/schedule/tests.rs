//! Schedule checks over small rules and the public bug-report cases they come from.

use crate::diagnostics::Severity;
use crate::lint::testing::{Finding, lint_fixture, lint_text, with_prefix};

fn scheduled(fields: &str) -> String {
    format!(
        "id: 4a1b3f06-7d5e-4c39-9a0d-1f2e3d4c5b6a\nname: Test\ndescription: Test\nseverity: Low\n\
         kind: Scheduled\nrequiredDataConnectors: []\ntriggerOperator: gt\n{fields}\n\
         query: SigninLogs | take 1\n"
    )
}

fn schedule_findings(fields: &str) -> Vec<Finding> {
    with_prefix(&lint_text("rule.yaml", &scheduled(fields)), "SCD")
}

fn codes(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.code).collect()
}

#[test]
fn case_020_long_period_needs_hourly_frequency() {
    let findings = with_prefix(
        &lint_fixture("cases/020-period-frequency-combination/rule-long-period-fast.yaml"),
        "SCD",
    );
    assert_eq!(codes(&findings), ["SCD103"]);
    assert!(findings[0].message.contains("`queryFrequency` (5m) must be at least 1h"));
}

#[test]
fn case_020_period_shorter_than_frequency() {
    let findings = with_prefix(
        &lint_fixture("cases/020-period-frequency-combination/rule-period-shorter.yaml"),
        "SCD",
    );
    assert_eq!(codes(&findings), ["SCD102"]);
    assert!(findings[0].message.contains("(30m) must be at least `queryFrequency` (1h)"));
}

#[test]
fn case_020_hourly_over_fourteen_days_is_fine() {
    let findings = lint_fixture("cases/020-period-frequency-combination/rule-ok.yaml");
    assert_eq!(with_prefix(&findings, "SCD"), []);
}

#[test]
fn case_020_boundaries() {
    let at = |frequency: &str, period: &str| {
        codes(&schedule_findings(&format!(
            "triggerThreshold: 0\nqueryFrequency: {frequency}\nqueryPeriod: {period}"
        )))
    };
    assert_eq!(at("59m", "2d"), ["SCD103"]);
    assert_eq!(at("1h", "2d"), Vec::<&str>::new());
    assert_eq!(at("5m", "1d"), Vec::<&str>::new());
    assert_eq!(at("PT1H", "P2D"), Vec::<&str>::new());
}

#[test]
fn out_of_range_durations() {
    let findings = schedule_findings("triggerThreshold: 0\nqueryFrequency: 1m\nqueryPeriod: 1h");
    assert_eq!(codes(&findings), ["SCD101"]);
    assert!(findings[0].message.contains("`queryFrequency` is 1m"));
    let findings = schedule_findings("triggerThreshold: 0\nqueryFrequency: 1h\nqueryPeriod: 15d");
    assert_eq!(codes(&findings), ["SCD101"]);
    assert!(findings[0].message.contains("`queryPeriod` is 15d, outside the allowed range"));
}

#[test]
fn case_022_suppression_shorter_than_frequency() {
    let findings =
        with_prefix(&lint_fixture("cases/022-suppression-vs-frequency/rule.yaml"), "SCD");
    assert_eq!(codes(&findings), ["SCD104"]);
    assert!(findings[0].message.contains("(30m) must be at least `queryFrequency` (1h)"));
}

#[test]
fn case_022_disabled_suppression_is_at_most_a_note() {
    let findings =
        with_prefix(&lint_fixture("cases/022-suppression-vs-frequency/rule-disabled.yaml"), "SCD");
    assert!(findings.iter().all(|f| f.severity == Severity::Info), "{findings:?}");
}

#[test]
fn suppression_compares_normalised_durations() {
    let fields = "triggerThreshold: 0\nqueryFrequency: 1h\nqueryPeriod: 1h\n\
                  suppressionEnabled: true\nsuppressionDuration: 60m";
    assert_eq!(schedule_findings(fields), []);
}

#[test]
fn suppression_enabled_without_duration() {
    let fields =
        "triggerThreshold: 0\nqueryFrequency: 1h\nqueryPeriod: 1h\nsuppressionEnabled: true";
    assert_eq!(codes(&schedule_findings(fields)), ["SCD105"]);
}

#[test]
fn case_018_nrt_without_schedule_has_no_findings() {
    let findings = lint_fixture("cases/018-nrt-no-schedule-fields/rule.yaml");
    assert_eq!(with_prefix(&findings, "SCD"), []);
}

#[test]
fn case_018_nrt_schedule_fields_warn_each() {
    let findings = with_prefix(
        &lint_fixture("cases/018-nrt-no-schedule-fields/rule-extra-fields.yaml"),
        "SCD",
    );
    assert_eq!(codes(&findings), ["SCD106"; 4]);
    assert!(findings.iter().all(|f| f.severity == Severity::Warning));
    let fields: Vec<&str> =
        findings.iter().map(|f| f.message.split('`').nth(1).unwrap_or("")).collect();
    assert_eq!(fields, ["queryFrequency", "queryPeriod", "triggerOperator", "triggerThreshold"]);
}

#[test]
fn case_042_quoted_threshold_warns() {
    let findings =
        with_prefix(&lint_fixture("cases/042-trigger-operator-threshold/rule.yaml"), "SCD");
    assert_eq!(codes(&findings), ["SCD107"]);
    assert_eq!(findings[0].severity, Severity::Warning);
    assert!(findings[0].message.contains("deployed as the number 5"));
    assert_eq!(findings[0].fix.as_deref(), Some("5"), "unquoting is the fix");
}

#[test]
fn quoted_threshold_out_of_range_is_an_error() {
    let findings =
        schedule_findings("triggerThreshold: \"10001\"\nqueryFrequency: 1h\nqueryPeriod: 1h");
    assert_eq!(codes(&findings), ["SCD107"]);
    assert_eq!(findings[0].severity, Severity::Error);
    assert_eq!(findings[0].fix, None, "no number to write");
}
