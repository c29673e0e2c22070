//! Parser throughput on the committed KQL conformance corpus (real Sentinel and hunting
//! queries, `tests/kql-conformance/*/queries.jsonl`).
//!
//! Each query is parsed and its tree dropped before the next, as the linter does, so memory
//! stays proportional to one query. Criterion reports the throughput in bytes per second.
//! `parse_hostile` times queries built to hurt: nesting far past the limit and thousands of
//! errors, which must stay about as cheap per byte as real queries.

use std::hint::black_box;

mod support;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sentinelctl::kql;

fn parse_corpus(c: &mut Criterion) {
    let texts = support::conformance_queries();
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

/// Nested and broken queries like those of a fuzzer or a careless generator.
fn hostile_queries() -> Vec<(&'static str, String)> {
    vec![
        ("parens_20000", format!("T | where {}x{}", "(".repeat(20_000), ")".repeat(20_000))),
        ("unclosed_20000", format!("T | where {}x", "(".repeat(20_000))),
        (
            "calls_8000",
            format!("T | extend z = {}x{}", "tostring(".repeat(8_000), ")".repeat(8_000)),
        ),
        ("closers_20000", format!("T | take 1{}", ")".repeat(20_000))),
        ("or_20000", format!("T | where {}", vec!["x == 1"; 20_000].join(" or "))),
    ]
}

fn parse_hostile(c: &mut Criterion) {
    let mut group = c.benchmark_group("kql_hostile");
    group.sample_size(20);
    for (name, text) in hostile_queries() {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| kql::parse(black_box(&text)).errors().len()));
    }
    group.finish();
}

criterion_group!(benches, parse_corpus, parse_hostile);
criterion_main!(benches);
