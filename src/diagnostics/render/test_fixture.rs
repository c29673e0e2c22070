//! One shared set of files and diagnostics that every renderer's snapshot test draws.
//!
//! The set is small but awkward on purpose: non-ASCII text before a finding, a CRLF file, a
//! multi-line range, an empty range at the very end of a file, every severity, help and a
//! related location in another file, a path and a message full of characters that GitHub
//! workflow commands, URIs and XML must escape, a lint missing from the lint table, and one
//! clean file.

use crate::diagnostics::{Diagnostic, Severity, Summary};
use crate::lint::Lint;
use crate::source::{SourceDb, SourceFile, SourceId, TextRange};

use super::{OutputFormat, RenderOptions, render};

const ANALYTIC_RULE: &str = "\
id: 0b5bcf5a-8c3b-4d3e-9d7e-0c0a2f1e7a11
name: Atera agent — détection de l'outil à distance
severity: Élevé
requiredTechniques:
  - T1219
query: |
  DeviceFileCertificateInfo
  | where Signer has 'Atera Networks'
";

const HUNTING_QUERY_CRLF: &str = "id: 0b5bcf5a-8c3b-4d3e-9d7e-0c0a2f1e7a11\r\n\
tactics:\r\n  - Defense Evasion\r\nquery: DeviceProcessEvents\r\n";

const CLEAN_RULE: &str = "id: 6d2a1c4e-1f0b-4c59-b7e5-3c1f4a9d8e20\nname: Clean\n";

static DUPLICATE_ID: Lint = Lint {
    code: "ID201",
    name: "duplicate-id",
    default_severity: Severity::Error,
    summary: "Checks that no two rules share an `id`",
    docs: "## What it does\nChecks that every rule `id` is unique.\n\n## Why is this bad?\n\
           Sentinel keys rules by id, so one rule silently replaces the other.\n",
};

static UNKNOWN_SEVERITY: Lint = Lint {
    code: "SCH104",
    name: "unknown-severity",
    default_severity: Severity::Error,
    summary: "Checks that `severity` is one Sentinel accepts",
    docs: "## What it does\nChecks `severity` against Sentinel's four values.\n",
};

static UNKNOWN_KEY: Lint = Lint {
    code: "SCH102",
    name: "unknown-key",
    default_severity: Severity::Error,
    summary: "Checks for top-level keys Sentinel does not know",
    docs: "## What it does\nFlags unknown top-level keys.\n\n## Example\n```yaml\n\
           requiredTechniques: [T1219]\n```\n",
};

static MISSING_VERSION: Lint = Lint {
    code: "SCH130",
    name: "missing-version",
    default_severity: Severity::Info,
    summary: "Notes rules without a `version`",
    docs: "",
};

static TACTIC_SPELLING: Lint = Lint {
    code: "ATK301",
    name: "tactic-spelling",
    default_severity: Severity::Error,
    summary: "Checks tactic names against Sentinel's spelling",
    docs: "## What it does\nChecks that tactics are spelled as Sentinel spells them.\n",
};

/// The lint table the fixture passes in; `KQL101` (the multi-line finding) is left out to show
/// how formats cope with a code they have no documentation for.
pub(super) static LINTS: [&Lint; 5] =
    [&DUPLICATE_ID, &UNKNOWN_SEVERITY, &UNKNOWN_KEY, &MISSING_VERSION, &TACTIC_SPELLING];

/// Files, diagnostics (sorted by file, then position) and their summary.
pub(super) struct Fixture {
    pub(super) sources: SourceDb,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) summary: Summary,
}

/// The byte range of the first `needle` in `text`.
fn find(text: &str, needle: &str) -> TextRange {
    let start = text.find(needle).expect("fixture text contains the needle");
    TextRange::from_usize(start, start + needle.len())
}

pub(super) fn fixture() -> Fixture {
    let mut sources = SourceDb::new();
    let mut rule = SourceFile::new("rules/Atera — détection.yaml", ANALYTIC_RULE);
    rule.set_rule_id(Some("0b5bcf5a-8c3b-4d3e-9d7e-0c0a2f1e7a11".to_owned()));
    let rule_id = sources.add(rule);
    let hunting_id =
        sources.add(SourceFile::new("rules/Hunting Queries/100%,a:b.yaml", HUNTING_QUERY_CRLF));
    let mut clean = SourceFile::new("rules/clean.yaml", CLEAN_RULE);
    clean.set_rule_id(Some("6d2a1c4e-1f0b-4c59-b7e5-3c1f4a9d8e20".to_owned()));
    sources.add(clean);

    let mut diagnostics = analytic_rule_diagnostics(rule_id, hunting_id);
    diagnostics.extend(hunting_query_diagnostics(hunting_id));
    let summary = Summary::new(sources.len(), &diagnostics);
    Fixture { sources, diagnostics, summary }
}

fn analytic_rule_diagnostics(rule: SourceId, hunting: SourceId) -> Vec<Diagnostic> {
    let text = ANALYTIC_RULE;
    let id = "0b5bcf5a-8c3b-4d3e-9d7e-0c0a2f1e7a11";
    let query_start = text.find("  DeviceFileCertificateInfo").expect("query line");
    let end = u32::try_from(text.len()).expect("small text");
    vec![
        Diagnostic::new(
            "ID201",
            Severity::Error,
            rule,
            find(text, id),
            "Rule id `0b5bcf5a-8c3b-4d3e-9d7e-0c0a2f1e7a11` is also used by another file",
        )
        .with_help("Give one of the rules a new GUID")
        .with_related(
            hunting,
            find(HUNTING_QUERY_CRLF, id),
            "The same id is declared here",
        ),
        Diagnostic::new(
            "SCH104",
            Severity::Error,
            rule,
            find(text, "Élevé"),
            "Unknown severity `Élevé`",
        )
        .with_help("Use one of `Informational`, `Low`, `Medium` or `High`"),
        Diagnostic::new(
            "SCH102",
            Severity::Warning,
            rule,
            find(text, "requiredTechniques"),
            "Unknown key `requiredTechniques`",
        )
        .with_help("Rename it to `relevantTechniques`")
        .with_fix(find(text, "requiredTechniques"), "relevantTechniques"),
        Diagnostic::new(
            "KQL101",
            Severity::Warning,
            rule,
            TextRange::from_usize(query_start + 2, text.len() - 1),
            "Query matches every `Signer` containing the text",
        ),
        Diagnostic::new(
            "SCH130",
            Severity::Info,
            rule,
            TextRange::empty(end),
            "Rule has no `version`",
        ),
    ]
}

fn hunting_query_diagnostics(hunting: SourceId) -> Vec<Diagnostic> {
    vec![
        Diagnostic::new(
            "ATK301",
            Severity::Error,
            hunting,
            find(HUNTING_QUERY_CRLF, "Defense Evasion"),
            "Tactic `Defense Evasion` is misspelled: 100% of deployments, one\nper tenant, fail",
        )
        .with_help("Write `DefenseEvasion`"),
    ]
}

/// Renders the fixture in `format`, without colour.
pub(super) fn render_fixture(format: OutputFormat) -> String {
    render_fixture_with(format, false)
}

/// Renders the fixture in `format`, without colour, with warnings failing the run or not.
pub(super) fn render_fixture_with(format: OutputFormat, warnings_fail: bool) -> String {
    let fixture = fixture();
    let options = RenderOptions { warnings_fail, ..RenderOptions::plain(&LINTS, "0.1.0") };
    let mut out = Vec::new();
    render(format, &fixture.diagnostics, &fixture.sources, &fixture.summary, &options, &mut out)
        .expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("renderers write UTF-8")
}

/// Renders `diagnostics` over `sources` in `format`, for edge cases outside the shared set.
pub(super) fn render_with(
    format: OutputFormat,
    sources: &SourceDb,
    diagnostics: &[Diagnostic],
) -> String {
    let summary = Summary::new(sources.len(), diagnostics);
    let options = RenderOptions::plain(&LINTS, "0.1.0");
    let mut out = Vec::new();
    render(format, diagnostics, sources, &summary, &options, &mut out)
        .expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("renderers write UTF-8")
}
