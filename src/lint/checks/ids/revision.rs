//! IDS103–IDS105: rules compared with the same files at a base revision (`--base REF`).
//!
//! Pull-request checks in content repositories enforce that a rule keeps its id, and that a
//! changed rule gets a higher `version`, because Sentinel offers template updates by version.
//! Rules are matched by path first and by id second, so a renamed file is still compared.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::declare_lint;
use crate::diagnostics::Diagnostic;
use crate::lint::runner::RuleSummary;
use crate::source::{SourceDb, SourceFile, TextRange};
use crate::yaml::{self, Node};

declare_lint! {
    /// A rule's `id` differs from the base revision
    ///
    /// ## What it does
    /// Compares each rule's `id` with the same file at the base revision (`--base REF`).
    ///
    /// ## Why is this bad?
    /// The id names the deployed resource. A new id deploys a second copy of the rule and
    /// leaves the old one behind; incidents and tuning attached to the old one are orphaned.
    ///
    /// ## Example
    /// A pull request that regenerates the GUID of an existing rule.
    ///
    /// Use instead: keep the id; create a new file for a genuinely new rule.
    pub static ID_CHANGED = ("IDS103", "id-changed", Error);
}

declare_lint! {
    /// A changed rule keeps its old `version`
    ///
    /// ## What it does
    /// When any field of a rule other than `version` differs from the base revision, checks
    /// that `version` is higher than before.
    ///
    /// ## Why is this bad?
    /// Sentinel offers template updates to workspaces by version; an unchanged version hides
    /// the change from everyone who deployed the rule from a template.
    ///
    /// ## Example
    /// The query changes, `version: 1.0.2` stays.
    ///
    /// Use instead: `version: 1.0.3`.
    pub static VERSION_NOT_BUMPED = ("IDS104", "version-not-bumped", Error);
}

declare_lint! {
    /// A rule present at the base revision was deleted
    ///
    /// ## What it does
    /// Lists rule files that exist at the base revision but no longer exist, under the
    /// linted folders, and whose id is not used by any current file.
    ///
    /// ## Why is this bad?
    /// Deleting the file does not delete the deployed rule; reviewers should see the deletion
    /// and decide whether the workspace must follow (`deploy --prune`).
    ///
    /// ## Example
    /// `rules/old-rule.yaml` removed in the pull request.
    pub static RULE_DELETED = ("IDS105", "rule-deleted", Info);
}

/// A rule file's text at the base revision.
#[derive(Clone, Debug)]
pub struct BaseFile {
    pub path: PathBuf,
    pub text: String,
}

/// Findings from comparing the current rules with `base` files.
pub fn check_against_base(
    current: &[RuleSummary],
    base: Vec<BaseFile>,
    sources: &mut SourceDb,
) -> Vec<Diagnostic> {
    let base: Vec<(BaseFile, Node)> = base
        .into_iter()
        .filter_map(|file| yaml::parse(&file.text).root.map(|root| (file, root)))
        .collect();
    let by_path: HashMap<&PathBuf, &(BaseFile, Node)> =
        base.iter().map(|b| (&b.0.path, b)).collect();
    let by_id: HashMap<String, &(BaseFile, Node)> =
        base.iter().filter_map(|b| Some((normalised_id(&b.1)?, b))).collect();

    let mut diagnostics = Vec::new();
    for rule in current {
        let previous = by_path.get(&rule.path).copied().or_else(|| {
            let id = rule.id.as_ref().map(|(id, _)| id.trim().to_ascii_lowercase())?;
            by_id.get(&id).copied()
        });
        if let Some((_, old_root)) = previous {
            compare(rule, old_root, &mut diagnostics);
        }
    }
    diagnostics.extend(deleted(current, &base, sources));
    diagnostics
}

fn normalised_id(root: &Node) -> Option<String> {
    root.get("id")?.as_str().map(|id| id.trim().to_ascii_lowercase())
}

fn compare(rule: &RuleSummary, old_root: &Node, diagnostics: &mut Vec<Diagnostic>) {
    let old_id = old_root.get("id").and_then(Node::as_str).unwrap_or("");
    if let Some((id, range)) = &rule.id
        && !old_id.is_empty()
        && !id.trim().eq_ignore_ascii_case(old_id.trim())
    {
        let lint = &ID_CHANGED;
        diagnostics.push(
            Diagnostic::new(
                lint.code,
                lint.default_severity,
                rule.source,
                *range,
                format!("`id` changed from `{old_id}` to `{id}`"),
            )
            .with_help(format!("Restore `id: {old_id}`")),
        );
    }
    if content_without_version(&rule.root) == content_without_version(old_root) {
        return;
    }
    let old_version = version_of(old_root);
    let new_version = version_of(&rule.root);
    if new_version.as_ref().map(|v| &v.0) > old_version.as_ref().map(|v| &v.0) {
        return;
    }
    let shown = |v: &Option<(Vec<u64>, String, TextRange)>| {
        v.as_ref().map_or_else(|| "none".to_owned(), |(_, text, _)| format!("`{text}`"))
    };
    let range = new_version
        .as_ref()
        .map(|v| v.2)
        .or_else(|| rule.id.as_ref().map(|(_, r)| *r))
        .unwrap_or_default();
    let lint = &VERSION_NOT_BUMPED;
    diagnostics.push(
        Diagnostic::new(
            lint.code,
            lint.default_severity,
            rule.source,
            range,
            format!(
                "Rule changed since the base revision but `version` did not increase (old {}, new {})",
                shown(&old_version),
                shown(&new_version)
            ),
        )
        .with_help("Raise `version`, e.g. the last number for a fix, the middle one for new logic"),
    );
}

fn content_without_version(root: &Node) -> serde_json::Value {
    let mut json = root.to_json();
    if let Some(map) = json.as_object_mut() {
        map.remove("version");
    }
    json
}

/// The `version` as numbers for comparison, as written, and where.
fn version_of(root: &Node) -> Option<(Vec<u64>, String, TextRange)> {
    let node = root.get("version")?;
    let text = match &node.value {
        yaml::Value::Str(text) => text.clone(),
        yaml::Value::Float(number) => number.to_string(),
        yaml::Value::Int(number) => number.to_string(),
        _ => return None,
    };
    let numbers = text.split('.').map(|part| part.trim().parse().unwrap_or(0)).collect();
    Some((numbers, text, node.range))
}

fn deleted(
    current: &[RuleSummary],
    base: &[(BaseFile, Node)],
    sources: &mut SourceDb,
) -> Vec<Diagnostic> {
    let current_ids: Vec<String> = current
        .iter()
        .filter_map(|r| r.id.as_ref().map(|(id, _)| id.trim().to_ascii_lowercase()))
        .collect();
    let mut diagnostics = Vec::new();
    for (file, root) in base {
        let still_here = current.iter().any(|r| r.path == file.path)
            || normalised_id(root).is_some_and(|id| current_ids.contains(&id));
        if still_here || file.path.exists() {
            continue;
        }
        let name = root.get("name").and_then(Node::as_str).unwrap_or("unnamed rule").to_owned();
        let id_range = root.get("id").map_or(TextRange::empty(0), |n| n.range);
        let source = sources.add(SourceFile::new(file.path.clone(), file.text.clone()).deleted());
        let lint = &RULE_DELETED;
        diagnostics.push(Diagnostic::new(
            lint.code,
            lint.default_severity,
            source,
            id_range,
            format!("Rule `{name}` was deleted since the base revision; the deployed rule stays until pruned"),
        ));
    }
    diagnostics
}
