//! Structural checks (`SCH1xx`): the rule file against the JSON Schema of its kind.
//!
//! The schemas under `schemas/` are the single source of the structural rules (required
//! fields, types, enums, formats, lengths, unknown keys); editors read the same files through
//! yaml-language-server. This module validates the YAML tree (as JSON) against the schema of
//! the detected kind and turns each error into a diagnostic at the YAML position of the
//! offending node, worded for rule authors and naming the schema applied.
//!
//! It does not judge meaning: durations' ranges and their relations, ATT&CK consistency,
//! connector ids and entity identifiers belong to their own check families. A few limits
//! are written in the schemas (so editors show them) but reported by those families with
//! more context; [`DELEGATED`] lists them so no problem is reported twice.

mod compiled;
mod convert;
mod invalid_format;
mod location;
mod missing_field;
mod out_of_range;
mod suggest;
mod unknown_key;
mod value_not_allowed;
mod violation;
mod wrong_type;

#[cfg(test)]
mod tests;

use crate::lint::registry::Lint;
use crate::lint::{LintContext, RuleDocument};
use crate::source::TextRange;

pub(crate) use invalid_format::INVALID_FORMAT;
pub(crate) use missing_field::MISSING_FIELD;
pub(crate) use out_of_range::OUT_OF_RANGE;
pub(crate) use unknown_key::UNKNOWN_KEY;
pub(crate) use value_not_allowed::VALUE_NOT_ALLOWED;
pub(crate) use wrong_type::WRONG_TYPE;

use violation::{Anchor, Cx, Violation};

pub const LINTS: &[&Lint] = &[
    &MISSING_FIELD,
    &UNKNOWN_KEY,
    &WRONG_TYPE,
    &VALUE_NOT_ALLOWED,
    &INVALID_FORMAT,
    &OUT_OF_RANGE,
];

/// Schema constraints another check family reports, with more context than a schema error
/// can carry: (instance pointer, `*` standing for any one segment; schema keywords, `*` for
/// all; the family that reports it). The constraints stay in the schemas so editors show them.
#[rustfmt::skip]
const DELEGATED: &[(&str, &[&str], &str)] = &[
    // ATT&CK checks: tactic spellings (with ATT&CK display names and ids) and technique ids
    // (including several ids in one string).
    ("/tactics", &["enum"], "ATT"),
    ("/tactics/*", &["enum"], "ATT"),
    ("/relevantTechniques", &["pattern"], "ATT"),
    ("/relevantTechniques/*", &["pattern"], "ATT"),
    // Schedule checks: a quoted threshold that is not a number from 0 to 10000.
    ("/triggerThreshold", &["pattern"], "SCD"),
    // Connector checks: an empty `dataTypes` list.
    ("/requiredDataConnectors/*/dataTypes", &["minItems"], "CON"),
    // Entity checks: entity types, counts, column names, custom details.
    ("/entityMappings", &["maxItems"], "ENT"),
    ("/entityMappings/*/entityType", &["enum"], "ENT"),
    ("/entityMappings/*/fieldMappings", &["minItems", "maxItems"], "ENT"),
    ("/entityMappings/*/fieldMappings/*/columnName", &["pattern", "maxLength", "null"], "ENT"),
    ("/customDetails", &["maxProperties", "propertyNames"], "ENT"),
    ("/customDetails/*", &["*"], "ENT"),
    ("/alertDetailsOverride/alertDisplayNameFormat", &["minLength", "maxLength", "null"], "ENT"),
    ("/alertDetailsOverride/alertDescriptionFormat", &["minLength", "maxLength", "null"], "ENT"),
    ("/alertDetailsOverride/alertDynamicProperties/*/alertProperty", &["enum"], "ENT"),
    ("/alertDetailsOverride/alertDynamicProperties/*/value", &["minLength", "null"], "ENT"),
    ("/incidentConfiguration/groupingConfiguration/lookbackDuration", &["pattern"], "ENT"),
    ("/incidentConfiguration/groupingConfiguration/groupByEntities/*", &["enum"], "ENT"),
];

/// Validates one rule document against the schema of its kind.
pub fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    let schema = compiled::schema_for(doc.kind);
    let json = doc.root.to_json();
    let cx = Cx { root: doc.root, json: &json, schema, text: doc.source.text() };

    let mut violations = Vec::new();
    for error in schema.validator.iter_errors(&json) {
        convert::convert(&cx, doc.kind, &error, &mut violations);
    }
    violations.retain(|v| !is_delegated(v));
    drop_explained_missing_fields(&mut violations);
    dedupe(&mut violations);

    let mut placed: Vec<(TextRange, Violation)> =
        violations.into_iter().map(|v| (range_of(&cx, &v), v)).collect();
    placed.sort_by_key(|(range, _)| range.start());
    for (range, violation) in placed {
        let message = format!("{} (schema: {})", violation.message, schema.name);
        let diagnostic = ctx.report(violation.lint, range, message);
        if let Some(help) = violation.help {
            diagnostic.set_help(help);
        }
        if let Some(replacement) = violation.replacement {
            diagnostic.set_fix(range, replacement);
        }
    }
}

fn is_delegated(violation: &Violation) -> bool {
    DELEGATED.iter().any(|(pattern, keywords, _)| {
        keywords.iter().any(|k| *k == "*" || *k == violation.keyword)
            && pointer_matches(pattern, &violation.pointer)
    })
}

/// Whether `pointer` matches `pattern`, where a `*` segment stands for any one segment.
fn pointer_matches(pattern: &str, pointer: &str) -> bool {
    let pattern: Vec<&str> = pattern.split('/').collect();
    let pointer: Vec<&str> = pointer.split('/').collect();
    pattern.len() == pointer.len()
        && pattern.iter().zip(&pointer).all(|(want, have)| want == have || *want == "*")
}

/// Drops "missing `id`" when the same mapping has an unknown key that stands for it (`Id`):
/// the unknown-key finding already says what to rename, and one problem gets one finding.
fn drop_explained_missing_fields(violations: &mut Vec<Violation>) {
    let renames: Vec<(String, String)> = violations
        .iter()
        .filter_map(|v| Some((v.pointer.clone(), v.suggestion.clone()?)))
        .collect();
    violations.retain(|v| match &v.anchor {
        Anchor::MissingIn(field) => !renames.iter().any(|(p, s)| *p == v.pointer && s == field),
        _ => true,
    });
}

/// Drops repeats: the same problem reached through two schema paths.
fn dedupe(violations: &mut Vec<Violation>) {
    let mut seen = Vec::new();
    violations.retain(|v| {
        let identity = (v.lint.code, v.pointer.clone(), v.anchor.clone(), v.message.clone());
        if seen.contains(&identity) {
            return false;
        }
        seen.push(identity);
        true
    });
}

fn range_of(cx: &Cx<'_>, violation: &Violation) -> TextRange {
    match &violation.anchor {
        Anchor::Value => location::value_range(cx.root, &violation.pointer),
        Anchor::Key(key) => location::key_range(cx.root, &violation.pointer, key),
        Anchor::MissingIn(_) => location::missing_range(cx.root, &violation.pointer),
    }
}
