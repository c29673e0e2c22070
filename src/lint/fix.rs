//! Applying the fixes findings carry (`lint --fix`): each is one replacement in the file's
//! text, certain to be what the author meant (a value's casing, the Sentinel spelling of a
//! tactic, a renamed key).
//!
//! Edits are applied from the end of the file backwards so earlier offsets stay valid. An edit
//! that overlaps one already taken or falls outside the text or off a character boundary is
//! left out, and a file is only fixed if it still holds exactly what was linted.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::diagnostics::Fix;
use crate::lint::runner::LintOutcome;
use crate::source::SourceId;

/// The text after the fixes, and how many were applied.
#[derive(Debug, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    pub applied: usize,
}

/// Applies `fixes` to YAML `text`, never making its YAML worse: if the fixes together would
/// (two misspellings of one key both renamed to it), they are taken one by one, each kept
/// only if the YAML still has no more problems than before.
pub fn apply_to_yaml(text: &str, fixes: &[&Fix]) -> Fixed {
    let problems = |text: &str| crate::yaml::parse(text).errors.len();
    let before = problems(text);
    let all = apply(text, fixes);
    if all.applied == 0 || problems(&all.text) <= before {
        return all;
    }
    let mut kept: Vec<&Fix> = Vec::new();
    for fix in fixes {
        kept.push(fix);
        let trial = apply(text, &kept);
        if trial.applied < kept.len() || problems(&trial.text) > before {
            kept.pop();
        }
    }
    apply(text, &kept)
}

/// Applies `fixes` to `text`.
pub fn apply(text: &str, fixes: &[&Fix]) -> Fixed {
    let mut ordered: Vec<&Fix> = fixes.to_vec();
    ordered.sort_by_key(|fix| (fix.range.start(), fix.range.end()));
    ordered.dedup_by(|a, b| a.range == b.range && a.replacement == b.replacement);
    let mut taken: Vec<&Fix> = Vec::new();
    for fix in ordered {
        let overlaps = taken.last().is_some_and(|last| fix.range.start() < last.range.end());
        if !overlaps && applies_to(text, fix) {
            taken.push(fix);
        }
    }
    let mut out = text.to_owned();
    for fix in taken.iter().rev() {
        let (start, end) = (fix.range.start() as usize, fix.range.end() as usize);
        out.replace_range(start..end, &fix.replacement);
    }
    Fixed { text: out, applied: taken.len() }
}

/// What `--fix` did to one file.
#[derive(Debug, PartialEq, Eq)]
pub struct FileFixed {
    pub path: PathBuf,
    pub applied: usize,
}

/// Why a file's fixes were not written.
#[derive(Debug, thiserror::Error)]
pub enum FixError {
    #[error("{}: changed since it was linted; not fixed", .0.display())]
    Changed(PathBuf),
    #[error("cannot fix {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

/// Writes the fixes of `outcome` into the files they belong to. A file is rewritten only if
/// it still holds what was linted (its byte-order mark and line endings are kept), atomically,
/// with its permissions; a file that cannot be fixed is reported and the others still are.
pub fn fix_files(outcome: &LintOutcome) -> (Vec<FileFixed>, Vec<FixError>) {
    let mut by_file: BTreeMap<SourceId, Vec<&Fix>> = BTreeMap::new();
    for diagnostic in &outcome.diagnostics {
        if let Some(fix) = &diagnostic.fix {
            by_file.entry(diagnostic.source).or_default().push(fix);
        }
    }
    let (mut fixed, mut errors) = (Vec::new(), Vec::new());
    for (id, fixes) in by_file {
        let source = outcome.sources.get(id);
        if source.is_deleted() {
            continue;
        }
        match fix_file(source.path(), source.text(), &fixes) {
            Ok(0) => {}
            Ok(applied) => fixed.push(FileFixed { path: source.path().to_owned(), applied }),
            Err(error) => errors.push(error),
        }
    }
    (fixed, errors)
}

fn fix_file(path: &Path, linted: &str, fixes: &[&Fix]) -> Result<usize, FixError> {
    let io = |source| FixError::Io { path: path.to_owned(), source };
    let on_disk = std::fs::read_to_string(path).map_err(io)?;
    let (bom, body) = match on_disk.strip_prefix('\u{feff}') {
        Some(body) => ("\u{feff}", body),
        None => ("", on_disk.as_str()),
    };
    if body != linted {
        return Err(FixError::Changed(path.to_owned()));
    }
    let is_yaml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    let result = if is_yaml { apply_to_yaml(linted, fixes) } else { apply(linted, fixes) };
    if result.applied == 0 {
        return Ok(0);
    }
    // A symlink stays a symlink: the file it points to is the one rewritten.
    let target = std::fs::canonicalize(path).map_err(io)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    temp.write_all(bom.as_bytes()).map_err(io)?;
    temp.write_all(result.text.as_bytes()).map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    let permissions = std::fs::metadata(&target).map_err(io)?.permissions();
    temp.as_file().set_permissions(permissions).map_err(io)?;
    temp.persist(&target).map_err(|e| io(e.error))?;
    Ok(result.applied)
}

/// Whether `fix` covers whole characters of `text`.
fn applies_to(text: &str, fix: &Fix) -> bool {
    text.get(fix.range.start() as usize..fix.range.end() as usize).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::TextRange;

    fn fix(start: u32, end: u32, replacement: &str) -> Fix {
        Fix { range: TextRange::new(start, end), replacement: replacement.into() }
    }

    #[test]
    fn edits_apply_back_to_front_and_overlaps_are_left_out() {
        let text = "severity: high\ntactics:\n  - Defense Evasion\n";
        let high = fix(10, 14, "High");
        let tactic = fix(28, 43, "DefenseEvasion");
        let overlapping = fix(12, 20, "x");
        let fixed = apply(text, &[&tactic, &overlapping, &high]);
        assert_eq!(fixed.text, "severity: High\ntactics:\n  - DefenseEvasion\n");
        assert_eq!(fixed.applied, 2);
    }

    #[test]
    fn fixes_that_together_would_duplicate_a_key_are_applied_one_at_a_time() {
        let text = "requiredTechniques: [T1]\nrelevanttechniques: [T2]\n";
        let first = fix(0, 18, "relevantTechniques");
        let second = fix(25, 43, "relevantTechniques");
        let fixed = apply_to_yaml(text, &[&first, &second]);
        assert_eq!(fixed.text, "relevantTechniques: [T1]\nrelevanttechniques: [T2]\n");
        assert_eq!(fixed.applied, 1);
        assert!(crate::yaml::parse(&fixed.text).errors.is_empty());
    }

    #[test]
    fn a_range_outside_the_text_or_splitting_a_character_is_left_alone() {
        let text = "é = 1";
        let split = fix(1, 2, "e");
        let outside = fix(4, 40, "x");
        let fixed = apply(text, &[&split, &outside]);
        assert_eq!((fixed.text.as_str(), fixed.applied), (text, 0));
        assert_eq!(apply(text, &[&fix(0, 2, "e")]).text, "e = 1");
    }
}
