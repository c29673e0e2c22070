//! The connector side of the team's cases, run through all three check families.

use crate::lint::checks::attack::testing::run_families;

const CASE_005: &str =
    include_str!("../../../../tests/fixtures/cases/005-entity-mappings-empty/rule.yaml");
const CASE_017: &str =
    include_str!("../../../../tests/fixtures/cases/017-techniques-null/rule.yaml");

/// 005: `requiredDataConnectors: []` on a `Heartbeat` rule gets no connector finding.
#[test]
fn case_005_empty_connector_list_is_allowed() {
    let found = run_families("rules/005.yaml", CASE_005);
    assert!(found.iter().all(|f| !f.code.starts_with("CON")), "{found:#?}");
}

/// 017: two catalogued connectors; a typo in one is caught with a suggestion.
#[test]
fn case_017_connector_typo() {
    let yaml =
        CASE_017.replace("connectorId: ThreatIntelligence\n", "connectorId: ThreatIntelligense\n");
    let found = run_families("rules/017.yaml", &yaml);
    let connectors: Vec<_> = found.iter().filter(|f| f.code.starts_with("CON")).collect();
    assert_eq!(connectors.len(), 1, "{found:#?}");
    assert_eq!(connectors[0].text, "ThreatIntelligense");
    assert!(
        connectors[0].help.as_deref().unwrap_or_default().starts_with("Write `ThreatIntelligence`")
    );
}
