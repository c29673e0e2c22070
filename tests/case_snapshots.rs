//! Snapshot of the human report for every public bug-report case under
//! `tests/fixtures/cases/`, so any change to what a case reports is reviewed as a diff.

use std::path::PathBuf;

use sentinelctl::diagnostics::Summary;
use sentinelctl::diagnostics::render::{OutputFormat, RenderOptions, render};
use sentinelctl::discover::{Excludes, discover};
use sentinelctl::lint::{LintSettings, all_lints, lint_files};

fn human_report(case: &str) -> String {
    let root = PathBuf::from("tests/fixtures/cases").join(case);
    let files = discover(&[root], &Excludes::new(&[]).expect("no globs"))
        .all_or_error()
        .expect("case files");
    let outcome = lint_files(&files, &LintSettings::default());
    let summary = Summary::new(files.len(), &outcome.diagnostics);
    let lints = all_lints();
    let options = RenderOptions::plain(&lints, "test");
    let mut out = Vec::new();
    render(
        OutputFormat::Human,
        &outcome.diagnostics,
        &outcome.sources,
        &summary,
        &options,
        &mut out,
    )
    .expect("render to memory");
    String::from_utf8(out).expect("utf-8 report")
}

#[test]
fn every_case_report_matches_its_snapshot() {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::set_current_dir(manifest).expect("run from the crate root");
    let mut cases: Vec<String> = std::fs::read_dir("tests/fixtures/cases")
        .expect("cases folder")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "expected the case fixtures, found {cases:?}");
    for case in cases {
        insta::assert_snapshot!(case.clone(), human_report(&case));
    }
}
