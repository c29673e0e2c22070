//! Parser throughput on the committed KQL conformance corpus (real Sentinel and hunting
//! queries, `tests/kql-conformance/*/queries.jsonl`).
//!
//! Each query is parsed and its tree dropped before the next, as the linter does, so memory
//! stays proportional to one query. Criterion reports the throughput in bytes per second.

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

criterion_group!(benches, parse_corpus);
criterion_main!(benches);
