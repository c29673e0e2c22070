//! SCH102: a key the schema does not know.

use serde_json::Value as Json;

use super::compiled;
use super::suggest::did_you_mean;
use super::violation::{Cx, Violation};
use crate::declare_lint;
use crate::model::ANALYTIC_ONLY_FIELDS;

declare_lint! {
    /// A key the schema of the rule's kind does not know
    ///
    /// ## What it does
    /// Reports keys that are not part of the Sentinel rule format, at the top level and inside
    /// objects whose shape is fixed (`requiredDataConnectors` entries, `entityMappings`,
    /// `alertDetailsOverride`, `incidentConfiguration`, ...). When the key looks like a known one
    /// (a typo, a different case, a name used by other tools) the fix is suggested.
    ///
    /// ## Why is this bad?
    /// Unknown keys are how data gets lost: the Azure-Sentinel validator and the deploy path
    /// ignore them, so a misspelt `requiredTechniques` ships a rule with no techniques and nobody
    /// notices until coverage reports come out empty (Azure/Azure-Sentinel PR #11887).
    ///
    /// ## Example
    /// ```yaml
    /// requiredTechniques:
    ///   - T1219
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// relevantTechniques:
    ///   - T1219
    /// ```
    pub(crate) static UNKNOWN_KEY = ("SCH102", "unknown-key", Error);
}

/// The violation for `key`, unknown in the mapping at `pointer`.
pub(super) fn violation(cx: &Cx<'_>, pointer: &str, key: &str) -> Violation {
    let allowed = allowed_keys(&cx.schema.document, pointer);
    let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
    let message = if pointer.is_empty() {
        format!("Unknown key `{key}`")
    } else {
        format!("Unknown key `{key}` in {}", cx.field(pointer))
    };
    let suggestion = did_you_mean(key, &allowed);
    let mut violation = Violation::new(&UNKNOWN_KEY, "additionalProperties", pointer, message)
        .at_key(key)
        .with_help(Some(help(pointer, key, suggestion, &allowed)));
    violation.suggestion = suggestion.map(str::to_owned);
    // A rename is a fix only if the mapping does not hold the suggested key already.
    let taken = |key: &str| {
        let mapping = cx.value(pointer).and_then(|v| v.as_object());
        mapping.is_some_and(|m| m.contains_key(key))
    };
    violation.replacement = suggestion.filter(|s| !taken(s)).map(str::to_owned);
    violation
}

/// Keys only analytic rules have; in a hunting query they usually mean the kind was missed.
fn is_analytic_key(key: &str) -> bool {
    ANALYTIC_ONLY_FIELDS.contains(&key) || matches!(key, "kind" | "enabled")
}

fn help(pointer: &str, key: &str, suggestion: Option<&str>, allowed: &[&str]) -> String {
    if let Some(suggestion) = suggestion {
        return format!("Did you mean `{suggestion}`?");
    }
    if pointer.is_empty() && is_analytic_key(key) {
        return "This file is linted as a hunting query; add `kind: Scheduled` or `kind: NRT` if \
                it is an analytic rule"
            .to_owned();
    }
    if pointer.is_empty() || allowed.is_empty() {
        return "Remove it or fix its name: unknown keys are dropped on deploy".to_owned();
    }
    let listed: Vec<String> = allowed.iter().map(|k| format!("`{k}`")).collect();
    format!("Allowed keys here: {}", listed.join(", "))
}

/// The property names the schema declares for the object at instance `pointer`.
pub(super) fn allowed_keys(schema: &Json, pointer: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for node in compiled::subschemas(schema, pointer) {
        if let Some(properties) = node.get("properties").and_then(Json::as_object) {
            keys.extend(
                properties.keys().filter(|k| !keys.contains(k)).cloned().collect::<Vec<_>>(),
            );
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::allowed_keys;
    use crate::lint::checks::schema::compiled::{SCHEDULED, parse};
    use crate::lint::checks::schema::tests::{findings, findings_json, only};
    use crate::model::RuleKind;

    #[test]
    fn allowed_keys_follow_refs_and_lists() {
        let schema = parse(&SCHEDULED).unwrap_or_default();
        assert!(allowed_keys(&schema, "").contains(&"relevantTechniques".to_owned()));
        assert_eq!(
            allowed_keys(&schema, "/requiredDataConnectors/0"),
            ["connectorId", "dataTypes"]
        );
        let grouping = allowed_keys(&schema, "/incidentConfiguration/groupingConfiguration");
        assert!(grouping.contains(&"matchingMethod".to_owned()));
    }

    #[test]
    fn a_rename_is_a_fix_unless_the_mapping_has_the_key_already() {
        let yaml = "id: 5b7ad6c4-6c3c-4f4a-9a43-42c2bb7f3d1e\nname: n\nquery: T\n";
        let found = findings(RuleKind::Hunting, &format!("{yaml}requiredTechniques: [T1219]\n"));
        assert_eq!(found[0].text, "requiredTechniques");
        assert_eq!(found[0].fix.as_deref(), Some("relevantTechniques"));
        let both = format!("{yaml}relevantTechniques: [T1219]\nrequiredTechniques: [T1219]\n");
        let found = findings(RuleKind::Hunting, &both);
        assert_eq!(found[0].help, "Did you mean `relevantTechniques`?");
        assert_eq!(found[0].fix, None, "renaming would duplicate the key");
    }

    #[test]
    fn top_level_typo_gets_a_suggestion() {
        let rule = json!({"id": "5b7ad6c4-6c3c-4f4a-9a43-42c2bb7f3d1e", "name": "n",
                          "query": "T", "requiredTechniques": ["T1219"]});
        let found = findings_json(RuleKind::Hunting, &rule);
        assert_eq!(
            only(&found, "SCH102"),
            "Unknown key `requiredTechniques` (schema: hunting-query.schema.json)"
        );
        assert_eq!(found[0].help, "Did you mean `relevantTechniques`?");
        assert_eq!(found[0].text, "\"requiredTechniques\"");
    }

    #[test]
    fn nested_unknown_keys_are_reported_where_they_are() {
        let yaml = "id: 5b7ad6c4-6c3c-4f4a-9a43-42c2bb7f3d1e\nname: n\nquery: T\n\
                    requiredDataConnectors:\n  - connectorId: AWS\n    dataTypes: [AWSCloudTrail]\n    \
                    datatype: x\n";
        let found = findings(RuleKind::Hunting, yaml);
        assert_eq!(
            only(&found, "SCH102"),
            "Unknown key `datatype` in `requiredDataConnectors[0]` (schema: hunting-query.schema.json)"
        );
        assert_eq!(found[0].help, "Did you mean `dataTypes`?");
        assert_eq!(found[0].text, "datatype");
    }

    #[test]
    fn analytic_keys_in_a_hunting_query_hint_at_the_kind() {
        let rule = json!({"id": "5b7ad6c4-6c3c-4f4a-9a43-42c2bb7f3d1e", "name": "n",
                          "query": "T", "queryFrequency": "1h"});
        let found = findings_json(RuleKind::Hunting, &rule);
        only(&found, "SCH102");
        assert!(found[0].help.contains("kind: Scheduled"), "{}", found[0].help);
    }

    #[test]
    fn a_misnamed_required_field_is_one_finding() {
        let rule = json!({"Id": "5b7ad6c4-6c3c-4f4a-9a43-42c2bb7f3d1e", "name": "n", "query": "T"});
        let found = findings_json(RuleKind::Hunting, &rule);
        assert!(only(&found, "SCH102").starts_with("Unknown key `Id`"));
        assert_eq!(found[0].help, "Did you mean `id`?");
    }

    #[test]
    fn stranger_keys_get_plain_advice() {
        let rule = json!({"id": "5b7ad6c4-6c3c-4f4a-9a43-42c2bb7f3d1e", "name": "n",
                          "query": "T", "playbookName": "x"});
        let found = findings_json(RuleKind::Hunting, &rule);
        only(&found, "SCH102");
        assert!(found[0].help.starts_with("Remove it"), "{}", found[0].help);
    }
}
