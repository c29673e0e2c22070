//! Ownership markers: one `Microsoft.SecurityInsights/metadata` resource per rule deployed
//! from the repository, so prune and drift can tell our rules from rules made in the portal.
//!
//! A marker links its rule by `parentId` (the rule's ARM id) and records `source.kind =
//! SourceRepository`, the repository as `source.name` and the rule's file, relative to the
//! repository root, as `source.sourceId`. Only rules whose marker names *this* repository are
//! ever pruned, so two repositories deploying to one workspace never delete each other's
//! rules, and a rule without a marker is never deleted at all. A rule whose marker names
//! another repository is that repository's: deploy leaves it and its marker alone unless
//! asked to take it over. Sentinel keeps a marker when its rule is deleted in the portal;
//! such a leftover claims nothing, and the next deploy of the rule replaces it.

use serde_json::{Value, json};

use super::inventory::LocalRule;
use crate::azure::Workspace;
use crate::azure::metadata::Metadata;
use crate::model::RuleKind;

/// `source.kind` of our markers.
pub const SOURCE_KIND: &str = "SourceRepository";
/// Content version recorded when the file has no `version`.
pub const DEFAULT_VERSION: &str = "1.0.0";

/// Who deployed a rule, read from its marker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    pub repository: String,
    pub file: Option<String>,
}

/// ARM id of an alert rule of `workspace`.
pub fn alert_rule_id(workspace: &Workspace, rule_id: &str) -> String {
    format!("{}/alertRules/{rule_id}", workspace.security_insights_path())
}

/// ARM id of a saved search (hunting query) of `workspace`.
pub fn saved_search_id(workspace: &Workspace, id: &str) -> String {
    format!("{}/savedSearches/{id}", workspace.resource_id())
}

/// The marker `rule` should carry when deployed from `repository`.
pub fn desired(workspace: &Workspace, rule: &LocalRule, repository: &str) -> Metadata {
    let (name, kind, parent_id) = match rule.kind {
        RuleKind::Hunting => (
            format!("huntingquery-{}", rule.rule_id),
            "HuntingQuery",
            saved_search_id(workspace, &rule.rule_id),
        ),
        _ => (rule.rule_id.clone(), "AnalyticsRule", alert_rule_id(workspace, &rule.rule_id)),
    };
    let properties = json!({
        "contentId": rule.rule_id,
        "parentId": parent_id,
        "kind": kind,
        "version": rule.version.as_deref().unwrap_or(DEFAULT_VERSION),
        "source": { "kind": SOURCE_KIND, "name": repository, "sourceId": rule.source_path },
    });
    Metadata { name, etag: None, properties: properties.as_object().cloned().unwrap_or_default() }
}

/// Whether the live marker already says what `wanted` says (server-set fields ignored).
pub fn is_current(live: &Metadata, wanted: &Metadata) -> bool {
    let keys = ["contentId", "parentId", "kind", "version", "source"];
    let same = |key: &str| {
        let a = live.properties.get(key).unwrap_or(&Value::Null);
        let b = wanted.properties.get(key).unwrap_or(&Value::Null);
        match (a.as_str(), b.as_str()) {
            (Some(a), Some(b)) if key == "parentId" => a.eq_ignore_ascii_case(b),
            _ => a == b,
        }
    };
    live.name == wanted.name && keys.iter().all(|key| same(key))
}

/// The repository and file a marker names, when it is a source-repository marker.
pub fn owner(marker: &Metadata) -> Option<Owner> {
    let (kind, name) = marker.source()?;
    if kind != SOURCE_KIND || name.is_empty() {
        return None;
    }
    let file = marker
        .properties
        .get("source")
        .and_then(|s| s.get("sourceId"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    Some(Owner { repository: name.to_owned(), file })
}

impl Owner {
    /// Whether this marker names `repository`. Exact, as `source.name` is written: the one
    /// test prune, drift and plan all share, so a rule is never ours to one and foreign to
    /// another.
    pub fn is(&self, repository: &str) -> bool {
        self.repository == repository
    }
}

/// The repository other than `repository` that the marker of `parent_id` names, if any:
/// the rule belongs to that repository.
pub fn other_owner(markers: &[Metadata], parent_id: &str, repository: &str) -> Option<String> {
    find(markers, parent_id).and_then(owner).filter(|o| !o.is(repository)).map(|o| o.repository)
}

/// The marker whose `parentId` is `parent_id`, if any.
pub fn find<'a>(markers: &'a [Metadata], parent_id: &str) -> Option<&'a Metadata> {
    markers.iter().find(|m| m.parent_id().is_some_and(|p| p.eq_ignore_ascii_case(parent_id)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::azure::alert_rules::AlertRule;
    use crate::sync::ArmResource;

    fn workspace() -> Workspace {
        Workspace { subscription: "s".into(), resource_group: "rg".into(), name: "law".into() }
    }

    fn local(kind: RuleKind) -> LocalRule {
        LocalRule {
            rule_id: "bcc0724a-5ab4-49ea-9b1d-c53f059765d7".into(),
            file: "rules/a.yaml".into(),
            source_path: "rules/a.yaml".into(),
            kind,
            display_name: "A".into(),
            version: Some("1.0.2".into()),
            resource: ArmResource::AlertRule(AlertRule::new("x", "Scheduled", Default::default())),
        }
    }

    #[test]
    fn marker_names_repository_and_file_and_reads_back() {
        let wanted = desired(&workspace(), &local(RuleKind::Scheduled), "org/repo");
        assert_eq!(wanted.name, "bcc0724a-5ab4-49ea-9b1d-c53f059765d7");
        assert_eq!(
            owner(&wanted),
            Some(Owner { repository: "org/repo".into(), file: Some("rules/a.yaml".into()) })
        );
        let parent = wanted.parent_id().expect("parent").to_uppercase();
        assert!(find(std::slice::from_ref(&wanted), &parent).is_some());
        let mut live = wanted.clone();
        live.etag = Some("\"e\"".into());
        assert!(is_current(&live, &wanted));
        let moved = desired(&workspace(), &local(RuleKind::Scheduled), "org/other");
        assert!(!is_current(&live, &moved));
        let markers = [live];
        assert_eq!(other_owner(&markers, &parent, "org/repo"), None, "ours");
        assert_eq!(other_owner(&markers, &parent, "org/other").as_deref(), Some("org/repo"));
    }

    #[test]
    fn hunting_queries_are_marked_under_their_own_name() {
        let wanted = desired(&workspace(), &local(RuleKind::Hunting), "r");
        assert!(wanted.name.starts_with("huntingquery-"));
        assert_eq!(wanted.properties["kind"], "HuntingQuery");
        assert!(wanted.parent_id().is_some_and(|p| p.contains("/savedSearches/")));
    }
}
