//! Live versus repository: what changed in the workspace outside Git.
//!
//! A rule is `drifted` when its live fields differ from the file's (with the environment's
//! overrides applied), `disabled` when the only difference is that someone switched it off,
//! `missing` when the file's rule is not in the workspace, `orphaned` when a live rule carries
//! this repository's marker but its file is gone (what `deploy --prune` deletes, see
//! [`super::orphans`]), `unmanaged` when a live rule has no file and no marker of this
//! repository (made in the portal, or by another repository), and `owned-elsewhere` when this
//! repository has a file for a rule whose marker names another repository: deploy leaves
//! that rule to its owner, so its fields are not compared, but two repositories claiming one
//! rule is worth knowing about. Rules that match are not listed, nor are the live rules of
//! files left out of the run (they were warned about).

use std::path::PathBuf;

use serde::Serialize;
use serde_json::Value;

use super::compare::{Difference, compare_alert_rules, compare_saved_searches};
use super::inventory::{LiveInventory, LocalInventory, LocalRule};
use super::marker;
use super::orphans::{self, Live, Ownership};
use super::plan::HUNTING_KIND;
use super::to_arm::ArmResource;
use crate::azure::Workspace;

/// How a rule differs from its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Drifted,
    Missing,
    Unmanaged,
    Disabled,
    Orphaned,
    /// This repository has a file, but the live marker names another repository.
    #[serde(rename = "owned-elsewhere")]
    OwnedElsewhere,
}

/// One rule that is not as the repository says.
#[derive(Clone, Debug, PartialEq)]
pub struct DriftEntry {
    pub rule_id: String,
    pub file: Option<PathBuf>,
    pub kind: String,
    pub display_name: String,
    pub status: Status,
    pub fields: Vec<Difference>,
    /// For `owned-elsewhere`, the repository the marker names.
    pub owner: Option<String>,
}

/// The drift report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DriftReport {
    pub entries: Vec<DriftEntry>,
    /// Rules that match their files.
    pub in_sync: usize,
}

impl DriftReport {
    pub fn has_drift(&self) -> bool {
        !self.entries.is_empty()
    }

    pub fn count(&self, status: Status) -> usize {
        self.entries.iter().filter(|e| e.status == status).count()
    }
}

/// Compares every file with the workspace, then lists our live rules whose file is gone and
/// the live rules nobody owns.
pub fn build(
    local: &LocalInventory,
    live: &LiveInventory,
    workspace: &Workspace,
    owner: Ownership<'_>,
) -> DriftReport {
    let mut report = DriftReport::default();
    for rule in &local.rules {
        if let Some(entry) = owned_elsewhere(rule, live, workspace, owner.repository) {
            report.entries.push(entry);
            continue;
        }
        let (kind, fields) = match &rule.resource {
            ArmResource::AlertRule(body) => (
                body.kind.clone(),
                live.alert_rule(&rule.rule_id).map(|found| compare_alert_rules(found, body)),
            ),
            ArmResource::SavedSearch(body) => (
                HUNTING_KIND.to_owned(),
                live.hunting_query(&rule.rule_id).map(|found| compare_saved_searches(found, body)),
            ),
        };
        let status = match &fields {
            None => Status::Missing,
            Some(fields) if fields.is_empty() => {
                report.in_sync += 1;
                continue;
            }
            Some(fields) if only_disabled(fields) => Status::Disabled,
            Some(_) => Status::Drifted,
        };
        report.entries.push(DriftEntry {
            rule_id: rule.rule_id.clone(),
            file: Some(rule.file.clone()),
            kind,
            display_name: rule.display_name.clone(),
            status,
            fields: fields.unwrap_or_default(),
            owner: None,
        });
    }
    report.entries.extend(orphans::find(local, live, workspace, owner).iter().map(|orphan| {
        let kind = match orphan.live {
            Live::AlertRule(rule) => rule.kind.as_str(),
            Live::HuntingQuery(_) => HUNTING_KIND,
        };
        DriftEntry {
            rule_id: orphan.rule_id().to_owned(),
            file: orphan.file.as_ref().map(PathBuf::from),
            kind: kind.to_owned(),
            display_name: orphan.display_name().to_owned(),
            status: Status::Orphaned,
            fields: Vec::new(),
            owner: None,
        }
    }));
    report.entries.extend(unmanaged(local, live, workspace, owner.repository));
    report
}

/// The entry of a file whose live rule's marker names another repository, if it does.
fn owned_elsewhere(
    rule: &LocalRule,
    live: &LiveInventory,
    workspace: &Workspace,
    repository: &str,
) -> Option<DriftEntry> {
    let (kind, parent, exists) = match &rule.resource {
        ArmResource::AlertRule(body) => (
            body.kind.clone(),
            marker::alert_rule_id(workspace, &rule.rule_id),
            live.alert_rule(&rule.rule_id).is_some(),
        ),
        ArmResource::SavedSearch(_) => (
            HUNTING_KIND.to_owned(),
            marker::saved_search_id(workspace, &rule.rule_id),
            live.hunting_query(&rule.rule_id).is_some(),
        ),
    };
    if !exists {
        // The marker of a rule deleted in the portal outlives it: the rule is just missing.
        return None;
    }
    let owner = marker::other_owner(&live.markers, &parent, repository)?;
    Some(DriftEntry {
        rule_id: rule.rule_id.clone(),
        file: Some(rule.file.clone()),
        kind,
        display_name: rule.display_name.clone(),
        status: Status::OwnedElsewhere,
        fields: Vec::new(),
        owner: Some(owner),
    })
}

/// Whether the one difference is `enabled` switched from true (file) to false (live).
fn only_disabled(fields: &[Difference]) -> bool {
    matches!(fields, [d] if d.path == "enabled"
        && d.live == Some(Value::Bool(false))
        && d.local == Some(Value::Bool(true)))
}

fn unmanaged<'a>(
    local: &'a LocalInventory,
    live: &'a LiveInventory,
    workspace: &'a Workspace,
    repository: &'a str,
) -> impl Iterator<Item = DriftEntry> + 'a {
    let ours = move |parent: &str| {
        marker::find(&live.markers, parent)
            .and_then(marker::owner)
            .is_some_and(|owner| owner.repository == repository)
    };
    let no_file = move |id: &str| local.get(id).is_none() && !local.left_out(id);
    // Another repository's rule is still unmanaged here, but the report names its owner.
    let owner = move |parent: &str| marker::other_owner(&live.markers, parent, repository);
    let rules = live
        .alert_rules
        .iter()
        .filter(move |r| no_file(&r.name) && !ours(&marker::alert_rule_id(workspace, &r.name)))
        .map(move |r| {
            let name = r.properties.get("displayName").and_then(Value::as_str).unwrap_or_default();
            let owner = owner(&marker::alert_rule_id(workspace, &r.name));
            entry(&r.name, &r.kind, name, owner)
        });
    let queries = live
        .hunting_queries
        .iter()
        .filter(move |q| no_file(&q.name) && !ours(&marker::saved_search_id(workspace, &q.name)))
        .map(move |q| {
            let owner = owner(&marker::saved_search_id(workspace, &q.name));
            entry(&q.name, HUNTING_KIND, &q.display_name, owner)
        });
    rules.chain(queries)
}

fn entry(id: &str, kind: &str, display_name: &str, owner: Option<String>) -> DriftEntry {
    DriftEntry {
        rule_id: id.to_owned(),
        file: None,
        kind: kind.to_owned(),
        display_name: display_name.to_owned(),
        status: Status::Unmanaged,
        fields: Vec::new(),
        owner,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use std::path::Path;

    use super::*;
    use crate::azure::alert_rules::AlertRule;
    use crate::model::RuleKind;

    fn workspace() -> Workspace {
        Workspace { subscription: "s".into(), resource_group: "rg".into(), name: "law".into() }
    }

    fn rule(id: &str, enabled: bool, severity: &str) -> AlertRule {
        let props =
            json!({"displayName": id, "enabled": enabled, "severity": severity, "query": "T"});
        AlertRule::new(id, "Scheduled", props.as_object().cloned().expect("object"))
    }

    fn local(id: &str) -> LocalRule {
        LocalRule {
            rule_id: id.into(),
            file: format!("{id}.yaml").into(),
            source_path: format!("{id}.yaml"),
            kind: RuleKind::Scheduled,
            display_name: id.into(),
            version: None,
            resource: ArmResource::AlertRule(rule(id, true, "High")),
        }
    }

    #[test]
    fn statuses_follow_the_differences_and_the_markers() {
        let other_repo = marker::desired(&workspace(), &local("theirs"), "org/other");
        let ours = marker::desired(&workspace(), &local("gone"), "org/repo");
        let claimed = marker::desired(&workspace(), &local("claimed"), "org/other");
        // Its rule was deleted in the portal; the marker stayed.
        let leftover = marker::desired(&workspace(), &local("leftover"), "org/other");
        let live = LiveInventory {
            alert_rules: vec![
                rule("same", true, "High"),
                rule("off", false, "High"),
                rule("both", false, "Low"),
                rule("portal", true, "Low"),
                rule("theirs", true, "Low"),
                rule("gone", true, "Low"),
                rule("claimed", true, "Low"),
            ],
            hunting_queries: vec![],
            markers: vec![other_repo, ours, claimed, leftover],
        };
        let names = ["same", "off", "both", "missing", "claimed", "leftover"];
        let local = LocalInventory {
            rules: names.iter().map(|id| local(id)).collect(),
            ..Default::default()
        };
        let owner = Ownership { repository: "org/repo", root: Path::new("/nonexistent-root") };
        let report = build(&local, &live, &workspace(), owner);
        let found: Vec<(&str, Status)> =
            report.entries.iter().map(|e| (e.rule_id.as_str(), e.status)).collect();
        assert_eq!(
            found,
            [
                ("off", Status::Disabled),
                ("both", Status::Drifted),
                ("missing", Status::Missing),
                ("claimed", Status::OwnedElsewhere),
                ("leftover", Status::Missing),
                ("gone", Status::Orphaned),
                ("portal", Status::Unmanaged),
                ("theirs", Status::Unmanaged),
            ],
            "our rule whose file is gone is orphaned: the rule prune would delete"
        );
        assert_eq!(report.in_sync, 1);
        let owners: Vec<Option<&str>> = report
            .entries
            .iter()
            .filter(|e| e.status == Status::Unmanaged)
            .map(|e| e.owner.as_deref())
            .collect();
        assert_eq!(owners, [None, Some("org/other")], "portal rule, other repository's rule");
        let claimed = report.entries.iter().find(|e| e.rule_id == "claimed").expect("listed");
        assert_eq!(claimed.owner.as_deref(), Some("org/other"));
        assert!(claimed.fields.is_empty(), "another repository's rule is not compared");
    }
}
