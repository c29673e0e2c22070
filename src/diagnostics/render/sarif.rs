//! The `sarif` format: a SARIF 2.1.0 log fit for GitHub code scanning upload.
//!
//! The log has one run. Its driver lists each rule seen in the results once, in code order,
//! with the lint's summary and Markdown documentation, and every result points at its rule by
//! `ruleId` and `ruleIndex`. The run's one invocation says whether it checked everything it
//! was asked to (`executionSuccessful`), with each problem that kept it from doing so as a
//! tool execution notification. The log is built from small private serde structs rather than a
//! SARIF crate: we emit a small subset and want the field names visible here.
//!
//! See: <https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html> and
//! <https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning>

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Fix, Related, Severity};
use crate::lint::Lint;
use crate::source::{SourceDb, SourceId, TextRange};

use super::{RenderOptions, Span, find_lint, portable_path};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Where to learn about the tool: `repository` from Cargo.toml (omitted while that is unset).
const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation<'a>; 1],
    results: Vec<SarifResult<'a>>,
    /// Our columns count Unicode scalar values, not SARIF's default of UTF-16 code units.
    column_kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Text<'a>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    information_uri: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    short_description: Text<'a>,
    full_description: Text<'a>,
    help: Markdown<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_configuration: Option<Configuration>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Markdown<'a> {
    text: std::borrow::Cow<'a, str>,
    markdown: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: OwnedText,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'a>>,
    /// The edit `lint --fix` makes, for viewers that offer to apply it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: OwnedText,
    artifact_changes: [ArtifactChange<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: [Replacement<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<'a>,
}

#[derive(Serialize)]
struct OwnedText {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation<'a> {
    id: usize,
    physical_location: PhysicalLocation,
    message: Text<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

pub(super) fn render(
    diagnostics: &[Diagnostic],
    sources: &SourceDb,
    options: &RenderOptions<'_>,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let rule_index = rule_indices(diagnostics);
    let rules = rule_index.keys().map(|code| rule(code, find_lint(options.lints, code))).collect();
    let results = diagnostics.iter().map(|d| result(d, rule_index[d.code], sources)).collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "sentinelctl",
                    version: options.tool_version,
                    information_uri: INFORMATION_URI,
                    rules,
                },
            },
            invocations: [invocation(options.tool_errors)],
            results,
            column_kind: "unicodeCodePoints",
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn invocation(tool_errors: &[String]) -> Invocation<'_> {
    let notifications = tool_errors
        .iter()
        .map(|problem| Notification { level: "error", message: Text { text: problem } })
        .collect();
    Invocation {
        execution_successful: tool_errors.is_empty(),
        tool_execution_notifications: notifications,
    }
}

/// Each code seen, in code order, with its position in `tool.driver.rules`.
fn rule_indices(diagnostics: &[Diagnostic]) -> BTreeMap<&'static str, usize> {
    let mut indices: BTreeMap<&'static str, usize> =
        diagnostics.iter().map(|d| (d.code, 0)).collect();
    for (index, slot) in indices.values_mut().enumerate() {
        *slot = index;
    }
    indices
}

/// A rule entry. Code scanning shows `shortDescription` and `fullDescription` (at most 1,000
/// characters, so the one-line summary) next to each alert, and `help` in the alert's details.
/// A code missing from the lint table still gets an entry, so `ruleIndex` stays valid.
fn rule<'a>(code: &'a str, lint: Option<&'static Lint>) -> Rule<'a> {
    let Some(lint) = lint else {
        return Rule {
            id: code,
            name: None,
            short_description: Text { text: code },
            full_description: Text { text: code },
            help: Markdown { text: code.into(), markdown: code.into() },
            default_configuration: None,
        };
    };
    let docs =
        if lint.docs.trim().is_empty() { lint.summary.to_owned() } else { lint.documentation() };
    Rule {
        id: code,
        name: Some(lint.name),
        short_description: Text { text: lint.summary },
        full_description: Text { text: lint.summary },
        help: Markdown { text: docs.clone().into(), markdown: docs.into() },
        default_configuration: Some(Configuration { level: level(lint.default_severity) }),
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result<'a>(
    diagnostic: &'a Diagnostic,
    rule_index: usize,
    sources: &SourceDb,
) -> SarifResult<'a> {
    // Code scanning shows only the result message, so a finding's own help goes with it.
    let mut text = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    SarifResult {
        rule_id: diagnostic.code,
        rule_index,
        level: level(diagnostic.severity),
        message: OwnedText { text },
        locations: [Location {
            physical_location: physical_location(sources, diagnostic.source, diagnostic.range),
        }],
        related_locations: diagnostic
            .related
            .iter()
            .enumerate()
            .map(|(id, related)| related_location(id, related, sources))
            .collect(),
        fixes: diagnostic.fix.iter().map(|fix| sarif_fix(diagnostic, fix, sources)).collect(),
    }
}

fn sarif_fix<'a>(diagnostic: &Diagnostic, fix: &'a Fix, sources: &SourceDb) -> SarifFix<'a> {
    let PhysicalLocation { artifact_location, region } =
        physical_location(sources, diagnostic.source, fix.range);
    SarifFix {
        description: OwnedText { text: format!("Write `{}`", fix.replacement) },
        artifact_changes: [ArtifactChange {
            artifact_location,
            replacements: [Replacement {
                deleted_region: region,
                inserted_content: Text { text: &fix.replacement },
            }],
        }],
    }
}

fn related_location<'a>(
    id: usize,
    related: &'a Related,
    sources: &SourceDb,
) -> RelatedLocation<'a> {
    RelatedLocation {
        id,
        physical_location: physical_location(sources, related.source, related.range),
        message: Text { text: &related.message },
    }
}

fn physical_location(sources: &SourceDb, source: SourceId, range: TextRange) -> PhysicalLocation {
    let file = sources.get(source);
    let span = Span::of(file, range);
    PhysicalLocation {
        artifact_location: ArtifactLocation { uri: uri(file.path()) },
        region: Region {
            start_line: span.start.line,
            start_column: span.start.column,
            end_line: span.end.line,
            end_column: span.end.column,
        },
    }
}

/// A relative URI reference for a relative path (code scanning resolves it against the
/// checkout), or a `file://` URI for an absolute one.
fn uri(path: &Path) -> String {
    let text = portable_path(path);
    if path.is_absolute() {
        let slash = if text.starts_with('/') { "" } else { "/" };
        format!("file://{slash}{}", percent_encode(&text, ":"))
    } else {
        percent_encode(&text, "")
    }
}

/// Percent-encodes every byte except unreserved characters, `/` and those in `keep`. A `:` is
/// encoded by default because in a relative reference it would read as a URI scheme.
fn percent_encode(text: &str, keep: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        let unreserved = byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte);
        if unreserved || keep.as_bytes().contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::super::OutputFormat;
    use super::super::test_fixture::{fixture, render_fixture};
    use super::*;

    fn log() -> Value {
        serde_json::from_str(&render_fixture(OutputFormat::Sarif)).expect("valid JSON")
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(render_fixture(OutputFormat::Sarif));
    }

    #[test]
    fn log_has_the_fields_code_scanning_requires() {
        let log = log();
        assert_eq!(log["version"], "2.1.0");
        assert!(log["$schema"].as_str().is_some_and(|s| s.contains("sarif-2.1.0")));
        let runs = log["runs"].as_array().expect("runs");
        assert_eq!(runs.len(), 1);
        let driver = &runs[0]["tool"]["driver"];
        assert_eq!(driver["name"], "sentinelctl");
        assert_eq!(driver["version"], "0.1.0");
        for result in runs[0]["results"].as_array().expect("results") {
            assert!(result["message"]["text"].is_string());
            assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
            let location = &result["locations"][0]["physicalLocation"];
            assert!(location["artifactLocation"]["uri"].is_string());
            for key in ["startLine", "startColumn", "endLine", "endColumn"] {
                assert!(location["region"][key].as_u64().is_some_and(|n| n >= 1), "{key}");
            }
        }
    }

    #[test]
    fn each_rule_seen_is_listed_once_and_indexed_correctly() {
        let log = log();
        let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
        let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().expect("id")).collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(ids, unique, "rules are listed once, in code order");

        let seen: std::collections::BTreeSet<&str> =
            fixture().diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(ids, seen.into_iter().collect::<Vec<_>>());

        for result in log["runs"][0]["results"].as_array().expect("results") {
            let index = usize::try_from(result["ruleIndex"].as_u64().expect("ruleIndex"))
                .expect("small index");
            assert_eq!(rules[index]["id"], result["ruleId"]);
        }
    }

    #[test]
    fn documented_rules_carry_help_markdown() {
        let log = log();
        let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
        let unknown_key = rules.iter().find(|r| r["id"] == "SCH102").expect("SCH102");
        assert_eq!(unknown_key["name"], "unknown-key");
        assert!(unknown_key["help"]["markdown"].as_str().unwrap().contains("## What it does"));
        assert_eq!(unknown_key["defaultConfiguration"]["level"], "error");
    }

    #[test]
    fn uris_are_escaped_and_relative() {
        assert_eq!(uri(Path::new("./rules/a b/100%,x:y.yaml")), "rules/a%20b/100%25%2Cx%3Ay.yaml");
        assert_eq!(uri(Path::new("rules/détection.yaml")), "rules/d%C3%A9tection.yaml");
    }

    #[cfg(unix)]
    #[test]
    fn absolute_paths_become_file_uris() {
        assert_eq!(uri(Path::new("/tmp/a b.yaml")), "file:///tmp/a%20b.yaml");
    }
}
