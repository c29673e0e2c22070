//! The cost of semantic analysis against the whole lint pipeline, on the committed KQL
//! conformance corpus (the same queries `lint_corpus` lints).
//!
//! `lint/with_semantics` times `lint_files` over generated hunting-query files (semantic
//! checks included, as shipped). `semantic/parse_and_analyze` times what the semantic checks
//! add on top of the rest: a second parse of each query plus the analysis; `parse_only` splits
//! the two. The overhead is `parse_and_analyze / (with_semantics - parse_and_analyze)`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use sentinelctl::kql;
use sentinelctl::kql::semantic::{UserSchemas, analyze};
use sentinelctl::lint::{LintSettings, lint_files};

fn queries() -> Vec<String> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kql-conformance");
    let mut files: Vec<PathBuf> = fs::read_dir(&data)
        .expect("conformance data folder")
        .filter_map(|entry| Some(entry.ok()?.path().join("queries.jsonl")))
        .filter(|path| path.exists())
        .collect();
    files.sort();
    let mut queries = Vec::new();
    for file in files {
        let content = fs::read_to_string(file).expect("readable queries.jsonl");
        for line in content.lines() {
            let Ok(record) = serde_json::from_str::<serde_json::Value>(line) else { continue };
            if let Some(text) = record.get("text").and_then(|t| t.as_str()) {
                queries.push(text.to_owned());
            }
        }
    }
    queries
}

fn rule_yaml(index: usize, query: &str) -> String {
    let mut text = format!(
        "id: {index:08x}-0000-4000-8000-000000000000\nname: Query {index}\n\
         description: Generated from the conformance corpus\nrequiredDataConnectors: []\n\
         tactics:\n  - Discovery\nrelevantTechniques:\n  - T1087\nquery: |\n"
    );
    for line in query.lines() {
        let _ = writeln!(text, "  {}", line.trim_end());
    }
    text
}

fn semantic_overhead(c: &mut Criterion) {
    let queries = queries();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut paths = Vec::new();
    for (index, query) in queries.iter().enumerate() {
        let path = dir.path().join(format!("hunting/q{index:05}.yaml"));
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, rule_yaml(index, query)).expect("write rule");
        paths.push(path);
    }
    let settings = LintSettings::default();
    let user = UserSchemas::default();
    let mut group = c.benchmark_group("semantic");
    group.sample_size(10);
    group.bench_function("lint_with_semantics", |b| {
        b.iter(|| lint_files(&paths, &settings).diagnostics.len());
    });
    group.bench_function("parse_only", |b| {
        b.iter(|| queries.iter().map(|q| kql::parse(q).errors().len()).sum::<usize>());
    });
    group.bench_function("parse_and_analyze", |b| {
        b.iter(|| {
            queries.iter().map(|q| analyze(&kql::parse(q), &user).findings.len()).sum::<usize>()
        });
    });
    group.finish();
}

criterion_group!(benches, semantic_overhead);
criterion_main!(benches);
