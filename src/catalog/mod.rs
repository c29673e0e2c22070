//! Reference data compiled into the binary: MITRE ATT&CK, the data connector catalogue,
//! entity types and the `alertRules` enumerations.
//!
//! The `*_table.rs` files are generated from `data/` by `generate.rs` (a test-only module; a
//! test fails when a table is stale) so the binary never reads reference files at run time.
//! This module only answers lookups; deciding what is wrong is the lint checks' job.

mod alert_rule;
mod attack;
mod attack_table;
mod connectors;
mod connectors_table;
mod entities;
mod entities_table;
pub mod functions;
mod functions_table;
#[cfg(test)]
mod generate;
pub mod names;
pub mod tables;
#[cfg(test)]
mod tables_generate;

pub use alert_rule::{
    AGGREGATION_KINDS, ALERT_PROPERTIES, GROUP_BY_ALERT_DETAILS, MATCHING_METHODS,
};
pub use attack::{
    AttackTactic, Domain, SentinelTactic, Status, Technique, attack_date, attack_version,
    sentinel_tactic, sentinel_tactics, suggest_tactic, technique, techniques,
};
pub use connectors::{Connector, ConnectorSource, connector, connectors, suggest_connector};
pub use entities::{EntityType, entity_type, entity_types, suggest_entity_type};

/// The candidate closest to `input` for a "did you mean" hint, if one is close enough.
///
/// Comparison ignores case. A candidate qualifies when it is one edit away, or when at least
/// 80% of it matches: close enough for typos, far enough that words sharing only a suffix
/// (`CommonSecurityEvents`, `AkamaiSecurityEvents`) are not offered.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input = input.to_lowercase();
    let input_len = input.chars().count();
    candidates
        .into_iter()
        .filter_map(|candidate| {
            let candidate_lower = candidate.to_lowercase();
            let longest = input_len.max(candidate_lower.chars().count());
            // Both bars below allow at most `allowed` edits, and the edit distance is at least
            // the difference in length: most candidates are out before the costly distance.
            let allowed = (longest / 5).max(1);
            if input_len.abs_diff(candidate_lower.chars().count()) > allowed {
                return None;
            }
            let distance = strsim::damerau_levenshtein(&input, &candidate_lower);
            let score = 1.0 - distance as f64 / longest.max(1) as f64;
            (distance <= 1 || score >= 0.8).then_some((candidate, score))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(candidate, _)| candidate)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn closest_ignores_case_and_rejects_unrelated_words() {
        let words = ["AllEntities", "AnyAlert", "Selected"];
        assert_eq!(closest("anyalert", words), Some("AnyAlert"));
        assert_eq!(closest("Selcted", words), Some("Selected"));
        assert_eq!(closest("Everything", words), None);
        assert_eq!(closest("Hots", ["Host", "IP"]), Some("Host"));
        assert_eq!(closest("CommonSecurityEvents", ["AkamaiSecurityEvents"]), None);
    }
}
