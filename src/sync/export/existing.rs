//! Rule files already in the export folder, known by their `id`.
//!
//! Exporting into a repository's folder must update the file that holds each rule, whatever
//! its name, rather than write a second file with the same id beside it (which `lint` then
//! reports as IDS101). Files are read with the linter's own loader, so a file counts as the
//! rule with an id exactly when `lint` and `deploy` would read it as that rule. A new rule
//! whose name-derived file name is taken by another rule's file gets another name, so an
//! export never overwrites one rule with another. Each file's tree is kept, for what the
//! export keeps of it ([`super::keep`]).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::{ExportedFile, slug};
use crate::discover::{DiscoverError, Excludes, discover};
use crate::lint::{LintSettings, Selection, lint_files};
use crate::yaml::Node;

/// One existing rule file.
#[derive(Clone, Debug, PartialEq)]
pub struct ExistingRule {
    /// Relative to the export folder.
    pub path: PathBuf,
    /// The file's own `severity`, the one every environment gets unless it overrides it.
    pub severity: Option<String>,
    /// The file's own `enabled`; absent means enabled.
    pub enabled: Option<bool>,
    /// The whole file, as the linter read it.
    pub root: Node,
}

/// The rule files under the export folder.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Existing {
    /// By lower-case id (ARM compares ids case-insensitively).
    by_id: HashMap<String, ExistingRule>,
    /// Ids two files hold: the id, the file exported to, the other file.
    pub duplicates: Vec<(String, PathBuf, PathBuf)>,
}

impl Existing {
    /// Reads every rule file under `out`; nothing when the folder does not exist yet.
    pub fn scan(out: &Path) -> Result<Self, DiscoverError> {
        let mut existing = Self::default();
        if !out.is_dir() {
            return Ok(existing);
        }
        let files: Vec<PathBuf> = discover(&[out.to_path_buf()], &Excludes::new(&[])?)
            .all_or_error()?
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        // Only what decides which rule a file holds is needed, not the content checks.
        let only_yaml = Selection::new(&["YML".to_owned()], &[]);
        let outcome =
            lint_files(&files, &LintSettings { selection: only_yaml, ..Default::default() });
        for rule in &outcome.rules {
            let Some((id, _)) = &rule.id else { continue };
            let path = rule.path.strip_prefix(out).unwrap_or(&rule.path).to_path_buf();
            existing.add(id, path, &rule.root);
        }
        Ok(existing)
    }

    fn add(&mut self, id: &str, path: PathBuf, root: &Node) {
        let key = id.to_ascii_lowercase();
        if let Some(first) = self.by_id.get(&key) {
            self.duplicates.push((id.to_owned(), first.path.clone(), path));
            return;
        }
        let severity = root.get("severity").and_then(Node::as_str).map(str::to_owned);
        let enabled = root.get("enabled").and_then(Node::as_bool);
        self.by_id.insert(key, ExistingRule { path, severity, enabled, root: root.clone() });
    }

    /// The file that holds rule `id`.
    pub fn get(&self, id: &str) -> Option<&ExistingRule> {
        self.by_id.get(&id.to_ascii_lowercase())
    }

    /// Sends each file to the existing file of its id, and renames a new file whose name
    /// another rule's file already has.
    pub fn place(&self, files: &mut [ExportedFile]) {
        for file in files.iter_mut() {
            if let Some(found) = self.get(&file.id) {
                file.path = found.path.clone();
                file.replaces_rule = true;
            }
        }
        let held: HashSet<String> = self.by_id.values().map(|r| key(&r.path)).collect();
        let mut planned: HashSet<String> = files.iter().map(|f| key(&f.path)).collect();
        for file in files.iter_mut().filter(|f| !f.replaces_rule) {
            if held.contains(&key(&file.path)) {
                file.path = free_name(&file.path, &file.id, |p| {
                    held.contains(&key(p)) || planned.contains(&key(p))
                });
                planned.insert(key(&file.path));
            }
        }
    }
}

/// A path compared as file systems that ignore case would.
fn key(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/").to_lowercase()
}

/// `path` with the rule's short id, then its whole id, then a number appended to the stem,
/// whichever is first not `taken`.
fn free_name(path: &Path, id: &str, taken: impl Fn(&Path) -> bool) -> PathBuf {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let id = slug(id);
    let short: String = id.chars().take(8).collect();
    let named = |suffix: &str| path.with_file_name(format!("{stem}-{suffix}.yaml"));
    let candidates = [named(&short), named(&id)].into_iter();
    let numbered = (2..).map(|n| named(&format!("{id}-{n}")));
    candidates.chain(numbered).find(|p| !taken(p)).unwrap_or_else(|| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::export::FileKind;

    const A: &str = "bcc0724a-5ab4-49ea-9b1d-c53f059765d7";
    const B: &str = "8540c842-5bbc-4a24-9fb2-a836c0e55a51";
    const C: &str = "1f6a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b";

    fn file(path: &str, id: &str) -> ExportedFile {
        ExportedFile {
            path: path.into(),
            text: String::new(),
            kind: FileKind::Scheduled,
            id: id.into(),
            display_name: String::new(),
            replaces_rule: false,
        }
    }

    #[test]
    fn files_are_found_by_id_whatever_their_name() {
        let dir = tempfile::tempdir().expect("dir");
        let write = |name: &str, text: &str| super::super::write_test_file(dir.path(), name, text);
        write("Detections/mine.yaml", &format!("id: {A}\nname: X\nseverity: High\nquery: T\n"));
        write("copy.yml", &format!("id: {}\nname: X\nquery: T\n", A.to_uppercase()));
        write("broken.yaml", "id: [\n");
        write("notes.txt", &format!("id: {B}\n"));
        let existing = Existing::scan(dir.path()).expect("scanned");
        let found = existing.get(&A.to_uppercase()).expect("found");
        assert_eq!(found.path, Path::new("Detections/mine.yaml"));
        assert_eq!((found.severity.as_deref(), found.enabled), (Some("High"), None));
        assert_eq!(existing.duplicates.len(), 1, "{:?}", existing.duplicates);
        assert!(existing.get(B).is_none(), "only rule files count");
        assert_eq!(Existing::scan(&dir.path().join("absent")).expect("empty"), Existing::default());
    }

    #[test]
    fn a_new_rule_never_takes_the_file_of_another() {
        let mut existing = Existing::default();
        let root = crate::yaml::parse("id: x\n").root.expect("root");
        existing.add(A, "analytics/same.yaml".into(), &root);
        existing.add(C, "analytics/same-8540c842.yaml".into(), &root);
        let mut files = [file("analytics/other-name.yaml", A), file("analytics/same.yaml", B)];
        existing.place(&mut files);
        assert_eq!(files[0].path, Path::new("analytics/same.yaml"));
        assert!(files[0].replaces_rule);
        let renamed = files[1].path.to_string_lossy().replace('\\', "/");
        assert_eq!(renamed, format!("analytics/same-{B}.yaml"));
        assert!(!files[1].replaces_rule);
    }
}
