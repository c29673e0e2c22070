//! Decides whether a file is a Scheduled rule, an NRT rule or a hunting query.
//!
//! `kind:` wins when it names a known kind, in any case. Without it, a file under a hunting folder is a
//! hunting query; otherwise a file that has none of the analytic-rule fields is one too, and
//! anything else is treated as a Scheduled rule (the only kind with those fields).

use std::path::Path;

use crate::model::RuleKind;
use crate::yaml::Node;

/// Fields only analytic rules carry; their presence marks a file without `kind:` as one.
pub const ANALYTIC_ONLY_FIELDS: &[&str] = &[
    "severity",
    "queryFrequency",
    "queryPeriod",
    "triggerOperator",
    "triggerThreshold",
    "suppressionDuration",
    "suppressionEnabled",
    "incidentConfiguration",
    "eventGroupingSettings",
    "alertDetailsOverride",
];

/// Path fragments (case-insensitive) that mark a hunting-query folder.
#[derive(Clone, Debug)]
pub struct KindSettings {
    pub hunting_folders: Vec<String>,
}

impl Default for KindSettings {
    fn default() -> Self {
        Self { hunting_folders: vec!["Hunting Queries".to_owned(), "hunting".to_owned()] }
    }
}

/// The kind of the rule in `root`, read from `path` and its fields.
pub fn detect_kind(path: &Path, root: &Node, settings: &KindSettings) -> RuleKind {
    // A kind in the wrong case (`nrt`) still says which schema the author meant; checking it
    // against another kind's schema would bury the one real mistake, reported by the schema
    // check with its fix, under errors about fields that kind does not need.
    match root.get("kind").and_then(Node::as_str) {
        Some(kind) if kind.eq_ignore_ascii_case("Scheduled") => return RuleKind::Scheduled,
        Some(kind) if kind.eq_ignore_ascii_case("NRT") => return RuleKind::Nrt,
        _ => {}
    }
    if root.get("kind").is_some() {
        // An unknown `kind:` is reported by the schema check; the fields decide what else applies.
        return kind_from_fields(root);
    }
    if in_hunting_folder(path, settings) {
        return RuleKind::Hunting;
    }
    kind_from_fields(root)
}

fn kind_from_fields(root: &Node) -> RuleKind {
    if ANALYTIC_ONLY_FIELDS.iter().any(|field| root.get(field).is_some()) {
        RuleKind::Scheduled
    } else {
        RuleKind::Hunting
    }
}

fn in_hunting_folder(path: &Path, settings: &KindSettings) -> bool {
    let parent = path.parent().map(|p| p.to_string_lossy().to_lowercase()).unwrap_or_default();
    let parent = parent.replace('\\', "/");
    settings.hunting_folders.iter().any(|folder| parent.contains(&folder.to_lowercase()))
}
