//! Helpers for the schema check tests, and the tests that look at the schemas as a whole.

use serde_json::{Value as Json, json};

use crate::diagnostics::Diagnostic;
use crate::model::RuleKind;
use crate::source::{SourceDb, SourceFile, TextRange};
use crate::yaml;

/// A finding as tests look at it.
#[derive(Debug)]
pub(super) struct Found {
    pub(super) code: &'static str,
    pub(super) message: String,
    /// Empty when there is none.
    pub(super) help: String,
    pub(super) range: TextRange,
    /// The text the finding points at.
    pub(super) text: String,
    /// What `--fix` would put in place of `text`, if anything.
    pub(super) fix: Option<String>,
}

/// Runs the schema check for `kind` over `text`; the YAML must load.
pub(super) fn findings(kind: RuleKind, text: &str) -> Vec<Found> {
    let mut db = SourceDb::new();
    let id = db.add(SourceFile::new("rule.yaml", text));
    let source = db.get(id);
    let parsed = yaml::parse(source.text());
    let Some(root) = parsed.root else {
        panic!("test YAML does not load: {:?}", parsed.errors);
    };
    let found_here = crate::lint::testing::run_check(source, id, &root, kind, super::check);
    found_here.into_iter().map(|d| found(source, d)).collect()
}

fn found(source: &SourceFile, diagnostic: Diagnostic) -> Found {
    Found {
        code: diagnostic.code,
        text: source.slice(diagnostic.range).to_owned(),
        message: diagnostic.message,
        help: diagnostic.help.unwrap_or_default(),
        range: diagnostic.range,
        fix: diagnostic.fix.filter(|f| f.range == diagnostic.range).map(|f| f.replacement),
    }
}

/// Runs the schema check over a rule given as JSON (JSON text is also YAML).
pub(super) fn findings_json(kind: RuleKind, rule: &Json) -> Vec<Found> {
    findings(kind, &rule.to_string())
}

/// The message of the one finding in `found`, which must have `code`.
pub(super) fn only(found: &[Found], code: &str) -> String {
    assert_eq!(found.len(), 1, "expected exactly one {code} finding: {found:#?}");
    assert_eq!(found[0].code, code, "{found:#?}");
    found[0].message.clone()
}

/// A valid NRT rule to break one field at a time.
pub(super) fn nrt_rule() -> Json {
    json!({
        "id": "5b7ad6c4-6c3c-4f4a-9a43-42c2bb7f3d1e",
        "name": "Rule",
        "description": "Finds things.",
        "severity": "Medium",
        "requiredDataConnectors": [{"connectorId": "AWS", "dataTypes": ["AWSCloudTrail"]}],
        "tactics": ["InitialAccess"],
        "relevantTechniques": ["T1078"],
        "query": "AWSCloudTrail",
        "version": "1.0.0",
        "kind": "NRT"
    })
}

/// A valid Scheduled rule to break one field at a time.
pub(super) fn scheduled_rule() -> Json {
    let mut rule = nrt_rule();
    for (key, value) in [
        ("kind", json!("Scheduled")),
        ("queryFrequency", json!("1h")),
        ("queryPeriod", json!("1h")),
        ("triggerOperator", json!("gt")),
        ("triggerThreshold", json!(0)),
    ] {
        rule[key] = value;
    }
    rule
}

#[test]
fn valid_rules_have_no_findings() {
    assert!(findings_json(RuleKind::Nrt, &nrt_rule()).is_empty());
    assert!(findings_json(RuleKind::Scheduled, &scheduled_rule()).is_empty());
}

/// A kind in the wrong case is checked against the schema of the kind it names, so the case
/// is the only finding (with its fix), not the schedule fields an NRT rule does not have.
#[test]
fn a_kind_in_the_wrong_case_picks_its_schema() {
    for (rule, written, right) in
        [(nrt_rule(), "nrt", "NRT"), (scheduled_rule(), "scheduled", "Scheduled")]
    {
        let mut rule = rule;
        rule["kind"] = json!(written);
        let text = rule.to_string();
        let root = yaml::parse(&text).root.expect("loads");
        let settings = crate::model::KindSettings::default();
        let kind = crate::model::detect_kind(std::path::Path::new("rule.yaml"), &root, &settings);
        let found = findings(kind, &text);
        assert_eq!(codes(&found), ["SCH104"], "{written}: {found:#?}");
        assert_eq!(found[0].fix.as_deref(), Some(right), "{found:#?}");
    }
}

/// Runs the schema check over a fixture file, with the kind detected as the linter does.
fn lint_fixture(relative: &str) -> Vec<Found> {
    lint_file(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(relative),
    )
}

fn lint_file(path: &std::path::Path) -> Vec<Found> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let parsed = yaml::parse(text.trim_start_matches('\u{feff}'));
    let Some(root) = parsed.root else {
        panic!("{} does not load: {:?}", path.display(), parsed.errors)
    };
    let kind = crate::model::detect_kind(path, &root, &crate::model::KindSettings::default());
    findings(kind, &text)
}

fn codes(found: &[Found]) -> Vec<&'static str> {
    found.iter().map(|f| f.code).collect()
}

mod schemas {
    use super::*;
    use crate::lint::checks::schema::compiled::{self, ALL, SCHEMA_BASE_URI};
    use crate::lint::checks::schema::invalid_format::FORMATS;

    fn documents() -> Vec<(&'static str, Json)> {
        ALL.iter()
            .map(|file| (file.name, compiled::parse(file).unwrap_or_else(|e| panic!("{e}"))))
            .collect()
    }

    /// Every object of a schema document, depth first.
    fn walk<'a>(node: &'a Json, out: &mut Vec<&'a Json>) {
        match node {
            Json::Object(map) => {
                out.push(node);
                map.values().for_each(|child| walk(child, out));
            }
            Json::Array(items) => items.iter().for_each(|child| walk(child, out)),
            _ => {}
        }
    }

    #[test]
    fn are_valid_draft_2020_12_schemas() {
        for (name, document) in documents() {
            assert_eq!(
                document["$schema"], "https://json-schema.org/draft/2020-12/schema",
                "{name}"
            );
            if let Err(error) = jsonschema::meta::validate(&document) {
                panic!("{name} is not a valid schema: {error}");
            }
            assert!(compiled::build(&document).is_ok(), "{name} does not compile");
        }
    }

    #[test]
    fn carry_id_title_and_description() {
        for (name, document) in documents() {
            assert_eq!(document["$id"], format!("{SCHEMA_BASE_URI}{name}"));
            assert!(document["title"].is_string() && document["description"].is_string(), "{name}");
        }
    }

    #[test]
    fn name_the_files_the_kinds_use() {
        let names: Vec<&str> = ALL.iter().map(|file| file.name).collect();
        for kind in [RuleKind::Scheduled, RuleKind::Nrt, RuleKind::Hunting] {
            assert!(names.contains(&kind.schema_file()), "{kind}");
            assert_eq!(compiled::schema_for(kind).name, kind.schema_file());
        }
    }

    /// Editors show `description` as hover text, so every property has one.
    #[test]
    fn describe_every_property() {
        for (name, document) in documents() {
            let mut objects = Vec::new();
            walk(&document, &mut objects);
            let properties = objects.iter().filter_map(|o| o.get("properties")?.as_object());
            for (key, schema) in properties.flatten() {
                assert!(schema.get("description").is_some(), "{name}: `{key}` has no description");
            }
        }
    }

    /// Definitions are repeated in each file so every file stands alone; they must not drift.
    #[test]
    fn share_identical_definitions() {
        let documents = documents();
        for (name, document) in &documents {
            for (other_name, other) in &documents {
                let (Some(defs), Some(other_defs)) =
                    (document["$defs"].as_object(), other["$defs"].as_object())
                else {
                    panic!("{name} or {other_name} has no $defs");
                };
                for (key, definition) in defs {
                    if let Some(other_definition) = other_defs.get(key) {
                        assert_eq!(
                            definition, other_definition,
                            "$defs/{key}: {name} vs {other_name}"
                        );
                    }
                }
            }
        }
    }

    /// Every local `$ref` resolves, so a schema read alone needs nothing else.
    #[test]
    fn resolve_every_reference_locally() {
        for (name, document) in documents() {
            let mut objects = Vec::new();
            walk(&document, &mut objects);
            for target in objects.iter().filter_map(|o| o.get("$ref")?.as_str()) {
                let pointer =
                    target.strip_prefix('#').unwrap_or_else(|| panic!("{name}: {target}"));
                assert!(document.pointer(pointer).is_some(), "{name}: {target} is dangling");
            }
        }
    }

    /// SCH105 words each pattern for authors; a new pattern needs its wording.
    #[test]
    fn word_every_pattern() {
        for (name, document) in documents() {
            let mut objects = Vec::new();
            walk(&document, &mut objects);
            for pattern in objects.iter().filter_map(|o| o.get("pattern")?.as_str()) {
                assert!(
                    FORMATS.iter().any(|format| format.pattern == pattern),
                    "{name}: pattern {pattern} has no entry in invalid_format::FORMATS"
                );
            }
        }
    }

    #[test]
    fn accept_real_rules_of_each_kind() {
        for file in [
            "rmm_Atera_filesig.yaml",
            "NRT_ADFSDomainTrustMods.yaml",
            "ContrastExploits.yaml",
            "LookoutThreatEvent.yaml",
            "AdFind_Usage.yaml",
            "Certutil-LOLBins.yaml",
        ] {
            let found = lint_fixture(&format!("schema/examples/{file}"));
            assert!(found.is_empty(), "{file}: {found:#?}");
        }
    }
}

/// The rules shipped in `rules/` pass their schemas (`sentinelctl lint` exits 0 on them).
#[test]
fn shipped_rules_pass() {
    let rules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(&rules).into_iter().flatten() {
        if entry.path().extension().is_some_and(|e| e == "yaml") {
            seen += 1;
            let found = lint_file(entry.path());
            assert!(found.is_empty(), "{}: {found:#?}", entry.path().display());
        }
    }
    assert!(seen >= 2, "expected the shipped rules under {}", rules.display());
}

/// The cases from public bug reports whose schema part this module owns.
mod cases {
    use super::*;

    /// See: Azure/Azure-Sentinel PR #11887 and PR #13346.
    #[test]
    fn case_014_misspelt_techniques_key() {
        let found = lint_fixture("cases/014-unknown-key-requiredtechniques/rule.yaml");
        assert_eq!(codes(&found), ["SCH102"], "{found:#?}");
        assert_eq!(found[0].text, "requiredTechniques");
        assert!(found[0].message.contains("(schema: scheduled-rule.schema.json)"));
        assert_eq!(found[0].help, "Did you mean `relevantTechniques`?");
    }

    /// See: Azure/Azure-Sentinel issue #4929.
    #[test]
    fn case_018_nrt_rules_need_no_schedule() {
        assert!(lint_fixture("cases/018-nrt-no-schedule-fields/rule.yaml").is_empty());
        // The four schedule fields are the schedule checks' warnings (SCD106), not errors here.
        assert!(lint_fixture("cases/018-nrt-no-schedule-fields/rule-extra-fields.yaml").is_empty());
    }

    /// See: Azure/Azure-Sentinel issue #6621.
    #[test]
    fn case_027_missing_or_non_guid_id() {
        let found = lint_fixture("cases/027-missing-or-bad-id/rule-no-id.yaml");
        assert_eq!(codes(&found), ["SCH101"], "{found:#?}");
        assert_eq!(found[0].message, "Missing required field `id` (schema: nrt-rule.schema.json)");
        assert_eq!(found[0].range, TextRange::empty(0));

        let found = lint_fixture("cases/027-missing-or-bad-id/rule-bad-id.yaml");
        assert_eq!(codes(&found), ["SCH105"], "{found:#?}");
        assert_eq!(
            found[0].message,
            "`id` is not a GUID: `aws-console-no-mfa-01` (schema: nrt-rule.schema.json)"
        );
        assert_eq!(found[0].text, "aws-console-no-mfa-01");
    }

    /// See: wortell/AZSentinel issue #134.
    #[test]
    fn case_042_operator_and_threshold() {
        let found = lint_fixture("cases/042-trigger-operator-threshold/rule.yaml");
        assert_eq!(codes(&found), ["SCH104"], "{found:#?}");
        assert_eq!(found[0].text, "\">\"");
        assert!(found[0].message.starts_with(
            "`triggerOperator` must be one of `gt`, `lt`, `eq`, `ne`, `GreaterThan`, `LessThan`, \
             `Equal`, `NotEqual`, found `>`"
        ));
        assert_eq!(found[0].help, "Did you mean `gt`?");
        // The quoted "5" is the schedule checks' warning (SCD107).

        let found = lint_fixture("cases/042-trigger-operator-threshold/rule-range.yaml");
        assert_eq!(codes(&found), ["SCH106"], "{found:#?}");
        assert_eq!(found[0].text, "10001");
        assert_eq!(
            found[0].message,
            "`triggerThreshold` must be between 0 and 10000, found 10001 \
             (schema: scheduled-rule.schema.json)"
        );
    }

    /// The custom detail key and value rules are reported by the entity checks (ENT1xx); the
    /// schema holds them for editors and must not report them a second time.
    #[test]
    fn case_011_custom_details_are_left_to_the_entity_checks() {
        assert!(lint_fixture("cases/011-customdetails-key-rules/rule.yaml").is_empty());
    }

    /// `relevantTechniques:` with no value loads and is the ATT&CK checks' warning.
    #[test]
    fn case_017_empty_techniques_is_not_a_schema_error() {
        assert!(lint_fixture("cases/017-techniques-null/rule.yaml").is_empty());
    }
}
