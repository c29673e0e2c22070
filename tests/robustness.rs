//! Damaged rule files never crash the linter: every fixture is mutated in many small ways
//! (tabs, quotes, brackets, CRs, invalid UTF-8, deleted runs) and the whole batch is linted;
//! each file must come back with its own outcome. Hostile queries (nesting 100,000 deep,
//! thousands of mistakes) lint on a test thread's small stack into a short report.

use std::path::{Path, PathBuf};

use sentinelctl::diagnostics::Summary;
use sentinelctl::diagnostics::render::{OutputFormat, RenderOptions, render};
use sentinelctl::discover::{Excludes, discover};
use sentinelctl::kql::{MAX_ERRORS, MAX_NESTING};
use sentinelctl::lint::{LintSettings, lint_files};

/// A small deterministic generator, so a failure reproduces exactly.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 =
            self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

const PIECES: &[&[u8]] = &[
    b"\t",
    b" ",
    b"\n",
    b":",
    b"- ",
    b"\"",
    b"'",
    b"|",
    b">",
    b"{",
    b"[",
    b"}",
    b"]",
    b"#",
    b"&a",
    b"*a",
    b"!!",
    b"%",
    b"@",
    b"\\",
    b"\r",
    "é".as_bytes(),
    b"\xff",
    b"{{",
    b"\0",
    b"---\n",
];

fn mutate(data: &[u8], rng: &mut Lcg) -> Vec<u8> {
    let mut bytes = data.to_vec();
    for _ in 0..=rng.next(6) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.next(bytes.len());
        let piece = PIECES[rng.next(PIECES.len())];
        match rng.next(3) {
            0 => drop(bytes.splice(at..at + 1, piece.iter().copied())),
            1 => drop(bytes.splice(at..at, piece.iter().copied())),
            _ => drop(bytes.drain(at..(at + 1 + rng.next(20)).min(bytes.len()))),
        }
    }
    bytes
}

fn fixture_rules() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let roots = [root.join("tests/fixtures/cases"), root.join("rules")];
    discover(&roots, &Excludes::new(&[]).expect("no globs")).all_or_error().expect("fixtures exist")
}

#[test]
fn mutated_rule_files_are_all_linted_without_a_crash() {
    let sources = fixture_rules();
    assert!(sources.len() >= 20, "fixtures missing: {sources:?}");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rng = Lcg(0x5e47_1e1c);
    let mut written = Vec::new();
    for (index, source) in sources.iter().enumerate() {
        let data = std::fs::read(source).expect("fixture readable");
        for variant in 0..25 {
            let path = dir.path().join(format!("f{index:03}-{variant:02}.yaml"));
            std::fs::write(&path, mutate(&data, &mut rng)).expect("write mutant");
            written.push(path);
        }
    }
    let outcome = lint_files(&written, &LintSettings::default());
    assert_eq!(outcome.sources.len(), written.len(), "every mutant is accounted for");
    assert!(
        outcome.diagnostics.iter().any(|d| d.code.starts_with("YML")),
        "mutations should break some files"
    );
}

/// A hunting query around `query`, which is written on one line.
fn hunting_query(query: &str) -> String {
    format!(
        "id: 8f1c9a62-0000-4000-8000-000000000000\nname: Hostile query\n\
         description: Generated\nrequiredDataConnectors: []\ntactics:\n  - Discovery\n\
         relevantTechniques:\n  - T1087\nquery: |\n  {query}\n"
    )
}

/// Lints each query as a hunting-query file and returns, per query, the codes found and the
/// size of the human report.
fn lint_queries(queries: &[String]) -> Vec<(Vec<&'static str>, usize)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut results = Vec::new();
    for (index, query) in queries.iter().enumerate() {
        let path = dir.path().join(format!("q{index}.yaml"));
        std::fs::write(&path, hunting_query(query)).expect("write rule");
        let outcome = lint_files(&[path], &LintSettings::default());
        let summary = Summary::new(1, &outcome.diagnostics);
        let options = RenderOptions::plain(&[], "0");
        let mut report = Vec::new();
        render(
            OutputFormat::Human,
            &outcome.diagnostics,
            &outcome.sources,
            &summary,
            &options,
            &mut report,
        )
        .expect("render to memory");
        let codes =
            outcome.diagnostics.iter().map(|d| d.code).filter(|c| !c.starts_with("SCH")).collect();
        results.push((codes, report.len()));
    }
    results
}

#[test]
fn nesting_100000_deep_gives_one_finding() {
    let depth = 100_000;
    let queries = [
        format!(
            "SigninLogs | where {}UserPrincipalName has 'x'{}",
            "(".repeat(depth),
            ")".repeat(depth)
        ),
        format!("SigninLogs | where {}UserPrincipalName has 'x'", "(".repeat(depth)),
        format!(
            "SigninLogs | extend x = {}UserPrincipalName{}",
            "tostring(".repeat(depth),
            ")".repeat(depth)
        ),
        format!("SigninLogs | extend x = {}UserPrincipalName", "tostring(".repeat(depth)),
        format!(
            "SigninLogs | mv-apply x = Id on ({}take 1{})",
            "mv-apply y = x on (".repeat(depth),
            ")".repeat(depth)
        ),
    ];
    for (query, (codes, report)) in queries.iter().zip(lint_queries(&queries)) {
        assert_eq!(codes, ["KQL113"], "{}", &query[..60]);
        // The frame shows a window of the line, not the megabytes of it.
        assert!(report < 2_000, "{report} bytes for {}", &query[..60]);
    }
}

#[test]
fn thousands_of_mistakes_give_a_bounded_report() {
    let queries = [
        format!("SigninLogs | take 1{}", ")".repeat(100_000)),
        format!("SigninLogs | where {}", "x == == 1 | ".repeat(10_000)),
        format!("SigninLogs | where x == '{}", "\\q'".repeat(10_000)),
    ];
    for (query, (codes, report)) in queries.iter().zip(lint_queries(&queries)) {
        assert_eq!(codes.len(), MAX_ERRORS + 1, "{}", &query[..40]);
        assert_eq!(codes.last(), Some(&"KQL117"), "{}", &query[..40]);
        assert!(report < 20_000, "{report} bytes for {}", &query[..40]);
    }
}

#[test]
fn long_chains_and_the_deepest_nesting_allowed_are_analyzed() {
    let or = vec!["UserPrincipalName == 'a'"; 100_000].join(" or ");
    let nested =
        format!("{}Bogus{}", "tostring(".repeat(MAX_NESTING - 1), ")".repeat(MAX_NESTING - 1));
    let queries = [
        format!("SigninLogs | where Bogus == 1 or {or}"),
        format!("SigninLogs | extend x = Bogus{}", ".a".repeat(100_000)),
        format!("SigninLogs | extend x = {nested}"),
    ];
    for (codes, _) in lint_queries(&queries) {
        assert_eq!(codes.iter().filter(|&&code| code == "KQL201").count(), 1, "{codes:?}");
    }
}
