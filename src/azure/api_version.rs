//! The one table of api-versions the client uses, and why.
//!
//! The newest stable Microsoft.SecurityInsights version (2025-09-01) knows only the Scheduled,
//! Fusion and MicrosoftSecurityIncidentCreation alert-rule kinds and has no `subTechniques`;
//! NRT rules and sub-techniques need a preview version. We use stable wherever it suffices,
//! and the preview for NRT rules, for rules that carry preview-only properties, and for
//! listing (a list in the stable version could not describe the NRT rules it returns).
//! Hunting queries (Log Analytics saved searches) and workspace tables are versioned
//! separately.

use serde_json::Value;

/// Newest stable Microsoft.SecurityInsights api-version.
pub const SECURITY_INSIGHTS_STABLE: &str = "2025-09-01";
/// Newest Microsoft.SecurityInsights preview published as hand-written OpenAPI files.
pub const SECURITY_INSIGHTS_PREVIEW: &str = "2025-07-01-preview";
/// Newest Microsoft.OperationalInsights api-version (savedSearches, tables) published as
/// OpenAPI files.
pub const OPERATIONAL_INSIGHTS: &str = "2025-02-01";

/// An operation whose api-version we choose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    /// Reading or writing an alert rule of a kind stable knows, without preview properties.
    AlertRuleStable,
    /// NRT, MLBehaviorAnalytics, ThreatIntelligence, or a rule with `subTechniques` or
    /// `sentinelEntitiesMappings`.
    AlertRulePreview,
    /// Listing alert rules: every kind may come back.
    AlertRuleList,
    /// `Microsoft.SecurityInsights/metadata` (ownership links).
    Metadata,
    /// `Microsoft.OperationalInsights/workspaces/savedSearches` (hunting queries).
    SavedSearch,
    /// `Microsoft.OperationalInsights/workspaces/tables` (custom table columns).
    Table,
}

#[rustfmt::skip]
const TABLE: &[(Operation, &str)] = &[
    (Operation::AlertRuleStable,  SECURITY_INSIGHTS_STABLE),
    (Operation::AlertRulePreview, SECURITY_INSIGHTS_PREVIEW),
    (Operation::AlertRuleList,    SECURITY_INSIGHTS_PREVIEW),
    (Operation::Metadata,         SECURITY_INSIGHTS_STABLE),
    (Operation::SavedSearch,      OPERATIONAL_INSIGHTS),
    (Operation::Table,            OPERATIONAL_INSIGHTS),
];

/// The api-version for `operation`.
pub fn for_operation(operation: Operation) -> &'static str {
    TABLE
        .iter()
        .find(|(op, _)| *op == operation)
        .map_or(SECURITY_INSIGHTS_STABLE, |(_, version)| version)
}

/// Kinds that exist only in the preview.
const PREVIEW_KINDS: &[&str] = &["NRT", "MLBehaviorAnalytics", "ThreatIntelligence"];
/// Properties that exist only in the preview.
const PREVIEW_PROPERTIES: &[&str] = &["subTechniques", "sentinelEntitiesMappings"];

/// Which operation writing or reading a rule of `kind` with `properties` is.
pub fn alert_rule_operation(kind: &str, properties: &Value) -> Operation {
    let preview_kind = PREVIEW_KINDS.iter().any(|k| k.eq_ignore_ascii_case(kind));
    let preview_property = properties.as_object().is_some_and(|map| {
        PREVIEW_PROPERTIES.iter().any(|p| map.get(*p).is_some_and(|v| !v.is_null()))
    });
    if preview_kind || preview_property {
        Operation::AlertRulePreview
    } else {
        Operation::AlertRuleStable
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn stable_where_it_suffices() {
        let op = alert_rule_operation("Scheduled", &json!({"query": "x", "techniques": ["T1"]}));
        assert_eq!(for_operation(op), "2025-09-01");
        assert_eq!(for_operation(Operation::Metadata), "2025-09-01");
        assert_eq!(for_operation(Operation::SavedSearch), "2025-02-01");
    }

    #[test]
    fn preview_for_nrt_and_sub_techniques() {
        assert_eq!(for_operation(alert_rule_operation("NRT", &json!({}))), "2025-07-01-preview");
        let sub = json!({"subTechniques": ["T1078.004"]});
        assert_eq!(for_operation(alert_rule_operation("Scheduled", &sub)), "2025-07-01-preview");
        let null_sub = json!({"subTechniques": null});
        assert_eq!(alert_rule_operation("Scheduled", &null_sub), Operation::AlertRuleStable);
        assert_eq!(for_operation(Operation::AlertRuleList), "2025-07-01-preview");
    }
}
