//! Whole-pipeline lint throughput: YAML loading, schema and rule checks, KQL parsing.
//!
//! The rule files are generated from the committed KQL conformance corpus
//! (`tests/kql-conformance/*/queries.jsonl`): each query becomes a hunting-query YAML file
//! with the query as a `|` block, the layout real repositories use. Files are written once to
//! a temporary folder; the benchmark times `lint_files` over all of them.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sentinelctl::lint::{LintSettings, lint_files};

fn queries() -> Vec<String> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kql-conformance");
    let mut files: Vec<PathBuf> = fs::read_dir(&data)
        .expect("conformance data folder")
        .filter_map(|entry| Some(entry.ok()?.path().join("queries.jsonl")))
        .filter(|path| path.exists())
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|file| {
            let content = fs::read_to_string(file).expect("readable queries.jsonl");
            content
                .lines()
                .filter_map(|line| {
                    let record: serde_json::Value = serde_json::from_str(line).ok()?;
                    record.get("text")?.as_str().map(str::to_owned)
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A hunting-query file around `query`, with a unique GUID.
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

fn lint_generated_rules(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut paths = Vec::new();
    let mut bytes = 0;
    for (index, query) in queries().iter().enumerate() {
        let path = dir.path().join(format!("hunting/q{index:05}.yaml"));
        let text = rule_yaml(index, query);
        bytes += text.len();
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, text).expect("write rule");
        paths.push(path);
    }
    let settings = LintSettings::default();
    let mut group = c.benchmark_group("lint");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("generated_corpus_rules", |b| {
        b.iter(|| lint_files(&paths, &settings).diagnostics.len());
    });
    group.finish();
}

criterion_group!(benches, lint_generated_rules);
criterion_main!(benches);
