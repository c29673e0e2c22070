//! Finds the files to lint under the paths a user gave: rule YAML and `.kql`/`.csl` queries.
//!
//! Folders are walked in sorted order (so output is stable across machines), hidden folders
//! such as `.git` are skipped, and `exclude` globs from the configuration apply. A path that
//! does not exist is an error for the caller: it is a mistake in the command, not in a rule.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use thiserror::Error;
use walkdir::WalkDir;

/// File extensions linted: rule YAML, and standalone KQL queries.
const LINTED_EXTENSIONS: &[&str] = &["yaml", "yml", "kql", "csl"];

#[derive(Debug, Error)]
pub enum DiscoverError {
    #[error("path does not exist: {}", .0.display())]
    Missing(PathBuf),
    #[error("failed to walk {}: {source}", path.display())]
    Walk { path: PathBuf, source: walkdir::Error },
    #[error("invalid exclude pattern `{pattern}`: {source}")]
    Pattern { pattern: String, source: globset::Error },
}

/// Compiled `exclude` patterns.
#[derive(Debug)]
pub struct Excludes {
    set: GlobSet,
}

impl Excludes {
    pub fn new(patterns: &[String]) -> Result<Self, DiscoverError> {
        let mut builder = GlobSetBuilder::new();
        for pattern in patterns {
            let glob = Glob::new(pattern)
                .map_err(|source| DiscoverError::Pattern { pattern: pattern.clone(), source })?;
            builder.add(glob);
        }
        let set = builder
            .build()
            .map_err(|source| DiscoverError::Pattern { pattern: patterns.join(", "), source })?;
        Ok(Self { set })
    }

    fn matches(&self, path: &Path) -> bool {
        let text = path.to_string_lossy().replace('\\', "/");
        let text = text.trim_start_matches("./");
        self.set.is_match(text)
    }
}

/// Every lintable file under `paths`; files named explicitly are kept whatever their
/// extension.
pub fn discover(paths: &[PathBuf], excludes: &Excludes) -> Result<Vec<PathBuf>, DiscoverError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
        } else if path.is_dir() {
            walk(path, excludes, &mut files)?;
        } else {
            return Err(DiscoverError::Missing(path.clone()));
        }
    }
    files.dedup();
    Ok(files)
}

fn walk(root: &Path, excludes: &Excludes, files: &mut Vec<PathBuf>) -> Result<(), DiscoverError> {
    let walker = WalkDir::new(root).sort_by_file_name().into_iter().filter_entry(|entry| {
        entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
    });
    for entry in walker {
        let entry =
            entry.map_err(|source| DiscoverError::Walk { path: root.to_path_buf(), source })?;
        let path = entry.path();
        if entry.file_type().is_file() && is_lintable(path) && !excludes.matches(path) {
            files.push(path.to_path_buf());
        }
    }
    Ok(())
}

/// Standalone KQL files, linted as queries rather than as rule YAML.
pub fn is_query_file(path: &Path) -> bool {
    has_extension(path, &["kql", "csl"])
}

fn is_lintable(path: &Path) -> bool {
    has_extension(path, LINTED_EXTENSIONS)
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|known| e.eq_ignore_ascii_case(known)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_and_skips_hidden_and_excluded() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in ["b.yaml", "a.yml", "notes.md", ".hidden/c.yaml", "drafts/d.yaml"] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, "id: x\n").expect("write");
        }
        let excludes = Excludes::new(&["**/drafts/**".to_owned()]).expect("globs");
        let files = discover(&[dir.path().to_path_buf()], &excludes).expect("discover");
        let names: Vec<_> =
            files.iter().map(|p| p.file_name().unwrap_or_default().to_string_lossy()).collect();
        assert_eq!(names, ["a.yml", "b.yaml"]);
    }

    #[test]
    fn a_missing_path_is_an_error() {
        let excludes = Excludes::new(&[]).expect("globs");
        let error = discover(&[PathBuf::from("no/such/dir")], &excludes).unwrap_err();
        assert_eq!(error.to_string(), "path does not exist: no/such/dir");
    }
}
