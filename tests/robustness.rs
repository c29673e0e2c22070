//! Damaged rule files never crash the linter: every fixture is mutated in many small ways
//! (tabs, quotes, brackets, CRs, invalid UTF-8, deleted runs) and the whole batch is linted;
//! each file must come back with its own outcome.

use std::path::{Path, PathBuf};

use sentinelctl::discover::{Excludes, discover};
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
