//! The cost of semantic analysis against the whole lint pipeline, on the committed KQL
//! conformance corpus (the same queries `lint_corpus` lints).
//!
//! `semantic/lint_with_semantics` times `lint_files` over generated hunting-query files, as
//! shipped; `semantic/lint_without_semantics` the same run with every `KQL2xx` lint ignored,
//! which skips the analysis. The overhead is `with / without - 1`. `semantic/analyze_only`
//! times the analysis alone over trees parsed beforehand, to see where a change went.

mod support;

use criterion::{Criterion, criterion_group, criterion_main};
use sentinelctl::kql;
use sentinelctl::kql::semantic::{UserSchemas, analyze};
use sentinelctl::lint::{LintSettings, Selection, lint_files};

fn semantic_overhead(c: &mut Criterion) {
    let queries = support::conformance_queries();
    let dir = tempfile::tempdir().expect("temp dir");
    let (paths, _) = support::write_rule_files(dir.path(), &queries);
    let parsed: Vec<kql::Parse> = queries.iter().map(|q| kql::parse(q)).collect();
    let settings = LintSettings::default();
    let without = LintSettings {
        selection: Selection::new(&[], &["KQL2".to_owned()]),
        ..LintSettings::default()
    };
    assert!(settings.semantics_selected() && !without.semantics_selected());
    let user = UserSchemas::default();
    let mut group = c.benchmark_group("semantic");
    group.sample_size(10);
    group.bench_function("lint_with_semantics", |b| {
        b.iter(|| lint_files(&paths, &settings).diagnostics.len());
    });
    group.bench_function("lint_without_semantics", |b| {
        b.iter(|| lint_files(&paths, &without).diagnostics.len());
    });
    group.bench_function("analyze_only", |b| {
        b.iter(|| parsed.iter().map(|p| analyze(p, &user).findings.len()).sum::<usize>());
    });
    group.finish();
}

criterion_group!(benches, semantic_overhead);
criterion_main!(benches);
