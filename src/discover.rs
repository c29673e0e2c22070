//! Finds the files to lint under the paths a user gave: rule YAML and `.kql`/`.csl` queries.
//!
//! Folders are walked in sorted order (so output is stable across machines), hidden folders
//! such as `.git` are skipped, and `exclude` globs from the configuration apply. A path that
//! does not exist, or a folder that cannot be walked, is a problem for the caller to report
//! (a mistake in the command, not in a rule); the other paths are still searched.

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
    #[error("cannot search {}: {source}", path.display())]
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

/// The files found, and the paths that could not be searched.
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<PathBuf>,
    pub problems: Vec<DiscoverError>,
}

impl Discovered {
    /// The files, or the first problem: for commands that must not act on part of the files
    /// (a deploy with `--prune` would delete the rules of a mistyped folder).
    pub fn all_or_error(self) -> Result<Vec<PathBuf>, DiscoverError> {
        match self.problems.into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(self.files),
        }
    }
}

/// Every lintable file under `paths`; files named explicitly are kept whatever their
/// extension.
pub fn discover(paths: &[PathBuf], excludes: &Excludes) -> Discovered {
    let mut found = Discovered::default();
    for path in paths {
        if path.is_file() {
            found.files.push(path.clone());
        } else if path.is_dir() {
            walk(path, excludes, &mut found);
        } else {
            found.problems.push(DiscoverError::Missing(path.clone()));
        }
    }
    found.files.dedup();
    found
}

fn walk(root: &Path, excludes: &Excludes, found: &mut Discovered) {
    let walker = WalkDir::new(root).sort_by_file_name().into_iter().filter_entry(|entry| {
        entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
    });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(source) => {
                let path = source.path().unwrap_or(root).to_path_buf();
                found.problems.push(DiscoverError::Walk { path, source });
                continue;
            }
        };
        let path = entry.path();
        if entry.file_type().is_file() && is_lintable(path) && !excludes.matches(path) {
            found.files.push(path.to_path_buf());
        }
    }
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
        let files =
            discover(&[dir.path().to_path_buf()], &excludes).all_or_error().expect("discover");
        let names: Vec<_> =
            files.iter().map(|p| p.file_name().unwrap_or_default().to_string_lossy()).collect();
        assert_eq!(names, ["a.yml", "b.yaml"]);
    }

    #[test]
    fn a_missing_path_is_a_problem_and_the_others_are_still_searched() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.yaml"), "id: x\n").expect("write");
        let excludes = Excludes::new(&[]).expect("globs");
        let found = discover(&[PathBuf::from("no/such/dir"), dir.path().to_path_buf()], &excludes);
        assert_eq!(found.files, [dir.path().join("a.yaml")]);
        let problems: Vec<String> = found.problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems, ["path does not exist: no/such/dir"]);
        assert!(found.all_or_error().is_err());
    }
}
