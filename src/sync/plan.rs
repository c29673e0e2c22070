//! Pairs rule files with live resources by id and decides, per rule, what a deploy does:
//! create, update (with the fields that differ), delete (only with prune, and only rules
//! our marker says we deployed from files that are gone), nothing, or nothing because the
//! rule's marker names another repository (`owned-elsewhere`).
//!
//! The live workspace is the only state: no tracking file, no git SHA table. A rule whose
//! content is unchanged but whose ownership marker is missing or outdated stays
//! `unchanged`; deploy writes just the marker (adopting, e.g., an exported rule). A marker
//! naming another repository is never rewritten silently: that repository still deploys the
//! rule, and taking the marker would let this one prune it. Only `adopt` takes such a rule
//! over, and the entry then records whose it was.

use std::path::PathBuf;

use serde::Serialize;

use super::compare::{Difference, compare_alert_rules, compare_saved_searches};
use super::inventory::{FileProblem, LiveInventory, LocalInventory, LocalRule};
use super::marker;
use super::orphans::{self, Live, Orphan, Ownership};
use super::to_arm::ArmResource;
use crate::azure::Workspace;
use crate::azure::alert_rules::AlertRule;
use crate::azure::metadata::Metadata;
use crate::azure::saved_searches::SavedSearch;

/// Sentinel accepts at most this many NRT rules per workspace.
pub const NRT_LIMIT: usize = 50;
/// `kind` reported for hunting queries.
pub const HUNTING_KIND: &str = "HuntingQuery";

/// What deploy does with one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Update,
    Delete,
    Unchanged,
    /// The rule's marker names another repository: deploy leaves the rule and its marker.
    #[serde(rename = "owned-elsewhere")]
    OwnedElsewhere,
}

/// The resource a delete removes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    AlertRule,
    HuntingQuery,
}

/// One rule of the plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub rule_id: String,
    /// The rule file; for a delete, the file the marker recorded.
    pub file: Option<PathBuf>,
    /// `Scheduled`, `NRT`, … or `HuntingQuery`.
    pub kind: String,
    pub display_name: String,
    pub action: Action,
    /// What would change (every field for a create or a delete).
    pub fields: Vec<Difference>,
    /// The body to send, for a create or an update.
    pub resource: Option<ArmResource>,
    /// The ownership marker to write, when it is missing or outdated.
    pub marker: Option<Metadata>,
    /// For a delete: what to remove, and the name of its marker.
    pub delete: Option<(Target, String)>,
    /// The other repository the rule's live marker names, if any: the owner of an
    /// `owned-elsewhere` rule, or the one a takeover (`adopt`) takes it from.
    pub owner: Option<String>,
}

impl Entry {
    /// Whether deploy would write anything for this rule.
    pub fn writes(&self) -> bool {
        match self.action {
            Action::Unchanged => self.marker.is_some(),
            Action::OwnedElsewhere => false,
            _ => true,
        }
    }

    /// For a rule taken over from another repository: (from, to).
    pub fn takeover(&self) -> Option<(&str, &str)> {
        let from = self.owner.as_deref()?;
        let to = self.marker.as_ref().and_then(|m| m.source()).map(|(_, name)| name)?;
        Some((from, to))
    }
}

/// How to plan.
#[derive(Clone, Debug)]
pub struct PlanOptions {
    /// Plan deleting our rules whose files are gone.
    pub prune: bool,
    /// `source.name` of our markers.
    pub repository: String,
    /// The folder marker file paths are relative to.
    pub root: PathBuf,
    /// Take over rules whose marker names another repository (rewrite the marker).
    pub adopt: bool,
}

/// Every rule, in file order, then the deletes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub entries: Vec<Entry>,
    /// Our rules whose files are gone, when not pruning: `--prune` would delete them.
    pub prunable: Vec<Entry>,
    /// Warnings to show before any write (service limits).
    pub warnings: Vec<String>,
    /// Rule files left out because they cannot be deployed as written.
    pub left_out: Vec<FileProblem>,
}

impl Plan {
    /// Whether a deploy would create, update or delete a rule.
    pub fn has_changes(&self) -> bool {
        self.entries
            .iter()
            .any(|e| matches!(e.action, Action::Create | Action::Update | Action::Delete))
    }

    /// How many entries take `action`.
    pub fn count(&self, action: Action) -> usize {
        self.entries.iter().filter(|e| e.action == action).count()
    }

    /// Unchanged rules whose marker deploy writes, takeovers aside (they are listed).
    pub fn marker_only(&self) -> usize {
        let marked = |e: &&Entry| e.action == Action::Unchanged && e.marker.is_some();
        self.entries.iter().filter(marked).filter(|e| e.owner.is_none()).count()
    }

    /// Rules whose marker names another repository and that deploy therefore leaves alone.
    pub fn owned_elsewhere(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.action == Action::OwnedElsewhere)
    }

    /// Rules `adopt` takes over from another repository.
    pub fn takeovers(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.takeover().is_some())
    }
}

/// Compares `local` with `live` for `workspace`.
pub fn build(
    local: &LocalInventory,
    live: &LiveInventory,
    workspace: &Workspace,
    options: &PlanOptions,
) -> Plan {
    let mut plan = Plan { left_out: local.problems.clone(), ..Plan::default() };
    for rule in &local.rules {
        plan.entries.push(entry_for_file(rule, live, workspace, options));
    }
    let gone = gone_from_repository(local, live, workspace, options);
    if options.prune {
        plan.entries.extend(gone);
    } else {
        plan.prunable = gone;
    }
    if let Some(warning) = nrt_limit_warning(&plan, live, workspace) {
        plan.warnings.push(warning);
    }
    plan
}

fn entry_for_file(
    rule: &LocalRule,
    live: &LiveInventory,
    workspace: &Workspace,
    options: &PlanOptions,
) -> Entry {
    let (kind, fields, exists, parent) = match &rule.resource {
        ArmResource::AlertRule(local) => {
            let found = live.alert_rule(&rule.rule_id);
            let empty = AlertRule::new(&local.name, &local.kind, Default::default());
            let fields = compare_alert_rules(found.unwrap_or(&empty), local);
            let parent = marker::alert_rule_id(workspace, &rule.rule_id);
            (local.kind.clone(), fields, found.is_some(), parent)
        }
        ArmResource::SavedSearch(local) => {
            let found = live.hunting_query(&rule.rule_id);
            let fields = compare_saved_searches(found.unwrap_or(&empty_search()), local);
            let parent = marker::saved_search_id(workspace, &rule.rule_id);
            (HUNTING_KIND.to_owned(), fields, found.is_some(), parent)
        }
    };
    let action = match (exists, fields.is_empty()) {
        (false, _) => Action::Create,
        (true, false) => Action::Update,
        (true, true) => Action::Unchanged,
    };
    // A marker outlives a rule deleted in the portal; without its rule it claims nothing.
    let owner = exists.then(|| marker::other_owner(&live.markers, &parent, &options.repository));
    let owner = owner.flatten();
    let mut entry = Entry {
        rule_id: rule.rule_id.clone(),
        file: Some(rule.file.clone()),
        kind,
        display_name: rule.display_name.clone(),
        action,
        fields: one_sided(fields, action),
        resource: (action != Action::Unchanged).then(|| rule.resource.clone()),
        marker: None,
        delete: None,
        owner,
    };
    if entry.owner.is_some() && !options.adopt {
        leave_to_owner(&mut entry);
        return entry;
    }
    let wanted = marker::desired(workspace, rule, &options.repository);
    let current =
        marker::find(&live.markers, &parent).is_some_and(|m| marker::is_current(m, &wanted));
    entry.marker = (!current).then_some(wanted);
    entry
}

/// Another repository's rule: nothing is sent, its marker included. The field differences
/// are dropped too, since this repository's file is not what the workspace is meant to hold.
fn leave_to_owner(entry: &mut Entry) {
    entry.action = Action::OwnedElsewhere;
    entry.fields.clear();
    entry.resource = None;
}

/// A saved search with nothing set, the other side of a create or a delete.
fn empty_search() -> SavedSearch {
    let mut search = SavedSearch::hunting_query("", "", "", "", &[], &[]);
    search.category.clear();
    search
}

/// For a create, what the file sets (nothing is live); for a delete, what is live.
fn one_sided(fields: Vec<Difference>, action: Action) -> Vec<Difference> {
    let keep = |mut d: Difference| match action {
        Action::Create => d.local.is_some().then_some(Difference { live: None, ..d }),
        Action::Delete => {
            d.local = None;
            d.live.is_some().then_some(d)
        }
        _ => Some(d),
    };
    fields.into_iter().filter_map(keep).collect()
}

/// Delete entries for our live rules whose file is gone.
fn gone_from_repository(
    local: &LocalInventory,
    live: &LiveInventory,
    workspace: &Workspace,
    options: &PlanOptions,
) -> Vec<Entry> {
    let owner = Ownership { repository: &options.repository, root: &options.root };
    let orphans = orphans::find(local, live, workspace, owner);
    orphans.into_iter().map(|orphan| delete_entry_for(&orphan)).collect()
}

fn delete_entry_for(orphan: &Orphan<'_>) -> Entry {
    let (kind, fields, target) = match orphan.live {
        Live::AlertRule(rule) => {
            let empty = AlertRule::new(&rule.name, &rule.kind, Default::default());
            (rule.kind.clone(), compare_alert_rules(rule, &empty), Target::AlertRule)
        }
        Live::HuntingQuery(query) => (
            HUNTING_KIND.to_owned(),
            compare_saved_searches(query, &empty_search()),
            Target::HuntingQuery,
        ),
    };
    Entry {
        rule_id: orphan.rule_id().to_owned(),
        file: orphan.file.as_ref().map(PathBuf::from),
        kind,
        display_name: orphan.display_name().to_owned(),
        action: Action::Delete,
        fields: one_sided(fields, Action::Delete),
        resource: None,
        marker: None,
        delete: Some((target, orphan.marker_name.clone())),
        owner: None,
    }
}

/// The warning of a plan that leaves more NRT rules than Sentinel allows.
fn nrt_limit_warning(plan: &Plan, live: &LiveInventory, workspace: &Workspace) -> Option<String> {
    let is_nrt = |kind: &str| kind.eq_ignore_ascii_case("NRT");
    let planned = |id: &str| plan.entries.iter().find(|e| e.rule_id.eq_ignore_ascii_case(id));
    let live_kept = live.alert_rules.iter().filter(|rule| match planned(&rule.name) {
        Some(entry) => entry.action != Action::Delete && is_nrt(&entry.kind),
        None => is_nrt(&rule.kind),
    });
    let created = plan.entries.iter().filter(|e| e.action == Action::Create && is_nrt(&e.kind));
    let total = live_kept.count() + created.count();
    (total > NRT_LIMIT).then(|| {
        format!(
            "this plan leaves {total} NRT rules in workspace {}; Sentinel allows at most \
             {NRT_LIMIT}, so writing the others may fail",
            workspace.name
        )
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::RuleKind;
    use crate::sync::inventory::LocalRule;

    fn workspace() -> Workspace {
        Workspace { subscription: "s".into(), resource_group: "rg".into(), name: "law".into() }
    }

    fn id(n: u32) -> String {
        format!("00000000-0000-4000-8000-{n:012}")
    }

    fn rule(n: u32, kind: &str) -> AlertRule {
        let props = json!({"displayName": format!("R{n}"), "enabled": true, "severity": "High",
                           "query": "T", "suppressionEnabled": false, "suppressionDuration": "PT5H"});
        AlertRule::new(id(n), kind, props.as_object().cloned().expect("object"))
    }

    fn local(n: u32, kind: RuleKind) -> LocalRule {
        let arm_kind = if kind == RuleKind::Nrt { "NRT" } else { "Scheduled" };
        LocalRule {
            rule_id: id(n),
            file: format!("rules/{n}.yaml").into(),
            source_path: format!("rules/{n}.yaml"),
            kind,
            display_name: format!("R{n}"),
            version: None,
            resource: ArmResource::AlertRule(rule(n, arm_kind)),
        }
    }

    fn options(prune: bool) -> PlanOptions {
        PlanOptions {
            prune,
            repository: "org/repo".into(),
            root: "/nonexistent-root".into(),
            adopt: false,
        }
    }

    fn marked(n: u32, repository: &str, file: &str) -> Metadata {
        let mut rule = local(n, RuleKind::Scheduled);
        rule.source_path = file.into();
        marker::desired(&workspace(), &rule, repository)
    }

    /// Live rules 1 (as its file says) and 2 (severity changed since).
    fn one_same_one_changed() -> Vec<AlertRule> {
        let mut changed = rule(2, "Scheduled");
        changed.properties.insert("severity".into(), json!("Low"));
        vec![rule(1, "Scheduled"), changed]
    }

    #[test]
    fn pairs_by_id_and_marks_unmarked_unchanged_rules() {
        let live = LiveInventory { alert_rules: one_same_one_changed(), ..Default::default() };
        let local = LocalInventory {
            rules: vec![
                local(1, RuleKind::Scheduled),
                local(2, RuleKind::Scheduled),
                local(3, RuleKind::Scheduled),
            ],
            ..Default::default()
        };
        let plan = build(&local, &live, &workspace(), &options(false));
        let actions: Vec<Action> = plan.entries.iter().map(|e| e.action).collect();
        assert_eq!(actions, [Action::Unchanged, Action::Update, Action::Create]);
        assert_eq!(plan.entries[1].fields.len(), 1);
        assert!(plan.entries[0].resource.is_none(), "an unchanged rule is never re-sent");
        assert!(plan.entries[0].marker.is_some(), "but it gets its ownership marker");
        assert_eq!(plan.marker_only(), 1);
        assert!(plan.entries[2].fields.iter().all(|d| d.live.is_none()));
    }

    #[test]
    fn only_rules_marked_by_this_repository_with_their_file_gone_are_pruned() {
        let live = LiveInventory {
            alert_rules: (1..=4).map(|n| rule(n, "Scheduled")).collect(),
            hunting_queries: vec![],
            markers: vec![
                marked(1, "org/repo", "rules/deleted.yaml"),
                marked(2, "org/other", "rules/deleted.yaml"),
                marked(3, "org/repo", "rules/renamed-id.yaml"),
            ],
        };
        let local = LocalInventory {
            files_read: vec!["rules/renamed-id.yaml".into()],
            ..Default::default()
        };
        let plan = build(&local, &live, &workspace(), &options(true));
        let deleted: Vec<&str> = plan.entries.iter().map(|e| e.rule_id.as_str()).collect();
        assert_eq!(deleted, [id(1), id(3)], "never another repository's rule or an unmarked one");
        let without = build(&local, &live, &workspace(), &options(false));
        assert!(without.entries.is_empty());
        assert_eq!(without.prunable.len(), 2);
    }

    #[test]
    fn a_rule_another_repository_marked_is_left_alone_unless_adopted() {
        let live = LiveInventory {
            alert_rules: one_same_one_changed(),
            markers: vec![marked(1, "org/other", "rules/1.yaml"), marked(2, "org/other", "x")],
            ..Default::default()
        };
        let local = LocalInventory {
            rules: vec![local(1, RuleKind::Scheduled), local(2, RuleKind::Scheduled)],
            ..Default::default()
        };
        let plan = build(&local, &live, &workspace(), &options(false));
        for entry in &plan.entries {
            assert_eq!(entry.action, Action::OwnedElsewhere, "{entry:?}");
            assert_eq!(entry.owner.as_deref(), Some("org/other"));
            assert!(!entry.writes(), "neither the rule nor its marker is sent");
        }
        assert!(!plan.has_changes(), "nothing deploy would write is a change");
        assert_eq!(plan.marker_only(), 0);

        let adopting = PlanOptions { adopt: true, ..options(false) };
        let plan = build(&local, &live, &workspace(), &adopting);
        let actions: Vec<Action> = plan.entries.iter().map(|e| e.action).collect();
        assert_eq!(actions, [Action::Unchanged, Action::Update]);
        let takeovers: Vec<_> = plan.takeovers().filter_map(Entry::takeover).collect();
        assert_eq!(takeovers, [("org/other", "org/repo"), ("org/other", "org/repo")]);
        assert_eq!(plan.marker_only(), 0, "takeovers are listed on their own");
    }

    #[test]
    fn the_leftover_marker_of_a_rule_deleted_in_the_portal_claims_nothing() {
        let live = LiveInventory {
            markers: vec![marked(1, "org/other", "rules/1.yaml")],
            ..Default::default()
        };
        let local =
            LocalInventory { rules: vec![local(1, RuleKind::Scheduled)], ..Default::default() };
        let plan = build(&local, &live, &workspace(), &options(false));
        let entry = &plan.entries[0];
        assert_eq!(entry.action, Action::Create, "{entry:?}");
        assert_eq!(entry.owner, None);
        let marker = entry.marker.as_ref().expect("our marker replaces the leftover one");
        assert_eq!(marker::owner(marker).map(|o| o.repository).as_deref(), Some("org/repo"));
    }

    #[test]
    fn a_rule_whose_file_was_left_out_of_the_run_is_never_pruned() {
        let problem = |file: &str, rule_id: Option<String>| FileProblem {
            file: file.into(),
            source_path: file.into(),
            line: 1,
            column: 1,
            field: None,
            message: "cannot be mapped".into(),
            rule_id,
            display_name: None,
            kind: "Scheduled".into(),
        };
        let live = LiveInventory {
            alert_rules: vec![rule(1, "Scheduled"), rule(2, "Scheduled")],
            markers: vec![
                marked(1, "org/repo", "rules/1.yaml"),
                marked(2, "org/repo", "rules/2.yaml"),
            ],
            ..Default::default()
        };
        // One file still names its id; the other's id cannot be read at all.
        let local = LocalInventory {
            problems: vec![problem("rules/1.yaml", Some(id(1))), problem("rules/2.yaml", None)],
            files_read: vec!["rules/1.yaml".into(), "rules/2.yaml".into()],
            ..Default::default()
        };
        let plan = build(&local, &live, &workspace(), &options(true));
        assert!(plan.entries.is_empty(), "{:?}", plan.entries);
        assert_eq!(plan.left_out.len(), 2, "and the plan lists the files");
    }

    #[test]
    fn a_marked_rule_whose_file_still_exists_outside_the_paths_is_kept() {
        let root = tempfile::tempdir().expect("dir");
        std::fs::create_dir_all(root.path().join("rules")).expect("mkdir");
        std::fs::write(root.path().join("rules/elsewhere.yaml"), "id: x\n").expect("write");
        let live = LiveInventory {
            alert_rules: vec![rule(1, "Scheduled")],
            markers: vec![marked(1, "org/repo", "rules/elsewhere.yaml")],
            ..Default::default()
        };
        let options = PlanOptions { root: root.path().into(), ..options(true) };
        let plan = build(&LocalInventory::default(), &live, &workspace(), &options);
        assert!(plan.entries.is_empty(), "{:?}", plan.entries);
    }

    #[test]
    fn nrt_limit_counts_live_and_new_rules_and_not_deleted_ones() {
        let live_nrt: Vec<AlertRule> = (1..=48).map(|n| rule(n, "NRT")).collect();
        let new = |range: std::ops::RangeInclusive<u32>| LocalInventory {
            rules: range.map(|n| local(n, RuleKind::Nrt)).collect(),
            ..Default::default()
        };
        let live = LiveInventory { alert_rules: live_nrt.clone(), ..Default::default() };
        let at_limit = build(&new(49..=50), &live, &workspace(), &options(false));
        assert!(at_limit.warnings.is_empty(), "{:?}", at_limit.warnings);
        let over = build(&new(49..=51), &live, &workspace(), &options(false));
        assert_eq!(over.warnings.len(), 1);
        assert!(over.warnings[0].contains("51 NRT rules"), "{}", over.warnings[0]);

        let markers = (1..=2).map(|n| marked(n, "org/repo", "rules/gone.yaml")).collect();
        let live = LiveInventory { alert_rules: live_nrt, markers, ..Default::default() };
        let pruned = build(&new(49..=52), &live, &workspace(), &options(true));
        assert!(pruned.warnings.is_empty(), "two deletes make room: {:?}", pruned.warnings);
    }
}
