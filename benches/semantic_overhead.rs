//! What semantic analysis adds to a lint run, measured in pairs.
//!
//! `kql_semantic` times the run with and without the `KQL2xx` checks one after the other, so a
//! machine that slows down in between (a shared or virtual one) moves the ratio by tens of
//! percent. Here each pair runs both settings back to back, in alternating order, over the same
//! generated files; the overhead reported is the median of the per-pair ratios, which drift of
//! the machine affects far less. Run with `cargo bench --bench semantic_overhead`.

mod support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use sentinelctl::lint::{LintSettings, Selection, lint_files};

const WARM_UP_PAIRS: usize = 3;
const PAIRS: usize = 25;

fn main() {
    let queries = support::conformance_queries();
    let dir = tempfile::tempdir().expect("temp dir");
    let (paths, _) = support::write_rule_files(dir.path(), &queries);
    let with = LintSettings::default();
    let without = LintSettings {
        selection: Selection::new(&[], &["KQL2".to_owned()]),
        ..LintSettings::default()
    };
    assert!(with.semantics_selected() && !without.semantics_selected());

    for _ in 0..WARM_UP_PAIRS {
        time_lint(&paths, &with);
        time_lint(&paths, &without);
    }
    let mut with_times = Vec::with_capacity(PAIRS);
    let mut without_times = Vec::with_capacity(PAIRS);
    let mut ratios = Vec::with_capacity(PAIRS);
    for pair in 0..PAIRS {
        let (w, wo) = if pair % 2 == 0 {
            let w = time_lint(&paths, &with);
            (w, time_lint(&paths, &without))
        } else {
            let wo = time_lint(&paths, &without);
            (time_lint(&paths, &with), wo)
        };
        ratios.push(w.as_secs_f64() / wo.as_secs_f64());
        with_times.push(w);
        without_times.push(wo);
    }
    report(paths.len(), &mut with_times, &mut without_times, &mut ratios);
}

fn time_lint(paths: &[PathBuf], settings: &LintSettings) -> Duration {
    let start = Instant::now();
    let findings = lint_files(paths, settings).diagnostics.len();
    let elapsed = start.elapsed();
    std::hint::black_box(findings);
    elapsed
}

#[allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]
fn report(files: usize, with: &mut [Duration], without: &mut [Duration], ratios: &mut [f64]) {
    with.sort();
    without.sort();
    ratios.sort_by(f64::total_cmp);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let quartile = |q: usize| (ratios[ratios.len() * q / 4] - 1.0) * 100.0;
    println!("semantic_overhead: {files} files, {PAIRS} pairs");
    println!("  lint with semantics     median {:8.1} ms", ms(with[with.len() / 2]));
    println!("  lint without semantics  median {:8.1} ms", ms(without[without.len() / 2]));
    println!(
        "  overhead                median {:+7.1} %  (quartiles {:+.1} % .. {:+.1} %)",
        quartile(2),
        quartile(1),
        quartile(3)
    );
}
