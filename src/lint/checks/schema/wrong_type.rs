//! SCH103: a value of the wrong type (a list where a string belongs, an empty value, ...).

use serde_json::Value as Json;

use super::violation::{Cx, Violation, or_list, shown, type_of, yaml_type};
use crate::declare_lint;

declare_lint! {
    /// A value has the wrong type
    ///
    /// ## What it does
    /// Checks the YAML type of each known field: strings, integers, booleans, lists and
    /// mappings where the schema expects them. An empty value (`aggregationKind:` with nothing
    /// after it) is YAML `null` and is reported here too.
    ///
    /// Some looser forms are accepted and left to dedicated checks, which report them as
    /// warnings: a single tactic or technique instead of a list, an empty `tactics:` or
    /// `relevantTechniques:`, and a quoted `triggerThreshold`.
    ///
    /// ## Why is this bad?
    /// Loose converters pass the value through as it is and the deploy fails, or they coerce it
    /// silently; a `null` is sent as `null`.
    ///
    /// ## Example
    /// ```yaml
    /// suppressionEnabled: "yes"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// suppressionEnabled: true
    /// ```
    pub(crate) static WRONG_TYPE = ("SCH103", "wrong-type", Error);
}

/// The violation for the value at `pointer`, which should have one of the `expected` JSON
/// Schema types.
pub(super) fn violation(cx: &Cx<'_>, pointer: &str, expected: &[String]) -> Violation {
    let found = cx.value(pointer).unwrap_or(&Json::Null);
    let wanted = wanted(expected);
    let message = message(cx, pointer, &wanted, found);
    // An empty value is its own keyword so checks that treat "no value" as "empty" can own it.
    let keyword = if found.is_null() { "null" } else { "type" };
    Violation::new(&WRONG_TYPE, keyword, pointer, message).with_help(help(&wanted, found))
}

/// The expected YAML types, without `null` when something else is possible: null is only
/// accepted as a lenient form and is never what a user should write.
fn wanted(expected: &[String]) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for name in expected.iter().map(|t| yaml_type(t)) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    if names.len() > 1 {
        names.retain(|name| *name != "null");
    }
    // An integer is also a number; naming both reads oddly.
    if names.contains(&"integer") {
        names.retain(|name| *name != "number");
    }
    names
}

fn message(cx: &Cx<'_>, pointer: &str, wanted: &[&str], found: &Json) -> String {
    let expected = or_list(&wanted.iter().map(|w| article(w)).collect::<Vec<_>>());
    if pointer.is_empty() {
        return format!("The file must be a mapping of fields, found {}", type_of(found));
    }
    let field = cx.field(pointer);
    if found.is_null() {
        return format!("{field} has no value; expected {expected}");
    }
    format!("{field} must be {expected}, found {} `{}`", type_of(found), cx.shown(pointer))
}

fn article(name: &str) -> String {
    match name {
        "integer" => "an integer".to_owned(),
        "list" => "a list".to_owned(),
        "mapping" => "a mapping".to_owned(),
        "null" => "nothing".to_owned(),
        other => format!("a {other}"),
    }
}

fn help(wanted: &[&str], found: &Json) -> Option<String> {
    match (wanted, found) {
        (["string"], Json::Number(_) | Json::Bool(_)) => {
            Some(format!("Quote the value: `\"{}\"`", shown(found)))
        }
        (["boolean"], Json::String(text)) if matches!(text.as_str(), "true" | "false") => {
            Some(format!("Write `{text}` without quotes"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::lint::checks::schema::tests::{findings, findings_json, only};
    use crate::model::RuleKind;

    fn hunting(extra: serde_json::Value) -> serde_json::Value {
        let mut rule = json!({"id": "5b7ad6c4-6c3c-4f4a-9a43-42c2bb7f3d1e", "name": "n",
                              "query": "T"});
        if let (Some(rule), Some(extra)) = (rule.as_object_mut(), extra.as_object()) {
            rule.extend(extra.clone());
        }
        rule
    }

    #[test]
    fn wrong_scalar_type() {
        let found = findings_json(RuleKind::Hunting, &hunting(json!({"name": ["a", "b"]})));
        assert_eq!(
            only(&found, "SCH103"),
            "`name` must be a string, found list `[\"a\",\"b\"]` (schema: hunting-query.schema.json)"
        );
    }

    #[test]
    fn lenient_union_lists_the_real_choices() {
        let found = findings_json(RuleKind::Hunting, &hunting(json!({"tactics": 5})));
        let message = only(&found, "SCH103");
        assert!(message.starts_with("`tactics` must be a list or a string, found integer `5`"));
    }

    #[test]
    fn empty_value_points_at_its_key() {
        let yaml = "id: 5b7ad6c4-6c3c-4f4a-9a43-42c2bb7f3d1e\nname: n\nquery: T\n\
                    metadata:\n  source:\n";
        let found = findings(RuleKind::Hunting, yaml);
        assert_eq!(
            only(&found, "SCH103"),
            "`metadata.source` has no value; expected a mapping (schema: hunting-query.schema.json)"
        );
        assert_eq!(found[0].text, "source");
    }

    #[test]
    fn file_that_is_not_a_mapping() {
        let found = findings(RuleKind::Hunting, "- a\n- b\n");
        assert!(
            only(&found, "SCH103").starts_with("The file must be a mapping of fields, found list")
        );
    }

    #[test]
    fn lenient_forms_are_not_type_errors() {
        let rule = hunting(json!({"tactics": "CommandAndControl", "relevantTechniques": null,
                                  "entityMappings": null, "customDetails": {}}));
        assert!(findings_json(RuleKind::Hunting, &rule).is_empty());
    }
}
