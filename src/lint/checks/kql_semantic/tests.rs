//! The semantic cases from the team's bug-report collection (001, 008, 009, 019, 037 and the
//! column half of 004), plus the behaviours each lint promises, through the whole linter.

use crate::diagnostics::Severity;
use crate::lint::testing::{Finding, lint_fixture, lint_text};

/// The semantic findings (`KQL2xx`) of a fixture.
fn semantic(findings: Vec<Finding>) -> Vec<Finding> {
    findings.into_iter().filter(|f| f.code.starts_with("KQL2")).collect()
}

fn codes(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.code).collect()
}

#[test]
fn case_001_entity_columns_not_projected() {
    let found = semantic(lint_fixture("cases/001-entity-column-not-projected/rule.yaml"));
    assert_eq!(codes(&found), ["KQL205", "KQL205"], "{found:#?}");
    assert!(found.iter().all(|f| f.severity == Severity::Error));
    assert!(found[0].message.contains("`entityMappings[1].fieldMappings[0].columnName`"));
    assert!(found[0].message.contains("`HashAlgorithm`"));
    assert!(found[1].message.contains("`FileHashCustomEntity`"));
    let listed = "`TimeGenerated`, `DeviceName`, `FileName`, `FolderPath`, `SHA256`";
    assert!(found[0].message.ends_with(listed), "{}", found[0].message);
    assert_eq!(found[0].line, 31);
}

#[test]
fn case_004_mapped_columns_exist() {
    for file in ["rule.yaml", "rule-ok-7.yaml"] {
        let found = semantic(lint_fixture(&format!("cases/004-entity-mappings-over-10/{file}")));
        assert_eq!(found, [], "{file}");
    }
}

#[test]
fn case_008_dynamic_column_warns() {
    let found = semantic(lint_fixture("cases/008-entity-dynamic-column/rule.yaml"));
    assert_eq!(codes(&found), ["KQL206"], "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(
        found[0].message,
        "`entityMappings[0].fieldMappings[0].columnName` maps column `Actor` of type `dynamic`; \
         wrap it with `tostring()` in the query"
    );
}

#[test]
fn case_009_alert_details_placeholder() {
    let found = semantic(lint_fixture("cases/009-alertdetails-missing-column/rule.yaml"));
    assert_eq!(codes(&found), ["KQL205"], "{found:#?}");
    assert!(found[0].message.starts_with("`alertDetailsOverride.alertDescriptionFormat`"));
    assert!(found[0].message.contains("`FilesAccessedCount`"));
    assert!(found[0].message.ends_with("`UserId`, `CountOfDocs`, `FirstAccess`"));
}

#[test]
fn case_019_nrt_workspace_but_not_multi_table() {
    let multi = semantic(lint_fixture("cases/019-nrt-query-scope/rule-multi-table.yaml"));
    assert_eq!(multi, []);
    let cross = semantic(lint_fixture("cases/019-nrt-query-scope/rule-cross-workspace.yaml"));
    assert_eq!(codes(&cross), ["KQL209"], "{cross:#?}");
    assert_eq!(cross[0].severity, Severity::Error);
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/cases/019-nrt-query-scope/rule-cross-workspace.yaml"
    ))
    .unwrap_or_default()
    .replace("kind: NRT", "kind: Scheduled\nqueryFrequency: 1h\nqueryPeriod: 1h");
    assert!(!codes(&semantic(lint_text("scheduled.yaml", &text))).contains(&"KQL209"));
}

#[test]
fn case_037_lookback_past_query_period() {
    let found = semantic(lint_fixture("cases/037-kql-lookback-exceeds-period/rule.yaml"));
    assert_eq!(codes(&found), ["KQL208"], "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(
        found[0].message,
        "Time filter `ago(ioc_lookBack)` = 30d exceeds `queryPeriod` 1h; data older than 1h \
         is not visible to the rule"
    );
    assert_eq!(found[0].line, 25);
}

fn rule(query: &str, extra: &str) -> String {
    let query: String = query.lines().map(|l| format!("  {l}\n")).collect();
    format!(
        "id: 1f651c50-c0d7-47e8-946d-76eec6c3b050\nkind: Scheduled\nqueryFrequency: 1h\n\
         queryPeriod: 1h\nquery: |\n{query}{extra}"
    )
}

#[test]
fn unknown_names_point_into_the_query() {
    let text = rule(
        "SigninLogs\n| where IpAddress == '1' and to_lower(UserPrincipalName) == 'a'\n| take 1",
        "",
    );
    let found = semantic(lint_text("r.yaml", &text));
    assert_eq!(codes(&found), ["KQL201", "KQL202"], "{found:#?}");
    assert_eq!((found[0].line, found[0].column), (7, 11));
    assert_eq!(found[0].message, "Unknown column `IpAddress`");
}

#[test]
fn unknown_table_warns_once_and_silences_columns() {
    let text = rule("SigninLog\n| where Anything == 1\n| project Anything", "");
    let found = semantic(lint_text("r.yaml", &text));
    assert_eq!(codes(&found), ["KQL203"], "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
}

#[test]
fn case_034_custom_table_declared_in_data_types() {
    // The rule lists `ExampleEDR_CL` in `dataTypes`: no schema, but not an unknown table.
    let found = semantic(lint_fixture("cases/034-alert-dynamic-properties/rule.yaml"));
    assert_eq!(found, []);
}

#[test]
fn undeclared_custom_table_warns_and_silences_columns() {
    let query = "Custom_CL\n| where Anything == 1\n| project Anything";
    let found = semantic(lint_text("r.yaml", &rule(query, "")));
    assert_eq!(codes(&found), ["KQL203"], "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(found[0].message, "Unknown table `Custom_CL`; its columns are not checked");
    let declared =
        "requiredDataConnectors:\n  - connectorId: Custom\n    dataTypes:\n      - Custom_CL\n";
    assert_eq!(semantic(lint_text("r.yaml", &rule(query, declared))), []);
}

#[test]
fn data_types_are_compared_both_ways() {
    let extra = "requiredDataConnectors:\n  - connectorId: AzureActiveDirectory\n    \
                 dataTypes:\n      - SigninLogs\n";
    let found = semantic(lint_text("r.yaml", &rule("AuditLogs\n| take 1", extra)));
    assert_eq!(codes(&found), ["KQL207", "KQL207"], "{found:#?}");
    assert!(found[0].message.contains("`AuditLogs`"));
    assert!(found[1].message.contains("`SigninLogs`"));
}

#[test]
fn custom_details_and_dynamic_properties_need_output_columns() {
    let extra = "customDetails:\n  Who: Account\n  Where: Nowhere\nalertDetailsOverride:\n  \
                 alertDynamicProperties:\n    - alertProperty: ProductName\n      value: Gone\n";
    let text = rule("SecurityEvent\n| project TimeGenerated, Account", extra);
    let found = semantic(lint_text("r.yaml", &text));
    assert_eq!(codes(&found), ["KQL205", "KQL205"], "{found:#?}");
    assert!(found[0].message.contains("`Nowhere`"));
    assert!(found[1].message.contains("`Gone`"));
}
