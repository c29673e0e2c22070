//! Export: a workspace's live analytic rules and hunting queries as rule files.
//!
//! [`export`] maps every Scheduled and NRT rule and every saved search in the `Hunting
//! Queries` category to its file text (through [`super::from_arm`] and the YAML writer), and
//! names the files: analytic rules under `analytics/`, hunting queries under `hunting/` (the
//! folder name the linter recognises), each named by a slug of its display name. Two rules
//! whose slugs match both get the first eight characters of their id appended, so a name does
//! not depend on the order ARM lists rules in. Other rule kinds (Fusion, Microsoft security
//! incident creation, ...) are listed as skipped, and a rule that cannot be mapped is listed
//! as failed, without stopping the others. The `version` a rule's metadata records (the
//! ownership marker deploy writes) is restored, since the rule itself does not hold it.
//!
//! A folder that already holds rule files is exported into by id ([`existing`]): a rule goes
//! back to the file that holds its id, whatever its name, and a new rule never takes the name
//! of a file holding another rule. What only that file knows (its `requiredDataConnectors`,
//! its `version` when the workspace records none, keys the export does not write) is kept
//! ([`keep`]), and an environment's overrides are not written into Git as if they were the
//! rule's own settings ([`environment`]).
//!
//! [`write_file`] writes one file atomically (a temporary file in the same folder, renamed
//! into place), and refuses to replace an existing file unless asked to.

pub mod environment;
pub mod existing;
pub mod keep;

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::error::MapError;
use super::from_arm::{alert_rule_to_file, saved_search_to_file};
use super::marker;
use crate::azure::Workspace;
use crate::azure::alert_rules::AlertRule;
use crate::azure::metadata::Metadata;
use crate::azure::saved_searches::SavedSearch;
use crate::yaml::{Node, to_yaml_string};
use existing::Existing;

/// Folder of the analytic rules, below the export folder.
pub const ANALYTICS_DIR: &str = "analytics";
/// Folder of the hunting queries; the linter takes files under `hunting` for hunting queries.
pub const HUNTING_DIR: &str = "hunting";
/// Longest slug kept from a display name, so paths stay well below platform limits.
const MAX_SLUG_LEN: usize = 80;

/// What a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Scheduled,
    Nrt,
    Hunting,
}

/// One file to write.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportedFile {
    /// Relative to the export folder, e.g. `analytics/probable-adfind-usage.yaml`.
    pub path: PathBuf,
    pub text: String,
    pub kind: FileKind,
    pub id: String,
    pub display_name: String,
    /// Whether `path` is an existing file that holds this rule already.
    pub replaces_rule: bool,
}

/// A live rule that is not exported, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct NotExported {
    pub id: String,
    pub display_name: String,
    /// The rule's kind as ARM names it.
    pub kind: String,
    pub reason: String,
}

/// Everything an export found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Export {
    pub files: Vec<ExportedFile>,
    /// Kinds the file format has no place for.
    pub skipped: Vec<NotExported>,
    /// Rules whose live form could not be mapped.
    pub failed: Vec<NotExported>,
}

/// Content versions recorded by the rules' metadata, by lower-case rule id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Versions(HashMap<String, String>);

impl Versions {
    /// The version each rule's metadata (found by `parentId`) records, when it records one.
    pub fn recorded(
        markers: &[Metadata],
        workspace: &Workspace,
        rules: &[AlertRule],
        searches: &[SavedSearch],
    ) -> Self {
        let parents = rules
            .iter()
            .map(|r| (&r.name, marker::alert_rule_id(workspace, &r.name)))
            .chain(searches.iter().map(|s| (&s.name, marker::saved_search_id(workspace, &s.name))));
        let versions = parents.filter_map(|(id, parent)| {
            let found = marker::find(markers, &parent)?;
            let version = found.properties.get("version")?.as_str()?;
            Some((id.to_ascii_lowercase(), version.to_owned()))
        });
        Self(versions.collect())
    }

    fn get(&self, id: &str) -> Option<&str> {
        self.0.get(&id.to_ascii_lowercase()).map(String::as_str)
    }
}

/// Maps live rules and saved searches to files; saved searches outside the hunting category
/// (plain Log Analytics queries) are not rules and are ignored. A rule that one of the
/// `existing` files holds keeps what only that file knows.
pub fn export(
    rules: &[AlertRule],
    searches: &[SavedSearch],
    versions: &Versions,
    existing: &Existing,
) -> Export {
    let mut out = Export::default();
    let mut analytics = Vec::new();
    for rule in rules {
        let display_name = display_name(rule);
        let not_exported = |kind: String, reason: String| NotExported {
            id: rule.name.clone(),
            display_name: display_name.clone(),
            kind,
            reason,
        };
        let kind = kind_of(rule);
        let mapped = alert_rule_to_file(rule, versions.get(&rule.name))
            .map(|tree| with_kept(tree, &rule.name, kind, versions, existing));
        match mapped {
            Ok(tree) => match to_yaml_string(&tree) {
                Ok(text) => analytics.push((rule.name.clone(), display_name.clone(), text, kind)),
                Err(error) => out.failed.push(not_exported(rule.kind.clone(), error.to_string())),
            },
            Err(MapError::UnsupportedKind(kind)) => {
                let reason = format!("{kind} rules have no rule-file format");
                out.skipped.push(not_exported(kind, reason));
            }
            Err(error) => out.failed.push(not_exported(rule.kind.clone(), error.to_string())),
        }
    }
    let mut hunting = Vec::new();
    for search in searches.iter().filter(|s| s.is_hunting_query()) {
        let name = search.display_name.clone();
        let tree = saved_search_to_file(search, versions.get(&search.name));
        let tree = with_kept(tree, &search.name, FileKind::Hunting, versions, existing);
        match to_yaml_string(&tree) {
            Ok(text) => hunting.push((search.name.clone(), name, text, FileKind::Hunting)),
            Err(error) => out.failed.push(NotExported {
                id: search.name.clone(),
                display_name: name,
                kind: "HuntingQuery".into(),
                reason: error.to_string(),
            }),
        }
    }
    out.files.extend(named_files(ANALYTICS_DIR, analytics));
    out.files.extend(named_files(HUNTING_DIR, hunting));
    out
}

/// `tree` with what it keeps of the file that holds rule `id`, when there is one.
fn with_kept(
    tree: Node,
    id: &str,
    kind: FileKind,
    versions: &Versions,
    existing: &Existing,
) -> Node {
    match existing.get(id) {
        Some(file) => keep::keep(tree, &file.root, kind, versions.get(id)),
        None => tree,
    }
}

fn kind_of(rule: &AlertRule) -> FileKind {
    if rule.kind.eq_ignore_ascii_case("NRT") { FileKind::Nrt } else { FileKind::Scheduled }
}

fn display_name(rule: &AlertRule) -> String {
    let name = rule.properties.get("displayName").and_then(|v| v.as_str());
    name.unwrap_or_default().to_owned()
}

/// Files in `dir`, named from their display names, sorted by path.
fn named_files(dir: &str, items: Vec<(String, String, String, FileKind)>) -> Vec<ExportedFile> {
    let keys: Vec<(&str, &str)> =
        items.iter().map(|(id, name, _, _)| (id.as_str(), name.as_str())).collect();
    let names = file_names(&keys);
    let mut files: Vec<ExportedFile> = items
        .into_iter()
        .zip(names)
        .map(|((id, display_name, text, kind), name)| ExportedFile {
            path: Path::new(dir).join(format!("{name}.yaml")),
            text,
            kind,
            id,
            display_name,
            replaces_rule: false,
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// A file stem for each `(id, display name)`: the slug of the name, with a short id suffix
/// when several share it, and the whole id in the (freak) case that is still not unique.
pub fn file_names(items: &[(&str, &str)]) -> Vec<String> {
    let slugs: Vec<String> = items.iter().map(|(_, name)| slug(name)).collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for slug in &slugs {
        *counts.entry(slug.as_str()).or_default() += 1;
    }
    let mut names: Vec<String> = slugs
        .iter()
        .zip(items)
        .map(|(slug, (id, _))| {
            if counts[slug.as_str()] > 1 {
                format!("{slug}-{}", short_id(id))
            } else {
                slug.clone()
            }
        })
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for name in &names {
        *seen.entry(name.clone()).or_default() += 1;
    }
    for (index, name) in names.iter_mut().enumerate() {
        if seen[name.as_str()] > 1 {
            *name = format!("{}-{}", slugs[index], slug(items[index].0));
        }
    }
    names
}

/// Lower-case ASCII letters and digits with single `-` between words; `rule` when nothing is
/// left, and a `-rule` suffix on names Windows reserves for devices.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.truncate(MAX_SLUG_LEN);
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        return "rule".to_owned();
    }
    if is_reserved_on_windows(trimmed) {
        return format!("{trimmed}-rule");
    }
    trimmed.to_owned()
}

fn is_reserved_on_windows(stem: &str) -> bool {
    const DEVICES: &[&str] = &["con", "prn", "aux", "nul"];
    let numbered = ["com", "lpt"].iter().any(|prefix| {
        stem.strip_prefix(prefix)
            .is_some_and(|rest| rest.len() == 1 && rest.bytes().all(|b| b.is_ascii_digit()))
    });
    DEVICES.contains(&stem) || numbered
}

fn short_id(id: &str) -> String {
    slug(id).chars().take(8).collect()
}

/// How a file was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    Created,
    Replaced,
}

/// A file that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{} already exists (use --force to replace it)", .0.display())]
    Exists(PathBuf),
    #[error("could not write {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

/// Writes `text` to `path` atomically, creating missing folders; an existing file is
/// replaced only with `force`. The rename never leaves half a file behind, and without
/// `force` it does not replace a file that appeared after the check either.
pub fn write_file(path: &Path, text: &str, force: bool) -> Result<Written, WriteError> {
    let io = |source| WriteError::Io { path: path.to_owned(), source };
    let existed = path.exists();
    if existed && !force {
        return Err(WriteError::Exists(path.to_owned()));
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    temp.write_all(text.as_bytes()).map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    readable_by_others(temp.as_file()).map_err(io)?;
    if force {
        temp.persist(path).map_err(|e| io(e.error))?;
    } else {
        temp.persist_noclobber(path).map_err(|e| match e.error.kind() {
            std::io::ErrorKind::AlreadyExists => WriteError::Exists(path.to_owned()),
            _ => io(e.error),
        })?;
    }
    Ok(if existed { Written::Replaced } else { Written::Created })
}

/// Temporary files are private (0600); rule files are shared like any checked-out file.
#[cfg(unix)]
fn readable_by_others(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    file.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn readable_by_others(_file: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

/// Writes `text` to `name` under `dir`, creating folders: the repositories export tests scan.
#[cfg(test)]
fn write_test_file(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const A: &str = "bcc0724a-5ab4-49ea-9b1d-c53f059765d7";
    const B: &str = "8540c842-5bbc-4a24-9fb2-a836c0e55a51";

    #[test]
    fn slugs_are_safe_and_deterministic() {
        assert_eq!(slug("Probable AdFind Recon Tool Usage"), "probable-adfind-recon-tool-usage");
        assert_eq!(slug("Lookout - New Threat events found."), "lookout-new-threat-events-found");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("C:\\Windows\\System32"), "c-windows-system32");
        assert_eq!(slug("Détection été"), "d-tection-t");
        assert_eq!(slug("???"), "rule");
        assert_eq!(slug(""), "rule");
        assert_eq!(slug("CON"), "con-rule");
        assert_eq!(slug("com1"), "com1-rule");
        assert_eq!(slug("console"), "console");
        let long = "word ".repeat(40);
        let cut = slug(&long);
        assert!(cut.len() <= MAX_SLUG_LEN && !cut.ends_with('-'), "{cut}");
    }

    #[test]
    fn shared_names_get_an_id_suffix_whatever_the_order() {
        let names = file_names(&[(A, "Same name"), (B, "Same  name!"), (B, "Other")]);
        assert_eq!(names, ["same-name-bcc0724a", "same-name-8540c842", "other"]);
        let reversed = file_names(&[(B, "Same  name!"), (A, "Same name")]);
        assert_eq!(reversed, ["same-name-8540c842", "same-name-bcc0724a"]);
    }

    #[test]
    fn names_stay_unique_when_short_ids_collide() {
        let names = file_names(&[("aaaaaaaa-1", "x"), ("aaaaaaaa-2", "x"), ("z", "x-aaaaaaaa")]);
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 3, "{names:?}");
    }

    fn rule(name: &str, kind: &str, display: &str) -> AlertRule {
        let properties = json!({"displayName": display, "query": "T", "severity": "Low",
            "queryFrequency": "PT1H", "queryPeriod": "PT1H", "triggerOperator": "GreaterThan",
            "triggerThreshold": 0});
        AlertRule::new(name, kind, properties.as_object().cloned().expect("object"))
    }

    #[test]
    fn kinds_go_to_their_folders_and_others_are_listed() {
        let rules = [
            rule(A, "Scheduled", "One"),
            rule(B, "Fusion", "Advanced multistage attack detection"),
            rule("c", "NRT", "Three"),
        ];
        let mut search = SavedSearch::hunting_query("h", "Hunt", "T", "d", &[], &[]);
        let mut other = search.clone();
        other.category = "General".into();
        search.name = "h1".into();
        let found = export(&rules, &[search, other], &Versions::default(), &Existing::default());
        let paths: Vec<String> =
            found.files.iter().map(|f| f.path.to_string_lossy().replace('\\', "/")).collect();
        assert_eq!(paths, ["analytics/one.yaml", "analytics/three.yaml", "hunting/hunt.yaml"]);
        assert_eq!(found.skipped.len(), 1);
        assert_eq!(found.skipped[0].kind, "Fusion");
        assert_eq!(found.failed, []);
    }

    #[test]
    fn versions_come_from_the_metadata_of_each_rule() {
        use crate::model::RuleKind;
        use crate::sync::ArmResource;
        use crate::sync::inventory::LocalRule;

        let workspace =
            Workspace { subscription: "s".into(), resource_group: "rg".into(), name: "w".into() };
        let local = |id: &str, kind: RuleKind| LocalRule {
            rule_id: id.into(),
            file: "f.yaml".into(),
            source_path: "f.yaml".into(),
            kind,
            display_name: id.into(),
            version: Some("1.2.3".into()),
            resource: ArmResource::AlertRule(rule(id, "Scheduled", id)),
        };
        let markers = [
            marker::desired(&workspace, &local(A, RuleKind::Scheduled), "org/repo"),
            marker::desired(&workspace, &local("h", RuleKind::Hunting), "org/repo"),
        ];
        let rules = [rule(A, "Scheduled", "Marked"), rule(B, "NRT", "Unmarked")];
        let search = SavedSearch::hunting_query("h", "Hunt", "T", "d", &[], &[]);
        let versions =
            Versions::recorded(&markers, &workspace, &rules, std::slice::from_ref(&search));
        let found = export(&rules, &[search], &versions, &Existing::default());
        let version = |name: &str| {
            let file = found.files.iter().find(|f| f.display_name == name).expect("exported");
            file.text.lines().find(|l| l.starts_with("version:")).map(str::to_owned)
        };
        assert_eq!(version("Marked").as_deref(), Some("version: 1.2.3"));
        assert_eq!(version("Hunt").as_deref(), Some("version: 1.2.3"));
        assert_eq!(version("Unmarked"), None);
    }

    /// A pull into the repository: the files holding the rules keep their connectors, extra
    /// keys and missing version, the live fields are taken, and a new rule is as before.
    #[test]
    fn files_that_hold_the_rules_keep_what_only_they_know() {
        let dir = tempfile::tempdir().expect("dir");
        let write = |name: &str, text: &str| write_test_file(dir.path(), name, text);
        let connectors = "requiredDataConnectors:\n  - connectorId: AzureActiveDirectory\n    \
            dataTypes:\n      - SigninLogs\n";
        let schedule = "queryFrequency: 1h\nqueryPeriod: 1h\ntriggerOperator: gt\n\
            triggerThreshold: 0\n";
        let analytic = format!(
            "id: {A}\nname: One\nseverity: High\n{connectors}tags:\n  - Custom\nquery: T\n\
            {schedule}kind: Scheduled\n"
        );
        write("mine/a.yaml", &analytic);
        write("hunting/h.yaml", &format!("id: h\nname: Hunt\n{connectors}query: T\n"));
        let existing = Existing::scan(dir.path()).expect("scanned");
        let search = SavedSearch::hunting_query("h", "Hunt", "T", "d", &[], &[]);
        let recorded = ["h", "c"].map(|id| (id.to_owned(), marker::DEFAULT_VERSION.to_owned()));
        let versions = Versions(HashMap::from(recorded));
        let rules = [rule(A, "Scheduled", "One"), rule("c", "Scheduled", "New")];
        let mut found = export(&rules, &[search], &versions, &existing);
        existing.place(&mut found.files);
        let text = |id: &str| &found.files.iter().find(|f| f.id == id).expect("exported").text;
        let one = text(A);
        assert!(
            one.contains(connectors) && one.ends_with("kind: Scheduled\ntags:\n  - Custom\n"),
            "{one}"
        );
        assert!(one.contains("severity: Low\n"), "the live severity: {one}");
        let hunt = text("h");
        assert!(hunt.contains(connectors) && !hunt.contains("version"), "{hunt}");
        let new = text("c");
        assert!(new.contains("requiredDataConnectors: []\n"), "{new}");
        assert!(new.contains("version: 1.0.0\n"), "a new file is as before: {new}");
    }

    #[test]
    fn a_rule_that_cannot_be_mapped_fails_alone() {
        let mut broken = rule(A, "Scheduled", "Broken");
        broken.properties.insert("queryFrequency".into(), json!("every hour"));
        let found = export(
            &[broken, rule(B, "Scheduled", "Fine")],
            &[],
            &Versions::default(),
            &Existing::default(),
        );
        assert_eq!(found.files.len(), 1);
        assert_eq!(found.failed.len(), 1);
        assert!(found.failed[0].reason.contains("queryFrequency"), "{:?}", found.failed);
    }

    #[test]
    fn existing_files_are_kept_unless_forced() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("analytics/x.yaml");
        assert_eq!(write_file(&path, "one\n", false).expect("created"), Written::Created);
        let refused = write_file(&path, "two\n", false);
        assert!(matches!(refused, Err(WriteError::Exists(_))), "{refused:?}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "one\n");
        assert_eq!(write_file(&path, "two\n", true).expect("replaced"), Written::Replaced);
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "two\n");
        let leftovers = std::fs::read_dir(path.parent().expect("dir")).expect("list").count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }
}
