//! The `json` format: one JSON object for scripts and other tools to read.
//!
//! # Wire contract, version 1
//!
//! The output is a single object, pretty-printed and followed by a newline:
//!
//! ```json
//! {
//!   "diagnostics": [
//!     {
//!       "file": "rules/a.yaml",
//!       "line": 3,
//!       "column": 11,
//!       "end_line": 3,
//!       "end_column": 16,
//!       "severity": "error",
//!       "code": "SCH104",
//!       "message": "Unknown severity `Hgh`",
//!       "rule_id": "0b5bcf5a-8c3b-4d3e-9d7e-0c0a2f1e7a11",
//!       "help": "Use one of `Informational`, `Low`, `Medium` or `High`",
//!       "related": [
//!         { "file": "…", "line": 1, "column": 5, "end_line": 1, "end_column": 9,
//!           "message": "The same id is declared here" }
//!       ]
//!     }
//!   ],
//!   "summary": { "files": 2, "errors": 1, "warnings": 0 },
//!   "tool_errors": []
//! }
//! ```
//!
//! - `file` is the path as given on the command line or found by discovery.
//! - `line` and `column` are 1-based; columns count Unicode scalar values. `end_line` and
//!   `end_column` point just past the finding, so an empty range has end equal to start.
//! - `severity` is `"error"`, `"warning"` or `"info"`.
//! - `rule_id` is the Sentinel rule `id:` the file declares, or `null` when it has none.
//! - `help` is a string or `null`; `related` is always present, possibly empty.
//! - `diagnostics` are sorted by file, then position. `summary.files` counts every file linted.
//! - `tool_errors` lists, as plain messages, what kept the run from checking everything it was
//!   asked to (a path that does not exist, an unreadable schema folder); the exit status is
//!   then 2. An empty list means the run checked everything.
//!
//! Within version 1, fields are only ever added, never renamed, removed or retyped; readers
//! should ignore fields they do not know.

use std::io;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Related, Severity, Summary};
use crate::source::{SourceDb, SourceId, TextRange};

use super::{Span, display_path};

#[derive(Serialize)]
struct Output<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: JsonSummary,
    tool_errors: &'a [String],
}

/// Where a finding or a related note is; flattened into both, so the keys stay top-level.
#[derive(Serialize)]
struct JsonLocation {
    file: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
}

impl JsonLocation {
    fn new(sources: &SourceDb, source: SourceId, range: TextRange) -> Self {
        let file = sources.get(source);
        let span = Span::of(file, range);
        Self {
            file: display_path(file.path()),
            line: span.start.line,
            column: span.start.column,
            end_line: span.end.line,
            end_column: span.end.column,
        }
    }
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    #[serde(flatten)]
    location: JsonLocation,
    severity: Severity,
    code: &'a str,
    message: &'a str,
    rule_id: Option<&'a str>,
    help: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
    /// The edit `lint --fix` would make: this range of the file becomes `replacement`.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    #[serde(flatten)]
    location: JsonLocation,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    #[serde(flatten)]
    location: JsonLocation,
    message: &'a str,
}

/// The summary counts of the contract; infos are deliberately not part of version 1.
#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    errors: usize,
    warnings: usize,
}

pub(super) fn render(
    diagnostics: &[Diagnostic],
    sources: &SourceDb,
    summary: &Summary,
    tool_errors: &[String],
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let output = Output {
        tool_errors,
        diagnostics: diagnostics.iter().map(|d| diagnostic(d, sources)).collect(),
        summary: JsonSummary {
            files: summary.files,
            errors: summary.errors,
            warnings: summary.warnings,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    writeln!(out)
}

fn diagnostic<'a>(diagnostic: &'a Diagnostic, sources: &'a SourceDb) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        location: JsonLocation::new(sources, diagnostic.source, diagnostic.range),
        severity: diagnostic.severity,
        code: diagnostic.code,
        message: &diagnostic.message,
        rule_id: sources.get(diagnostic.source).rule_id(),
        help: diagnostic.help.as_deref(),
        related: diagnostic.related.iter().map(|r| related(r, sources)).collect(),
        fix: diagnostic.fix.as_ref().map(|fix| JsonFix {
            location: JsonLocation::new(sources, diagnostic.source, fix.range),
            replacement: &fix.replacement,
        }),
    }
}

fn related<'a>(related: &'a Related, sources: &SourceDb) -> JsonRelated<'a> {
    JsonRelated {
        location: JsonLocation::new(sources, related.source, related.range),
        message: &related.message,
    }
}

#[cfg(test)]
mod tests {
    use super::super::OutputFormat;
    use super::super::test_fixture::render_fixture;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(render_fixture(OutputFormat::Json));
    }

    #[test]
    fn output_has_the_documented_shape() {
        let value: serde_json::Value =
            serde_json::from_str(&render_fixture(OutputFormat::Json)).expect("valid JSON");
        let keys: Vec<&str> = value["diagnostics"][0]
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        let expected = [
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "severity",
            "code",
            "message",
            "rule_id",
            "help",
            "related",
        ];
        // serde_json sorts keys unless `preserve_order` is on, so compare as sets.
        let mut sorted_expected = expected.to_vec();
        sorted_expected.sort_unstable();
        let mut sorted_keys = keys.clone();
        sorted_keys.sort_unstable();
        assert_eq!(sorted_keys, sorted_expected);
        assert_eq!(value["summary"], serde_json::json!({"files": 3, "errors": 3, "warnings": 2}));
    }
}
