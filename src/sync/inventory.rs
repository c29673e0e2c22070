//! The two sides every plan and drift report compares: the rules the files map to (with the
//! environment's overrides applied) and what the workspace holds (alert rules, hunting
//! queries and the ownership markers), read with one paged listing each and no per-rule
//! calls, so a plan over hundreds of rules costs a handful of requests.

use std::fmt;
use std::path::{Path, PathBuf};

use super::overrides::Overrides;
use super::to_arm::{ArmResource, Options, to_arm};
use super::{MapError, rule_id};
use crate::azure::alert_rules::AlertRule;
use crate::azure::metadata::Metadata;
use crate::azure::saved_searches::SavedSearch;
use crate::azure::{self, SentinelClient};
use crate::lint::LintOutcome;
use crate::lint::runner::RuleSummary;
use crate::model::RuleKind;
use crate::source::SourceFile;
use crate::yaml::Node;

/// One rule file, mapped to the resource it deploys as.
#[derive(Clone, Debug, PartialEq)]
pub struct LocalRule {
    pub rule_id: String,
    /// The file as discovered, for messages.
    pub file: PathBuf,
    /// The file relative to the repository root, `/`-separated: what the marker records.
    pub source_path: String,
    pub kind: RuleKind,
    pub display_name: String,
    /// The file's `version`, recorded in the marker.
    pub version: Option<String>,
    pub resource: ArmResource,
}

/// A rule file that cannot be deployed, at the line of the field at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileProblem {
    pub file: PathBuf,
    /// The file relative to the repository root, as markers record it.
    pub source_path: String,
    pub line: u32,
    pub column: u32,
    pub field: Option<String>,
    pub message: String,
    /// The file's `id` as written, when it has one, so reports can name the rule.
    pub rule_id: Option<String>,
    /// The file's `name`, when it has one.
    pub display_name: Option<String>,
    /// `Scheduled`, `NRT` or `HuntingQuery`, as reports name kinds.
    pub kind: String,
}

impl fmt::Display for FileProblem {
    /// `file:line:column: message`; every message names its field already.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file.display(), self.line, self.column, self.message)
    }
}

/// Every rule file of a run.
#[derive(Clone, Debug, Default)]
pub struct LocalInventory {
    pub rules: Vec<LocalRule>,
    /// Files left out of the plan, with the reason.
    pub problems: Vec<FileProblem>,
    /// Every rule file read this run, relative to the repository root like
    /// [`LocalRule::source_path`]: a marked rule whose file is among them but whose id is
    /// not has been renamed or re-identified, and is gone from the repository.
    pub files_read: Vec<String>,
}

impl LocalInventory {
    /// Maps the rules of a lint run; `root` is the folder marker paths are relative to.
    pub fn build(outcome: &LintOutcome, overrides: &Overrides, root: &Path) -> Self {
        let mut inventory = Self::default();
        for rule in &outcome.rules {
            let source = outcome.sources.get(rule.source);
            let source_path = relative_source_path(&rule.path, root);
            inventory.files_read.push(source_path.clone());
            let id_at = source.line_col(rule.id.as_ref().map_or(0, |(_, range)| range.start()));
            match map_rule(&rule.root, rule.kind, overrides) {
                Ok(resource) => inventory.push(
                    (id_at.line, id_at.column),
                    LocalRule {
                        rule_id: rule_id(&rule.root).unwrap_or_default(),
                        file: rule.path.clone(),
                        source_path,
                        kind: rule.kind,
                        display_name: display_name(&resource),
                        version: rule
                            .root
                            .get("version")
                            .and_then(|n| n.as_str())
                            .map(str::to_owned),
                        resource,
                    },
                ),
                Err(error) => {
                    inventory.problems.push(problem(source, rule, source_path, &error));
                }
            }
        }
        inventory
    }

    /// Adds a rule unless another file already uses its id (the first file wins, and the
    /// second is reported rather than silently overwriting the first in the workspace).
    fn push(&mut self, (line, column): (u32, u32), rule: LocalRule) {
        let first = self.rules.iter().find(|r| r.rule_id.eq_ignore_ascii_case(&rule.rule_id));
        if let Some(first) = first {
            let message = format!("`id` is already used by {}", first.file.display());
            self.problems.push(FileProblem {
                file: rule.file,
                source_path: rule.source_path,
                line,
                column,
                field: Some("id".into()),
                message,
                rule_id: Some(rule.rule_id),
                display_name: Some(rule.display_name),
                kind: kind_name(rule.kind).to_owned(),
            });
            return;
        }
        self.rules.push(rule);
    }

    /// The rule with `id`, compared case-insensitively as ARM does.
    pub fn get(&self, id: &str) -> Option<&LocalRule> {
        self.rules.iter().find(|r| r.rule_id.eq_ignore_ascii_case(id))
    }

    /// Whether a file left out of this run says it defines `id`: its live rule is still the
    /// repository's, not an orphan or someone else's.
    pub fn left_out(&self, id: &str) -> bool {
        self.problems
            .iter()
            .any(|p| p.rule_id.as_deref().is_some_and(|r| r.eq_ignore_ascii_case(id)))
    }
}

/// How reports name a rule kind (hunting queries by the resource they deploy as).
pub fn kind_name(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::Scheduled => "Scheduled",
        RuleKind::Nrt => "NRT",
        RuleKind::Hunting => super::plan::HUNTING_KIND,
    }
}

fn map_rule(root: &Node, kind: RuleKind, overrides: &Overrides) -> Result<ArmResource, MapError> {
    let mapped = to_arm(root, kind, &Options::default())?;
    let mut resource = mapped.resource;
    if let ArmResource::AlertRule(rule) = &mut resource {
        overrides.apply(rule);
    }
    Ok(resource)
}

fn display_name(resource: &ArmResource) -> String {
    match resource {
        ArmResource::AlertRule(rule) => rule
            .properties
            .get("displayName")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned(),
        ArmResource::SavedSearch(search) => search.display_name.clone(),
    }
}

/// The problem of `error`, at the line of the top-level field it names.
fn problem(
    source: &SourceFile,
    rule: &RuleSummary,
    source_path: String,
    error: &MapError,
) -> FileProblem {
    let root = &rule.root;
    let field = match error {
        MapError::MissingId | MapError::InvalidId(_) => Some("id".to_owned()),
        MapError::MissingField(field) => Some((*field).to_owned()),
        MapError::InvalidValue { field, .. } | MapError::UnknownField(field) => Some(field.clone()),
        MapError::NotAMapping | MapError::UnsupportedKind(_) => None,
    };
    let top = field.as_deref().map(|f| f.split(['.', '[']).next().unwrap_or(f));
    let range = top.and_then(|key| root.entry(key)).map_or(root.range, |entry| entry.key_range);
    let at = source.line_col(range.start());
    let text_of = |key: &str| root.get(key).and_then(Node::as_str).map(str::to_owned);
    FileProblem {
        file: source.path().to_path_buf(),
        source_path,
        line: at.line,
        column: at.column,
        field,
        message: error.to_string(),
        rule_id: text_of("id"),
        display_name: text_of("name"),
        kind: kind_name(rule.kind).to_owned(),
    }
}

/// `path` relative to `root` with `/` separators; as given when it is not below `root`.
pub fn relative_source_path(path: &Path, root: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (path_abs, root_abs) = (absolute(path), absolute(root));
    let shown = path_abs.strip_prefix(&root_abs).map_or(path, |relative| relative);
    let text = shown.to_string_lossy().replace('\\', "/");
    text.trim_start_matches("./").to_owned()
}

/// What the workspace holds.
#[derive(Clone, Debug, Default)]
pub struct LiveInventory {
    pub alert_rules: Vec<AlertRule>,
    /// Saved searches of the `Hunting Queries` category only.
    pub hunting_queries: Vec<SavedSearch>,
    pub markers: Vec<Metadata>,
}

impl LiveInventory {
    /// Lists the three collections concurrently.
    pub async fn fetch(client: &SentinelClient) -> azure::Result<Self> {
        let (alert_rules, searches, markers) = tokio::try_join!(
            client.list_alert_rules(),
            client.list_saved_searches(),
            client.list_metadata()
        )?;
        let hunting_queries: Vec<SavedSearch> =
            searches.into_iter().filter(SavedSearch::is_hunting_query).collect();
        tracing::info!(
            alert_rules = alert_rules.len(),
            hunting_queries = hunting_queries.len(),
            markers = markers.len(),
            "read the workspace"
        );
        Ok(Self { alert_rules, hunting_queries, markers })
    }

    pub fn alert_rule(&self, id: &str) -> Option<&AlertRule> {
        self.alert_rules.iter().find(|r| r.name.eq_ignore_ascii_case(id))
    }

    pub fn hunting_query(&self, id: &str) -> Option<&SavedSearch> {
        self.hunting_queries.iter().find(|q| q.name.eq_ignore_ascii_case(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{LintSettings, lint_files};

    const QUERY: &str = "name: Q\ndescription: d\nquery: |\n  SigninLogs | take 1\n";

    #[test]
    fn bad_and_duplicate_files_are_problems_at_their_line_and_the_rest_is_mapped() {
        let dir = tempfile::tempdir().expect("dir");
        let id = "id: 00000000-0000-4000-8000-000000000001\n";
        let files = [
            ("hunting/a.yaml", format!("{id}{QUERY}")),
            ("hunting/b.yaml", format!("# copy\n{id}{QUERY}")),
            ("hunting/c.yaml", format!("id: 00000000-0000-4000-8000-000000000002\n{QUERY}x: 1\n")),
        ];
        let mut paths = Vec::new();
        for (name, text) in &files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, text).expect("write");
            paths.push(path);
        }
        let outcome = lint_files(&paths, &LintSettings::default());
        let inventory = LocalInventory::build(&outcome, &Overrides::default(), dir.path());
        assert_eq!(inventory.rules.len(), 1);
        assert_eq!(inventory.rules[0].source_path, "hunting/a.yaml");
        assert_eq!(inventory.files_read.len(), 3);
        let shown: Vec<String> = inventory
            .problems
            .iter()
            .map(|p| {
                let file = p.file.file_name().map(|f| f.to_string_lossy().into_owned());
                format!("{}:{}:{:?}", file.unwrap_or_default(), p.line, p.field)
            })
            .collect();
        assert_eq!(shown, ["b.yaml:2:Some(\"id\")", "c.yaml:6:Some(\"x\")"]);
    }
}
