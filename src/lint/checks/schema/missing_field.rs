//! SCH101: a field the schema requires is missing.

use super::violation::{Cx, Violation};
use crate::declare_lint;
use crate::model::RuleKind;

declare_lint! {
    /// A field the rule's kind requires is missing
    ///
    /// ## What it does
    /// Checks that every field the schema of the rule's kind requires is present: for a
    /// Scheduled rule `id`, `name`, `description`, `severity`, `requiredDataConnectors`,
    /// `queryFrequency`, `queryPeriod`, `triggerOperator`, `triggerThreshold` and `query`; for an
    /// NRT rule `id`, `name`, `description`, `severity`, `query` and `kind`; for a hunting query
    /// `id`, `name` and `query`. Nested objects have their own required fields, such as
    /// `dataTypes` in each `requiredDataConnectors` entry.
    ///
    /// ## Why is this bad?
    /// Sentinel refuses the rule, or, worse, a converter fills the gap: a missing `id` has produced
    /// ARM resource names with an empty segment (Azure/Azure-Sentinel issue #6621).
    ///
    /// ## Example
    /// ```yaml
    /// name: Console sign-in without MFA
    /// query: AWSCloudTrail | where EventName == "ConsoleLogin"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// id: 5b7ad6c4-6c3c-4f4a-9a43-42c2bb7f3d1e
    /// name: Console sign-in without MFA
    /// query: AWSCloudTrail | where EventName == "ConsoleLogin"
    /// ```
    pub(crate) static MISSING_FIELD = ("SCH101", "missing-field", Error);
}

/// Fields a Scheduled rule needs and an NRT rule must not have: when they are all that is
/// missing, the rule may be an NRT rule without `kind: NRT`.
const SCHEDULE_FIELDS: &[&str] =
    &["queryFrequency", "queryPeriod", "triggerOperator", "triggerThreshold"];

/// The violation for `field` missing from the mapping at `pointer`.
pub(super) fn violation(cx: &Cx<'_>, pointer: &str, field: &str, kind: RuleKind) -> Violation {
    let message = if pointer.is_empty() {
        format!("Missing required field `{field}`")
    } else {
        format!("Missing required field `{field}` in {}", cx.field(pointer))
    };
    Violation::new(&MISSING_FIELD, "required", pointer, message)
        .at_missing(field)
        .with_help(Some(help(pointer, field, kind)))
}

fn help(pointer: &str, field: &str, kind: RuleKind) -> String {
    if !pointer.is_empty() {
        return format!("Add `{field}:`");
    }
    match field {
        "id" => "Add `id:` with a new GUID (for example from `uuidgen`) and never change it \
                 afterwards"
            .to_owned(),
        "kind" => "Add `kind: NRT`".to_owned(),
        "severity" => "Add `severity:` with `Informational`, `Low`, `Medium` or `High`".to_owned(),
        "requiredDataConnectors" => {
            "Add `requiredDataConnectors:` listing each `connectorId` and its `dataTypes` \
             (`[]` when the query only reads built-in tables)"
                .to_owned()
        }
        schedule if kind == RuleKind::Scheduled && SCHEDULE_FIELDS.contains(&schedule) => {
            format!("Add `{schedule}:`, or add `kind: NRT` if this is a near-real-time rule")
        }
        other => format!("Add `{other}:`"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::lint::checks::schema::tests::{findings_json, only};
    use crate::model::RuleKind;

    #[test]
    fn reports_each_missing_top_level_field() {
        let rule = json!({"name": "n", "description": "d", "severity": "Low", "query": "T",
                          "kind": "NRT"});
        let found = findings_json(RuleKind::Nrt, &rule);
        let message = only(&found, "SCH101");
        assert_eq!(message, "Missing required field `id` (schema: nrt-rule.schema.json)");
    }

    #[test]
    fn scheduled_rules_need_their_schedule() {
        let rule = json!({"id": "5b7ad6c4-6c3c-4f4a-9a43-42c2bb7f3d1e", "name": "n",
                          "description": "d", "severity": "Low", "query": "T",
                          "requiredDataConnectors": []});
        let found = findings_json(RuleKind::Scheduled, &rule);
        let missing: Vec<_> = found.iter().filter(|f| f.code == "SCH101").collect();
        assert_eq!(missing.len(), 4, "{found:#?}");
        assert!(missing.iter().all(|f| f.help.contains("kind: NRT")));
    }

    #[test]
    fn nested_fields_name_their_parent() {
        let rule = json!({"id": "5b7ad6c4-6c3c-4f4a-9a43-42c2bb7f3d1e", "name": "n",
                          "query": "T", "requiredDataConnectors": [{"connectorId": "AWS"}]});
        let found = findings_json(RuleKind::Hunting, &rule);
        let message = only(&found, "SCH101");
        assert!(
            message
                .starts_with("Missing required field `dataTypes` in `requiredDataConnectors[0]`")
        );
    }
}
