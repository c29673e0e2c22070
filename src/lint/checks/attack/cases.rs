//! The ATT&CK cases from the team's bug-report collection, run through all three check
//! families (ATT&CK, connectors, entities) so a case also proves nothing else fires.
//!
//! The YAML files are copies under `tests/fixtures/cases/`, embedded at compile time.

use super::testing::{codes, run_families};

const CASE_013: &str =
    include_str!("../../../../tests/fixtures/cases/013-subtechnique-split/rule.yaml");
const CASE_015: &str = include_str!("../../../../tests/fixtures/cases/015-tactic-names/rule.yaml");
const CASE_017: &str =
    include_str!("../../../../tests/fixtures/cases/017-techniques-null/rule.yaml");

/// 013: `T1071.001` is a valid entry, and so is the legacy connector id `Zscaler`.
#[test]
fn case_013_sub_technique_is_valid() {
    let found = run_families("rules/013.yaml", CASE_013);
    assert!(found.is_empty(), "{found:#?}");
}

/// 015: `Defense Evasion` and `Evasion` are errors with the hint `DefenseEvasion`;
/// `InhibitResponseFunction`, `ResourceDevelopment` and the ICS technique `T0816` are fine.
#[test]
fn case_015_tactic_names() {
    let found = run_families("rules/015.yaml", CASE_015);
    assert_eq!(codes(&found), ["ATT102", "ATT102"], "{found:#?}");
    assert_eq!(found[0].text, "Defense Evasion");
    assert_eq!(found[1].text, "Evasion");
    for finding in &found {
        assert_eq!(finding.severity, crate::diagnostics::Severity::Error);
        assert_eq!(finding.help.as_deref(), Some("Write `DefenseEvasion`"));
    }
}

/// 015, the same kind of fault in lower case: `defenseevasion` gets the same hint.
#[test]
fn case_015_matching_is_case_sensitive() {
    let yaml = CASE_015.replace("  - Evasion\n", "  - defenseevasion\n");
    let found = run_families("rules/015.yaml", &yaml);
    assert_eq!(codes(&found), ["ATT102", "ATT102"]);
    assert_eq!(found[1].text, "defenseevasion");
    assert_eq!(found[1].help.as_deref(), Some("Write `DefenseEvasion`"));
}

/// 017: `relevantTechniques:` with no value loads, and warns at the key.
#[test]
fn case_017_null_techniques_warn() {
    let found = run_families("rules/017.yaml", CASE_017);
    assert_eq!(codes(&found), ["ATT103"], "{found:#?}");
    assert_eq!(found[0].text, "relevantTechniques");
    assert_eq!(found[0].severity, crate::diagnostics::Severity::Warning);
}

/// 017, the same treatment for `tactics:` with no value.
#[test]
fn case_017_null_tactics_warn_too() {
    let yaml = CASE_017.replace("tactics:\n  - InitialAccess\n", "tactics:\n");
    let found = run_families("rules/017.yaml", &yaml);
    assert_eq!(codes(&found), ["ATT103", "ATT103"], "{found:#?}");
    assert_eq!(found[0].text, "tactics");
}
