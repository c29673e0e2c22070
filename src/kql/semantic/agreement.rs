//! Agreement of the analyzer's unknown names with Microsoft's Kusto.Language, given the same
//! schemas.
//!
//! `tests/fixtures/semantic-agreement/oracle.tsv` holds, for every conformance query
//! (`tests/kql-conformance/*/queries.jsonl`) that Kusto.Language parses without a syntax
//! error, the names it reports as unknown (columns, tables, functions). It is written by
//! `scripts/semantic-agreement.py`, which runs Kusto.Language (via
//! `@kusto/language-service-next`) with the project's own catalogue; no node is needed here.
//!
//! The test runs the analyzer on the same texts, requires the same set of names on at least
//! [`MIN_AGREEMENT`] percent of the queries both parse, and requires every remaining
//! difference to be listed in `differences.md` exactly as it is, so a regression and an
//! improvement both show up. Set `SEMANTIC_AGREEMENT_REPORT=<file>` to write the differences
//! found as the rows of that list.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::kql::semantic::{UserSchemas, analyze};

/// Queries on which both sides must report the same unknown names, in percent.
const MIN_AGREEMENT: f64 = 98.0;

type Names = BTreeSet<String>;

/// A query where the two sides differ: the names only we report, the names only they report.
#[derive(Debug, PartialEq, Eq, Clone)]
struct Difference {
    ours_only: Names,
    theirs_only: Names,
}

fn repo_path(parts: &[&str]) -> PathBuf {
    parts.iter().fold(PathBuf::from(env!("CARGO_MANIFEST_DIR")), |path, part| path.join(part))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn names(text: &str) -> Names {
    text.split_whitespace().map(str::to_owned).collect()
}

/// Kusto.Language's unknown names, per query file.
fn oracle() -> BTreeMap<String, Names> {
    let text = read(&repo_path(&["tests", "fixtures", "semantic-agreement", "oracle.tsv"]));
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .filter_map(|line| line.split_once('\t'))
        .map(|(file, list)| (file.to_owned(), names(list)))
        .collect()
}

/// The text of every conformance query, per file.
fn queries() -> BTreeMap<String, String> {
    let folder = repo_path(&["tests", "kql-conformance"]);
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(&folder) else { return out };
    for entry in entries.flatten() {
        let path = entry.path().join("queries.jsonl");
        if !path.exists() {
            continue;
        }
        for line in read(&path).lines().filter(|line| !line.is_empty()) {
            let record: serde_json::Value =
                serde_json::from_str(line).expect("valid conformance record");
            if let (Some(file), Some(text)) = (record["file"].as_str(), record["text"].as_str()) {
                out.insert(file.to_owned(), text.to_owned());
            }
        }
    }
    out
}

/// The names our analyzer reports as unknown; `None` when our parser rejects the text.
fn our_names(text: &str) -> Option<Names> {
    let parse = crate::kql::parse(text);
    if !parse.errors().is_empty() {
        return None;
    }
    let analysis = analyze(&parse, &UserSchemas::default());
    let reported = analysis
        .findings
        .iter()
        .filter(|f| f.kind != super::FindingKind::WrongArgumentCount)
        .map(super::Finding::name)
        .map(str::to_owned);
    Some(reported.collect())
}

fn cell(names: &Names) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" ")
}

fn parse_cell(cell: &str) -> Names {
    cell.split_whitespace().map(|n| n.trim_matches('`').to_owned()).collect()
}

/// The differences `differences.md` lists: table rows `| `file` | ours only | theirs only | ... |`.
fn listed() -> BTreeMap<String, Difference> {
    let text = read(&repo_path(&["tests", "fixtures", "semantic-agreement", "differences.md"]));
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let [_, file, ours, theirs, ..] = cells.as_slice() else { continue };
        if !file.starts_with('`') {
            continue;
        }
        let difference =
            Difference { ours_only: parse_cell(ours), theirs_only: parse_cell(theirs) };
        out.insert(file.trim_matches('`').to_owned(), difference);
    }
    out
}

#[test]
fn unknown_names_agree_with_kusto_language() {
    let oracle = oracle();
    let queries = queries();
    assert!(oracle.len() > 2500, "oracle verdicts missing: {} queries", oracle.len());
    let (mut compared, mut agreed) = (0usize, 0usize);
    let mut found = BTreeMap::new();
    for (file, theirs) in &oracle {
        let text = queries.get(file).unwrap_or_else(|| panic!("no conformance query for {file}"));
        let Some(ours) = our_names(text) else { continue };
        compared += 1;
        if &ours == theirs {
            agreed += 1;
            continue;
        }
        let ours_only = ours.difference(theirs).cloned().collect();
        let theirs_only = theirs.difference(&ours).cloned().collect();
        found.insert(file.clone(), Difference { ours_only, theirs_only });
    }
    if let Some(report) = std::env::var_os("SEMANTIC_AGREEMENT_REPORT") {
        let mut rows = String::new();
        for (file, d) in &found {
            let _ =
                writeln!(rows, "| `{file}` | {} | {} |", cell(&d.ours_only), cell(&d.theirs_only));
        }
        std::fs::write(report, rows).unwrap_or_else(|e| panic!("cannot write the report: {e}"));
    }
    let percent = 100.0 * agreed as f64 / compared.max(1) as f64;
    eprintln!("unknown names agree on {agreed} of {compared} queries ({percent:.2}%)");
    assert!(
        percent >= MIN_AGREEMENT,
        "agreement {percent:.2}% ({agreed} of {compared} queries) is below {MIN_AGREEMENT}%"
    );
    let listed = listed();
    let new: Vec<&String> = found.keys().filter(|f| listed.get(*f) != found.get(*f)).collect();
    let gone: Vec<&String> = listed.keys().filter(|f| !found.contains_key(*f)).collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "differences.md is out of date; new or changed: {new:?}; no longer differing: {gone:?}"
    );
}
