//! Parser throughput on the committed KQL conformance corpus (real Sentinel and hunting
//! queries, `tests/kql-conformance/*/queries.jsonl`).
//!
//! Each query is parsed and its tree dropped before the next, as the linter does, so memory
//! stays proportional to one query. Criterion reports the throughput in bytes per second.

use std::fs;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sentinelctl::kql;

/// The query texts of the conformance corpus.
fn corpus() -> Vec<String> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("kql-conformance");
    let mut files: Vec<_> = fs::read_dir(&data)
        .expect("conformance data folder")
        .filter_map(|entry| Some(entry.ok()?.path().join("queries.jsonl")))
        .filter(|path| path.exists())
        .collect();
    files.sort();
    let mut texts = Vec::new();
    for file in files {
        let content = fs::read_to_string(&file).expect("readable queries.jsonl");
        for line in content.lines().filter(|line| !line.is_empty()) {
            let record: serde_json::Value = serde_json::from_str(line).expect("valid record");
            if let Some(text) = record.get("text").and_then(|text| text.as_str()) {
                texts.push(text.to_owned());
            }
        }
    }
    texts
}

fn parse_corpus(c: &mut Criterion) {
    let texts = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group("kql");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("parse_corpus", |b| {
        b.iter(|| {
            let mut errors = 0;
            for text in &texts {
                errors += kql::parse(black_box(text)).errors().len();
            }
            errors
        });
    });
    group.bench_function("tokenize_corpus", |b| {
        b.iter(|| texts.iter().map(|text| kql::tokenize(black_box(text)).0.len()).sum::<usize>());
    });
    group.finish();
}

criterion_group!(benches, parse_corpus);
criterion_main!(benches);
