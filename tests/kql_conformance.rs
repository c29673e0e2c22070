//! Conformance of the KQL parser with Microsoft's own parser (Kusto.Language).
//!
//! `tests/kql-conformance/<source>/queries.jsonl` holds real queries from open-licence
//! repositories with Kusto.Language's verdict on each (made by
//! `scripts/extract-kql-conformance.py`). This test checks, without node or the original
//! corpus, that we accept and reject the same queries, that our first error lands on the same
//! token as theirs, that no input panics, that the tree gives back the input byte for byte, and
//! that every remaining disagreement is listed, with a reason, in `disagreements.md`.
//!
//! Standalone query files are also checked in script mode, split into blank-line separated
//! blocks the way the Log Analytics editor runs them ([`kql::split_script`]).
//!
//! Set `KQL_CONFORMANCE_REPORT=<file>` to write every disagreement found to that file.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::panic;
use std::path::{Path, PathBuf};

use sentinelctl::kql::{self, SyntaxKind};

/// Accept/reject agreement required, in percent.
const MIN_AGREEMENT: f64 = 99.5;
/// Share of queries both parsers reject whose first error is on the same token, in percent.
const MIN_SAME_TOKEN: f64 = 90.0;

#[derive(serde::Deserialize)]
struct Record {
    file: String,
    ok: bool,
    error_start: Option<u32>,
    error_len: Option<u32>,
    message: Option<String>,
    text: String,
    /// The verdict when the text is run as a script, block by block (`.kql` files only).
    script_ok: Option<bool>,
    script_error_start: Option<u32>,
    script_error_len: Option<u32>,
}

/// How our verdict on one query differs from the reference.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Disagreement {
    /// We reject a query the reference accepts.
    WeReject,
    /// We accept a query the reference rejects.
    WeAccept,
    /// Both reject, but our first error is on another token.
    OtherToken,
}

impl Disagreement {
    fn label(self) -> &'static str {
        match self {
            Self::WeReject => "we-reject",
            Self::WeAccept => "we-accept",
            Self::OtherToken => "other-token",
        }
    }
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("kql-conformance")
}

fn load_records() -> Vec<Record> {
    let mut sources: Vec<PathBuf> = fs::read_dir(data_dir())
        .expect("conformance data folder")
        .filter_map(|entry| Some(entry.ok()?.path().join("queries.jsonl")))
        .filter(|path| path.exists())
        .collect();
    sources.sort();
    let mut records = Vec::new();
    for path in sources {
        let content = fs::read_to_string(&path).expect("readable queries.jsonl");
        for line in content.lines().filter(|line| !line.is_empty()) {
            records.push(serde_json::from_str(line).expect("valid conformance record"));
        }
    }
    records
}

/// The significant tokens a range touches (token ends included, so an empty range right
/// after a token touches it); inside trivia, the token before.
fn touched_tokens(text: &str, start: u32, end: u32) -> BTreeSet<usize> {
    let (tokens, _) = kql::tokenize(text);
    let significant: Vec<_> = tokens.iter().filter(|t| !t.kind.is_trivia()).collect();
    let touched: BTreeSet<usize> = significant
        .iter()
        .enumerate()
        .filter(|(_, t)| t.range.start() <= end && start <= t.range.end())
        .map(|(index, _)| index)
        .collect();
    if !touched.is_empty() {
        return touched;
    }
    let before = significant.iter().rposition(|t| t.range.end() <= start);
    before.into_iter().collect()
}

/// The listed disagreements: `| file | kind | reason |` rows of `disagreements.md`.
fn listed_disagreements() -> BTreeMap<String, String> {
    let content = fs::read_to_string(data_dir().join("disagreements.md")).unwrap_or_default();
    content
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> =
                line.trim().trim_matches('|').split('|').map(str::trim).collect();
            let [file, kind, reason] = cells.as_slice() else { return None };
            let file = file.trim_matches('`');
            (["we-reject", "we-accept", "other-token"].contains(kind) && !reason.is_empty())
                .then(|| (file.to_owned(), (*kind).to_owned()))
        })
        .collect()
}

struct Outcome {
    total: usize,
    agreed: usize,
    both_reject: usize,
    same_token: usize,
    panics: Vec<String>,
    not_lossless: Vec<String>,
    disagreements: BTreeMap<String, (Disagreement, String)>,
}

fn run() -> Outcome {
    let records = load_records();
    let mut outcome = Outcome {
        total: records.len(),
        agreed: 0,
        both_reject: 0,
        same_token: 0,
        panics: Vec::new(),
        not_lossless: Vec::new(),
        disagreements: BTreeMap::new(),
    };
    for record in &records {
        let Ok(parse) = panic::catch_unwind(|| kql::parse(&record.text)) else {
            outcome.panics.push(record.file.clone());
            continue;
        };
        let rebuilt: String = parse.tree().tokens().map(|t| t.text()).collect();
        if rebuilt != record.text || parse.syntax().text() != record.text {
            outcome.not_lossless.push(record.file.clone());
        }
        let ours = parse.errors().first();
        let detail = |ours: Option<&kql::SyntaxError>| {
            format!(
                "ours: {} / theirs: {} at {}",
                ours.map_or("none".to_owned(), |e| format!("{} at {:?}", e.message, e.range)),
                record.message.as_deref().unwrap_or("none"),
                record.error_start.unwrap_or(0),
            )
        };
        match (ours, record.ok) {
            (None, true) => outcome.agreed += 1,
            (Some(_), true) => {
                outcome
                    .disagreements
                    .insert(record.file.clone(), (Disagreement::WeReject, detail(ours)));
            }
            (None, false) => {
                outcome
                    .disagreements
                    .insert(record.file.clone(), (Disagreement::WeAccept, detail(ours)));
            }
            (Some(error), false) => {
                outcome.agreed += 1;
                outcome.both_reject += 1;
                let start = record.error_start.unwrap_or(0);
                let theirs =
                    touched_tokens(&record.text, start, start + record.error_len.unwrap_or(0));
                let mine = touched_tokens(&record.text, error.range.start(), error.range.end());
                if theirs.intersection(&mine).next().is_some() {
                    outcome.same_token += 1;
                } else {
                    outcome
                        .disagreements
                        .insert(record.file.clone(), (Disagreement::OtherToken, detail(ours)));
                }
            }
        }
    }
    outcome
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 { 100.0 } else { part as f64 * 100.0 / whole as f64 }
}

#[test]
fn parser_agrees_with_kusto_language() {
    let outcome = run();
    if let Ok(path) = std::env::var("KQL_CONFORMANCE_REPORT") {
        let report: String = outcome
            .disagreements
            .iter()
            .map(|(file, (kind, detail))| format!("{}\t{file}\t{detail}\n", kind.label()))
            .collect();
        fs::write(path, report).expect("report written");
    }
    let agreement = percent(outcome.agreed, outcome.total);
    let same_token = percent(outcome.same_token, outcome.both_reject);
    eprintln!(
        "{} queries: agreement {agreement:.2}%, same first-error token {same_token:.2}% of {} \
         both reject, {} disagreements",
        outcome.total,
        outcome.both_reject,
        outcome.disagreements.len()
    );

    assert!(outcome.total > 3000, "conformance data missing");
    assert!(outcome.panics.is_empty(), "parser panicked on {:?}", outcome.panics);
    assert!(outcome.not_lossless.is_empty(), "tree is not lossless for {:?}", outcome.not_lossless);
    assert!(agreement >= MIN_AGREEMENT, "agreement {agreement:.2}% < {MIN_AGREEMENT}%");
    assert!(same_token >= MIN_SAME_TOKEN, "same-token {same_token:.2}% < {MIN_SAME_TOKEN}%");

    let listed = listed_disagreements();
    let unlisted: Vec<String> = outcome
        .disagreements
        .iter()
        .filter(|(file, (kind, _))| listed.get(*file).map(String::as_str) != Some(kind.label()))
        .map(|(file, (kind, detail))| format!("{} {file}: {detail}", kind.label()))
        .collect();
    assert!(
        unlisted.is_empty(),
        "disagreements not listed in disagreements.md:\n{}",
        unlisted.join("\n")
    );
    let stale: Vec<&String> =
        listed.keys().filter(|file| !outcome.disagreements.contains_key(*file)).collect();
    assert!(stale.is_empty(), "listed disagreements that are gone (remove them): {stale:?}");
}

/// The first syntax error of `text` run as a script, with its range in the whole text.
fn first_script_error(text: &str) -> Option<(u32, u32)> {
    kql::split_script(text).into_iter().find_map(|block| {
        let parse = kql::parse(text.get(block.to_usize())?);
        let error = parse.errors().first()?;
        let range = error.range.shifted(block.start());
        Some((range.start(), range.end()))
    })
}

#[test]
fn script_mode_agrees_with_kusto_language() {
    let (mut total, mut agreed, mut both_reject, mut same_token) = (0, 0, 0, 0);
    let mut disagreements = Vec::new();
    for record in load_records() {
        let Some(expected_ok) = record.script_ok else { continue };
        total += 1;
        let ours = first_script_error(&record.text);
        match (ours, expected_ok) {
            (None, true) => agreed += 1,
            (Some((start, end)), false) => {
                agreed += 1;
                both_reject += 1;
                let theirs_start = record.script_error_start.unwrap_or(0);
                let theirs_end = theirs_start + record.script_error_len.unwrap_or(0);
                let theirs = touched_tokens(&record.text, theirs_start, theirs_end);
                if theirs.intersection(&touched_tokens(&record.text, start, end)).next().is_some() {
                    same_token += 1;
                } else {
                    disagreements.push(format!("other-token {}", record.file));
                }
            }
            _ => disagreements.push(format!("verdict {}", record.file)),
        }
    }
    let agreement = percent(agreed, total);
    let same = percent(same_token, both_reject);
    eprintln!(
        "script mode: {total} files, agreement {agreement:.2}%, \
         same token {same:.2}% of {both_reject}"
    );
    assert!(total > 2000, "script-mode verdicts missing");
    assert!(agreement >= MIN_AGREEMENT, "script agreement {agreement:.2}%: {disagreements:#?}");
    assert!(same >= MIN_SAME_TOKEN, "script same-token {same:.2}%: {disagreements:#?}");
}

#[test]
fn lexer_tokens_are_never_empty() {
    for record in load_records() {
        let (tokens, _) = kql::tokenize(&record.text);
        assert!(
            tokens.iter().all(|t| !t.range.is_empty() && t.kind != SyntaxKind::Eof),
            "{}",
            record.file
        );
    }
}
