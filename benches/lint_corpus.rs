//! Whole-pipeline lint throughput: YAML loading, schema and rule checks, KQL parsing and
//! semantic analysis, over one generated hunting-query file per conformance-corpus query;
//! and linting plus the `human` report of rules whose query is built to hurt (deep nesting,
//! thousands of findings on one long line), where time must stay linear in the input.

mod support;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sentinelctl::diagnostics::Summary;
use sentinelctl::diagnostics::render::{OutputFormat, RenderOptions, render};
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

fn lint_and_report_hostile_rules(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let unknown: Vec<String> = (0..5_000).map(|i| format!("x{i}")).collect();
    let queries = [
        format!("T | where {}x{}", "(".repeat(20_000), ")".repeat(20_000)),
        format!("T | extend z = {}x{}", "tostring(".repeat(8_000), ")".repeat(8_000)),
        format!("SigninLogs | extend z = {}", unknown.join(" + ")),
    ];
    let (paths, bytes) = support::write_rule_files(dir.path(), &queries);
    let settings = LintSettings::default();
    let options = RenderOptions::plain(&[], "0");
    let mut group = c.benchmark_group("lint_hostile");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("nested_and_long_line_rules_human", |b| {
        b.iter(|| {
            let outcome = lint_files(&paths, &settings);
            let summary = Summary::new(paths.len(), &outcome.diagnostics);
            let mut report = Vec::new();
            let diagnostics = &outcome.diagnostics;
            render(
                OutputFormat::Human,
                diagnostics,
                &outcome.sources,
                &summary,
                &options,
                &mut report,
            )
            .expect("render to memory");
            report.len()
        });
    });
    group.finish();
}

criterion_group!(benches, lint_generated_rules, lint_and_report_hostile_rules);
criterion_main!(benches);
