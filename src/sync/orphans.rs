//! Live rules this repository deployed whose file is gone: what `plan --prune` deletes and
//! what `drift` reports as `orphaned`. One definition for both, so a rule drift calls
//! orphaned is exactly a rule prune would delete.
//!
//! A live rule is orphaned when its marker names this repository, no file read this run
//! has its id, and the file the marker recorded is gone: deleted, or read this run under
//! another id. A file left out of the run (it could not be mapped) protects its rule, since
//! nobody can tell what it defines now; so does a marked file that still exists outside the
//! paths of this run.

use std::path::Path;

use super::inventory::{LiveInventory, LocalInventory};
use super::marker;
use crate::azure::Workspace;
use crate::azure::alert_rules::AlertRule;
use crate::azure::saved_searches::SavedSearch;

/// The live resource of an orphan.
#[derive(Clone, Copy, Debug)]
pub enum Live<'a> {
    AlertRule(&'a AlertRule),
    HuntingQuery(&'a SavedSearch),
}

/// A live rule of this repository whose file is gone.
#[derive(Clone, Debug)]
pub struct Orphan<'a> {
    pub live: Live<'a>,
    /// The file the marker recorded, relative to the repository root.
    pub file: Option<String>,
    /// The name of its marker, deleted with the rule.
    pub marker_name: String,
}

impl Orphan<'_> {
    pub fn rule_id(&self) -> &str {
        match self.live {
            Live::AlertRule(rule) => &rule.name,
            Live::HuntingQuery(query) => &query.name,
        }
    }

    pub fn display_name(&self) -> &str {
        match self.live {
            Live::AlertRule(rule) => {
                rule.properties.get("displayName").and_then(|v| v.as_str()).unwrap_or_default()
            }
            Live::HuntingQuery(query) => &query.display_name,
        }
    }
}

/// Whose rules, and where their files are.
#[derive(Clone, Copy, Debug)]
pub struct Ownership<'a> {
    /// `source.name` of our markers.
    pub repository: &'a str,
    /// The folder marker file paths are relative to.
    pub root: &'a Path,
}

/// Every orphan of `live`, alert rules first, in the workspace's order.
pub fn find<'a>(
    local: &LocalInventory,
    live: &'a LiveInventory,
    workspace: &Workspace,
    owner: Ownership<'_>,
) -> Vec<Orphan<'a>> {
    let rules = live
        .alert_rules
        .iter()
        .map(|r| (Live::AlertRule(r), marker::alert_rule_id(workspace, &r.name), &r.name));
    let queries = live
        .hunting_queries
        .iter()
        .map(|q| (Live::HuntingQuery(q), marker::saved_search_id(workspace, &q.name), &q.name));
    rules
        .chain(queries)
        .filter(|(_, _, id)| local.get(id).is_none() && !local.left_out(id))
        .filter_map(|(found, parent, _)| {
            let marker = marker::find(&live.markers, &parent)?;
            let ours = marker::owner(marker).filter(|o| o.is(owner.repository))?;
            file_gone(local, owner.root, ours.file.as_deref()).then(|| Orphan {
                live: found,
                file: ours.file,
                marker_name: marker.name.clone(),
            })
        })
        .collect()
}

/// Whether the file a marker recorded no longer defines its rule.
fn file_gone(local: &LocalInventory, root: &Path, file: Option<&str>) -> bool {
    let Some(file) = file else { return true };
    if local.problems.iter().any(|p| p.source_path == file) {
        return false;
    }
    local.files_read.iter().any(|read| read == file) || !root.join(file).is_file()
}
