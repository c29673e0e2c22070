//! Whole-pipeline lint throughput: YAML loading, schema and rule checks, KQL parsing and
//! semantic analysis, over one generated hunting-query file per conformance-corpus query.

mod support;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sentinelctl::lint::{LintSettings, lint_files};

fn lint_generated_rules(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (paths, bytes) = support::write_rule_files(dir.path(), &support::conformance_queries());
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
