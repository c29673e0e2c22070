//! The entity cases from the team's bug-report collection, run through all three check
//! families (ATT&CK, connectors, entities) so each case also proves nothing else fires.
//!
//! The YAML files are copies under `tests/fixtures/cases/`, embedded at compile time.

use crate::diagnostics::Severity;
use crate::lint::checks::attack::testing::{Found, codes, run_families};

macro_rules! case {
    ($path:literal) => {
        include_str!(concat!("../../../../tests/fixtures/cases/", $path))
    };
}

fn errors(found: &[Found]) -> bool {
    found.iter().all(|f| f.severity == Severity::Error)
}

/// 003: five field mappings in one Account mapping (error at `fieldMappings`) and
/// `DisplayName` mapped twice (error at the second, naming the first); both in one run.
#[test]
fn case_003_too_many_identifiers_and_a_repeat() {
    let found = run_families("rules/003.yaml", case!("003-entity-identifiers-over-3/rule.yaml"));
    assert_eq!(codes(&found), ["ENT105", "ENT106"], "{found:#?}");
    assert!(errors(&found));
    assert_eq!(found[0].text, "fieldMappings");
    assert_eq!(
        found[0].message,
        "`entityMappings[0].fieldMappings` has 5 field mappings; maximum is 3"
    );
    assert_eq!(
        found[0].help.as_deref(),
        Some("Move the extra identifiers into a second `Account` mapping")
    );
    assert_eq!(found[1].text, "DisplayName");
    assert!(found[1].message.contains("(first at `fieldMappings[3]`)"), "{}", found[1].message);
}

/// 004: eleven mappings is an error at `entityMappings`.
#[test]
fn case_004_eleven_mappings() {
    let found = run_families("rules/004.yaml", case!("004-entity-mappings-over-10/rule.yaml"));
    assert_eq!(codes(&found), ["ENT103"], "{found:#?}");
    assert_eq!(found[0].text, "entityMappings");
    assert_eq!(found[0].message, "`entityMappings` has 11 entries; allowed range is 1..10");
}

/// 004: seven mappings is fine; the old limit of five does not apply.
#[test]
fn case_004_seven_mappings_pass() {
    let found =
        run_families("rules/004-ok.yaml", case!("004-entity-mappings-over-10/rule-ok-7.yaml"));
    assert!(found.is_empty(), "{found:#?}");
}

/// 005: `entityMappings: []` and `customDetails: {}` warn at their keys; nothing else.
#[test]
fn case_005_empty_blocks_warn() {
    let found = run_families("rules/005.yaml", case!("005-entity-mappings-empty/rule.yaml"));
    assert_eq!(codes(&found), ["ENT104", "ENT104"], "{found:#?}");
    assert_eq!(found[0].text, "entityMappings");
    assert_eq!(found[1].text, "customDetails");
    assert!(found.iter().all(|f| f.severity == Severity::Warning));
}

/// 006: `IPAddress` is not an IP identifier (valid: `Address`), and the FileHash mapping lacks
/// `Algorithm`; the Host and URL mappings are fine.
#[test]
fn case_006_invalid_and_missing_identifiers() {
    let found = run_families("rules/006.yaml", case!("006-entity-invalid-identifier/rule.yaml"));
    assert_eq!(codes(&found), ["ENT102", "ENT107"], "{found:#?}");
    assert!(errors(&found));
    assert_eq!(found[0].text, "IPAddress");
    assert_eq!(
        found[0].message,
        "`IPAddress` is not an identifier of entity type `IP`; valid: `Address`"
    );
    assert!(found[1].text.starts_with("entityType: FileHash"));
    assert_eq!(found[1].message, "`FileHash` mapping lacks required identifier `Algorithm`");
}

/// 006, the same kind of fault by case only: `Hostname` is an error with a hint.
#[test]
fn case_006_identifiers_are_case_sensitive() {
    let yaml = case!("006-entity-invalid-identifier/rule.yaml")
        .replace("identifier: HostName", "identifier: Hostname");
    let found = run_families("rules/006.yaml", &yaml);
    assert_eq!(codes(&found), ["ENT102", "ENT102", "ENT107"], "{found:#?}");
    assert_eq!(found[0].text, "Hostname");
    assert_eq!(found[0].help.as_deref(), Some("Write `HostName`: identifiers are case-sensitive"));
}

/// 011: four custom-detail errors (key starts with a digit, key too long, key with a space,
/// null value), none for `Action: Action`, and no crash on the null.
#[test]
fn case_011_custom_detail_rules() {
    let found = run_families("rules/011.yaml", case!("011-customdetails-key-rules/rule.yaml"));
    assert_eq!(codes(&found), ["ENT110", "ENT110", "ENT110", "ENT111"], "{found:#?}");
    assert!(errors(&found));
    let texts: Vec<&str> = found.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(
        texts,
        ["1stPort", "DestinationAddressOfConnection", "Transport Protocol", "FirewallAction"]
    );
    assert!(found[0].message.contains("must start with an English letter"));
    assert!(found[1].message.contains("30 characters long; maximum is 20"));
    assert!(found[2].message.contains("(a space found)"));
    assert!(found[3].message.contains("has no value"));
}

/// 034: three valid `alertDynamicProperties` and two placeholders per format: no findings.
#[test]
fn case_034_alert_dynamic_properties_pass() {
    let found = run_families("rules/034.yaml", case!("034-alert-dynamic-properties/rule.yaml"));
    assert!(found.is_empty(), "{found:#?}");
}
